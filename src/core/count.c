/*
 * count.c — an open-addressing hash set of 32-byte person keys with
 * per-source counts, overlap and dated intervals (see count.h).
 *
 * Layout, chosen for tens of millions of rows: a dense array of entries
 * (key, last source, number of sources, first interval) and a table of
 * 64-bit slots holding an entry index and 32 bits of the hash, probed
 * linearly. Most lookups of an absent key stop at an empty slot or a tag
 * mismatch without touching the entry. Keys are HMAC outputs and so look
 * random, but a facts document can carry chosen keys, so the hash mixes
 * all 32 bytes with a per-set seed rather than trusting the first bytes.
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
	uint16_t undated;	/* some source gave it without dates */
	int32_t ival;		/* first interval, -1 for none */
};

struct ival {
	int32_t from, until;
	int32_t next;
};

struct fr_count {
	uint64_t *slot;		/* (tag << 32) | (index + 1); 0 is empty */
	size_t cap;		/* slots, a power of two */
	struct entry *e;
	size_t n, ecap;
	struct ival *iv;
	size_t niv, ivcap;
	size_t *srcn;		/* per source: stored now */
	int nsrc, cur;
	size_t total, multi, undated;
	int today;
	uint64_t seed;
};

static uint64_t
load64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof v);
	return v;
}

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

static uint64_t
keyhash(const struct fr_count *c, const unsigned char *k)
{
	uint64_t h = c->seed;

	h = mix(h ^ load64(k));
	h = mix(h ^ load64(k + 8));
	h = mix(h ^ load64(k + 16));
	return mix(h ^ load64(k + 24));
}

struct fr_count *
fr_count_new(int today)
{
	struct fr_count *c = fr_xcalloc(1, sizeof *c);

	c->cap = 1024;
	c->slot = fr_xcalloc(c->cap, sizeof *c->slot);
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
	free(c->slot);
	free(c->e);
	free(c->iv);
	free(c->srcn);
	free(c);
}

int
fr_count_begin_source(struct fr_count *c)
{
	c->srcn = fr_xreallocarray(c->srcn, (size_t)c->nsrc + 1,
	    sizeof *c->srcn);
	c->srcn[c->nsrc] = 0;
	c->cur = c->nsrc++;
	return c->cur;
}

static void
grow(struct fr_count *c)
{
	size_t ncap = c->cap * 2, i, j;
	uint64_t *ns = fr_xcalloc(ncap, sizeof *ns);

	for (i = 0; i < c->cap; i++) {
		uint64_t s = c->slot[i];

		if (s == 0)
			continue;
		j = keyhash(c, c->e[(s & 0xffffffffu) - 1].key) & (ncap - 1);
		while (ns[j] != 0)
			j = (j + 1) & (ncap - 1);
		ns[j] = s;
	}
	free(c->slot);
	c->slot = ns;
	c->cap = ncap;
}

/* The entry for key, created when absent. */
static struct entry *
lookup(struct fr_count *c, const unsigned char *key)
{
	uint64_t h, tag, s;
	size_t i;
	struct entry *e;

	if ((c->n + 1) * 10 > c->cap * 7)
		grow(c);
	h = keyhash(c, key);
	tag = h >> 32;
	i = h & (c->cap - 1);
	while ((s = c->slot[i]) != 0) {
		if ((s >> 32) == tag) {
			e = &c->e[(s & 0xffffffffu) - 1];
			if (memcmp(e->key, key, FR_KEY_LEN) == 0)
				return e;
		}
		i = (i + 1) & (c->cap - 1);
	}
	if (c->n == c->ecap) {
		c->ecap = c->ecap ? c->ecap * 2 : 1024;
		c->e = fr_xreallocarray(c->e, c->ecap, sizeof *c->e);
	}
	e = &c->e[c->n++];
	memcpy(e->key, key, FR_KEY_LEN);
	e->src = 0;
	e->nsrc = 0;
	e->undated = 0;
	e->ival = -1;
	c->slot[i] = (tag << 32) | (uint64_t)c->n;
	return e;
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

void
fr_count_add(struct fr_count *c, const unsigned char key[FR_KEY_LEN])
{
	struct entry *e = lookup(c, key);

	if (!e->undated) {
		e->undated = 1;
		c->undated++;
	}
	present(c, e);
}

int
fr_count_add_dated(struct fr_count *c, const unsigned char key[FR_KEY_LEN],
    int from, int until)
{
	struct entry *e;
	struct ival *v;

	if (until <= from)
		return FR_EINVAL;
	e = lookup(c, key);
	if (c->niv == c->ivcap) {
		c->ivcap = c->ivcap ? c->ivcap * 2 : 1024;
		c->iv = fr_xreallocarray(c->iv, c->ivcap, sizeof *c->iv);
	}
	v = &c->iv[c->niv];
	v->from = from;
	v->until = until;
	v->next = e->ival;
	e->ival = (int32_t)c->niv++;
	if (from <= c->today && c->today < until)
		present(c, e);
	else if (c->cur < 0)
		fr_count_begin_source(c);
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
	return c->n;
}

size_t
fr_count_undated(const struct fr_count *c)
{
	return c->undated;
}

size_t
fr_count_memory(const struct fr_count *c)
{
	return sizeof *c + c->cap * sizeof *c->slot + c->ecap * sizeof *c->e +
	    c->ivcap * sizeof *c->iv + (size_t)c->nsrc * sizeof *c->srcn;
}

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
merged(const struct fr_count *c, const struct entry *e, struct ival **buf,
    size_t *bufcap)
{
	size_t n = 0, i, m;
	int32_t j;

	for (j = e->ival; j >= 0; j = c->iv[j].next) {
		if (n == *bufcap) {
			*bufcap = *bufcap ? *bufcap * 2 : 16;
			*buf = fr_xreallocarray(*buf, *bufcap, sizeof **buf);
		}
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
	for (i = 0; i < c->n; i++) {
		m = merged(c, &c->e[i], &buf, &bufcap);
		for (k = 0; k < m; k++) {
			delta[buf[k].from - lo]++;
			if (buf[k].until != FR_DATE_OPEN)
				delta[buf[k].until - lo]--;
		}
	}
	for (i = 0; i < span; i++) {
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

	for (i = 0; i < c->n; i++) {
		m = merged(c, &c->e[i], &buf, &bufcap);
		for (k = 0; k < m; k++)
			if (buf[k].from <= date && date < buf[k].until) {
				n++;
				break;
			}
	}
	free(buf);
	return n;
}
