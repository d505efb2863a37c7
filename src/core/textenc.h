/*
 * textenc.h — the character encoding of a text export, and its
 * conversion to UTF-8 before any id is read, so that one person's id is
 * the same bytes (and the same key) whatever system exported it.
 *
 * UTF-8 with or without a byte-order mark is used as it is; UTF-16 needs
 * its byte-order mark; bytes that are not UTF-8 are taken as GB18030
 * (which includes GBK and GB2312, what Chinese vendor systems export)
 * when they are that; any other encoding must be named (--encoding, an
 * iconv name). Conversion is glibc's iconv.
 *
 * Ownership: *out is the caller's to free; *used is static.
 */
#ifndef FR_TEXTENC_H
#define FR_TEXTENC_H

#include <stddef.h>

/*
 * Whether data is UTF-8: 1, or 0 with *bad the offset of the first byte
 * that is not. With partial, a sequence cut short by the end is fine
 * (the data is the start of more).
 */
int fr_utf8_valid(const char *data, size_t len, int partial, size_t *bad);

/*
 * Which encoding the data is in (forced: an iconv name, or NULL to
 * detect) and, when it is not UTF-8, the data in UTF-8: FR_OK with *out
 * NULL (use the data as it is) or a copy in *out (*outlen bytes); *used
 * names the encoding ("UTF-8", "UTF-8 with BOM", "UTF-16LE", "GB18030").
 * FR_EINVAL with a one-line *err (to free) when the bytes are not in
 * that encoding, naming the line.
 */
int fr_text_to_utf8(const char *data, size_t len, const char *forced,
    char **out, size_t *outlen, const char **used, char **err);

/*
 * From the start of the data only (a stream's first block): whether it
 * must be converted (1: read it whole and call fr_text_to_utf8) or is
 * UTF-8 as far as it goes (0).
 */
int fr_text_needs_converting(const char *data, size_t len,
    const char *forced);

#endif
