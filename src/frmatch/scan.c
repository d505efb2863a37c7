/*
 * scan.c — the 1:N scan kernel (see scan.h).
 *
 * The kernel is written once with GCC/Clang vector extensions (16 floats,
 * one cache line) and instantiated per instruction set with target
 * attributes; the choice is made once at run time with
 * __builtin_cpu_supports, so a build without -march=native still uses
 * AVX-512 or AVX2+FMA where the CPU has them.
 */
#include "frmatch/scan.h"
#include "core/fr.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BATCH	16	/* probes per pass over the data */
#define BLOCK	128	/* rows scored before the top-k update */
#define TILE	8	/* rows that stay in L1 while the probes pass */

typedef float v16 __attribute__((vector_size(64), may_alias));

void
fm_matrix_init(struct fm_matrix *m, size_t dim)
{
	memset(m, 0, sizeof *m);
	m->dim = dim;
	m->stride = (dim + 15) / 16 * 16;
}

void
fm_matrix_reserve(struct fm_matrix *m, size_t cap)
{
	float *p;
	size_t bytes;

	if (cap <= m->cap)
		return;
	bytes = cap * m->stride * sizeof(float);
	if (posix_memalign((void **)&p, 64, bytes) != 0) {
		fputs("frmatch: out of memory\n", stderr);
		abort();
	}
	if (m->n > 0)
		memcpy(p, m->data, m->n * m->stride * sizeof(float));
	free(m->data);
	m->data = p;
	m->cap = cap;
}

float *
fm_matrix_add(struct fm_matrix *m, const float *v)
{
	float *row;

	if (m->n == m->cap)
		fm_matrix_reserve(m, m->cap < 1024 ? 1024 : m->cap * 2);
	row = m->data + m->n * m->stride;
	memset(row, 0, m->stride * sizeof(float));
	memcpy(row, v, m->dim * sizeof(float));
	fm_normalise(row, m->dim);
	m->n++;
	return row;
}

void
fm_matrix_release(struct fm_matrix *m)
{
	if (m->data != NULL)
		memset(m->data, 0, m->cap * m->stride * sizeof(float));
	free(m->data);
	memset(m, 0, sizeof *m);
}

void
fm_normalise(float *v, size_t dim)
{
	double s = 0;
	size_t i;

	for (i = 0; i < dim; i++)
		s += (double)v[i] * v[i];
	if (s <= 0)
		return;
	s = 1.0 / sqrt(s);
	for (i = 0; i < dim; i++)
		v[i] = (float)(v[i] * s);
}

float
fm_dot(const float *a, const float *b, size_t dim)
{
	double s = 0;
	size_t i;

	for (i = 0; i < dim; i++)
		s += (double)a[i] * b[i];
	return (float)s;
}

typedef float v8 __attribute__((vector_size(32)));
typedef float v4 __attribute__((vector_size(16)));

/* Sum of the 16 lanes by halving (3 vector adds instead of 15 scalar). */
static inline __attribute__((always_inline)) float
hsum(const v16 *a)
{
	v8 h = __builtin_shufflevector(*a, *a, 0, 1, 2, 3, 4, 5, 6, 7) +
	    __builtin_shufflevector(*a, *a, 8, 9, 10, 11, 12, 13, 14, 15);
	v4 q = __builtin_shufflevector(h, h, 0, 1, 2, 3) +
	    __builtin_shufflevector(h, h, 4, 5, 6, 7);

	return (q[0] + q[2]) + (q[1] + q[3]);
}

/*
 * s[r*nq + j] = <row r, probe j> for nrows rows and nq <= BATCH probes.
 * Groups of four probes share each load of a row (register blocking),
 * two rows at a time when the instruction set has registers to spare;
 * a probe left over (or a lone probe) takes four rows at a time, so four
 * independent chains hide the FMA latency.
 */
static inline __attribute__((always_inline)) void
kern_body(const float *x, size_t stride, size_t nrows, const float *q,
    size_t nq, float *s, int two_rows)
{
	size_t r, t, te, j, k, nv = stride / 16, nq4 = nq / 4 * 4;

	/*
	 * Tiles of TILE rows: the tile stays in L1 while each group of four
	 * probes passes over it, so probes are not re-fetched per row.
	 */
	for (t = 0; t < nrows && nq4 > 0; t = te) {
		te = t + TILE < nrows ? t + TILE : nrows;
		for (j = 0; j < nq4; j += 4) {
			const v16 *q0 = (const v16 *)(q + j * stride);
			const v16 *q1 = q0 + nv, *q2 = q1 + nv, *q3 = q2 + nv;

			r = t;
			if (two_rows) {
				for (; r + 2 <= te; r += 2) {
					const v16 *x0 = (const v16 *)(x +
					    r * stride);
					const v16 *x1 = x0 + nv;
					v16 a0 = {0}, a1 = {0}, a2 = {0},
					    a3 = {0};
					v16 b0 = {0}, b1 = {0}, b2 = {0},
					    b3 = {0};

					for (k = 0; k < nv; k++) {
						v16 u = x0[k], w = x1[k], p;

						p = q0[k]; a0 += u * p;
						b0 += w * p;
						p = q1[k]; a1 += u * p;
						b1 += w * p;
						p = q2[k]; a2 += u * p;
						b2 += w * p;
						p = q3[k]; a3 += u * p;
						b3 += w * p;
					}
					s[r * nq + j] = hsum(&a0);
					s[r * nq + j + 1] = hsum(&a1);
					s[r * nq + j + 2] = hsum(&a2);
					s[r * nq + j + 3] = hsum(&a3);
					s[(r + 1) * nq + j] = hsum(&b0);
					s[(r + 1) * nq + j + 1] = hsum(&b1);
					s[(r + 1) * nq + j + 2] = hsum(&b2);
					s[(r + 1) * nq + j + 3] = hsum(&b3);
				}
			}
			for (; r < te; r++) {
				const v16 *x0 = (const v16 *)(x + r * stride);
				v16 a0 = {0}, a1 = {0}, a2 = {0}, a3 = {0};

				for (k = 0; k < nv; k++) {
					v16 u = x0[k];

					a0 += u * q0[k];
					a1 += u * q1[k];
					a2 += u * q2[k];
					a3 += u * q3[k];
				}
				s[r * nq + j] = hsum(&a0);
				s[r * nq + j + 1] = hsum(&a1);
				s[r * nq + j + 2] = hsum(&a2);
				s[r * nq + j + 3] = hsum(&a3);
			}
		}
	}
	for (j = nq4; j < nq; j++) {
		const v16 *q0 = (const v16 *)(q + j * stride);

		for (r = 0; r + 4 <= nrows; r += 4) {
			const v16 *x0 = (const v16 *)(x + r * stride);
			const v16 *x1 = x0 + nv, *x2 = x1 + nv, *x3 = x2 + nv;
			v16 a0 = {0}, a1 = {0}, a2 = {0}, a3 = {0};

			for (k = 0; k < nv; k++) {
				v16 p = q0[k];

				a0 += x0[k] * p;
				a1 += x1[k] * p;
				a2 += x2[k] * p;
				a3 += x3[k] * p;
			}
			s[r * nq + j] = hsum(&a0);
			s[(r + 1) * nq + j] = hsum(&a1);
			s[(r + 2) * nq + j] = hsum(&a2);
			s[(r + 3) * nq + j] = hsum(&a3);
		}
		for (; r < nrows; r++) {
			const v16 *x0 = (const v16 *)(x + r * stride);
			v16 a0 = {0};

			for (k = 0; k < nv; k++)
				a0 += x0[k] * q0[k];
			s[r * nq + j] = hsum(&a0);
		}
	}
}

typedef void kern_fn(const float *, size_t, size_t, const float *, size_t,
    float *);

static void
kern_portable(const float *x, size_t stride, size_t nrows, const float *q,
    size_t nq, float *s)
{
	kern_body(x, stride, nrows, q, nq, s, 0);
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define HAVE_X86_CLONES 1
__attribute__((target("avx2,fma"))) static void
kern_avx2(const float *x, size_t stride, size_t nrows, const float *q,
    size_t nq, float *s)
{
	kern_body(x, stride, nrows, q, nq, s, 0);
}

__attribute__((target("avx512f,fma"))) static void
kern_avx512(const float *x, size_t stride, size_t nrows, const float *q,
    size_t nq, float *s)
{
	kern_body(x, stride, nrows, q, nq, s, 1);
}
#endif

static kern_fn *
pick_kernel(const char **name)
{
	const char *env = getenv("FRMATCH_ISA");

#ifdef HAVE_X86_CLONES
	__builtin_cpu_init();
	if ((env == NULL || strcmp(env, "avx512") == 0) &&
	    __builtin_cpu_supports("avx512f") &&
	    __builtin_cpu_supports("fma")) {
		*name = "avx512";
		return kern_avx512;
	}
	if ((env == NULL || strcmp(env, "portable") != 0) &&
	    __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
		*name = "avx2";
		return kern_avx2;
	}
#else
	(void)env;
#endif
	*name = "portable";
	return kern_portable;
}

const char *
fm_scan_isa(void)
{
	const char *name;

	pick_kernel(&name);
	return name;
}

int
fm_ncpu(void)
{
	const char *env = getenv("FRMATCH_THREADS");
	long long v;
	long n;

	if (env != NULL && fr_parse_ll(env, 1, 64, &v) == FR_OK)
		return (int)v;
	n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		n = 1;
	return n > 64 ? 64 : (int)n;
}

/* A min-heap of the best k hits so far for one probe. */
struct topk {
	struct fm_hit *h;
	size_t n, k;
};

/* a is worse than b: lower score, or equal score and later row. */
static int
worse(const struct fm_hit *a, const struct fm_hit *b)
{
	return a->score < b->score || (a->score == b->score && a->row > b->row);
}

static void
topk_push(struct topk *t, float score, uint32_t row)
{
	struct fm_hit x = { score, row }, tmp;
	size_t i, c;

	if (t->n < t->k) {
		i = t->n++;
		t->h[i] = x;
		while (i > 0 && worse(&t->h[i], &t->h[(i - 1) / 2])) {
			tmp = t->h[i];
			t->h[i] = t->h[(i - 1) / 2];
			t->h[(i - 1) / 2] = tmp;
			i = (i - 1) / 2;
		}
		return;
	}
	if (!worse(&t->h[0], &x))
		return;
	t->h[0] = x;
	for (i = 0;;) {
		c = 2 * i + 1;
		if (c >= t->n)
			break;
		if (c + 1 < t->n && worse(&t->h[c + 1], &t->h[c]))
			c++;
		if (!worse(&t->h[c], &t->h[i]))
			break;
		tmp = t->h[i];
		t->h[i] = t->h[c];
		t->h[c] = tmp;
		i = c;
	}
}

static int
hit_cmp(const void *a, const void *b)
{
	const struct fm_hit *x = a, *y = b;

	if (worse(y, x))
		return -1;
	if (worse(x, y))
		return 1;
	return 0;
}

struct job {
	const struct fm_matrix *m;
	const float *probes;
	size_t nq, k, r0, r1;
	float min_score;
	kern_fn *kern;
	struct topk *tk;	/* nq heaps, each k hits */
};

static void *
run_job(void *arg)
{
	struct job *jb = arg;
	const struct fm_matrix *m = jb->m;
	float *s = fr_xmalloc(BLOCK * BATCH * sizeof *s);
	size_t q0, nb, r, b, j;

	for (q0 = 0; q0 < jb->nq; q0 += BATCH) {
		nb = jb->nq - q0 < BATCH ? jb->nq - q0 : BATCH;
		for (r = jb->r0; r < jb->r1; r += BLOCK) {
			size_t nr = jb->r1 - r < BLOCK ? jb->r1 - r : BLOCK;

			jb->kern(m->data + r * m->stride, m->stride, nr,
			    jb->probes + q0 * m->stride, nb, s);
			for (b = 0; b < nr; b++)
				for (j = 0; j < nb; j++) {
					float v = s[b * nb + j];
					struct topk *t = &jb->tk[q0 + j];

					if (v < jb->min_score)
						continue;
					if (t->n == t->k && v < t->h[0].score)
						continue;
					topk_push(t, v, (uint32_t)(r + b));
				}
		}
	}
	free(s);
	return NULL;
}

static void
scan(const struct fm_matrix *m, const float *probes, size_t nq, size_t k,
    float min_score, int nthreads, kern_fn *kern, struct fm_hit *hits,
    size_t *nhits)
{
	struct job *jobs;
	pthread_t *tid;
	struct fm_hit *pool;
	size_t t, q, i, per, nt;
	int *started;
	float *pq;

	if (nq == 0)
		return;
	if (k == 0 || m->n == 0) {
		for (q = 0; q < nq; q++)
			nhits[q] = 0;
		return;
	}
	if (k > m->n)
		k = m->n;
	/* The kernel's aligned loads need the probes on a cache line. */
	if (posix_memalign((void **)&pq, 64, nq * m->stride * sizeof *pq) != 0)
		abort();
	memcpy(pq, probes, nq * m->stride * sizeof *pq);
	probes = pq;
	nt = nthreads <= 0 ? (size_t)fm_ncpu() : (size_t)nthreads;
	/* Below a few thousand rows a thread costs more than it saves. */
	if (m->n < 4096)
		nt = 1;
	jobs = fr_xcalloc(nt, sizeof *jobs);
	tid = fr_xcalloc(nt, sizeof *tid);
	started = fr_xcalloc(nt, sizeof *started);
	pool = fr_xcalloc(nt * nq * k, sizeof *pool);
	per = (m->n + nt - 1) / nt;
	per = (per + 15) / 16 * 16;
	for (t = 0; t < nt; t++) {
		jobs[t].m = m;
		jobs[t].probes = probes;
		jobs[t].nq = nq;
		jobs[t].k = k;
		jobs[t].r0 = t * per < m->n ? t * per : m->n;
		jobs[t].r1 = (t + 1) * per < m->n ? (t + 1) * per : m->n;
		jobs[t].min_score = min_score;
		jobs[t].kern = kern;
		jobs[t].tk = fr_xcalloc(nq, sizeof *jobs[t].tk);
		for (q = 0; q < nq; q++) {
			jobs[t].tk[q].h = pool + (t * nq + q) * k;
			jobs[t].tk[q].k = k;
		}
	}
	for (t = 1; t < nt; t++)
		started[t] = pthread_create(&tid[t], NULL, run_job,
		    &jobs[t]) == 0;
	run_job(&jobs[0]);
	for (t = 1; t < nt; t++) {
		if (started[t])
			pthread_join(tid[t], NULL);
		else
			run_job(&jobs[t]);	/* no thread: do it here */
	}
	/* Merge the per-thread heaps, best first. */
	for (q = 0; q < nq; q++) {
		struct topk all = { hits + q * k, 0, k };

		for (t = 0; t < nt; t++)
			for (i = 0; i < jobs[t].tk[q].n; i++)
				topk_push(&all, jobs[t].tk[q].h[i].score,
				    jobs[t].tk[q].h[i].row);
		qsort(all.h, all.n, sizeof *all.h, hit_cmp);
		nhits[q] = all.n;
	}
	for (t = 0; t < nt; t++)
		free(jobs[t].tk);
	free(pool);
	free(pq);
	free(started);
	free(tid);
	free(jobs);
}

void
fm_scan(const struct fm_matrix *m, const float *probes, size_t nq, size_t k,
    float min_score, int nthreads, struct fm_hit *hits, size_t *nhits)
{
	const char *name;

	scan(m, probes, nq, k, min_score, nthreads, pick_kernel(&name), hits,
	    nhits);
}

void
fm_scan_reference(const struct fm_matrix *m, const float *probes, size_t nq,
    size_t k, float min_score, struct fm_hit *hits, size_t *nhits)
{
	scan(m, probes, nq, k, min_score, 1, kern_portable, hits, nhits);
}
