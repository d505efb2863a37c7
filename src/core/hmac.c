/*
 * hmac.c — SHA-256, HMAC-SHA256 and base64 through OpenSSL; the only
 * frfile library module that includes OpenSSL headers.
 *
 * Counting hashes every person id of an export (tens of millions of rows)
 * under the organisation secret. A generic HMAC call re-derives the key
 * pads each time; here the inner and outer SHA-256 states are computed
 * once (RFC 2104: H(K^opad || H(K^ipad || m))) and copied per id, which is
 * two compression-function calls for a short id. The low-level SHA256_*
 * interface is deprecated in OpenSSL 3 but still provided, and it is the
 * only one whose state can be copied without allocating.
 */
#define OPENSSL_SUPPRESS_DEPRECATED 1
#include "core/hmac.h"
#include "core/fr.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <stdlib.h>
#include <string.h>

struct fr_hmac {
	SHA256_CTX inner;	/* state after absorbing K ^ ipad */
	SHA256_CTX outer;	/* state after absorbing K ^ opad */
};

/* Keys h: the SHA-256 states after K ^ ipad and K ^ opad (RFC 2104). */
static void
hmac_key(struct fr_hmac *h, const void *key, size_t keylen)
{
	unsigned char k[SHA256_CBLOCK], pad[SHA256_CBLOCK];
	size_t i;

	memset(k, 0, sizeof k);
	if (keylen > sizeof k)
		SHA256(key, keylen, k);	/* RFC 2104: long keys are hashed */
	else if (keylen > 0)
		memcpy(k, key, keylen);
	for (i = 0; i < sizeof pad; i++)
		pad[i] = k[i] ^ 0x36;
	SHA256_Init(&h->inner);
	SHA256_Update(&h->inner, pad, sizeof pad);
	for (i = 0; i < sizeof pad; i++)
		pad[i] = k[i] ^ 0x5c;
	SHA256_Init(&h->outer);
	SHA256_Update(&h->outer, pad, sizeof pad);
	OPENSSL_cleanse(k, sizeof k);
	OPENSSL_cleanse(pad, sizeof pad);
}

struct fr_hmac *
fr_hmac_new(const void *key, size_t keylen)
{
	struct fr_hmac *h = fr_xcalloc(1, sizeof *h);

	hmac_key(h, key, keylen);
	return h;
}

void
fr_hmac_free(struct fr_hmac *h)
{
	if (h == NULL)
		return;
	OPENSSL_cleanse(h, sizeof *h);
	free(h);
}

void
fr_hmac_sum(const struct fr_hmac *h, const void *msg, size_t len,
    unsigned char out[FR_SHA256_LEN])
{
	SHA256_CTX c;
	unsigned char ih[SHA256_DIGEST_LENGTH];

	c = h->inner;
	SHA256_Update(&c, msg, len);
	SHA256_Final(ih, &c);
	c = h->outer;
	SHA256_Update(&c, ih, sizeof ih);
	SHA256_Final(out, &c);
}

void
fr_person_key(const struct fr_hmac *k, const void *id, size_t len,
    unsigned char out[FR_SHA256_LEN])
{
	fr_hmac_sum(k, id, len, out);
}

/*
 * One message: the same computation as fr_hmac_sum, without EVP, whose
 * first use loads a provider and costs a short-lived process more than
 * the hash itself.
 */
void
fr_hmac_sha256(const void *key, size_t keylen, const void *msg, size_t len,
    unsigned char out[FR_SHA256_LEN])
{
	struct fr_hmac h;

	hmac_key(&h, key, keylen);
	fr_hmac_sum(&h, msg, len, out);
	OPENSSL_cleanse(&h, sizeof h);
}

void
fr_sha256(const void *data, size_t len, unsigned char out[FR_SHA256_LEN])
{
	SHA256(data, len, out);
}

char *
fr_base64(const unsigned char *in, size_t len)
{
	char *out = fr_xmalloc(4 * ((len + 2) / 3) + 1);

	EVP_EncodeBlock((unsigned char *)out, in, (int)len);
	return out;
}

void
fr_secret_id(const void *secret, size_t len, char out[17])
{
	unsigned char d[FR_SHA256_LEN];
	char hex[2 * FR_SHA256_LEN + 1];

	fr_sha256(secret, len, d);
	fr_hex(d, sizeof d, hex);
	memcpy(out, hex, 16);
	out[16] = '\0';
}
