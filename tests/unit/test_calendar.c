/*
 * test_calendar.c — the holiday-cn parser and working-day arithmetic on
 * the built-in 2024–2026 calendars, one case per table row.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "core/date.h"
#include "core/fr.h"

static struct fr_calendar *
load(void)
{
	struct fr_calendar *c = fr_calendar_new();
	struct fr_diags d;

	/* tests/run.sh runs from the source tree's root. */
	setenv("FRFILE_DATADIR", ".", 1);
	setenv("XDG_DATA_HOME", "/nonexistent-frfile-test", 1);
	fr_diags_init(&d);
	assert_int_equal(fr_calendar_load_default(c, &d), FR_OK);
	assert_int_equal(d.n, 0);
	fr_diags_release(&d);
	return c;
}

static int
D(const char *s)
{
	int d;

	if (fr_date_parse(s, &d) != FR_OK)
		fail_msg("bad date in table: %s", s);
	return d;
}

static void
test_calendar__builtin_years(void **state)
{
	struct fr_calendar *c = load();
	static const struct { int year, workdays; } rows[] = {
		/* 366 - 104 weekend days - 19 off weekdays + 8 make-up */
		{ 2024, 251 },
		{ 2025, 248 },
		{ 2026, 248 },
	};
	size_t i;

	(void)state;
	assert_int_equal(c->n, 3);
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		const struct fr_cal_year *y = fr_calendar_year(c, rows[i].year);

		assert_non_null(y);
		assert_int_equal(fr_cal_year_workdays(y), rows[i].workdays);
		assert_int_equal(y->imported, 0);
		assert_true(y->npapers == 1);
	}
	assert_null(fr_calendar_year(c, 2027));
	fr_calendar_free(c);
}

static void
test_calendar__is_workday(void **state)
{
	static const struct { const char *date; int work; const char *why; } rows[] = {
		{ "2025-01-01", 0, "New Year's Day, a Wednesday" },
		{ "2025-01-02", 1, "ordinary Thursday" },
		{ "2025-01-26", 1, "Sunday, make-up day for Spring Festival" },
		{ "2025-01-28", 0, "Spring Festival Eve off" },
		{ "2025-02-04", 0, "last day of Spring Festival" },
		{ "2025-02-08", 1, "Saturday make-up day" },
		{ "2025-02-09", 0, "ordinary Sunday" },
		{ "2025-06-02", 0, "Dragon Boat, a Monday" },
		{ "2025-06-03", 1, "first working day after Dragon Boat" },
		{ "2025-09-28", 1, "Sunday make-up before National Day" },
		{ "2025-10-08", 0, "last day of National Day + Mid-Autumn" },
		{ "2025-10-11", 1, "Saturday make-up after National Day" },
		{ "2024-02-04", 1, "Sunday make-up 2024" },
		{ "2024-09-14", 1, "Saturday make-up 2024" },
		{ "2024-12-31", 1, "Tuesday, last day of 2024" },
		{ "2026-01-02", 0, "New Year 2026, a Friday" },
		{ "2026-01-04", 1, "Sunday make-up 2026" },
		{ "2026-02-23", 0, "last day of Spring Festival 2026, Monday" },
		{ "2026-02-28", 1, "Saturday make-up 2026" },
	};
	struct fr_calendar *c = load();
	size_t i;
	int prov = 0;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		int w = fr_cal_is_workday(c, D(rows[i].date), 0, &prov);

		if (w != rows[i].work)
			fail_msg("%s: got %d, expected %d (%s)", rows[i].date,
			    w, rows[i].work, rows[i].why);
	}
	assert_int_equal(prov, 0);
	fr_calendar_free(c);
}

static void
test_calendar__add_workdays(void **state)
{
	static const struct {
		const char *from; int n; const char *due; const char *why;
	} rows[] = {
		{ "2025-06-01", 30, "2025-07-14", "CAC grace date identity" },
		{ "2025-06-01", 1, "2025-06-03", "06-02 is Dragon Boat" },
		{ "2025-06-02", 1, "2025-06-03", "event on a holiday" },
		{ "2025-06-03", 0, "2025-06-03", "zero days is the day itself" },
		{ "2025-01-24", 1, "2025-01-26", "Friday → Sunday make-up day" },
		{ "2025-01-26", 1, "2025-01-27", "make-up Sunday → Monday" },
		{ "2025-01-27", 1, "2025-02-05", "across Spring Festival" },
		{ "2025-01-27", 2, "2025-02-06", "across Spring Festival" },
		{ "2025-02-05", 3, "2025-02-08", "Saturday make-up counted" },
		{ "2025-09-30", 1, "2025-10-09", "across National Day" },
		{ "2025-09-26", 1, "2025-09-28", "Sunday make-up before it" },
		{ "2025-10-09", 2, "2025-10-11", "Saturday make-up after it" },
		{ "2024-12-31", 1, "2025-01-02", "year boundary, 01-01 off" },
		{ "2024-12-16", 30, "2025-01-27", "2024 → 2025, ends before holiday" },
		{ "2024-12-20", 30, "2025-02-08", "2024 → 2025, ends on a make-up Saturday" },
		{ "2025-12-31", 1, "2026-01-04", "2025 → 2026, 01-01..03 off, Sunday make-up" },
		{ "2025-12-15", 30, "2026-01-27", "2025 → 2026" },
		{ "2026-02-13", 1, "2026-02-14", "Saturday make-up 2026" },
		{ "2026-02-14", 1, "2026-02-24", "across Spring Festival 2026" },
		{ "2026-09-18", 1, "2026-09-20", "Sunday make-up 2026" },
		{ "2026-09-30", 1, "2026-10-08", "National Day 2026" },
		{ "2026-10-09", 1, "2026-10-10", "Saturday make-up 2026" },
		{ "2026-11-16", 30, "2026-12-28", "inside 2026" },
	};
	struct fr_calendar *c = load();
	size_t i;
	char buf[FR_DATE_LEN];

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		int due = 0, prov = 0;

		assert_int_equal(fr_cal_add_workdays(c, D(rows[i].from),
		    rows[i].n, 0, &due, &prov), FR_OK);
		if (due != D(rows[i].due))
			fail_msg("%s + %d: got %s, expected %s (%s)",
			    rows[i].from, rows[i].n, fr_date_format(due, buf),
			    rows[i].due, rows[i].why);
		assert_int_equal(prov, 0);
	}
	fr_calendar_free(c);
}

static void
test_calendar__missing_year(void **state)
{
	struct fr_calendar *c = load();
	int due = 0, prov = 0, n = 0;

	(void)state;
	/* 2026-12-01 + 30 working days runs into 2027, which is not loaded. */
	assert_int_equal(fr_cal_add_workdays(c, D("2026-12-01"), 30, 0, &due,
	    &prov), FR_ENOCAL);
	assert_int_equal(c->missing_year, 2027);
	assert_int_equal(prov, 0);
	/* With assumed weekends: Mon–Fri, provisional. */
	assert_int_equal(fr_cal_add_workdays(c, D("2026-12-01"), 30, 1, &due,
	    &prov), FR_OK);
	assert_int_equal(due, D("2027-01-12"));
	assert_int_equal(prov, 1);
	/* Entirely inside a loaded year: not provisional. */
	prov = 0;
	assert_int_equal(fr_cal_add_workdays(c, D("2026-11-02"), 5, 1, &due,
	    &prov), FR_OK);
	assert_int_equal(prov, 0);
	c->missing_year = 0;
	assert_int_equal(fr_cal_workdays_between(c, D("2023-12-29"),
	    D("2024-01-02"), 0, &n, &prov), FR_ENOCAL);
	assert_int_equal(c->missing_year, 2023);
	fr_calendar_free(c);
}

static void
test_calendar__between(void **state)
{
	static const struct { const char *a, *b; int n; } rows[] = {
		{ "2025-06-01", "2025-07-14", 30 },
		{ "2025-07-14", "2025-06-01", -30 },
		{ "2025-07-14", "2025-07-14", 0 },
		{ "2025-07-11", "2025-07-12", 0 },	/* Friday → Saturday */
		{ "2025-07-14", "2025-07-17", 3 },
		{ "2025-09-30", "2025-10-09", 1 },
		{ "2024-12-31", "2025-01-02", 1 },
	};
	struct fr_calendar *c = load();
	size_t i;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		int n = 99, prov = 0;

		assert_int_equal(fr_cal_workdays_between(c, D(rows[i].a),
		    D(rows[i].b), 0, &n, &prov), FR_OK);
		if (n != rows[i].n)
			fail_msg("(%s, %s]: got %d, expected %d", rows[i].a,
			    rows[i].b, n, rows[i].n);
	}
	fr_calendar_free(c);
}

static void
test_calendar__parse_errors(void **state)
{
	static const struct { const char *json; const char *path; const char *code; } rows[] = {
		{ "{\"year\":2025,\"days\":[{\"name\":\"x\",\"date\":\"2026-01-01\",\"isOffDay\":true}]}",
		  "days[0].date", "calendar.year" },
		{ "{\"year\":2025,\"days\":[{\"name\":\"x\",\"date\":\"2025-01-01\",\"isOffDay\":true},"
		  "{\"name\":\"x\",\"date\":\"2025-01-01\",\"isOffDay\":true}]}",
		  "days[1].date", "calendar.duplicate" },
		{ "{\"year\":2025,\"days\":[{\"name\":\"x\",\"date\":\"2025-01-26\",\"isOffDay\":true},"
		  "{\"name\":\"x\",\"date\":\"2025-01-26\",\"isOffDay\":false}]}",
		  "days[1].date", "calendar.contradiction" },
		{ "{\"year\":2025,\"days\":[{\"name\":\"x\",\"date\":\"2025-03-03\",\"isOffDay\":false}]}",
		  "days[0].date", "calendar.makeup" },
		{ "{\"year\":2025,\"days\":[{\"name\":\"x\",\"date\":\"2025-02-30\",\"isOffDay\":true}]}",
		  "days[0].date", "calendar.date" },
		{ "{\"year\":2025,\"days\":[{\"name\":\"x\",\"date\":\"2025-01-01\"}]}",
		  "days[0].isOffDay", "calendar.isoffday" },
		{ "{\"year\":\"2025\",\"days\":[]}", "year", "calendar.year" },
		{ "{\"days\":[]}", "year", "calendar.year" },
		{ "{\"year\":2025}", "days", "calendar.days" },
		{ "{\"year\":2025,\"days\":[]}", "days", "calendar.days" },
		{ "{\"year\":2025,\"papers\":\"u\",\"days\":[{\"name\":\"x\",\"date\":\"2025-01-01\",\"isOffDay\":true}]}",
		  "papers", "calendar.papers" },
		{ "[1]", NULL, "calendar.root" },
		{ "{\"year\":2025,", NULL, "calendar.json" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct fr_diags d;
		struct fr_cal_year *y = (void *)1;

		fr_diags_init(&d);
		assert_int_equal(fr_cal_year_parse(rows[i].json,
		    strlen(rows[i].json), "t.json", &y, &d), FR_EINVAL);
		assert_null(y);
		if (d.n < 1)
			fail_msg("row %zu: no diagnostic", i);
		if (rows[i].path == NULL)
			assert_null(d.v[0].path);
		else if (d.v[0].path == NULL ||
		    strcmp(d.v[0].path, rows[i].path) != 0)
			fail_msg("row %zu: path %s, expected %s", i,
			    d.v[0].path ? d.v[0].path : "(none)",
			    rows[i].path);
		assert_string_equal(d.v[0].code, rows[i].code);
		assert_string_equal(d.v[0].file, "t.json");
		fr_diags_release(&d);
	}
}

static void
test_calendar__one_diag_per_problem(void **state)
{
	static const char json[] =
	    "{\"year\":2025,\"days\":["
	    "{\"name\":\"a\",\"date\":\"2024-12-31\",\"isOffDay\":true},"
	    "{\"name\":\"b\",\"date\":\"2025-01-01\",\"isOffDay\":true},"
	    "{\"name\":\"c\",\"date\":\"2025-01-01\",\"isOffDay\":true},"
	    "{\"name\":\"d\",\"date\":\"2025-01-06\",\"isOffDay\":false}]}";
	struct fr_diags d;
	struct fr_cal_year *y;

	(void)state;
	fr_diags_init(&d);
	assert_int_equal(fr_cal_year_parse(json, strlen(json), "f", &y, &d),
	    FR_EINVAL);
	assert_int_equal(d.n, 3);
	assert_string_equal(d.v[0].path, "days[0].date");
	assert_string_equal(d.v[1].path, "days[2].date");
	assert_string_equal(d.v[2].path, "days[3].date");
	fr_diags_release(&d);

	/* Two problems in one day: both reported. */
	{
		static const char j2[] = "{\"year\":2025,\"days\":["
		    "{\"date\":\"2026-01-01\",\"isOffDay\":true}]}";

		fr_diags_init(&d);
		assert_int_equal(fr_cal_year_parse(j2, strlen(j2), "f", &y,
		    &d), FR_EINVAL);
		assert_int_equal(d.n, 2);
		assert_string_equal(d.v[0].path, "days[0].name");
		assert_string_equal(d.v[1].path, "days[0].date");
		fr_diags_release(&d);
	}
}

static void
test_calendar__import_overrides(void **state)
{
	static const char json[] =
	    "{\"$schema\":\"x\",\"year\":2025,\"papers\":[],\"days\":["
	    "{\"name\":\"t\",\"date\":\"2025-03-03\",\"isOffDay\":true}]}";
	struct fr_calendar *c = load();
	struct fr_cal_year *y;
	int prov = 0;

	(void)state;
	assert_int_equal(fr_cal_year_parse(json, strlen(json), NULL, &y, NULL),
	    FR_OK);
	fr_calendar_add(c, y);
	assert_int_equal(c->n, 3);
	assert_int_equal(fr_cal_is_workday(c, D("2025-03-03"), 0, &prov), 0);
	assert_int_equal(fr_cal_is_workday(c, D("2025-01-01"), 0, &prov), 1);
	fr_calendar_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_calendar__builtin_years),
		cmocka_unit_test(test_calendar__is_workday),
		cmocka_unit_test(test_calendar__add_workdays),
		cmocka_unit_test(test_calendar__missing_year),
		cmocka_unit_test(test_calendar__between),
		cmocka_unit_test(test_calendar__parse_errors),
		cmocka_unit_test(test_calendar__one_diag_per_problem),
		cmocka_unit_test(test_calendar__import_overrides),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
