/*
 * test_fmscan.c — the 1:N scan kernel against a naive double-precision
 * scan: every dimension class (multiple of 16 or not), batches of 1 to 37
 * probes, threads, top-k order, thresholds and ties.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "frmatch/scan.c"

static float
rnd(uint64_t *x)
{
	*x = *x * 6364136223846793005ULL + 1442695040888963407ULL;
	return (float)((double)(*x >> 11) / 9007199254740992.0 - 0.5);
}

/* The naive answer: for probe q, the k best rows (score desc, row asc). */
static int
naive_cmp(const void *a, const void *b)
{
	const struct fm_hit *x = a, *y = b;

	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return (x->row > y->row) - (x->row < y->row);
}

static void
check(size_t n, size_t dim, size_t nq, size_t k, float thr, int threads)
{
	struct fm_matrix m;
	struct fm_hit *hits, *ref, *all;
	size_t *nh, *nref, i, q, want;
	float *v, *probes;
	uint64_t x = n * 131 + dim * 7 + nq;

	fm_matrix_init(&m, dim);
	v = fr_xmalloc(dim * sizeof *v);
	for (i = 0; i < n; i++) {
		size_t j;

		for (j = 0; j < dim; j++)
			v[j] = rnd(&x);
		fm_matrix_add(&m, v);
	}
	assert_int_equal(m.stride % 16, 0);
	assert_int_equal((uintptr_t)m.data % 64, 0);
	assert_true(posix_memalign((void **)&probes, 64,
	    nq * m.stride * sizeof(float)) == 0);
	memset(probes, 0, nq * m.stride * sizeof(float));
	for (q = 0; q < nq; q++) {
		/* Some probes are stored rows: exact self-matches. */
		if (q % 3 == 0 && n > 0)
			memcpy(probes + q * m.stride, m.data + (q * 7 % n) *
			    m.stride, m.stride * sizeof(float));
		else {
			for (i = 0; i < dim; i++)
				probes[q * m.stride + i] = rnd(&x);
			fm_normalise(probes + q * m.stride, dim);
		}
	}
	hits = fr_xcalloc(nq * k + 1, sizeof *hits);
	ref = fr_xcalloc(nq * k + 1, sizeof *ref);
	nh = fr_xcalloc(nq + 1, sizeof *nh);
	nref = fr_xcalloc(nq + 1, sizeof *nref);
	all = fr_xcalloc(n + 1, sizeof *all);
	fm_scan(&m, probes, nq, k, thr, threads, hits, nh);
	fm_scan_reference(&m, probes, nq, k, thr, ref, nref);
	for (q = 0; q < nq; q++) {
		size_t c = 0;

		for (i = 0; i < n; i++) {
			float s = fm_dot(m.data + i * m.stride,
			    probes + q * m.stride, dim);

			if (s >= thr) {
				all[c].score = s;
				all[c++].row = (uint32_t)i;
			}
		}
		qsort(all, c, sizeof *all, naive_cmp);
		want = c < k ? c : k;
		assert_int_equal(nh[q], want);
		assert_int_equal(nref[q], want);
		for (i = 0; i < want; i++) {
			/* Float sums differ in order: compare with tolerance,
			 * and rows only where scores are clearly apart. */
			assert_true(fabsf(hits[q * k + i].score - all[i].score)
			    < 1e-4f);
			assert_true(fabsf(ref[q * k + i].score - all[i].score)
			    < 1e-4f);
			if ((i == 0 || all[i - 1].score - all[i].score > 1e-3f)
			    && (i + 1 == c || all[i].score - all[i + 1].score >
			    1e-3f))
				assert_int_equal(hits[q * k + i].row,
				    all[i].row);
			if (i > 0)
				assert_true(hits[q * k + i - 1].score >=
				    hits[q * k + i].score);
		}
		if (q % 3 == 0 && n > 0 && thr < 0.99f && k > 0) {
			assert_int_equal(hits[q * k].row, q * 7 % n);
			assert_true(fabsf(hits[q * k].score - 1.0f) < 1e-4f);
		}
	}
	free(all);
	free(nref);
	free(nh);
	free(ref);
	free(hits);
	free(probes);
	free(v);
	fm_matrix_release(&m);
}

static void
test_fmscan__kernel_vs_naive(void **state)
{
	static const struct {
		size_t n, dim, nq, k;
		float thr;
		int threads;
	} rows[] = {
		{ 1, 64, 1, 1, -1.0f, 1 },	/* one row */
		{ 10, 64, 1, 20, -1.0f, 1 },	/* k > n */
		{ 10, 64, 6, 20, -1.0f, 1 },	/* k > n, several probes */
		{ 100, 65, 3, 5, -1.0f, 1 },	/* dim not a multiple of 16 */
		{ 257, 100, 4, 10, -1.0f, 1 },	/* one 4-probe group */
		{ 1000, 128, 5, 7, -1.0f, 2 },	/* 4 + 1 probes */
		{ 1000, 128, 16, 3, 0.0f, 2 },	/* a full batch, threshold */
		{ 5000, 96, 17, 4, -1.0f, 2 },	/* two passes, two threads */
		{ 9000, 512, 2, 10, -1.0f, 2 },
		{ 4097, 2048, 37, 2, 0.05f, 3 },	/* three passes */
		{ 300, 64, 6, 5, 0.99f, 1 },	/* only self-matches pass */
		{ 0, 64, 2, 5, -1.0f, 1 },	/* empty store */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++)
		check(rows[i].n, rows[i].dim, rows[i].nq, rows[i].k,
		    rows[i].thr, rows[i].threads);
}

static void
test_fmscan__every_isa(void **state)
{
	static const char *isas[] = { "portable", "avx2", "avx512" };
	size_t i;

	(void)state;
	for (i = 0; i < 3; i++) {
		setenv("FRMATCH_ISA", isas[i], 1);
		check(3000, 192, 9, 5, -1.0f, 2);
	}
	unsetenv("FRMATCH_ISA");
	assert_non_null(fm_scan_isa());
	/* A name that is no kernel's is ignored: the CPU's own pick. */
	setenv("FRMATCH_ISA", "sse9", 1);
	{
		char *bogus = strdup(fm_scan_isa());

		unsetenv("FRMATCH_ISA");
		assert_string_equal(bogus, fm_scan_isa());
		free(bogus);
	}
	setenv("FRMATCH_ISA", "portable", 1);
	assert_string_equal(fm_scan_isa(), "portable");
	unsetenv("FRMATCH_ISA");
}

static void
test_fmscan__ties_and_normalise(void **state)
{
	struct fm_matrix m;
	struct fm_hit hits[4];
	size_t nh;
	float v[64] = { 0 }, p[64] = { 0 };

	(void)state;
	fm_matrix_init(&m, 64);
	v[0] = 3;
	fm_matrix_add(&m, v);	/* rows 0..3 identical */
	fm_matrix_add(&m, v);
	fm_matrix_add(&m, v);
	v[1] = 100;
	fm_matrix_add(&m, v);
	assert_true(fabsf(fm_dot(m.data, m.data, 64) - 1.0f) < 1e-6f);
	p[0] = 1;
	fm_scan(&m, p, 1, 3, -1, 1, hits, &nh);
	assert_int_equal(nh, 3);
	assert_int_equal(hits[0].row, 0);
	assert_int_equal(hits[1].row, 1);
	assert_int_equal(hits[2].row, 2);
	fm_scan(&m, p, 1, 0, -1, 1, hits, &nh);
	assert_int_equal(nh, 0);
	fm_matrix_release(&m);
}

/*
 * Issue 15: a stored template of denormals (accepted by earlier versions)
 * scaled to infinity and scored NaN against every probe, and NaN was
 * taken as a match. In every kernel and in verify's best score, NaN and
 * infinity are no match.
 */
static void
test_fmscan__nan_is_no_match(void **state)
{
	static const char *isas[] = { "portable", "avx2", "avx512" };
	struct fm_matrix m;
	struct fm_hit hits[8];
	size_t nh, i, j;
	float v[64], *p, *row;
	uint64_t x = 42;

	(void)state;
	fm_matrix_init(&m, 64);
	for (i = 0; i < 3; i++) {
		for (j = 0; j < 64; j++)
			v[j] = rnd(&x);
		fm_matrix_add(&m, v);
	}
	for (j = 0; j < 64; j++)
		v[j] = 1e-40f;
	row = fm_matrix_add(&m, v);		/* row 3: the wildcard */
	assert_true(isnan(row[0]));
	row = fm_matrix_push(&m);		/* row 4: infinities */
	for (j = 0; j < 64; j++)
		row[j] = INFINITY;
	assert_true(posix_memalign((void **)&p, 64, m.stride * sizeof *p) ==
	    0);
	memset(p, 0, m.stride * sizeof *p);
	for (j = 0; j < 64; j++)
		p[j] = rnd(&x);
	fm_normalise(p, 64);
	for (i = 0; i < 3; i++) {
		setenv("FRMATCH_ISA", isas[i], 1);
		fm_scan(&m, p, 1, 5, 0.99f, 1, hits, &nh);
		assert_int_equal(nh, 0);
		fm_scan(&m, p, 1, 5, -1, 1, hits, &nh);
		assert_int_equal(nh, 3);
		for (j = 0; j < nh; j++)
			assert_true(hits[j].row < 3);
	}
	unsetenv("FRMATCH_ISA");
	fm_scan_reference(&m, p, 1, 5, 0.99f, hits, &nh);
	assert_int_equal(nh, 0);
	fm_scan_reference(&m, p, 1, 5, -1, hits, &nh);
	assert_int_equal(nh, 3);
	/* verify's rule: the best finite score, NaN never a match. */
	assert_false(fm_score_ok(NAN, -1));
	assert_false(fm_score_ok(INFINITY, 0.5f));
	assert_true(fm_score_ok(0.6f, 0.5f));
	assert_true(isfinite(fm_best_score(&m, p)));
	/* Only the wildcard left (copied to row 0). */
	memcpy(m.data, m.data + 3 * m.stride, m.stride * sizeof(float));
	m.n = 1;
	assert_true(isnan(fm_best_score(&m, p)));
	assert_false(fm_score_ok(fm_best_score(&m, p), -1));
	m.n = 5;
	free(p);
	fm_matrix_release(&m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fmscan__kernel_vs_naive),
		cmocka_unit_test(test_fmscan__every_isa),
		cmocka_unit_test(test_fmscan__ties_and_normalise),
		cmocka_unit_test(test_fmscan__nan_is_no_match),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
