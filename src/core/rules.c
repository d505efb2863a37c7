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
#include "core/fr.h"

const char *const rules_ids[] = {
	"art2.scope",
	"art4.purpose", "art4.necessity", "art4.least_impact",
	"art5.notice", "art5.accessibility",
	"art6.separate_consent", "art6.withdrawal",
	"art7.guardian_consent", "art7.minor_rules",
	"art8.transmission", "art8.retention", "art8.raw_images",
	"art9.pipia_done", "art9.pipia_current", "art9.records_kept",
	"art10.alternative", "art12.voluntary",
	"art13.prohibited_place", "art13.signage", "art13.public_necessity",
	"art14.encryption", "art14.security_audit", "art14.access_control",
	"art14.authorization_management", "art14.intrusion_detection",
	"art14.intrusion_prevention",
	"art15.filing",
	NULL
};

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

/* Art. 13: places where devices are never allowed. */
static const char *const prohibited_places[] = {
	"hotel_room", "public_bath", "changing_room", "restroom", NULL
};

/* Art. 5: what the notice must tell. */
static const char *const notice_items[] = {
	"processor_identity", "purpose", "method", "retention",
	"necessity_impact", "rights_exercise", NULL
};

/* ---- JSON helpers --------------------------------------------------- */

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

static const char *
str(const cJSON *v)
{
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int
date_of(const cJSON *v, int *d)
{
	return str(v) != NULL && fr_date_parse(str(v), d) == FR_OK;
}

static long long
num(const cJSON *v, long long dflt)
{
	if (cJSON_IsNumber(v))
		return (long long)v->valuedouble;
	return dflt;
}

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

static struct rule_result *
add(struct rules_report *r, const char *id, const char *article, int app,
    enum rule_status st, const char *reason)
{
	struct rule_result *x;

	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 32;
		r->v = fr_xreallocarray(r->v, r->cap, sizeof *r->v);
	}
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

static void
set(struct rule_result *x, enum rule_status st, const char *reason)
{
	x->status = st;
	x->reason = reason;
}

void
rules_report_release(struct rules_report *r)
{
	size_t i;
	int k;

	if (r == NULL)
		return;
	for (i = 0; i < r->n; i++)
		for (k = 0; k < r->v[i].nev; k++) {
			free(r->v[i].ev[k].source);
			free(r->v[i].ev[k].path);
			free(r->v[i].ev[k].value);
		}
	free(r->v);
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
}

int
rules_is_accepted(const struct rules_ctx *c, const char *id)
{
	size_t i;

	for (i = 0; i < c->naccepted; i++)
		if (strcmp(c->accepted[i], id) == 0)
			return 1;
	return 0;
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

static void
ev_fact(struct rule_result *x, const struct rules_facts_doc *f,
    const char *path, const cJSON *v)
{
	char *src = fact_source(f);

	ev(x, src, v, "%s", path);
	free(src);
}

/* ---- the filing ----------------------------------------------------- */

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

/* Art. 8: stays in the device unless law or separate consent allows. */
static void
rule_art8_transmission(struct rules_report *r, const cJSON *a, int i)
{
	struct rule_result *x;
	const cJSON *t, *b;
	const char *s;
	int on = transmits(a, &t);

	x = add(r, "art8.transmission", "8", i, RULE_PASS, "none");
	if (get(t, "occurs") != NULL)
		ev(x, "filing", get(t, "occurs"),
		    "applications[%d].external_transmission.occurs", i);
	else
		ev(x, "filing", t, "applications[%d].external_transmission",
		    i);
	if (on == -1) {
		set(x, RULE_NEEDS_REVIEW, "missing");
		return;
	}
	if (on == 0)
		return;
	b = get(t, "basis");
	s = str(b);
	if (s != NULL && (strcmp(s, "separate_consent") == 0 ||
	    strcmp(s, "law") == 0 || strcmp(s, "legal_requirement") == 0))
		set(x, RULE_PASS, "basis_ok");
	else
		set(x, RULE_FAIL, "no_basis");
	ev(x, "filing", b, "applications[%d].external_transmission.basis", i);
}

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
 * Art. 8 with GB/T 41819: keep templates, not images; an image is
 * deleted right after verification unless separately consented to.
 */
static void
rule_art8_raw(struct rules_report *r, const cJSON *a, int i)
{
	struct rule_result *x;
	const char *p;
	const cJSON *v = raw_of(a, &p);

	x = add(r, "art8.raw_images", "8", i, RULE_PASS, "declared");
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

static int
in_list(const char *s, const char *const *list)
{
	size_t k;

	if (s == NULL)
		return 0;
	for (k = 0; list[k] != NULL; k++)
		if (strcmp(s, list[k]) == 0)
			return 1;
	return 0;
}

/* A location in a public place: declared so, or a public-space type. */
static int
is_public(const cJSON *l)
{
	const char *place = str(get(l, "place_type"));

	if (truth(get(l, "public")) == 1)
		return 1;
	return place != NULL && (strcmp(place, "public_space") == 0 ||
	    strcmp(place, "transport_hub") == 0);
}

/* Art. 13: never in private places; signage where public. */
static void
rule_art13(struct rules_report *r, const cJSON *a, int i)
{
	struct rule_result *x, *sg = NULL, *nec = NULL;
	const cJSON *locs = get(a, "locations"), *l, *pt, *s, *ca;
	int j = 0, bad = 0;

	x = add(r, "art13.prohibited_place", "13", i, RULE_PASS, "allowed");
	cJSON_ArrayForEach(l, locs) {
		pt = get(l, "place_type");
		if (in_list(str(pt), prohibited_places)) {
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
		pt = get(l, "place_type");
		if (!is_public(l)) {
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
		/* Art. 8 / GB/T 41819: raw images kept. */
		v = get(f->json, "raw_images_stored");
		if (cJSON_IsTrue(v)) {
			x = row(r, "art8.raw_images", "8", app);
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

/*
 * Whether a facts document shows an Art. 14 measure: present and not
 * switched off; the audit log must also verify when it says so.
 */
static int
fact_measure(const cJSON *prot, const char *key, const cJSON **v)
{
	const cJSON *cv;

	*v = get(prot, key);
	if (*v == NULL || cJSON_IsNull(*v))
		return 0;
	if (cJSON_IsObject(*v)) {
		cv = get(*v, "chain_verified");
		if (cJSON_IsBool(cv) && !cJSON_IsTrue(cv))
			return 0;
		if (get(*v, "algorithm") != NULL &&
		    !has_text(get(*v, "algorithm")))
			return 0;
	}
	return truth(*v) == 1;
}

/* Art. 14: the six measures, declared and (where facts exist) shown. */
static void
rule_art14(const struct rules_ctx *c, struct rules_report *r)
{
	const cJSON *sm = get(c->filing, "security_measures"), *d, *fv, *prot;
	struct rule_result *x;
	size_t m, k;
	int dec;

	for (m = 0; m < NART14; m++) {
		d = get(sm, art14[m].key);
		if (d == NULL && strcmp(art14[m].key, "security_audit") == 0)
			d = get(sm, "audit");
		dec = truth(d);
		x = add(r, art14[m].id, "14", -1,
		    dec == 1 ? RULE_PASS : RULE_FAIL,
		    dec == 1 ? "declared" : dec == 0 ? "declared_false" :
		    "missing");
		/* Point at the flag itself, not the whole object. */
		if (get(d, "implemented") != NULL)
			ev(x, "filing", get(d, "implemented"),
			    "security_measures.%s.implemented", art14[m].key);
		else
			ev(x, "filing", d, "security_measures.%s",
			    art14[m].key);
		for (k = 0; k < c->nfacts; k++) {
			prot = get(c->facts[k].json, "protection");
			if (fact_measure(prot, art14[m].fact, &fv))
				continue;
			/* Facts beat declarations. */
			set(x, RULE_FAIL, dec == 1 ? "facts_contradict" :
			    "facts_missing");
			{
				char *src = fact_source(&c->facts[k]);

				ev(x, src, fv, "protection.%s", art14[m].fact);
				free(src);
			}
		}
	}
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
	x = add(r, "art9.pipia_done", "9", -1, RULE_FAIL, "missing");
	ev(x, "filing", dv, "%s.date", k);
	if (date_of(dv, &pd)) {
		if (pd <= c->today)
			set(x, RULE_PASS, "declared");
		else
			set(x, RULE_FAIL, "future_date");
	} else
		pd = -1;

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
		set(x, RULE_PASS, "filed");
		return;
	}
	fd = get(f, "date");
	ev(x, "filing", fd, "filing.date");
	if (!date_of(fd, &filing_date))
		filing_date = -1;
	if (filing_date >= 0 && filing_date <= c->today) {
		set(x, RULE_PASS, "filed");
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
		rule_art8_transmission(r, a, i);
		rule_art8_retention(r, a, i);
		rule_art8_raw(r, a, i);
		rule_art10(r, a, i);
		rule_art12(r, a, i);
		rule_art13(r, a, i);
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
		if (treated && !rules_is_accepted(c, id))
			continue;
		return 1;
	}
	return 0;
}

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

void
rules_risk_input(const struct rules_ctx *c, const struct rules_report *r,
    int app, int treated, struct risk_input *in)
{
	static const char *const process_rules[] = {
		"art4.purpose", "art4.necessity", "art5.notice",
		"art5.accessibility", "art6.separate_consent",
		"art6.withdrawal", "art7.guardian_consent", "art7.minor_rules",
		"art8.transmission", "art8.retention", "art8.raw_images",
		"art12.voluntary", "art13.signage", NULL
	};
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
		if (is_public(l))
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
	    failing(c, r, "art8.raw_images", app, 0);
	if (treated && !rules_is_accepted(c, "art8.raw_images"))
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
