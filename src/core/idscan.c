/*
 * idscan.c — the parallel fast path for big CSV exports (see idscan.h).
 */
#include "core/idscan.h"
#include "core/count.h"
#include "core/diag.h"
#include "core/fpset.h"
#include "core/fr.h"
#include "core/hmac.h"
#include "core/idread.h"

#include <pthread.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAXT		8		/* shares, and threads */
#define BATCH		64		/* fingerprints added at once */
#define KEYBATCH	256		/* keys added under the lock at once */
#define PROGRESS_STEP	(64u << 20)
#define LENBITS		13		/* an id of up to FR_IDREAD_MAXFIELD bytes */

#if FR_IDREAD_MAXFIELD >= (1 << LENBITS)
#error "LENBITS too small for FR_IDREAD_MAXFIELD"
#endif

/* One per thread, on cache lines of its own (no false sharing). */
struct share {
	_Alignas(64) struct fr_idscan *sc;
	unsigned t;
	struct fr_fpset *set;	/* freed once the ids are keyed */
	size_t rows, distinct;
	uint64_t *first;	/* offset << LENBITS | length, per distinct id */
	size_t nfirst, capfirst;
	int bad;		/* this thread found a reason to decline */
};

struct fr_idscan {
	const char *body;	/* the rows, after the header */
	size_t len;
	long idcol;		/* 0-based */
	size_t rows, distinct;	/* over all shares */
	const struct fr_idscan_opts *o;
	unsigned nt;
	unsigned char key[FR_FP_KEYLEN];
	struct share sh[MAXT];
	/* fr_idscan_key */
	const struct fr_hmac *hmac;
	struct fr_count *count;
	pthread_mutex_t mu;
};

/*
 * The share an id belongs to: a cheap mix of its first and last eight
 * bytes. Ids with little variety there only make the shares uneven.
 */
static unsigned
share_of(const char *id, size_t n, unsigned nt)
{
	uint64_t a = 0, b = 0, h;

	if (nt == 1)
		return 0;
	if (n >= 8) {
		memcpy(&a, id, 8);
		memcpy(&b, id + n - 8, 8);
	} else
		memcpy(&a, id, n);
	h = (a ^ (b * 0x9e3779b97f4a7c15ULL) ^ n) * 0xd6e8feb86659fd93ULL;
	h ^= h >> 32;
	return (unsigned)(((h & 0xffffffffu) * nt) >> 32);
}

/* Adds n fingerprints to the share's set; keeps new ids' places if asked. */
static void
add_batch(struct share *s, const struct fr_fp *fp, const uint64_t *at,
    size_t n)
{
	unsigned char isnew[BATCH];
	size_t i;

	if (fr_fpset_add(s->set, fp, n, isnew) == 0 || !s->sc->o->keep_firsts)
		return;
	for (i = 0; i < n; i++) {
		if (!isnew[i])
			continue;
		FR_GROW(s->first, s->capfirst, s->nfirst + 1, 4096);
		s->first[s->nfirst++] = at[i];
	}
}

/*
 * Bit i of the result is set when p[i] == c, for the 64 bytes at p: SSE2
 * (every x86-64 has it) compares 16 at a time; other machines loop.
 */
static inline uint64_t
mask64(const char *p, char c)
{
#ifdef __SSE2__
	__m128i v = _mm_set1_epi8(c);
	uint64_t m = 0;
	int i;

	for (i = 0; i < 4; i++)
		m |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(
		    _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * i)),
		    v)) << (16 * i);
	return m;
#else
	uint64_t m = 0;
	int i;

	for (i = 0; i < 64; i++)
		m |= (uint64_t)(p[i] == c) << i;
	return m;
#endif
}

/* Where a row stands while the scan walks its line ends and commas. */
struct walk {
	size_t start;		/* first byte of the line */
	size_t idstart, idend;	/* the id cell, once known */
	long field;		/* commas seen in the line */
	int skip;		/* the id is known: commas do not matter */
	size_t n, rows;
	uint64_t at[BATCH + 1];	/* ids of this share: offset, length */
};

/* Fingerprint the ids waiting and add them to the share's set. */
static void
flush(struct share *s, struct walk *w)
{
	struct fr_fp fp[BATCH];
	size_t i;

	for (i = 0; i < w->n; i++)
		fr_fp(s->sc->key, s->sc->body + (w->at[i] >> LENBITS),
		    (size_t)(w->at[i] & ((1u << LENBITS) - 1)), &fp[i]);
	add_batch(s, fp, w->at, w->n);
	w->rows += w->n;
	w->n = 0;
}

/*
 * One line, [w->start, end) without its LF: 0 on, -1 for a row the full
 * reader must judge (too few fields, an empty or over-long id).
 */
static inline int
line(struct share *s, struct walk *w, size_t end)
{
	struct fr_idscan *sc = s->sc;
	const char *body = sc->body, *id;
	size_t le = end, idlen;

	if (le > w->start && body[le - 1] == '\r')
		le--;
	if (le == w->start)
		return 0;	/* a blank line */
	if (w->field < sc->idcol)
		return -1;	/* too few fields */
	if (!w->skip)
		w->idend = le;	/* the id is the last cell */
	if (w->idend - w->idstart > FR_IDREAD_MAXFIELD)
		return -1;
	id = body + w->idstart;
	idlen = w->idend - w->idstart;
	while (idlen > 0 && (*id == ' ' || *id == '\t')) {
		id++;
		idlen--;
	}
	while (idlen > 0 && (id[idlen - 1] == ' ' || id[idlen - 1] == '\t'))
		idlen--;
	if (idlen == 0)
		return -1;
	/*
	 * Kept only when it is this thread's, without a branch: which
	 * share an id falls in is a coin toss the CPU cannot predict.
	 */
	w->at[w->n] = (uint64_t)(id - body) << LENBITS | idlen;
	w->n += share_of(id, idlen, sc->nt) == s->t;
	if (w->n == BATCH)
		flush(s, w);
	return 0;
}

/*
 * Every thread walks the whole body 64 bytes at a time, taking line ends
 * and commas from bit masks (no per-line library calls), and handles the
 * rows of its own share. A quote anywhere, or a CR not followed by LF, is
 * for the full reader.
 */
static void *
scan(void *arg)
{
	struct share *s = arg;
	struct fr_idscan *sc = s->sc;
	const char *body = sc->body;
	size_t len = sc->len, b, pos, next_progress = PROGRESS_STEP;
	long idcol = sc->idcol;
	struct walk w;
	char tail[64];
	uint64_t nlm, crm, m, later, cr_last = 0;
	unsigned bit;

	memset(&w, 0, sizeof w);
	for (b = 0; b < len; b += 64) {
		const char *p = body + b;

		if (len - b < 64) {
			memset(tail, 0, sizeof tail);
			memcpy(tail, p, len - b);
			p = tail;
		}
		nlm = mask64(p, '\n');
		crm = mask64(p, '\r');
		/* Each CR's next byte is LF, the one after a block's end too. */
		if (mask64(p, '"') != 0 || ((crm << 1 | cr_last) & ~nlm) != 0)
			goto bad;
		cr_last = crm >> 63;
		m = nlm | mask64(p, ',');
		if (w.skip) {
			/* Commas before the next line end do not matter. */
			m = nlm ? m & ~((nlm & -nlm) - 1) : 0;
		}
		while (m != 0) {
			bit = (unsigned)__builtin_ctzll(m);
			m &= m - 1;
			pos = b + bit;
			if (nlm >> bit & 1) {
				if (line(s, &w, pos) != 0)
					goto bad;
				w.start = w.idstart = pos + 1;
				w.field = 0;
				w.skip = 0;
				continue;
			}
			if (w.field == idcol) {
				/* The comma after the id. */
				w.idend = pos;
				w.skip = 1;
				later = nlm & ~((2ULL << bit) - 1);
				m = later ? m & ~((later & -later) - 1) : 0;
			}
			if (++w.field == idcol)
				w.idstart = pos + 1;
		}
		if (s->t == 0 && sc->o->progress != NULL && b >= next_progress) {
			sc->o->progress(sc->o->progress_arg, b);
			next_progress += PROGRESS_STEP;
		}
	}
	if (cr_last || (w.start < len && line(s, &w, len) != 0))
		goto bad;	/* a CR at the very end; the last line had no LF */
	flush(s, &w);
	s->rows = w.rows;
	s->distinct = fr_fpset_size(s->set);
	return NULL;
bad:
	s->bad = 1;
	return NULL;
}

/* Run fn on nt threads, the caller's being the first. */
static void
run(struct fr_idscan *sc, void *(*fn)(void *))
{
	pthread_t th[MAXT];
	int started[MAXT] = { 0 };
	unsigned i;

	for (i = 1; i < sc->nt; i++)
		started[i] = pthread_create(&th[i], NULL, fn, &sc->sh[i]) == 0;
	fn(&sc->sh[0]);
	for (i = 1; i < sc->nt; i++) {
		if (started[i])
			pthread_join(th[i], NULL);
		else
			fn(&sc->sh[i]);	/* no thread: do its share here */
	}
}

/* The header reader's row callback: a row there makes the fast path decline. */
static int
header_row(void *arg, struct fr_idread *r, const struct fr_idrow *row)
{
	(void)arg;
	(void)row;
	return fr_idread_invalid(r, 0, "a row in the header");
}

/*
 * The id column and where the rows start, the header (if any) read by
 * the full reader; -1 when that reader is needed for more.
 */
static long
header(const char *data, size_t len, const struct fr_idread_opts *ro,
    size_t *start)
{
	struct fr_diags scratch;
	struct fr_idread *r;
	const char *nl;
	long col = -1;
	int rc = FR_OK;

	*start = 0;
	if (ro->from_column != NULL || ro->until_column != NULL ||
	    ro->skip_invalid)
		return -1;
	fr_diags_init(&scratch);
	r = fr_idread_new(FR_IDFMT_CSV, ro, "", &scratch, header_row, NULL);
	if (!ro->no_header) {
		if ((nl = memchr(data, '\n', len)) == NULL ||
		    memchr(data, '"', (size_t)(nl - data)) != NULL)
			rc = FR_EINVAL;
		else {
			*start = (size_t)(nl + 1 - data);
			rc = fr_idread_feed(r, data, *start);
		}
	} else if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		rc = FR_EINVAL;	/* a mark before the first row */
	if (rc == FR_OK)
		col = fr_idread_idcol(r);
	fr_idread_free(r);
	fr_diags_release(&scratch);
	return col;
}

int
fr_idscan_csv(const char *data, size_t len, const struct fr_idread_opts *ro,
    const struct fr_idscan_opts *o, struct fr_idscan **out)
{
	struct fr_idscan *sc;
	size_t start;
	long col;
	unsigned i;

	*out = NULL;
	if ((col = header(data, len, ro, &start)) < 0)
		return FR_EINVAL;
	sc = fr_xcalloc(1, sizeof *sc);
	sc->body = data + start;
	sc->len = len - start;
	sc->idcol = col;
	sc->o = o;
	sc->nt = o->threads < 1 ? 1 : o->threads > MAXT ? MAXT :
	    (unsigned)o->threads;
	if (sc->len < (1u << 20))
		sc->nt = 1;	/* threads would cost more than they save */
	fr_fp_key(sc->key);
	for (i = 0; i < sc->nt; i++) {
		sc->sh[i].sc = sc;
		sc->sh[i].t = i;
		sc->sh[i].set = fr_fpset_new(0);
	}
	run(sc, scan);
	for (i = 0; i < sc->nt; i++)
		if (sc->sh[i].bad)
			goto decline;
	for (i = 0; i < sc->nt; i++) {
		sc->rows += sc->sh[i].rows;
		sc->distinct += sc->sh[i].distinct;
	}
	*out = sc;
	return FR_OK;
decline:
	fr_idscan_free(sc);
	return FR_EINVAL;
}

size_t
fr_idscan_rows(const struct fr_idscan *sc)
{
	return sc->rows;
}

size_t
fr_idscan_distinct(const struct fr_idscan *sc)
{
	return sc->distinct;
}

size_t
fr_idscan_memory(const struct fr_idscan *sc)
{
	size_t n = sizeof *sc;
	unsigned i;

	for (i = 0; i < sc->nt; i++)
		n += (sc->sh[i].set ? fr_fpset_memory(sc->sh[i].set) : 0) +
		    sc->sh[i].capfirst * sizeof *sc->sh[i].first;
	return n;
}

/* One thread of fr_idscan_key: keys its share's distinct ids into the count. */
static void *
key_share(void *arg)
{
	struct share *s = arg;
	struct fr_idscan *sc = s->sc;
	unsigned char (*keys)[FR_KEY_LEN] = fr_xmalloc(KEYBATCH * FR_KEY_LEN);
	size_t i, n = 0;

	for (i = 0; i < s->nfirst; i++) {
		uint64_t a = s->first[i];

		fr_person_key(sc->hmac, sc->body + (a >> LENBITS),
		    (size_t)(a & ((1u << LENBITS) - 1)), keys[n]);
		if (++n == KEYBATCH || i + 1 == s->nfirst) {
			pthread_mutex_lock(&sc->mu);
			fr_count_add_many(sc->count,
			    (const unsigned char (*)[FR_KEY_LEN])keys, n);
			pthread_mutex_unlock(&sc->mu);
			n = 0;
		}
	}
	free(keys);
	return NULL;
}

void
fr_idscan_key(struct fr_idscan *sc, const struct fr_hmac *hmac,
    struct fr_count *count)
{
	size_t n;
	unsigned i;

	/*
	 * The fingerprints have done their work: give their memory back
	 * before the keys' table takes more.
	 */
	for (i = 0; i < sc->nt; i++) {
		fr_fpset_free(sc->sh[i].set);
		sc->sh[i].set = NULL;
	}
	sc->hmac = hmac;
	sc->count = count;
	/* The union is at least as big as the larger set: room for that. */
	n = fr_idscan_distinct(sc);
	fr_count_reserve(count, n > fr_count_keys(count) ?
	    n - fr_count_keys(count) : 0);
	pthread_mutex_init(&sc->mu, NULL);
	run(sc, key_share);
	pthread_mutex_destroy(&sc->mu);
}

void
fr_idscan_free(struct fr_idscan *sc)
{
	unsigned i;

	if (sc == NULL)
		return;
	for (i = 0; i < sc->nt; i++) {
		fr_fpset_free(sc->sh[i].set);
		free(sc->sh[i].first);
	}
	memset(sc->key, 0, sizeof sc->key);
	free(sc);
}
