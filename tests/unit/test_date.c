/*
 * test_date.c — civil-date conversions, strict parsing and CST "today".
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/date.h"
#include "core/fr.h"

static void
test_date__roundtrip(void **state)
{
	static const struct { const char *s; int wd; } rows[] = {
		{ "1970-01-01", 3 },	/* Thursday */
		{ "2000-02-29", 1 },	/* leap century, Tuesday */
		{ "2025-06-01", 6 },	/* Sunday */
		{ "2025-07-14", 0 },	/* Monday */
		{ "2026-12-31", 3 },
		{ "1900-03-01", 3 },
		{ "9999-12-31", 4 },
	};
	size_t i;
	char buf[FR_DATE_LEN];
	int d;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		assert_int_equal(fr_date_parse(rows[i].s, &d), FR_OK);
		assert_string_equal(fr_date_format(d, buf), rows[i].s);
		assert_int_equal(fr_date_weekday(d), rows[i].wd);
	}
}

static void
test_date__rejects(void **state)
{
	static const char *bad[] = { "2025-02-30", "2025-13-01", "tomorrow",
	    "2025-1-01", "2025-01-011", "", "2025/01/01", "1899-12-31",
	    "2023-02-29", " 2025-01-01", "2025-00-10", "2025-01-00" };
	size_t i;
	int d;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_not_equal(fr_date_parse(bad[i], &d), FR_OK);
	assert_int_not_equal(fr_date_parse(NULL, &d), FR_OK);
}

static void
test_date__cst(void **state)
{
	char iso[32];

	(void)state;
	/* 2025-05-31T16:00:00Z is 2025-06-01 00:00 in Beijing. */
	assert_int_equal(fr_date_from_time(1748707200),
	    fr_date_from_ymd(2025, 6, 1));
	assert_int_equal(fr_date_from_time(1748707199),
	    fr_date_from_ymd(2025, 5, 31));
	fr_time_iso_cst(1748707200, iso);
	assert_string_equal(iso, "2025-06-01T00:00:00+08:00");
	fr_date_set_today(fr_date_from_ymd(2026, 1, 5));
	assert_int_equal(fr_date_today(), fr_date_from_ymd(2026, 1, 5));
}

static void
test_date__numbers(void **state)
{
	long long v;

	(void)state;
	assert_int_equal(fr_parse_ll("100000", 0, 1000000, &v), FR_OK);
	assert_int_equal(v, 100000);
	assert_int_equal(fr_parse_ll("-1", 0, 10, &v), FR_ERANGE);
	assert_int_equal(fr_parse_ll("12x", 0, 100, &v), FR_EINVAL);
	assert_int_equal(fr_parse_ll(" 1", 0, 100, &v), FR_EINVAL);
	assert_int_equal(fr_parse_ll("99999999999999999999", 0, 100, &v),
	    FR_ERANGE);
	assert_int_equal(fr_levenshtein("procesor", "processor"), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_date__roundtrip),
		cmocka_unit_test(test_date__rejects),
		cmocka_unit_test(test_date__cst),
		cmocka_unit_test(test_date__numbers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
