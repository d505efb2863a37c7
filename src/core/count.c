/*
 * count.c — an open-addressing hash set of 32-byte person keys with
 * per-source counts, overlap and dated intervals (see count.h).
 *
 * Layout, chosen for tens of millions of rows: the 40-byte entries (key,
 * last source, number of sources, flags) sit in the table itself, probed
 * linearly at a load of at most 3/4, so a lookup costs one memory fetch,
 * and batches of lookups prefetch their slots so the fetches overlap.
 * Interval heads live in a parallel array made only when dated keys come.
 * Keys are HMAC outputs and so look random, but a facts document can carry
 * chosen keys, so the hash chains all 32 bytes with a per-set seed.
 */
#include "core/count.h"
#include "core/fr.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct entry {
	unsigned char key[FR_KEY_LEN];
	uint32_t src;		/* 1 + last source that has it stored now */
	uint16_t nsrc;		/* sources that have it stored now */
	uint8_t undated;	/* some source gave it without dates */
	uint8_t used;		/* the slot holds a key */
};

struct ival {
	int32_t from, until;
	int32_t next;
};

struct fr_count {
	struct entry *tab;	/* open addressing, linear probing */
	int32_t *head;		/* first interval per slot, or NULL */
	size_t cap;		/* slots, a power of two */
	size_t n;
	struct ival *iv;
	size_t niv, ivcap;
	size_t *srcn;		/* per source: stored now */
	int nsrc, cur;
	size_t total, multi, undated;
	size_t unkeyed;		/* fr_count_add_unkeyed */
	int today;
	uint64_t seed;
};

/* The eight bytes at p as a 64-bit word, at any alignment. */
static uint64_t
load64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof v);
	return v;
}

/* Scrambles a 64-bit word so that close inputs land far apart. */
static uint64_t
mix(uint64_t x)
{
	/* The splitmix64 finaliser: every input bit affects every output bit. */
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

/*
 * Chained through all four words with a secret seed, so keys chosen to
 * collide (a crafted facts document) cannot be made without the seed.
 */
static uint64_t
keyhash(const struct fr_count *c, const unsigned char *k)
{
	uint64_t h = c->seed;

	h = mix(h ^ load64(k));
	h = mix(h ^ load64(k + 8));
	h = mix(h ^ load64(k + 16));
	return mix(h ^ load64(k + 24));
}

/* A zeroed table of n entries; a large one is mapped, with huge pages. */
static struct entry *
table_alloc(size_t n)
{
	return fr_table_alloc(n * sizeof(struct entry));
}

/* Frees a table of n entries made by table_alloc. */
static void
table_free(struct entry *t, size_t n)
{
	fr_table_free(t, n * sizeof(struct entry));
}

/* Keys and unkeyed persons cannot be matched: a caller's mistake. */
static void
keyed(const struct fr_count *c)
{
	if (c->unkeyed > 0) {
		fputs("frfile: keys added to an unkeyed count\n", stderr);
		abort();
	}
}

struct fr_count *
fr_count_new(int today)
{
	struct fr_count *c = fr_xcalloc(1, sizeof *c);

	c->cap = 1024;
	c->tab = table_alloc(c->cap);
	c->today = today;
	c->cur = -1;
	c->seed = mix((uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32) ^
	    (uint64_t)(uintptr_t)c);
	return c;
}

void
fr_count_free(struct fr_count *c)
{
	if (c == NULL)
		return;
	table_free(c->tab, c->cap);
	free(c->head);
	free(c->iv);
	free(c->srcn);
	free(c);
}

int
fr_count_begin_source(struct fr_count *c)
{
	keyed(c);
	c->srcn = fr_xreallocarray(c->srcn, (size_t)c->nsrc + 1,
	    sizeof *c->srcn);
	c->srcn[c->nsrc] = 0;
	c->cur = c->nsrc++;
	return c->cur;
}

/* Doubles the table, rehashing each key and moving its interval head along. */
static void
grow(struct fr_count *c)
{
	size_t ncap = c->cap * 2, i, j;
	struct entry *nt = table_alloc(ncap);
	int32_t *nh = NULL;

	if (c->head != NULL)
		nh = fr_xmalloc(ncap * sizeof *nh);
	for (i = 0; i < c->cap; i++) {
		if (!c->tab[i].used)
			continue;
		j = keyhash(c, c->tab[i].key) & (ncap - 1);
		while (nt[j].used)
			j = (j + 1) & (ncap - 1);
		nt[j] = c->tab[i];
		if (nh != NULL)
			nh[j] = c->head[i];
	}
	table_free(c->tab, c->cap);
	free(c->head);
	c->tab = nt;
	c->head = nh;
	c->cap = ncap;
}

/* Room for n more keys at a load factor of at most 3/4. */
static void
reserve(struct fr_count *c, size_t n)
{
	while ((c->n + n) * 4 > c->cap * 3)
		grow(c);
}

void
fr_count_reserve(struct fr_count *c, size_t n)
{
	reserve(c, n);
}

/* The slot for key (with hash h), filled when absent. */
static size_t
lookup(struct fr_count *c, const unsigned char *key, uint64_t h)
{
	size_t i = h & (c->cap - 1);
	struct entry *e;

	for (;; i = (i + 1) & (c->cap - 1)) {
		e = &c->tab[i];
		if (!e->used)
			break;
		if (memcmp(e->key, key, FR_KEY_LEN) == 0)
			return i;
	}
	memcpy(e->key, key, FR_KEY_LEN);
	e->used = 1;
	if (c->head != NULL)
		c->head[i] = -1;
	c->n++;
	return i;
}

/* The key is stored now in the current source. */
static void
present(struct fr_count *c, struct entry *e)
{
	if (c->cur < 0)
		fr_count_begin_source(c);
	if (e->src == (uint32_t)c->cur + 1)
		return;		/* already counted for this source */
	e->src = (uint32_t)c->cur + 1;
	c->srcn[c->cur]++;
	if (e->nsrc < UINT16_MAX)
		e->nsrc++;
	if (e->nsrc == 1)
		c->total++;
	else if (e->nsrc == 2)
		c->multi++;
}

/* Stores the key (hash h) in the current source as given without dates. */
static void
add_undated(struct fr_count *c, const unsigned char *key, uint64_t h)
{
	struct entry *e = &c->tab[lookup(c, key, h)];

	if (!e->undated) {
		e->undated = 1;
		c->undated++;
	}
	present(c, e);
}

void
fr_count_add(struct fr_count *c, const unsigned char key[FR_KEY_LEN])
{
	keyed(c);
	reserve(c, 1);
	add_undated(c, key, keyhash(c, key));
}

void
fr_count_add_many(struct fr_count *c, const unsigned char (*keys)[FR_KEY_LEN],
    size_t n)
{
	uint64_t h[FR_COUNT_BATCH];
	size_t i, j, k;

	keyed(c);
	/*
	 * The table is far larger than the caches: hash a batch and
	 * prefetch every key's slot first, so the memory fetches overlap
	 * instead of stalling one after another.
	 */
	for (k = 0; k < n; k += FR_COUNT_BATCH) {
		size_t m = n - k < FR_COUNT_BATCH ? n - k : FR_COUNT_BATCH;

		reserve(c, m);
		for (i = 0; i < m; i++) {
			h[i] = keyhash(c, keys[k + i]);
			j = h[i] & (c->cap - 1);
			__builtin_prefetch(&c->tab[j]);
			__builtin_prefetch((char *)&c->tab[j] + sizeof c->tab[j] - 1);
		}
		for (i = 0; i < m; i++)
			add_undated(c, keys[k + i], h[i]);
	}
}

int
fr_count_add_dated(struct fr_count *c, const unsigned char key[FR_KEY_LEN],
    int from, int until)
{
	size_t i;
	struct ival *v;

	if (until <= from)
		return FR_EINVAL;
	keyed(c);
	if (c->head == NULL) {
		c->head = fr_xmalloc(c->cap * sizeof *c->head);
		for (i = 0; i < c->cap; i++)
			c->head[i] = -1;
	}
	reserve(c, 1);
	i = lookup(c, key, keyhash(c, key));
	FR_GROW(c->iv, c->ivcap, c->niv + 1, 1024);
	v = &c->iv[c->niv];
	v->from = from;
	v->until = until;
	v->next = c->head[i];
	c->head[i] = (int32_t)c->niv++;
	if (from <= c->today && c->today < until)
		present(c, &c->tab[i]);
	else if (c->cur < 0)
		fr_count_begin_source(c);
	return FR_OK;
}

int
fr_count_add_unkeyed(struct fr_count *c, size_t n)
{
	if (c->cur < 0)
		fr_count_begin_source(c);
	if (c->nsrc != 1 || c->n > 0)
		return FR_EINVAL;
	c->unkeyed += n;
	c->srcn[c->cur] += n;
	c->total += n;
	c->undated += n;
	return FR_OK;
}

size_t
fr_count_total(const struct fr_count *c)
{
	return c->total;
}

size_t
fr_count_source(const struct fr_count *c, int src)
{
	return src >= 0 && src < c->nsrc ? c->srcn[src] : 0;
}

size_t
fr_count_multi(const struct fr_count *c)
{
	return c->multi;
}

size_t
fr_count_keys(const struct fr_count *c)
{
	return c->n + c->unkeyed;
}

size_t
fr_count_undated(const struct fr_count *c)
{
	return c->undated;
}

size_t
fr_count_memory(const struct fr_count *c)
{
	return sizeof *c + c->cap * sizeof *c->tab +
	    (c->head ? c->cap * sizeof *c->head : 0) +
	    c->ivcap * sizeof *c->iv + (size_t)c->nsrc * sizeof *c->srcn;
}

/* Orders intervals by their first day, for qsort. */
static int
ival_cmp(const void *a, const void *b)
{
	const struct ival *x = a, *y = b;

	return x->from < y->from ? -1 : x->from > y->from;
}

/*
 * Fills *buf with the key's intervals sorted and merged, and returns how
 * many: a person stored on two devices over overlapping periods is one
 * person on each of those days.
 */
static size_t
merged(const struct fr_count *c, size_t slot, struct ival **buf,
    size_t *bufcap)
{
	size_t n = 0, i, m;
	int32_t j;

	if (c->head == NULL)
		return 0;
	for (j = c->head[slot]; j >= 0; j = c->iv[j].next) {
		FR_GROW(*buf, *bufcap, n + 1, 16);
		(*buf)[n++] = c->iv[j];
	}
	if (n > 1)
		qsort(*buf, n, sizeof **buf, ival_cmp);
	for (i = 1, m = 0; i < n; i++) {
		if ((*buf)[i].from <= (*buf)[m].until) {
			if ((*buf)[i].until > (*buf)[m].until)
				(*buf)[m].until = (*buf)[i].until;
		} else
			(*buf)[++m] = (*buf)[i];
	}
	return n ? m + 1 : 0;
}

int
fr_count_crossing(const struct fr_count *c, size_t threshold, int *date,
    size_t *peak)
{
	struct ival *buf = NULL;
	size_t bufcap = 0, i, k, m, best = 0;
	int lo = INT_MAX, hi = INT_MIN, rc = FR_ENOENT;
	long long *delta = NULL, run = 0;
	size_t span;

	if (peak != NULL)
		*peak = 0;
	if (threshold == 0 || c->undated > 0)
		return FR_EINVAL;
	/* The range of days on which the count can change. */
	for (i = 0; i < c->niv; i++) {
		if (c->iv[i].from < lo)
			lo = c->iv[i].from;
		if (c->iv[i].from > hi)
			hi = c->iv[i].from;
		if (c->iv[i].until != FR_DATE_OPEN && c->iv[i].until > hi)
			hi = c->iv[i].until;
	}
	if (lo > hi)
		return FR_ENOENT;
	/*
	 * A difference array over the days (a few thousand at most) instead
	 * of sorting millions of events: +1 on the first day of each merged
	 * interval, -1 on the day after its last.
	 */
	span = (size_t)((long long)hi - lo + 1);
	delta = fr_xcalloc(span, sizeof *delta);
	for (i = 0; i < c->cap; i++) {
		if (!c->tab[i].used)
			continue;
		m = merged(c, i, &buf, &bufcap);
		for (k = 0; k < m; k++) {
			delta[buf[k].from - lo]++;
			if (buf[k].until != FR_DATE_OPEN)
				delta[buf[k].until - lo]--;
		}
	}
	/* Only days up to the count's today: re-running a past day must
	 * not see the future. */
	for (i = 0; i < span && lo + (long long)i <= c->today; i++) {
		run += delta[i];
		if ((size_t)run > best)
			best = (size_t)run;
		if (rc != FR_OK && run >= (long long)threshold) {
			*date = lo + (int)i;
			rc = FR_OK;
		}
	}
	if (peak != NULL)
		*peak = best;
	free(delta);
	free(buf);
	return rc;
}

size_t
fr_count_on(const struct fr_count *c, int date)
{
	struct ival *buf = NULL;
	size_t bufcap = 0, i, k, m, n = 0;

	for (i = 0; i < c->cap; i++) {
		if (!c->tab[i].used)
			continue;
		m = merged(c, i, &buf, &bufcap);
		for (k = 0; k < m; k++)
			if (buf[k].from <= date && date < buf[k].until) {
				n++;
				break;
			}
	}
	free(buf);
	return n;
}
