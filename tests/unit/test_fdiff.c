/*
 * test_fdiff.c — path patterns, array matching and the substantive/minor
 * classification of filing changes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <cjson/cJSON.h>
#include <string.h>

#include "core/fdiff.h"
#include "core/fr.h"

static void
test_fdiff__patterns(void **state)
{
	static const struct { const char *pat, *path; int want; } rows[] = {
		{ "processor.**", "processor.uscc", 1 },
		{ "processor.**", "processor", 0 },
		{ "processor.**", "processors.x", 0 },
		{ "*.phone", "agent.phone", 1 },
		{ "*.phone", "applications[*].phone", 0 },
		{ "*.phone", "agent.phones", 0 },
		{ "applications[*].purpose", "applications[*].purpose", 1 },
		{ "applications[*]", "applications[*]", 1 },
		{ "applications[*]", "applications[*].x", 0 },
		{ "applications[*].**", "applications[*].locations[*].name", 1 },
		{ "a.*.c", "a.b.c", 1 },
		{ "a.*.c", "a.b.x.c", 0 },
		{ "schema", "schema", 1 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++)
		assert_int_equal(fr_path_match(rows[i].pat, rows[i].path),
		    rows[i].want);
}

static const char rules_json[] =
    "{\"schema\":\"frfile-changes/1\","
    "\"default\":{\"class\":\"substantive\",\"basis_en\":\"d\",\"basis_zh\":\"d\"},"
    "\"rules\":["
    "{\"path\":\"*.phone\",\"class\":\"minor\",\"basis_en\":\"c\",\"basis_zh\":\"c\"},"
    "{\"path\":\"n\",\"class\":\"band\",\"bands\":[0,100000,1000000],"
    "\"basis_en\":\"b\",\"basis_zh\":\"b\"},"
    "{\"path\":\"apps[*].purpose\",\"class\":\"substantive\",\"basis_en\":\"p\",\"basis_zh\":\"p\"}"
    "]}";

/* One row: old and new documents, how many changes, how many substantive. */
static void
test_fdiff__classify(void **state)
{
	static const struct { const char *o, *n; size_t changes, subst; } rows[] = {
		{ "{\"a\":{\"phone\":\"1\"}}", "{\"a\":{\"phone\":\"2\"}}", 1, 0 },
		{ "{\"n\":150000}", "{\"n\":990000}", 1, 0 },	/* same band */
		{ "{\"n\":99999}", "{\"n\":100000}", 1, 1 },	/* crosses */
		{ "{\"x\":\"\"}", "{}", 0, 0 },			/* blank = absent */
		{ "{\"x\":1}", "{\"x\":2}", 1, 1 },		/* default */
		{ "{\"l\":[\"a\",\"b\"]}", "{\"l\":[\"b\",\"a\"]}", 0, 0 },
		{ "{\"l\":[\"a\"]}", "{\"l\":[\"a\",\"c\"]}", 1, 1 },
		/* Reordered applications matched by id: no change. */
		{ "{\"apps\":[{\"id\":\"x\",\"purpose\":\"p\"},{\"id\":\"y\",\"purpose\":\"q\"}]}",
		  "{\"apps\":[{\"id\":\"y\",\"purpose\":\"q\"},{\"id\":\"x\",\"purpose\":\"p\"}]}", 0, 0 },
		/* One purpose changed, one application added. */
		{ "{\"apps\":[{\"id\":\"x\",\"purpose\":\"p\"}]}",
		  "{\"apps\":[{\"id\":\"x\",\"purpose\":\"P\"},{\"id\":\"z\",\"purpose\":\"r\"}]}", 2, 2 },
		/* An application removed. */
		{ "{\"apps\":[{\"id\":\"x\"},{\"id\":\"z\"}]}", "{\"apps\":[{\"id\":\"x\"}]}", 1, 1 },
	};
	struct fr_change_rules *r;
	struct fr_changes ch;
	size_t i;

	(void)state;
	assert_int_equal(fr_change_rules_parse(rules_json, "t", &r, NULL), FR_OK);
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		cJSON *o = cJSON_Parse(rows[i].o), *n = cJSON_Parse(rows[i].n);

		assert_non_null(o);
		assert_non_null(n);
		fr_changes_init(&ch);
		fr_filing_diff(o, n, r, &ch);
		if (ch.n != rows[i].changes || ch.substantive != rows[i].subst)
			fail_msg("row %zu: %zu changes (%zu substantive), "
			    "expected %zu (%zu)", i, ch.n, ch.substantive,
			    rows[i].changes, rows[i].subst);
		fr_changes_release(&ch);
		cJSON_Delete(o);
		cJSON_Delete(n);
	}
	fr_change_rules_free(r);
}

static void
test_fdiff__bad_rules(void **state)
{
	static const char *bad[] = {
		"{}",
		"not json",
		"{\"schema\":\"frfile-changes/1\",\"default\":{},\"rules\":[]}",
		"{\"schema\":\"frfile-changes/1\",\"default\":{\"class\":\"minor\","
		"\"basis_en\":\"\",\"basis_zh\":\"\"},\"rules\":[{\"path\":\"x\","
		"\"class\":\"band\",\"bands\":[5,1],\"basis_en\":\"\",\"basis_zh\":\"\"}]}",
	};
	struct fr_change_rules *r;
	struct fr_diags d;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		fr_diags_init(&d);
		assert_int_not_equal(fr_change_rules_parse(bad[i], "t", &r, &d),
		    FR_OK);
		assert_null(r);
		assert_true(d.errors > 0);
		fr_diags_release(&d);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fdiff__patterns),
		cmocka_unit_test(test_fdiff__classify),
		cmocka_unit_test(test_fdiff__bad_rules),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
