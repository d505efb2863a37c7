/*
 * hmac.h — the one wrapper around the crypto library that frfile needs:
 * SHA-256, HMAC-SHA256 (one-shot, and keyed once for hashing millions of
 * person ids) and base64 for webhook signatures.
 *
 * Ownership: struct fr_hmac is opaque, made by fr_hmac_new and freed by
 * fr_hmac_free (NULL is a no-op); fr_hmac_sum only reads it, so several
 * threads may share one. fr_base64 returns a string the caller frees.
 */
#ifndef FR_HMAC_H
#define FR_HMAC_H

#include <stddef.h>

#define FR_SHA256_LEN 32

struct fr_hmac;

struct fr_hmac *fr_hmac_new(const void *key, size_t keylen);
void fr_hmac_free(struct fr_hmac *);
void fr_hmac_sum(const struct fr_hmac *, const void *msg, size_t len,
    unsigned char out[FR_SHA256_LEN]);

void fr_hmac_sha256(const void *key, size_t keylen, const void *msg,
    size_t len, unsigned char out[FR_SHA256_LEN]);
void fr_sha256(const void *data, size_t len, unsigned char out[FR_SHA256_LEN]);

/* Standard base64 (RFC 4648 section 4) with padding. */
char *fr_base64(const unsigned char *in, size_t len);

/*
 * The person key of docs/facts.md, the one contract by which frfile
 * counts and frmatch publishes persons: HMAC-SHA256 of the person id's
 * bytes under the organisation secret. k is fr_hmac_new(secret).
 */
void fr_person_key(const struct fr_hmac *k, const void *id, size_t len,
    unsigned char out[FR_SHA256_LEN]);

/*
 * The secret id frmatch puts in facts documents: the first 16 hex digits
 * of SHA-256 of the organisation secret (docs/facts.md). out: 17 bytes.
 */
void fr_secret_id(const void *secret, size_t len, char out[17]);

#endif
