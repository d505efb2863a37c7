/*
 * fuzz_idscan.c — libFuzzer target for the CSV fast path, checked
 * against the full reader: the first byte picks the options and the
 * thread count. Whenever the fast path takes an input, the full reader
 * must read it without a complaint and find the same rows and the same
 * number of distinct ids. One input in 256 is instead repeated past a
 * megabyte (below that the fast path uses one thread), and several
 * threads must agree with one. Nothing may crash or leak.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/diag.h"
#include "core/fr.h"
#include "core/idread.h"
#include "core/idscan.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

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
	/* Ids may hold NUL bytes: keep the length in front. */
	s->v[s->n] = fr_xmalloc(row->idlen + sizeof(size_t));
	memcpy(s->v[s->n], &row->idlen, sizeof(size_t));
	memcpy(s->v[s->n] + sizeof(size_t), row->id, row->idlen);
	s->n++;
	return FR_OK;
}

static int
cmp(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;
	size_t n, m;
	int c;

	memcpy(&n, x, sizeof n);
	memcpy(&m, y, sizeof m);
	c = memcmp(x + sizeof n, y + sizeof m, n < m ? n : m);
	return c != 0 ? c : (n > m) - (n < m);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct fr_idread_opts o;
	struct fr_idscan_opts so;
	struct fr_idscan *sc;
	struct fr_diags d;
	struct fr_idread *r;
	struct ids s = { 0 };
	const char *p = (const char *)data + 1;
	char *big = NULL;
	size_t n, i, distinct = 0;
	int rc;

	if (len < 1)
		return 0;
	n = len - 1;
	memset(&o, 0, sizeof o);
	memset(&so, 0, sizeof so);
	o.no_header = data[0] & 1;
	if ((data[0] >> 1) & 1)
		o.id_column = "2";
	so.threads = 1 + ((data[0] >> 2) & 3);
	so.keep_firsts = (data[0] >> 4) & 1;
	if ((data[0] & 0xe0) == 0xe0 && n > 0 && n % 32 == 0) {
		/*
		 * Repeated past a megabyte, so that several threads share
		 * it: they must agree with one thread, which the other
		 * inputs hold to the full reader.
		 */
		struct fr_idscan_opts one = so;
		struct fr_idscan *sc1;
		size_t want = (1u << 20) + n, k;
		int a, b;

		big = fr_xmalloc(want);
		for (k = 0; k + n <= want; k += n)
			memcpy(big + k, p, n);
		one.threads = 1;
		a = fr_idscan_csv(big, k, &o, &so, &sc);
		b = fr_idscan_csv(big, k, &o, &one, &sc1);
		if (a != b || (a == FR_OK &&
		    (fr_idscan_rows(sc) != fr_idscan_rows(sc1) ||
		    fr_idscan_distinct(sc) != fr_idscan_distinct(sc1))))
			abort();
		fr_idscan_free(sc);
		fr_idscan_free(sc1);
		free(big);
		return 0;
	}
	if (fr_idscan_csv(p, n, &o, &so, &sc) != FR_OK)
		return 0;
	fr_diags_init(&d);
	r = fr_idread_new(FR_IDFMT_CSV, &o, "fuzz", &d, keep, &s);
	rc = fr_idread_feed(r, p, n);
	if (rc == FR_OK)
		rc = fr_idread_end(r);
	if (rc != FR_OK || d.n > 0)
		abort();	/* the fast path took what the reader refuses */
	if (s.n > 1)
		qsort(s.v, s.n, sizeof *s.v, cmp);
	for (i = 0; i < s.n; i++)
		if (i == 0 || cmp(&s.v[i], &s.v[i - 1]) != 0)
			distinct++;
	if (s.n != fr_idscan_rows(sc) || distinct != fr_idscan_distinct(sc))
		abort();
	for (i = 0; i < s.n; i++)
		free(s.v[i]);
	free(s.v);
	fr_idread_free(r);
	fr_diags_release(&d);
	fr_idscan_free(sc);
	return 0;
}
