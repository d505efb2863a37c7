/*
 * fuzz_textenc.c — libFuzzer target for encoding detection and
 * conversion (textenc.h) and the binary sniffing beside it (countsrc.h).
 * The first byte names the encoding (none, GBK, UTF-16LE, UTF-8). What
 * comes out is always UTF-8; data said to be UTF-8 converts to nothing;
 * a failure always says why; nothing may crash or leak.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/countsrc.h"
#include "core/fr.h"
#include "core/textenc.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const enc[] = { NULL, "GBK", "UTF-16LE", "UTF-8" };
	const char *p = (const char *)data + 1, *used, *forced;
	char *out = NULL, *err = NULL;
	size_t len, outlen, bad = 0;
	enum fr_srcfmt f;
	int rc, valid, partial;

	if (size < 1)
		return 0;
	forced = enc[data[0] & 3];
	len = size - 1;
	valid = fr_utf8_valid(p, len, 0, &bad);
	partial = fr_utf8_valid(p, len, 1, NULL);
	if (valid && !partial)
		abort();	/* whole and valid is valid as a start too */
	if (!valid && bad >= len + 1)
		abort();
	rc = fr_text_to_utf8(p, len, forced, &out, &outlen, &used, &err);
	if (rc == FR_OK) {
		if (err != NULL || used == NULL)
			abort();
		if (out != NULL && !fr_utf8_valid(out, outlen, 0, NULL))
			abort();	/* converted text is UTF-8 */
		if (out != NULL && forced == NULL && valid)
			abort();	/* UTF-8 is used as it is */
	} else if (err == NULL || out != NULL)
		abort();
	(void)fr_text_needs_converting(p, len, forced);
	(void)fr_src_binary(p, len, &f);
	(void)fr_src_maybe_damaged(p, len);
	(void)fr_src_damaged_id(p, len);
	free(out);
	free(err);
	return 0;
}
