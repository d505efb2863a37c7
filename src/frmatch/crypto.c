/*
 * crypto.c — the one module that talks to OpenSSL 3 (EVP, HMAC, RAND).
 *
 * Templates and person ids are sealed with AES-256-GCM: authenticated
 * encryption, so a wrong key or an edited row is detected instead of
 * producing garbage scores (Measures Art. 14 asks for encryption of
 * stored facial information; GB/T 35273 6.3 for identifiers).
 */
#include "frmatch/crypto.h"
#include "core/fr.h"
#include "core/hmac.h"
#include "core/secret.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

int
fm_random(void *buf, size_t n)
{
	return RAND_bytes(buf, (int)n) == 1 ? FR_OK : FR_ECRYPTO;
}

static EVP_CIPHER *gcm_cipher;

/*
 * Fetches AES-256-GCM once for the process: EVP_aes_256_gcm() would be
 * looked up in the provider again on every seal and open.
 */
static void
gcm_fetch(void)
{
	gcm_cipher = EVP_CIPHER_fetch(NULL, "AES-256-GCM", NULL);
}

/* The cipher for fm_seal and fm_open; NULL makes both fail. */
static const EVP_CIPHER *
gcm(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, gcm_fetch);
	return gcm_cipher;
}

int
fm_seal(const unsigned char key[FM_KEY_LEN], const void *aad, size_t aadlen,
    const void *pt, size_t n, unsigned char *out)
{
	EVP_CIPHER_CTX *c;
	int len, rc = FR_ECRYPTO;

	if (fm_random(out, FM_NONCE_LEN) != FR_OK)
		return FR_ECRYPTO;
	if ((c = EVP_CIPHER_CTX_new()) == NULL)
		return FR_ECRYPTO;
	if (EVP_EncryptInit_ex(c, gcm(), NULL, key, out) != 1)
		goto out;
	if (aadlen > 0 && EVP_EncryptUpdate(c, NULL, &len, aad,
	    (int)aadlen) != 1)
		goto out;
	if (EVP_EncryptUpdate(c, out + FM_NONCE_LEN, &len, pt, (int)n) != 1)
		goto out;
	if (EVP_EncryptFinal_ex(c, out + FM_NONCE_LEN + len, &len) != 1)
		goto out;
	if (EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, FM_TAG_LEN,
	    out + FM_NONCE_LEN + n) != 1)
		goto out;
	rc = FR_OK;
out:
	EVP_CIPHER_CTX_free(c);
	return rc;
}

int
fm_open(const unsigned char key[FM_KEY_LEN], const void *aad, size_t aadlen,
    const unsigned char *in, size_t inlen, void *pt)
{
	EVP_CIPHER_CTX *c;
	unsigned char tag[FM_TAG_LEN];
	size_t n;
	int len, rc = FR_ECRYPTO;

	if (inlen < FM_SEAL_OVERHEAD)
		return FR_ECRYPTO;
	n = inlen - FM_SEAL_OVERHEAD;
	memcpy(tag, in + FM_NONCE_LEN + n, FM_TAG_LEN);
	if ((c = EVP_CIPHER_CTX_new()) == NULL)
		return FR_ECRYPTO;
	if (EVP_DecryptInit_ex(c, gcm(), NULL, key, in) != 1)
		goto out;
	if (aadlen > 0 && EVP_DecryptUpdate(c, NULL, &len, aad,
	    (int)aadlen) != 1)
		goto out;
	if (EVP_DecryptUpdate(c, pt, &len, in + FM_NONCE_LEN, (int)n) != 1)
		goto out;
	if (EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_TAG, FM_TAG_LEN, tag) != 1)
		goto out;
	if (EVP_DecryptFinal_ex(c, (unsigned char *)pt + len, &len) != 1) {
		/* Never hand back unauthenticated plaintext. */
		OPENSSL_cleanse(pt, n);
		goto out;
	}
	rc = FR_OK;
out:
	EVP_CIPHER_CTX_free(c);
	return rc;
}

/* The library's HMAC-SHA256 and SHA-256 (core/hmac.c): one of each. */
void
fm_hmac(const void *key, size_t keylen, const void *msg, size_t n,
    unsigned char out[FM_HASH_LEN])
{
	fr_hmac_sha256(key, keylen, msg, n, out);
}

void
fm_sha256(const void *msg, size_t n, unsigned char out[FM_HASH_LEN])
{
	fr_sha256(msg, n, out);
}

int
fm_memeq(const void *a, const void *b, size_t n)
{
	return CRYPTO_memcmp(a, b, n) == 0;
}

void
fm_cleanse(void *p, size_t n)
{
	if (p != NULL)
		OPENSSL_cleanse(p, n);
}

/* The library's reader (core/secret.c) with frmatch's error buffer. */
int
fm_secret_read(const char *path, size_t min, size_t max, unsigned char **out,
    size_t *lenp, struct fm_err *e)
{
	char *buf = NULL, *err = NULL;
	int rc;

	rc = fr_secret_read(path, min, max, 0, &buf, lenp, &err);
	if (rc != FR_OK) {
		fm_seterr(e, "%s", err);
		free(err);
		return rc;
	}
	*out = (unsigned char *)buf;
	return FR_OK;
}

int
fm_key_create(const char *path, struct fm_err *e)
{
	unsigned char key[FM_KEY_LEN];
	char hex[2 * FM_KEY_LEN + 2];
	int rc = FR_EIO;

	if (fm_random(key, sizeof key) != FR_OK) {
		fm_seterr(e, "no randomness available");
		return FR_ECRYPTO;
	}
	fr_hex(key, sizeof key, hex);
	hex[2 * FM_KEY_LEN] = '\n';
	hex[2 * FM_KEY_LEN + 1] = '\0';
	if (fr_write_file_new(path, hex, 2 * FM_KEY_LEN + 1, 0600) != FR_OK) {
		fm_seterr(e, "%s: cannot create key file: %s", path,
		    strerror(errno));
		goto out;
	}
	rc = FR_OK;
out:
	OPENSSL_cleanse(key, sizeof key);
	OPENSSL_cleanse(hex, sizeof hex);
	return rc;
}

int
fm_key_read(const char *path, unsigned char key[FM_KEY_LEN], struct fm_err *e)
{
	unsigned char *buf;
	size_t len;
	int rc;

	rc = fm_secret_read(path, 2 * FM_KEY_LEN, 2 * FM_KEY_LEN, &buf, &len,
	    e);
	if (rc != FR_OK)
		return rc;
	if (fr_unhex((const char *)buf, FM_KEY_LEN, key) != FR_OK) {
		fm_seterr(e, "%s: not a key file (expected 64 hex digits)",
		    path);
		rc = FR_EINVAL;
	}
	OPENSSL_cleanse(buf, len);
	free(buf);
	return rc;
}
