/*
 * test_deadline.c — Art. 15 and filing-procedure deadlines, one row per
 * case (event, date in, date out, rule, reason). Expected dates were
 * counted independently from the State Council notices.
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
#include "core/deadline.h"
#include "core/fr.h"

static struct fr_calendar *
load(void)
{
	struct fr_calendar *c = fr_calendar_new();

	setenv("FRFILE_DATADIR", ".", 1);
	setenv("XDG_DATA_HOME", "/nonexistent-frfile-test", 1);
	assert_int_equal(fr_calendar_load_default(c, NULL), FR_OK);
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
test_deadline__table(void **state)
{
	static const struct {
		const char *event, *date, *due;
		int wd;
		const char *rule, *why;
	} rows[] = {
		{ "reached", "2025-06-01", "2025-07-14", 30, "counted", "identity: in force day" },
		{ "reached", "2025-05-31", "2025-07-14", 30, "grace", "day before in force" },
		{ "reached", "2024-03-15", "2025-07-14", 30, "grace", "long before" },
		{ "reached", "2020-01-01", "2025-07-14", 30, "grace", "needs no calendar" },
		{ "reached", "2025-06-10", "2025-07-22", 30, "counted", "plain 30 working days" },
		{ "reached", "2025-09-15", "2025-10-31", 30, "counted", "across National Day" },
		{ "reached", "2026-01-20", "2026-03-09", 30, "counted", "across Spring Festival 2026" },
		{ "reached", "2026-09-01", "2026-10-19", 30, "counted", "Mid-Autumn + National Day 2026" },
		{ "change", "2024-12-31", "2025-02-18", 30, "counted", "2024 → 2025 over Spring Festival" },
		{ "termination", "2025-06-10", "2025-07-22", 30, "counted", "same period as reached" },
		{ "submitted", "2025-08-01", "2025-08-22", 15, "counted", "15-day review" },
		{ "submitted", "2025-09-25", "2025-10-22", 15, "counted", "review over National Day, make-ups" },
		{ "submitted", "2025-12-20", "2026-01-12", 15, "counted", "2025 → 2026" },
		{ "returned", "2025-09-30", "2025-10-21", 10, "counted", "supplement over National Day" },
		{ "returned", "2026-02-10", "2026-03-02", 10, "counted", "supplement over Spring Festival" },
	};
	struct fr_calendar *c = load();
	size_t i;
	char buf[FR_DATE_LEN];

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		enum fr_dl_event ev;
		struct fr_deadline dl;

		assert_int_equal(fr_dl_event_parse(rows[i].event, &ev), FR_OK);
		assert_string_equal(fr_dl_event_name(ev), rows[i].event);
		assert_int_equal(fr_deadline(c, ev, D(rows[i].date), 0, &dl),
		    FR_OK);
		if (dl.due != D(rows[i].due))
			fail_msg("%s %s: got %s, expected %s (%s)",
			    rows[i].event, rows[i].date,
			    fr_date_format(dl.due, buf), rows[i].due,
			    rows[i].why);
		assert_int_equal(dl.working_days, rows[i].wd);
		assert_string_equal(fr_dl_rule_name(dl.rule), rows[i].rule);
		assert_int_equal(dl.provisional, 0);
	}
	fr_calendar_free(c);
}

static void
test_deadline__grace_equals_counted(void **state)
{
	struct fr_calendar *c = load();
	struct fr_deadline grace, counted;

	(void)state;
	/* The announcement's fixed date is 30 working days after 06-01. */
	assert_int_equal(fr_deadline(c, FR_DL_REACHED, D("2025-05-31"), 0,
	    &grace), FR_OK);
	assert_int_equal(fr_deadline(c, FR_DL_REACHED, D("2025-06-01"), 0,
	    &counted), FR_OK);
	assert_int_equal(grace.due, counted.due);
	assert_int_equal(grace.counted_from, D("2025-06-01"));
	fr_calendar_free(c);
}

static void
test_deadline__provisional_2027(void **state)
{
	struct fr_calendar *c = load();
	struct fr_deadline dl;

	(void)state;
	assert_int_equal(fr_deadline(c, FR_DL_REACHED, D("2026-11-20"), 0,
	    &dl), FR_ENOCAL);
	assert_int_equal(c->missing_year, 2027);
	assert_int_equal(fr_deadline(c, FR_DL_REACHED, D("2026-11-20"), 1,
	    &dl), FR_OK);
	assert_int_equal(dl.due, D("2027-01-01"));	/* Friday: 1 Jan assumed a working day */
	assert_int_equal(dl.provisional, 1);
	assert_int_equal(fr_deadline(c, FR_DL_SUBMITTED, D("2027-03-01"), 1,
	    &dl), FR_OK);
	assert_int_equal(dl.due, D("2027-03-22"));
	assert_int_equal(dl.provisional, 1);
	fr_calendar_free(c);
}

static void
test_deadline__unknown_event(void **state)
{
	static const char *bad[] = { "reach", "REACHED", "", "completed",
	    "changed", NULL };
	enum fr_dl_event ev;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(fr_dl_event_parse(bad[i], &ev), FR_EINVAL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_deadline__table),
		cmocka_unit_test(test_deadline__grace_equals_counted),
		cmocka_unit_test(test_deadline__provisional_2027),
		cmocka_unit_test(test_deadline__unknown_event),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
