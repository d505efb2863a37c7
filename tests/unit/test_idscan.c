/*
 * test_idscan.c — keyed fingerprints and their set, and the CSV fast path
 * checked against the full reader: for every case the fast path either
 * declines or gives the reader's rows and distinct ids; big exports on
 * several threads, and the keys it makes, against an independent count.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/count.h"
#include "core/fpset.h"
#include "core/fr.h"
#include "core/hmac.h"
#include "core/idread.h"
#include "core/idscan.h"

static void
test_fpset__distinct(void **state)
{
	unsigned char key[FR_FP_KEYLEN], key2[FR_FP_KEYLEN];
	struct fr_fpset *s = fr_fpset_new(0);
	struct fr_fp *fp = fr_xcalloc(300000, sizeof *fp), a, b;
	unsigned char *isnew = fr_xmalloc(300000);
	char id[32];
	size_t i, n;

	(void)state;
	fr_fp_key(key);
	fr_fp_key(key2);
	assert_memory_not_equal(key, key2, sizeof key);
	/* 100,000 ids, each three times, the repeats far apart. */
	for (i = 0; i < 300000; i++) {
		n = (size_t)snprintf(id, sizeof id, "P%08zu", (i * 7919) % 100000);
		fr_fp(key, id, n, &fp[i]);
	}
	assert_int_equal(fr_fpset_add(s, fp, 300000, isnew), 100000);
	assert_int_equal(fr_fpset_size(s), 100000);
	for (i = n = 0; i < 300000; i++)
		n += isnew[i];
	assert_int_equal(n, 100000);
	assert_int_equal(isnew[0], 1);
	assert_int_equal(isnew[100000], 0);	/* (100000 * 7919) % 100000 == 0 */
	/* Adding them again adds nothing; the set grew on the way. */
	assert_int_equal(fr_fpset_add(s, fp, 300000, NULL), 0);
	assert_true(fr_fpset_memory(s) >= 100000 * 16 * 4 / 3);
	/* A repeat within one batch is a repeat. */
	fr_fp(key, "x", 1, &a);
	fr_fp(key, "y", 1, &b);
	fp[0] = a;
	fp[1] = b;
	fp[2] = a;
	assert_int_equal(fr_fpset_add(s, fp, 3, isnew), 2);
	assert_int_equal(isnew[2], 0);
	/* Same id, same key: same fingerprint; the key matters. */
	fr_fp(key, "x", 1, &b);
	assert_memory_equal(&a, &b, sizeof a);
	fr_fp(key2, "x", 1, &b);
	assert_memory_not_equal(&a, &b, sizeof a);
	/* Length matters: "x" and "x\0" differ. */
	fr_fp(key, "x\0", 2, &b);
	assert_memory_not_equal(&a, &b, sizeof a);
	fr_fpset_free(s);
	fr_fpset_free(NULL);
	free(fp);
	free(isnew);
}

/* ---- the fast path against the full reader ---- */

struct ids {
	char **v;
	size_t n, cap;
};

static int
keep(void *arg, struct fr_idread *r, const struct fr_idrow *row)
{
	struct ids *s = arg;

	(void)r;
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->v = fr_xreallocarray(s->v, s->cap, sizeof *s->v);
	}
	s->v[s->n++] = fr_xstrndup(row->id, row->idlen);
	return FR_OK;
}

static int
cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The full reader's verdict: FR_OK with rows and distinct ids, or not. */
static int
full(const char *data, size_t len, const struct fr_idread_opts *o,
    size_t *rows, size_t *distinct)
{
	struct fr_diags d;
	struct ids s = { 0 };
	struct fr_idread *r;
	size_t i;
	int rc;

	fr_diags_init(&d);
	r = fr_idread_new(FR_IDFMT_CSV, o, "t", &d, keep, &s);
	rc = fr_idread_feed(r, data, len);
	if (rc == FR_OK)
		rc = fr_idread_end(r);
	if (d.n > 0)
		rc = FR_EINVAL;
	fr_idread_free(r);
	fr_diags_release(&d);
	if (s.n > 1)
		qsort(s.v, s.n, sizeof *s.v, cmp);
	*rows = s.n;
	*distinct = 0;
	for (i = 0; i < s.n; i++)
		if (i == 0 || strcmp(s.v[i], s.v[i - 1]) != 0)
			(*distinct)++;
	for (i = 0; i < s.n; i++)
		free(s.v[i]);
	free(s.v);
	return rc;
}

static void
test_idscan__cases(void **state)
{
	static const struct {
		const char *data;
		const char *idcol;	/* NULL: person_id or id */
		int no_header;
		int fast;		/* 1: the fast path takes it */
		size_t rows, distinct;
	} t[] = {
		{ "person_id\na\nb\na\n", NULL, 0, 1, 3, 2 },
		{ "person_id\r\na\r\nb\r\na\r\n", NULL, 0, 1, 3, 2 },
		{ "person_id\na\nb\nc", NULL, 0, 1, 3, 3 },	/* no last LF */
		{ "person_id\n\na\n\n\nb\n", NULL, 0, 1, 2, 2 },	/* blank */
		{ "person_id\r\n\r\na\r\n", NULL, 0, 1, 1, 1 },
		{ "name,id\nx, a \ny,a\nz,\tb\t\n", NULL, 0, 1, 3, 2 },
		{ "ID\na\n", NULL, 0, 1, 1, 1 },	/* names: any case */
		{ "a,b,c\n1,2,3\n4,2,5\n", "b", 0, 1, 2, 1 },
		{ "a,b,c\n1,2,3\n4,5,\n", "3", 0, 0, 0, 0 },	/* empty id */
		{ "a,b,c\n1,2,3\n4,5,6,7\n", "3", 0, 1, 2, 2 },
		{ "\xef\xbb\xbfperson_id\na\n", NULL, 0, 1, 1, 1 },
		{ "1\n2\n2\n", NULL, 1, 1, 3, 2 },
		{ "x,1\ny,2\n", "2", 1, 1, 2, 2 },
		{ "\xef\xbb\xbf" "1\n", NULL, 1, 0, 0, 0 },
		{ "\"person_id\"\na\n", NULL, 0, 0, 0, 0 },	/* quoted header */
		{ "person_id\n\"a\"\n", NULL, 0, 0, 0, 0 },	/* quotes */
		{ "person_id\na,\"x\ny\"\n", NULL, 0, 0, 0, 0 },
		{ "person_id\na\rb\n", NULL, 0, 0, 0, 0 },	/* lone CR */
		{ "person_id\na\r", NULL, 0, 0, 0, 0 },
		{ "person_id\n \n", NULL, 0, 0, 0, 0 },	/* empty id */
		{ "a,person_id\nx\n", NULL, 0, 0, 0, 0 },	/* short row */
		{ "name\nx\n", NULL, 0, 0, 0, 0 },	/* no id column */
		{ "person_id", NULL, 0, 0, 0, 0 },	/* no header end */
		{ "", NULL, 1, 1, 0, 0 },
	};
	struct fr_idscan_opts so = { 0 };
	size_t i, rows, distinct;

	(void)state;
	so.threads = 2;
	so.keep_firsts = 1;
	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		struct fr_idread_opts o = { 0 };
		struct fr_idscan *sc;
		size_t len = strlen(t[i].data);
		int rc, frc;

		o.id_column = t[i].idcol;
		o.no_header = t[i].no_header;
		rc = fr_idscan_csv(t[i].data, len, &o, &so, &sc);
		if (rc != (t[i].fast ? FR_OK : FR_EINVAL))
			fail_msg("case %zu: fast path %s", i, rc == FR_OK ?
			    "took it" : "declined");
		frc = full(t[i].data, len, &o, &rows, &distinct);
		if (rc != FR_OK) {
			assert_null(sc);
			continue;
		}
		/* What the fast path takes, the full reader reads alike. */
		if (frc != FR_OK)
			fail_msg("case %zu: the full reader fails", i);
		if (fr_idscan_rows(sc) != t[i].rows || rows != t[i].rows)
			fail_msg("case %zu: rows %zu (reader %zu), want %zu", i,
			    fr_idscan_rows(sc), rows, t[i].rows);
		if (fr_idscan_distinct(sc) != t[i].distinct ||
		    distinct != t[i].distinct)
			fail_msg("case %zu: distinct %zu (reader %zu), want %zu",
			    i, fr_idscan_distinct(sc), distinct, t[i].distinct);
		fr_idscan_free(sc);
	}
	fr_idscan_free(NULL);
}

/* Cells of exactly the longest length pass; one more byte declines. */
static void
test_idscan__long_cell(void **state)
{
	struct fr_idread_opts o = { 0 };
	struct fr_idscan_opts so = { 1, 0, NULL, NULL };
	struct fr_idscan *sc;
	size_t n = 10 + FR_IDREAD_MAXFIELD + 2;
	char *doc = fr_xmalloc(n + 1);

	(void)state;
	memcpy(doc, "person_id\n", 10);
	memset(doc + 10, 'a', FR_IDREAD_MAXFIELD);
	memcpy(doc + 10 + FR_IDREAD_MAXFIELD, "\n", 2);
	assert_int_equal(fr_idscan_csv(doc, n - 1, &o, &so, &sc), FR_OK);
	assert_int_equal(fr_idscan_distinct(sc), 1);
	fr_idscan_free(sc);
	memcpy(doc + 10 + FR_IDREAD_MAXFIELD, "a\n", 2);
	assert_int_equal(fr_idscan_csv(doc, n, &o, &so, &sc), FR_EINVAL);
	free(doc);
}

/*
 * A few megabytes (so several threads share it): ROWS rows over DISTINCT
 * ids, on 1, 2, 3 and 8 threads; then the keys it makes must be exactly
 * the HMACs of the ids, which a second source of the same ids shows.
 */
#define ROWS		300000
#define DISTINCT	70001

static void
test_idscan__big(void **state)
{
	struct fr_idread_opts o = { 0 };
	struct fr_idscan_opts so = { 0 };
	static const int threads[] = { 1, 2, 3, 8 };
	struct fr_hmac *h = fr_hmac_new("secret", 6);
	size_t cap = 32 + (size_t)ROWS * 32, len, i, k;
	char *doc = fr_xmalloc(cap), id[32];
	unsigned char key[FR_KEY_LEN];

	(void)state;
	o.id_column = "2";
	len = (size_t)snprintf(doc, cap, "when,id,note\r\n");
	for (i = 0; i < ROWS; i++)
		len += (size_t)snprintf(doc + len, cap - len, "2026-01-01,%s%zu,x\r\n",
		    i % 3 ? "ID-" : "person ", (i * 104729) % DISTINCT);
	assert_true(len > (2u << 20));
	for (k = 0; k < sizeof threads / sizeof threads[0]; k++) {
		struct fr_count *c = fr_count_new(0);
		struct fr_idscan *sc;

		so.threads = threads[k];
		so.keep_firsts = 1;
		assert_int_equal(fr_idscan_csv(doc, len, &o, &so, &sc), FR_OK);
		assert_int_equal(fr_idscan_rows(sc), ROWS);
		/* Each number appears with both prefixes. */
		assert_int_equal(fr_idscan_distinct(sc), 2 * DISTINCT);
		assert_true(fr_idscan_memory(sc) > 2 * DISTINCT * 16);
		fr_count_begin_source(c);
		fr_idscan_key(sc, h, c);
		fr_idscan_free(sc);
		assert_int_equal(fr_count_total(c), 2 * DISTINCT);
		assert_int_equal(fr_count_source(c, 0), 2 * DISTINCT);
		/* The same ids hashed one by one: every one matches. */
		fr_count_begin_source(c);
		for (i = 0; i < DISTINCT; i++) {
			int n = snprintf(id, sizeof id, "ID-%zu", i);

			fr_hmac_sum(h, id, (size_t)n, key);
			fr_count_add(c, key);
		}
		assert_int_equal(fr_count_total(c), 2 * DISTINCT);
		assert_int_equal(fr_count_multi(c), DISTINCT);
		fr_count_free(c);
	}
	fr_hmac_free(h);
	free(doc);
}

static void
test_idscan__unkeyed(void **state)
{
	struct fr_count *c = fr_count_new(0);
	unsigned char key[FR_KEY_LEN] = { 1 };
	int d;

	(void)state;
	assert_int_equal(fr_count_add_unkeyed(c, 5), FR_OK);
	assert_int_equal(fr_count_add_unkeyed(c, 2), FR_OK);
	assert_int_equal(fr_count_total(c), 7);
	assert_int_equal(fr_count_source(c, 0), 7);
	assert_int_equal(fr_count_keys(c), 7);
	assert_int_equal(fr_count_multi(c), 0);
	assert_int_equal(fr_count_undated(c), 7);
	assert_int_equal(fr_count_crossing(c, 3, &d, NULL), FR_EINVAL);
	fr_count_free(c);
	/* Not after keys, and not with a second source. */
	c = fr_count_new(0);
	fr_count_add(c, key);
	assert_int_equal(fr_count_add_unkeyed(c, 5), FR_EINVAL);
	assert_int_equal(fr_count_total(c), 1);
	fr_count_free(c);
	c = fr_count_new(0);
	fr_count_begin_source(c);
	fr_count_begin_source(c);
	assert_int_equal(fr_count_add_unkeyed(c, 5), FR_EINVAL);
	fr_count_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fpset__distinct),
		cmocka_unit_test(test_idscan__cases),
		cmocka_unit_test(test_idscan__long_cell),
		cmocka_unit_test(test_idscan__big),
		cmocka_unit_test(test_idscan__unkeyed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
