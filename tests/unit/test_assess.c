/*
 * test_assess.c — the whole assessment on the sample filing and on a
 * variant with failures: the document (frfile-assess/1) states every
 * rule of the report once with its result, its summary adds up, every
 * failure has one dated treatment item and nothing else has one, the
 * levels are the highest of the applications' and never rise after
 * treatment, a language's view replaces every {zh, en} pair, and dates
 * are written out in both languages.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/assess.h"
#include "core/date.h"
#include "core/forms.h"
#include "core/fr.h"
#include "core/rules.h"

static struct fr_schema *schema;
static cJSON *sample;

static int
setup(void **state)
{
	char *buf = NULL;
	size_t len;

	(void)state;
	if (fr_schema_load("forms", &schema, NULL) != FR_OK ||
	    fr_read_file("samples/filing.json", 0, &buf, &len) != FR_OK)
		return -1;
	sample = cJSON_ParseWithLength(buf, len);
	free(buf);
	return sample != NULL ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	cJSON_Delete(sample);
	fr_schema_free(schema);
	return 0;
}

static const cJSON *
get(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	if (v == NULL)
		fail_msg("no '%s'", k);
	return v;
}

static const char *
str(const cJSON *o, const char *k)
{
	const char *s = cJSON_GetStringValue(get(o, k));

	if (s == NULL)
		fail_msg("'%s' is not a string", k);
	return s;
}

/* Run the assessment of filing on day; the document (caller deletes). */
static cJSON *
run(const cJSON *filing, int today, struct assess *a)
{
	static struct rules_ctx c;
	void *cat = NULL;
	struct fr_diags d;

	fr_diags_init(&d);
	assert_int_equal(assess_catalogue_load("forms/rules.json", &cat, &d),
	    FR_OK);
	fr_diags_release(&d);
	rules_ctx_init(&c);
	c.today = today;
	c.schema = schema;
	c.filing = filing;
	memset(a, 0, sizeof *a);
	assert_int_equal(assess_run(a, &c, cat), FR_OK);
	return assess_json(a);
}

/* The level's rank: low < medium < high < severe. */
static int
rank(const char *level)
{
	static const char *const v[] = { "low", "medium", "high", "severe" };
	int i;

	for (i = 0; i < 4; i++)
		if (strcmp(level, v[i]) == 0)
			return i;
	fail_msg("no level '%s'", level);
	return -1;
}

/* An application reference: its index, -1 for the processor (null). */
static double
appno(const cJSON *o)
{
	const cJSON *v = get(o, "application");

	return cJSON_IsNull(v) ? -1 : cJSON_GetNumberValue(v);
}

/* The treatment item of rule id for application app, or NULL. */
static const cJSON *
treatment(const cJSON *doc, const char *id, double app)
{
	const cJSON *t, *found = NULL;

	cJSON_ArrayForEach(t, get(doc, "treatment"))
		if (strcmp(str(t, "rule"), id) == 0 &&
		    appno(t) == app) {
			assert_null(found);	/* once */
			found = t;
		}
	return found;
}

/*
 * What holds for any assessment: the report and the document agree rule
 * by rule, the summary adds up, failures and treatment items match, the
 * levels are consistent. Returns the number of failures.
 */
static int
check_doc(const struct assess *a, const cJSON *doc, int today)
{
	const cJSON *rules = get(doc, "rules"), *r, *sum = get(doc, "summary"),
	    *risk, *t;
	int n = 0, counts[4] = { 0, 0, 0, 0 }, worst = 0, worst_res = 0;
	size_t k;
	char day[FR_DATE_LEN];

	fr_date_format(today, day);

	assert_string_equal(str(doc, "schema"), "frfile-assess/1");
	assert_string_equal(str(doc, "date"), day);
	assert_int_equal(cJSON_GetArraySize(rules), (int)a->report.n);
	for (k = 0; k < a->report.n; k++) {
		const struct rule_result *rr = &a->report.v[k];
		int seen = 0;

		cJSON_ArrayForEach(r, rules) {
			const cJSON *app = get(r, "application");

			if (strcmp(str(r, "id"), rr->id) != 0 ||
			    (rr->app < 0 ? !cJSON_IsNull(app) :
			    cJSON_GetNumberValue(app) != rr->app))
				continue;
			seen++;
			assert_string_equal(str(r, "result"),
			    rule_status_name(rr->status));
			assert_string_equal(str(r, "reason"), rr->reason);
			assert_string_equal(str(r, "article"), rr->article);
		}
		if (seen != 1)
			fail_msg("%s (application %d) appears %d times", rr->id,
			    rr->app, seen);
	}
	cJSON_ArrayForEach(r, rules) {
		const char *res = str(r, "result");

		counts[strcmp(res, "pass") == 0 ? 0 : strcmp(res, "fail") == 0 ?
		    1 : strcmp(res, "needs_review") == 0 ? 2 : 3]++;
		if (strcmp(res, "fail") != 0) {
			/* Nothing to treat for a rule that does not fail. */
			assert_null(treatment(doc, str(r, "id"), appno(r)));
			continue;
		}
		n++;
		t = treatment(doc, str(r, "id"), appno(r));
		if (t == NULL)
			fail_msg("%s fails with no treatment item", str(r, "id"));
		assert_string_equal(str(t, "decision"), "treat");
		assert_true(strcmp(str(t, "deadline"), day) >= 0);
		assert_non_null(cJSON_GetStringValue(get(get(t, "action"),
		    "zh")));
	}
	assert_int_equal(cJSON_GetArraySize(get(doc, "treatment")), n);
	assert_int_equal(cJSON_GetNumberValue(get(sum, "rules")),
	    a->report.n);
	assert_int_equal(cJSON_GetNumberValue(get(sum, "pass")), counts[0]);
	assert_int_equal(cJSON_GetNumberValue(get(sum, "fail")), counts[1]);
	assert_int_equal(cJSON_GetNumberValue(get(sum, "needs_review")),
	    counts[2]);
	assert_int_equal(cJSON_GetNumberValue(get(sum, "not_applicable")),
	    counts[3]);
	assert_int_equal(cJSON_GetNumberValue(get(sum, "undated_failures")),
	    assess_undated_failures(a));

	/* The applications' levels; the summary states the highest. */
	assert_int_equal(cJSON_GetArraySize(get(doc, "risk")), a->napps);
	cJSON_ArrayForEach(risk, get(doc, "risk")) {
		int l = rank(str(risk, "level")), res;

		res = rank(str(get(risk, "residual"), "level"));
		assert_true(res <= l);
		worst = l > worst ? l : worst;
		worst_res = res > worst_res ? res : worst_res;
	}
	assert_int_equal(rank(str(sum, "risk_level")), worst);
	assert_int_equal(rank(str(sum, "residual_level")), worst_res);
	assert_string_equal(str(sum, "risk_level"), risk_level_name(a->level));
	return n;
}

/* The sample: nothing fails, nothing to treat. */
static void
test_assess__sample(void **state)
{
	struct assess a;
	cJSON *doc;

	(void)state;
	doc = run(sample, fr_date_from_ymd(2026, 11, 28), &a);
	assert_int_equal(check_doc(&a, doc, fr_date_from_ymd(2026, 11, 28)),
	    0);
	assert_int_equal(a.report.counts[RULE_FAIL], 0);
	assert_true(a.report.counts[RULE_PASS] > 40);
	assert_int_equal(assess_undated_failures(&a), 0);
	cJSON_Delete(doc);
	assess_release(&a);
}

/*
 * No alternative to facial recognition (Art. 10) in the first
 * application: the rule fails there and only there, its treatment item
 * is due 30 days on, written out in both languages.
 */
static void
test_assess__failure_treated(void **state)
{
	cJSON *f = cJSON_Duplicate(sample, 1), *doc, *alt;
	const cJSON *t, *r;
	struct assess a;
	int today = fr_date_from_ymd(2026, 11, 28), fails = 0;

	(void)state;
	alt = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(
	    cJSON_GetObjectItemCaseSensitive(f, "applications"), 0),
	    "alternatives");
	cJSON_ReplaceItemInObjectCaseSensitive(alt, "offered",
	    cJSON_CreateFalse());
	doc = run(f, today, &a);
	assert_true(check_doc(&a, doc, today) >= 1);
	cJSON_ArrayForEach(r, get(doc, "rules"))
		if (strcmp(str(r, "id"), "art10.alternative") == 0) {
			assert_string_equal(str(r, "result"),
			    appno(r) == 0 ? "fail" : "pass");
			fails += strcmp(str(r, "result"), "fail") == 0;
		}
	assert_int_equal(fails, 1);
	t = treatment(doc, "art10.alternative", 0);
	assert_non_null(t);
	assert_string_equal(str(t, "deadline"), "2026-12-28");
	assert_string_equal(str(get(t, "deadline_text"), "zh"),
	    "2026年12月28日");
	assert_string_equal(str(get(t, "deadline_text"), "en"),
	    "28 December 2026");
	assert_int_equal(cJSON_GetNumberValue(get(get(doc, "summary"),
	    "fail")), a.report.counts[RULE_FAIL]);
	cJSON_Delete(doc);
	assess_release(&a);
	cJSON_Delete(f);
}

/* A language's view: every {zh, en} pair becomes that language's text. */
static void
test_assess__view(void **state)
{
	struct assess a;
	cJSON *doc, *zh, *en;
	const cJSON *r, *rz, *re;

	(void)state;
	doc = run(sample, fr_date_from_ymd(2026, 11, 28), &a);
	zh = assess_view(doc, "zh");
	en = assess_view(doc, "en");
	r = cJSON_GetArrayItem(get(doc, "rules"), 0);
	rz = cJSON_GetArrayItem(get(zh, "rules"), 0);
	re = cJSON_GetArrayItem(get(en, "rules"), 0);
	assert_string_equal(str(rz, "title"), str(get(r, "title"), "zh"));
	assert_string_equal(str(re, "title"), str(get(r, "title"), "en"));
	assert_string_equal(str(rz, "detail"), str(get(r, "detail"), "zh"));
	assert_string_equal(str(rz, "id"), str(r, "id"));
	/* The document itself is left as it was. */
	assert_true(cJSON_IsObject(get(r, "title")));
	cJSON_Delete(zh);
	cJSON_Delete(en);
	cJSON_Delete(doc);
	assess_release(&a);
}

static void
test_assess__date_pair(void **state)
{
	static const struct {
		int y, m, d;
		const char *zh, *en;
	} rows[] = {
		{ 2026, 11, 22, "2026年11月22日", "22 November 2026" },
		{ 2027, 1, 1, "2027年1月1日", "1 January 2027" },
		{ 2024, 2, 29, "2024年2月29日", "29 February 2024" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		cJSON *p = assess_date_pair(fr_date_from_ymd(rows[i].y,
		    rows[i].m, rows[i].d));

		assert_string_equal(str(p, "zh"), rows[i].zh);
		assert_string_equal(str(p, "en"), rows[i].en);
		cJSON_Delete(p);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_assess__sample),
		cmocka_unit_test(test_assess__failure_treated),
		cmocka_unit_test(test_assess__view),
		cmocka_unit_test(test_assess__date_pair),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
