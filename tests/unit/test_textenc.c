/*
 * test_textenc.c — encodings of text exports: UTF-8 validation (with the
 * reason for each refusal) and detection and conversion to UTF-8, one
 * row per case.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "core/fr.h"
#include "core/textenc.h"

static void
test_textenc__utf8(void **state)
{
	static const struct {
		const char *in;
		size_t len;
		int valid, partial;
		size_t bad;
		const char *why;
	} rows[] = {
		{ "plain ascii, longer than eight", 30, 1, 1, 0, "ascii" },
		{ "会员号", 9, 1, 1, 0, "three-byte sequences" },
		{ "\xf0\x9f\x98\x80", 4, 1, 1, 0, "four bytes" },
		{ "ab\xe4\xbc", 4, 0, 1, 2, "cut short: fine as a start" },
		{ "ab\xc0\xaf", 4, 0, 0, 2, "overlong" },
		{ "ab\xed\xa0\x80", 5, 0, 0, 2, "a surrogate" },
		{ "ab\xf4\x90\x80\x80", 6, 0, 0, 2, "past U+10FFFF" },
		{ "12345678\xbb\xe1", 10, 0, 0, 8, "GBK after an ASCII word" },
		{ "\xff", 1, 0, 0, 0, "never in UTF-8" },
		{ "", 0, 1, 1, 0, "empty" },
	};
	size_t i, bad;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		bad = 99;
		if (fr_utf8_valid(rows[i].in, rows[i].len, 0, &bad) !=
		    rows[i].valid)
			fail_msg("row %zu (%s): valid", i, rows[i].why);
		if (!rows[i].valid && bad != rows[i].bad)
			fail_msg("row %zu (%s): bad at %zu", i, rows[i].why, bad);
		if (fr_utf8_valid(rows[i].in, rows[i].len, 1, NULL) !=
		    rows[i].partial)
			fail_msg("row %zu (%s): partial", i, rows[i].why);
	}
}

static void
test_textenc__convert(void **state)
{
	static const struct {
		const char *in;
		size_t len;
		const char *forced;
		int rc;
		const char *used, *out, *err;	/* out NULL: used as it is */
	} rows[] = {
		{ "id\nA\n", 5, NULL, FR_OK, "UTF-8", NULL, NULL },
		{ "\xef\xbb\xbfid\n", 6, NULL, FR_OK, "UTF-8 with BOM", NULL, NULL },
		{ "\xbb\xe1\xd4\xb1\xba\xc5\n", 7, NULL, FR_OK, "GB18030",
		  "会员号\n", NULL },
		{ "\xff\xfei\0d\0", 6, NULL, FR_OK, "UTF-16LE", "id", NULL },
		{ "\xfe\xff\0i\0d", 6, NULL, FR_OK, "UTF-16BE", "id", NULL },
		{ "\xbb\xe1", 2, "GBK", FR_OK, "GBK", "会", NULL },
		{ "i\0d\0", 4, "UTF-16LE", FR_OK, "UTF-16LE", "id", NULL },
		{ "id\n\x80\n", 5, NULL, FR_EINVAL, "unknown", NULL,
		  "line 2: neither UTF-8 nor GB18030 (byte 4); give the encoding "
		  "the export was saved in with --encoding" },
		{ "id\n\xbb\xe1\n", 6, "UTF-8", FR_EINVAL, "UTF-8", NULL,
		  "line 2: not UTF-8 (byte 4); give the encoding the export was "
		  "saved in with --encoding, such as GB18030" },
		{ "a", 1, "NO-SUCH-ENCODING", FR_EINVAL, "NO-SUCH-ENCODING", NULL,
		  "--encoding: 'NO-SUCH-ENCODING' is not an encoding iconv knows "
		  "(iconv -l lists them)" },
		{ "\xff\xfei", 3, NULL, FR_EINVAL, "UTF-16LE", NULL,
		  "bytes that are not UTF-16LE after its byte-order mark (at byte "
		  "3)" },
	};
	char *out, *err;
	const char *used;
	size_t i, outlen;
	int rc;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		rc = fr_text_to_utf8(rows[i].in, rows[i].len, rows[i].forced,
		    &out, &outlen, &used, &err);
		if (rc != rows[i].rc)
			fail_msg("row %zu: rc %d (%s)", i, rc, err ? err : "");
		assert_string_equal(used, rows[i].used);
		if (rows[i].out == NULL)
			assert_null(out);
		else {
			assert_non_null(out);
			assert_int_equal(outlen, strlen(rows[i].out));
			assert_memory_equal(out, rows[i].out, outlen);
		}
		if (rows[i].err == NULL)
			assert_null(err);
		else
			assert_string_equal(err, rows[i].err);
		free(out);
		free(err);
	}
	/* A stream's first block: must it be read whole and converted? */
	assert_false(fr_text_needs_converting("id\n\xe4\xbc", 5, NULL));
	assert_true(fr_text_needs_converting("id\n\xbb\xe1\n", 6, NULL));
	assert_true(fr_text_needs_converting("\xff\xfe", 2, NULL));
	assert_true(fr_text_needs_converting("id", 2, "GBK"));
	assert_false(fr_text_needs_converting("id", 2, "utf-8"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_textenc__utf8),
		cmocka_unit_test(test_textenc__convert),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
