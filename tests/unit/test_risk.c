/*
 * test_risk.c — GB/T 39335-2020 grading: every cell of the D.5 matrix,
 * every dimension and factor rule, every adjustment (with clamping and
 * order), and whole assessments end to end.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/risk.h"

#define N(a) (sizeof (a) / sizeof (a)[0])

enum { L = 0, M = 1, H = 2, S = 3, VH = 3 };

/* All 16 cells, copied row by row from the reference table. */
static void
test_risk__matrix(void **state)
{
	static const struct {
		enum risk_impact i;
		enum risk_likelihood l;
		enum risk_level want;
	} rows[] = {
		{ RISK_IMPACT_SEVERE, RISK_LIKE_LOW, RISK_LEVEL_MEDIUM },
		{ RISK_IMPACT_SEVERE, RISK_LIKE_MEDIUM, RISK_LEVEL_HIGH },
		{ RISK_IMPACT_SEVERE, RISK_LIKE_HIGH, RISK_LEVEL_SEVERE },
		{ RISK_IMPACT_SEVERE, RISK_LIKE_VERY_HIGH, RISK_LEVEL_SEVERE },
		{ RISK_IMPACT_HIGH, RISK_LIKE_LOW, RISK_LEVEL_MEDIUM },
		{ RISK_IMPACT_HIGH, RISK_LIKE_MEDIUM, RISK_LEVEL_MEDIUM },
		{ RISK_IMPACT_HIGH, RISK_LIKE_HIGH, RISK_LEVEL_HIGH },
		{ RISK_IMPACT_HIGH, RISK_LIKE_VERY_HIGH, RISK_LEVEL_SEVERE },
		{ RISK_IMPACT_MEDIUM, RISK_LIKE_LOW, RISK_LEVEL_LOW },
		{ RISK_IMPACT_MEDIUM, RISK_LIKE_MEDIUM, RISK_LEVEL_MEDIUM },
		{ RISK_IMPACT_MEDIUM, RISK_LIKE_HIGH, RISK_LEVEL_MEDIUM },
		{ RISK_IMPACT_MEDIUM, RISK_LIKE_VERY_HIGH, RISK_LEVEL_HIGH },
		{ RISK_IMPACT_LOW, RISK_LIKE_LOW, RISK_LEVEL_LOW },
		{ RISK_IMPACT_LOW, RISK_LIKE_MEDIUM, RISK_LEVEL_LOW },
		{ RISK_IMPACT_LOW, RISK_LIKE_HIGH, RISK_LEVEL_MEDIUM },
		{ RISK_IMPACT_LOW, RISK_LIKE_VERY_HIGH, RISK_LEVEL_MEDIUM },
	};
	size_t i;
	int seen[4][4];

	(void)state;
	memset(seen, 0, sizeof seen);
	assert_int_equal(N(rows), 16);
	for (i = 0; i < N(rows); i++) {
		assert_int_equal(risk_matrix(rows[i].i, rows[i].l),
		    rows[i].want);
		seen[rows[i].i][rows[i].l]++;
	}
	for (i = 0; i < 16; i++)
		assert_int_equal(seen[i / 4][i % 4], 1);
	/* The Chinese labels the report prints. */
	assert_string_equal(risk_level_zh(RISK_LEVEL_SEVERE), "严重");
	assert_string_equal(risk_likelihood_zh(RISK_LIKE_VERY_HIGH), "很高");
	assert_string_equal(risk_likelihood_name(RISK_LIKE_VERY_HIGH),
	    "very_high");
	assert_int_equal(risk_level_parse("high"), RISK_LEVEL_HIGH);
	assert_int_equal(risk_level_parse("bogus"), -1);
}

/* Dimension rules: one input set per line, the level it must give. */
static void
test_risk__dimensions(void **state)
{
	static const struct {
		const char *why;
		struct risk_input in;
		enum risk_dimension d;
		int want;
	} rows[] = {
		{ "no sensitive data: autonomy low", { .sensitive = 0 },
		    RISK_DIM_AUTONOMY, L },
		{ "facial data: autonomy medium", { .sensitive = 1 },
		    RISK_DIM_AUTONOMY, M },
		{ "FR only method: autonomy high",
		    { .sensitive = 1, .no_alternative = 1 }, RISK_DIM_AUTONOMY, H },
		{ "public place: autonomy high",
		    { .sensitive = 1, .public_place = 1 }, RISK_DIM_AUTONOMY, H },
		{ "consent defect: autonomy high",
		    { .sensitive = 1, .consent_defects = 1 }, RISK_DIM_AUTONOMY, H },
		{ "no automation: discrimination low", { .sensitive = 1 },
		    RISK_DIM_DISCRIMINATION, L },
		{ "automated decision: discrimination medium",
		    { .automated_decision = 1 }, RISK_DIM_DISCRIMINATION, M },
		{ "significant automated decision: discrimination high",
		    { .automated_decision = 1, .decision_significant = 1 },
		    RISK_DIM_DISCRIMINATION, H },
		{ "significance without automation: low",
		    { .decision_significant = 1 }, RISK_DIM_DISCRIMINATION, L },
		{ "facial data: distress medium", { .sensitive = 1 },
		    RISK_DIM_REPUTATION, M },
		{ "raw images: distress high",
		    { .sensitive = 1, .raw_images = 1 }, RISK_DIM_REPUTATION, H },
		{ "nothing: property low", { .sensitive = 1 },
		    RISK_DIM_PROPERTY, L },
		{ "door access: property medium", { .physical_access = 1 },
		    RISK_DIM_PROPERTY, M },
		{ "payment: property high",
		    { .payment = 1, .physical_access = 1 }, RISK_DIM_PROPERTY, H },
		{ "payment and raw images: property severe",
		    { .payment = 1, .raw_images = 1 }, RISK_DIM_PROPERTY, S },
	};
	size_t i;

	(void)state;
	for (i = 0; i < N(rows); i++) {
		int got = risk_dimension_level(&rows[i].in, rows[i].d);

		if (got != rows[i].want)
			fail_msg("%s: got %d, want %d", rows[i].why, got,
			    rows[i].want);
	}
}

/* Likelihood factor rules. */
static void
test_risk__factors(void **state)
{
	static const struct {
		const char *why;
		struct risk_input in;
		enum risk_factor f;
		int want;
	} rows[] = {
		{ "all measures, local, plan: low", { .emergency_plan = 1 },
		    RISK_FACTOR_NETWORK, L },
		{ "no emergency plan: medium", { .emergency_plan = 0 },
		    RISK_FACTOR_NETWORK, M },
		{ "internet exposed: medium",
		    { .emergency_plan = 1, .internet_exposed = 1 },
		    RISK_FACTOR_NETWORK, M },
		{ "one measure missing: high",
		    { .emergency_plan = 1, .art14_missing = 1 },
		    RISK_FACTOR_NETWORK, H },
		{ "two missing: high",
		    { .emergency_plan = 1, .art14_missing = 2 },
		    RISK_FACTOR_NETWORK, H },
		{ "three missing: very high",
		    { .emergency_plan = 1, .art14_missing = 3 },
		    RISK_FACTOR_NETWORK, VH },
		{ "unencrypted over the internet: very high",
		    { .emergency_plan = 1, .art14_missing = 1,
		      .encryption_missing = 1, .internet_exposed = 1 },
		    RISK_FACTOR_NETWORK, VH },
		{ "process clean: low", { .process_defects = 0 },
		    RISK_FACTOR_PROCESS, L },
		{ "process 1: medium", { .process_defects = 1 },
		    RISK_FACTOR_PROCESS, M },
		{ "process 2: high", { .process_defects = 2 },
		    RISK_FACTOR_PROCESS, H },
		{ "process 3: high", { .process_defects = 3 },
		    RISK_FACTOR_PROCESS, H },
		{ "process 4: very high", { .process_defects = 4 },
		    RISK_FACTOR_PROCESS, VH },
		{ "people clean: low", { .people_defects = 0, .providers = 1 },
		    RISK_FACTOR_PEOPLE, L },
		{ "people 1: medium", { .people_defects = 1 },
		    RISK_FACTOR_PEOPLE, M },
		{ "people 2: high", { .people_defects = 2 },
		    RISK_FACTOR_PEOPLE, H },
		{ "people 3: very high", { .people_defects = 3 },
		    RISK_FACTOR_PEOPLE, VH },
		{ "no incidents: low", { .subjects = 5000000 },
		    RISK_FACTOR_SCALE, L },
		{ "sector incidents: medium", { .incidents_sector = 1 },
		    RISK_FACTOR_SCALE, M },
		{ "own incidents: high",
		    { .incidents_here = 1, .incidents_sector = 1 },
		    RISK_FACTOR_SCALE, H },
	};
	size_t i;

	(void)state;
	for (i = 0; i < N(rows); i++) {
		int got = risk_factor_level(&rows[i].in, rows[i].f);

		if (got != rows[i].want)
			fail_msg("%s: got %d, want %d", rows[i].why, got,
			    rows[i].want);
	}
}

/*
 * Every adjustment: the inputs, the impact and likelihood that result,
 * and the adjustments recorded in order (code, before, after).
 */
static void
test_risk__adjustments(void **state)
{
	static const struct {
		const char *why;
		struct risk_input in;
		int impact, likelihood;
		int nadj;
		struct { int code, before, after; } adj[3];
	} rows[] = {
		{ "baseline: no adjustment",
		    { .sensitive = 1, .subjects = 499999, .emergency_plan = 1 },
		    M, L, 0, { { 0, 0, 0 } } },
		{ "500,000 sensitive subjects: impact +1",
		    { .sensitive = 1, .subjects = 500000, .emergency_plan = 1 },
		    H, L, 1, { { RISK_ADJ_SENSITIVE_SCALE, M, H } } },
		{ "500,000 non-sensitive subjects: none",
		    { .sensitive = 0, .subjects = 600000, .emergency_plan = 1 },
		    L, L, 0, { { 0, 0, 0 } } },
		{ "vulnerable group: impact +1",
		    { .sensitive = 1, .vulnerable = 1, .emergency_plan = 1 },
		    H, L, 1, { { RISK_ADJ_VULNERABLE, M, H } } },
		{ "de-identified: impact -1",
		    { .sensitive = 1, .deidentified = 1, .emergency_plan = 1 },
		    L, L, 1, { { RISK_ADJ_DEIDENTIFIED, M, L } } },
		{ "de-identified at low: clamps at low",
		    { .deidentified = 1, .emergency_plan = 1 },
		    L, L, 1, { { RISK_ADJ_DEIDENTIFIED, L, L } } },
		{ "scale and vulnerable from high: clamps at severe",
		    { .sensitive = 1, .no_alternative = 1, .subjects = 600000,
		      .vulnerable = 1, .emergency_plan = 1 },
		    S, L, 2, { { RISK_ADJ_SENSITIVE_SCALE, H, S },
		      { RISK_ADJ_VULNERABLE, S, S } } },
		{ "all three impact adjustments, in order",
		    { .sensitive = 1, .subjects = 700000, .vulnerable = 1,
		      .deidentified = 1, .emergency_plan = 1 },
		    H, L, 3, { { RISK_ADJ_SENSITIVE_SCALE, M, H },
		      { RISK_ADJ_VULNERABLE, H, S },
		      { RISK_ADJ_DEIDENTIFIED, S, H } } },
		{ "complete measures: likelihood -1",
		    { .sensitive = 1, .process_defects = 2,
		      .measures_complete = 1, .emergency_plan = 1 },
		    M, M, 1, { { RISK_ADJ_MEASURES_COMPLETE, H, M } } },
		{ "complete measures at low: clamps",
		    { .sensitive = 1, .measures_complete = 1,
		      .emergency_plan = 1 },
		    M, L, 1, { { RISK_ADJ_MEASURES_COMPLETE, L, L } } },
		{ "1,000,000 subjects: likelihood at least medium",
		    { .sensitive = 1, .subjects = 1000000, .emergency_plan = 1 },
		    H, M, 2, { { RISK_ADJ_SENSITIVE_SCALE, M, H },
		      { RISK_ADJ_SCALE_MEDIUM, L, M } } },
		{ "999,999 subjects: no likelihood floor",
		    { .sensitive = 1, .subjects = 999999, .emergency_plan = 1 },
		    H, L, 1, { { RISK_ADJ_SENSITIVE_SCALE, M, H } } },
		{ "1,000,000 subjects, already high: floor keeps high",
		    { .subjects = 1000000, .process_defects = 2,
		      .emergency_plan = 1 },
		    L, H, 1, { { RISK_ADJ_SCALE_MEDIUM, H, H } } },
		{ "10,000,000 subjects: likelihood at least high",
		    { .subjects = 10000000, .emergency_plan = 1 },
		    L, H, 1, { { RISK_ADJ_SCALE_HIGH, L, H } } },
		{ "scale floor after measures -1",
		    { .subjects = 10000000, .process_defects = 2,
		      .measures_complete = 1, .emergency_plan = 1 },
		    L, H, 2, { { RISK_ADJ_MEASURES_COMPLETE, H, M },
		      { RISK_ADJ_SCALE_HIGH, M, H } } },
	};
	size_t i;
	int k;

	(void)state;
	for (i = 0; i < N(rows); i++) {
		struct risk_result r;

		risk_assess(&rows[i].in, &r);
		if ((int)r.impact != rows[i].impact ||
		    (int)r.likelihood != rows[i].likelihood)
			fail_msg("%s: impact %d likelihood %d, want %d %d",
			    rows[i].why, r.impact, r.likelihood,
			    rows[i].impact, rows[i].likelihood);
		if (r.nadj != rows[i].nadj)
			fail_msg("%s: %d adjustments, want %d", rows[i].why,
			    r.nadj, rows[i].nadj);
		for (k = 0; k < r.nadj; k++)
			if ((int)r.adj[k].code != rows[i].adj[k].code ||
			    r.adj[k].before != rows[i].adj[k].before ||
			    r.adj[k].after != rows[i].adj[k].after)
				fail_msg("%s: adjustment %d is %s %d->%d",
				    rows[i].why, k,
				    risk_adj_name(r.adj[k].code),
				    r.adj[k].before, r.adj[k].after);
		assert_int_equal(r.level,
		    risk_matrix(r.impact, r.likelihood));
	}
}

/* Whole applications, the way the report grades them. */
static void
test_risk__end_to_end(void **state)
{
	static const struct {
		const char *why;
		struct risk_input in;
		int level;
	} rows[] = {
		{ "on-device door access, well run",
		    { .sensitive = 1, .subjects = 120000, .physical_access = 1,
		      .emergency_plan = 1, .measures_complete = 1 },
		    RISK_LEVEL_LOW },
		{ "school gates, minors, one measure missing",
		    { .sensitive = 1, .subjects = 8000, .vulnerable = 1,
		      .physical_access = 1, .art14_missing = 1,
		      .emergency_plan = 1 },
		    RISK_LEVEL_HIGH },
		{ "face payment, raw images, unencrypted over the internet",
		    { .sensitive = 1, .subjects = 2000000, .payment = 1,
		      .raw_images = 1, .internet_exposed = 1,
		      .encryption_missing = 1, .art14_missing = 1 },
		    RISK_LEVEL_SEVERE },
	};
	size_t i;

	(void)state;
	for (i = 0; i < N(rows); i++) {
		struct risk_result r;

		risk_assess(&rows[i].in, &r);
		if ((int)r.level != rows[i].level)
			fail_msg("%s: level %s", rows[i].why,
			    risk_level_name(r.level));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_risk__matrix),
		cmocka_unit_test(test_risk__dimensions),
		cmocka_unit_test(test_risk__factors),
		cmocka_unit_test(test_risk__adjustments),
		cmocka_unit_test(test_risk__end_to_end),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
