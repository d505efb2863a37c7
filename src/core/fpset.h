/*
 * fpset.h — a set of 128-bit keyed fingerprints of byte strings, for
 * telling repeated person ids apart from new ones at the speed of an
 * export being read.
 *
 * A fingerprint is SipHash-2-4 with a 128-bit output (libsodium's
 * crypto_shorthash_siphashx24) under a key drawn at random for each run.
 * SipHash is a pseudorandom function: without the key nobody can choose
 * ids that collide, and two different ids share a fingerprint with
 * probability 2^-128 a pair (below 10^-20 for a billion distinct ids),
 * so counting distinct fingerprints counts distinct ids. It costs a sixth
 * of an HMAC-SHA256, which is why an export is de-duplicated on
 * fingerprints first and only its distinct ids are keyed (count.h).
 * Fingerprints are kept in memory only and mean nothing after the run.
 *
 * The set is an open-addressing table of 16-byte slots probed linearly at
 * a load of at most 3/4; adding a batch prefetches its slots so the
 * memory fetches overlap. Ownership: fr_fpset_free(NULL) is a no-op.
 */
#ifndef FR_FPSET_H
#define FR_FPSET_H

#include <stddef.h>
#include <stdint.h>

#define FR_FP_KEYLEN 16

struct fr_fp {
	uint64_t lo, hi;
};

/* A fresh random key. */
void fr_fp_key(unsigned char key[FR_FP_KEYLEN]);
/* The fingerprint of s[0..n) under key. */
void fr_fp(const unsigned char key[FR_FP_KEYLEN], const void *s, size_t n,
    struct fr_fp *out);

struct fr_fpset;

/* expect: how many fingerprints are likely (0: unknown); only a hint. */
struct fr_fpset *fr_fpset_new(size_t expect);
void fr_fpset_free(struct fr_fpset *);
/*
 * Add n fingerprints; isnew[i] (when isnew is not NULL) becomes 1 for
 * each one not in the set before, 0 for a repeat (a repeat within the
 * batch included). Returns how many were new.
 */
size_t fr_fpset_add(struct fr_fpset *, const struct fr_fp *fps, size_t n,
    unsigned char *isnew);
/* Distinct fingerprints in the set. */
size_t fr_fpset_size(const struct fr_fpset *);
/* Bytes the set holds. */
size_t fr_fpset_memory(const struct fr_fpset *);

#endif
