/*
 * test_count.c — the keyed-hash set (distinct, per source, overlap), the
 * crossing-day sweep over merged intervals, and the HMAC wrapper, one row
 * per case.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "core/count.h"
#include "core/date.h"
#include "core/fr.h"
#include "core/hmac.h"

static int
D(const char *s)
{
	int d;

	if (s == NULL)
		return FR_DATE_OPEN;
	if (fr_date_parse(s, &d) != FR_OK)
		fail_msg("bad date in table: %s", s);
	return d;
}

/* Person n's key: any 32 bytes that differ per person will do. */
static void
key(int n, unsigned char k[FR_KEY_LEN])
{
	char id[16];

	snprintf(id, sizeof id, "p%d", n);
	fr_sha256(id, strlen(id), k);
}

static void
test_count__distinct(void **state)
{
	/* Sources are lists of person numbers; -1 ends a source. */
	static const struct {
		int ids[16];
		size_t total, multi, per[3];
	} rows[] = {
		{ { 1, 2, 3, -1 }, 3, 0, { 3 } },
		{ { 1, 1, 1, -1 }, 1, 0, { 1 } },		/* repeats */
		{ { 1, 2, -1, 2, 3, -1 }, 3, 1, { 2, 2 } },	/* overlap */
		{ { 1, -1, 1, -1, 1, -1 }, 1, 1, { 1, 1, 1 } },	/* one person, 3 stores */
		{ { 1, 2, -1, 3, 4, -1, 2, 4, 5, -1 }, 5, 2, { 2, 2, 3 } },
		{ { -1 }, 0, 0, { 0 } },			/* empty source */
	};
	size_t i, j;
	unsigned char k[FR_KEY_LEN];

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct fr_count *c = fr_count_new(D("2026-01-01"));
		int src = fr_count_begin_source(c), nsrc = 1;

		for (j = 0; j < 16 && (rows[i].ids[j] != 0); j++) {
			if (rows[i].ids[j] == -1) {
				if (j + 1 < 16 && rows[i].ids[j + 1] != 0) {
					src = fr_count_begin_source(c);
					nsrc++;
				}
				continue;
			}
			key(rows[i].ids[j], k);
			fr_count_add(c, k);
		}
		assert_int_equal(fr_count_total(c), rows[i].total);
		assert_int_equal(fr_count_multi(c), rows[i].multi);
		for (j = 0; j < (size_t)nsrc; j++)
			assert_int_equal(fr_count_source(c, (int)j), rows[i].per[j]);
		(void)src;
		fr_count_free(c);
	}
	fr_count_free(NULL);
}

static void
test_count__many(void **state)
{
	/* Enough keys to make the table grow many times. */
	struct fr_count *c = fr_count_new(0);
	unsigned char k[FR_KEY_LEN];
	int n;

	(void)state;
	fr_count_begin_source(c);
	for (n = 0; n < 200000; n++) {
		key(n % 150000, k);
		fr_count_add(c, k);
	}
	assert_int_equal(fr_count_total(c), 150000);
	assert_int_equal(fr_count_keys(c), 150000);
	assert_int_equal(fr_count_source(c, 0), 150000);
	assert_true(fr_count_memory(c) > 150000 * FR_KEY_LEN);
	fr_count_free(c);
}

static void
test_count__crossing(void **state)
{
	/*
	 * Intervals per (person, source); person 0 ends the list. The
	 * threshold and the expected first day (NULL: never reached).
	 */
	static const struct {
		const char *why;
		struct { int p, src; const char *from, *until; } iv[8];
		size_t threshold;
		const char *want;
		size_t peak, now;
	} rows[] = {
		{ "simple", { { 1, 0, "2024-01-01", NULL }, { 2, 0, "2024-01-05", NULL },
		    { 3, 0, "2024-02-01", NULL } }, 3, "2024-02-01", 3, 3 },
		{ "never", { { 1, 0, "2024-01-01", NULL } }, 2, NULL, 1, 1 },
		{ "deletion keeps it below", { { 1, 0, "2024-01-01", "2024-01-10" },
		    { 2, 0, "2024-01-10", NULL } }, 2, NULL, 1, 1 },
		{ "until is exclusive", { { 1, 0, "2024-01-01", "2024-01-11" },
		    { 2, 0, "2024-01-10", NULL } }, 2, "2024-01-10", 2, 1 },
		{ "same person in two stores counts once",
		    { { 1, 0, "2024-01-01", NULL }, { 1, 1, "2024-01-02", NULL },
		    { 2, 1, "2024-03-01", NULL } }, 2, "2024-03-01", 2, 2 },
		{ "overlapping intervals merge",
		    { { 1, 0, "2024-01-01", "2024-02-01" }, { 1, 1, "2024-01-15", "2024-03-01" },
		    { 2, 0, "2024-02-20", NULL } }, 2, "2024-02-20", 2, 1 },
		{ "re-enrolled after deletion",
		    { { 1, 0, "2024-01-01", "2024-01-05" }, { 1, 0, "2024-02-01", NULL },
		    { 2, 0, "2024-01-03", "2024-01-04" }, { 3, 0, "2024-02-01", NULL } },
		    2, "2024-01-03", 2, 2 },
		{ "after today does not count",
		    { { 1, 0, "2025-12-31", NULL }, { 2, 0, "2026-01-02", NULL } },
		    2, NULL, 1, 1 },
		{ "adjacent intervals are one stay",
		    { { 1, 0, "2024-01-01", "2024-01-05" }, { 1, 1, "2024-01-05", NULL } },
		    1, "2024-01-01", 1, 1 },
	};
	size_t i, j, peak;
	unsigned char k[FR_KEY_LEN];
	int d, rc;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		struct fr_count *c = fr_count_new(D("2026-01-01"));
		int cur = -1;

		for (j = 0; j < 8 && rows[i].iv[j].p != 0; j++) {
			while (cur < rows[i].iv[j].src)
				cur = fr_count_begin_source(c);
			key(rows[i].iv[j].p, k);
			assert_int_equal(fr_count_add_dated(c, k,
			    D(rows[i].iv[j].from), D(rows[i].iv[j].until)), FR_OK);
		}
		rc = fr_count_crossing(c, rows[i].threshold, &d, &peak);
		if (rows[i].want == NULL)
			assert_int_equal(rc, FR_ENOENT);
		else {
			if (rc != FR_OK)
				fail_msg("%s: rc %d", rows[i].why, rc);
			assert_int_equal(d, D(rows[i].want));
			assert_int_equal(fr_count_on(c, d) >= rows[i].threshold, 1);
			assert_int_equal(fr_count_on(c, d - 1) < rows[i].threshold, 1);
		}
		assert_int_equal(peak, rows[i].peak);
		assert_int_equal(fr_count_total(c), rows[i].now);
		fr_count_free(c);
	}
}

static void
test_count__undated(void **state)
{
	struct fr_count *c = fr_count_new(D("2026-01-01"));
	unsigned char k[FR_KEY_LEN];
	int d;

	(void)state;
	fr_count_begin_source(c);
	key(1, k);
	assert_int_equal(fr_count_add_dated(c, k, D("2024-01-01"), FR_DATE_OPEN), FR_OK);
	assert_int_equal(fr_count_add_dated(c, k, D("2024-01-01"), D("2024-01-01")),
	    FR_EINVAL);	/* empty interval */
	key(2, k);
	fr_count_add(c, k);
	assert_int_equal(fr_count_undated(c), 1);
	assert_int_equal(fr_count_crossing(c, 1, &d, NULL), FR_EINVAL);
	assert_int_equal(fr_count_total(c), 2);
	fr_count_free(c);
}

static void
test_count__hmac(void **state)
{
	/* RFC 4231 test cases 1 and 2, through both entry points. */
	static const struct { const char *key, *msg, *hex; } rows[] = {
		{ "\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b\x0b",
		  "Hi There",
		  "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7" },
		{ "Jefe", "what do ya want for nothing?",
		  "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843" },
	};
	unsigned char out[FR_SHA256_LEN];
	char hex[2 * FR_SHA256_LEN + 1];
	char *b;
	size_t i;
	struct fr_hmac *h;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		h = fr_hmac_new(rows[i].key, strlen(rows[i].key));
		fr_hmac_sum(h, rows[i].msg, strlen(rows[i].msg), out);
		fr_hex(out, sizeof out, hex);
		assert_string_equal(hex, rows[i].hex);
		fr_hmac_free(h);
		fr_hmac_sha256(rows[i].key, strlen(rows[i].key), rows[i].msg,
		    strlen(rows[i].msg), out);
		fr_hex(out, sizeof out, hex);
		assert_string_equal(hex, rows[i].hex);
	}
	b = fr_base64((const unsigned char *)"foobar", 6);
	assert_string_equal(b, "Zm9vYmFy");
	free(b);
	b = fr_base64((const unsigned char *)"fo", 2);
	assert_string_equal(b, "Zm8=");
	free(b);
	fr_hmac_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_count__distinct),
		cmocka_unit_test(test_count__many),
		cmocka_unit_test(test_count__crossing),
		cmocka_unit_test(test_count__undated),
		cmocka_unit_test(test_count__hmac),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
