/*
 * review.c — the review file (review.h): reading it with one diagnostic
 * per problem, writing it back, finding the record in force for a
 * finding, and the evidence hashes that tell when a record is stale.
 */
#include "core/review.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/assess.h"
#include "core/date.h"
#include "core/fr.h"
#include "core/hmac.h"

/* The longest name or note kept: a review is a paragraph, not a file. */
#define REVIEW_MAX_TEXT 4000

void
review_set_init(struct review_set *s)
{
	memset(s, 0, sizeof *s);
}

/* Frees the strings of one record, not the record itself. */
static void
review_free(struct review *r)
{
	free(r->rule);
	free(r->app_id);
	free(r->by);
	free(r->note);
}

void
review_set_release(struct review_set *s)
{
	size_t k;

	if (s == NULL)
		return;
	for (k = 0; k < s->n; k++)
		review_free(&s->v[k]);
	free(s->v);
	review_set_init(s);
}

void
review_set_add(struct review_set *s, const struct review *r)
{
	struct review *n;

	s->v = fr_xreallocarray(s->v, s->n + 1, sizeof *s->v);
	n = &s->v[s->n++];
	*n = *r;
	n->rule = fr_xstrdup(r->rule);
	n->app_id = r->app_id != NULL ? fr_xstrdup(r->app_id) : NULL;
	n->by = fr_xstrdup(r->by);
	n->note = fr_xstrdup(r->note);
}

const char *
review_conclusion_name(enum review_conclusion c)
{
	switch (c) {
	case REVIEW_PASS:
		return "pass";
	case REVIEW_FAIL:
		return "fail";
	case REVIEW_ACCEPT:
		return "accept";
	}
	return "?";
}

int
review_conclusion_parse(const char *s)
{
	if (s == NULL)
		return -1;
	if (strcmp(s, "pass") == 0)
		return REVIEW_PASS;
	if (strcmp(s, "fail") == 0)
		return REVIEW_FAIL;
	if (strcmp(s, "accept") == 0)
		return REVIEW_ACCEPT;
	return -1;
}

/* Whether id names a residual risk ("risk.<application id>"), not a rule. */
static int
is_risk_id(const char *id)
{
	return strncmp(id, "risk.", 5) == 0 && id[5] != '\0';
}

/* A non-empty string of at most REVIEW_MAX_TEXT bytes, or NULL. */
static const char *
text_of(const cJSON *v)
{
	if (!cJSON_IsString(v) || v->valuestring[0] == '\0' ||
	    strlen(v->valuestring) > REVIEW_MAX_TEXT)
		return NULL;
	return v->valuestring;
}

/* Whether s is exactly 64 lowercase hex digits (a SHA-256). */
static int
is_hex64(const char *s)
{
	size_t i;

	for (i = 0; i < 64; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return s[64] == '\0';
}

int
review_check_kind(const char *rule, enum review_conclusion c,
    struct fr_diags *d)
{
	const char *art;

	if (is_risk_id(rule)) {
		if (c == REVIEW_ACCEPT)
			return FR_OK;
		fr_diag_add(d, FR_SEV_ERROR, NULL, NULL, 0, 0, "review.kind",
		    "%s is a residual risk: it is accepted (conclusion accept), "
		    "not concluded pass or fail", rule);
		return FR_EINVAL;
	}
	if ((art = rules_article_of(rule)) == NULL) {
		fr_diag_add(d, FR_SEV_ERROR, NULL, NULL, 0, 0, "review.rule",
		    "'%s' is neither a rule id (art13.public_necessity) nor "
		    "risk.<application id>", rule);
		return FR_EINVAL;
	}
	if (c == REVIEW_ACCEPT) {
		fr_diag_add(d, FR_SEV_ERROR, NULL, NULL, 0, 0, "review.kind",
		    "%s is a duty under Art. %s of the Measures; a duty is "
		    "remedied, not accepted (accept is only for an "
		    "application's residual risk, risk.<application id>)",
		    rule, art);
		return FR_EINVAL;
	}
	return FR_OK;
}

int
review_prepare(struct review *r, const struct assess *a, struct fr_diags *d)
{
	const struct rule_result *x, *hit = NULL;
	const char *aid;
	char apps[256];
	size_t k, nhit = 0, al = 0;
	int i;

	if (review_check_kind(r->rule, r->conclusion, d) != FR_OK)
		return FR_EINVAL;
	if (is_risk_id(r->rule)) {
		for (i = 0; i < a->napps; i++)
			if ((aid = rules_app_id(a->ctx, i)) != NULL &&
			    strcmp(aid, r->rule + 5) == 0)
				break;
		if (i >= a->napps) {
			fr_diag_add(d, FR_SEV_ERROR, NULL, NULL, 0, 0,
			    "review.app", "%s: the filing has no application "
			    "with id '%s'", r->rule, r->rule + 5);
			return FR_ENOENT;
		}
		r->app = i;
		r->app_id = (char *)rules_app_id(a->ctx, i);
		assess_risk_hash(a, i, r->hash);
		return FR_OK;
	}
	apps[0] = '\0';
	for (k = 0; k < a->report.n; k++) {
		x = &a->report.v[k];
		if (strcmp(x->id, r->rule) != 0)
			continue;
		if (r->app >= 0 && x->app != r->app)
			continue;
		if (x->status == RULE_NEEDS_REVIEW && x->app >= 0 &&
		    al < sizeof apps - 16)
			al += (size_t)snprintf(apps + al, sizeof apps - al,
			    "%s%d", al > 0 ? ", " : "", x->app);
		hit = x;
		nhit++;
	}
	if (nhit == 0) {
		if (r->app >= 0)
			fr_diag_add(d, FR_SEV_ERROR, NULL, NULL, 0, 0,
			    "review.finding", "%s: no finding for application "
			    "%d", r->rule, r->app);
		else
			fr_diag_add(d, FR_SEV_ERROR, NULL, NULL, 0, 0,
			    "review.finding", "%s: no finding in this "
			    "assessment", r->rule);
		return FR_ENOENT;
	}
	if (nhit > 1) {
		fr_diag_add(d, FR_SEV_ERROR, NULL, NULL, 0, 0, "review.app",
		    "%s is found per application: give --application N (%s%s)",
		    r->rule, apps[0] != '\0' ? "needs review for " : "none needs "
		    "review", apps);
		return FR_EINVAL;
	}
	/*
	 * Only a judgement is concluded: a failure measured from facts or
	 * found in the filing is remedied, never overturned by a review.
	 */
	if (hit->status != RULE_NEEDS_REVIEW) {
		char where[48] = "";

		if (hit->app >= 0)
			snprintf(where, sizeof where, " for application %d",
			    hit->app);
		fr_diag_add(d, FR_SEV_ERROR, NULL, NULL, 0, 0,
		    "review.status", "%s%s: the finding is %s, not one that "
		    "needs review; only a needs-review finding can be "
		    "concluded%s", r->rule, where,
		    rule_status_name(hit->status), hit->status == RULE_FAIL ?
		    " (a failure is remedied, never overturned)" : "");
		return FR_EINVAL;
	}
	r->app = hit->app;
	r->app_id = hit->app >= 0 ? (char *)rules_app_id(a->ctx, hit->app) :
	    NULL;
	review_hash_finding(hit, r->hash);
	return FR_OK;
}

/* One record; 0 when it was kept, -1 after a diagnostic. */
static int
parse_one(struct review_set *s, const char *name, size_t i,
    const cJSON *o, struct fr_diags *d)
{
	const cJSON *v;
	struct review r;
	char path[64];
	const char *t;
	int c;

#define BAD(key, ...) do {						\
	snprintf(path, sizeof path, "reviews[%zu]%s%s", i,		\
	    (key) != NULL ? "." : "", (key) != NULL ? (key) : "");	\
	fr_diag_add(d, FR_SEV_ERROR, name, path, 0, 0, "reviews.entry",	\
	    __VA_ARGS__);						\
	return -1;							\
} while (0)

	memset(&r, 0, sizeof r);
	if (!cJSON_IsObject(o))
		BAD(NULL, "expected an object (rule, conclusion, by, note, "
		    "date, evidence_sha256)");
	v = cJSON_GetObjectItemCaseSensitive(o, "rule");
	if ((t = text_of(v)) == NULL || (rules_article_of(t) == NULL &&
	    !is_risk_id(t)))
		BAD("rule", "expected a rule id (art13.public_necessity) or "
		    "risk.<application id>");
	r.rule = (char *)t;
	v = cJSON_GetObjectItemCaseSensitive(o, "conclusion");
	if ((c = review_conclusion_parse(cJSON_GetStringValue(v))) < 0)
		BAD("conclusion", "expected pass, fail or accept");
	r.conclusion = (enum review_conclusion)c;
	if (review_check_kind(r.rule, r.conclusion, NULL) != FR_OK)
		BAD("conclusion", "%s", c == REVIEW_ACCEPT ? "accept is only "
		    "for an application's residual risk (risk.<application id>)" :
		    "a residual risk (risk.<application id>) is concluded "
		    "accept");
	v = cJSON_GetObjectItemCaseSensitive(o, "application");
	if (v == NULL || cJSON_IsNull(v))
		r.app = -1;
	else if (cJSON_IsNumber(v) && v->valuedouble >= 0 &&
	    v->valuedouble <= 100000 && v->valuedouble == (double)v->valueint)
		r.app = v->valueint;
	else
		BAD("application", "expected an application number (0, 1, "
		    "...) or null");
	v = cJSON_GetObjectItemCaseSensitive(o, "application_id");
	if (v != NULL && !cJSON_IsNull(v) && (t = text_of(v)) == NULL)
		BAD("application_id", "expected the application's id as text");
	r.app_id = v != NULL && !cJSON_IsNull(v) ? v->valuestring : NULL;
	if ((r.by = (char *)text_of(cJSON_GetObjectItemCaseSensitive(o,
	    "by"))) == NULL)
		BAD("by", "expected who concluded, as text of 1 to %d bytes",
		    REVIEW_MAX_TEXT);
	if ((r.note = (char *)text_of(cJSON_GetObjectItemCaseSensitive(o,
	    "note"))) == NULL)
		BAD("note", "expected why, as text of 1 to %d bytes",
		    REVIEW_MAX_TEXT);
	v = cJSON_GetObjectItemCaseSensitive(o, "date");
	if (!cJSON_IsString(v) || fr_date_parse(v->valuestring, &r.date) !=
	    FR_OK)
		BAD("date", "expected a date YYYY-MM-DD");
	v = cJSON_GetObjectItemCaseSensitive(o, "evidence_sha256");
	if (!cJSON_IsString(v) || !is_hex64(v->valuestring))
		BAD("evidence_sha256", "expected the SHA-256 of the evidence, "
		    "64 lowercase hex digits");
	memcpy(r.hash, v->valuestring, 65);
	review_set_add(s, &r);
	return 0;
#undef BAD
}

int
review_set_parse(struct review_set *s, const char *name, const char *text,
    size_t len, struct fr_diags *d)
{
	cJSON *j;
	const cJSON *schema, *arr, *o;
	size_t i = 0;
	int bad = 0;

	review_set_init(s);
	if ((j = cJSON_ParseWithLength(text, len)) == NULL) {
		fr_diag_add(d, FR_SEV_ERROR, name, NULL, 0, 0,
		    "reviews.syntax", "not JSON: expected a review file "
		    "(schema %s)", REVIEW_SCHEMA);
		return FR_EFORMAT;
	}
	schema = cJSON_GetObjectItemCaseSensitive(j, "schema");
	arr = cJSON_GetObjectItemCaseSensitive(j, "reviews");
	if (!cJSON_IsObject(j)) {
		fr_diag_add(d, FR_SEV_ERROR, name, NULL, 0, 0,
		    "reviews.syntax", "expected an object with schema and "
		    "reviews");
		bad = 1;
	} else if (!cJSON_IsString(schema) ||
	    strcmp(schema->valuestring, REVIEW_SCHEMA) != 0) {
		fr_diag_add(d, FR_SEV_ERROR, name, "schema", 0, 0,
		    "reviews.schema", "expected \"%s\"", REVIEW_SCHEMA);
		bad = 1;
	} else if (!cJSON_IsArray(arr)) {
		fr_diag_add(d, FR_SEV_ERROR, name, "reviews", 0, 0,
		    "reviews.syntax", "expected an array of reviews");
		bad = 1;
	} else
		cJSON_ArrayForEach(o, arr) {
			if (parse_one(s, name, i++, o, d) != 0)
				bad = 1;
		}
	cJSON_Delete(j);
	if (bad) {
		review_set_release(s);
		return FR_EFORMAT;
	}
	return FR_OK;
}

char *
review_set_text(const struct review_set *s)
{
	cJSON *j = cJSON_CreateObject(), *arr, *o;
	char buf[FR_DATE_LEN], *t, *out;
	size_t k;

	cJSON_AddStringToObject(j, "schema", REVIEW_SCHEMA);
	arr = cJSON_AddArrayToObject(j, "reviews");
	for (k = 0; k < s->n; k++) {
		const struct review *r = &s->v[k];

		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "rule", r->rule);
		if (r->app >= 0)
			cJSON_AddNumberToObject(o, "application", r->app);
		else
			cJSON_AddNullToObject(o, "application");
		if (r->app_id != NULL)
			cJSON_AddStringToObject(o, "application_id", r->app_id);
		cJSON_AddStringToObject(o, "conclusion",
		    review_conclusion_name(r->conclusion));
		cJSON_AddStringToObject(o, "by", r->by);
		cJSON_AddStringToObject(o, "date", fr_date_format(r->date, buf));
		cJSON_AddStringToObject(o, "note", r->note);
		cJSON_AddStringToObject(o, "evidence_sha256", r->hash);
		cJSON_AddItemToArray(arr, o);
	}
	t = cJSON_Print(j);
	out = fr_xasprintf("%s\n", t);
	free(t);
	cJSON_Delete(j);
	return out;
}

const struct review *
review_find(const struct review_set *s, const char *rule, int app,
    const char *app_id)
{
	size_t k;

	if (s == NULL || rule == NULL)
		return NULL;
	for (k = s->n; k-- > 0;) {
		const struct review *r = &s->v[k];

		if (strcmp(r->rule, rule) != 0)
			continue;
		/* The application is in a residual risk's id. */
		if (is_risk_id(rule))
			return r;
		if (r->app_id != NULL && app_id != NULL) {
			if (strcmp(r->app_id, app_id) == 0)
				return r;
		} else if (r->app == app)
			return r;
	}
	return NULL;
}

char *
review_path_for(const char *filing)
{
	size_t n = strlen(filing);

	if (n > 5 && strcmp(filing + n - 5, ".json") == 0)
		return fr_xasprintf("%.*s.reviews.json", (int)(n - 5), filing);
	return fr_xasprintf("%s.reviews.json", filing);
}

/* Appends a field and a separator that no value can hold. */
static char *
put(char *all, size_t *n, const char *s)
{
	size_t l = strlen(s);

	all = fr_xrealloc(all, *n + l + 2);
	memcpy(all + *n, s, l);
	all[*n + l] = '\0';
	*n += l + 1;
	return all;
}

/* The evidence hash: the SHA-256 of n bytes at all, in hex, into out. */
static void
digest(const char *all, size_t n, char out[REVIEW_HASH_LEN])
{
	unsigned char dig[FR_SHA256_LEN];

	fr_sha256(all != NULL ? all : "", n, dig);
	fr_hex(dig, sizeof dig, out);
}

void
review_hash_finding(const struct rule_result *r, char out[REVIEW_HASH_LEN])
{
	char *all = NULL, num[32], kind[16];
	size_t n = 0;
	int k;

	all = put(all, &n, r->id);
	snprintf(num, sizeof num, "%d", r->app);
	all = put(all, &n, num);
	for (k = 0; k < r->nev; k++) {
		/* "facts FILE (DEVICE)": the kind, not the file's name. */
		snprintf(kind, sizeof kind, "%.*s",
		    (int)strcspn(r->ev[k].source, " "), r->ev[k].source);
		all = put(all, &n, kind);
		all = put(all, &n, r->ev[k].path);
		all = put(all, &n, r->ev[k].value);
	}
	digest(all, n, out);
	free(all);
}

void
review_hash_risk(const struct risk_input *in, const struct risk_result *r,
    char out[REVIEW_HASH_LEN])
{
	char *t;
	int band;

	/* The number of subjects matters by the thresholds it passes. */
	band = (in->subjects >= RISK_SENSITIVE_SUBJECTS) +
	    (in->subjects >= RISK_SCALE_MEDIUM) +
	    (in->subjects >= RISK_SCALE_HIGH);
	t = fr_xasprintf("risk/1 %d %d %d %d %d %d %d %d %d %d %d %d "
	    "%d %d %d %d %d %d %d %d %d %d | %d %d %d",
	    band, in->sensitive, in->vulnerable, in->deidentified,
	    in->no_alternative, in->public_place, in->consent_defects,
	    in->automated_decision, in->decision_significant, in->raw_images,
	    in->payment, in->physical_access, in->internet_exposed,
	    in->art14_missing, in->encryption_missing, in->emergency_plan,
	    in->process_defects, in->people_defects, in->providers,
	    in->incidents_here, in->incidents_sector, in->measures_complete,
	    (int)r->impact, (int)r->likelihood, (int)r->level);
	digest(t, strlen(t), out);
	free(t);
}
