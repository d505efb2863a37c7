// faiss_peer.cpp — frmatch's 1:N scan kernel side by side with FAISS
// IndexFlatIP (Debian's libfaiss-dev) on the same data, in one run.
//
//   faiss_peer N DIM [SECONDS]
//
// N random unit vectors of DIM floats (seeded), 1 probe and 16 probes at a
// time, top 10 by inner product (= cosine on unit vectors). Prints queries
// per second for both, their ratio, the data rate (passes over the N*DIM
// floats per second), a plain read of the same array as the machine's
// attainable read bandwidth, and how often both agree on the top hit.
// Both sides use every online CPU (OpenMP for FAISS, pthreads for frmatch).
#ifndef NO_FAISS
#include <faiss/IndexFlat.h>
#include <omp.h>
#endif

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <thread>
#include <vector>

extern "C" {
#include "frmatch/scan.h"
}

static double
now()
{
	return std::chrono::duration<double>(
	    std::chrono::steady_clock::now().time_since_epoch()).count();
}

typedef float v8 __attribute__((vector_size(32), may_alias));

// A read-only pass: the bandwidth a scan could at best reach.
__attribute__((target("avx2"))) static float
read_avx2(const float *p, size_t n)
{
	v8 a = {0}, b = {0}, c = {0}, d = {0};
	const v8 *v = (const v8 *)p;
	size_t i;

	for (i = 0; i + 4 <= n / 8; i += 4) {
		a += v[i];
		b += v[i + 1];
		c += v[i + 2];
		d += v[i + 3];
	}
	a += b + c + d;
	return a[0] + a[7];
}

static double
read_bandwidth(const float *p, size_t n, int threads, double secs)
{
	double t0 = now(), t;
	size_t passes = 0;
	volatile float sink = 0;

	do {
		std::vector<std::thread> th;
		std::vector<float> part(threads);
		size_t per = (n / threads) / 64 * 64;

		for (int i = 0; i < threads; i++)
			th.emplace_back([&, i] {
				part[i] = read_avx2(p + i * per, per);
			});
		for (auto &x : th)
			x.join();
		for (float f : part)
			sink = sink + f;
		passes++;
		t = now() - t0;
	} while (t < secs || passes < 3);
	return (double)passes * n * sizeof(float) / t / 1e9;
}

int
main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: faiss_peer N DIM [SECONDS]\n");
		return 2;
	}
	size_t n = strtoul(argv[1], NULL, 10), dim = strtoul(argv[2], NULL, 10);
	double secs = argc > 3 ? atof(argv[3]) : 2.0;
	const size_t k = 10, nprobe_pool = 256;
	int threads = fm_ncpu();

#ifndef NO_FAISS
	omp_set_num_threads(threads);
#endif
	std::mt19937_64 rng(12345);
	std::normal_distribution<float> g(0, 1);
	std::vector<float> data(n * dim), probes(nprobe_pool * dim);
	for (size_t i = 0; i < n; i++) {
		double s = 0;
		for (size_t j = 0; j < dim; j++) {
			float x = g(rng);
			data[i * dim + j] = x;
			s += (double)x * x;
		}
		for (size_t j = 0; j < dim; j++)
			data[i * dim + j] /= (float)std::sqrt(s);
	}
	// Probes: noisy copies of stored rows (a face seen again).
	for (size_t q = 0; q < nprobe_pool; q++) {
		size_t row = (q * 7919) % n;
		double s = 0;
		for (size_t j = 0; j < dim; j++) {
			float x = data[row * dim + j] + 0.3f / std::sqrt((float)dim) * g(rng);
			probes[q * dim + j] = x;
			s += (double)x * x;
		}
		for (size_t j = 0; j < dim; j++)
			probes[q * dim + j] /= (float)std::sqrt(s);
	}

	struct fm_matrix m;
	fm_matrix_init(&m, dim);
	fm_matrix_reserve(&m, n);
	for (size_t i = 0; i < n; i++)
		fm_matrix_add(&m, &data[i * dim]);
	std::vector<float> padded(nprobe_pool * m.stride, 0.0f);
	for (size_t q = 0; q < nprobe_pool; q++)
		memcpy(&padded[q * m.stride], &probes[q * dim], dim * sizeof(float));

#ifndef NO_FAISS
	faiss::IndexFlatIP index(dim);
	index.add(n, data.data());
	const char *peer = "1.7 IndexFlatIP";
#else
	const char *peer = "not built (libfaiss-dev missing)";
#endif

	double bytes = (double)n * dim * sizeof(float);
	double bw = read_bandwidth(m.data, n * m.stride, threads, secs / 2);
	printf("data %zu x %zu float32 = %.0f MB, %d threads, kernel %s, "
	    "faiss %s\n", n, dim, bytes / 1e6, threads, fm_scan_isa(), peer);
	printf("read bandwidth (plain read of the same array): %.1f GB/s\n", bw);
	printf("%-7s %12s %12s %7s %10s %10s\n", "batch", "frmatch q/s",
	    "faiss q/s", "ratio", "fm GB/s", "faiss GB/s");

	for (size_t batch : { (size_t)1, (size_t)16 }) {
		std::vector<fm_hit> hits(batch * k);
		std::vector<size_t> nh(batch);
		size_t agree = 0, compared = 0;
		double fm_qps, fa_qps = 0;

		// frmatch
		size_t done = 0, q0 = 0;
		double t0 = now(), t;
		do {
			fm_scan(&m, &padded[q0 * m.stride], batch, k, -2.0f, 0,
			    hits.data(), nh.data());
			done += batch;
			q0 = (q0 + batch) % (nprobe_pool - batch + 1);
			t = now() - t0;
		} while (t < secs || done < 3 * batch);
		fm_qps = done / t;
#ifndef NO_FAISS
		std::vector<float> D(batch * k);
		std::vector<faiss::Index::idx_t> I(batch * k);
		// faiss
		done = 0;
		q0 = 0;
		t0 = now();
		do {
			index.search(batch, &probes[q0 * dim], k, D.data(),
			    I.data());
			done += batch;
			q0 = (q0 + batch) % (nprobe_pool - batch + 1);
			t = now() - t0;
		} while (t < secs || done < 3 * batch);
		fa_qps = done / t;
		// Do both find the same best row?
		for (q0 = 0; q0 + batch <= 64; q0 += batch) {
			fm_scan(&m, &padded[q0 * m.stride], batch, k, -2.0f, 0,
			    hits.data(), nh.data());
			index.search(batch, &probes[q0 * dim], k, D.data(),
			    I.data());
			for (size_t q = 0; q < batch; q++, compared++)
				agree += (faiss::Index::idx_t)hits[q * k].row == I[q * k];
		}
#endif
		// Data rate: passes over the whole array per second (one pass
		// serves a whole batch in frmatch; FAISS's flat search below
		// its BLAS threshold of 20 scans per query).
		printf("%-7zu %12.1f %12.1f %7.2f %10.1f %10.1f   top-1 agree "
		    "%zu/%zu\n", batch, fm_qps, fa_qps, fa_qps > 0 ?
		    fm_qps / fa_qps : 0.0,
		    fm_qps / batch * bytes / 1e9, fa_qps / batch * bytes / 1e9,
		    agree, compared);
		fflush(stdout);
	}
	fm_matrix_release(&m);
	return 0;
}
