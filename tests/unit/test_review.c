/*
 * test_review.c — the review file as tables: texts in, records or the
 * JSON path of the first problem out; the record in force for a finding;
 * when the evidence hash changes and when it does not; which conclusions
 * fit which records; and review_prepare refusing what does not need
 * review.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "core/assess.h"
#include "core/date.h"
#include "core/fr.h"
#include "core/review.h"
#include "core/rules.h"

#define H64 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define REC(rule, app, concl) "{\"rule\":\"" rule "\",\"application\":" app \
	",\"conclusion\":\"" concl "\",\"by\":\"林秋远\",\"note\":\"n\"," \
	"\"date\":\"2026-11-27\",\"evidence_sha256\":\"" H64 "\"}"
#define FILE1(recs) "{\"schema\":\"frfile-reviews/1\",\"reviews\":[" recs "]}"

static void
test_review__parse(void **state)
{
	static const struct {
		const char *text;
		int rc;
		size_t n;
		const char *path;	/* the first problem's JSON path */
		const char *why;
	} rows[] = {
		{ FILE1(""), FR_OK, 0, NULL, "no review yet" },
		{ FILE1(REC("art13.public_necessity", "2", "pass")), FR_OK, 1,
		  NULL, "a finding concluded" },
		{ FILE1(REC("art15.filing", "null", "fail") ","
		  REC("risk.office-access", "0", "accept")), FR_OK, 2, NULL,
		  "a processor-wide finding and a residual risk" },
		{ "{", FR_EFORMAT, 0, NULL, "not JSON" },
		{ "[]", FR_EFORMAT, 0, NULL, "not an object" },
		{ "{\"schema\":\"frfile-reviews/2\",\"reviews\":[]}", FR_EFORMAT,
		  0, "schema", "another schema" },
		{ "{\"schema\":\"frfile-reviews/1\"}", FR_EFORMAT, 0, "reviews",
		  "no array" },
		{ FILE1("7"), FR_EFORMAT, 0, "reviews[0]", "not an object" },
		{ FILE1(REC("art99.nothing", "1", "pass")), FR_EFORMAT, 0,
		  "reviews[0].rule", "a rule the code does not know" },
		{ FILE1(REC("art13.public_necessity", "1", "accept")),
		  FR_EFORMAT, 0, "reviews[0].conclusion",
		  "a duty is never accepted" },
		{ FILE1(REC("risk.office-access", "1", "pass")), FR_EFORMAT, 0,
		  "reviews[0].conclusion", "a residual risk is accepted" },
		{ FILE1(REC("art15.filing", "1.5", "pass")), FR_EFORMAT, 0,
		  "reviews[0].application", "a fraction" },
		{ FILE1(REC("art15.filing", "null", "pass") "," REC("x", "1",
		  "pass")), FR_EFORMAT, 0, "reviews[1].rule",
		  "the second record is named" },
		{ FILE1("{\"rule\":\"art15.filing\",\"conclusion\":\"pass\","
		  "\"by\":\"\",\"note\":\"n\",\"date\":\"2026-11-27\","
		  "\"evidence_sha256\":\"" H64 "\"}"), FR_EFORMAT, 0,
		  "reviews[0].by", "who is empty" },
		{ FILE1("{\"rule\":\"art15.filing\",\"conclusion\":\"pass\","
		  "\"by\":\"x\",\"note\":\"n\",\"date\":\"2026-13-01\","
		  "\"evidence_sha256\":\"" H64 "\"}"), FR_EFORMAT, 0,
		  "reviews[0].date", "no such month" },
		{ FILE1("{\"rule\":\"art15.filing\",\"conclusion\":\"pass\","
		  "\"by\":\"x\",\"note\":\"n\",\"date\":\"2026-11-01\","
		  "\"evidence_sha256\":\"" "ABCDEF" "\"}"), FR_EFORMAT, 0,
		  "reviews[0].evidence_sha256", "not a hash" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct review_set s;
		struct fr_diags d;
		int rc;

		fr_diags_init(&d);
		rc = review_set_parse(&s, "r.json", rows[i].text,
		    strlen(rows[i].text), &d);
		if (rc != rows[i].rc || s.n != rows[i].n)
			fail_msg("%s: rc %d n %zu", rows[i].why, rc, s.n);
		if (rc != FR_OK && d.errors == 0)
			fail_msg("%s: refused without a diagnostic", rows[i].why);
		if (rows[i].path != NULL && (d.n == 0 || d.v[0].path == NULL ||
		    strcmp(d.v[0].path, rows[i].path) != 0))
			fail_msg("%s: path %s", rows[i].why, d.n > 0 &&
			    d.v[0].path != NULL ? d.v[0].path : "(none)");
		if (d.n > 0 && strcmp(d.v[0].file, "r.json") != 0)
			fail_msg("%s: the file is not named", rows[i].why);
		review_set_release(&s);
		fr_diags_release(&d);
	}
}

/* Written and read back, a set is the same set. */
static void
test_review__round_trip(void **state)
{
	const char *t = FILE1(REC("art13.public_necessity", "2", "pass") ","
	    REC("risk.office-access", "0", "accept"));
	struct review_set a, b;
	char *text;

	(void)state;
	assert_int_equal(review_set_parse(&a, "a", t, strlen(t), NULL), FR_OK);
	text = review_set_text(&a);
	assert_int_equal(text[strlen(text) - 1], '\n');
	assert_int_equal(review_set_parse(&b, "b", text, strlen(text), NULL),
	    FR_OK);
	assert_int_equal(b.n, 2);
	assert_string_equal(b.v[0].rule, "art13.public_necessity");
	assert_int_equal(b.v[0].app, 2);
	assert_int_equal(b.v[0].conclusion, REVIEW_PASS);
	assert_string_equal(b.v[0].by, "林秋远");
	assert_string_equal(b.v[0].hash, H64);
	assert_int_equal(b.v[1].conclusion, REVIEW_ACCEPT);
	free(text);
	review_set_release(&a);
	review_set_release(&b);
	review_set_release(NULL);
}

/* The last record of a finding is in force; an id beats an index. */
static void
test_review__find(void **state)
{
	struct review_set s;
	struct review r;
	const struct review *f;

	(void)state;
	review_set_init(&s);
	memset(&r, 0, sizeof r);
	r.by = "a";
	r.note = "n";
	r.rule = "art13.public_necessity";
	r.app = 2;
	r.app_id = "visitor-reception";
	review_set_add(&s, &r);
	r.by = "b";
	review_set_add(&s, &r);
	r.app = 1;
	r.app_id = NULL;
	r.by = "c";
	review_set_add(&s, &r);
	r.rule = "risk.office-access";
	r.conclusion = REVIEW_ACCEPT;
	r.by = "d";
	review_set_add(&s, &r);

	f = review_find(&s, "art13.public_necessity", 2, "visitor-reception");
	assert_non_null(f);
	assert_string_equal(f->by, "b");
	/* Reordered applications: the id still finds it. */
	f = review_find(&s, "art13.public_necessity", 0, "visitor-reception");
	assert_non_null(f);
	assert_string_equal(f->by, "b");
	f = review_find(&s, "art13.public_necessity", 1, "other");
	assert_non_null(f);
	assert_string_equal(f->by, "c");
	assert_null(review_find(&s, "art13.public_necessity", 3, "x"));
	assert_null(review_find(&s, "art13.signage", 2, "visitor-reception"));
	f = review_find(&s, "risk.office-access", -1, NULL);
	assert_non_null(f);
	assert_string_equal(f->by, "d");
	assert_null(review_find(NULL, "x", 0, NULL));
	review_set_release(&s);
}

static void
test_review__kind_and_path(void **state)
{
	static const struct {
		const char *rule;
		enum review_conclusion c;
		int rc;
	} rows[] = {
		{ "art13.public_necessity", REVIEW_PASS, FR_OK },
		{ "art13.public_necessity", REVIEW_FAIL, FR_OK },
		{ "art13.public_necessity", REVIEW_ACCEPT, FR_EINVAL },
		{ "risk.office-access", REVIEW_ACCEPT, FR_OK },
		{ "risk.office-access", REVIEW_PASS, FR_EINVAL },
		{ "risk.", REVIEW_ACCEPT, FR_EINVAL },
		{ "art13", REVIEW_PASS, FR_EINVAL },
	};
	size_t i;
	char *p;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++)
		if (review_check_kind(rows[i].rule, rows[i].c, NULL) !=
		    rows[i].rc)
			fail_msg("%s %s", rows[i].rule,
			    review_conclusion_name(rows[i].c));
	assert_int_equal(review_conclusion_parse("accept"), REVIEW_ACCEPT);
	assert_int_equal(review_conclusion_parse("Pass"), -1);
	assert_int_equal(review_conclusion_parse(NULL), -1);
	p = review_path_for("dir/filing.json");
	assert_string_equal(p, "dir/filing.reviews.json");
	free(p);
	p = review_path_for("filing");
	assert_string_equal(p, "filing.reviews.json");
	free(p);
}

static void
set_ev(struct rule_result *r, int k, const char *src, const char *path,
    const char *value)
{
	r->ev[k].source = (char *)src;
	r->ev[k].path = (char *)path;
	r->ev[k].value = (char *)value;
	if (k >= r->nev)
		r->nev = k + 1;
}

/* What changes the evidence hash, and what does not. */
static void
test_review__hash(void **state)
{
	struct rule_result r;
	struct risk_input in;
	struct risk_result rr;
	char h0[REVIEW_HASH_LEN], h1[REVIEW_HASH_LEN];

	(void)state;
	memset(&r, 0, sizeof r);
	r.id = "art13.public_necessity";
	r.app = 2;
	set_ev(&r, 0, "filing", "applications[2].locations[0].address",
	    "\"一层大堂\"");
	set_ev(&r, 1, "facts /tmp/a/gate.json (gate-01)", "minors_under_14",
	    "0");
	review_hash_finding(&r, h0);
	assert_int_equal(strlen(h0), 64);
	/* The same facts under another file name: the same evidence. */
	set_ev(&r, 1, "facts /tmp/b/other.json (gate-01)", "minors_under_14",
	    "0");
	review_hash_finding(&r, h1);
	assert_string_equal(h0, h1);
	/* A value, a path, the application, one piece more: changed. */
	set_ev(&r, 1, "facts x (gate-01)", "minors_under_14", "3");
	review_hash_finding(&r, h1);
	assert_string_not_equal(h0, h1);
	set_ev(&r, 1, "facts x (gate-01)", "minors_under_14", "0");
	set_ev(&r, 0, "filing", "applications[2].locations[1].address",
	    "\"一层大堂\"");
	review_hash_finding(&r, h1);
	assert_string_not_equal(h0, h1);
	set_ev(&r, 0, "filing", "applications[2].locations[0].address",
	    "\"一层大堂\"");
	r.app = 1;
	review_hash_finding(&r, h1);
	assert_string_not_equal(h0, h1);
	r.app = 2;
	review_hash_finding(&r, h1);
	assert_string_equal(h0, h1);
	/* Fields do not run into each other. */
	set_ev(&r, 0, "filing", "applications[2].locations[0].addres",
	    "s\"一层大堂\"");
	review_hash_finding(&r, h1);
	assert_string_not_equal(h0, h1);

	/* A residual grading: the count matters by its thresholds only. */
	memset(&in, 0, sizeof in);
	in.sensitive = 1;
	in.subjects = 120000;
	risk_assess(&in, &rr);
	review_hash_risk(&in, &rr, h0);
	in.subjects = 130000;
	risk_assess(&in, &rr);
	review_hash_risk(&in, &rr, h1);
	assert_string_equal(h0, h1);
	in.subjects = RISK_SENSITIVE_SUBJECTS;
	risk_assess(&in, &rr);
	review_hash_risk(&in, &rr, h1);
	assert_string_not_equal(h0, h1);
	in.subjects = 120000;
	in.public_place = 1;
	risk_assess(&in, &rr);
	review_hash_risk(&in, &rr, h1);
	assert_string_not_equal(h0, h1);
}

/*
 * review_prepare: only a needs-review finding is concluded; a failure
 * is refused; a finding per application needs its application; a
 * residual risk names an application of the filing.
 */
static void
test_review__prepare(void **state)
{
	static const struct {
		const char *rule;
		int app;
		enum review_conclusion c;
		int rc;
		int app_out;
		const char *msg;
	} rows[] = {
		{ "art13.public_necessity", 1, REVIEW_PASS, FR_OK, 1, NULL },
		{ "art13.public_necessity", -1, REVIEW_PASS, FR_EINVAL, -1,
		  "give --application N (needs review for 1)" },
		{ "art13.public_necessity", 0, REVIEW_FAIL, FR_EINVAL, -1,
		  "the finding is fail, not one that needs review" },
		{ "art13.public_necessity", 5, REVIEW_PASS, FR_ENOENT, -1,
		  "no finding for application 5" },
		{ "art15.filing", -1, REVIEW_FAIL, FR_OK, -1, NULL },
		{ "art4.purpose", -1, REVIEW_PASS, FR_ENOENT, -1,
		  "no finding in this assessment" },
		{ "art13.public_necessity", 1, REVIEW_ACCEPT, FR_EINVAL, -1,
		  "a duty is remedied, not accepted" },
		{ "risk.kiosk", -1, REVIEW_ACCEPT, FR_OK, 1, NULL },
		{ "risk.nothing", -1, REVIEW_ACCEPT, FR_ENOENT, -1,
		  "no application with id 'nothing'" },
	};
	const char *filing = "{\"applications\":[{\"id\":\"gate\"},"
	    "{\"id\":\"kiosk\"}]}";
	struct rule_result res[3];
	struct risk_input in[2];
	struct risk_result rr[2];
	struct rules_ctx ctx;
	struct assess a;
	cJSON *f = cJSON_Parse(filing);
	size_t i;

	(void)state;
	rules_ctx_init(&ctx);
	ctx.filing = f;
	memset(res, 0, sizeof res);
	res[0].id = "art13.public_necessity";
	res[0].app = 0;
	res[0].status = RULE_FAIL;
	res[1].id = "art13.public_necessity";
	res[1].app = 1;
	res[1].status = RULE_NEEDS_REVIEW;
	res[2].id = "art15.filing";
	res[2].app = -1;
	res[2].status = RULE_NEEDS_REVIEW;
	memset(in, 0, sizeof in);
	memset(&a, 0, sizeof a);
	risk_assess(&in[0], &rr[0]);
	risk_assess(&in[1], &rr[1]);
	a.ctx = &ctx;
	a.report.v = res;
	a.report.n = 3;
	a.napps = 2;
	a.in_res = in;
	a.residual = rr;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct review r;
		struct fr_diags d;
		int rc;

		memset(&r, 0, sizeof r);
		r.rule = (char *)rows[i].rule;
		r.app = rows[i].app;
		r.conclusion = rows[i].c;
		fr_diags_init(&d);
		rc = review_prepare(&r, &a, &d);
		if (rc != rows[i].rc)
			fail_msg("row %zu (%s): rc %d, expected %d", i,
			    rows[i].rule, rc, rows[i].rc);
		if (rc == FR_OK && (r.app != rows[i].app_out ||
		    strlen(r.hash) != 64))
			fail_msg("row %zu: app %d hash '%s'", i, r.app, r.hash);
		if (rows[i].msg != NULL && (d.n != 1 ||
		    strstr(d.v[0].msg, rows[i].msg) == NULL))
			fail_msg("row %zu: %s", i, d.n > 0 ? d.v[0].msg :
			    "(no diagnostic)");
		fr_diags_release(&d);
	}
	cJSON_Delete(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_review__parse),
		cmocka_unit_test(test_review__round_trip),
		cmocka_unit_test(test_review__find),
		cmocka_unit_test(test_review__kind_and_path),
		cmocka_unit_test(test_review__hash),
		cmocka_unit_test(test_review__prepare),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
