/*
 * rules.c — evaluation of the compliance rules against the filing
 * description and the facts. Each rule_* function implements one
 * obligation of the Measures (article in its comment); the prose a reader
 * sees (titles, remedies, reasons) is in forms/rules.json.
 *
 * Key names follow the filing description schema (man/frfile-filing.5).
 * A few fields are read under an older or shorter alias too, so that a
 * hand-written filing is not misread; the evidence always names the path
 * actually used.
 */
#include "core/rules.h"
#include "core/stored.h"

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/factsdoc.h"
#include "core/filing.h"
#include "core/forms.h"
#include "core/fr.h"

const char *const rules_ids[] = {
	"art2.scope",
	"art4.purpose", "art4.necessity", "art4.least_impact",
	"art5.notice", "art5.accessibility",
	"art6.separate_consent", "art6.withdrawal",
	"art7.guardian_consent", "art7.minor_rules",
	"art8.transmission", "art8.retention", "art4.raw_images",
	"art9.pipia_done", "art9.pipia_current", "art9.records_kept",
	"art10.alternative", "art12.voluntary",
	"art13.prohibited_place", "art13.signage", "art13.public_necessity",
	"art14.encryption", "art14.security_audit", "art14.access_control",
	"art14.authorization_management", "art14.intrusion_detection",
	"art14.intrusion_prevention",
	"art15.filing",
	NULL
};

/* Every reason code; forms/rules.json holds the prose of each. */
const char *const rules_reasons[] = {
	"declared", "missing", "declared_false", "notice_incomplete",
	"not_consent_based", "no_minors", "minors_unknown", "facts_ok",
	"facts_minors", "facts_expired", "facts_contradict", "facts_missing",
	"facts_transmission", "none", "basis_ok", "no_basis",
	"raw_images_kept", "fr_only", "cannot_verify", "one_to_one",
	"one_to_many", "allowed", "prohibited_place", "no_signage",
	"no_collection_area", "not_public", "judgment", "future_date",
	"current", "older_than_change", "older_than_incident", "too_short",
	"no_count", "under_threshold", "filed", "not_filed", "overdue",
	"in_preparation", "planned_late",
	"raw_images_consented", "alternative_undescribed", "real_choice",
	"facts_no_consent", "in_scope", "research_use",
	/* Art. 9: in advance. */
	"in_advance", "after_start", "replaced_in_advance",
	"replaced_after_start", "not_started",
	/* Art. 8: where faces are stored. */
	"on_device", "off_device_law", "off_device_consent", "off_device",
	/* Art. 14: measured facts and named documents. */
	"measured", "measured_defect", "documented", "undocumented",
	"key_beside_store",
	/* Art. 15: late. */
	"filed_late",
	NULL
};

const char *
rules_article_of(const char *id)
{
	static const char *const arts[] = { "2", "4", "5", "6", "7", "8",
	    "9", "10", "11", "12", "13", "14", "15", NULL };
	size_t k, n;

	if (id == NULL || strncmp(id, "art", 3) != 0)
		return NULL;
	for (k = 0; rules_ids[k] != NULL; k++)
		if (strcmp(rules_ids[k], id) == 0)
			break;
	if (rules_ids[k] == NULL)
		return NULL;
	n = strcspn(id + 3, ".");
	for (k = 0; arts[k] != NULL; k++)
		if (strlen(arts[k]) == n && strncmp(arts[k], id + 3, n) == 0)
			return arts[k];
	return NULL;
}

/* The six Art. 14 measures: filing key, facts key, rule id. */
static const struct {
	const char *key;
	const char *fact;
	const char *id;
} art14[] = {
	{ "encryption", "encryption", "art14.encryption" },
	{ "security_audit", "audit_log", "art14.security_audit" },
	{ "access_control", "access_control", "art14.access_control" },
	{ "authorization_management", "authorization_management",
	    "art14.authorization_management" },
	{ "intrusion_detection", "intrusion_detection",
	    "art14.intrusion_detection" },
	{ "intrusion_prevention", "intrusion_prevention",
	    "art14.intrusion_prevention" },
};
#define NART14 (sizeof art14 / sizeof art14[0])

/* Art. 5: what the notice must tell. */
static const char *const notice_items[] = {
	"processor_identity", "purpose", "method", "retention",
	"necessity_impact", "rights_exercise", NULL
};

/* ---- JSON helpers --------------------------------------------------- */

/* Member key of o, or NULL when o is not an object or has no such member. */
static const cJSON *
get(const cJSON *o, const char *key)
{
	if (o == NULL || !cJSON_IsObject(o))
		return NULL;
	return cJSON_GetObjectItemCaseSensitive(o, key);
}

/* The first present key of a NULL-terminated list; *used names it. */
static const cJSON *
getv(const cJSON *o, const char **used, ...)
{
	va_list ap;
	const char *k;
	const cJSON *v = NULL;

	va_start(ap, used);
	while ((k = va_arg(ap, const char *)) != NULL) {
		if ((v = get(o, k)) != NULL && !cJSON_IsNull(v)) {
			if (used != NULL)
				*used = k;
			break;
		}
		v = NULL;
	}
	va_end(ap);
	return v;
}

/*
 * -1 absent or null, 0 false (false, 0, "", "no", "none", empty array
 * or an object whose "enabled" is false), 1 true.
 */
static int
truth(const cJSON *v)
{
	const cJSON *e;

	if (v == NULL || cJSON_IsNull(v))
		return -1;
	if (cJSON_IsBool(v))
		return cJSON_IsTrue(v);
	if (cJSON_IsNumber(v))
		return v->valuedouble != 0;
	if (cJSON_IsString(v)) {
		const char *s = v->valuestring;

		if (*s == '\0')
			return -1;
		return !(strcmp(s, "no") == 0 || strcmp(s, "none") == 0 ||
		    strcmp(s, "false") == 0 || strcmp(s, "off") == 0);
	}
	if (cJSON_IsArray(v))
		return cJSON_GetArraySize(v) > 0 ? 1 : -1;
	if (cJSON_IsObject(v)) {
		if ((e = get(v, "implemented")) != NULL ||
		    (e = get(v, "offered")) != NULL ||
		    (e = get(v, "occurs")) != NULL ||
		    (e = get(v, "used")) != NULL ||
		    (e = get(v, "plan")) != NULL ||
		    (e = get(v, "enabled")) != NULL)
			return truth(e);
		return v->child != NULL ? 1 : -1;
	}
	return -1;
}

/* Non-empty text (or a non-empty array of texts). */
static int
has_text(const cJSON *v)
{
	if (v == NULL)
		return 0;
	if (cJSON_IsString(v)) {
		const char *s = v->valuestring;

		while (*s == ' ' || *s == '\t' || *s == '\n')
			s++;
		return *s != '\0';
	}
	if (cJSON_IsArray(v) || cJSON_IsObject(v))
		return v->child != NULL;
	return 0;
}

/* The text of a JSON string, or NULL for anything else. */
static const char *
str(const cJSON *v)
{
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* Whether v is a string holding a valid date, which goes to *d. */
static int
date_of(const cJSON *v, int *d)
{
	return str(v) != NULL && fr_date_parse(str(v), d) == FR_OK;
}

/* A JSON whole number, or dflt when v is none (or out of range). */
static long long
num(const cJSON *v, long long dflt)
{
	long long n;

	return fr_json_int(v, &n) == FR_OK ? n : dflt;
}

/*
 * A value as compact JSON for the evidence, cut short past 120 bytes, or
 * "(missing)" for NULL; caller frees.
 */
static char *
jtext(const cJSON *v)
{
	char *p, *s;

	if (v == NULL)
		return fr_xstrdup("(missing)");
	p = cJSON_PrintUnformatted(v);
	if (p == NULL)
		return fr_xstrdup("?");
	/* Keep evidence short: a whole object is not evidence. */
	if (strlen(p) > 120) {
		size_t n = 117;

		/* Cut on a UTF-8 character boundary. */
		while (n > 0 && ((unsigned char)p[n] & 0xC0) == 0x80)
			n--;
		s = fr_xasprintf("%.*s...", (int)n, p);
		cJSON_free(p);
		return s;
	}
	s = fr_xstrdup(p);
	cJSON_free(p);
	return s;
}

/* ---- results -------------------------------------------------------- */

/*
 * Appends a result of rule id for application app (-1: the processor), with
 * its status and reason code, and returns it for evidence.
 */
static struct rule_result *
add(struct rules_report *r, const char *id, const char *article, int app,
    enum rule_status st, const char *reason)
{
	struct rule_result *x;

	FR_GROW(r->v, r->cap, r->n + 1, 32);
	x = &r->v[r->n++];
	memset(x, 0, sizeof *x);
	x->id = id;
	x->article = article;
	x->app = app;
	x->status = st;
	x->reason = reason;
	x->due = -1;
	return x;
}

static void
ev(struct rule_result *x, const char *source, const cJSON *v,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/*
 * Adds evidence to x: its source, the path (a printf format) and v as JSON
 * text; past RULE_MAX_EVIDENCE items it is dropped.
 */
static void
ev(struct rule_result *x, const char *source, const cJSON *v,
    const char *fmt, ...)
{
	va_list ap;
	struct rule_evidence *e;

	if (x->nev >= RULE_MAX_EVIDENCE)
		return;
	e = &x->ev[x->nev++];
	e->source = fr_xstrdup(source);
	va_start(ap, fmt);
	e->path = fr_xvasprintf(fmt, ap);
	va_end(ap);
	e->value = jtext(v);
}

/*
 * Adds evidence to x whose value is already text; past RULE_MAX_EVIDENCE
 * items it is dropped.
 */
static void
ev_text(struct rule_result *x, const char *source, const char *path,
    const char *value)
{
	struct rule_evidence *e;

	if (x->nev >= RULE_MAX_EVIDENCE)
		return;
	e = &x->ev[x->nev++];
	e->source = fr_xstrdup(source);
	e->path = fr_xstrdup(path);
	e->value = fr_xstrdup(value);
}

/* Changes a result's status and reason code. */
static void
set(struct rule_result *x, enum rule_status st, const char *reason)
{
	x->status = st;
	x->reason = reason;
}

/* The sentence for a reader; takes both strings (zh, en). */
static void
say(struct rule_result *x, char *zh, char *en)
{
	free(x->say[0]);
	free(x->say[1]);
	x->say[0] = zh;
	x->say[1] = en;
}

void
rules_report_release(struct rules_report *r)
{
	size_t i;
	int k;

	if (r == NULL)
		return;
	for (i = 0; i < r->n; i++) {
		for (k = 0; k < r->v[i].nev; k++) {
			free(r->v[i].ev[k].source);
			free(r->v[i].ev[k].path);
			free(r->v[i].ev[k].value);
		}
		free(r->v[i].say[0]);
		free(r->v[i].say[1]);
	}
	free(r->v);
	free(r->advice);
	memset(r, 0, sizeof *r);
}

const char *
rule_status_name(enum rule_status s)
{
	switch (s) {
	case RULE_PASS:
		return "pass";
	case RULE_FAIL:
		return "fail";
	case RULE_NEEDS_REVIEW:
		return "needs_review";
	case RULE_NOT_APPLICABLE:
		return "not_applicable";
	}
	return "unknown";
}

void
rules_ctx_init(struct rules_ctx *c)
{
	memset(c, 0, sizeof *c);
	c->today = fr_date_today();
	c->reached = -1;
	c->due = -1;
	c->filed_date = -1;
	c->filed_late_days = -1;
	c->filed_on = -1;
	c->ledger_mode = -1;
	c->ledger_owner_ok = 1;
}

/* ---- facts ---------------------------------------------------------- */

int
rules_facts_parse(struct rules_facts_doc *f, const char *name,
    const char *text, size_t len, struct fr_diags *d)
{
	int rc;

	memset(f, 0, sizeof *f);
	if ((rc = fr_factsdoc_parse(text, len, name, d, &f->doc)) != FR_OK)
		return rc;
	f->name = fr_xstrdup(name);
	f->json = f->doc->root;
	return FR_OK;
}

void
rules_facts_release(struct rules_facts_doc *f)
{
	if (f == NULL)
		return;
	fr_factsdoc_free(f->doc);
	free(f->name);
	memset(f, 0, sizeof *f);
}

/* "facts gate-01.json (gate-01)" — where a fact came from. */
static char *
fact_source(const struct rules_facts_doc *f)
{
	const char *dev = str(get(f->json, "device"));

	if (dev != NULL)
		return fr_xasprintf("facts %s (%s)", f->name, dev);
	return fr_xasprintf("facts %s", f->name);
}

/*
 * Adds evidence from facts document f: the value v at path, its source
 * naming the file and the device.
 */
static void
ev_fact(struct rule_result *x, const struct rules_facts_doc *f,
    const char *path, const cJSON *v)
{
	char *src = fact_source(f);

	ev(x, src, v, "%s", path);
	free(src);
}

/* ---- the filing ----------------------------------------------------- */

/* The filing's applications array, or NULL when there is none. */
static const cJSON *
apps(const struct rules_ctx *c)
{
	const cJSON *a = get(c->filing, "applications");

	return cJSON_IsArray(a) ? a : NULL;
}

int
rules_napps(const struct rules_ctx *c)
{
	return apps(c) ? cJSON_GetArraySize(apps(c)) : 0;
}

/* Application i of the filing, or NULL. */
static const cJSON *
app_at(const struct rules_ctx *c, int i)
{
	return apps(c) ? cJSON_GetArrayItem(apps(c), i) : NULL;
}

const char *
rules_app_name(const struct rules_ctx *c, int i)
{
	const cJSON *a = app_at(c, i);
	const char *n;

	if ((n = str(get(a, "name"))) != NULL)
		return n;
	if ((n = str(get(get(a, "name"), "zh"))) != NULL)
		return n;
	return str(get(get(a, "name"), "en"));
}

const char *
rules_app_id(const struct rules_ctx *c, int i)
{
	const cJSON *v = get(app_at(c, i), "id");

	return has_text(v) ? str(v) : NULL;
}

const char *
rules_app_name_en(const struct rules_ctx *c, int i)
{
	const cJSON *v = get(app_at(c, i), "name_en");

	return has_text(v) ? str(v) : NULL;
}

/* Whether the application rests on consent (Art. 6 applies). */
static int
consent_based(const cJSON *a)
{
	const cJSON *b = get(a, "legal_basis");
	const char *s = str(b);

	if (s == NULL)
		s = str(get(b, "type"));
	if (s == NULL)
		return 1;	/* unknown: hold it to the consent rules */
	return strstr(s, "consent") != NULL;
}

/* ---- rules on one application --------------------------------------- */

#define P(...) fr_xasprintf(__VA_ARGS__)

/*
 * Art. 2: research, development and algorithm training are outside the
 * Measures (other personal-information law still applies). An
 * application that says so is flagged for a reviewer, not dropped: the
 * rest of its findings still stand.
 */
static void
rule_art2(struct rules_report *r, const cJSON *a, int i)
{
	/*
	 * Phrases, not single words: "研发" alone also occurs in "研发资料"
	 * (R&D documents) in an access-control purpose.
	 */
	static const char *const words[] = { "算法训练", "模型训练",
	    "仅用于研发", "用于研究开发", "research and development",
	    "algorithm training", "model training", NULL };
	static const char *const keys[] = { "purpose", "scenario_description",
	    "name", NULL };
	struct rule_result *x;
	size_t k, w;
	const char *s;

	x = add(r, "art2.scope", "2", i, RULE_PASS, "in_scope");
	for (k = 0; keys[k] != NULL; k++) {
		if ((s = str(get(a, keys[k]))) == NULL)
			continue;
		for (w = 0; words[w] != NULL; w++)
			if (strstr(s, words[w]) != NULL) {
				set(x, RULE_NEEDS_REVIEW, "research_use");
				ev(x, "filing", get(a, keys[k]),
				    "applications[%d].%s", i, keys[k]);
				return;
			}
	}
	ev(x, "filing", get(a, "scenario"), "applications[%d].scenario", i);
}

/* Art. 4: a specific purpose and sufficient necessity. */
static void
rule_art4(struct rules_report *r, const cJSON *a, int i)
{
	struct rule_result *x;
	const cJSON *v, *m;
	const char *s;

	v = get(a, "purpose");
	x = add(r, "art4.purpose", "4", i,
	    has_text(v) ? RULE_PASS : RULE_FAIL, has_text(v) ? "declared" :
	    "missing");
	ev(x, "filing", v, "applications[%d].purpose", i);

	v = get(a, "necessity");
	x = add(r, "art4.necessity", "4", i,
	    has_text(v) ? RULE_PASS : RULE_FAIL, has_text(v) ? "declared" :
	    "missing");
	ev(x, "filing", v, "applications[%d].necessity", i);

	/*
	 * Least impact: 1:1 verification against a person's own template
	 * affects the fewest; 1:N identification searches everyone and must
	 * be justified, which only a reviewer can weigh.
	 */
	m = get(a, "method");
	s = str(m) ? str(m) : str(get(m, "type"));
	x = add(r, "art4.least_impact", "4", i, RULE_FAIL, "missing");
	ev(x, "filing", m, "applications[%d].method", i);
	if (s != NULL && (strstr(s, "1:1") || strstr(s, "verification")))
		set(x, RULE_PASS, "one_to_one");
	else if (s != NULL && (strstr(s, "1:N") || strstr(s, "identification")))
		set(x, RULE_NEEDS_REVIEW, "one_to_many");
}

/* Art. 5: what the notice tells, and to whom it is accessible. */
static void
rule_art5(struct rules_report *r, const cJSON *a, int i)
{
	struct rule_result *x;
	const cJSON *n = get(a, "notice"), *items, *it, *acc;
	char missing[256];
	size_t k, len = 0;
	int found;

	items = get(n, "items_covered");
	x = add(r, "art5.notice", "5", i, RULE_PASS, "declared");
	missing[0] = '\0';
	for (k = 0; notice_items[k] != NULL; k++) {
		found = 0;
		cJSON_ArrayForEach(it, items)
			if (str(it) && strcmp(str(it), notice_items[k]) == 0)
				found = 1;
		if (!found && len + strlen(notice_items[k]) + 2 < sizeof missing)
			len += (size_t)snprintf(missing + len,
			    sizeof missing - len, "%s%s", len ? "," : "",
			    notice_items[k]);
	}
	if (n == NULL || items == NULL) {
		set(x, RULE_FAIL, "missing");
		ev(x, "filing", items, "applications[%d].notice.items_covered", i);
	} else if (len > 0) {
		set(x, RULE_FAIL, "notice_incomplete");
		ev(x, "filing", items, "applications[%d].notice.items_covered", i);
		ev_text(x, "filing", "missing_items", missing);
	} else
		ev(x, "filing", items, "applications[%d].notice.items_covered", i);

	acc = get(n, "accessible");
	x = add(r, "art5.accessibility", "5", i,
	    truth(acc) == 1 ? RULE_PASS : RULE_FAIL,
	    truth(acc) == 1 ? "declared" : truth(acc) == 0 ? "declared_false" :
	    "missing");
	ev(x, "filing", acc, "applications[%d].notice.accessible", i);
}

/* Art. 6: separate consent and a convenient way to withdraw it. */
static void
rule_art6(struct rules_report *r, const cJSON *a, int i)
{
	struct rule_result *x;
	const cJSON *c = get(a, "consent"), *v;
	int based = consent_based(a);

	v = get(c, "separate");
	x = add(r, "art6.separate_consent", "6", i, RULE_NOT_APPLICABLE,
	    "not_consent_based");
	if (based) {
		if (truth(v) == 1)
			set(x, RULE_PASS, "declared");
		else
			set(x, RULE_FAIL, truth(v) == 0 ? "declared_false" :
			    "missing");
		ev(x, "filing", v, "applications[%d].consent.separate", i);
	} else
		ev(x, "filing", get(a, "legal_basis"),
		    "applications[%d].legal_basis", i);

	v = get(c, "withdrawal_channel");
	x = add(r, "art6.withdrawal", "6", i, RULE_NOT_APPLICABLE,
	    "not_consent_based");
	if (based) {
		if (has_text(v) && truth(v) == 1)
			set(x, RULE_PASS, "declared");
		else
			set(x, RULE_FAIL, "missing");
		ev(x, "filing", v, "applications[%d].consent.withdrawal_channel",
		    i);
	} else
		ev(x, "filing", get(a, "legal_basis"),
		    "applications[%d].legal_basis", i);
}

/* Art. 7 (declarations): under-14s need a guardian's consent and rules. */
static void
rule_art7(struct rules_report *r, const cJSON *a, int i)
{
	struct rule_result *x;
	const cJSON *m = get(a, "minors"), *u, *g, *d;
	const char *k = "under_14";

	u = getv(m, &k, "under_14_possible", "under_14", (char *)NULL);
	g = get(m, "guardian_consent_process");
	d = get(m, "dedicated_rules");

	x = add(r, "art7.guardian_consent", "7", i, RULE_NOT_APPLICABLE,
	    "no_minors");
	ev(x, "filing", u, "applications[%d].minors.%s", i, k);
	if (truth(u) == 1) {
		if (truth(g) == 1)
			set(x, RULE_PASS, "declared");
		else
			set(x, RULE_FAIL, "missing");
		ev(x, "filing", g, "applications[%d].minors.guardian_consent_process",
		    i);
	} else if (truth(u) == -1)
		set(x, RULE_NEEDS_REVIEW, "minors_unknown");

	x = add(r, "art7.minor_rules", "7", i, RULE_NOT_APPLICABLE,
	    "no_minors");
	if (truth(u) == 1) {
		set(x, truth(d) == 1 ? RULE_PASS : RULE_FAIL,
		    truth(d) == 1 ? "declared" : "missing");
		ev(x, "filing", d, "applications[%d].minors.dedicated_rules", i);
	} else
		ev(x, "filing", u, "applications[%d].minors.%s", i, k);
}

/* The external transmission object and whether it uses the internet. */
static int
transmits(const cJSON *a, const cJSON **t)
{
	const cJSON *v;

	*t = get(a, "external_transmission");
	if (*t == NULL)
		return -1;
	if (cJSON_IsObject(*t)) {
		v = getv(*t, NULL, "occurs", "internet", (char *)NULL);
		return truth(v);
	}
	return truth(*t);
}

/* A schema label ("本单位服务器", "Own server") or the value itself. */
static const char *
label(const struct rules_ctx *c, const char *en, const char *value, int l)
{
	const char *t = c->schema != NULL && value != NULL ?
	    fr_enum_label(c->schema, en, value, l ? "en" : "zh") : NULL;

	return t != NULL ? t : value != NULL ? value : "";
}

/*
 * Art. 8 para. 1: facial information is stored within the device and not
 * sent out over the internet, unless a law or administrative regulation
 * provides otherwise or the individual has given separate consent.
 * Storage off the device (own server, cloud, hybrid) is such a
 * transmission. The storage mode, the legal basis and the separate
 * consent to storage off the device are read together; the sentence says
 * which one decided. A basis counts as a law providing otherwise only
 * when the schema marks it so (legal_duty, other_law) and the filing
 * names the provision: HR management and a contract are not such laws.
 */
static void
rule_art8_transmission(const struct rules_ctx *c, struct rules_report *r,
    const cJSON *a, int i)
{
	struct rule_result *x;
	const cJSON *t, *b, *st = get(a, "storage"), *mode, *lb, *prov, *oc;
	const char *s;
	int on = transmits(a, &t), law;

	x = add(r, "art8.transmission", "8", i, RULE_PASS, "none");
	mode = get(st, "mode");
	lb = get(a, "legal_basis");
	prov = get(a, "legal_basis_provision");
	oc = get(st, "off_device_consent");
	law = c->schema != NULL && str(lb) != NULL && fr_enum_flag(
	    fr_enum_find(fr_schema_enum(c->schema, "legal_basis"), str(lb)),
	    "law_provides") && has_text(prov);
	if (str(mode) != NULL && strcmp(str(mode), "on_device") == 0) {
		set(x, RULE_PASS, "on_device");
		ev(x, "filing", mode, "applications[%d].storage.mode", i);
		say(x, P("人脸信息存储于设备内（%s）。",
		    label(c, "storage_mode", str(mode), 0)),
		    P("Facial information is stored in the device (%s).",
		    label(c, "storage_mode", str(mode), 1)));
	} else if (str(mode) != NULL) {
		ev(x, "filing", mode, "applications[%d].storage.mode", i);
		ev(x, "filing", lb, "applications[%d].legal_basis", i);
		if (law) {
			set(x, RULE_PASS, "off_device_law");
			ev(x, "filing", prov,
			    "applications[%d].legal_basis_provision", i);
			say(x, P("人脸信息存储于设备外（%s），由法律、行政法规"
			    "另有规定决定：%s。", label(c, "storage_mode",
			    str(mode), 0), str(prov)),
			    P("Facial information is stored off the device "
			    "(%s); a law provides otherwise, and that decides: "
			    "%s.", label(c, "storage_mode", str(mode), 1),
			    str(prov)));
		} else if (truth(oc) == 1) {
			set(x, RULE_PASS, "off_device_consent");
			ev(x, "filing", oc,
			    "applications[%d].storage.off_device_consent", i);
			say(x, P("人脸信息存储于设备外（%s），由个人对设备外存储"
			    "的单独同意决定。", label(c, "storage_mode",
			    str(mode), 0)),
			    P("Facial information is stored off the device "
			    "(%s); the individual's separate consent to storage "
			    "off the device decides.", label(c, "storage_mode",
			    str(mode), 1)));
		} else {
			set(x, RULE_FAIL, "off_device");
			ev(x, "filing", oc,
			    "applications[%d].storage.off_device_consent", i);
			say(x, P("人脸信息存储于设备外（%s），但处理依据“%s”"
			    "不是另有规定的法律、行政法规%s，也未取得个人对设备"
			    "外存储的单独同意。", label(c, "storage_mode",
			    str(mode), 0), label(c, "legal_basis", str(lb), 0),
			    str(lb) != NULL && !has_text(prov) &&
			    c->schema != NULL && fr_enum_flag(fr_enum_find(
			    fr_schema_enum(c->schema, "legal_basis"), str(lb)),
			    "law_provides") ? "（未载明具体条文）" : ""),
			    P("Facial information is stored off the device "
			    "(%s), but the legal basis \"%s\" is not a law "
			    "providing otherwise%s, and no separate consent to "
			    "storage off the device is recorded.",
			    label(c, "storage_mode", str(mode), 1),
			    label(c, "legal_basis", str(lb), 1),
			    str(lb) != NULL && !has_text(prov) &&
			    c->schema != NULL && fr_enum_flag(fr_enum_find(
			    fr_schema_enum(c->schema, "legal_basis"), str(lb)),
			    "law_provides") ? " (no provision is named)" : ""));
			return;
		}
	}
	if (on == -1) {
		if (mode == NULL) {
			set(x, RULE_NEEDS_REVIEW, "missing");
			ev(x, "filing", t,
			    "applications[%d].external_transmission", i);
		}
		return;
	}
	if (on == 0) {
		if (mode == NULL)
			ev(x, "filing", get(t, "occurs"),
			    "applications[%d].external_transmission.occurs", i);
		return;
	}
	/* Sent out over the internet besides: its own basis. */
	ev(x, "filing", get(t, "occurs"),
	    "applications[%d].external_transmission.occurs", i);
	b = get(t, "basis");
	s = str(b);
	if (s != NULL && (strcmp(s, "separate_consent") == 0 ||
	    strcmp(s, "law") == 0 || strcmp(s, "legal_requirement") == 0)) {
		if (x->status == RULE_PASS && strcmp(x->reason, "none") == 0)
			set(x, RULE_PASS, "basis_ok");
	} else {
		set(x, RULE_FAIL, "no_basis");
		say(x, fr_xstrdup("人脸信息经互联网对外传输，但未载明法律、"
		    "行政法规另有规定或个人的单独同意。"),
		    fr_xstrdup("Facial information is sent out over the "
		    "internet with no law providing otherwise and no separate "
		    "consent recorded."));
	}
	ev(x, "filing", b, "applications[%d].external_transmission.basis", i);
}

/*
 * An application's retention period in days, with the key it was read under
 * in *path: retention_days, else storage.retention_days.
 */
static const cJSON *
retention_of(const cJSON *a, const char **path)
{
	const cJSON *v;

	if ((v = get(a, "retention_days")) != NULL) {
		*path = "retention_days";
		return v;
	}
	*path = "storage.retention_days";
	return get(get(a, "storage"), "retention_days");
}

/* An application's raw_images_kept flag, with its path in *path. */
static const cJSON *
raw_of(const cJSON *a, const char **path)
{
	*path = "raw_images_kept";
	return get(a, "raw_images_kept");
}

/* Art. 8: no longer than necessary; a defined retention period. */
static void
rule_art8_retention(struct rules_report *r, const cJSON *a, int i)
{
	struct rule_result *x;
	const char *p;
	const cJSON *v = retention_of(a, &p);

	x = add(r, "art8.retention", "8", i, RULE_PASS, "declared");
	ev(x, "filing", v, "applications[%d].%s", i, p);
	if (!cJSON_IsNumber(v) || v->valuedouble <= 0)
		set(x, RULE_FAIL, "missing");
}

/*
 * Art. 4 (the method of least impact on individuals) as GB/T 41819 puts
 * it in practice: keep templates, not images; an image is deleted right
 * after verification unless separately consented to. Art. 8 does not
 * speak of images, so this is not cited to it.
 */
static void
rule_art8_raw(struct rules_report *r, const cJSON *a, int i)
{
	struct rule_result *x;
	const char *p;
	const cJSON *v = raw_of(a, &p);

	x = add(r, "art4.raw_images", "4", i, RULE_PASS, "declared");
	ev(x, "filing", v, "applications[%d].%s", i, p);
	if (truth(v) == 1) {
		const cJSON *b = get(a, "raw_images_basis");

		/*
		 * Separate consent to storing images makes it lawful, but
		 * whether it was truly separate is for a reviewer.
		 */
		if (str(b) != NULL && strstr(str(b), "separate_consent")) {
			set(x, RULE_NEEDS_REVIEW, "raw_images_consented");
			ev(x, "filing", b, "applications[%d].raw_images_basis",
			    i);
		} else
			set(x, RULE_FAIL, "raw_images_kept");
	} else if (truth(v) == -1)
		set(x, RULE_NEEDS_REVIEW, "missing");
}

/* Art. 10: FR is not the only way; a reasonable alternative exists. */
static void
rule_art10(struct rules_report *r, const cJSON *a, int i)
{
	struct rule_result *x;
	const cJSON *v = get(a, "alternatives"), *o = get(v, "offered");

	x = add(r, "art10.alternative", "10", i,
	    truth(v) == 1 ? RULE_PASS : RULE_FAIL,
	    truth(v) == 1 ? "declared" : "fr_only");
	if (o != NULL)
		ev(x, "filing", o, "applications[%d].alternatives.offered", i);
	else
		ev(x, "filing", v, "applications[%d].alternatives", i);
	/* Offered, but with nothing said about what it is. */
	if (truth(v) == 1 && cJSON_IsObject(v) &&
	    !has_text(get(v, "description")))
		set(x, RULE_NEEDS_REVIEW, "alternative_undescribed");
}

/* Art. 12: nobody misled, defrauded or coerced into FR. */
static void
rule_art12(struct rules_report *r, const cJSON *a, int i)
{
	struct rule_result *x;
	const cJSON *c = get(a, "consent");
	const cJSON *vol = get(c, "voluntary");
	const cJSON *alt = get(a, "alternatives");

	/*
	 * Whether anyone is misled or pressed is seen only on site; what
	 * the filing can show is a real choice: an alternative that works
	 * and consent asked for on its own.
	 */
	x = add(r, "art12.voluntary", "12", i, RULE_NEEDS_REVIEW,
	    "cannot_verify");
	if (get(alt, "offered") != NULL)
		ev(x, "filing", get(alt, "offered"),
		    "applications[%d].alternatives.offered", i);
	else
		ev(x, "filing", alt, "applications[%d].alternatives", i);
	if (get(get(a, "consent"), "separate") != NULL)
		ev(x, "filing", get(get(a, "consent"), "separate"),
		    "applications[%d].consent.separate", i);
	if (truth(vol) == 0) {
		set(x, RULE_FAIL, "declared_false");
		ev(x, "filing", vol, "applications[%d].consent.voluntary", i);
	} else if (truth(alt) != 1)
		set(x, RULE_FAIL, "fr_only");
	else if (!consent_based(a) ||
	    truth(get(c, "separate")) == 1)
		set(x, RULE_PASS, "real_choice");
}

/* Art. 13: never in private places; signage where public. */
static void
rule_art13(const struct rules_ctx *c, struct rules_report *r, const cJSON *a,
    int i)
{
	struct rule_result *x, *sg = NULL, *nec = NULL;
	const cJSON *locs = get(a, "locations"), *l, *pt, *s, *ca;
	int j = 0, bad = 0;

	x = add(r, "art13.prohibited_place", "13", i, RULE_PASS, "allowed");
	cJSON_ArrayForEach(l, locs) {
		pt = get(l, "place_type");
		/* One definition with validate: the schema's flags. */
		if (fr_place_prohibited(c->schema, l)) {
			if (!bad)
				set(x, RULE_FAIL, "prohibited_place");
			bad = 1;
			ev(x, "filing", pt,
			    "applications[%d].locations[%d].place_type", i, j);
		}
		j++;
	}
	if (!bad) {
		if (!cJSON_IsArray(locs) || cJSON_GetArraySize(locs) == 0) {
			set(x, RULE_NEEDS_REVIEW, "missing");
			ev(x, "filing", locs, "applications[%d].locations", i);
		} else
			ev(x, "filing", get(cJSON_GetArrayItem(locs, 0),
			    "place_type"),
			    "applications[%d].locations[0].place_type", i);
	}

	j = 0;
	cJSON_ArrayForEach(l, locs) {
		if (!fr_place_public(c->schema, l)) {
			j++;
			continue;
		}
		if (sg == NULL)
			sg = add(r, "art13.signage", "13", i, RULE_PASS,
			    "declared");
		s = get(l, "signage");
		ca = get(l, "collection_area");
		if (truth(s) != 1) {
			set(sg, RULE_FAIL, "no_signage");
			ev(sg, "filing", s,
			    "applications[%d].locations[%d].signage", i, j);
		} else if (!has_text(ca)) {
			if (sg->status == RULE_PASS)
				set(sg, RULE_FAIL, "no_collection_area");
			ev(sg, "filing", ca,
			    "applications[%d].locations[%d].collection_area",
			    i, j);
		} else if (sg->nev == 0)
			ev(sg, "filing", s,
			    "applications[%d].locations[%d].signage", i, j);
		/*
		 * Public places only where necessary for public security:
		 * the declaration is checked, the necessity is a judgment.
		 */
		if (nec == NULL) {
			const cJSON *ps = get(l, "public_security_necessity");

			nec = add(r, "art13.public_necessity", "13", i,
			    truth(ps) == 1 ? RULE_NEEDS_REVIEW : RULE_FAIL,
			    truth(ps) == 1 ? "judgment" : "missing");
			ev(nec, "filing", ps,
			    "applications[%d].locations[%d].public_security_necessity",
			    i, j);
			/*
			 * The judgment is of this place: where it is and
			 * what kind of place it is are its evidence too.
			 */
			ev(nec, "filing", get(l, "place_type"),
			    "applications[%d].locations[%d].place_type", i, j);
			ev(nec, "filing", get(l, "address"),
			    "applications[%d].locations[%d].address", i, j);
		}
		j++;
	}
	if (sg == NULL) {
		const cJSON *first = get(cJSON_GetArrayItem(locs, 0), "public");

		x = add(r, "art13.signage", "13", i, RULE_NOT_APPLICABLE,
		    "not_public");
		ev(x, "filing", first, "applications[%d].locations[0].public",
		    i);
		x = add(r, "art13.public_necessity", "13", i,
		    RULE_NOT_APPLICABLE, "not_public");
		ev(x, "filing", first, "applications[%d].locations[0].public",
		    i);
	}
}

/* ---- facts ---------------------------------------------------------- */

/*
 * Which application a facts document belongs to: the one whose
 * fact_devices lists the document's device label; -1 when none does
 * (then its findings are the processor's).
 */
static int
facts_app(const struct rules_ctx *c, const struct rules_facts_doc *f)
{
	const char *dev = str(get(f->json, "device"));
	const cJSON *d;
	int i;

	if (dev == NULL)
		return -1;
	for (i = 0; i < rules_napps(c); i++)
		cJSON_ArrayForEach(d, get(app_at(c, i), "fact_devices"))
			if (str(d) != NULL && strcmp(str(d), dev) == 0)
				return i;
	return -1;
}

/* The result row of id for app, or a new one. */
static struct rule_result *
row(struct rules_report *r, const char *id, const char *article, int app)
{
	size_t k;

	for (k = 0; k < r->n; k++)
		if (r->v[k].app == app && strcmp(r->v[k].id, id) == 0)
			return &r->v[k];
	return add(r, id, article, app, RULE_PASS, "facts_ok");
}

/*
 * The facts of every store, applied to the rows of the application they
 * belong to. Facts beat declarations: a fact that shows a problem fails
 * the rule whatever the filing says, and the evidence names both.
 */
static void
facts_rules(const struct rules_ctx *c, struct rules_report *r)
{
	const struct rules_facts_doc *f;
	struct rule_result *x;
	const cJSON *v, *t;
	const char *p;
	size_t k;
	int app, was;

	for (k = 0; k < c->nfacts; k++) {
		f = &c->facts[k];
		app = facts_app(c, f);

		/* Art. 7: under-14s enrolled without a guardian's consent. */
		v = get(f->json, "minors_without_guardian_consent");
		if (cJSON_IsNumber(v) && v->valuedouble > 0) {
			x = row(r, "art7.guardian_consent", "7", app);
			set(x, RULE_FAIL, "facts_minors");
			ev_fact(x, f, "minors_without_guardian_consent", v);
		}
		/*
		 * Art. 6: persons enrolled with no consent on record, where
		 * the application rests on consent.
		 */
		v = get(f->json, "without_consent_reference");
		if (cJSON_IsNumber(v) && v->valuedouble > 0 &&
		    (app < 0 || consent_based(app_at(c, app)))) {
			x = row(r, "art6.separate_consent", "6", app);
			set(x, RULE_FAIL, "facts_no_consent");
			ev_fact(x, f, "without_consent_reference", v);
		}
		/* Art. 8: records kept past their retention period. */
		v = get(f->json, "expired_pending_purge");
		if (cJSON_IsNumber(v) && v->valuedouble > 0) {
			x = row(r, "art8.retention", "8", app);
			set(x, RULE_FAIL, "facts_expired");
			ev_fact(x, f, "expired_pending_purge", v);
		}
		/* Art. 4 / GB/T 41819: raw images kept. */
		v = get(f->json, "raw_images_stored");
		if (cJSON_IsTrue(v)) {
			x = row(r, "art4.raw_images", "4", app);
			was = app >= 0 &&
			    truth(raw_of(app_at(c, app), &p)) == 0;
			set(x, RULE_FAIL, was ? "facts_contradict" :
			    "raw_images_kept");
			ev_fact(x, f, "raw_images_stored", v);
		}
		/* Art. 8: facial information sent out of the device. */
		v = get(get(f->json, "protection"), "external_transmission");
		if (v != NULL && truth(v) == 1) {
			x = row(r, "art8.transmission", "8", app);
			was = app >= 0 && transmits(app_at(c, app), &t) == 0;
			set(x, RULE_FAIL, was ? "facts_contradict" :
			    "facts_transmission");
			ev_fact(x, f, "protection.external_transmission", v);
		}
	}
}

/* A measured boolean under protection.measured (-1 when not measured). */
static int
mbool(const cJSON *f, const char *obj, const char *key)
{
	const cJSON *v = get(get(get(get(f, "protection"), "measured"), obj),
	    key);

	return cJSON_IsBool(v) ? cJSON_IsTrue(v) : -1;
}

/*
 * The text of a measured protection fact of facts f
 * (protection.measured.obj.key), or NULL.
 */
static const char *
mstr(const cJSON *f, const char *obj, const char *key)
{
	return str(get(get(get(get(f, "protection"), "measured"), obj), key));
}

/* Art. 14 encryption: templates encrypted, the key kept private and apart. */
static int
m14_encryption(const cJSON *f, const cJSON *prot, const cJSON *v, const char *id,
    char **zh, char **en)
{
	const char *alg = NULL, *mode;
	int kp, sep;

	kp = cJSON_IsBool(get(get(prot, "access_control"),
	    "key_file_private")) ? cJSON_IsTrue(get(get(prot,
	    "access_control"), "key_file_private")) :
	    mbool(f, "key_file", "private");
	sep = mbool(f, "key_file", "separate_directory");
	mode = mstr(f, "key_file", "mode");
	if (!has_text(get(v, "algorithm")) ||
	    (alg = str(get(v, "algorithm"))) == NULL)
		return -1;
	if (kp == 0) {
		*zh = P("人脸模板已加密（%s），但密钥文件可被其他用户读取"
		    "（权限 %s）。", alg,
		    mode ? mode : "?");
		*en = P("Templates are encrypted (%s), but the key file "
		    "is readable by other users (mode %s).",
		    alg, mode ? mode : "?");
		return 0;
	}
	if (sep == 0) {
		*zh = P("人脸模板已加密（%s），但密钥文件与数据存放于同一"
		    "目录，未分离保管。", alg);
		*en = P("Templates are encrypted (%s), but the key file "
		    "sits in the same directory as the data, not kept "
		    "apart.", alg);
		return 2;
	}
	*zh = P("经测量：人脸模板以 %s 加密，密钥单独保管。",
	    alg);
	*en = P("Measured: templates are encrypted with %s and the key "
	    "is kept separately.", alg);
	return 1;
}

/* Art. 14 security audit: the audit log's hash chain verified. */
static int
m14_audit(const cJSON *f, const cJSON *prot, const cJSON *v, const char *id,
    char **zh, char **en)
{
	v = get(get(prot, "audit_log"), "chain_verified");
	if (!cJSON_IsBool(v))
		return -1;
	if (!cJSON_IsTrue(v)) {
		*zh = fr_xstrdup("生成事实数据时核验审计日志哈希链，"
		    "核验未通过。");
		*en = fr_xstrdup("The audit log's hash chain was checked "
		    "when the facts were made, and it does not verify.");
		return 0;
	}
	*zh = fr_xstrdup("经测量：审计日志哈希链在生成事实数据时核验"
	    "通过。");
	*en = fr_xstrdup("Measured: the audit log's hash chain verified "
	    "when the facts were made.");
	return 1;
}

/* Art. 14 access control: store and key open to their owner only. */
static int
m14_access(const cJSON *f, const cJSON *prot, const cJSON *v, const char *id,
    char **zh, char **en)
{
	const char *mode;
	int sp, kp, so, ko;

	v = get(prot, "access_control");
	sp = cJSON_IsBool(get(v, "store_file_private")) ?
	    cJSON_IsTrue(get(v, "store_file_private")) :
	    mbool(f, "store_file", "private");
	kp = cJSON_IsBool(get(v, "key_file_private")) ?
	    cJSON_IsTrue(get(v, "key_file_private")) :
	    mbool(f, "key_file", "private");
	so = mbool(f, "store_file", "owner_ok");
	ko = mbool(f, "key_file", "owner_ok");
	if (sp < 0 && kp < 0 && so < 0 && ko < 0)
		return -1;
	if (sp == 0 || kp == 0) {
		mode = sp == 0 ? str(get(v, "store_file_mode")) :
		    str(get(v, "key_file_mode"));
		if (mode == NULL)
			mode = mstr(f, sp == 0 ? "store_file" :
			    "key_file", "mode");
		*zh = P("经测量：%s可被其他用户访问（权限 %s）。",
		    sp == 0 ? "人脸数据存储文件" : "密钥文件",
		    mode ? mode : "?");
		*en = P("Measured: the %s can be read by other users "
		    "(mode %s).", sp == 0 ? "face data store file" :
		    "key file", mode ? mode : "?");
		return 0;
	}
	if (so == 0 || ko == 0) {
		*zh = P("经测量：%s属于其他用户，而非运行该程序的用户或"
		    "系统管理员。", so == 0 ? "人脸数据存储文件" :
		    "密钥文件");
		*en = P("Measured: the %s belongs to another user than "
		    "the one running the matcher or the administrator.",
		    so == 0 ? "face data store file" : "key file");
		return 0;
	}
	*zh = fr_xstrdup("经测量：人脸数据存储文件和密钥文件仅其所有者"
	    "可访问。");
	*en = fr_xstrdup("Measured: the face data store and its key "
	    "file are open to their owner only.");
	return 1;
}

/* Art. 14 intrusion prevention and authorisation: what the facts service offers. */
static int
m14_network(const cJSON *f, const cJSON *prot, const cJSON *v, const char *id,
    char **zh, char **en)
{
	int cfg, run, lo, tls, tok;

	cfg = mbool(f, "serve", "configured");
	run = mbool(f, "serve", "running");
	lo = mbool(f, "serve", "loopback");
	tls = mbool(f, "serve", "tls");
	tok = mbool(f, "serve", "token");
	if (cfg < 0)
		return -1;
	if (strcmp(id, "art14.authorization_management") == 0) {
		if (cfg == 1 && tok != 1) {
			*zh = fr_xstrdup("经测量：事实数据服务未要求访问"
			    "令牌。");
			*en = fr_xstrdup("Measured: the facts service "
			    "does not require an access token.");
			return 0;
		}
		/* Organisational: a token alone does not show it. */
		return -1;
	}
	if (cfg == 0) {
		*zh = fr_xstrdup("经测量：未配置对外的事实数据服务，人脸"
		    "数据不经网络提供。");
		*en = fr_xstrdup("Measured: no facts service is "
		    "configured; nothing is offered over the network.");
		return 1;
	}
	if (lo == 1) {
		*zh = P("经测量：事实数据服务%s，仅监听本机回环地址（%s）。",
		    run == 1 ? "正在运行" : "已配置",
		    mstr(f, "serve", "listen") ?
		    mstr(f, "serve", "listen") : "?");
		*en = P("Measured: the facts service is %s and listens "
		    "on loopback only (%s).", run == 1 ? "running" :
		    "configured", mstr(f, "serve", "listen") ?
		    mstr(f, "serve", "listen") : "?");
		return 1;
	}
	if (tls == 1 && tok == 1) {
		*zh = P("经测量：事实数据服务监听 %s，使用 TLS 并要求访问"
		    "令牌。", mstr(f, "serve", "listen") ?
		    mstr(f, "serve", "listen") : "?");
		*en = P("Measured: the facts service listens on %s with "
		    "TLS and an access token.",
		    mstr(f, "serve", "listen") ?
		    mstr(f, "serve", "listen") : "?");
		return 1;
	}
	*zh = P("经测量：事实数据服务%s，监听非本机地址 %s，%s。",
	    run == 1 ? "正在运行" : "已配置",
	    mstr(f, "serve", "listen") ? mstr(f, "serve", "listen") :
	    "?", tls == 1 ? "未要求访问令牌" :
	    "未使用 TLS 加密，访问令牌以明文经网络传输");
	*en = P("Measured: the facts service is %s on %s, not a "
	    "loopback address, %s.", run == 1 ? "running" :
	    "configured", mstr(f, "serve", "listen") ?
	    mstr(f, "serve", "listen") : "?", tls == 1 ?
	    "without an access token" :
	    "without TLS, so its token crosses the network in clear");
	return 0;
}

/*
 * What facts document fd measures about Art. 14 measure m: -1 nothing, 0 a
 * defect, 1 the measure in force, 2 in force but to be reviewed (the key
 * beside the store); the sentences for a reader go to *zh and *en (caller
 * frees). Only measured values count: the fixed descriptions frmatch also
 * prints (authorisation, intrusion detection) are not evidence.
 */
static int
measure14(const struct rules_ctx *c, const struct rules_facts_doc *fd,
    size_t m, char **zh, char **en)
{
	const cJSON *f = fd->json, *prot = get(f, "protection"), *v;
	const char *id = art14[m].id;

	*zh = *en = NULL;
	v = get(prot, art14[m].fact);
	/* A store that reports a measure absent or switched off. */
	if (prot != NULL && v != NULL && (cJSON_IsNull(v) || truth(v) == 0)) {
		*zh = fr_xstrdup("设备事实数据显示该措施未启用。");
		*en = fr_xstrdup("The device facts show the measure is not in "
		    "force.");
		return 0;
	}
	if (strcmp(id, "art14.encryption") == 0)
		return m14_encryption(f, prot, v, id, zh, en);
	if (strcmp(id, "art14.security_audit") == 0)
		return m14_audit(f, prot, v, id, zh, en);
	if (strcmp(id, "art14.access_control") == 0)
		return m14_access(f, prot, v, id, zh, en);
	if (strcmp(id, "art14.intrusion_prevention") == 0 ||
	    strcmp(id, "art14.authorization_management") == 0)
		return m14_network(f, prot, v, id, zh, en);
	return -1;
}

/*
 * The document a declared measure names: a title and a version or a
 * date. NULL when none is named.
 */
static char *
document_of(const cJSON *d, int en)
{
	const cJSON *doc = get(d, "document"), *t = get(doc, "title"),
	    *v = get(doc, "version"), *dt = get(doc, "date");
	int day;

	if (!has_text(t) || (!has_text(v) && !date_of(dt, &day)))
		return NULL;
	if (has_text(v))
		return en ? P("\"%s\" (version %s)", str(t), str(v)) :
		    P("《%s》（%s）", str(t), str(v));
	return en ? P("\"%s\" (dated %s)", str(t), str(dt)) :
	    P("《%s》（%s）", str(t), str(dt));
}

/*
 * Art. 14: the six measures. A measured defect fails whatever the filing
 * declares. A declaration is evidence only when it names the document
 * that carries the measure (title and version or date); a measured fact
 * supports a measure by itself; a bare "implemented" needs review.
 */
static void
rule_art14(const struct rules_ctx *c, struct rules_report *r)
{
	const cJSON *sm = get(c->filing, "security_measures"), *d;
	struct rule_result *x;
	size_t m, k;
	int dec, best, got, any_review = 0;
	char *zh, *en, *okzh = NULL, *oken = NULL, *dz, *de;

	for (m = 0; m < NART14; m++) {
		d = get(sm, art14[m].key);
		if (d == NULL && strcmp(art14[m].key, "security_audit") == 0)
			d = get(sm, "audit");
		dec = truth(d);
		x = add(r, art14[m].id, "14", -1,
		    dec == 1 ? RULE_NEEDS_REVIEW : RULE_FAIL,
		    dec == 1 ? "undocumented" : dec == 0 ? "declared_false" :
		    "missing");
		/* Point at the flag itself, not the whole object. */
		if (get(d, "implemented") != NULL)
			ev(x, "filing", get(d, "implemented"),
			    "security_measures.%s.implemented", art14[m].key);
		else
			ev(x, "filing", d, "security_measures.%s",
			    art14[m].key);
		best = -1;
		any_review = 0;
		okzh = oken = NULL;
		/* The ledger file, measured by the caller (access control). */
		if (strcmp(art14[m].id, "art14.access_control") == 0 &&
		    c->ledger_mode >= 0 && ((c->ledger_mode & 077) != 0 ||
		    !c->ledger_owner_ok)) {
			char mode[16];

			snprintf(mode, sizeof mode, "%04o",
			    (unsigned)c->ledger_mode);
			set(x, RULE_FAIL, "measured_defect");
			ev_text(x, "ledger", "mode", mode);
			say(x, (c->ledger_mode & 077) != 0 ?
			    P("经测量：台账文件可被其他用户访问（权限 %s）。",
			    mode) : fr_xstrdup("经测量：台账文件属于其他用户。"),
			    (c->ledger_mode & 077) != 0 ?
			    P("Measured: the ledger file can be read by other "
			    "users (mode %s).", mode) : fr_xstrdup("Measured: "
			    "the ledger file belongs to another user."));
			continue;
		}
		for (k = 0; k < c->nfacts && best != 0; k++) {
			got = measure14(c, &c->facts[k], m, &zh, &en);
			if (got == 0) {
				/* Facts beat declarations. */
				set(x, RULE_FAIL, "measured_defect");
				say(x, zh, en);
				{
					char *fp = P("protection.%s",
					    art14[m].fact);

					ev_fact(x, &c->facts[k], fp,
					    get(get(c->facts[k].json,
					    "protection"), art14[m].fact));
					free(fp);
				}
				best = 0;
				zh = en = NULL;
			} else if (got >= 1) {
				if (got == 2)
					any_review = 1;
				if (okzh == NULL) {
					okzh = zh;
					oken = en;
					zh = en = NULL;
				}
				best = 1;
			}
			free(zh);
			free(en);
		}
		if (best == 0) {
			free(okzh);
			free(oken);
			continue;
		}
		if (any_review) {
			set(x, RULE_NEEDS_REVIEW, "key_beside_store");
			say(x, okzh, oken);
			continue;
		}
		dz = dec == 1 ? document_of(d, 0) : NULL;
		de = dec == 1 ? document_of(d, 1) : NULL;
		if (dz != NULL) {
			set(x, RULE_PASS, "documented");
			ev(x, "filing", get(get(d, "document"), "title"),
			    "security_measures.%s.document.title",
			    art14[m].key);
			say(x, best == 1 ? P("%s另载于%s。", okzh, dz) :
			    P("该措施载于%s。", dz), best == 1 ?
			    P("%s It is also set out in %s.", oken, de) :
			    P("The measure is set out in %s.", de));
			free(dz);
			free(de);
			free(okzh);
			free(oken);
			continue;
		}
		free(dz);
		free(de);
		if (best == 1) {
			set(x, RULE_PASS, "measured");
			say(x, okzh, oken);
			continue;
		}
		if (dec == 1)
			say(x, fr_xstrdup("备案材料声明已实施，但未载明载有该"
			    "措施的制度文件（名称及版本或日期），也没有测量到的"
			    "事实支持，须人工复核。"),
			    fr_xstrdup("The filing declares the measure in force "
			    "but names no document that carries it (title and "
			    "version or date), and no measured fact supports "
			    "it: to be reviewed."));
	}
}

/*
 * Art. 9 para. 1: the assessment is made in advance, before processing
 * begins. Processing begun on or after 2025-06-01 (Art. 20) falls under
 * the Measures; processing begun earlier was already subject to the
 * PIPL's impact assessment for sensitive personal information (PIPL Arts.
 * 55 and 56, in force 2021-11-01), so its assessment was due when it
 * began, or on 2021-11-01 for processing older than the PIPL. A later
 * assessment passes only when the filing names the earlier one it
 * replaces (date and version) and that one came first.
 */
static void
rule_art9_advance(const struct rules_ctx *c, struct rules_report *r,
    const cJSON *as, const char *k, int pd, int i)
{
	const cJSON *a = app_at(c, i), *sd = get(a, "start_date"), *rp, *rd,
	    *rv;
	struct rule_result *x;
	char d1[FR_DATE_LEN], d2[FR_DATE_LEN], d3[FR_DATE_LEN];
	int start, limit, prev = -1, measures, pipl;
	const char *lz, *le;

	measures = fr_date_from_ymd(2025, 6, 1);
	pipl = fr_date_from_ymd(2021, 11, 1);
	x = add(r, "art9.pipia_done", "9", i, RULE_FAIL, "missing");
	ev(x, "filing", get(as, "date"), "%s.date", k);
	if (pd < 0) {
		say(x, fr_xstrdup("备案材料未载明影响评估的完成日期。"),
		    fr_xstrdup("The filing does not state when the impact "
		    "assessment was completed."));
		return;
	}
	if (pd > c->today) {
		set(x, RULE_FAIL, "future_date");
		return;
	}
	fr_date_format(pd, d1);
	if (!date_of(sd, &start)) {
		const char *stt = str(get(a, "status"));

		if (stt != NULL && strcmp(stt, "planned") == 0) {
			set(x, RULE_PASS, "not_started");
			say(x, P("影响评估于%s完成，该应用尚未开始处理。", d1),
			    P("The assessment was completed on %s, before the "
			    "application has begun processing.", d1));
		} else {
			set(x, RULE_NEEDS_REVIEW, "missing");
			ev(x, "filing", sd, "applications[%d].start_date", i);
			say(x, fr_xstrdup("未载明该应用开始处理的日期，无法判断"
			    "影响评估是否在事前开展。"),
			    fr_xstrdup("The application's start date is not "
			    "stated, so whether the assessment came first "
			    "cannot be told."));
		}
		return;
	}
	ev(x, "filing", sd, "applications[%d].start_date", i);
	fr_date_format(start, d2);
	limit = start < pipl ? pipl : start;
	if (start >= measures) {
		lz = "《办法》第九条";
		le = "Art. 9 of the Measures";
	} else {
		lz = "《个人信息保护法》第五十五条、第五十六条";
		le = "PIPL Arts. 55 and 56";
	}
	if (pd <= limit) {
		set(x, RULE_PASS, "in_advance");
		say(x, P("影响评估于%s完成，早于该应用于%s开始处理（%s）。",
		    d1, d2, lz), P("The assessment was completed on %s, before "
		    "the application began processing on %s (%s).", d1, d2,
		    le));
		return;
	}
	rp = get(as, "replaces");
	rd = get(rp, "date");
	rv = get(rp, "version");
	if (date_of(rd, &prev) && has_text(rv)) {
		ev(x, "filing", rd, "%s.replaces.date", k);
		fr_date_format(prev, d3);
		if (prev <= limit) {
			set(x, RULE_PASS, "replaced_in_advance");
			say(x, P("本次评估（%s）替代%s完成的%s版评估，该评估早于"
			    "该应用于%s开始处理（%s）。", d1, d3, str(rv), d2,
			    lz), P("This assessment (%s) replaces version %s of "
			    "%s, which came before the application began "
			    "processing on %s (%s).", d1, str(rv), d3, d2, le));
		} else {
			set(x, RULE_FAIL, "replaced_after_start");
			say(x, P("所替代的%s版评估于%s完成，仍晚于该应用于%s开始"
			    "处理，未在事前开展（%s）。", str(rv), d3, d2, lz),
			    P("The replaced assessment, version %s of %s, also "
			    "came after the application began processing on %s: "
			    "it was not made in advance (%s).", str(rv), d3,
			    d2, le));
		}
		return;
	}
	set(x, RULE_FAIL, "after_start");
	say(x, P("影响评估于%s完成，晚于该应用于%s开始处理，且未载明此前已"
	    "开展的评估，不符合事前评估的要求（%s）。", d1, d2, lz),
	    P("The assessment was completed on %s, after the application "
	    "began processing on %s, and no earlier assessment is named: it "
	    "was not made in advance (%s).", d1, d2, le));
}

/* The PIPIA's date, and the last change or major incident after it. */
static void
rule_art9(const struct rules_ctx *c, struct rules_report *r)
{
	const cJSON *as, *dv, *ch, *inc, *it, *yv;
	struct rule_result *x;
	const char *k = "assessment";
	int pd = -1, last = -1, d, i, j;
	char *lastpath = NULL;
	const cJSON *lastv = NULL;

	as = getv(c->filing, &k, "assessment", "pipia", (char *)NULL);
	dv = get(as, "date");
	if (!date_of(dv, &pd))
		pd = -1;
	for (i = 0; i < rules_napps(c); i++)
		rule_art9_advance(c, r, as, k, pd, i);

	/*
	 * Art. 9: redo it when purpose or method changes (a change filing
	 * records the day), or after a major security incident. An incident
	 * counts as major when marked so, when it was reported to an
	 * authority, or when it affected 1,000 people or more.
	 */
	ch = get(get(c->filing, "filing"), "change_date");
	if (date_of(ch, &d)) {
		last = d;
		lastv = ch;
		lastpath = fr_xstrdup("filing.change_date");
	}
	for (i = 0; i < rules_napps(c); i++) {
		j = 0;
		cJSON_ArrayForEach(it, get(app_at(c, i), "changes")) {
			if (date_of(get(it, "date"), &d) && d > last) {
				last = d;
				lastv = get(it, "date");
				free(lastpath);
				lastpath = P("applications[%d].changes[%d].date",
				    i, j);
			}
			j++;
		}
	}
	inc = get(c->filing, "incidents");
	j = 0;
	cJSON_ArrayForEach(it, inc) {
		int major = truth(get(it, "major")) == 1 ||
		    has_text(get(it, "reported_to")) ||
		    num(get(it, "affected_individuals"), 0) >= 1000;

		if (major && date_of(get(it, "date"), &d) && d > last) {
			last = d;
			lastv = get(it, "date");
			free(lastpath);
			lastpath = P("incidents[%d].date", j);
		}
		j++;
	}
	x = add(r, "art9.pipia_current", "9", -1, RULE_PASS, "current");
	ev(x, "filing", dv, "%s.date", k);
	if (pd < 0)
		set(x, RULE_FAIL, "missing");
	else if (last >= 0 && pd < last) {
		set(x, RULE_FAIL, strstr(lastpath, "incidents") ?
		    "older_than_incident" : "older_than_change");
		ev(x, "filing", lastv, "%s", lastpath);
	} else if (last >= 0)
		ev(x, "filing", lastv, "%s", lastpath);
	free(lastpath);

	/* Art. 9: report and processing records kept at least 3 years. */
	yv = getv(as, NULL, "records_retention_years", "retention_years",
	    (char *)NULL);
	x = add(r, "art9.records_kept", "9", -1, RULE_NEEDS_REVIEW, "missing");
	ev(x, "filing", yv, "%s.records_retention_years", k);
	if (cJSON_IsNumber(yv))
		set(x, yv->valuedouble >= 3 ? RULE_PASS : RULE_FAIL,
		    yv->valuedouble >= 3 ? "declared" : "too_short");
}

/*
 * Art. 15 para. 1: filed within 30 working days. A filing made after the
 * due date is late, and stays a failure however it is explained: the
 * sentence says by how many working days (the caller counts them on the
 * official calendar).
 */
static void
filed(const struct rules_ctx *c, struct rule_result *x)
{
	char d1[FR_DATE_LEN], d2[FR_DATE_LEN];

	if (c->filed_late_days <= 0 || c->due < 0 || c->filed_on < 0) {
		set(x, RULE_PASS, "filed");
		return;
	}
	set(x, RULE_FAIL, "filed_late");
	x->due = c->due;
	fr_date_format(c->filed_on, d1);
	fr_date_format(c->due, d2);
	say(x, P("备案于%s提交，晚于%s的备案期限%d个工作日（《办法》第十五条"
	    "第一款）。", d1, d2, c->filed_late_days),
	    P("The filing was submitted on %s, %d working day%s after the "
	    "due date of %s (Art. 15 para. 1).", d1, c->filed_late_days,
	    c->filed_late_days == 1 ? "" : "s", d2));
}

/* Art. 15: over the line and not filed. */
static void
rule_art15(const struct rules_ctx *c, struct rules_report *r)
{
	struct rule_result *x;
	const cJSON *f = get(c->filing, "filing"), *fd;
	long long count = -1;
	char buf[64], d[FR_DATE_LEN];
	int filing_date, reached, over = 0;

	x = add(r, "art15.filing", "15", -1, RULE_NEEDS_REVIEW, "no_count");
	/*
	 * The stored quantity only: what the filing estimates
	 * (subjects_estimated) is not what is stored, and summing stores
	 * would count a person on two devices twice.
	 */
	if (c->stored != NULL && c->stored->individuals >= 0) {
		count = c->stored->individuals;
		snprintf(buf, sizeof buf, "%lld", count);
		ev_text(x, fr_stored_from_name(c->stored->from),
		    "individuals", buf);
		over = c->stored->reached;
	} else
		ev_text(x, "count", "individuals", "(missing)");
	/* The ledger's crossing day, else the one the filing declares. */
	reached = c->reached;
	if (reached < 0 && !date_of(get(f, "reached_date"), &reached))
		reached = -1;
	if (reached >= 0)
		ev_text(x, c->reached_from_ledger ? "ledger" : "filing",
		    c->reached_from_ledger ? "reached" : "filing.reached_date",
		    fr_date_format(reached, d));
	if (count < 0 && reached < 0)
		return;
	/* Art. 15: "reaches" 100,000: at least, not more than. */
	if (reached < 0 && !over && count < RULES_FILING_THRESHOLD) {
		set(x, RULE_NOT_APPLICABLE, "under_threshold");
		return;
	}
	/*
	 * Filed: the ledger records a submission or completion, or the
	 * filing's own date (the day the materials are submitted) has come.
	 */
	if (c->filed_date >= 0) {
		ev_text(x, "ledger", "submitted",
		    fr_date_format(c->filed_date, d));
		filed(c, x);
		return;
	}
	fd = get(f, "date");
	ev(x, "filing", fd, "filing.date");
	if (!date_of(fd, &filing_date))
		filing_date = -1;
	if (filing_date >= 0 && filing_date <= c->today) {
		filed(c, x);
		return;
	}
	x->due = c->due;
	/*
	 * Art. 15 gives 30 working days: not having filed is a breach only
	 * once they are over, or when the planned submission comes after
	 * them. Until then the obligation is open and is shown for review.
	 */
	if (c->due >= 0 && c->due < c->today)
		set(x, RULE_FAIL, "overdue");
	else if (c->due >= 0 && filing_date > c->due)
		set(x, RULE_FAIL, "planned_late");
	else if (filing_date >= 0)
		set(x, RULE_NEEDS_REVIEW, "in_preparation");
	else
		set(x, RULE_NEEDS_REVIEW, "not_filed");
}

/*
 * Art. 11 encourages, and does not require, the national population
 * database and the national network identity authentication service for
 * verifying or identifying people: advice, never a failure.
 */
static void
advice_art11(struct rules_report *r, const cJSON *a, int i)
{
	if (truth(get(a, "national_identity_channel")) == 1)
		return;
	r->advice = fr_xreallocarray(r->advice, r->nadvice + 1,
	    sizeof *r->advice);
	r->advice[r->nadvice].app = i;
	r->advice[r->nadvice].code = "art11.national_channels";
	r->advice[r->nadvice].article = "11";
	r->nadvice++;
}

void
rules_run(const struct rules_ctx *c, struct rules_report *r)
{
	const cJSON *a;
	size_t k;
	int i;

	memset(r, 0, sizeof *r);
	for (i = 0; i < rules_napps(c); i++) {
		a = app_at(c, i);
		rule_art2(r, a, i);
		rule_art4(r, a, i);
		rule_art5(r, a, i);
		rule_art6(r, a, i);
		rule_art7(r, a, i);
		rule_art8_transmission(c, r, a, i);
		rule_art8_retention(r, a, i);
		rule_art8_raw(r, a, i);
		rule_art10(r, a, i);
		rule_art12(r, a, i);
		rule_art13(c, r, a, i);
		advice_art11(r, a, i);
	}
	facts_rules(c, r);
	rule_art9(c, r);
	rule_art14(c, r);
	rule_art15(c, r);
	for (k = 0; k < r->n; k++)
		r->counts[r->v[k].status]++;
}

/* ---- risk inputs ---------------------------------------------------- */

/* Whether rule id failed for app (or for the processor) and stays so. */
static int
failing(const struct rules_ctx *c, const struct rules_report *r,
    const char *id, int app, int treated)
{
	size_t k;

	for (k = 0; k < r->n; k++) {
		const struct rule_result *x = &r->v[k];

		if (x->status != RULE_FAIL || strcmp(x->id, id) != 0)
			continue;
		if (x->app != app && x->app != -1)
			continue;
		/* The planned treatment remedies every failed duty. */
		if (treated)
			continue;
		return 1;
	}
	return 0;
}

/* Whether an application's scenario text contains word. */
static int
scenario_has(const cJSON *a, const char *word)
{
	const char *keys[] = { "scenario", NULL };
	size_t k;
	const char *s;

	for (k = 0; keys[k] != NULL; k++)
		if ((s = str(get(a, keys[k]))) != NULL && strstr(s, word))
			return 1;
	return 0;
}

/*
 * The rules about the processing flow, GB/T 39335-2020 5.6 (b): their
 * failures are counted as process defects, in the grading
 * (rules_risk_input) and in its reasons (rules_risk_grounds) alike.
 */
static const char *const process_rules[] = {
	"art4.purpose", "art4.necessity", "art5.notice",
	"art5.accessibility", "art6.separate_consent",
	"art6.withdrawal", "art7.guardian_consent", "art7.minor_rules",
	"art8.transmission", "art8.retention", "art4.raw_images",
	"art12.voluntary", "art13.signage", NULL
};

void
rules_risk_input(const struct rules_ctx *c, const struct rules_report *r,
    int app, int treated, struct risk_input *in)
{
	const cJSON *a = app_at(c, app), *ad, *l, *t, *m, *p, *sm, *it;
	long long n = 0;
	size_t k;
	const char *pp;
	int mapped = 0;

	memset(in, 0, sizeof *in);
	in->sensitive = 1;	/* facial information, PIPL Art. 28 */

	/*
	 * Subjects: the facts of this application's devices, else its
	 * declared estimate, else the whole processor's count.
	 */
	if (c->app_stored != NULL && app < rules_napps(c) &&
	    c->app_stored[app] >= 0) {
		n = c->app_stored[app];
		mapped = 1;
	}
	if (!mapped && cJSON_IsNumber(get(a, "subjects_estimated")))
		n = num(get(a, "subjects_estimated"), 0);
	else if (!mapped && c->stored != NULL && c->stored->individuals >= 0)
		n = c->stored->individuals;
	in->subjects = n;

	/* Vulnerable groups: minors declared or found, or named groups. */
	m = get(a, "minors");
	if (truth(getv(m, NULL, "under_14_possible", "under_14",
	    (char *)NULL)) == 1)
		in->vulnerable = 1;
	for (k = 0; k < c->nfacts; k++)
		if (facts_app(c, &c->facts[k]) == app &&
		    num(get(c->facts[k].json, "minors_under_14"), 0) > 0)
			in->vulnerable = 1;
	cJSON_ArrayForEach(it, get(a, "subjects")) {
		const char *s = str(it);

		if (s != NULL && (strstr(s, "minor") || strstr(s, "student") ||
		    strstr(s, "older") || strstr(s, "elderly")))
			in->vulnerable = 1;
	}
	in->deidentified = truth(get(get(a, "storage"), "deidentified")) == 1;

	in->no_alternative = failing(c, r, "art10.alternative", app, treated);
	cJSON_ArrayForEach(l, get(a, "locations"))
		if (fr_place_public(c->schema, l))
			in->public_place = 1;
	in->consent_defects = failing(c, r, "art6.separate_consent", app,
	    treated) + failing(c, r, "art6.withdrawal", app, treated);

	ad = get(a, "automated_decision");
	if (cJSON_IsObject(ad)) {
		in->automated_decision = truth(getv(ad, NULL, "used",
		    "enabled", (char *)NULL)) == 1;
		in->decision_significant = truth(get(ad, "significant")) == 1;
	} else
		in->automated_decision = truth(ad) == 1;
	/* Granting or refusing entry is a decision with effect. */
	if (in->automated_decision && (scenario_has(a, "access") ||
	    scenario_has(a, "attendance") || scenario_has(a, "visitor") ||
	    scenario_has(a, "payment")))
		in->decision_significant = 1;

	in->raw_images = truth(raw_of(a, &pp)) == 1 ||
	    failing(c, r, "art4.raw_images", app, 0);
	if (treated)
		in->raw_images = 0;
	in->payment = scenario_has(a, "payment");
	in->physical_access = scenario_has(a, "access") ||
	    scenario_has(a, "visitor");

	/* Factor (a). */
	sm = get(c->filing, "security_measures");
	in->internet_exposed = transmits(a, &t) == 1 ||
	    truth(get(sm, "internet_facing")) == 1 ||
	    failing(c, r, "art8.transmission", app, 0);
	for (k = 0; k < NART14; k++)
		if (failing(c, r, art14[k].id, -1, treated))
			in->art14_missing++;
	in->encryption_missing = failing(c, r, "art14.encryption", -1,
	    treated);
	in->emergency_plan = truth(getv(sm, NULL, "incident_response",
	    "emergency_plan", (char *)NULL)) == 1;

	/* Factor (b). */
	for (k = 0; process_rules[k] != NULL; k++)
		in->process_defects += failing(c, r, process_rules[k], app,
		    treated);

	/* Factor (c): the PI protection officer and providers' contracts. */
	if (!has_text(get(get(c->filing, "pi_protection_officer"), "name")))
		in->people_defects++;
	cJSON_ArrayForEach(p, get(a, "providers")) {
		in->providers++;
		if (truth(get(p, "contract")) != 1) {
			in->people_defects++;
			break;
		}
	}
	if (!has_text(get(sm, "staff_training")))
		in->people_defects++;
	if (truth(get(sm, "confidentiality_agreements")) != 1)
		in->people_defects++;

	/* Factor (d). */
	cJSON_ArrayForEach(it, get(c->filing, "incidents"))
		in->incidents_here = 1;
	in->incidents_sector = truth(get(sm, "sector_incidents")) == 1;

	in->measures_complete = in->art14_missing == 0 && in->emergency_plan &&
	    !in->incidents_here && in->process_defects == 0;
}

/*
 * Appends a ground of a risk level with its code, for a dimension (factor 0)
 * or a likelihood factor (1) by index, and returns it to be filled.
 */
static struct rules_ground *
ground(struct rules_grounds *g, int factor, int index, const char *code)
{
	struct rules_ground *x;

	g->v = fr_xreallocarray(g->v, g->n + 1, sizeof *g->v);
	x = &g->v[g->n++];
	memset(x, 0, sizeof *x);
	x->factor = factor;
	x->index = index;
	x->code = code;
	return x;
}

/* A filing field of the processor or of the application, by its path. */
static void
ground_field(struct rules_grounds *g, int factor, int index,
    const char *code, const char *path, int in_app)
{
	struct rules_ground *x = ground(g, factor, index, code);

	x->path = path;
	x->in_app = in_app;
}

/* Each failing rule of ids for app (none once treated). */
static void
ground_findings(struct rules_grounds *g, const struct rules_ctx *c,
    const struct rules_report *r, int factor, int index,
    const char *const *ids, int app, int treated)
{
	size_t k;

	for (k = 0; ids[k] != NULL; k++)
		if (failing(c, r, ids[k], app, treated))
			ground(g, factor, index, "finding_fails")->rule = ids[k];
}

void
rules_risk_grounds(const struct rules_ctx *c, const struct rules_report *r,
    int app, int treated, const struct risk_result *res,
    struct rules_grounds *g)
{
	static const char *const consent_rules[] = { "art6.separate_consent",
	    "art6.withdrawal", NULL };
	static const char *const alt_rules[] = { "art10.alternative", NULL };
	static const char *const raw_rules[] = { "art4.raw_images", NULL };
	const char *art14_rules[NART14 + 1];
	const cJSON *a = app_at(c, app), *sm, *l, *p, *t;
	struct risk_input in;
	struct rules_ground *x;
	const char *pp;
	size_t k;
	int lv;

	memset(g, 0, sizeof *g);
	for (k = 0; k < NART14; k++)
		art14_rules[k] = art14[k].id;
	art14_rules[NART14] = NULL;
	rules_risk_input(c, r, app, treated, &in);
	sm = get(c->filing, "security_measures");

	/* Autonomy: 中 for a sensitive trait, 高 without a real choice. */
	lv = res->dim[RISK_DIM_AUTONOMY];
	if (lv == RISK_IMPACT_MEDIUM)
		ground(g, 0, RISK_DIM_AUTONOMY, "sensitive");
	else if (lv > RISK_IMPACT_MEDIUM) {
		ground_findings(g, c, r, 0, RISK_DIM_AUTONOMY, alt_rules, app,
		    treated);
		cJSON_ArrayForEach(l, get(a, "locations"))
			if (fr_place_public(c->schema, l)) {
				x = ground(g, 0, RISK_DIM_AUTONOMY,
				    "public_place");
				x->table = "locations";
				x->path = "place_type";
				x->in_app = 1;
				x->name = str(get(l, "name"));
				x->enum_name = "place_type";
				x->value = str(get(l, "place_type"));
			}
		ground_findings(g, c, r, 0, RISK_DIM_AUTONOMY, consent_rules,
		    app, treated);
	}
	/* Discrimination: automated decisions, with effect. */
	lv = res->dim[RISK_DIM_DISCRIMINATION];
	if (lv > RISK_IMPACT_LOW)
		ground_field(g, 0, RISK_DIM_DISCRIMINATION, "yes",
		    "automated_decision.used", 1);
	if (lv > RISK_IMPACT_MEDIUM)
		ground(g, 0, RISK_DIM_DISCRIMINATION, "significant");
	/* Reputation: 中 for a sensitive trait, 高 with raw images. */
	lv = res->dim[RISK_DIM_REPUTATION];
	if (lv == RISK_IMPACT_MEDIUM)
		ground(g, 0, RISK_DIM_REPUTATION, "sensitive");
	else if (lv > RISK_IMPACT_MEDIUM) {
		if (truth(raw_of(a, &pp)) == 1)
			ground_field(g, 0, RISK_DIM_REPUTATION, "yes", pp, 1);
		ground_findings(g, c, r, 0, RISK_DIM_REPUTATION, raw_rules, app,
		    0);
	}
	/* Person and property: doors and payments opened by a face. */
	lv = res->dim[RISK_DIM_PROPERTY];
	if (lv > RISK_IMPACT_LOW) {
		x = ground(g, 0, RISK_DIM_PROPERTY, "value");
		x->path = "scenario";
		x->in_app = 1;
		x->enum_name = "scenario";
		x->value = str(get(a, "scenario"));
	}
	if (lv == RISK_IMPACT_SEVERE && truth(raw_of(a, &pp)) == 1)
		ground_field(g, 0, RISK_DIM_PROPERTY, "yes", pp, 1);

	/* (a) Network environment and technical measures. */
	lv = res->factor[RISK_FACTOR_NETWORK];
	if (lv >= RISK_LIKE_HIGH)
		ground_findings(g, c, r, 1, RISK_FACTOR_NETWORK, art14_rules, -1,
		    treated);
	if (lv > RISK_LIKE_LOW && in.internet_exposed && (lv != RISK_LIKE_HIGH ||
	    in.art14_missing == 0)) {
		if (truth(get(sm, "internet_facing")) == 1)
			ground_field(g, 1, RISK_FACTOR_NETWORK, "yes",
			    "security_measures.internet_facing", 0);
		if (transmits(a, &t) == 1)
			ground_field(g, 1, RISK_FACTOR_NETWORK, "yes",
			    "external_transmission.occurs", 1);
		ground_findings(g, c, r, 1, RISK_FACTOR_NETWORK,
		    (const char *const[]){ "art8.transmission", NULL }, app, 0);
	}
	if (lv == RISK_LIKE_MEDIUM && !in.emergency_plan)
		ground_field(g, 1, RISK_FACTOR_NETWORK, "not_stated",
		    "security_measures.incident_response.plan", 0);
	/* (b) Processing flow: the failing duties of notice, consent, ... */
	if (res->factor[RISK_FACTOR_PROCESS] > RISK_LIKE_LOW)
		ground_findings(g, c, r, 1, RISK_FACTOR_PROCESS, process_rules,
		    app, treated);
	/* (c) People and third parties. */
	if (res->factor[RISK_FACTOR_PEOPLE] > RISK_LIKE_LOW) {
		if (!has_text(get(get(c->filing, "pi_protection_officer"),
		    "name")))
			ground_field(g, 1, RISK_FACTOR_PEOPLE, "not_stated",
			    "pi_protection_officer.name", 0);
		cJSON_ArrayForEach(p, get(a, "providers"))
			if (truth(get(p, "contract")) != 1) {
				x = ground(g, 1, RISK_FACTOR_PEOPLE,
				    "provider_contract");
				x->table = "providers";
				x->path = "contract";
				x->in_app = 1;
				x->name = str(get(p, "name"));
				break;
			}
		if (!has_text(get(sm, "staff_training")))
			ground_field(g, 1, RISK_FACTOR_PEOPLE, "not_stated",
			    "security_measures.staff_training", 0);
		t = get(sm, "confidentiality_agreements");
		if (truth(t) != 1)
			ground_field(g, 1, RISK_FACTOR_PEOPLE, truth(t) == 0 ?
			    "no" : "not_stated",
			    "security_measures.confidentiality_agreements", 0);
	}
	/* (d) Business characteristics and scale: incidents. */
	if (in.incidents_here)
		ground_field(g, 1, RISK_FACTOR_SCALE, "incidents", "incidents",
		    0);
	else if (in.incidents_sector)
		ground(g, 1, RISK_FACTOR_SCALE, "sector_incidents");
}

void
rules_grounds_release(struct rules_grounds *g)
{
	if (g == NULL)
		return;
	free(g->v);
	memset(g, 0, sizeof *g);
}
