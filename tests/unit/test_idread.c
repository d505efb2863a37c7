/*
 * test_idread.c — the CSV and NDJSON readers, the format sniffer, export
 * dates and the id pattern: one row per case, each input fed whole and
 * one byte at a time (a push parser must not care where blocks end).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "core/countsrc.h"
#include "core/date.h"
#include "core/factsdoc.h"
#include "core/fr.h"
#include "core/idpat.h"
#include "core/idread.h"

struct got {
	char s[512];	/* "id|from|until;" per row */
};

static int
collect(void *arg, struct fr_idread *r, const struct fr_idrow *row)
{
	struct got *g = arg;
	size_t n = strlen(g->s);

	(void)r;
	snprintf(g->s + n, sizeof g->s - n, "%.*s|%.*s|%.*s;", (int)row->idlen,
	    row->id, row->from ? (int)row->fromlen : 4, row->from ? row->from :
	    "null", row->until ? (int)row->untillen : 4, row->until ?
	    row->until : "null");
	return FR_OK;
}

/* Returns the rows, or "ERR line: message" for the first error. */
static void
run(enum fr_idfmt fmt, const struct fr_idread_opts *o, const char *in,
    size_t len, int bytewise, char *out, size_t outlen)
{
	struct got g;
	struct fr_diags d;
	struct fr_idread *r;
	size_t i;
	int rc = FR_OK;

	memset(&g, 0, sizeof g);
	fr_diags_init(&d);
	r = fr_idread_new(fmt, o, "t", &d, collect, &g);
	if (bytewise)
		for (i = 0; i < len && rc == FR_OK; i++)
			rc = fr_idread_feed(r, in + i, 1);
	else
		rc = fr_idread_feed(r, in, len);
	if (rc == FR_OK)
		rc = fr_idread_end(r);
	if (rc != FR_OK && d.n > 0)
		snprintf(out, outlen, "ERR %d: %s", d.v[d.n - 1].line,
		    d.v[d.n - 1].msg);
	else if (rc != FR_OK)
		snprintf(out, outlen, "ERR");
	else if (o->skip_invalid && fr_idread_skipped(r) > 0)
		snprintf(out, outlen, "%sskipped=%zu", g.s, fr_idread_skipped(r));
	else
		snprintf(out, outlen, "%s", g.s);
	fr_idread_free(r);
	fr_diags_release(&d);
}

static void
test_idread__csv(void **state)
{
	static const struct {
		const char *in, *idcol, *from, *until;
		int no_header, skip;
		const char *want;
	} rows[] = {
		{ "id\n1\n2\n", NULL, NULL, NULL, 0, 0, "1|null|null;2|null|null;" },
		{ "person_id,x\r\na,1\r\nb,2", NULL, NULL, NULL, 0, 0,
		  "a|null|null;b|null|null;" },
		{ "\xef\xbb\xbfid\n7\n", NULL, NULL, NULL, 0, 0, "7|null|null;" },
		{ "x,card\n1,\"A,B\"\n2,\"say \"\"hi\"\"\"\n", "card", NULL, NULL,
		  0, 0, "A,B|null|null;say \"hi\"|null|null;" },
		{ "x,card\n1,\"two\nlines\"\n2,z\n", "2", NULL, NULL, 0, 0,
		  "two\nlines|null|null;z|null|null;" },
		{ "a,b\n", "2", NULL, NULL, 1, 0, "b|null|null;" },
		{ "x,2024-01-01\n", "2", "2", NULL, 1, 0, "2024-01-01|2024-01-01|null;" },
		{ "id,f,u\n1,2024-01-01,\n2,2024-01-02,2024-02-01\n", "id", "f",
		  "u", 0, 0, "1|2024-01-01|;2|2024-01-02|2024-02-01;" },
		{ "id\n\n1\n\n", NULL, NULL, NULL, 0, 0, "1|null|null;" },
		{ " id \n  5  \n", NULL, NULL, NULL, 0, 0, "5|null|null;" },
		{ "id\n", NULL, NULL, NULL, 0, 0, "" },
		/* A header cell that fills its buffer exactly (found by fuzzing). */
		{ "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa,id\n1,2\n",
		  NULL, NULL, NULL, 0, 0, "2|null|null;" },
		{ "", NULL, NULL, NULL, 0, 0, "" },
		/* Bad input: the line is the row's first line. */
		{ "id,x\n1,2\n\"\"\n", NULL, NULL, NULL, 0, 0, "ERR 3: empty id" },
		{ "x,id\n1,2\n3\n", NULL, NULL, NULL, 0, 0,
		  "ERR 3: expected at least 2 fields, found 1" },
		{ "id\n\"ab\"c\n", NULL, NULL, NULL, 0, 0,
		  "ERR 2: unexpected character after a closing quote" },
		{ "id\n1\n\"open\n", NULL, NULL, NULL, 0, 0,
		  "ERR 3: quoted field not closed at end of input" },
		{ "name\nx\n", NULL, NULL, NULL, 0, 0,
		  "ERR 1: no 'person_id' or 'id' column in the header row "
		  "(columns: 'name'); name the id column with --id-column, or "
		  "give --no-header" },
		{ "a,b\n1,2\n", "card", NULL, NULL, 0, 0,
		  "ERR 1: no id column 'card' in the header row (columns: 'a', "
		  "'b')" },
		/* Cells with digits are not repeated: they could be ids. */
		{ "会员号,p2\n1,2\n", "card", NULL, NULL, 0, 0,
		  "ERR 1: no id column 'card' in the header row (columns: "
		  "'会员号', (a cell with digits, not shown))" },
		{ "id\n1\n\"x\"y\n\n3\n,\n", NULL, NULL, NULL, 0, 1,
		  "1|null|null;3|null|null;skipped=2" },
	};
	struct fr_idread_opts o;
	char a[600], b[600];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		memset(&o, 0, sizeof o);
		o.id_column = rows[i].idcol;
		o.from_column = rows[i].from;
		o.until_column = rows[i].until;
		o.no_header = rows[i].no_header;
		o.skip_invalid = rows[i].skip;
		run(FR_IDFMT_CSV, &o, rows[i].in, strlen(rows[i].in), 0, a, sizeof a);
		run(FR_IDFMT_CSV, &o, rows[i].in, strlen(rows[i].in), 1, b, sizeof b);
		if (strcmp(a, rows[i].want) != 0)
			fail_msg("row %zu: got '%s', want '%s'", i, a, rows[i].want);
		assert_string_equal(b, rows[i].want);
	}
}

static void
test_idread__ndjson(void **state)
{
	static const struct {
		const char *in, *field, *from;
		int skip;
		const char *want;
	} rows[] = {
		{ "{\"id\":\"a\"}\n{\"id\":12}\n", NULL, NULL, 0,
		  "a|null|null;12|null|null;" },
		{ "{\"person_id\":\"p\",\"id\":\"q\"}\r\n\n", NULL, NULL, 0,
		  "p|null|null;" },
		{ "{\"u\":\"x\",\"d\":\"2024-01-01\"}", "u", "d", 0,
		  "x|2024-01-01|null;" },
		{ "{\"id\":\"a\"}\n{\"id\":\n", NULL, NULL, 0, "ERR 2: invalid JSON" },
		{ "[1]\n", NULL, NULL, 0, "ERR 1: expected a JSON object" },
		{ "{\"x\":1}\n", NULL, NULL, 0, "ERR 1: no field 'id'" },
		{ "{\"id\":1.5}\n", NULL, NULL, 0,
		  "ERR 1: field 'id' is not a string or an exact integer" },
		{ "{\"id\":\"\"}\n", NULL, NULL, 0, "ERR 1: empty id" },
		{ "{\"id\":\"a\"}\nnope\n{\"id\":\"b\"}\n", NULL, NULL, 1,
		  "a|null|null;b|null|null;skipped=1" },
	};
	struct fr_idread_opts o;
	char a[600], b[600];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		memset(&o, 0, sizeof o);
		o.id_field = rows[i].field;
		o.from_field = rows[i].from;
		o.skip_invalid = rows[i].skip;
		run(FR_IDFMT_NDJSON, &o, rows[i].in, strlen(rows[i].in), 0, a, sizeof a);
		run(FR_IDFMT_NDJSON, &o, rows[i].in, strlen(rows[i].in), 1, b, sizeof b);
		if (strcmp(a, rows[i].want) != 0)
			fail_msg("row %zu: got '%s', want '%s'", i, a, rows[i].want);
		assert_string_equal(b, rows[i].want);
	}
}

static void
test_idread__sniff(void **state)
{
	static const struct {
		const char *name, *data;
		enum fr_srcfmt want;
	} rows[] = {
		{ "x.json", "", FR_SRC_FACTS },
		{ "x.ndjson", "", FR_SRC_NDJSON },
		{ "x.jsonl", "", FR_SRC_NDJSON },
		{ "x.csv", "{", FR_SRC_CSV },
		{ "http://h/facts?x.csv", "{\n \"schema\": 1\n}", FR_SRC_FACTS },
		{ NULL, "{\n  \"schema\": \"frmatch-facts/1\"\n}", FR_SRC_FACTS },
		{ NULL, "{\"schema\":\"frmatch-facts/1\",\"a\":{}}", FR_SRC_FACTS },
		{ NULL, "{\"id\":\"a\"}\n{\"id\":\"b\"}\n", FR_SRC_NDJSON },
		{ NULL, "id,name\n1,x\n", FR_SRC_CSV },
		{ NULL, "", FR_SRC_CSV },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++)
		if (fr_src_sniff(rows[i].name, rows[i].data,
		    strlen(rows[i].data)) != rows[i].want)
			fail_msg("row %zu", i);
}

static void
test_idread__dates(void **state)
{
	static const struct { const char *in, *want; } rows[] = {
		{ "2024-03-01", "2024-03-01" },
		{ "2024-03-01T10:00:00", "2024-03-01" },	/* no zone: CST */
		{ "2024-03-01T15:59:59Z", "2024-03-01" },
		{ "2024-03-01T16:00:00Z", "2024-03-02" },	/* 00:00 in Beijing */
		{ "2024-03-01T23:30:00-05:00", "2024-03-02" },
		{ "2024-03-01 01:00:00+08:00", "2024-03-01" },
		{ "2024-03-01T07:59:00.123+0900", "2024-03-01" },
		{ "2024-12-31T20:00:00Z", "2025-01-01" },
		{ "2024-01-01T01:00:00+14:00", "2023-12-31" },
		{ "2024-02-30", NULL },
		{ "2024-03-01T", NULL },
		{ "2024-03-01T25:00:00Z", NULL },
		{ "2024-03-01T10:00:00+8", NULL },
		{ "01/03/2024", NULL },
		/* As spreadsheets and Chinese systems write them. */
		{ "2025/7/1", "2025-07-01" },
		{ "2025-7-1", "2025-07-01" },
		{ "2025.07.01", "2025-07-01" },
		{ "2025年7月1日", "2025-07-01" },
		{ "2025年12月31日", "2025-12-31" },
		{ "2025/7/1 9:30", "2025-07-01" },
		{ "2025/7/1 23:59:59", "2025-07-01" },
		{ "2025/2/29", NULL },
		{ "2025/7-1", NULL },
		{ "2025年7月", NULL },
		{ "2025/123/1", NULL },
		{ "2025/7/1 9", NULL },
	};
	size_t i;
	int d;
	char buf[FR_DATE_LEN];

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		int rc = fr_src_date(rows[i].in, strlen(rows[i].in), &d);

		if (rows[i].want == NULL) {
			if (rc == FR_OK)
				fail_msg("row %zu: %s accepted", i, rows[i].in);
			continue;
		}
		if (rc != FR_OK)
			fail_msg("row %zu: %s refused", i, rows[i].in);
		assert_string_equal(fr_date_format(d, buf), rows[i].want);
	}
}

static void
test_idread__binary(void **state)
{
	static const struct {
		const char *data;
		size_t len;
		enum fr_srcfmt fmt;
		const char *what;	/* a part of the description, or NULL */
	} rows[] = {
		{ "PK\x03\x04\x14\0", 6, FR_SRC_XLSX, "ZIP" },
		{ "SQLite format 3\0\x10\0", 18, FR_SRC_SQLITE, "SQLite" },
		{ "%PDF-1.7\n", 9, FR_SRC_AUTO, "PDF" },
		{ "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8, FR_SRC_AUTO, ".xls" },
		{ "\x1f\x8b\x08", 3, FR_SRC_AUTO, "gzip" },
		{ "i\0d\0\n\0", 6, FR_SRC_BINARY, "UTF-16 text without" },
		{ "\0i\0d\0\n", 6, FR_SRC_BINARY, "UTF-16 text without" },
		{ "id\nab\0c\n", 8, FR_SRC_BINARY, "NUL" },
		{ "\xff\xfei\0d\0", 6, FR_SRC_AUTO, NULL },	/* UTF-16LE text */
		{ "id\n\xbb\xe1\n", 6, FR_SRC_AUTO, NULL },	/* GBK text */
		{ "", 0, FR_SRC_AUTO, NULL },
	};
	enum fr_srcfmt f;
	const char *w;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		w = fr_src_binary(rows[i].data, rows[i].len, &f);
		if (f != rows[i].fmt)
			fail_msg("row %zu: format %d", i, (int)f);
		if ((w == NULL) != (rows[i].what == NULL) ||
		    (w != NULL && strstr(w, rows[i].what) == NULL))
			fail_msg("row %zu: '%s'", i, w ? w : "(text)");
	}
	/* Content decides, whatever the name says. */
	assert_int_equal(fr_src_sniff("a.csv", "PK\x03\x04", 4), FR_SRC_XLSX);
	assert_int_equal(fr_src_sniff("a.json", "%PDF-1.4", 8), FR_SRC_BINARY);
}

static void
test_idread__damaged(void **state)
{
	static const struct {
		const char *id;
		int want;
	} rows[] = {
		{ "1.39501E+10", FR_DAMAGED_SCIENTIFIC },
		{ "1.39501e+10", FR_DAMAGED_SCIENTIFIC },
		{ "4E+17", FR_DAMAGED_SCIENTIFIC },
		{ "13950112345.0", FR_DAMAGED_DECIMAL },
		{ "139501.00", FR_DAMAGED_DECIMAL },
		{ "12.0", 0 },		/* short: could be an id as it is */
		{ "13950112345.5", 0 },
		{ "13950112345", 0 },
		{ "E12", 0 },
		{ "ZX-0001", 0 },
		{ "1E", 0 },
		{ "", 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++)
		if (fr_src_damaged_id(rows[i].id, strlen(rows[i].id)) !=
		    rows[i].want)
			fail_msg("row %zu: %s", i, rows[i].id);
	/* The quick look says yes wherever an id may be damaged. */
	assert_true(fr_src_maybe_damaged("id\n1.2E+10\n", 12));
	assert_true(fr_src_maybe_damaged("id\n123456.0", 11));
	assert_true(fr_src_maybe_damaged("id\n123456.0\r\n", 13));
	assert_false(fr_src_maybe_damaged("id\nA-1\nB-2\n", 12));
}

static void
test_idread__pattern(void **state)
{
	static const struct { const char *re, *in, *want; } rows[] = {
		{ "^0*([0-9]+)$", "000123", "123" },
		{ "^0*([0-9]+)$", "12a", NULL },
		{ "card:([A-Z0-9]+)", "x card:AB12 y", "AB12" },
		{ "[0-9]+", "id-42-x", "42" },
		{ "(a)|(b)", "b", NULL },		/* group 1 not set */
	};
	struct fr_idpat *p;
	const char *id;
	size_t i, n;
	char *err;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		p = fr_idpat_new(rows[i].re, &err);
		assert_non_null(p);
		if (rows[i].want == NULL)
			assert_int_equal(fr_idpat_apply(p, rows[i].in,
			    strlen(rows[i].in), &id, &n), FR_ENOENT);
		else {
			assert_int_equal(fr_idpat_apply(p, rows[i].in,
			    strlen(rows[i].in), &id, &n), FR_OK);
			assert_int_equal(n, strlen(rows[i].want));
			assert_memory_equal(id, rows[i].want, n);
		}
		fr_idpat_free(p);
	}
	assert_null(fr_idpat_new("(unclosed", &err));
	assert_non_null(err);
	free(err);
}

static void
test_idread__facts(void **state)
{
	static const struct { const char *doc; int rc; size_t n; const char *msg; } rows[] = {
		{ "{\"schema\":\"frmatch-facts/1\",\"individuals\":0}", FR_OK, 0, NULL },
		{ "{\"schema\":\"frmatch-facts/2\",\"individuals\":0}", FR_EFORMAT, 0,
		  "unknown schema 'frmatch-facts/2', expected \"frmatch-facts/1\"" },
		{ "{\"individuals\":0}", FR_EFORMAT, 0,
		  "missing; expected \"frmatch-facts/1\"" },
		{ "[]", FR_EFORMAT, 0, "expected a JSON object" },
		{ "{\"schema\":\"frmatch-facts/1\",\"individuals\":1,\"keys\":{"
		  "\"algorithm\":\"HMAC-SHA256\",\"secret_id\":\"0123456789abcdef\","
		  "\"persons\":[{\"key\":\"" "0000000000000000000000000000000000000000000000000000000000000001"
		  "\",\"from\":\"2024-01-01\",\"until\":null}]}}", FR_OK, 1, NULL },
		{ "{\"schema\":\"frmatch-facts/1\",\"individuals\":1,\"keys\":{"
		  "\"algorithm\":\"HMAC-SHA256\",\"persons\":[{\"key\":\"00\","
		  "\"from\":\"2024-01-01\"}]}}", FR_EINVAL, 0,
		  "key: expected 64 hex digits" },
		{ "{\"schema\":\"frmatch-facts/1\",\"individuals\":1,\"keys\":{"
		  "\"algorithm\":\"HMAC-SHA256\",\"persons\":[{\"key\":\""
		  "0000000000000000000000000000000000000000000000000000000000000001"
		  "\",\"from\":\"2024-01-05\",\"until\":\"2024-01-05\"}]}}",
		  FR_EINVAL, 0, "until: must be after from" },
	};
	struct fr_factsdoc *f;
	struct fr_diags d;
	size_t i;
	int rc;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		fr_diags_init(&d);
		rc = fr_factsdoc_parse(rows[i].doc, strlen(rows[i].doc), "f", &d, &f);
		if (rc != rows[i].rc)
			fail_msg("row %zu: rc %d", i, rc);
		if (rc == FR_OK)
			assert_int_equal(f->npersons, rows[i].n);
		else
			assert_string_equal(d.v[0].msg, rows[i].msg);
		fr_factsdoc_free(f);
		fr_diags_release(&d);
	}
}

/*
 * The keys render counts as stored on a day: deleted ones (until on or
 * before the day) left out, duplicates once, sorted.
 */
#define K(c) "\"" c "000000000000000000000000000000000000000000000000000000000000000\""
static void
test_idread__facts_kept(void **state)
{
	static const char doc[] =
	    "{\"schema\":\"frmatch-facts/1\",\"individuals\":3,\"device\":\"d\","
	    "\"keys\":{\"algorithm\":\"HMAC-SHA256\",\"persons\":["
	    "{\"key\":" K("3") ",\"from\":\"2024-01-01\",\"until\":null},"
	    "{\"key\":" K("1") ",\"from\":\"2024-01-01\",\"until\":\"2025-01-01\"},"
	    "{\"key\":" K("2") ",\"from\":\"2024-01-01\"},"
	    "{\"key\":" K("3") ",\"from\":\"2024-02-01\",\"until\":null}]}}";
	static const struct { int y, m, d; size_t n; unsigned char first; } rows[] = {
		{ 2023, 12, 31, 0, 0 },		/* nobody enrolled yet */
		{ 2024, 1, 15, 3, 0x10 },	/* 3's second row not yet */
		{ 2024, 12, 31, 3, 0x10 },	/* 1 not yet deleted */
		{ 2025, 1, 1, 2, 0x20 },	/* deleted on until */
		{ 2026, 11, 27, 2, 0x20 },
	};
	unsigned char (*k)[FR_KEY_LEN];
	struct fr_factsdoc *f;
	struct fr_diags d;
	size_t i, n;

	(void)state;
	fr_diags_init(&d);
	assert_int_equal(fr_factsdoc_parse(doc, strlen(doc), "f", &d, &f),
	    FR_OK);
	assert_non_null(f->root);
	assert_int_equal(f->npersons, 4);
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		n = fr_factsdoc_keys_kept(f, fr_date_from_ymd(rows[i].y,
		    rows[i].m, rows[i].d), &k);
		if (n != rows[i].n || (n > 0 && (k[0][0] != rows[i].first ||
		    k[n - 1][0] != 0x30)))
			fail_msg("row %zu: %zu keys", i, n);
		free(k);
	}
	fr_factsdoc_free(f);
	fr_diags_release(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_idread__csv),
		cmocka_unit_test(test_idread__ndjson),
		cmocka_unit_test(test_idread__sniff),
		cmocka_unit_test(test_idread__dates),
		cmocka_unit_test(test_idread__binary),
		cmocka_unit_test(test_idread__damaged),
		cmocka_unit_test(test_idread__pattern),
		cmocka_unit_test(test_idread__facts),
		cmocka_unit_test(test_idread__facts_kept),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
