/*
 * scan.h — the 1:N scan: decrypted, unit-length templates in one
 * contiguous 64-byte aligned array, scored against a batch of probes by
 * cosine similarity (a dot product of unit vectors).
 *
 * 1:N identification reads n*dim floats per pass, so memory bandwidth is
 * the limit: rows are padded to 16 floats (one cache line) and several
 * probes share each pass over the data. Both cores work on disjoint row
 * ranges; the SIMD width is chosen at run time (AVX-512, AVX2+FMA or the
 * portable build) so the binary runs on any x86-64 and elsewhere.
 */
#ifndef FM_SCAN_H
#define FM_SCAN_H

#include <stddef.h>
#include <stdint.h>

struct fm_matrix {
	float *data;	/* n rows of stride floats, zero padded, aligned */
	size_t n, dim, stride, cap;
};

void fm_matrix_init(struct fm_matrix *, size_t dim);
void fm_matrix_reserve(struct fm_matrix *, size_t cap);
/* Append a copy of v (dim floats) scaled to unit length; returns the row. */
float *fm_matrix_add(struct fm_matrix *, const float *v);
/*
 * Append a row for the caller to fill with dim floats in place (its
 * padding is zeroed); then fm_normalise it. Saves a copy when loading.
 */
float *fm_matrix_push(struct fm_matrix *);
void fm_matrix_release(struct fm_matrix *);

/*
 * Scale v to unit length in place; a v that cannot be scaled (all zeros,
 * denormal, overflowing) is set to NaN, which never matches.
 */
void fm_normalise(float *v, size_t dim);
/*
 * 1 when score counts as a match at threshold: at least the threshold
 * and no more than a cosine can be. NaN is never a match.
 */
int fm_score_ok(float score, float threshold);
/* The best finite score of v against m's rows; NaN when none is finite. */
float fm_best_score(const struct fm_matrix *m, const float *v);
/* Plain dot product, for checks and 1:1. */
float fm_dot(const float *a, const float *b, size_t dim);

struct fm_hit {
	float score;
	uint32_t row;
};

/*
 * Score nq probes (nq rows of m->stride floats, unit length, padding
 * zero) against every row; for each probe keep the best k rows with
 * score >= min_score, best first (ties: lower row first). hits holds
 * nq*k entries, nhits[q] the number found for probe q. nthreads <= 0
 * means one per online CPU.
 */
void fm_scan(const struct fm_matrix *m, const float *probes, size_t nq,
    size_t k, float min_score, int nthreads, struct fm_hit *hits,
    size_t *nhits);

/* The same through the portable kernel only, one thread (for tests). */
void fm_scan_reference(const struct fm_matrix *m, const float *probes,
    size_t nq, size_t k, float min_score, struct fm_hit *hits,
    size_t *nhits);

/* Which kernel fm_scan uses on this CPU: "avx512", "avx2" or "portable". */
const char *fm_scan_isa(void);

#endif
