/*
 * test_fmcrypto.c — frmatch's AES-256-GCM records: roundtrip, tamper,
 * wrong key, wrong associated data, fresh nonces; HMAC and SHA-256
 * against published vectors; secret-file rules.
 *
 * The module is compiled in (it belongs to the frmatch program, not to
 * libfr).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "frmatch/crypto.c"
#include "frmatch/fmutil.c"

static const unsigned char key1[FM_KEY_LEN] = "0123456789abcdef0123456789abcde";
static const unsigned char key2[FM_KEY_LEN] = "0123456789abcdef0123456789abcdX";

static void
test_fmcrypto__roundtrip(void **state)
{
	static const size_t sizes[] = { 0, 1, 15, 16, 17, 256, 8192 };
	unsigned char pt[8192], ct[8192 + FM_SEAL_OVERHEAD], back[8192];
	size_t i, j;

	(void)state;
	for (i = 0; i < sizeof pt; i++)
		pt[i] = (unsigned char)(i * 31 + 7);
	for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		size_t n = sizes[i];

		assert_int_equal(fm_seal(key1, "aad", 3, pt, n, ct), FR_OK);
		assert_int_equal(fm_open(key1, "aad", 3, ct,
		    n + FM_SEAL_OVERHEAD, back), FR_OK);
		assert_memory_equal(back, pt, n);
		/* Every byte position, flipped, is caught. */
		for (j = 0; j < n + FM_SEAL_OVERHEAD; j += n / 8 + 1) {
			ct[j] ^= 0x40;
			assert_int_equal(fm_open(key1, "aad", 3, ct,
			    n + FM_SEAL_OVERHEAD, back), FR_ECRYPTO);
			ct[j] ^= 0x40;
		}
		assert_int_equal(fm_open(key2, "aad", 3, ct,
		    n + FM_SEAL_OVERHEAD, back), FR_ECRYPTO);
		assert_int_equal(fm_open(key1, "aae", 3, ct,
		    n + FM_SEAL_OVERHEAD, back), FR_ECRYPTO);
		assert_int_equal(fm_open(key1, "aad", 2, ct,
		    n + FM_SEAL_OVERHEAD, back), FR_ECRYPTO);
		if (n > 0)
			assert_int_equal(fm_open(key1, "aad", 3, ct,
			    n + FM_SEAL_OVERHEAD - 1, back), FR_ECRYPTO);
	}
	assert_int_equal(fm_open(key1, NULL, 0, ct, 5, back), FR_ECRYPTO);
}

static void
test_fmcrypto__fresh_nonce(void **state)
{
	unsigned char a[32 + FM_SEAL_OVERHEAD], b[32 + FM_SEAL_OVERHEAD];

	(void)state;
	assert_int_equal(fm_seal(key1, NULL, 0, "same plaintext, same key!!!!!!!",
	    32, a), FR_OK);
	assert_int_equal(fm_seal(key1, NULL, 0, "same plaintext, same key!!!!!!!",
	    32, b), FR_OK);
	assert_memory_not_equal(a, b, FM_NONCE_LEN);
	assert_memory_not_equal(a + FM_NONCE_LEN, b + FM_NONCE_LEN, 32);
}

static void
test_fmcrypto__vectors(void **state)
{
	/* RFC 4231 test case 2 and the SHA-256 of "abc" (FIPS 180-2). */
	static const struct { const char *key, *msg, *hex; } rows[] = {
		{ "Jefe", "what do ya want for nothing?",
		  "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843" },
	};
	unsigned char h[FM_HASH_LEN];
	char hex[2 * FM_HASH_LEN + 1];

	(void)state;
	fm_hmac(rows[0].key, strlen(rows[0].key), rows[0].msg,
	    strlen(rows[0].msg), h);
	fr_hex(h, sizeof h, hex);
	assert_string_equal(hex, rows[0].hex);
	fm_sha256("abc", 3, h);
	fr_hex(h, sizeof h, hex);
	assert_string_equal(hex,
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	assert_true(fm_memeq("abcd", "abcd", 4));
	assert_false(fm_memeq("abcd", "abce", 4));
}

static void
test_fmcrypto__secret_files(void **state)
{
	char dir[] = "/tmp/fmcrypto.XXXXXX", path[64], kpath[64], lpath[64];
	unsigned char *s, key[FM_KEY_LEN];
	struct fm_err e;
	size_t len;
	FILE *fp;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/secret", dir);
	snprintf(kpath, sizeof kpath, "%s/key", dir);
	fp = fopen(path, "w");
	fputs("0123456789abcdef-secret\r\n\n", fp);
	fclose(fp);
	chmod(path, 0600);
	assert_int_equal(fm_secret_read(path, 16, 64, &s, &len, &e), FR_OK);
	assert_int_equal(len, 23);
	assert_memory_equal(s, "0123456789abcdef-secret", 23);
	free(s);
	assert_int_equal(fm_secret_read(path, 30, 64, &s, &len, &e),
	    FR_EINVAL);
	assert_int_equal(fm_secret_read(path, 1, 10, &s, &len, &e), FR_EINVAL);
	chmod(path, 0640);
	assert_int_equal(fm_secret_read(path, 16, 64, &s, &len, &e),
	    FR_EINVAL);
	assert_non_null(strstr(e.msg, "group or others"));
	chmod(path, 0604);
	assert_int_equal(fm_secret_read(path, 16, 64, &s, &len, &e),
	    FR_EINVAL);
	assert_int_equal(fm_secret_read(dir, 16, 64, &s, &len, &e),
	    FR_EINVAL);
	/* A symbolic link to a good secret is refused (O_NOFOLLOW). */
	chmod(path, 0600);
	snprintf(lpath, sizeof lpath, "%s/link", dir);
	assert_int_equal(symlink(path, lpath), 0);
	assert_int_equal(fm_secret_read(lpath, 16, 64, &s, &len, &e), FR_EIO);
	assert_non_null(strstr(e.msg, "symbolic link"));
	unlink(lpath);
	/* Owned by another user (not root): refused. Only root can give a
	 * file away, so the case runs when the suite runs as root. */
	if (geteuid() == 0 && chown(path, 12345, 12345) == 0) {
		assert_int_equal(fm_secret_read(path, 16, 64, &s, &len, &e),
		    FR_EINVAL);
		assert_non_null(strstr(e.msg, "owned by uid 12345"));
		assert_int_equal(chown(path, 0, 0), 0);
		assert_int_equal(fm_secret_read(path, 16, 64, &s, &len, &e),
		    FR_OK);
		free(s);
	}

	assert_int_equal(fm_key_create(kpath, &e), FR_OK);
	assert_int_equal(fm_key_create(kpath, &e), FR_EIO);	/* O_EXCL */
	assert_int_equal(fm_key_read(kpath, key, &e), FR_OK);
	unlink(kpath);
	unlink(path);
	rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fmcrypto__roundtrip),
		cmocka_unit_test(test_fmcrypto__fresh_nonce),
		cmocka_unit_test(test_fmcrypto__vectors),
		cmocka_unit_test(test_fmcrypto__secret_files),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
