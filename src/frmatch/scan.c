/*
 * scan.c — the 1:N scan kernel (see scan.h).
 *
 * The kernel is written once with GCC/Clang vector extensions
 * (scan-kernel.h) and instantiated per instruction set at its native
 * width with target attributes; the choice is made at run time with
 * __builtin_cpu_supports, so a build without -march=native still uses
 * AVX-512 or AVX2+FMA where the CPU has them (FRMATCH_ISA=avx2 or
 * portable forces a narrower one, for tests and comparisons).
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
fm_matrix_push(struct fm_matrix *m)
{
	float *row;

	if (m->n == m->cap)
		fm_matrix_reserve(m, m->cap < 1024 ? 1024 : m->cap * 2);
	row = m->data + m->n * m->stride;
	memset(row + m->dim, 0, (m->stride - m->dim) * sizeof(float));
	m->n++;
	return row;
}

float *
fm_matrix_add(struct fm_matrix *m, const float *v)
{
	float *row = fm_matrix_push(m);

	memcpy(row, v, m->dim * sizeof(float));
	fm_normalise(row, m->dim);
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

/*
 * A vector whose length cannot be scaled to one in float32 (denormal
 * elements, a norm that overflows: fm_tmpl_check refuses both, but a
 * store written before that check may hold one) becomes all NaN: every
 * score against it is then NaN, and NaN is never a match (fm_score_ok).
 */
void
fm_normalise(float *v, size_t dim)
{
	double s0 = 0, s1 = 0, s2 = 0, s3 = 0, s;
	float f;
	size_t i;

	/* Four partial sums: independent chains, same result every time. */
	for (i = 0; i + 4 <= dim; i += 4) {
		s0 += (double)v[i] * v[i];
		s1 += (double)v[i + 1] * v[i + 1];
		s2 += (double)v[i + 2] * v[i + 2];
		s3 += (double)v[i + 3] * v[i + 3];
	}
	for (; i < dim; i++)
		s0 += (double)v[i] * v[i];
	s = (s0 + s1) + (s2 + s3);
	f = s > 0 ? (float)(1.0 / sqrt(s)) : 0;
	if (!(isnormal(f) && isfinite(s))) {
		for (i = 0; i < dim; i++)
			v[i] = NAN;
		return;
	}
	for (i = 0; i < dim; i++)
		v[i] *= f;
}

int
fm_score_ok(float score, float threshold)
{
	/* Written so that NaN fails: every comparison with NaN is false. */
	return score >= threshold && score <= 1.001f;
}

float
fm_best_score(const struct fm_matrix *m, const float *v)
{
	float best = NAN, sc;
	size_t i;

	for (i = 0; i < m->n; i++) {
		sc = fm_dot(m->data + i * m->stride, v, m->dim);
		if (isfinite(sc) && !(sc <= best))
			best = sc;
	}
	return best;
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

/*
 * Vector types at each native width; may_alias because they are loaded
 * from float arrays. Rows and probes are 64-byte aligned.
 */
typedef float v16 __attribute__((vector_size(64), may_alias));
typedef float v8 __attribute__((vector_size(32), may_alias));
typedef float v4 __attribute__((vector_size(16), may_alias));

/* Lane sums by halving (log2 vector adds, not a scalar chain). */
static inline __attribute__((always_inline)) float
hsum4(const v4 *a)
{
	return ((*a)[0] + (*a)[2]) + ((*a)[1] + (*a)[3]);
}

/* The sum of eight lanes: the halves added, then hsum4. */
static inline __attribute__((always_inline)) float
hsum8(const v8 *a)
{
	v4 h = __builtin_shufflevector(*a, *a, 0, 1, 2, 3) +
	    __builtin_shufflevector(*a, *a, 4, 5, 6, 7);

	return hsum4(&h);
}

/* The sum of sixteen lanes: the halves added, then hsum8. */
static inline __attribute__((always_inline)) float
hsum16(const v16 *a)
{
	v8 h = __builtin_shufflevector(*a, *a, 0, 1, 2, 3, 4, 5, 6, 7) +
	    __builtin_shufflevector(*a, *a, 8, 9, 10, 11, 12, 13, 14, 15);

	return hsum8(&h);
}

typedef void kern_fn(const float *, size_t, size_t, const float *, size_t,
    float *);

/* Portable: 4-float vectors (SSE2, NEON), 2x4 blocks. */
#define KNAME	kern_portable
#define KATTR
#define KVEC	v4
#define KLANES	4
#define KHSUM	hsum4
#define KWIDE	1
#include "frmatch/scan-kernel.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define HAVE_X86_CLONES 1
/* AVX2+FMA: 8-float vectors, 16 registers, 2x4 blocks. */
#define KNAME	kern_avx2
#define KATTR	__attribute__((target("avx2,fma")))
#define KVEC	v8
#define KLANES	8
#define KHSUM	hsum8
#define KWIDE	1
#include "frmatch/scan-kernel.h"

/* AVX-512: 16-float vectors, 32 registers, 4x4 blocks. */
#define KNAME	kern_avx512
#define KATTR	__attribute__((target("avx512f,fma")))
#define KVEC	v16
#define KLANES	16
#define KHSUM	hsum16
#define KWIDE	2
#include "frmatch/scan-kernel.h"
#endif

/* The kernel to use (FRMATCH_ISA may narrow it); its name in *name. */
static kern_fn *
pick_kernel(const char **name)
{
	const char *env = getenv("FRMATCH_ISA");

	/* Only the kernels' names narrow the choice (frmatch(1)). */
	if (env != NULL && strcmp(env, "avx512") != 0 &&
	    strcmp(env, "avx2") != 0 && strcmp(env, "portable") != 0)
		env = NULL;
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

/* Online CPUs (FRMATCH_THREADS overrides), 1..64. */
static int
ncpu(void)
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

/* Offers a hit to the heap; when full, it replaces the worst if better. */
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

/* qsort order for hits: best first (higher score, then lower row). */
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

/* Thread body: scores the job's rows against every probe, into its heaps. */
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

					/* NaN, and any score a unit
					 * vector cannot have, is no hit. */
					if (!fm_score_ok(v, jb->min_score))
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

/*
 * fm_scan with a given kernel: splits the rows among threads, each with its
 * own heaps, then merges them into hits, best first.
 */
static void
scan(const struct fm_matrix *m, const float *probes, size_t nq, size_t k,
    float min_score, int nthreads, kern_fn *kern, struct fm_hit *hits,
    size_t *nhits)
{
	struct job *jobs;
	pthread_t *tid;
	struct fm_hit *pool;
	size_t t, q, i, per, nt, kout;
	int *started;
	float *pq;

	if (nq == 0)
		return;
	if (k == 0 || m->n == 0) {
		for (q = 0; q < nq; q++)
			nhits[q] = 0;
		return;
	}
	/* hits keeps a stride of k per probe even when fewer rows exist. */
	kout = k;
	if (k > m->n)
		k = m->n;
	/* The kernel's aligned loads need the probes on a cache line. */
	if (posix_memalign((void **)&pq, 64, nq * m->stride * sizeof *pq) != 0)
		abort();
	memcpy(pq, probes, nq * m->stride * sizeof *pq);
	probes = pq;
	nt = nthreads <= 0 ? (size_t)ncpu() : (size_t)nthreads;
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
		struct topk all = { hits + q * kout, 0, k };

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
