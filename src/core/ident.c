/*
 * ident.c — check characters and shapes of the identifiers in a filing.
 * The algorithms are those of GB 32100-2015 (USCC), GB 11714-1997
 * (organisation code) and GB 11643-1999 (citizen identity number); see
 * ident.h. The only file that includes pcre2.h.
 */
#define PCRE2_CODE_UNIT_WIDTH 8

#include "core/ident.h"
#include "core/date.h"
#include "core/fr.h"

#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

/* GB 32100: the 31 characters of the code, in value order (no I O Z S V). */
static const char uscc_set[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
static const int uscc_w[17] = {
	1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28
};
static const int org_w[8] = { 3, 7, 9, 10, 5, 8, 4, 2 };
static const int rid_w[17] = {
	7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2
};

/*
 * The value of a character of a unified social credit code (GB 32100), or -1
 * when it is not one of the 31.
 */
static int
uscc_value(char c)
{
	const char *p;

	if (c == '\0' || (p = strchr(uscc_set, c)) == NULL)
		return -1;
	return (int)(p - uscc_set);
}

char
fr_uscc_check_char(const char *s)
{
	int i, sum = 0, v, c;

	for (i = 0; i < 17; i++) {
		if ((v = uscc_value(s[i])) < 0)
			return '\0';
		sum += v * uscc_w[i];
	}
	c = 31 - sum % 31;
	return uscc_set[c == 31 ? 0 : c];
}

char
fr_orgcode_check_char(const char *s)
{
	int i, sum = 0, v, c;

	for (i = 0; i < 8; i++) {
		/* GB 11714: digits are themselves, A=10 ... Z=35. */
		if (s[i] >= '0' && s[i] <= '9')
			v = s[i] - '0';
		else if (s[i] >= 'A' && s[i] <= 'Z')
			v = s[i] - 'A' + 10;
		else
			return '\0';
		sum += v * org_w[i];
	}
	c = 11 - sum % 11;
	if (c == 10)
		return 'X';
	if (c == 11)
		return '0';
	return (char)('0' + c);
}

char
fr_resident_id_check_char(const char *s)
{
	int i, sum = 0;

	for (i = 0; i < 17; i++) {
		if (s[i] < '0' || s[i] > '9')
			return '\0';
		sum += (s[i] - '0') * rid_w[i];
	}
	return "10X98765432"[sum % 11];
}

/* Fills *r (when not NULL) with a check's outcome; returns its status. */
static enum fr_ident_status
result(struct fr_ident_result *r, enum fr_ident_status st, int pos, char got,
    char expected, size_t length)
{
	if (r != NULL) {
		r->status = st;
		r->pos = pos;
		r->got = got;
		r->expected = expected;
		r->length = length;
	}
	return st;
}

enum fr_ident_status
fr_uscc_check(const char *s, struct fr_ident_result *r)
{
	size_t n = strlen(s);
	int i;
	char c;

	if (n != 18)
		return result(r, FR_IDENT_LENGTH, 0, 0, 0, n);
	for (i = 0; i < 18; i++)
		if (uscc_value(s[i]) < 0)
			return result(r, FR_IDENT_CHARSET, i + 1, s[i], 0, n);
	/* Positions 9-17 are the organisation code, 17 its check digit. */
	c = fr_orgcode_check_char(s + 8);
	if (c != s[16])
		return result(r, FR_IDENT_ORGCODE, 17, s[16], c, n);
	c = fr_uscc_check_char(s);
	if (c != s[17])
		return result(r, FR_IDENT_CHECK, 18, s[17], c, n);
	return result(r, FR_IDENT_OK, 0, 0, 0, n);
}

enum fr_ident_status
fr_resident_id_check(const char *s, int today, struct fr_ident_result *r)
{
	size_t n = strlen(s);
	int i, y, m, d;
	char c;

	if (n != 18)
		return result(r, FR_IDENT_LENGTH, 0, 0, 0, n);
	for (i = 0; i < 17; i++)
		if (s[i] < '0' || s[i] > '9')
			return result(r, FR_IDENT_CHARSET, i + 1, s[i], 0, n);
	if (!((s[17] >= '0' && s[17] <= '9') || s[17] == 'X'))
		return result(r, FR_IDENT_CHARSET, 18, s[17], 0, n);
	y = (s[6] - '0') * 1000 + (s[7] - '0') * 100 + (s[8] - '0') * 10 +
	    (s[9] - '0');
	m = (s[10] - '0') * 10 + (s[11] - '0');
	d = (s[12] - '0') * 10 + (s[13] - '0');
	if (y < 1800 || !fr_date_valid_ymd(y, m, d))
		return result(r, FR_IDENT_BIRTHDATE, 7, 0, 0, n);
	if (fr_date_from_ymd(y, m, d) > today)
		return result(r, FR_IDENT_FUTURE, 7, 0, 0, n);
	c = fr_resident_id_check_char(s);
	if (c != s[17])
		return result(r, FR_IDENT_CHECK, 18, s[17], c, n);
	return result(r, FR_IDENT_OK, 0, 0, 0, n);
}

/* Shapes only: the numbering of these documents is not published. */
static const struct {
	const char *type;
	const char *re;
	const char *text;
} shapes[] = {
	/* Chinese (E/G + 8 digits, E + letter + 7) and foreign passports. */
	{ "passport", "[A-Z0-9]{5,17}",
	    "5 to 17 capital letters and digits" },
	/* 回乡证: H or M + 8 digits (+ 2-digit issue count on old cards). */
	{ "hk_macao_permit", "[HM][0-9]{8}([0-9]{2})?",
	    "H or M followed by 8 or 10 digits" },
	/* 台胞证: 8 digits (since 2015) or the older 10-character form. */
	{ "taiwan_permit", "[0-9]{8}|[0-9]{10}|[0-9]{8}[A-Z]{1,2}|[0-9]{10}[A-Z]",
	    "8 or 10 digits" },
	/* 2017 card: 3-letter country + 12 digits; 2023 card: 18, from 9. */
	{ "foreign_permanent_resident", "[A-Z]{3}[0-9]{12}|9[0-9]{16}[0-9X]",
	    "3 letters and 12 digits, or 18 characters starting with 9" },
};

const char *
fr_id_shape_text(const char *type)
{
	size_t i;

	if (type != NULL && strcmp(type, "resident_id") == 0)
		return "18 characters: 17 digits and a check digit or X";
	for (i = 0; type != NULL && i < sizeof shapes / sizeof shapes[0]; i++)
		if (strcmp(shapes[i].type, type) == 0)
			return shapes[i].text;
	return "a known document type";
}

enum fr_ident_status
fr_id_check(const char *type, const char *s, int today,
    struct fr_ident_result *r)
{
	size_t i;

	if (type == NULL || strcmp(type, "resident_id") == 0)
		return fr_resident_id_check(s, today, r);
	for (i = 0; i < sizeof shapes / sizeof shapes[0]; i++)
		if (strcmp(shapes[i].type, type) == 0)
			return result(r, fr_re_match(shapes[i].re, s) == 1 ?
			    FR_IDENT_OK : FR_IDENT_SHAPE, 0, 0, 0, strlen(s));
	return result(r, FR_IDENT_TYPE, 0, 0, 0, strlen(s));
}

/*
 * A character named for a message, in buf: 'A', or its byte value when not
 * printable.
 */
static const char *
charname(char c, char buf[16])
{
	unsigned char u = (unsigned char)c;

	if (u > 0x20 && u < 0x7f)
		snprintf(buf, 16, "'%c'", c);
	else
		snprintf(buf, 16, "byte 0x%02x", u);
	return buf;
}

char *
fr_ident_message(const struct fr_ident_result *r)
{
	char a[16], b[16];

	switch (r->status) {
	case FR_IDENT_OK:
		return fr_xstrdup("valid");
	case FR_IDENT_LENGTH:
		return fr_xasprintf("has %zu characters, expected 18",
		    r->length);
	case FR_IDENT_CHARSET:
		return fr_xasprintf("character %d is %s, not allowed there",
		    r->pos, charname(r->got, a));
	case FR_IDENT_ORGCODE:
		return fr_xasprintf("organisation code check digit (character "
		    "17) is %s, expected %s (GB 11714)", charname(r->got, a),
		    charname(r->expected, b));
	case FR_IDENT_CHECK:
		return fr_xasprintf("check character is %s, expected %s",
		    charname(r->got, a), charname(r->expected, b));
	case FR_IDENT_BIRTHDATE:
		return fr_xstrdup("birth date (characters 7-14) is not a "
		    "real date");
	case FR_IDENT_FUTURE:
		return fr_xstrdup("birth date (characters 7-14) is in the "
		    "future");
	case FR_IDENT_SHAPE:
		return fr_xstrdup("does not have the shape of this document");
	case FR_IDENT_TYPE:
		return fr_xstrdup("unknown document type");
	}
	return fr_xstrdup("invalid");
}

/*
 * Compiled patterns are kept for the life of the process: the validator
 * runs the same few patterns on every field. Keyed by the pattern text.
 */
struct re_cache {
	char *pattern;
	pcre2_code *code;
};
static struct re_cache cache[32];
static size_t ncache;

/*
 * The pattern compiled to match whole strings, from the cache when it is
 * there; NULL when it does not compile. When the cache is full, the caller
 * frees it.
 */
static pcre2_code *
compile(const char *pattern)
{
	size_t i;
	int err;
	PCRE2_SIZE off;
	pcre2_code *c;
	char *anchored;

	for (i = 0; i < ncache; i++)
		if (strcmp(cache[i].pattern, pattern) == 0)
			return cache[i].code;
	/* Whole-string match: the pattern is wrapped, not trusted to anchor. */
	anchored = fr_xasprintf("^(?:%s)$", pattern);
	c = pcre2_compile((PCRE2_SPTR)anchored, PCRE2_ZERO_TERMINATED,
	    PCRE2_UTF | PCRE2_DOLLAR_ENDONLY, &err, &off, NULL);
	free(anchored);
	if (c == NULL)
		return NULL;
	if (ncache < sizeof cache / sizeof cache[0]) {
		cache[ncache].pattern = fr_xstrdup(pattern);
		cache[ncache].code = c;
		ncache++;
	}
	return c;
}

int
fr_re_match(const char *pattern, const char *s)
{
	pcre2_code *c = compile(pattern);
	pcre2_match_data *md;
	int rc, cached = 0;
	size_t i;

	if (c == NULL)
		return -1;
	for (i = 0; i < ncache; i++)
		if (cache[i].code == c)
			cached = 1;
	md = pcre2_match_data_create_from_pattern(c, NULL);
	/* Input is UTF-8 checked by the loader; check again for safety. */
	rc = pcre2_match(c, (PCRE2_SPTR)s, PCRE2_ZERO_TERMINATED, 0, 0, md,
	    NULL);
	pcre2_match_data_free(md);
	if (!cached)
		pcre2_code_free(c);
	return rc >= 0 ? 1 : 0;
}

int
fr_is_mobile(const char *s)
{
	return fr_re_match("(\\+86[ -]?)?1[3-9][0-9]{9}", s) == 1;
}

int
fr_is_landline(const char *s)
{
	/* Area code 0xx or 0xxx, 7-8 digits, optional extension. */
	return fr_re_match("(\\+86[ -]?)?(0[1-9][0-9]{1,2}[ -]?|\\(0[1-9][0-9]{1,2}\\) ?)"
	    "[2-9][0-9]{6,7}([ -]?(转|ext\\.?|x|-)?[ -]?[0-9]{1,6})?", s) == 1;
}

int
fr_is_phone(const char *s)
{
	return fr_is_mobile(s) || fr_is_landline(s);
}

int
fr_is_email(const char *s)
{
	return strlen(s) <= 254 && fr_re_match(
	    "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
	    "@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+"
	    "[A-Za-z][A-Za-z0-9-]{0,61}[A-Za-z0-9]", s) == 1;
}

int
fr_is_postal_code(const char *s)
{
	return fr_re_match("[0-9]{6}", s) == 1;
}

int
fr_is_url(const char *s)
{
	return strlen(s) <= 2048 && fr_re_match(
	    "https?://[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]{1,5})?"
	    "([/?#][^\\s]*)?", s) == 1;
}

/* GB/T 2260 first two digits: the mainland provinces (see identifiers.md). */
static const struct {
	char code[3];
	const char *key;
} provinces[] = {
	{ "11", "beijing" }, { "12", "tianjin" }, { "13", "hebei" },
	{ "14", "shanxi" }, { "15", "inner_mongolia" }, { "21", "liaoning" },
	{ "22", "jilin" }, { "23", "heilongjiang" }, { "31", "shanghai" },
	{ "32", "jiangsu" }, { "33", "zhejiang" }, { "34", "anhui" },
	{ "35", "fujian" }, { "36", "jiangxi" }, { "37", "shandong" },
	{ "41", "henan" }, { "42", "hubei" }, { "43", "hunan" },
	{ "44", "guangdong" }, { "45", "guangxi" }, { "46", "hainan" },
	{ "50", "chongqing" }, { "51", "sichuan" }, { "52", "guizhou" },
	{ "53", "yunnan" }, { "54", "tibet" }, { "61", "shaanxi" },
	{ "62", "gansu" }, { "63", "qinghai" }, { "64", "ningxia" },
	{ "65", "xinjiang" },
};

const char *
fr_division_province(const char *code)
{
	size_t i;

	if (code == NULL || code[0] == '\0' || code[1] == '\0')
		return NULL;
	for (i = 0; i < sizeof provinces / sizeof provinces[0]; i++)
		if (code[0] == provinces[i].code[0] &&
		    code[1] == provinces[i].code[1])
			return provinces[i].key;
	return NULL;
}

char *
fr_mask_id(const char *s)
{
	size_t n = 0, keep, i, ch;
	const unsigned char *p;
	char *out, *o;

	for (p = (const unsigned char *)s; *p; p++)
		if ((*p & 0xc0) != 0x80)
			n++;
	if (n >= 12)
		keep = 4;
	else if (n >= 8)
		keep = 2;
	else if (n >= 4)
		keep = 1;
	else
		keep = 0;
	out = o = fr_xmalloc(strlen(s) + n + 1);
	for (p = (const unsigned char *)s, ch = 0; *p; ch++) {
		/* one character: a lead byte and its continuation bytes */
		i = 1;
		while (p[i] != '\0' && (p[i] & 0xc0) == 0x80)
			i++;
		if (ch < keep || ch >= n - keep) {
			memcpy(o, p, i);
			o += i;
		} else
			*o++ = '*';
		p += i;
	}
	*o = '\0';
	return out;
}
