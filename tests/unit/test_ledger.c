/*
 * test_ledger.c — the SQLite ledger (create 0600, record, read back,
 * state, refusing foreign files) and the derived state (crossing day,
 * filing status), one row per case.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/date.h"
#include "core/fr.h"
#include "core/history.h"
#include "store/ledger.h"

static int
D(const char *s)
{
	int d;

	if (fr_date_parse(s, &d) != FR_OK)
		fail_msg("bad date in table: %s", s);
	return d;
}

static char *
tmp_path(const char *name)
{
	char tmpl[] = "/tmp/frfile-unit.XXXXXX";
	char *dir = mkdtemp(tmpl);

	assert_non_null(dir);
	return fr_xasprintf("%s/%s", dir, name);
}

static void
rm_tmp(char *path)
{
	char *slash = strrchr(path, '/');

	unlink(path);
	*slash = '\0';
	rmdir(path);
	free(path);
}

static void
test_ledger__roundtrip(void **state)
{
	char *path = tmp_path("sub/ledger.db");
	struct ledger *l;
	struct fr_observation o = { 0 };
	struct fr_event e = { 0 };
	struct fr_history h;
	struct stat st;
	char *v;

	(void)state;
	assert_int_equal(ledger_open(path, LEDGER_READ, &l, NULL), FR_ENOENT);
	assert_int_equal(ledger_open(path, LEDGER_CREATE, &l, NULL), FR_OK);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	o.date = D("2025-06-05");
	o.individuals = 120000;
	o.source = "count";
	o.partial = 1;
	o.crossing_date = D("2025-06-04");
	assert_int_equal(ledger_record(l, &o, NULL), FR_OK);
	o.date = D("2025-06-01");
	o.individuals = 99000;
	o.source = NULL;
	o.partial = 0;
	o.crossing_date = -1;
	assert_int_equal(ledger_record(l, &o, NULL), FR_OK);
	o.individuals = -1;
	assert_int_equal(ledger_record(l, &o, NULL), FR_EINVAL);
	e.kind = FR_EV_SUBMITTED;
	e.date = D("2025-07-01");
	e.note = "online";
	assert_int_equal(ledger_add_event(l, &e, NULL), FR_OK);
	assert_int_equal(ledger_state_get(l, "k", &v, NULL), FR_ENOENT);
	assert_int_equal(ledger_state_set(l, "k", "one", NULL), FR_OK);
	assert_int_equal(ledger_state_set(l, "k", "two", NULL), FR_OK);
	assert_int_equal(ledger_state_get(l, "k", &v, NULL), FR_OK);
	assert_string_equal(v, "two");
	free(v);
	assert_int_equal(ledger_state_set(l, "k", NULL, NULL), FR_OK);
	assert_int_equal(ledger_state_get(l, "k", &v, NULL), FR_ENOENT);
	ledger_close(l);

	assert_int_equal(ledger_open(path, LEDGER_READ, &l, NULL), FR_OK);
	assert_int_equal(ledger_history(l, &h, NULL), FR_OK);
	assert_int_equal(h.nobs, 2);
	assert_int_equal(h.obs[0].date, D("2025-06-01"));	/* sorted */
	assert_null(h.obs[0].source);
	assert_int_equal(h.obs[0].crossing_date, -1);
	assert_int_equal(h.obs[1].individuals, 120000);
	assert_string_equal(h.obs[1].source, "count");
	assert_int_equal(h.obs[1].partial, 1);
	assert_int_equal(h.obs[1].crossing_date, D("2025-06-04"));
	assert_non_null(h.obs[1].recorded_at);
	assert_int_equal(h.nev, 1);
	assert_int_equal(h.ev[0].kind, FR_EV_SUBMITTED);
	assert_string_equal(h.ev[0].note, "online");
	fr_history_release(&h);
	ledger_close(l);
	{
		/* path is DIR/sub/ledger.db: remove both levels. */
		char *sub = fr_xstrdup(path);

		unlink(path);
		*strrchr(sub, '/') = '\0';
		rmdir(sub);
		free(sub);
		*strrchr(path, '/') = '\0';
		*strrchr(path, '/') = '\0';
		rmdir(path);
		free(path);
	}
}

static void
test_ledger__refuses_garbage(void **state)
{
	static const char garbage[] = "this is not a database, it is a text "
	    "file that someone pointed --ledger at by mistake\n";
	char *path = tmp_path("x.db");
	struct ledger *l;
	struct fr_diags d;
	char *before, *after;
	size_t n1, n2;

	(void)state;
	assert_int_equal(fr_write_file_atomic(path, garbage, sizeof garbage - 1,
	    0600), FR_OK);
	fr_diags_init(&d);
	assert_int_equal(ledger_open(path, LEDGER_CREATE, &l, &d), FR_EFORMAT);
	assert_null(l);
	assert_int_equal(d.n, 1);
	assert_non_null(strstr(d.v[0].msg, "not a frfile ledger"));
	fr_diags_release(&d);
	/* Nothing written. */
	assert_int_equal(fr_read_file(path, 0, &before, &n1), FR_OK);
	assert_int_equal(ledger_open(path, LEDGER_READ, &l, NULL), FR_EFORMAT);
	assert_int_equal(fr_read_file(path, 0, &after, &n2), FR_OK);
	assert_int_equal(n1, n2);
	assert_memory_equal(before, after, n1);
	free(before);
	free(after);
	rm_tmp(path);
}

static void
test_ledger__derive(void **state)
{
	/* Observations "date:count[p][@crossing]" in recording order. */
	static const struct {
		const char *obs[6];
		const char *until;
		const char *cross;	/* NULL: not crossed */
		enum fr_cross_how how;
		const char *why;
	} rows[] = {
		{ { "2025-06-01:5", NULL }, "2026-01-01", NULL, FR_CROSS_NONE, "below" },
		{ { "2025-06-09:99999", "2025-06-10:100000", NULL }, "2026-01-01",
		  "2025-06-10", FR_CROSS_OBSERVED, "exactly the line, day before below" },
		{ { "2025-06-01:90000", "2025-06-10:100001", NULL }, "2026-01-01",
		  "2025-06-02", FR_CROSS_EARLIEST, "gap: earliest possible day" },
		{ { "2025-06-10:150000", NULL }, "2026-01-01",
		  "2025-06-10", FR_CROSS_FIRST_SEEN, "first ever count over" },
		{ { "2025-06-01:90000", "2025-06-10:100001", "2025-06-11:80000",
		    "2025-06-20:120000", NULL }, "2026-01-01",
		  "2025-06-02", FR_CROSS_EARLIEST, "first reaches: a drop does not undo it" },
		{ { "2025-06-01:90000", "2025-06-05:95000p", "2025-06-10:100001", NULL },
		  "2026-01-01", "2025-06-02", FR_CROSS_EARLIEST,
		  "a partial count below proves nothing" },
		{ { "2025-06-01:90000", "2025-06-05:100005p", NULL }, "2026-01-01",
		  "2025-06-02", FR_CROSS_EARLIEST, "a partial count over proves it" },
		{ { "2025-06-01:90000", "2025-06-10:100001@2025-06-07", NULL },
		  "2026-01-01", "2025-06-07", FR_CROSS_RECORDED, "recorded crossing date" },
		{ { "2025-06-01:90000", "2025-06-10:100001", NULL }, "2025-06-09",
		  NULL, FR_CROSS_NONE, "until before the crossing" },
		{ { "2025-06-10:100001", "2025-06-10:99000", NULL }, "2026-01-01",
		  "2025-06-10", FR_CROSS_FIRST_SEEN, "same day, over then below" },
		{ { "2025-06-10:99000", "2025-06-10:100001", NULL }, "2026-01-01",
		  "2025-06-10", FR_CROSS_OBSERVED, "same day, below then over" },
	};
	size_t i, j;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct fr_observation obs[6];
		struct fr_history h = { .obs = obs };
		struct fr_ledger_state s;

		memset(obs, 0, sizeof obs);
		for (j = 0; rows[i].obs[j] != NULL; j++) {
			const char *r = rows[i].obs[j];
			char date[11];
			char *end;

			memcpy(date, r, 10);
			date[10] = '\0';
			obs[j].id = (long long)j + 1;
			obs[j].date = D(date);
			obs[j].individuals = strtoll(r + 11, &end, 10);
			obs[j].partial = *end == 'p';
			obs[j].crossing_date = *end == '@' ? D(end + 1) : -1;
			h.nobs++;
		}
		fr_ledger_derive(&h, FR_THRESHOLD_DEFAULT, D(rows[i].until),
		    &s);
		if (rows[i].cross == NULL) {
			if (s.crossed)
				fail_msg("row %zu (%s): crossed", i, rows[i].why);
			continue;
		}
		if (!s.crossed || s.crossing_date != D(rows[i].cross) ||
		    s.crossing_how != rows[i].how) {
			char buf[FR_DATE_LEN];

			fail_msg("row %zu (%s): crossed %d on %s (%s)", i,
			    rows[i].why, s.crossed,
			    fr_date_format(s.crossing_date, buf),
			    fr_cross_how_name(s.crossing_how));
		}
	}
}

static void
test_ledger__status(void **state)
{
	struct fr_event ev[3] = {
		{ 2, FR_EV_COMPLETED, 0, NULL, NULL, -1, 0 },
		{ 1, FR_EV_SUBMITTED, 0, NULL, NULL, -1, 0 },
		{ 3, FR_EV_CHANGED, 0, NULL, NULL, -1, 0 },
	};
	struct fr_history h = { .ev = ev, .nev = 3 };
	struct fr_ledger_state s;

	(void)state;
	ev[0].date = D("2025-07-20");
	ev[1].date = D("2025-07-01");
	ev[2].date = D("2025-09-01");
	fr_ledger_derive(&h, FR_THRESHOLD_DEFAULT, INT_MAX, &s);
	assert_true(s.has_status);
	assert_int_equal(s.status, FR_EV_CHANGED);
	assert_int_equal(s.completed_date, D("2025-07-20"));
	assert_int_equal(s.submitted_date, D("2025-07-01"));
	fr_ledger_derive(&h, FR_THRESHOLD_DEFAULT, D("2025-08-01"), &s);
	assert_int_equal(s.status, FR_EV_COMPLETED);
	fr_ledger_derive(&h, FR_THRESHOLD_DEFAULT, D("2025-06-01"), &s);
	assert_false(s.has_status);
	assert_int_equal(s.latest_date, -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ledger__roundtrip),
		cmocka_unit_test(test_ledger__refuses_garbage),
		cmocka_unit_test(test_ledger__derive),
		cmocka_unit_test(test_ledger__status),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
