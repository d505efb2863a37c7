/*
 * test_fmtmpl.c — template and import-line parsers: what is accepted,
 * what is refused and with which message.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frmatch/tmpl.c"
#include "frmatch/fmutil.c"

static void
test_fmtmpl__raw_and_json(void **state)
{
	float v[64], *out;
	unsigned char raw[256];
	char json[2048];
	struct fm_err e;
	size_t i, n = 0;

	(void)state;
	for (i = 0; i < 64; i++)
		v[i] = (float)i - 31.5f;
	memcpy(raw, v, sizeof raw);	/* little-endian hosts (x86, arm) */
	assert_int_equal(fm_tmpl_parse(raw, 256, 64, &out, &e), FR_OK);
	assert_memory_equal(out, v, sizeof v);
	free(out);
	n += (size_t)snprintf(json + n, sizeof json - n, " \n[");
	for (i = 0; i < 64; i++)
		n += (size_t)snprintf(json + n, sizeof json - n, "%s%g",
		    i ? "," : "", (double)v[i]);
	snprintf(json + n, sizeof json - n, "]\n");
	assert_int_equal(fm_tmpl_parse(json, strlen(json), 64, &out, &e),
	    FR_OK);
	assert_memory_equal(out, v, sizeof v);
	free(out);
	/* A raw template whose first byte is '[' is still raw. */
	raw[0] = '[';
	assert_int_equal(fm_tmpl_parse(raw, 256, 64, &out, &e), FR_OK);
	free(out);
}

static void
test_fmtmpl__rejects(void **state)
{
	static const struct { const char *in; size_t len; const char *msg; }
	    rows[] = {
		{ "", 0, "empty template" },
		{ "[1,2,3]", 7, "template has 3 values" },
		{ "[\"a\"]", 5, "template has 1 values" },
		{ "abc", 3, "truncated template: 3 bytes, expected 256" },
		{ "[1,2", 4, "not a JSON array of numbers" },
	};
	float *out;
	struct fm_err e;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		e.msg[0] = '\0';
		assert_int_not_equal(fm_tmpl_parse(rows[i].in, rows[i].len, 64,
		    &out, &e), FR_OK);
		assert_non_null(strstr(e.msg, rows[i].msg));
	}
}

static void
test_fmtmpl__check(void **state)
{
	float v[64] = { 0 };
	struct fm_err e;

	(void)state;
	assert_int_equal(fm_tmpl_check(v, 64, &e), FR_EINVAL);
	assert_non_null(strstr(e.msg, "all zeros"));
	v[5] = 1;
	assert_int_equal(fm_tmpl_check(v, 64, &e), FR_OK);
	v[7] = NAN;
	assert_int_equal(fm_tmpl_check(v, 64, &e), FR_EINVAL);
	assert_string_equal(e.msg, "element 7 is NaN");
	v[7] = -INFINITY;
	assert_int_equal(fm_tmpl_check(v, 64, &e), FR_EINVAL);
	assert_string_equal(e.msg, "element 7 is infinite");
}

/*
 * Issue 15: 1e-40 (denormal) everywhere made a template that scaled to
 * infinity and matched every probe; an overflowing norm likewise.
 */
static void
test_fmtmpl__wildcards(void **state)
{
	float v[64];
	unsigned char raw[4 * 65];
	char json[64 * 8 + 16], *p = json;
	struct fm_err e;
	float *out;
	size_t i;

	(void)state;
	for (i = 0; i < 64; i++)
		v[i] = 1e-40f;
	assert_int_equal(fm_tmpl_check(v, 64, &e), FR_EINVAL);
	assert_non_null(strstr(e.msg, "element 0 is denormal"));
	for (i = 0; i < 64; i++)
		v[i] = 3e38f;
	assert_int_equal(fm_tmpl_check(v, 64, &e), FR_EINVAL);
	assert_non_null(strstr(e.msg, "length 2.4e+39 is not a normal float32"));
	/* One normal element among zeros and a tiny but normal one: fine. */
	memset(v, 0, sizeof v);
	v[3] = FLT_MIN;
	assert_int_equal(fm_tmpl_check(v, 64, &e), FR_OK);
	/* JSON values that float32 would round to a denormal or to zero. */
	p += sprintf(p, "[1e-40");
	for (i = 1; i < 64; i++)
		p += sprintf(p, ",0.5");
	sprintf(p, "]");
	assert_int_equal(fm_tmpl_parse(json, strlen(json), 64, &out, &e),
	    FR_EINVAL);
	assert_non_null(strstr(e.msg, "element 0 (1e-40) is below the "
	    "smallest normal float32"));
	/* Bytes after the array are refused, not ignored. */
	json[0] = '[';
	p = json;
	p += sprintf(p, "[1");
	for (i = 1; i < 64; i++)
		p += sprintf(p, ",1");
	sprintf(p, "] \n]x");
	assert_int_equal(fm_tmpl_parse(json, strlen(json), 64, &out, &e),
	    FR_EINVAL);
	assert_non_null(strstr(e.msg, "4 bytes after the JSON array"));
	sprintf(p, "] \n\t");
	assert_int_equal(fm_tmpl_parse(json, strlen(json), 64, &out, &e),
	    FR_OK);
	free(out);
	/* Raw: one float too long, and three bytes too long. */
	memset(raw, 0, sizeof raw);
	raw[3] = 0x3f;
	assert_int_equal(fm_tmpl_parse(raw, 260, 64, &out, &e), FR_EINVAL);
	assert_string_equal(e.msg, "template has 65 float32 values, the "
	    "store's dimension is 64");
	assert_int_equal(fm_tmpl_parse(raw, 259, 64, &out, &e), FR_EINVAL);
	assert_null(strstr(e.msg, "truncated"));
	assert_non_null(strstr(e.msg, "259 bytes, 3 more than the 256"));
	assert_int_equal(fm_tmpl_parse(raw, 255, 64, &out, &e), FR_EINVAL);
	assert_non_null(strstr(e.msg, "truncated template: 255 bytes"));
}

static void
test_fmtmpl__import_lines(void **state)
{
	static const struct { const char *line; int ok; const char *msg; }
	    rows[] = {
		{ "{\"person\":\"a\",\"template_b64\":\"AACAPw\"}", 0,
		  "truncated template: 4 bytes" },
		{ "{\"person\":\"a\"}", 0, "template: missing" },
		{ "{\"person\":\"\",\"template\":[1]}", 0, "person: expected" },
		{ "{\"person\":5}", 0, "person: expected" },
		{ "[1]", 0, "expected a JSON object" },
		{ "{\"person\":\"a\",\"retention_days\":1.5}", 0,
		  "retention_days" },
		{ "{\"person\":\"a\",\"retention_days\":1e300}", 0,
		  "retention_days" },
		{ "{\"person\":\"a\",\"enrolled\":\"2025-13-01\"}", 0,
		  "enrolled" },
		{ "{\"person\":\"a\",\"x\":1}", 0, "unknown key \"x\"" },
		{ "{\"person\":\"a\",\"template_b64\":\"!!\"}", 0,
		  "template_b64: expected base64" },
		/* Issue 15: "A\u0000X" was cut to "A" (two persons as one). */
		{ "{\"person\":\"A\\u0000X\",\"template\":[1]}", 0,
		  "\\u0000 (NUL)" },
		{ "{\"person\":\"a\",\"consent\":\"c\\u0000\"}", 0,
		  "\\u0000 (NUL)" },
		{ "{\"person\":\"a\"} {\"person\":\"b\"}", 0,
		  "bytes after the JSON object" },
		/* A key given twice: the last one used to win silently. */
		{ "{\"person\":\"a\",\"minor\":false,\"minor\":true}", 0,
		  "minor: given twice" },
		{ "{\"person\":\"a\",\"retention_days\":30,"
		  "\"retention_days\":9}", 0, "retention_days: given twice" },
		{ "{\"person\":\"a\",\"consent\":\"c1\",\"consent\":\"c2\"}",
		  0, "consent: given twice" },
	};
	struct fm_import_rec r;
	struct fm_err e;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		e.msg[0] = '\0';
		assert_int_not_equal(fm_import_parse(rows[i].line,
		    strlen(rows[i].line), 1 + 63 * 0 + 63, &r, &e), FR_OK);
		if (strstr(e.msg, rows[i].msg) == NULL)
			fail_msg("row %zu: '%s' lacks '%s'", i, e.msg,
			    rows[i].msg);
	}
}

static void
test_fmtmpl__import_good(void **state)
{
	char line[4096];
	struct fm_import_rec r;
	struct fm_err e;
	size_t i, n;

	(void)state;
	n = (size_t)snprintf(line, sizeof line, "{\"person\":\"P-1\","
	    "\"enrolled\":\"2025-03-04\",\"consent\":\"C\",\"minor\":true,"
	    "\"guardian_consent\":\"G\",\"retention_days\":30,"
	    "\"device\":\"gate\",\"template\":[");
	for (i = 0; i < 64; i++)
		n += (size_t)snprintf(line + n, sizeof line - n, "%s0.5",
		    i ? "," : "");
	snprintf(line + n, sizeof line - n, "]}");
	assert_int_equal(fm_import_parse(line, strlen(line), 64, &r, &e),
	    FR_OK);
	assert_string_equal(r.person, "P-1");
	assert_string_equal(r.consent, "C");
	assert_string_equal(r.guardian_consent, "G");
	assert_string_equal(r.device, "gate");
	assert_int_equal(r.minor, 1);
	assert_int_equal(r.retention_days, 30);
	assert_true(r.tmpl[63] == 0.5f);
	fm_import_rec_release(&r);
	fm_import_rec_release(NULL);
}

static void
test_fmtmpl__base64(void **state)
{
	unsigned char *out;
	size_t n;

	(void)state;
	assert_int_equal(fm_base64_decode("aGVsbG8=", 8, &out, &n), FR_OK);
	assert_int_equal(n, 5);
	assert_memory_equal(out, "hello", 5);
	free(out);
	assert_int_equal(fm_base64_decode("aGVsbG8", 7, &out, &n), FR_OK);
	free(out);
	assert_int_not_equal(fm_base64_decode("a", 1, &out, &n), FR_OK);
	assert_int_not_equal(fm_base64_decode("a*bc", 4, &out, &n), FR_OK);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fmtmpl__raw_and_json),
		cmocka_unit_test(test_fmtmpl__rejects),
		cmocka_unit_test(test_fmtmpl__check),
		cmocka_unit_test(test_fmtmpl__wildcards),
		cmocka_unit_test(test_fmtmpl__import_lines),
		cmocka_unit_test(test_fmtmpl__import_good),
		cmocka_unit_test(test_fmtmpl__base64),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
