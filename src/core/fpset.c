/*
 * fpset.c — keyed fingerprints and a set of them (see fpset.h).
 */
#include "core/fpset.h"
#include "core/fr.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#if crypto_shorthash_siphashx24_BYTES != 16 || \
    crypto_shorthash_siphashx24_KEYBYTES != FR_FP_KEYLEN
#error "libsodium's siphashx24 is not 128 bits with a 128-bit key"
#endif

#define BATCH 32

struct fr_fpset {
	struct fr_fp *tab;	/* {0, 0} marks an empty slot */
	size_t cap;		/* slots, a power of two */
	size_t n;
};

void
fr_fp_key(unsigned char key[FR_FP_KEYLEN])
{
	if (sodium_init() < 0) {
		fputs("frfile: libsodium cannot start\n", stderr);
		abort();
	}
	randombytes_buf(key, FR_FP_KEYLEN);
}

void
fr_fp(const unsigned char key[FR_FP_KEYLEN], const void *s, size_t n,
    struct fr_fp *out)
{
	unsigned char h[16];

	crypto_shorthash_siphashx24(h, s, n, key);
	memcpy(&out->lo, h, 8);
	memcpy(&out->hi, h + 8, 8);
	/*
	 * {0, 0} means "empty": the one fingerprint in 2^128 that is all
	 * zero is moved next to {1, 0}, which a real id matches with the
	 * same negligible chance.
	 */
	if ((out->lo | out->hi) == 0)
		out->lo = 1;
}

/* Slots for n fingerprints: a power of two, at least 1024, at most 3/4 full. */
static size_t
slots_for(size_t n)
{
	size_t cap = 1024;

	while (n * 4 > cap * 3)
		cap *= 2;
	return cap;
}

struct fr_fpset *
fr_fpset_new(size_t expect)
{
	struct fr_fpset *s = fr_xcalloc(1, sizeof *s);

	s->cap = slots_for(expect);
	s->tab = fr_table_alloc(s->cap * sizeof *s->tab);
	return s;
}

void
fr_fpset_free(struct fr_fpset *s)
{
	if (s == NULL)
		return;
	fr_table_free(s->tab, s->cap * sizeof *s->tab);
	free(s);
}

/* The slot holding fp, or the empty slot where it belongs. */
static struct fr_fp *
slot(const struct fr_fpset *s, const struct fr_fp *fp)
{
	size_t i = fp->lo & (s->cap - 1);
	struct fr_fp *e;

	/* The low bits of a pseudorandom function's output are uniform. */
	for (;; i = (i + 1) & (s->cap - 1)) {
		e = &s->tab[i];
		if ((e->lo | e->hi) == 0 || (e->lo == fp->lo && e->hi == fp->hi))
			return e;
	}
}

/* Moves the set into a table sized for want fingerprints, if that is bigger. */
static void
grow(struct fr_fpset *s, size_t want)
{
	size_t ncap = slots_for(want), i;
	struct fr_fpset t = { NULL, ncap, 0 };

	if (ncap <= s->cap)
		return;
	t.tab = fr_table_alloc(ncap * sizeof *t.tab);
	for (i = 0; i < s->cap; i++)
		if ((s->tab[i].lo | s->tab[i].hi) != 0)
			*slot(&t, &s->tab[i]) = s->tab[i];
	fr_table_free(s->tab, s->cap * sizeof *s->tab);
	s->tab = t.tab;
	s->cap = ncap;
}

size_t
fr_fpset_add(struct fr_fpset *s, const struct fr_fp *fps, size_t n,
    unsigned char *isnew)
{
	size_t i, k, m, added = 0;
	struct fr_fp *e;

	for (k = 0; k < n; k += BATCH) {
		m = n - k < BATCH ? n - k : BATCH;
		if ((s->n + m) * 4 > s->cap * 3)
			grow(s, (s->n + m) * 2);
		/* The table is bigger than the caches: overlap the fetches. */
		for (i = 0; i < m; i++)
			__builtin_prefetch(&s->tab[fps[k + i].lo & (s->cap - 1)], 1);
		for (i = 0; i < m; i++) {
			e = slot(s, &fps[k + i]);
			if ((e->lo | e->hi) == 0) {
				*e = fps[k + i];
				s->n++;
				added++;
				if (isnew != NULL)
					isnew[k + i] = 1;
			} else if (isnew != NULL)
				isnew[k + i] = 0;
		}
	}
	return added;
}

size_t
fr_fpset_size(const struct fr_fpset *s)
{
	return s->n;
}

size_t
fr_fpset_memory(const struct fr_fpset *s)
{
	return sizeof *s + s->cap * sizeof *s->tab;
}
