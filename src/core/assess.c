/*
 * assess.c — rules, risk and treatment joined into the assessment
 * document that `frfile assess` prints and the PIPIA report is written
 * from. The prose comes from forms/rules.json; this file only arranges it.
 */
#include "core/assess.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/forms.h"
#include "core/fr.h"
#include "core/review.h"

/* A member of an object, or NULL (also when o is no object). */
static const cJSON *
get(const cJSON *o, const char *k)
{
	if (o == NULL || !cJSON_IsObject(o))
		return NULL;
	return cJSON_GetObjectItemCaseSensitive(o, k);
}

/* A {zh, en} pair with both texts present. */
static int
bilingual(const cJSON *v)
{
	return cJSON_IsString(get(v, "zh")) && cJSON_IsString(get(v, "en"));
}

/* What the catalogue says of a review, and of the grounds of a level. */
static const char *const review_texts[] = { "concluded", "stale",
    "accepted", "pass", "fail", "accept", NULL };
static const char *const ground_texts[] = { "sensitive", "not_stated", "no",
    "yes", "value", "public_place", "provider_contract", "finding_fails",
    "incidents", "sector_incidents", "significant", "facts_minors", NULL };

int
assess_catalogue_load(const char *path, void **catalogue,
    struct fr_diags *d)
{
	char *p = NULL, *text = NULL;
	size_t len, k;
	cJSON *j = NULL;
	const cJSON *rules, *r, *owners;
	int rc = FR_OK;

	*catalogue = NULL;
	p = path ? fr_xstrdup(path) : fr_datafile("forms", "rules.json");
	if ((rc = fr_read_file(p, 1 << 22, &text, &len)) != FR_OK) {
		fr_diag_add(d, FR_SEV_ERROR, p, NULL, 0, 0, "rules.read",
		    "cannot read the rule catalogue: %s", fr_strerror(rc));
		goto out;
	}
	if ((j = cJSON_ParseWithLength(text, len)) == NULL) {
		fr_diag_add(d, FR_SEV_ERROR, p, NULL, 0, 0, "rules.syntax",
		    "the rule catalogue is not valid JSON");
		rc = FR_EFORMAT;
		goto out;
	}
	rules = get(j, "rules");
	owners = get(j, "owners");
	for (k = 0; rules_ids[k] != NULL; k++) {
		r = get(rules, rules_ids[k]);
		/*
		 * deadline_days may be null: no date is set, and --final
		 * refuses a failure of that rule until the plan dates it.
		 */
		if (!bilingual(get(r, "title")) ||
		    !bilingual(get(r, "remedy")) ||
		    !bilingual(get(r, "verify")) ||
		    !(cJSON_IsNumber(get(r, "deadline_days")) ||
		    cJSON_IsNull(get(r, "deadline_days"))) ||
		    !cJSON_IsString(get(r, "owner")) ||
		    !bilingual(get(owners, get(r, "owner")->valuestring)) ||
		    !cJSON_IsBool(get(r, "duty")) ||
		    !cJSON_IsArray(get(r, "reads")) ||
		    cJSON_GetArraySize(get(r, "reads")) == 0 ||
		    !cJSON_IsObject(get(r, "cite"))) {
			fr_diag_add(d, FR_SEV_ERROR, p, NULL, 0, 0,
			    "rules.entry", "rules.%s: expected title, remedy, "
			    "verify (zh and en), owner, deadline_days, duty, "
			    "reads and cite", rules_ids[k]);
			rc = FR_EFORMAT;
		}
	}
	for (k = 0; rules_reasons[k] != NULL; k++)
		if (!bilingual(get(get(j, "reasons"), rules_reasons[k]))) {
			fr_diag_add(d, FR_SEV_ERROR, p, NULL, 0, 0,
			    "rules.reason", "reasons.%s: expected zh and en",
			    rules_reasons[k]);
			rc = FR_EFORMAT;
		}
	if (!bilingual(get(get(j, "advice"), "art11.national_channels"))) {
		fr_diag_add(d, FR_SEV_ERROR, p, NULL, 0, 0, "rules.advice",
		    "advice.art11.national_channels: expected zh and en");
		rc = FR_EFORMAT;
	}
	for (k = 0; review_texts[k] != NULL; k++)
		if (!bilingual(get(get(j, "reviews"), review_texts[k]))) {
			fr_diag_add(d, FR_SEV_ERROR, p, NULL, 0, 0,
			    "rules.review", "reviews.%s: expected zh and en",
			    review_texts[k]);
			rc = FR_EFORMAT;
		}
	for (k = 0; ground_texts[k] != NULL; k++)
		if (!bilingual(get(get(j, "grounds"), ground_texts[k]))) {
			fr_diag_add(d, FR_SEV_ERROR, p, NULL, 0, 0,
			    "rules.ground", "grounds.%s: expected zh and en",
			    ground_texts[k]);
			rc = FR_EFORMAT;
		}
	for (k = 0; k < RISK_ADJ_COUNT; k++)
		if (!bilingual(get(get(j, "adjustments"),
		    risk_adj_name((enum risk_adj_code)k)))) {
			fr_diag_add(d, FR_SEV_ERROR, p, NULL, 0, 0,
			    "rules.adjustment", "adjustments.%s: expected zh "
			    "and en", risk_adj_name((enum risk_adj_code)k));
			rc = FR_EFORMAT;
		}
out:
	if (rc != FR_OK) {
		cJSON_Delete(j);
		j = NULL;
	}
	*catalogue = j;
	free(text);
	free(p);
	return rc;
}

void
assess_catalogue_free(void *c)
{
	cJSON_Delete(c);
}

/*
 * A needs-review finding takes the conclusion recorded for it, when the
 * evidence is what the reviewer saw. A finding that is no longer one
 * that needs review (a failure measured from facts, say) keeps its
 * result: a review never overturns a measured failure.
 */
static void
apply_reviews(struct assess *a)
{
	const struct review_set *rs = a->ctx->reviews;
	const struct review *rev;
	char h[REVIEW_HASH_LEN];
	size_t k;

	if (rs == NULL || rs->n == 0 || a->report.n == 0)
		return;
	a->rv = fr_xcalloc(a->report.n, sizeof *a->rv);
	for (k = 0; k < a->report.n; k++) {
		struct rule_result *r = &a->report.v[k];

		rev = review_find(rs, r->id, r->app, r->app >= 0 ?
		    rules_app_id(a->ctx, r->app) : NULL);
		if (rev == NULL || rev->conclusion == REVIEW_ACCEPT)
			continue;
		review_hash_finding(r, h);
		a->rv[k].rev = rev;
		a->rv[k].stale = r->status != RULE_NEEDS_REVIEW ||
		    strcmp(h, rev->hash) != 0;
		if (a->rv[k].stale)
			continue;
		a->report.counts[r->status]--;
		r->status = rev->conclusion == REVIEW_PASS ? RULE_PASS :
		    RULE_FAIL;
		a->report.counts[r->status]++;
	}
}

/* Each application's residual risk, accepted on the grading seen. */
static void
apply_acceptances(struct assess *a)
{
	const struct review_set *rs = a->ctx->reviews;
	const struct review *rev;
	char h[REVIEW_HASH_LEN], *id;
	const char *aid;
	int i;

	if (rs == NULL || rs->n == 0 || a->napps == 0)
		return;
	a->acc = fr_xcalloc((size_t)a->napps, sizeof *a->acc);
	for (i = 0; i < a->napps; i++) {
		if ((aid = rules_app_id(a->ctx, i)) == NULL)
			continue;
		id = fr_xasprintf("risk.%s", aid);
		rev = review_find(rs, id, i, aid);
		free(id);
		if (rev == NULL || rev->conclusion != REVIEW_ACCEPT)
			continue;
		assess_risk_hash(a, i, h);
		a->acc[i].rev = rev;
		a->acc[i].stale = strcmp(h, rev->hash) != 0;
	}
}

int
assess_run(struct assess *a, const struct rules_ctx *ctx, void *catalogue)
{
	int i;

	memset(a, 0, sizeof *a);
	a->ctx = ctx;
	a->catalogue = catalogue;
	rules_run(ctx, &a->report);
	a->napps = rules_napps(ctx);
	if (a->napps > 0) {
		a->in = fr_xcalloc((size_t)a->napps, sizeof *a->in);
		a->risk = fr_xcalloc((size_t)a->napps, sizeof *a->risk);
		a->in_res = fr_xcalloc((size_t)a->napps, sizeof *a->in_res);
		a->residual = fr_xcalloc((size_t)a->napps,
		    sizeof *a->residual);
	}
	apply_reviews(a);
	a->level = RISK_LEVEL_LOW;
	a->residual_level = RISK_LEVEL_LOW;
	for (i = 0; i < a->napps; i++) {
		rules_risk_input(ctx, &a->report, i, 0, &a->in[i]);
		risk_assess(&a->in[i], &a->risk[i]);
		rules_risk_input(ctx, &a->report, i, 1, &a->in_res[i]);
		risk_assess(&a->in_res[i], &a->residual[i]);
		if (a->risk[i].level > a->level)
			a->level = a->risk[i].level;
		if (a->residual[i].level > a->residual_level)
			a->residual_level = a->residual[i].level;
	}
	apply_acceptances(a);
	return FR_OK;
}

void
assess_risk_hash(const struct assess *a, int app, char out[65])
{
	review_hash_risk(&a->in_res[app], &a->residual[app], out);
}

void
assess_release(struct assess *a)
{
	if (a == NULL)
		return;
	rules_report_release(&a->report);
	free(a->in);
	free(a->risk);
	free(a->in_res);
	free(a->residual);
	free(a->rv);
	free(a->acc);
	cJSON_Delete(a->catalogue);
	memset(a, 0, sizeof *a);
}

/*
 * The day the treatment plan sets for a failed rule: the catalogue's
 * deadline from today, or a statutory due date (at once once it has
 * passed). -1 when the catalogue sets none.
 */
static int
remedy_date(const struct assess *a, const struct rule_result *r)
{
	const cJSON *rc = get(get(a->catalogue, "rules"), r->id);
	const cJSON *dd = get(rc, "deadline_days");
	int dl;

	if (r->due >= 0)
		return r->due < a->ctx->today ? a->ctx->today : r->due;
	if (!cJSON_IsNumber(dd) || dd->valuedouble < 0 ||
	    dd->valuedouble >= 3660)
		return -1;
	dl = a->ctx->today + dd->valueint;
	return dl;
}

int
assess_undated_failures(const struct assess *a)
{
	size_t k;
	int n = 0;

	for (k = 0; k < a->report.n; k++)
		if (a->report.v[k].status == RULE_FAIL &&
		    remedy_date(a, &a->report.v[k]) < 0)
			n++;
	return n;
}

/* A copy of a {zh, en} pair from the catalogue (or null). */
static cJSON *
text2(const cJSON *v)
{
	return v != NULL ? cJSON_Duplicate(v, 1) : cJSON_CreateNull();
}

/* A day as YYYY-MM-DD under k, or null when there is none (-1). */
static void
add_date(cJSON *o, const char *k, int d)
{
	char buf[FR_DATE_LEN];

	if (d < 0)
		cJSON_AddNullToObject(o, k);
	else
		cJSON_AddStringToObject(o, k, fr_date_format(d, buf));
}

/* "2026年11月22日" / "22 November 2026" (assess.h). */
void *
assess_date_pair(int d)
{
	static const char *const months[] = { "January", "February", "March",
	    "April", "May", "June", "July", "August", "September", "October",
	    "November", "December" };
	cJSON *o = cJSON_CreateObject();
	char *t;
	int y, m, dd;

	fr_date_to_ymd(d, &y, &m, &dd);
	t = fr_xasprintf("%d年%d月%d日", y, m, dd);
	cJSON_AddStringToObject(o, "zh", t);
	free(t);
	t = fr_xasprintf("%d %s %d", dd, months[m - 1], y);
	cJSON_AddStringToObject(o, "en", t);
	free(t);
	return o;
}

/* The application a finding belongs to (-1: the whole processor). */
static cJSON *
app_ref(const struct assess *a, cJSON *o, int app)
{
	const char *n, *en;

	if (app < 0) {
		cJSON_AddNullToObject(o, "application");
		cJSON_AddNullToObject(o, "application_name");
	} else {
		cJSON_AddNumberToObject(o, "application", app);
		n = rules_app_name(a->ctx, app);
		if (n != NULL)
			cJSON_AddStringToObject(o, "application_name", n);
		else
			cJSON_AddNullToObject(o, "application_name");
		/* Both languages' names, for the report. */
		en = rules_app_name_en(a->ctx, app);
		if (n != NULL || en != NULL) {
			cJSON *l = cJSON_AddObjectToObject(o,
			    "application_label");

			cJSON_AddStringToObject(l, "zh", n ? n : en);
			cJSON_AddStringToObject(l, "en", en ? en : n);
		}
	}
	return o;
}

/* The {zh, en} label of a risk level. */
static cJSON *
level_pair(const cJSON *cat, const char *name)
{
	return text2(get(get(cat, "levels"), name));
}

/* The named inputs behind the grading, so a reviewer can retrace it. */
static cJSON *
inputs_json(const struct risk_input *in)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "subjects", (double)in->subjects);
	cJSON_AddBoolToObject(o, "sensitive", in->sensitive);
	cJSON_AddBoolToObject(o, "vulnerable", in->vulnerable);
	cJSON_AddBoolToObject(o, "deidentified", in->deidentified);
	cJSON_AddBoolToObject(o, "no_alternative", in->no_alternative);
	cJSON_AddBoolToObject(o, "public_place", in->public_place);
	cJSON_AddNumberToObject(o, "consent_defects", in->consent_defects);
	cJSON_AddBoolToObject(o, "automated_decision", in->automated_decision);
	cJSON_AddBoolToObject(o, "decision_significant",
	    in->decision_significant);
	cJSON_AddBoolToObject(o, "raw_images", in->raw_images);
	cJSON_AddBoolToObject(o, "payment", in->payment);
	cJSON_AddBoolToObject(o, "physical_access", in->physical_access);
	cJSON_AddBoolToObject(o, "internet_exposed", in->internet_exposed);
	cJSON_AddNumberToObject(o, "art14_missing", in->art14_missing);
	cJSON_AddBoolToObject(o, "encryption_missing", in->encryption_missing);
	cJSON_AddBoolToObject(o, "emergency_plan", in->emergency_plan);
	cJSON_AddNumberToObject(o, "process_defects", in->process_defects);
	cJSON_AddNumberToObject(o, "people_defects", in->people_defects);
	cJSON_AddNumberToObject(o, "providers", in->providers);
	cJSON_AddBoolToObject(o, "incidents_here", in->incidents_here);
	cJSON_AddBoolToObject(o, "incidents_sector", in->incidents_sector);
	cJSON_AddBoolToObject(o, "measures_complete", in->measures_complete);
	return o;
}

/* text with each {name} replaced by value (not again inside a value). */
static char *
fill(const char *text, const char *name, const char *value)
{
	char *out = fr_xstrdup(text), *at, *o;
	size_t n = strlen(name), skip = 0;

	if (value == NULL)
		value = "";
	while ((at = strstr(out + skip, name)) != NULL) {
		o = fr_xasprintf("%.*s%s%s", (int)(at - out), out, value,
		    at + n);
		skip = (size_t)(at - out) + strlen(value);
		free(out);
		out = o;
	}
	return out;
}

/*
 * A filing field's label as the forms print it, in lang: the PIPIA's
 * form first, then the application record, then the basic information.
 * table names a table field whose column path is.
 */
static const char *
form_label(const struct fr_schema *s, const char *table, const char *path,
    int in_app, const char *lang)
{
	static const int order[] = { 3, 2, 1 };
	const struct fr_form *f;
	const struct fr_form_section *sec;
	const struct fr_form_field *fld;
	size_t i, j, k, c;
	int zh = strcmp(lang, "zh") == 0;

	if (s == NULL || path == NULL)
		return NULL;
	for (i = 0; i < sizeof order / sizeof order[0]; i++) {
		if ((f = fr_schema_form_n(s, order[i])) == NULL)
			continue;
		for (j = 0; j < f->nsections; j++) {
			sec = &f->sections[j];
			if ((sec->repeat != NULL &&
			    strcmp(sec->repeat, "applications") == 0) != in_app)
				continue;
			for (k = 0; k < sec->nfields; k++) {
				fld = &sec->fields[k];
				if (fld->path == NULL)
					continue;
				if (table == NULL && strcmp(fld->path, path) == 0)
					return zh ? fld->label_zh :
					    fld->label_en;
				if (table == NULL ||
				    strcmp(fld->path, table) != 0)
					continue;
				for (c = 0; c < fld->ncolumns; c++)
					if (fld->columns[c].path != NULL &&
					    strcmp(fld->columns[c].path,
					    path) == 0)
						return zh ?
						    fld->columns[c].label_zh :
						    fld->columns[c].label_en;
			}
		}
	}
	return NULL;
}

/* One ground as a sentence in lang, from the catalogue's grounds. */
static char *
ground_text(const struct assess *a, const struct rules_ground *x,
    const char *lang)
{
	const cJSON *cat = a->catalogue;
	const char *t = cJSON_GetStringValue(get(get(get(cat, "grounds"),
	    x->code), lang));
	const char *field = NULL, *value = x->value;
	char *s1, *s2, *s3, *out;

	if (t == NULL)
		return NULL;
	if (x->rule != NULL)
		field = cJSON_GetStringValue(get(get(get(get(cat, "rules"),
		    x->rule), "title"), lang));
	else if (x->path != NULL)
		field = form_label(a->ctx->schema, x->table, x->path, x->in_app,
		    lang);
	if (field == NULL && (x->rule != NULL || x->path != NULL))
		field = strcmp(lang, "zh") == 0 ? "相关填写项" :
		    "an entry of the filing";
	if (x->enum_name != NULL && x->value != NULL && a->ctx->schema != NULL &&
	    fr_enum_label(a->ctx->schema, x->enum_name, x->value, lang) != NULL)
		value = fr_enum_label(a->ctx->schema, x->enum_name, x->value,
		    lang);
	s1 = fill(t, "{field}", field);
	s2 = fill(s1, "{value}", value);
	s3 = fill(s2, "{name}", x->name != NULL ? x->name :
	    (strcmp(lang, "zh") == 0 ? "未命名" : "unnamed"));
	out = fill(s3, "{article}", x->rule != NULL ?
	    rules_article_of(x->rule) : "");
	free(s1);
	free(s2);
	free(s3);
	return out;
}

/*
 * Why one dimension (factor 0) or factor (1) of an application has its
 * level: {zh, en} sentences naming the inputs by the forms' labels.
 * Empty at the base level only.
 */
static cJSON *
reasons_json(const struct assess *a, int app, const struct rules_grounds *g,
    int factor, int index)
{
	cJSON *arr = cJSON_CreateArray(), *o, *e;
	size_t k;
	char *zh, *en;
	int dup;

	(void)app;
	for (k = 0; k < g->n; k++) {
		if (g->v[k].factor != factor || g->v[k].index != index)
			continue;
		zh = ground_text(a, &g->v[k], "zh");
		en = ground_text(a, &g->v[k], "en");
		dup = 0;
		cJSON_ArrayForEach(e, arr)
			if (zh != NULL && strcmp(cJSON_GetStringValue(get(e,
			    "zh")), zh) == 0)
				dup = 1;
		if (zh != NULL && en != NULL && !dup) {
			o = cJSON_CreateObject();
			cJSON_AddStringToObject(o, "zh", zh);
			cJSON_AddStringToObject(o, "en", en);
			cJSON_AddItemToArray(arr, o);
		}
		free(zh);
		free(en);
	}
	return arr;
}

/* Whether an adjustment moves the impact (else the likelihood). */
static int
adj_is_impact(enum risk_adj_code c)
{
	return c == RISK_ADJ_SENSITIVE_SCALE || c == RISK_ADJ_VULNERABLE ||
	    c == RISK_ADJ_DEIDENTIFIED;
}

/* An application's risk grading, as assessed or after treatment. */
static cJSON *
grading_json(const struct assess *a, int app, int treated)
{
	const cJSON *cat = a->catalogue;
	const struct risk_input *in = treated ? &a->in_res[app] : &a->in[app];
	const struct risk_result *r = treated ? &a->residual[app] :
	    &a->risk[app];
	cJSON *o = cJSON_CreateObject(), *arr, *x, *ia, *la;
	struct rules_grounds g;
	int k;

	rules_risk_grounds(a->ctx, &a->report, app, treated, r, &g);

	arr = cJSON_AddArrayToObject(o, "dimensions");
	for (k = 0; k < RISK_DIM_COUNT; k++) {
		const char *n = risk_dimension_name((enum risk_dimension)k);

		x = cJSON_CreateObject();
		cJSON_AddStringToObject(x, "dimension", n);
		cJSON_AddItemToObject(x, "label",
		    text2(get(get(cat, "dimensions"), n)));
		cJSON_AddStringToObject(x, "level",
		    risk_impact_name(r->dim[k]));
		cJSON_AddItemToObject(x, "reasons", reasons_json(a, app, &g, 0,
		    k));
		cJSON_AddItemToArray(arr, x);
	}
	cJSON_AddStringToObject(o, "impact_base",
	    risk_impact_name(r->impact_base));
	cJSON_AddStringToObject(o, "impact", risk_impact_name(r->impact));
	arr = cJSON_AddArrayToObject(o, "factors");
	for (k = 0; k < RISK_FACTOR_COUNT; k++) {
		const char *n = risk_factor_name((enum risk_factor)k);

		x = cJSON_CreateObject();
		cJSON_AddStringToObject(x, "factor", n);
		cJSON_AddItemToObject(x, "label",
		    text2(get(get(cat, "factors"), n)));
		cJSON_AddStringToObject(x, "level",
		    risk_likelihood_name(r->factor[k]));
		cJSON_AddItemToObject(x, "reasons", reasons_json(a, app, &g, 1,
		    k));
		cJSON_AddItemToArray(arr, x);
	}
	cJSON_AddStringToObject(o, "likelihood_base",
	    risk_likelihood_name(r->likelihood_base));
	cJSON_AddStringToObject(o, "likelihood",
	    risk_likelihood_name(r->likelihood));
	arr = cJSON_AddArrayToObject(o, "adjustments");
	ia = cJSON_AddArrayToObject(o, "impact_adjustments");
	la = cJSON_AddArrayToObject(o, "likelihood_adjustments");
	for (k = 0; k < r->nadj; k++) {
		const struct risk_adjustment *j = &r->adj[k];
		int imp = adj_is_impact(j->code);

		x = cJSON_CreateObject();
		cJSON_AddBoolToObject(x, "changed", j->before != j->after);
		cJSON_AddStringToObject(x, "code", risk_adj_name(j->code));
		cJSON_AddStringToObject(x, "applies_to",
		    imp ? "impact" : "likelihood");
		cJSON_AddStringToObject(x, "before", imp ?
		    risk_impact_name(j->before) :
		    risk_likelihood_name(j->before));
		cJSON_AddStringToObject(x, "after", imp ?
		    risk_impact_name(j->after) :
		    risk_likelihood_name(j->after));
		if (j->value > 0)
			cJSON_AddNumberToObject(x, "value", (double)j->value);
		cJSON_AddItemToObject(x, "reason",
		    text2(get(get(cat, "adjustments"),
		    risk_adj_name(j->code))));
		cJSON_AddItemToArray(imp ? ia : la, cJSON_Duplicate(x, 1));
		cJSON_AddItemToArray(arr, x);
	}
	cJSON_AddStringToObject(o, "level", risk_level_name(r->level));
	cJSON_AddItemToObject(o, "level_label",
	    level_pair(cat, risk_level_name(r->level)));
	cJSON_AddItemToObject(o, "inputs", inputs_json(in));
	rules_grounds_release(&g);
	return o;
}

/* Status order for "the worst result of an article". */
static int
severity(enum rule_status s)
{
	switch (s) {
	case RULE_FAIL:
		return 3;
	case RULE_NEEDS_REVIEW:
		return 2;
	case RULE_PASS:
		return 1;
	default:
		return 0;
	}
}

/*
 * Per article ("a4", "a13", ...): the worst result, whether anything
 * failed or awaits review, and the titles of what failed, so the report's
 * prose can answer each Art. 9 item from the findings.
 */
static void
articles_json(const struct assess *a, cJSON *root)
{
	static const char *const arts[] = { "2", "4", "5", "6", "7", "8", "9",
	    "10", "12", "13", "14", "15", NULL };
	const cJSON *cat = a->catalogue;
	cJSON *all = cJSON_AddObjectToObject(root, "articles"), *o, *f;
	size_t k, i;
	int worst;
	char key[8];

	for (i = 0; arts[i] != NULL; i++) {
		char *zh = fr_xstrdup(""), *en = fr_xstrdup(""), *t;
		const char *tz, *te;

		worst = -1;
		for (k = 0; k < a->report.n; k++) {
			const struct rule_result *r = &a->report.v[k];
			const cJSON *title;

			if (strcmp(r->article, arts[i]) != 0)
				continue;
			if (severity(r->status) > worst)
				worst = severity(r->status);
			if (r->status != RULE_FAIL)
				continue;
			title = get(get(get(cat, "rules"), r->id), "title");
			tz = cJSON_GetStringValue(get(title, "zh"));
			te = cJSON_GetStringValue(get(title, "en"));
			if (tz == NULL)
				tz = r->id;
			if (te == NULL)
				te = r->id;
			if (strstr(zh, tz) == NULL) {
				t = fr_xasprintf("%s%s%s", zh, *zh ? "；" : "",
				    tz);
				free(zh);
				zh = t;
				t = fr_xasprintf("%s%s%s", en, *en ? "; " : "",
				    te);
				free(en);
				en = t;
			}
		}
		snprintf(key, sizeof key, "a%s", arts[i]);
		o = cJSON_AddObjectToObject(all, key);
		cJSON_AddStringToObject(o, "status", worst == 3 ? "fail" :
		    worst == 2 ? "needs_review" : worst == 1 ? "pass" :
		    "not_applicable");
		cJSON_AddBoolToObject(o, "fail", worst == 3);
		cJSON_AddBoolToObject(o, "review", worst == 2);
		f = cJSON_AddObjectToObject(o, "failed");
		cJSON_AddStringToObject(f, "zh", zh);
		cJSON_AddStringToObject(f, "en", en);
		free(zh);
		free(en);
	}
}

/*
 * One language's view of a bilingual document: every {zh, en} pair
 * becomes the string of lang, and each level or result gets a "_text"
 * sibling with its label ("medium" → "中"), for templates.
 */
static void
view_walk(cJSON *o, const cJSON *labels, const char *lang)
{
	static const char *const lv[] = { "level", "impact", "likelihood",
	    "impact_base", "likelihood_base", "before", "after",
	    "residual_level", "risk_level", NULL };
	cJSON *c, *next, *zh, *en;
	size_t k;

	for (c = o != NULL ? o->child : NULL; c != NULL; c = next) {
		next = c->next;
		if (cJSON_IsObject(c) && (zh = cJSON_GetObjectItemCaseSensitive(
		    c, "zh")) != NULL && (en = cJSON_GetObjectItemCaseSensitive(
		    c, "en")) != NULL && cJSON_GetArraySize(c) == 2) {
			cJSON *v = cJSON_Duplicate(strcmp(lang, "zh") == 0 ?
			    zh : en, 1);

			/* In an object the replacement must carry the key. */
			if (!cJSON_IsArray(o) && c->string != NULL)
				cJSON_ReplaceItemInObjectCaseSensitive(o,
				    c->string, v);
			else
				cJSON_ReplaceItemViaPointer(o, c, v);
			continue;
		}
		if (cJSON_IsObject(c) || cJSON_IsArray(c)) {
			view_walk(c, labels, lang);
			continue;
		}
		if (!cJSON_IsString(c) || c->string == NULL || cJSON_IsArray(o))
			continue;
		for (k = 0; lv[k] != NULL; k++)
			if (strcmp(c->string, lv[k]) == 0)
				break;
		if (lv[k] != NULL || strcmp(c->string, "result") == 0) {
			const cJSON *map = get(labels, lv[k] != NULL ?
			    "levels" : "statuses");
			const cJSON *l = get(get(map, c->valuestring), lang);
			char *key = fr_xasprintf("%s_text", c->string);

			if (cJSON_IsString(l) && get(o, key) == NULL)
				cJSON_AddStringToObject(o, key, l->valuestring);
			free(key);
		}
	}
}

void *
assess_view(const void *doc, const char *lang)
{
	cJSON *v = cJSON_Duplicate(doc, 1);
	cJSON *labels = cJSON_Duplicate(get(doc, "labels"), 1);

	view_walk(v, labels, lang);
	cJSON_Delete(labels);
	return v;
}

/*
 * A review as assess --json gives it: who, when, what, why, whether it
 * still applies, and the same as a sentence in both languages.
 */
/* How many findings a review concludes (stale 0), or once did (1). */
static int
reviewed(const struct assess *a, int stale)
{
	size_t k;
	int n = 0, i;

	for (k = 0; a->rv != NULL && k < a->report.n; k++)
		if (a->rv[k].rev != NULL && a->rv[k].stale == stale)
			n++;
	for (i = 0; a->acc != NULL && i < a->napps; i++)
		if (a->acc[i].rev != NULL && a->acc[i].stale == stale)
			n++;
	return n;
}

/* A recorded review of a finding or acceptance, with its sentences. */
static cJSON *
review_json(const struct assess *a, const struct review *rev, int stale)
{
	const cJSON *cat = a->catalogue;
	cJSON *o = cJSON_CreateObject(), *t, *dp;
	const char *lang[] = { "zh", "en" }, *tmpl, *cl;
	char *s1, *s2, *s3, *s4;
	int k;

	cJSON_AddStringToObject(o, "by", rev->by);
	add_date(o, "date", rev->date);
	cJSON_AddStringToObject(o, "conclusion",
	    review_conclusion_name(rev->conclusion));
	cJSON_AddStringToObject(o, "note", rev->note);
	cJSON_AddBoolToObject(o, "stale", stale);
	cJSON_AddItemToObject(o, "conclusion_label", text2(get(get(cat,
	    "reviews"), review_conclusion_name(rev->conclusion))));
	dp = assess_date_pair(rev->date);
	cJSON_AddItemToObject(o, "date_text", cJSON_Duplicate(dp, 1));
	t = cJSON_AddObjectToObject(o, "text");
	for (k = 0; k < 2; k++) {
		tmpl = cJSON_GetStringValue(get(get(get(cat, "reviews"),
		    stale ? "stale" : rev->conclusion == REVIEW_ACCEPT ?
		    "accepted" : "concluded"), lang[k]));
		cl = cJSON_GetStringValue(get(get(get(cat, "reviews"),
		    review_conclusion_name(rev->conclusion)), lang[k]));
		s1 = fill(tmpl != NULL ? tmpl : "", "{by}", rev->by);
		s2 = fill(s1, "{date}", cJSON_GetStringValue(get(dp, lang[k])));
		s3 = fill(s2, "{conclusion}", cl);
		s4 = fill(s3, "{note}", rev->note);
		cJSON_AddStringToObject(t, lang[k], s4);
		free(s1);
		free(s2);
		free(s3);
		free(s4);
	}
	cJSON_Delete(dp);
	return o;
}

/* What decided a rule, as a sentence for the report, under key. */
static void
add_finding(const struct assess *a, cJSON *x, const char *key,
    const struct rule_result *r)
{
	cJSON *e;

	if (r->say[0] != NULL && r->say[1] != NULL) {
		e = cJSON_AddObjectToObject(x, key);
		cJSON_AddStringToObject(e, "zh", r->say[0]);
		cJSON_AddStringToObject(e, "en", r->say[1]);
	} else
		cJSON_AddItemToObject(x, key, text2(get(get(a->catalogue,
		    "reasons"), r->reason)));
}

/* Every rule's result with its evidence, remedy and review. */
static void
rules_json(const struct assess *a, cJSON *root)
{
	const cJSON *cat = a->catalogue, *rc;
	cJSON *arr, *x, *e, *ea;
	const struct rule_result *r;
	size_t k;
	int j;

	arr = cJSON_AddArrayToObject(root, "rules");
	for (k = 0; k < a->report.n; k++) {
		r = &a->report.v[k];
		rc = get(get(cat, "rules"), r->id);
		x = cJSON_CreateObject();
		cJSON_AddStringToObject(x, "id", r->id);
		cJSON_AddStringToObject(x, "article", r->article);
		app_ref(a, x, r->app);
		cJSON_AddStringToObject(x, "result",
		    rule_status_name(r->status));
		cJSON_AddItemToObject(x, "result_label",
		    text2(get(get(cat, "statuses"),
		    rule_status_name(r->status))));
		cJSON_AddStringToObject(x, "reason", r->reason);
		cJSON_AddItemToObject(x, "reason_text",
		    text2(get(get(cat, "reasons"), r->reason)));
		cJSON_AddItemToObject(x, "title", text2(get(rc, "title")));
		ea = cJSON_AddArrayToObject(x, "evidence");
		for (j = 0; j < r->nev; j++) {
			e = cJSON_CreateObject();
			cJSON_AddStringToObject(e, "source", r->ev[j].source);
			cJSON_AddStringToObject(e, "path", r->ev[j].path);
			cJSON_AddStringToObject(e, "value", r->ev[j].value);
			cJSON_AddItemToArray(ea, e);
		}
		add_finding(a, x, "detail", r);
		cJSON_AddBoolToObject(x, "duty",
		    cJSON_IsTrue(get(rc, "duty")));
		if (r->status == RULE_FAIL)
			cJSON_AddItemToObject(x, "remedy",
			    text2(get(rc, "remedy")));
		add_date(x, "due", r->due);
		if (a->rv != NULL && a->rv[k].rev != NULL)
			cJSON_AddItemToObject(x, "review", review_json(a,
			    a->rv[k].rev, a->rv[k].stale));
		cJSON_AddItemToArray(arr, x);
	}
}

/* The findings reviewed, for the report's table of conclusions. */
static void
reviews_json(const struct assess *a, cJSON *root)
{
	const struct rule_result *r;
	cJSON *arr, *x;
	size_t k;

	arr = cJSON_AddArrayToObject(root, "reviews");
	for (k = 0; a->rv != NULL && k < a->report.n; k++) {
		r = &a->report.v[k];
		if (a->rv[k].rev == NULL)
			continue;
		x = review_json(a, a->rv[k].rev, a->rv[k].stale);
		cJSON_AddStringToObject(x, "id", r->id);
		cJSON_AddStringToObject(x, "article", r->article);
		app_ref(a, x, r->app);
		cJSON_AddItemToObject(x, "title", text2(get(get(get(
		    a->catalogue, "rules"), r->id), "title")));
		cJSON_AddStringToObject(x, "result",
		    rule_status_name(r->status));
		cJSON_AddItemToArray(arr, x);
	}
}

/* Each failed rule becomes a treatment item, or an accepted risk. */
static void
treatment_json(const struct assess *a, cJSON *root)
{
	const cJSON *cat = a->catalogue, *rc, *owner;
	const struct rule_result *r;
	cJSON *arr, *x;
	size_t k;
	int j, dl;

	arr = cJSON_AddArrayToObject(root, "treatment");
	for (k = 0; k < a->report.n; k++) {
		r = &a->report.v[k];
		if (r->status != RULE_FAIL)
			continue;
		rc = get(get(cat, "rules"), r->id);
		x = cJSON_CreateObject();
		cJSON_AddStringToObject(x, "rule", r->id);
		cJSON_AddStringToObject(x, "article", r->article);
		app_ref(a, x, r->app);
		cJSON_AddItemToObject(x, "title", text2(get(rc, "title")));
		owner = get(get(cat, "owners"),
		    cJSON_IsString(get(rc, "owner")) ?
		    get(rc, "owner")->valuestring : "officer");
		cJSON_AddItemToObject(x, "owner", text2(owner));
		/*
		 * A duty of the Measures is remedied, never accepted: every
		 * failure is treated, by the date the plan sets.
		 */
		cJSON_AddStringToObject(x, "decision", "treat");
		dl = remedy_date(a, r);
		add_date(x, "deadline", dl);
		if (dl >= 0)
			cJSON_AddItemToObject(x, "deadline_text",
			    assess_date_pair(dl));
		add_finding(a, x, "finding", r);
		/*
		 * The risk the finding sits in: its application's, or for a
		 * processor-wide finding the highest of all applications.
		 */
		if (a->napps > 0) {
			int ai = r->app;

			if (ai < 0)
				for (ai = 0, j = 1; j < a->napps; j++)
					if (a->risk[j].level > a->risk[ai].level)
						ai = j;
			cJSON_AddStringToObject(x, "impact",
			    risk_impact_name(a->risk[ai].impact));
			cJSON_AddStringToObject(x, "likelihood",
			    risk_likelihood_name(a->risk[ai].likelihood));
			cJSON_AddStringToObject(x, "level",
			    risk_level_name(a->risk[ai].level));
		}
		cJSON_AddItemToObject(x, "action", text2(get(rc, "remedy")));
		cJSON_AddItemToObject(x, "verify", text2(get(rc, "verify")));
		cJSON_AddItemToArray(arr, x);
	}
}

/*
 * Residual risks knowingly accepted, with who, when and why (the
 * review file's acceptances); an acceptance made on a grading that
 * has since changed is stale and listed apart. Returns how many stand.
 */
static int
acceptances_json(const struct assess *a, cJSON *root)
{
	cJSON *arr, *ea, *x;
	int i, accepted = 0;

	arr = cJSON_AddArrayToObject(root, "acceptances");
	ea = cJSON_AddArrayToObject(root, "stale_acceptances");
	for (i = 0; a->acc != NULL && i < a->napps; i++) {
		const struct review *ac = a->acc[i].rev;

		if (ac == NULL)
			continue;
		if (!a->acc[i].stale)
			accepted++;
		x = cJSON_CreateObject();
		cJSON_AddStringToObject(x, "id", ac->rule);
		app_ref(a, x, i);
		cJSON_AddStringToObject(x, "residual_level",
		    risk_level_name(a->residual[i].level));
		cJSON_AddStringToObject(x, "accepted_by", ac->by);
		add_date(x, "date", ac->date);
		cJSON_AddItemToObject(x, "date_text", assess_date_pair(ac->date));
		cJSON_AddStringToObject(x, "reason", ac->note);
		cJSON_AddItemToObject(x, "review", review_json(a, ac,
		    a->acc[i].stale));
		cJSON_AddItemToArray(a->acc[i].stale ? ea : arr, x);
	}
	return accepted;
}

/* The labels the report prints and the counts of its summary. */
static void
summary_json(const struct assess *a, cJSON *root, int accepted)
{
	const cJSON *cat = a->catalogue;
	cJSON *o;

	o = cJSON_AddObjectToObject(root, "labels");
	cJSON_AddItemToObject(o, "levels", text2(get(cat, "levels")));
	cJSON_AddItemToObject(o, "statuses", text2(get(cat, "statuses")));
	cJSON_AddItemToObject(o, "dimensions", text2(get(cat, "dimensions")));
	cJSON_AddItemToObject(o, "factors", text2(get(cat, "factors")));
	cJSON_AddItemToObject(o, "owners", text2(get(cat, "owners")));

	o = cJSON_AddObjectToObject(root, "summary");
	cJSON_AddNumberToObject(o, "rules", (double)a->report.n);
	cJSON_AddNumberToObject(o, "pass", (double)a->report.counts[RULE_PASS]);
	cJSON_AddNumberToObject(o, "fail", (double)a->report.counts[RULE_FAIL]);
	cJSON_AddNumberToObject(o, "needs_review",
	    (double)a->report.counts[RULE_NEEDS_REVIEW]);
	cJSON_AddNumberToObject(o, "not_applicable",
	    (double)a->report.counts[RULE_NOT_APPLICABLE]);
	cJSON_AddNumberToObject(o, "accepted", accepted);
	cJSON_AddNumberToObject(o, "reviewed", reviewed(a, 0));
	cJSON_AddNumberToObject(o, "stale_reviews", reviewed(a, 1));
	cJSON_AddNumberToObject(o, "advice", (double)a->report.nadvice);
	cJSON_AddNumberToObject(o, "undated_failures",
	    assess_undated_failures(a));
	cJSON_AddNumberToObject(o, "applications", a->napps);
	cJSON_AddStringToObject(o, "risk_level", risk_level_name(a->level));
	cJSON_AddStringToObject(o, "residual_level",
	    risk_level_name(a->residual_level));
}

void *
assess_json(const struct assess *a)
{
	cJSON *root, *arr, *x;
	size_t k;
	int i, accepted;
	char buf[FR_DATE_LEN];

	root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "schema", "frfile-assess/1");
	cJSON_AddStringToObject(root, "date",
	    fr_date_format(a->ctx->today, buf));
	rules_json(a, root);
	reviews_json(a, root);

	arr = cJSON_AddArrayToObject(root, "risk");
	for (i = 0; i < a->napps; i++) {
		x = grading_json(a, i, 0);
		app_ref(a, x, i);
		cJSON_AddItemToObject(x, "residual", grading_json(a, i, 1));
		cJSON_AddItemToArray(arr, x);
	}

	treatment_json(a, root);
	accepted = acceptances_json(a, root);

	/* Advice that is never a failure (Art. 11). */
	arr = cJSON_AddArrayToObject(root, "advice");
	for (k = 0; k < a->report.nadvice; k++) {
		x = cJSON_CreateObject();
		cJSON_AddStringToObject(x, "code", a->report.advice[k].code);
		cJSON_AddStringToObject(x, "article",
		    a->report.advice[k].article);
		app_ref(a, x, a->report.advice[k].app);
		cJSON_AddItemToObject(x, "text", text2(get(get(a->catalogue,
		    "advice"), a->report.advice[k].code)));
		cJSON_AddItemToArray(arr, x);
	}

	articles_json(a, root);
	summary_json(a, root, accepted);
	return root;
}
