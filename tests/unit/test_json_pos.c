/*
 * test_json_pos.c — the strict JSON scanner: one row per input, with the
 * result, the first problem's code and line:column, and the number of
 * values seen.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "core/diag.h"
#include "core/fr.h"
#include "core/json_pos.h"

struct row {
	const char *in;
	size_t len;		/* 0: strlen(in) */
	int rc;
	const char *code;	/* first diagnostic, NULL when none */
	int line, col;
	size_t values;		/* on FR_OK */
	const char *why;
};

static void
run(const struct row *rows, size_t n)
{
	struct fr_diags d;
	struct fr_jpos *pos;
	size_t i, np, skip;
	int rc;

	for (i = 0; i < n; i++) {
		const struct row *r = &rows[i];

		fr_diags_init(&d);
		rc = fr_json_scan(r->in, r->len ? r->len : strlen(r->in),
		    "t.json", &d, &pos, &np, &skip);
		if (rc != r->rc)
			fail_msg("row %zu (%s): rc %d, want %d", i, r->why, rc,
			    r->rc);
		if (r->code == NULL && d.n != 0)
			fail_msg("row %zu (%s): unexpected '%s'", i, r->why,
			    d.v[0].msg);
		if (r->code != NULL) {
			if (d.n == 0)
				fail_msg("row %zu (%s): no diagnostic", i, r->why);
			if (strcmp(d.v[0].code, r->code) != 0 ||
			    d.v[0].line != r->line || d.v[0].col != r->col)
				fail_msg("row %zu (%s): %s at %d:%d (%s), want "
				    "%s at %d:%d", i, r->why, d.v[0].code,
				    d.v[0].line, d.v[0].col, d.v[0].msg,
				    r->code, r->line, r->col);
		}
		if (rc == FR_OK && np != r->values)
			fail_msg("row %zu (%s): %zu values, want %zu", i,
			    r->why, np, r->values);
		free(pos);
		fr_diags_release(&d);
	}
}

static void
test_json_pos__valid(void **state)
{
	static const struct row rows[] = {
		{ "{}", 0, FR_OK, NULL, 0, 0, 1, "empty object" },
		{ "[]", 0, FR_OK, NULL, 0, 0, 1, "empty array" },
		{ "0", 0, FR_OK, NULL, 0, 0, 1, "scalar root" },
		{ " {\"a\": [1, -2.5e+3, true, false, null, \"x\"]} ", 0, FR_OK,
		    NULL, 0, 0, 8, "all value kinds" },
		{ "{\"a\":{\"b\":{\"c\":1}}}", 0, FR_OK, NULL, 0, 0, 4, "nested" },
		{ "\xef\xbb\xbf{}", 0, FR_OK, NULL, 0, 0, 1, "BOM skipped" },
		{ "{\"\\u00e9\\ud83d\\ude00\\n\": \"\xe4\xb8\xad\"}", 0, FR_OK,
		    NULL, 0, 0, 2, "escapes, surrogate pair, CJK" },
		{ "{\"a\":1,\"b\":{\"a\":2}}", 0, FR_OK, NULL, 0, 0, 4,
		    "same key in different objects" },
	};

	(void)state;
	run(rows, sizeof rows / sizeof rows[0]);
}

static void
test_json_pos__syntax(void **state)
{
	static const struct row rows[] = {
		{ "", 0, FR_EFORMAT, "json.syntax", 1, 1, 0, "empty" },
		{ "  \n ", 0, FR_EFORMAT, "json.syntax", 2, 2, 0, "blank" },
		{ "{", 0, FR_EFORMAT, "json.syntax", 1, 2, 0, "unterminated" },
		{ "{\"a\" 1}", 0, FR_EFORMAT, "json.syntax", 1, 6, 0, "no colon" },
		{ "{\"a\":1 \"b\":2}", 0, FR_EFORMAT, "json.syntax", 1, 8, 0,
		    "no comma" },
		{ "{\"a\":1,}", 0, FR_EFORMAT, "json.syntax", 1, 8, 0,
		    "trailing comma" },
		{ "[1,]", 0, FR_EFORMAT, "json.syntax", 1, 4, 0, "trailing comma" },
		{ "{a:1}", 0, FR_EFORMAT, "json.syntax", 1, 2, 0, "bare key" },
		{ "{\"a\":'x'}", 0, FR_EFORMAT, "json.syntax", 1, 6, 0,
		    "single quotes" },
		{ "{\"a\":01}", 0, FR_EFORMAT, "json.syntax", 1, 7, 0,
		    "leading zero" },
		{ "{\"a\":1.}", 0, FR_EFORMAT, "json.syntax", 1, 8, 0, "1." },
		{ "{\"a\":.5}", 0, FR_EFORMAT, "json.syntax", 1, 6, 0, ".5" },
		{ "{\"a\":+1}", 0, FR_EFORMAT, "json.syntax", 1, 6, 0, "+1" },
		{ "{\"a\":1e}", 0, FR_EFORMAT, "json.syntax", 1, 8, 0, "1e" },
		{ "{\"a\":tru}", 0, FR_EFORMAT, "json.syntax", 1, 6, 0, "tru" },
		{ "{\"a\":NaN}", 0, FR_EFORMAT, "json.syntax", 1, 6, 0, "NaN" },
		{ "{} {}", 0, FR_EFORMAT, "json.syntax", 1, 4, 0, "two values" },
		{ "{\"a\":\"x\ty\"}", 0, FR_EFORMAT, "json.syntax", 1, 8, 0,
		    "raw tab in string" },
		{ "{\"a\":\"\\x\"}", 0, FR_EFORMAT, "json.syntax", 1, 8, 0,
		    "bad escape" },
		{ "{\"a\":\"\\u12\"}", 0, FR_EFORMAT, "json.syntax", 1, 11, 0,
		    "short \\u" },
		{ "{\"a\":\"\\u0000\"}", 0, FR_EFORMAT, "json.syntax", 1, 7, 0,
		    "escaped NUL" },
		{ "{\"a\":\"\\udc00\"}", 0, FR_EFORMAT, "json.syntax", 1, 7, 0,
		    "lone low surrogate" },
		{ "{\"a\":\"\\ud800x\"}", 0, FR_EFORMAT, "json.syntax", 1, 7, 0,
		    "lone high surrogate" },
		{ "{\"a\":\n  [1,\n   2,,]}", 0, FR_EFORMAT, "json.syntax", 3, 6,
		    0, "line and column" },
		{ "{\"\xe4\xb8\xad\xe6\x96\x87\":1 2}", 0, FR_EFORMAT,
		    "json.syntax", 1, 9, 0, "columns count characters" },
		{ "{\"a\":12345678901234567890123456789012345678901}", 0,
		    FR_EFORMAT, "json.syntax", 1, 47, 0, "number too long" },
	};

	(void)state;
	run(rows, sizeof rows / sizeof rows[0]);
}

static void
test_json_pos__limits(void **state)
{
	static const struct row rows[] = {
		{ "{\"a\":1,\"a\":2}", 0, FR_OK, "json.duplicate_key", 1, 8, 3,
		    "duplicate key" },
		{ "{\"a\":1,\"\\u0061\":2}", 0, FR_OK, "json.duplicate_key", 1, 8,
		    3, "duplicate key spelled with an escape" },
		{ "{\"a\":\"x\0y\"}", 11, FR_EFORMAT, "json.nul", 1, 8, 0,
		    "NUL byte" },
		{ "{\"a\":\"\xff\"}", 0, FR_EFORMAT, "json.utf8", 1, 7, 0,
		    "0xff" },
		{ "{\"a\":\"\xc0\xaf\"}", 0, FR_EFORMAT, "json.utf8", 1, 7, 0,
		    "overlong" },
		{ "{\"a\":\"\xed\xa0\x80\"}", 0, FR_EFORMAT, "json.utf8", 1, 7, 0,
		    "UTF-8 surrogate" },
		{ "{\"a\":\"\xf4\x90\x80\x80\"}", 0, FR_EFORMAT, "json.utf8", 1, 7,
		    0, "above U+10FFFF" },
		{ "{\"a\":\"\xe4\xb8\"}", 0, FR_EFORMAT, "json.utf8", 1, 7, 0,
		    "truncated sequence" },
		/* One line for a whole file in another encoding. */
		{ "\xff\xfe{\0}\0", 6, FR_EFORMAT, "json.encoding", 0, 0, 0,
		    "UTF-16" },
		{ "{\"a\":\"\xbb\xe1\xd4\xb1\xba\xc5\xc1\xe3\xca\xdb\"}", 0,
		    FR_EFORMAT, "json.encoding", 0, 0, 0, "GB18030" },
	};
	struct fr_diags d;
	struct fr_jpos *pos;
	size_t np, skip, i;
	char *deep;

	(void)state;
	run(rows, sizeof rows / sizeof rows[0]);

	/* 64 levels pass, 65 do not. */
	deep = malloc(200);
	for (i = 0; i < 64; i++)
		deep[i] = '[';
	for (i = 0; i < 64; i++)
		deep[64 + i] = ']';
	fr_diags_init(&d);
	assert_int_equal(fr_json_scan(deep, 128, "t", &d, &pos, &np, &skip),
	    FR_OK);
	free(pos);
	memmove(deep + 1, deep, 128);
	deep[0] = '[';
	deep[129] = ']';
	assert_int_equal(fr_json_scan(deep, 130, "t", &d, &pos, &np, &skip),
	    FR_EFORMAT);
	assert_string_equal(d.v[0].code, "json.depth");
	assert_int_equal(d.v[0].col, 65);
	fr_diags_release(&d);
	free(deep);

	/* Size: refused before anything is looked at. */
	fr_diags_init(&d);
	assert_int_equal(fr_json_scan("{}", FR_JSON_MAX_SIZE + 1, "t", &d,
	    &pos, &np, &skip), FR_EFORMAT);
	assert_string_equal(d.v[0].code, "json.size");
	fr_diags_release(&d);
}

static void
test_json_pos__positions(void **state)
{
	static const char in[] = "{\n  \"a\": 1,\n  \"b\": [true, \"\xe4\xb8\xad\"],\n  \"c\": {\"d\": null}\n}";
	static const struct fr_jpos want[] = {
		{ 1, 1, 0, 0 },		/* root */
		{ 2, 8, 2, 3 },		/* a */
		{ 3, 8, 3, 3 },		/* b */
		{ 3, 9, 0, 0 },		/* b[0] */
		{ 3, 15, 0, 0 },	/* b[1] */
		{ 4, 8, 4, 3 },		/* c */
		{ 4, 14, 4, 9 },	/* c.d */
	};
	struct fr_diags d;
	struct fr_jpos *pos;
	size_t np, skip, i;

	(void)state;
	fr_diags_init(&d);
	assert_int_equal(fr_json_scan(in, strlen(in), "t", &d, &pos, &np,
	    &skip), FR_OK);
	assert_int_equal(np, sizeof want / sizeof want[0]);
	for (i = 0; i < np; i++) {
		assert_int_equal(pos[i].line, want[i].line);
		assert_int_equal(pos[i].col, want[i].col);
		assert_int_equal(pos[i].key_line, want[i].key_line);
		assert_int_equal(pos[i].key_col, want[i].key_col);
	}
	free(pos);
	fr_diags_release(&d);
}

static void
test_json_pos__paths(void **state)
{
	static const struct { const char *key, *want; } rows[] = {
		{ "uscc", "a.uscc" },
		{ "with space", "a[\"with space\"]" },
		{ "a.b", "a[\"a.b\"]" },
		{ "q\"uote", "a[\"q\\\"uote\"]" },
		{ "", "a[\"\"]" },
		{ "9lives", "a[\"9lives\"]" },
	};
	char *b;
	size_t len, cap, i;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		b = fr_xstrdup("a");
		len = 1;
		cap = 2;
		fr_json_path_key(&b, &len, &cap, rows[i].key,
		    strlen(rows[i].key));
		assert_string_equal(b, rows[i].want);
		free(b);
	}
	b = NULL;
	len = cap = 0;
	fr_json_path_key(&b, &len, &cap, "x", 1);
	fr_json_path_index(&b, &len, &cap, 12);
	assert_string_equal(b, "x[12]");
	free(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_pos__valid),
		cmocka_unit_test(test_json_pos__syntax),
		cmocka_unit_test(test_json_pos__limits),
		cmocka_unit_test(test_json_pos__positions),
		cmocka_unit_test(test_json_pos__paths),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
