/*
 * test_stored.c — the stored-quantity record as tables: a saved count's
 * JSON in, the figure, its day, "reached" and the errors out; ledger
 * observations in, the latest figure and whether the line was reached.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/fr.h"
#include "core/history.h"
#include "core/stored.h"

static int
D(const char *s)
{
	int d;

	if (s == NULL)
		return -1;
	if (fr_date_parse(s, &d) != FR_OK)
		fail_msg("bad date in table: %s", s);
	return d;
}

static void
test_stored__count_json(void **state)
{
	static const struct {
		const char *json;
		int rc;
		long long n;
		int complete, reached, devices, exports;
		const char *why;
	} rows[] = {
		{ "{\"individuals\":118609,\"complete\":true,\"date\":\"2026-11-22\","
		  "\"crossing_date\":\"2026-10-19\",\"sources\":[{\"type\":\"facts\"},"
		  "{\"type\":\"facts\"},{\"type\":\"csv\"}]}", FR_OK, 118609, 1, 1,
		  2, 1, "devices and an export" },
		{ "{\"individuals\":100000,\"complete\":true,\"date\":\"2026-11-22\","
		  "\"crossing_date\":null}", FR_OK, 100000, 1, 1, 0, 0,
		  "exactly 100,000 has reached the line" },
		{ "{\"individuals\":99999,\"complete\":true,\"date\":\"2026-11-22\","
		  "\"crossing_date\":null}", FR_OK, 99999, 1, 0, 0, 0,
		  "one short has not" },
		{ "{\"individuals\":90000,\"complete\":true,\"date\":\"2026-11-22\","
		  "\"crossing_date\":null,\"peak_individuals\":101000}", FR_OK, 90000,
		  1, 1, 0, 0, "a peak over the line was reached" },
		{ "{\"individuals\":5,\"complete\":false,\"date\":\"2026-11-22\"}",
		  FR_OK, 5, 0, 0, 0, 0, "partial" },
		{ "{\"individuals\":-1,\"complete\":true,\"date\":\"2026-11-22\"}",
		  FR_EINVAL, -1, 0, 0, 0, 0, "negative" },
		{ "{\"individuals\":1.5,\"complete\":true,\"date\":\"2026-11-22\"}",
		  FR_EINVAL, -1, 0, 0, 0, 0, "fraction" },
		{ "{\"individuals\":5,\"complete\":true,\"date\":\"22/11/2026\"}",
		  FR_EINVAL, -1, 0, 0, 0, 0, "a date not ISO" },
		{ "{\"individuals\":5,\"date\":\"2026-11-22\"}", FR_EINVAL, -1, 0,
		  0, 0, 0, "complete missing" },
		{ "{\"individuals\":5,\"complete\":true,\"date\":\"2026-11-22\","
		  "\"peak_individuals\":1e300}", FR_EINVAL, -1, 0, 0, 0, 0,
		  "a peak no count can have" },
		{ "{\"individuals\":5,\"complete\":true,\"date\":\"2026-11-22\","
		  "\"peak_individuals\":\"many\"}", FR_EINVAL, -1, 0, 0, 0, 0,
		  "a peak not a number" },
		{ "[1,2]", FR_EFORMAT, -1, 0, 0, 0, 0, "not an object" },
		{ "", FR_EFORMAT, -1, 0, 0, 0, 0, "empty" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct fr_stored s;
		struct fr_diags d;
		int rc;

		fr_stored_init(&s);
		fr_diags_init(&d);
		rc = fr_stored_from_count_json(&s, rows[i].json,
		    strlen(rows[i].json), "c.json", FR_THRESHOLD_DEFAULT, &d);
		if (rc != rows[i].rc)
			fail_msg("%s: rc %d, want %d", rows[i].why, rc,
			    rows[i].rc);
		if (rc != FR_OK && d.errors == 0)
			fail_msg("%s: refused without a diagnostic", rows[i].why);
		if (s.individuals != rows[i].n || (rc == FR_OK &&
		    (s.complete != rows[i].complete ||
		    s.reached != rows[i].reached ||
		    s.cover.devices != rows[i].devices ||
		    s.cover.exports != rows[i].exports ||
		    s.as_of != D("2026-11-22"))))
			fail_msg("%s: %lld complete %d reached %d cover %d/%d",
			    rows[i].why, s.individuals, s.complete, s.reached,
			    s.cover.devices, s.cover.exports);
		fr_stored_release(&s);
		fr_diags_release(&d);
	}
}

/* Observations "DATE COUNT" in; the latest on or before today out. */
static void
test_stored__history(void **state)
{
	static const struct {
		const char *obs[4];
		const char *today;
		long long n;
		const char *as_of;
		int reached;
		const char *why;
	} rows[] = {
		{ { "2026-10-01 90000", "2026-10-20 100500", NULL }, "2026-11-01",
		  100500, "2026-10-20", 1, "the latest count" },
		{ { "2026-10-01 90000", "2026-10-20 100500", "2026-11-10 95000",
		    NULL }, "2026-11-20", 95000, "2026-11-10", 1,
		  "crossed, then purged below: still reached" },
		{ { "2026-10-01 90000", "2026-12-01 120000", NULL }, "2026-11-20",
		  90000, "2026-10-01", 0, "a count after today is not seen" },
		{ { NULL }, "2026-11-20", -1, NULL, 0, "no observation" },
	};
	size_t i, k;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct fr_observation obs[4];
		struct fr_history h;
		struct fr_stored s;
		char src[] = "count: 5 sources: 4 devices, 1 export";
		int rc;

		memset(obs, 0, sizeof obs);
		memset(&h, 0, sizeof h);
		h.obs = obs;
		for (k = 0; rows[i].obs[k] != NULL; k++) {
			char day[11];

			memcpy(day, rows[i].obs[k], 10);
			day[10] = '\0';
			obs[k].date = D(day);
			obs[k].individuals = strtoll(rows[i].obs[k] + 11, NULL,
			    10);
			obs[k].crossing_date = -1;
			obs[k].source = src;
			h.nobs++;
		}
		fr_stored_init(&s);
		rc = fr_stored_from_history(&s, &h, FR_THRESHOLD_DEFAULT,
		    D(rows[i].today), "l.db");
		if ((rc == FR_OK) != (rows[i].n >= 0) ||
		    s.individuals != rows[i].n || s.as_of != D(rows[i].as_of) ||
		    s.reached != rows[i].reached)
			fail_msg("%s: rc %d n %lld reached %d", rows[i].why, rc,
			    s.individuals, s.reached);
		if (rc == FR_OK && (s.cover.devices != 4 || s.cover.exports != 1))
			fail_msg("%s: cover %d/%d", rows[i].why, s.cover.devices,
			    s.cover.exports);
		fr_stored_release(&s);
	}
}

/* The method in words: no program name, flag or key. */
static void
test_stored__method_text(void **state)
{
	struct fr_stored s;
	char *zh, *en;

	(void)state;
	fr_stored_init(&s);
	fr_stored_from_facts(&s, 117359, 4, D("2026-11-22"),
	    FR_THRESHOLD_DEFAULT);
	zh = fr_stored_method_text(&s, "zh");
	en = fr_stored_method_text(&s, "en");
	assert_non_null(strstr(zh, "4台人脸识别设备"));
	assert_non_null(strstr(en, "4 facial recognition devices"));
	assert_null(strstr(en, "frmatch"));
	assert_null(strchr(en, '_'));
	assert_int_equal(fr_stored_age(&s, D("2026-12-22")), 30);
	free(zh);
	free(en);
	fr_stored_release(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stored__count_json),
		cmocka_unit_test(test_stored__history),
		cmocka_unit_test(test_stored__method_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
