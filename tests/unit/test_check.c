/*
 * test_check.c — the check's rules as a table: ledger entries, today and
 * thresholds in; state, working days left and due date out.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "core/check.h"
#include "core/date.h"
#include "core/fr.h"
#include "core/history.h"

static int
D(const char *s)
{
	int d;

	if (fr_date_parse(s, &d) != FR_OK)
		fail_msg("bad date in table: %s", s);
	return d;
}

/*
 * entries: "o DATE COUNT" observations and "e DATE KIND" events;
 * left: expected workdays_left or 999 for none.
 */
static void
test_check__table(void **state)
{
	static const struct {
		const char *entries[6];
		const char *today;
		int w, c;
		long long warn_count;
		enum fr_check_state want;
		int left;
		const char *due;
	} rows[] = {
		{ { NULL }, "2025-06-01", 30, 5, 0, FR_CHECK_UNKNOWN, 999, NULL },
		{ { "o 2025-06-01 90000", NULL }, "2025-06-02", 30, 5, 0, FR_CHECK_OK, 999, NULL },
		{ { "o 2025-06-01 90000", NULL }, "2025-06-02", 30, 5, 90000, FR_CHECK_WARNING, 999, NULL },
		{ { "o 2025-06-09 99999", "o 2025-06-10 100000", NULL }, "2025-06-10", 30, 5, 0, FR_CHECK_WARNING, 30, "2025-07-22" },
		{ { "o 2025-06-09 99999", "o 2025-06-10 100000", NULL }, "2025-06-10", 29, 5, 0, FR_CHECK_OK, 30, "2025-07-22" },
		{ { "o 2025-06-09 99999", "o 2025-06-10 100000", NULL }, "2025-07-15", 30, 5, 0, FR_CHECK_CRITICAL, 5, "2025-07-22" },
		{ { "o 2025-06-09 99999", "o 2025-06-10 100000", NULL }, "2025-07-15", 30, 4, 0, FR_CHECK_WARNING, 5, "2025-07-22" },
		{ { "o 2025-06-09 99999", "o 2025-06-10 100000", NULL }, "2025-07-22", 30, 0, 0, FR_CHECK_CRITICAL, 0, "2025-07-22" },
		{ { "o 2025-06-09 99999", "o 2025-06-10 100000", NULL }, "2025-07-25", 30, 5, 0, FR_CHECK_CRITICAL, -3, "2025-07-22" },
		{ { "o 2025-03-01 150000", NULL }, "2025-06-15", 30, 5, 0, FR_CHECK_WARNING, 21, "2025-07-14" },
		{ { "o 2025-06-10 100000", "e 2025-07-01 submitted", NULL }, "2025-07-10", 30, 5, 0, FR_CHECK_OK, 8, "2025-07-22" },
		{ { "o 2025-06-10 100000", "e 2025-07-01 submitted", NULL }, "2025-07-23", 30, 5, 0, FR_CHECK_WARNING, -1, "2025-07-22" },
		{ { "o 2025-06-10 100000", "e 2025-07-10 returned", NULL }, "2025-07-11", 30, 5, 0, FR_CHECK_WARNING, 9, "2025-07-24" },
		{ { "o 2025-06-10 100000", "e 2025-07-10 returned", NULL }, "2025-07-28", 30, 5, 0, FR_CHECK_CRITICAL, -2, "2025-07-24" },
		{ { "o 2025-06-10 100000", "e 2025-07-20 completed", NULL }, "2025-07-28", 30, 5, 0, FR_CHECK_OK, 999, NULL },
		{ { "e 2025-07-20 completed", "e 2025-09-01 changed", NULL }, "2025-09-02", 30, 5, 0, FR_CHECK_WARNING, 29, "2025-10-17" },
		{ { "e 2025-07-20 completed", "e 2025-11-03 terminated", NULL }, "2025-11-04", 30, 5, 0, FR_CHECK_WARNING, 29, "2025-12-15" },
		{ { "o 2025-06-10 100000", "e 2025-12-01 failed", NULL }, "2025-12-02", 30, 5, 0, FR_CHECK_CRITICAL, 999, NULL },
		/* A change before any completed filing: the filing itself is due. */
		{ { "o 2025-06-09 99999", "o 2025-06-10 100000", "e 2025-06-20 changed", NULL }, "2025-06-23", 30, 5, 0, FR_CHECK_WARNING, 21, "2025-07-22" },
	};
	struct fr_calendar *cal = fr_calendar_new();
	size_t i, j;

	(void)state;
	setenv("FRFILE_DATADIR", ".", 1);
	setenv("XDG_DATA_HOME", "/nonexistent-frfile-test", 1);
	assert_int_equal(fr_calendar_load_default(cal, NULL), FR_OK);
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct fr_observation obs[6];
		struct fr_event ev[6];
		struct fr_history h = { .obs = obs, .ev = ev };
		struct fr_ledger_state st;
		struct fr_check_opts o;
		struct fr_check_result r;
		char buf[FR_DATE_LEN];

		memset(obs, 0, sizeof obs);
		memset(ev, 0, sizeof ev);
		for (j = 0; rows[i].entries[j] != NULL; j++) {
			const char *e = rows[i].entries[j];
			char date[11];

			memcpy(date, e + 2, 10);
			date[10] = '\0';
			if (e[0] == 'o') {
				obs[h.nobs].id = (long long)j + 1;
				obs[h.nobs].date = D(date);
				obs[h.nobs].individuals = strtoll(e + 13, NULL, 10);
				obs[h.nobs].crossing_date = -1;
				h.nobs++;
			} else {
				ev[h.nev].id = (long long)j + 1;
				ev[h.nev].date = D(date);
				assert_int_equal(fr_ev_kind_parse(e + 13,
				    &ev[h.nev].kind), FR_OK);
				h.nev++;
			}
		}
		fr_check_opts_init(&o, D(rows[i].today));
		o.warn_days = rows[i].w;
		o.crit_days = rows[i].c;
		o.warn_count = rows[i].warn_count;
		o.max_age_days = 0;	/* staleness: test_check__findings */
		fr_ledger_derive(&h, FR_THRESHOLD_DEFAULT, o.today, &st);
		assert_int_equal(fr_check(cal, &st, &o, &r), FR_OK);
		if (r.state != rows[i].want)
			fail_msg("row %zu: %s, expected %s: %s", i,
			    fr_check_state_name(r.state),
			    fr_check_state_name(rows[i].want), r.message);
		if (rows[i].left == 999)
			assert_false(r.has_due);
		else {
			assert_true(r.has_due);
			if (r.workdays_left != rows[i].left ||
			    strcmp(fr_date_format(r.due, buf), rows[i].due) != 0)
				fail_msg("row %zu: due %s, %d left; expected "
				    "%s, %d", i, buf, r.workdays_left,
				    rows[i].due, rows[i].left);
		}
		{
			char *line = fr_check_line(&r);

			assert_non_null(strstr(line, " | individuals="));
			free(line);
		}
		fr_check_result_release(&r);
	}
	fr_calendar_free(cal);
}

/*
 * The findings added in every state: stale and failed counts, a year
 * counted Monday to Friday, a count in another band than the filed one,
 * a device whose audit log went back. entries: "o DATE N", "e DATE KIND
 * [N]" (N the filed count), "f DATE" (a failed count), "a DATE STORE
 * ENTRIES HEADCHAR" (a device's audit log).
 */
static void
test_check__findings(void **state)
{
	static const struct {
		const char *entries[6];
		const char *today;
		int max_age;
		enum fr_check_state want;
		const char *en, *zh;	/* in the message */
		const char *why;
	} rows[] = {
		{ { "o 2025-08-01 5000", NULL }, "2025-08-08", 7, FR_CHECK_OK,
		  "below the 100000 line", "未达到", "7 days: not stale" },
		{ { "o 2025-08-01 5000", NULL }, "2025-08-09", 7, FR_CHECK_WARNING,
		  "the latest count is 8 days old", "8天", "8 days: stale" },
		{ { "o 2025-06-10 120000", "e 2025-07-01 submitted", "e 2025-07-20 completed 120000", NULL },
		  "2026-02-01", 7, FR_CHECK_WARNING, "days old", "完成备案",
		  "stale after a completed filing too" },
		{ { "o 2025-06-10 120000", "e 2025-07-20 completed 120000", "o 2025-08-01 120500", "f 2025-08-02", NULL },
		  "2025-08-03", 7, FR_CHECK_WARNING, "failed: boom", "计数失败",
		  "a failed count after the latest" },
		{ { "o 2025-06-10 120000", "f 2025-06-09", "e 2025-07-20 completed 120000", "o 2025-08-01 120500", NULL },
		  "2025-08-03", 7, FR_CHECK_OK, "with 120000 individuals", "120000人",
		  "a failure before the latest count is old news" },
		{ { "o 2026-11-30 99999", "o 2026-12-01 100000", NULL }, "2026-12-03", 7,
		  FR_CHECK_WARNING, "calendar year 2027 is not loaded", "2027年",
		  "a due date in 2027: provisional, never OK, names the year" },
		{ { "o 2025-06-10 120000", "e 2025-07-20 completed 120000", "o 2025-08-01 999999", "o 2025-08-05 1000001", NULL },
		  "2025-08-06", 7, FR_CHECK_WARNING, "amendment due 2025-09-12", "变更备案",
		  "a count in the next band: amendment due from the day after the last count in band" },
		{ { "o 2025-06-10 120000", "e 2025-07-20 completed", "o 2025-08-05 1000001", NULL },
		  "2025-08-06", 7, FR_CHECK_OK, "completed on 2025-07-20", "完成备案",
		  "no filed figure: no band rule" },
		{ { "o 2025-08-01 5000", "a 2025-08-01 s1 40 a", "o 2025-08-02 5000", "a 2025-08-02 s1 12 b", NULL },
		  "2025-08-02", 7, FR_CHECK_WARNING, "audit log went back", "回退",
		  "fewer audit entries than last time" },
		{ { "o 2025-08-01 5000", "a 2025-08-01 s1 40 a", "o 2025-08-02 5000", "a 2025-08-02 s1 40 b", NULL },
		  "2025-08-02", 7, FR_CHECK_WARNING, "under another head", "哈希链头不同",
		  "as many entries under another head" },
		{ { "o 2025-08-01 5000", "a 2025-08-01 s1 40 a", "o 2025-08-02 5000", "a 2025-08-02 s1 41 b", NULL },
		  "2025-08-02", 7, FR_CHECK_OK, "below the 100000 line", "未达到",
		  "a log that grew" },
	};
	struct fr_calendar *cal = fr_calendar_new();
	size_t i, j;

	(void)state;
	setenv("FRFILE_DATADIR", ".", 1);
	setenv("XDG_DATA_HOME", "/nonexistent-frfile-test", 1);
	assert_int_equal(fr_calendar_load_default(cal, NULL), FR_OK);
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct fr_observation obs[6];
		struct fr_event ev[6];
		struct fr_count_failure fl[6];
		struct fr_device_audit dv[6];
		char *reason = "boom";
		struct fr_history h = { .obs = obs, .ev = ev, .fail = fl,
		    .dev = dv };
		struct fr_ledger_state st;
		struct fr_check_opts o;
		struct fr_check_result r;
		const double bands[] = { 0, 100000, 1000000, 10000000 };

		memset(obs, 0, sizeof obs);
		memset(ev, 0, sizeof ev);
		memset(fl, 0, sizeof fl);
		memset(dv, 0, sizeof dv);
		for (j = 0; rows[i].entries[j] != NULL; j++) {
			const char *e = rows[i].entries[j];
			char date[11], *end;

			memcpy(date, e + 2, 10);
			date[10] = '\0';
			switch (e[0]) {
			case 'o':
				obs[h.nobs].id = (long long)j + 1;
				obs[h.nobs].seq = (long long)j + 1;
				obs[h.nobs].date = D(date);
				obs[h.nobs].individuals = strtoll(e + 13, NULL,
				    10);
				obs[h.nobs].crossing_date = -1;
				h.nobs++;
				break;
			case 'e': {
				char kind[16];
				size_t k = 0;

				while (e[13 + k] != '\0' && e[13 + k] != ' ' &&
				    k < sizeof kind - 1) {
					kind[k] = e[13 + k];
					k++;
				}
				kind[k] = '\0';
				ev[h.nev].id = (long long)j + 1;
				ev[h.nev].seq = (long long)j + 1;
				ev[h.nev].date = D(date);
				ev[h.nev].count = e[13 + k] == ' ' ?
				    strtoll(e + 14 + k, NULL, 10) : -1;
				assert_int_equal(fr_ev_kind_parse(kind,
				    &ev[h.nev].kind), FR_OK);
				h.nev++;
				break;
			}
			case 'f':
				fl[h.nfail].seq = (long long)j + 1;
				fl[h.nfail].date = D(date);
				fl[h.nfail].reason = reason;
				h.nfail++;
				break;
			case 'a':
				dv[h.ndev].seq = (long long)j + 1;
				dv[h.ndev].date = D(date);
				dv[h.ndev].store_id = "s1";
				dv[h.ndev].entries = strtoll(e + 16, &end, 10);
				memset(dv[h.ndev].head, end[1], 64);
				h.ndev++;
				break;
			}
		}
		fr_check_opts_init(&o, D(rows[i].today));
		o.max_age_days = rows[i].max_age;
		memcpy(o.bands, bands, sizeof bands);
		o.nbands = 4;
		fr_ledger_derive(&h, FR_THRESHOLD_DEFAULT, o.today, &st);
		fr_ledger_bands(&h, o.bands, o.nbands, &st);
		assert_int_equal(fr_check(cal, &st, &o, &r), FR_OK);
		if (r.state != rows[i].want ||
		    strstr(r.message, rows[i].en) == NULL ||
		    strstr(r.message_zh, rows[i].zh) == NULL)
			fail_msg("row %zu (%s): %s, expected %s: %s / %s", i,
			    rows[i].why, fr_check_state_name(r.state),
			    fr_check_state_name(rows[i].want), r.message,
			    r.message_zh);
		fr_check_result_release(&r);
	}
	fr_calendar_free(cal);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check__table),
		cmocka_unit_test(test_check__findings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
