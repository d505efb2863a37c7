/*
 * json_pos.c — strict JSON scanner (RFC 8259) that records positions and
 * finds what cJSON lets through: duplicate keys, NUL characters, invalid
 * UTF-8, runaway nesting and size. See json_pos.h.
 */
#include "core/json_pos.h"
#include "core/fr.h"
#include "core/textenc.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ENCODING_ERRORS	10

struct member {
	char *key;
	size_t keylen;
	size_t order;
	int line, col;
};

struct scan {
	const unsigned char *p, *end;
	int line, col;
	const char *file;
	struct fr_diags *d;
	struct fr_jpos *nodes;
	size_t n, cap;
	char *path;
	size_t pathlen, pathcap;
	int depth;
	int failed;
	int eline, ecol;	/* where to report, when not at p (0: at p) */
};

static int scan_value(struct scan *, int key_line, int key_col);

/* Steps past the byte at p, keeping the line and column up to date. */
static void
advance(struct scan *s)
{
	/* Columns count characters: continuation bytes do not move them. */
	if (*s->p == '\n') {
		s->line++;
		s->col = 1;
	} else if ((*s->p & 0xc0) != 0x80)
		s->col++;
	s->p++;
}

/* Grows *buf so that more bytes and a NUL fit after its first *len. */
static void
path_ensure(char **buf, size_t *len, size_t *cap, size_t more)
{
	if (*len + more + 1 > *cap) {
		*cap = (*len + more + 1) * 2;
		*buf = fr_xrealloc(*buf, *cap);
	}
}

/*
 * Whether a key of n bytes is a plain identifier of at most 64 characters,
 * which a path writes after a dot.
 */
static int
is_ident(const char *k, size_t n)
{
	size_t i;

	if (n == 0 || n > 64)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)k[i];

		if (!(c == '_' || (c >= 'a' && c <= 'z') ||
		    (c >= 'A' && c <= 'Z') || (i > 0 && c >= '0' && c <= '9')))
			return 0;
	}
	return 1;
}

void
fr_json_path_key(char **buf, size_t *len, size_t *cap, const char *key,
    size_t keylen)
{
	size_t i;

	if (is_ident(key, keylen)) {
		path_ensure(buf, len, cap, keylen + 1);
		if (*len > 0)
			(*buf)[(*len)++] = '.';
		memcpy(*buf + *len, key, keylen);
		*len += keylen;
		(*buf)[*len] = '\0';
		return;
	}
	/* Odd keys are quoted so that a path never reads ambiguously. */
	path_ensure(buf, len, cap, 4);
	(*buf)[(*len)++] = '[';
	(*buf)[(*len)++] = '"';
	for (i = 0; i < keylen && i < 64; i++) {
		unsigned char c = (unsigned char)key[i];

		path_ensure(buf, len, cap, 8);
		if (c == '"' || c == '\\') {
			(*buf)[(*len)++] = '\\';
			(*buf)[(*len)++] = (char)c;
		} else if (c < 0x20 || c == 0x7f) {
			snprintf(*buf + *len, 8, "\\u%04x", c);
			*len += 6;
		} else
			(*buf)[(*len)++] = (char)c;
	}
	path_ensure(buf, len, cap, 8);
	if (i < keylen) {
		/* Do not cut a UTF-8 sequence in half. */
		while (*len > 0 && ((unsigned char)(*buf)[*len - 1] & 0xc0) == 0x80)
			(*len)--;
		if (*len > 0 && ((unsigned char)(*buf)[*len - 1] & 0xc0) == 0xc0)
			(*len)--;
		memcpy(*buf + *len, "...", 3);
		*len += 3;
	}
	(*buf)[(*len)++] = '"';
	(*buf)[(*len)++] = ']';
	(*buf)[*len] = '\0';
}

void
fr_json_path_index(char **buf, size_t *len, size_t *cap, size_t i)
{
	int n;

	path_ensure(buf, len, cap, 24);
	n = snprintf(*buf + *len, 24, "[%zu]", i);
	*len += (size_t)n;
}

static void scan_error(struct scan *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

/* Only the first syntax error is reported: what follows it is noise. */
static void
scan_error(struct scan *s, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	if (s->failed)
		return;
	s->failed = 1;
	va_start(ap, fmt);
	msg = fr_xvasprintf(fmt, ap);
	va_end(ap);
	fr_diag_add(s->d, FR_SEV_ERROR, s->file, s->path,
	    s->eline ? s->eline : s->line, s->eline ? s->ecol : s->col,
	    "json.syntax", "%s", msg);
	free(msg);
}

/*
 * Punctuation a Chinese input method types in full width where JSON
 * wants ASCII: named, with what to type instead.
 */
static const struct {
	const char *utf8, *name, *want;
} fullwidth[] = {
	{ "\xe2\x80\x9c", "a Chinese opening quotation mark '\xe2\x80\x9c'", "\"" },
	{ "\xe2\x80\x9d", "a Chinese closing quotation mark '\xe2\x80\x9d'", "\"" },
	{ "\xe2\x80\x98", "a Chinese single quotation mark '\xe2\x80\x98'", "\"" },
	{ "\xe2\x80\x99", "a Chinese single quotation mark '\xe2\x80\x99'", "\"" },
	{ "\xef\xbc\x82", "a full-width quotation mark '\xef\xbc\x82'", "\"" },
	{ "\xef\xbc\x8c", "a full-width comma '\xef\xbc\x8c'", "," },
	{ "\xe3\x80\x81", "an enumeration comma '\xe3\x80\x81'", "," },
	{ "\xef\xbc\x9a", "a full-width colon '\xef\xbc\x9a'", ":" },
	{ "\xef\xbd\x9b", "a full-width brace '\xef\xbd\x9b'", "{" },
	{ "\xef\xbd\x9d", "a full-width brace '\xef\xbd\x9d'", "}" },
	{ "\xef\xbc\xbb", "a full-width bracket '\xef\xbc\xbb'", "[" },
	{ "\xef\xbc\xbd", "a full-width bracket '\xef\xbc\xbd'", "]" },
	{ "\xe3\x80\x90", "a Chinese bracket '\xe3\x80\x90'", "[" },
	{ "\xe3\x80\x91", "a Chinese bracket '\xe3\x80\x91'", "]" },
	{ "\xe3\x80\x80", "a full-width space", " " },
};

/* A readable name for the byte at p, for "found ..." in messages. */
static const char *
found(struct scan *s, char buf[16])
{
	static char fw[160];
	size_t i;

	if (s->p >= s->end)
		return "end of input";
	for (i = 0; *s->p >= 0xe2 && i < sizeof fullwidth /
	    sizeof fullwidth[0]; i++)
		if ((size_t)(s->end - s->p) >= 3 &&
		    memcmp(s->p, fullwidth[i].utf8, 3) == 0) {
			snprintf(fw, sizeof fw, "%s: type '%s' instead (the "
			    "input method in English or half-width mode)",
			    fullwidth[i].name, fullwidth[i].want);
			return fw;
		}
	if (*s->p >= 0x21 && *s->p < 0x7f)
		snprintf(buf, 16, "'%c'", *s->p);
	else if (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' ||
	    *s->p == '\r')
		return "white space";
	else
		snprintf(buf, 16, "byte 0x%02x", *s->p);
	return buf;
}

/* Skips JSON white space: spaces, tabs, newlines and carriage returns. */
static void
skip_ws(struct scan *s)
{
	while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' ||
	    *s->p == '\n' || *s->p == '\r'))
		advance(s);
}

/*
 * Reads the four hex digits of a Unicode escape into *out; 0, or -1 after a
 * syntax error.
 */
static int
read_hex4(struct scan *s, unsigned *out)
{
	unsigned v = 0;
	int i, h;

	for (i = 0; i < 4; i++) {
		if (s->p >= s->end || (h = fr_hexval(*s->p)) < 0) {
			scan_error(s, "%s", "expected 4 hex digits after \\u");
			return -1;
		}
		v = v * 16 + (unsigned)h;
		advance(s);
	}
	*out = v;
	return 0;
}

/* Appends code point cp to *b as UTF-8, growing it as needed. */
static void
put_utf8(char **b, size_t *len, size_t *cap, unsigned cp)
{
	path_ensure(b, len, cap, 4);
	if (cp < 0x80)
		(*b)[(*len)++] = (char)cp;
	else if (cp < 0x800) {
		(*b)[(*len)++] = (char)(0xc0 | (cp >> 6));
		(*b)[(*len)++] = (char)(0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		(*b)[(*len)++] = (char)(0xe0 | (cp >> 12));
		(*b)[(*len)++] = (char)(0x80 | ((cp >> 6) & 0x3f));
		(*b)[(*len)++] = (char)(0x80 | (cp & 0x3f));
	} else {
		(*b)[(*len)++] = (char)(0xf0 | (cp >> 18));
		(*b)[(*len)++] = (char)(0x80 | ((cp >> 12) & 0x3f));
		(*b)[(*len)++] = (char)(0x80 | ((cp >> 6) & 0x3f));
		(*b)[(*len)++] = (char)(0x80 | (cp & 0x3f));
	}
}

/*
 * A string at s->p (the opening quote). With out != NULL the decoded
 * bytes are returned (for keys). UTF-8 was checked before the scan.
 */
static int
scan_string(struct scan *s, char **out, size_t *outlen)
{
	char *b = NULL;
	size_t len = 0, cap = 0;
	unsigned cp, lo;
	int el, ec;

	advance(s);	/* the quote */
	for (;;) {
		if (s->p >= s->end) {
			scan_error(s, "%s", "unterminated string");
			goto fail;
		}
		if (*s->p == '"') {
			advance(s);
			break;
		}
		if (*s->p < 0x20) {
			scan_error(s, "%s", "control character in string "
			    "(write it as an escape such as \\n)");
			goto fail;
		}
		if (*s->p != '\\') {
			if (out != NULL) {
				path_ensure(&b, &len, &cap, 1);
				b[len++] = (char)*s->p;
			}
			advance(s);
			continue;
		}
		advance(s);
		if (s->p >= s->end) {
			scan_error(s, "%s", "unterminated string");
			goto fail;
		}
		switch (*s->p) {
		case '"': cp = '"'; break;
		case '\\': cp = '\\'; break;
		case '/': cp = '/'; break;
		case 'b': cp = '\b'; break;
		case 'f': cp = '\f'; break;
		case 'n': cp = '\n'; break;
		case 'r': cp = '\r'; break;
		case 't': cp = '\t'; break;
		case 'u':
			/* problems with the code point are shown at the \ */
			el = s->line;
			ec = s->col - 1;
			advance(s);
			if (read_hex4(s, &cp) != 0)
				goto fail;
			s->eline = el;
			s->ecol = ec;
			if (cp == 0) {
				scan_error(s, "%s", "NUL character (\\u0000) "
				    "in string");
				goto fail;
			}
			if (cp >= 0xdc00 && cp <= 0xdfff) {
				scan_error(s, "%s", "lone low surrogate in "
				    "\\u escape");
				goto fail;
			}
			if (cp >= 0xd800 && cp <= 0xdbff) {
				if (s->end - s->p < 2 || s->p[0] != '\\' ||
				    s->p[1] != 'u') {
					scan_error(s, "%s", "high surrogate "
					    "not followed by a low surrogate");
					goto fail;
				}
				advance(s);
				advance(s);
				if (read_hex4(s, &lo) != 0)
					goto fail;
				if (lo < 0xdc00 || lo > 0xdfff) {
					scan_error(s, "%s", "high surrogate "
					    "not followed by a low surrogate");
					goto fail;
				}
				cp = 0x10000 + ((cp - 0xd800) << 10) +
				    (lo - 0xdc00);
			}
			s->eline = 0;
			if (out != NULL)
				put_utf8(&b, &len, &cap, cp);
			continue;
		default:
			scan_error(s, "%s", "invalid escape in string "
			    "(expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u)");
			goto fail;
		}
		if (out != NULL) {
			path_ensure(&b, &len, &cap, 1);
			b[len++] = (char)cp;
		}
		advance(s);
	}
	if (out != NULL) {
		path_ensure(&b, &len, &cap, 0);
		b[len] = '\0';
		*out = b;
		*outlen = len;
	}
	return 0;
fail:
	free(b);
	return -1;
}

/*
 * Scans a number at p by RFC 8259's grammar, refusing one longer than
 * FR_JSON_MAX_NUMBER characters; 0, or -1 after a syntax error.
 */
static int
scan_number(struct scan *s)
{
	const unsigned char *start = s->p;
	char fb[16];

	if (*s->p == '-')
		advance(s);
	if (s->p < s->end && *s->p == '0')
		advance(s);
	else if (s->p < s->end && *s->p >= '1' && *s->p <= '9')
		while (s->p < s->end && *s->p >= '0' && *s->p <= '9')
			advance(s);
	else {
		scan_error(s, "expected a digit, found %s", found(s, fb));
		return -1;
	}
	if (s->p < s->end && *s->p == '.') {
		advance(s);
		if (s->p >= s->end || *s->p < '0' || *s->p > '9') {
			scan_error(s, "expected a digit after '.', found %s",
			    found(s, fb));
			return -1;
		}
		while (s->p < s->end && *s->p >= '0' && *s->p <= '9')
			advance(s);
	}
	if (s->p < s->end && (*s->p == 'e' || *s->p == 'E')) {
		advance(s);
		if (s->p < s->end && (*s->p == '+' || *s->p == '-'))
			advance(s);
		if (s->p >= s->end || *s->p < '0' || *s->p > '9') {
			scan_error(s, "expected a digit in the exponent, "
			    "found %s", found(s, fb));
			return -1;
		}
		while (s->p < s->end && *s->p >= '0' && *s->p <= '9')
			advance(s);
	}
	/* cJSON reads at most 63 characters of a number: refuse long ones. */
	if (s->p - start > FR_JSON_MAX_NUMBER) {
		scan_error(s, "%s", "number literal longer than 40 characters");
		return -1;
	}
	return 0;
}

/*
 * Scans the literal w (true, false or null) at p; 0, or -1 after a syntax
 * error.
 */
static int
scan_word(struct scan *s, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(s->end - s->p) < n || memcmp(s->p, w, n) != 0) {
		scan_error(s, "%s", "expected a value (string, number, object, "
		    "array, true, false or null)");
		return -1;
	}
	while (n-- > 0)
		advance(s);
	return 0;
}

/* Orders members by key, then by their place in the object, for qsort. */
static int
member_cmp(const void *a, const void *b)
{
	const struct member *x = a, *y = b;
	size_t n = x->keylen < y->keylen ? x->keylen : y->keylen;
	int c = memcmp(x->key, y->key, n);

	if (c != 0)
		return c;
	if (x->keylen != y->keylen)
		return x->keylen < y->keylen ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* Every duplicate key of one object, each at its second occurrence. */
static void
report_duplicates(struct scan *s, struct member *m, size_t n)
{
	size_t i, first = 0;
	char *p = NULL;
	size_t plen, pcap;

	if (n < 2)
		return;
	qsort(m, n, sizeof *m, member_cmp);
	for (i = 1; i < n; i++) {
		if (m[i].keylen != m[first].keylen ||
		    memcmp(m[i].key, m[first].key, m[i].keylen) != 0) {
			first = i;
			continue;
		}
		plen = s->pathlen;
		pcap = s->pathlen + 1;
		p = fr_xmalloc(pcap);
		memcpy(p, s->path ? s->path : "", plen);
		p[plen] = '\0';
		fr_json_path_key(&p, &plen, &pcap, m[i].key, m[i].keylen);
		fr_diag_add(s->d, FR_SEV_ERROR, s->file, p, m[i].line,
		    m[i].col, "json.duplicate_key", "duplicate key (first "
		    "at line %d, column %d); JSON readers keep only one of "
		    "them", m[first].line, m[first].col);
		free(p);
		p = NULL;
	}
}

/*
 * Scans an object at p (its '{'), naming each member in the path and
 * reporting duplicate keys; 0, or -1 after a syntax error.
 */
static int
scan_object(struct scan *s)
{
	struct member *m = NULL;
	size_t nm = 0, cm = 0, i, save = s->pathlen;
	char *key;
	size_t keylen;
	int kl, kc, rc = -1;
	char fb[16];

	advance(s);	/* '{' */
	skip_ws(s);
	if (s->p < s->end && *s->p == '}') {
		advance(s);
		return 0;
	}
	for (;;) {
		skip_ws(s);
		if (s->p >= s->end || *s->p != '"') {
			scan_error(s, "expected a member name in double "
			    "quotes, found %s", found(s, fb));
			goto out;
		}
		kl = s->line;
		kc = s->col;
		if (scan_string(s, &key, &keylen) != 0)
			goto out;
		FR_GROW(m, cm, nm + 1, 16);
		m[nm].key = key;
		m[nm].keylen = keylen;
		m[nm].order = nm;
		m[nm].line = kl;
		m[nm].col = kc;
		nm++;
		skip_ws(s);
		if (s->p >= s->end || *s->p != ':') {
			scan_error(s, "expected ':' after the member name, "
			    "found %s", found(s, fb));
			goto out;
		}
		advance(s);
		skip_ws(s);
		fr_json_path_key(&s->path, &s->pathlen, &s->pathcap, key,
		    keylen);
		if (scan_value(s, kl, kc) != 0)
			goto out;
		s->pathlen = save;
		if (s->path)
			s->path[save] = '\0';
		skip_ws(s);
		if (s->p < s->end && *s->p == ',') {
			advance(s);
			continue;
		}
		if (s->p < s->end && *s->p == '}') {
			advance(s);
			break;
		}
		scan_error(s, "expected ',' or '}' after an object member, "
		    "found %s", found(s, fb));
		goto out;
	}
	report_duplicates(s, m, nm);
	rc = 0;
out:
	for (i = 0; i < nm; i++)
		free(m[i].key);
	free(m);
	return rc;
}

/*
 * Scans an array at p (its '['), with each element's index in the path; 0,
 * or -1 after a syntax error.
 */
static int
scan_array(struct scan *s)
{
	size_t i = 0, save = s->pathlen;
	char fb[16];

	advance(s);	/* '[' */
	skip_ws(s);
	if (s->p < s->end && *s->p == ']') {
		advance(s);
		return 0;
	}
	for (;; i++) {
		skip_ws(s);
		fr_json_path_index(&s->path, &s->pathlen, &s->pathcap, i);
		if (scan_value(s, 0, 0) != 0)
			return -1;
		s->pathlen = save;
		s->path[save] = '\0';
		skip_ws(s);
		if (s->p < s->end && *s->p == ',') {
			advance(s);
			continue;
		}
		if (s->p < s->end && *s->p == ']') {
			advance(s);
			return 0;
		}
		scan_error(s, "expected ',' or ']' after an array element, "
		    "found %s", found(s, fb));
		return -1;
	}
}

/*
 * Scans one value at p and records where it starts (and where its key does,
 * for a member), refusing nesting deeper than FR_JSON_MAX_DEPTH; 0, or -1
 * after an error.
 */
static int
scan_value(struct scan *s, int key_line, int key_col)
{
	struct fr_jpos *np;
	char fb[16];
	int rc;

	if (s->p >= s->end) {
		scan_error(s, "expected a value, found %s", "end of input");
		return -1;
	}
	FR_GROW(s->nodes, s->cap, s->n + 1, 64);
	np = &s->nodes[s->n++];
	np->line = s->line;
	np->col = s->col;
	np->key_line = key_line;
	np->key_col = key_col;
	switch (*s->p) {
	case '{':
	case '[':
		if (s->depth >= FR_JSON_MAX_DEPTH) {
			fr_diag_add(s->d, FR_SEV_ERROR, s->file, s->path,
			    s->line, s->col, "json.depth", "nesting deeper "
			    "than %d levels", FR_JSON_MAX_DEPTH);
			s->failed = 1;
			return -1;
		}
		s->depth++;
		rc = *s->p == '{' ? scan_object(s) : scan_array(s);
		s->depth--;
		return rc;
	case '"':
		return scan_string(s, NULL, NULL);
	case 't':
		return scan_word(s, "true");
	case 'f':
		return scan_word(s, "false");
	case 'n':
		return scan_word(s, "null");
	default:
		if (*s->p == '-' || (*s->p >= '0' && *s->p <= '9'))
			return scan_number(s);
		scan_error(s, "expected a value (string, number, object, "
		    "array, true, false or null), found %s", found(s, fb));
		return -1;
	}
}

/* Length of a valid UTF-8 sequence at p, or 0 (RFC 3629, Table 3-7). */
static size_t
utf8_len(const unsigned char *p, const unsigned char *end)
{
	size_t n, i;
	unsigned char lo = 0x80, hi = 0xbf;

	if (*p < 0x80)
		return 1;
	if (*p >= 0xc2 && *p <= 0xdf)
		n = 2;
	else if (*p >= 0xe0 && *p <= 0xef) {
		n = 3;
		if (*p == 0xe0)
			lo = 0xa0;
		else if (*p == 0xed)
			hi = 0x9f;	/* no surrogates */
	} else if (*p >= 0xf0 && *p <= 0xf4) {
		n = 4;
		if (*p == 0xf0)
			lo = 0x90;
		else if (*p == 0xf4)
			hi = 0x8f;	/* nothing above U+10FFFF */
	} else
		return 0;
	if ((size_t)(end - p) < n)
		return 0;
	if (p[1] < lo || p[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if (p[i] < 0x80 || p[i] > 0xbf)
			return 0;
	return n;
}

/* NUL bytes and invalid UTF-8, each with its line:column. */
static int
check_encoding(const unsigned char *p, const unsigned char *end,
    const char *file, struct fr_diags *d)
{
	int line = 1, col = 1, bad = 0;
	size_t n;

	while (p < end) {
		if (*p == '\0') {
			if (bad < MAX_ENCODING_ERRORS)
				fr_diag_add(d, FR_SEV_ERROR, file, NULL, line,
				    col, "json.nul", "NUL byte in the file (is "
				    "it UTF-16 or binary? expected UTF-8 text)");
			bad++;
			p++;
			col++;
			continue;
		}
		if ((n = utf8_len(p, end)) == 0) {
			if (bad < MAX_ENCODING_ERRORS)
				fr_diag_add(d, FR_SEV_ERROR, file, NULL, line,
				    col, "json.utf8", "invalid UTF-8 byte 0x%02x "
				    "(expected UTF-8 text)", *p);
			bad++;
			p++;
			col++;
			continue;
		}
		if (*p == '\n') {
			line++;
			col = 1;
		} else
			col++;
		p += n;
	}
	if (bad > MAX_ENCODING_ERRORS)
		fr_diag_add(d, FR_SEV_ERROR, file, NULL, 0, 0, "json.utf8",
		    "%d more encoding errors not shown",
		    bad - MAX_ENCODING_ERRORS);
	return bad;
}

/* CJK unified ideographs in UTF-8 text: lead bytes 0xe4 to 0xe9. */
static size_t
ideographs(const char *p, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		if ((unsigned char)p[i] >= 0xe4 && (unsigned char)p[i] <= 0xe9)
			k++;
	return k;
}

/*
 * A file saved in another encoding (a Chinese Windows editor's GB18030,
 * or UTF-16) gets one line saying so and how to fix it, not a line per
 * byte.
 */
static int
other_encoding(const char *buf, size_t len, const char *file,
    struct fr_diags *d)
{
	const unsigned char *u = (const unsigned char *)buf;
	char *out = NULL, *err = NULL;
	const char *used;
	size_t outlen;
	int rc = 0;

	if (len >= 2 && ((u[0] == 0xff && u[1] == 0xfe) ||
	    (u[0] == 0xfe && u[1] == 0xff))) {
		fr_diag_add(d, FR_SEV_ERROR, file, NULL, 0, 0, "json.encoding",
		    "the file is UTF-16, not UTF-8: save it as UTF-8, or "
		    "convert it: iconv -f UTF-16 -t UTF-8 %s >NEW.json", file);
		return 1;
	}
	/*
	 * Not UTF-8, every byte GB18030, and Chinese text in it (a few
	 * ideographs, U+4E00 to U+9FFF): not a stray bad byte.
	 */
	if (!fr_utf8_valid(buf, len, 0, NULL) &&
	    fr_text_to_utf8(buf, len, "GB18030", &out, &outlen, &used,
	    &err) == FR_OK && ideographs(out, outlen) >= 4) {
		fr_diag_add(d, FR_SEV_ERROR, file, NULL, 0, 0, "json.encoding",
		    "the file is GB18030 (GBK), not UTF-8: save it as UTF-8 "
		    "in the editor, or convert it: iconv -f GB18030 -t UTF-8 "
		    "%s >NEW.json", file);
		rc = 1;
	}
	free(out);
	free(err);
	return rc;
}

int
fr_json_scan(const char *buf, size_t len, const char *file,
    struct fr_diags *d, struct fr_jpos **nodes, size_t *n, size_t *skip)
{
	struct scan s;
	char fb[16];
	size_t bom = 0;

	*nodes = NULL;
	*n = 0;
	*skip = 0;
	if (len > FR_JSON_MAX_SIZE) {
		fr_diag_add(d, FR_SEV_ERROR, file, NULL, 0, 0, "json.size",
		    "file is %zu bytes, larger than the limit of %u bytes "
		    "(16 MiB)", len, FR_JSON_MAX_SIZE);
		return FR_EFORMAT;
	}
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		bom = 3;
	if (other_encoding(buf, len, file, d))
		return FR_EFORMAT;
	if (check_encoding((const unsigned char *)buf + bom,
	    (const unsigned char *)buf + len, file, d) != 0)
		return FR_EFORMAT;

	memset(&s, 0, sizeof s);
	s.p = (const unsigned char *)buf + bom;
	s.end = (const unsigned char *)buf + len;
	s.line = 1;
	s.col = 1;
	s.file = file;
	s.d = d;
	s.pathcap = 64;
	s.path = fr_xmalloc(s.pathcap);
	s.path[0] = '\0';
	skip_ws(&s);
	if (s.p >= s.end) {
		scan_error(&s, "%s", "empty file (expected a JSON object)");
		goto fail;
	}
	if (scan_value(&s, 0, 0) != 0)
		goto fail;
	skip_ws(&s);
	if (s.p < s.end) {
		scan_error(&s, "unexpected %s after the end of the JSON value",
		    found(&s, fb));
		goto fail;
	}
	free(s.path);
	*nodes = s.nodes;
	*n = s.n;
	*skip = bom;
	return FR_OK;
fail:
	free(s.path);
	free(s.nodes);
	return FR_EFORMAT;
}
