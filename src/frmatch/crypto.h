/*
 * crypto.h — frmatch's cryptography: AES-256-GCM records, HMAC-SHA256
 * keyed hashes, SHA-256, randomness, constant-time comparison and the
 * secret files (store key, organisation secret, serve token).
 *
 * Only crypto.c includes OpenSSL. Buffers are caller-owned.
 */
#ifndef FM_CRYPTO_H
#define FM_CRYPTO_H

#include <stddef.h>

#include "frmatch/fm.h"

#define FM_KEY_LEN	32	/* AES-256 */
#define FM_NONCE_LEN	12	/* 96-bit GCM nonce (NIST SP 800-38D 8.2) */
#define FM_TAG_LEN	16
#define FM_SEAL_OVERHEAD (FM_NONCE_LEN + FM_TAG_LEN)
#define FM_HASH_LEN	32

/* Fill buf with n bytes from the OpenSSL CSPRNG. 0 or FR_ECRYPTO. */
int fm_random(void *buf, size_t n);

/*
 * Encrypt n bytes: out receives nonce || ciphertext || tag, that is
 * n + FM_SEAL_OVERHEAD bytes. A fresh random nonce every call. The AAD
 * binds the record to its place (store id, table, row), so a record
 * copied elsewhere fails to open.
 */
int fm_seal(const unsigned char key[FM_KEY_LEN], const void *aad,
    size_t aadlen, const void *pt, size_t n, unsigned char *out);
/* Decrypt and authenticate; pt receives inlen - FM_SEAL_OVERHEAD bytes. */
int fm_open(const unsigned char key[FM_KEY_LEN], const void *aad,
    size_t aadlen, const unsigned char *in, size_t inlen, void *pt);

void fm_hmac(const void *key, size_t keylen, const void *msg, size_t n,
    unsigned char out[FM_HASH_LEN]);
void fm_sha256(const void *msg, size_t n, unsigned char out[FM_HASH_LEN]);
/* 1 when equal; time independent of where they differ. */
int fm_memeq(const void *a, const void *b, size_t n);
void fm_cleanse(void *p, size_t n);

/*
 * Read a secret file under the library's rules (core/secret.h: no
 * symbolic link, owned by the user or root, mode 0600 or stricter).
 * Trailing CR/LF are stripped. At least min and at most max bytes.
 * *out is the caller's (free it after fm_cleanse).
 */
int fm_secret_read(const char *path, size_t min, size_t max,
    unsigned char **out, size_t *len, struct fm_err *);
/* Create path with 32 random bytes as 64 hex digits, mode 0600, O_EXCL. */
int fm_key_create(const char *path, struct fm_err *);
/* Read a key file made by fm_key_create into key. */
int fm_key_read(const char *path, unsigned char key[FM_KEY_LEN],
    struct fm_err *);

#endif
