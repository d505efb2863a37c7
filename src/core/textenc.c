/*
 * textenc.c — encodings of text exports (textenc.h).
 */
#include "core/textenc.h"
#include "core/fr.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int
fr_utf8_valid(const char *data, size_t len, int partial, size_t *bad)
{
	const unsigned char *s = (const unsigned char *)data;
	size_t i = 0, need, k;
	uint64_t w;
	unsigned c, min;

	while (i < len) {
		/* Eight bytes of ASCII at a time: most exports are. */
		if (i + 8 <= len) {
			memcpy(&w, s + i, 8);
			if ((w & 0x8080808080808080ull) == 0) {
				i += 8;
				continue;
			}
		}
		c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			need = 1, min = 0x80;
		else if (c >= 0xe0 && c <= 0xef)
			need = 2, min = 0x800;
		else if (c >= 0xf0 && c <= 0xf4)
			need = 3, min = 0x10000;
		else
			goto bad;
		c &= 0x3f >> need;
		for (k = 1; k <= need; k++) {
			if (i + k >= len) {
				if (partial)
					return 1;
				goto bad;
			}
			if ((s[i + k] & 0xc0) != 0x80)
				goto bad;
			c = c << 6 | (s[i + k] & 0x3f);
		}
		/* No overlong forms, surrogates or code points past U+10FFFF. */
		if (c < min || (c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
			goto bad;
		i += need + 1;
	}
	return 1;
bad:
	if (bad != NULL)
		*bad = i;
	return 0;
}

/* The line, counted from 1, that holds byte off of data. */
static long
line_of(const char *data, size_t off)
{
	long line = 1;
	const char *p = data, *e = data + off;

	while ((p = memchr(p, '\n', (size_t)(e - p))) != NULL) {
		line++;
		p++;
	}
	return line;
}

/* Whether an encoding name means UTF-8 ("UTF-8" or "UTF8", any case). */
static int
is_utf8_name(const char *e)
{
	return strcasecmp(e, "UTF-8") == 0 || strcasecmp(e, "UTF8") == 0;
}

/* iconv the whole of data; FR_OK, or FR_EINVAL with *bad set. */
static int
convert(const char *from, const char *data, size_t len, char **out,
    size_t *outlen, size_t *bad, int *unknown)
{
	iconv_t cd;
	char *in = (char *)data, *buf, *o;
	size_t inleft = len, cap = len + len / 2 + 16, oleft, r;

	*unknown = 0;
	if ((cd = iconv_open("UTF-8", from)) == (iconv_t)-1) {
		*unknown = 1;
		return FR_EINVAL;
	}
	buf = fr_xmalloc(cap);
	o = buf;
	oleft = cap;
	for (;;) {
		r = iconv(cd, &in, &inleft, &o, &oleft);
		if (r != (size_t)-1)
			r = iconv(cd, NULL, NULL, &o, &oleft);	/* flush */
		if (r != (size_t)-1)
			break;
		if (errno == E2BIG) {
			size_t used = (size_t)(o - buf);

			cap *= 2;
			buf = fr_xrealloc(buf, cap);
			o = buf + used;
			oleft = cap - used;
			continue;
		}
		/* EILSEQ, or EINVAL: a sequence cut short at the end. */
		*bad = (size_t)(in - data);
		free(buf);
		iconv_close(cd);
		return FR_EINVAL;
	}
	iconv_close(cd);
	*out = buf;
	*outlen = (size_t)(o - buf);
	return FR_OK;
}

int
fr_text_to_utf8(const char *data, size_t len, const char *forced,
    char **out, size_t *outlen, const char **used, char **err)
{
	const unsigned char *u = (const unsigned char *)data;
	size_t bad = 0;
	int unknown;

	*out = NULL;
	*outlen = 0;
	*err = NULL;
	if (forced != NULL && !is_utf8_name(forced)) {
		*used = forced;
		if (convert(forced, data, len, out, outlen, &bad, &unknown) ==
		    FR_OK)
			return FR_OK;
		*err = unknown ? fr_xasprintf("--encoding: '%s' is not an "
		    "encoding iconv knows (iconv -l lists them)", forced) :
		    fr_xasprintf("line %ld: bytes that are not %s (at byte "
		    "%zu)", line_of(data, bad), forced, bad + 1);
		return FR_EINVAL;
	}
	if (forced == NULL && len >= 2 && u[0] == 0xff && u[1] == 0xfe)
		*used = "UTF-16LE";
	else if (forced == NULL && len >= 2 && u[0] == 0xfe && u[1] == 0xff)
		*used = "UTF-16BE";
	else
		*used = NULL;
	if (*used != NULL) {
		/* The byte-order mark itself is not converted. */
		if (convert(*used, data + 2, len - 2, out, outlen, &bad,
		    &unknown) == FR_OK)
			return FR_OK;
		*err = fr_xasprintf("bytes that are not %s after its byte-order "
		    "mark (at byte %zu)", *used, bad + 3);
		return FR_EINVAL;
	}
	if (fr_utf8_valid(data, len, 0, &bad)) {
		*used = len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0 ?
		    "UTF-8 with BOM" : "UTF-8";
		return FR_OK;
	}
	if (forced != NULL) {
		*used = "UTF-8";
		*err = fr_xasprintf("line %ld: not UTF-8 (byte %zu); give the "
		    "encoding the export was saved in with --encoding, such as "
		    "GB18030", line_of(data, bad), bad + 1);
		return FR_EINVAL;
	}
	/* Not UTF-8: GB18030, a superset of GBK and GB2312, is likeliest. */
	*used = "GB18030";
	if (convert("GB18030", data, len, out, outlen, &bad, &unknown) == FR_OK)
		return FR_OK;
	*used = "unknown";
	*err = fr_xasprintf("line %ld: neither UTF-8 nor GB18030 (byte %zu); "
	    "give the encoding the export was saved in with --encoding",
	    line_of(data, bad), bad + 1);
	return FR_EINVAL;
}

int
fr_text_needs_converting(const char *data, size_t len, const char *forced)
{
	const unsigned char *u = (const unsigned char *)data;

	if (forced != NULL)
		return !is_utf8_name(forced);
	if (len >= 2 && ((u[0] == 0xff && u[1] == 0xfe) ||
	    (u[0] == 0xfe && u[1] == 0xff)))
		return 1;
	return !fr_utf8_valid(data, len, 1, NULL);
}
