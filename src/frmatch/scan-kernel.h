/*
 * scan-kernel.h — the scan kernel, written once and included by scan.c
 * once per instruction set, with:
 *   KNAME   the function's name
 *   KATTR   its target attribute (or nothing)
 *   KVEC    the vector type (16, 8 or 4 floats: the native width)
 *   KLANES  floats in KVEC
 *   KHSUM   the lane sum for KVEC (takes a pointer)
 *   KWIDE   2: 4x4 register blocks (32 registers), 1: 2x4 (16 registers)
 *
 * s[r*nq + j] = <row r, probe j> for nrows rows and nq <= BATCH probes.
 * Groups of four probes share each load of a row (register blocking)
 * over tiles of TILE rows that stay in L1; a probe left over (or a lone
 * probe) takes four rows at a time, so four independent chains hide the
 * FMA latency. Rows and probes are padded to 16 floats: no tails.
 */
KATTR static void
KNAME(const float *x, size_t stride, size_t nrows, const float *q, size_t nq,
    float *s)
{
	size_t r, t, te, j, k, u, w, nv = stride / KLANES, nq4 = nq / 4 * 4;

	for (t = 0; t < nrows && nq4 > 0; t = te) {
		te = t + TILE < nrows ? t + TILE : nrows;
		for (j = 0; j < nq4; j += 4) {
			const KVEC *q0 = (const KVEC *)(q + j * stride);
			const KVEC *q1 = q0 + nv, *q2 = q1 + nv, *q3 = q2 + nv;

			r = t;
#if KWIDE >= 2
			for (; r + 4 <= te; r += 4) {
				const KVEC *x0 = (const KVEC *)(x + r * stride);
				const KVEC *x1 = x0 + nv, *x2 = x1 + nv,
				    *x3 = x2 + nv;
				KVEC a[4][4];

				memset(a, 0, sizeof a);
				for (k = 0; k < nv; k++) {
					KVEC r0 = x0[k], r1 = x1[k], r2 = x2[k],
					    r3 = x3[k], p;

					p = q0[k];
					a[0][0] += r0 * p; a[1][0] += r1 * p;
					a[2][0] += r2 * p; a[3][0] += r3 * p;
					p = q1[k];
					a[0][1] += r0 * p; a[1][1] += r1 * p;
					a[2][1] += r2 * p; a[3][1] += r3 * p;
					p = q2[k];
					a[0][2] += r0 * p; a[1][2] += r1 * p;
					a[2][2] += r2 * p; a[3][2] += r3 * p;
					p = q3[k];
					a[0][3] += r0 * p; a[1][3] += r1 * p;
					a[2][3] += r2 * p; a[3][3] += r3 * p;
				}
				for (u = 0; u < 4; u++)
					for (w = 0; w < 4; w++)
						s[(r + u) * nq + j + w] =
						    KHSUM(&a[u][w]);
			}
#endif
#if KWIDE >= 1
			for (; r + 2 <= te; r += 2) {
				const KVEC *x0 = (const KVEC *)(x + r * stride);
				const KVEC *x1 = x0 + nv;
				KVEC a[2][4];

				memset(a, 0, sizeof a);
				for (k = 0; k < nv; k++) {
					KVEC r0 = x0[k], r1 = x1[k], p;

					p = q0[k];
					a[0][0] += r0 * p; a[1][0] += r1 * p;
					p = q1[k];
					a[0][1] += r0 * p; a[1][1] += r1 * p;
					p = q2[k];
					a[0][2] += r0 * p; a[1][2] += r1 * p;
					p = q3[k];
					a[0][3] += r0 * p; a[1][3] += r1 * p;
				}
				for (u = 0; u < 2; u++)
					for (w = 0; w < 4; w++)
						s[(r + u) * nq + j + w] =
						    KHSUM(&a[u][w]);
			}
#endif
			for (; r < te; r++) {
				const KVEC *x0 = (const KVEC *)(x + r * stride);
				KVEC a0 = {0}, a1 = {0}, a2 = {0}, a3 = {0};

				for (k = 0; k < nv; k++) {
					KVEC r0 = x0[k];

					a0 += r0 * q0[k];
					a1 += r0 * q1[k];
					a2 += r0 * q2[k];
					a3 += r0 * q3[k];
				}
				s[r * nq + j] = KHSUM(&a0);
				s[r * nq + j + 1] = KHSUM(&a1);
				s[r * nq + j + 2] = KHSUM(&a2);
				s[r * nq + j + 3] = KHSUM(&a3);
			}
		}
	}
	for (j = nq4; j < nq; j++) {
		const KVEC *q0 = (const KVEC *)(q + j * stride);

		for (r = 0; r + 4 <= nrows; r += 4) {
			const KVEC *x0 = (const KVEC *)(x + r * stride);
			const KVEC *x1 = x0 + nv, *x2 = x1 + nv, *x3 = x2 + nv;
			KVEC a0 = {0}, a1 = {0}, a2 = {0}, a3 = {0};

			for (k = 0; k < nv; k++) {
				KVEC p = q0[k];

				a0 += x0[k] * p;
				a1 += x1[k] * p;
				a2 += x2[k] * p;
				a3 += x3[k] * p;
			}
			s[r * nq + j] = KHSUM(&a0);
			s[(r + 1) * nq + j] = KHSUM(&a1);
			s[(r + 2) * nq + j] = KHSUM(&a2);
			s[(r + 3) * nq + j] = KHSUM(&a3);
		}
		for (; r < nrows; r++) {
			const KVEC *x0 = (const KVEC *)(x + r * stride);
			KVEC a0 = {0};

			for (k = 0; k < nv; k++)
				a0 += x0[k] * q0[k];
			s[r * nq + j] = KHSUM(&a0);
		}
	}
}

#undef KNAME
#undef KATTR
#undef KVEC
#undef KLANES
#undef KHSUM
#undef KWIDE
