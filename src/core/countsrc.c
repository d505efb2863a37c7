/*
 * countsrc.c — source specifications, fleet lists, format detection and
 * the row sink for `frfile count` (countsrc.h).
 */
#include "core/countsrc.h"
#include "core/date.h"
#include "core/fpset.h"
#include "core/fr.h"
#include "core/hmac.h"
#include "core/idpat.h"

#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define DATE_FORMS	"YYYY-MM-DD, YYYY/M/D, YYYY.MM.DD, YYYY年M月D日 or an " \
			"ISO 8601 time"
#define POOL_IDS	2048		/* ids per batch */
#define POOL_QUEUE	4		/* batches waiting at most */
#define POOL_MAXT	8

/* Clear ids on their way to be told apart and hashed, then wiped. */
struct idbatch {
	char *buf;
	size_t len, cap, n;
	uint32_t off[POOL_IDS + 1];
	struct fr_fp fp[POOL_IDS];
	unsigned char isnew[POOL_IDS];
	unsigned char keys[POOL_IDS][FR_KEY_LEN];
	struct idbatch *next;	/* on the free list */
};

/*
 * The undated rows of one source: the reader fills batches, and the
 * sink's threads (the reader's own when the others are behind, or when
 * there are none) fingerprint them, keep the new ids, hash those and add
 * the keys.
 */
struct fr_sinkpool {
	pthread_mutex_t mu, seen_mu, table_mu;
	pthread_cond_t work;
	struct idbatch *q[POOL_QUEUE];
	size_t qn;
	int stop, nth;
	pthread_t th[POOL_MAXT];
	struct idbatch *cur;
	struct idbatch *free;	/* batches are reused: no allocator churn */
	const struct fr_hmac *hmac;
	struct fr_count *count;
	int unkeyed;
	unsigned char fpkey[FR_FP_KEYLEN];
	struct fr_fpset *seen;	/* this source's ids so far */
};

static const struct {
	const char *prefix;
	enum fr_srcfmt fmt;
	enum fr_srcvia via;
	int is_via;
} prefixes[] = {
	{ "facts:", FR_SRC_FACTS, FR_VIA_FILE, 0 },
	{ "csv:", FR_SRC_CSV, FR_VIA_FILE, 0 },
	{ "ndjson:", FR_SRC_NDJSON, FR_VIA_FILE, 0 },
	{ "xlsx:", FR_SRC_XLSX, FR_VIA_FILE, 0 },
	{ "store:", FR_SRC_FACTS, FR_VIA_STORE, 1 },
	{ "fleet:", FR_SRC_AUTO, FR_VIA_FLEET, 1 },
};

/* Whether s starts with http:// or https://, in any case. */
static int
is_url(const char *s)
{
	return strncasecmp(s, "http://", 7) == 0 ||
	    strncasecmp(s, "https://", 8) == 0;
}

int
fr_src_parse(const char *spec, struct fr_src *s, char **err)
{
	const char *rest = spec;
	size_t i;

	*err = NULL;
	memset(s, 0, sizeof *s);
	s->fmt = FR_SRC_AUTO;
	s->via = FR_VIA_FILE;
	for (i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
		if (fr_startswith(rest, prefixes[i].prefix)) {
			rest += strlen(prefixes[i].prefix);
			s->fmt = prefixes[i].fmt;
			s->via = prefixes[i].via;
			break;
		}
	if (*rest == '\0') {
		*err = fr_xasprintf("'%s': empty source", spec);
		return FR_EINVAL;
	}
	if (s->via == FR_VIA_FILE) {
		if (strcmp(rest, "-") == 0)
			s->via = FR_VIA_STDIN;
		else if (is_url(rest))
			s->via = FR_VIA_URL;
		else if (strstr(rest, "://") != NULL) {
			*err = fr_xasprintf("'%.*s': unsupported URL scheme, "
			    "expected http:// or https://",
			    (int)(strstr(rest, "://") - rest + 3), rest);
			return FR_EINVAL;
		}
	} else if (strcmp(rest, "-") == 0 || is_url(rest)) {
		*err = fr_xasprintf("'%s': %s needs a local path", spec,
		    s->via == FR_VIA_STORE ? "store:" : "fleet:");
		return FR_EINVAL;
	}
	s->spec = fr_xstrdup(spec);
	s->where = fr_xstrdup(rest);
	return FR_OK;
}

void
fr_src_release(struct fr_src *s)
{
	free(s->spec);
	free(s->where);
	memset(s, 0, sizeof *s);
}

const char *
fr_srcfmt_name(enum fr_srcfmt f)
{
	switch (f) {
	case FR_SRC_FACTS:	return "facts";
	case FR_SRC_CSV:	return "csv";
	case FR_SRC_NDJSON:	return "ndjson";
	case FR_SRC_XLSX:	return "xlsx";
	case FR_SRC_SQLITE:	return "sqlite";
	case FR_SRC_BINARY:	return "binary";
	default:		return "auto";
	}
}

/* Whether a file name or URL (its query left out) ends in ext, in any case. */
static int
has_ext(const char *name, const char *ext)
{
	size_t n = strlen(name), e = strlen(ext);
	const char *q = strchr(name, '?');

	if (q != NULL)
		n = (size_t)(q - name);	/* a URL's query is not its name */
	return n > e && strncasecmp(name + n - e, ext, e) == 0;
}

enum fr_srcfmt
fr_src_sniff(const char *name, const char *data, size_t len)
{
	size_t i, depth = 0;
	int instr = 0, esc = 0;
	const char *e;
	enum fr_srcfmt bin;

	if (fr_src_binary(data, len, &bin) != NULL)
		return bin != FR_SRC_AUTO ? bin : FR_SRC_BINARY;
	if (name != NULL) {
		if (has_ext(name, ".ndjson") || has_ext(name, ".jsonl"))
			return FR_SRC_NDJSON;
		if (has_ext(name, ".json"))
			return FR_SRC_FACTS;
		if (has_ext(name, ".csv") || has_ext(name, ".txt"))
			return FR_SRC_CSV;
	}
	i = 0;
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	while (i < len && isspace((unsigned char)data[i]))
		i++;
	if (i == len || data[i] != '{')
		return FR_SRC_CSV;
	/* Does the first object close on its first line? */
	for (; i < len && data[i] != '\n'; i++) {
		char c = data[i];

		if (instr) {
			if (esc)
				esc = 0;
			else if (c == '\\')
				esc = 1;
			else if (c == '"')
				instr = 0;
		} else if (c == '"')
			instr = 1;
		else if (c == '{' || c == '[')
			depth++;
		else if ((c == '}' || c == ']') && depth > 0 && --depth == 0)
			break;
	}
	if (depth > 0 || instr)
		return FR_SRC_FACTS;	/* a pretty-printed document */
	/* One object per line: NDJSON, unless it is a compact facts doc. */
	for (e = data; e + 8 <= data + i; e++)
		if (memcmp(e, "\"schema\"", 8) == 0)
			return FR_SRC_FACTS;
	return FR_SRC_NDJSON;
}

void
fr_fleet_free(char **lines, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}

int
fr_fleet_read(const char *path, char ***linesp, size_t *np,
    struct fr_diags *d)
{
	char *data = NULL, *p, *e, *nl, *hash, *dir = NULL, *slash;
	char **lines = NULL;
	size_t n = 0, len, i, plen;
	long lineno = 0;
	int rc;

	*linesp = NULL;
	*np = 0;
	if ((rc = fr_read_file(path, 16 << 20, &data, &len)) != FR_OK) {
		fr_diag_add(d, FR_SEV_ERROR, path, NULL, 0, 0, "fleet.read",
		    "cannot read the fleet list: %s", strerror(errno));
		return FR_EIO;
	}
	dir = fr_xstrdup(path);
	if ((slash = strrchr(dir, '/')) != NULL)
		slash[1] = '\0';
	else
		dir[0] = '\0';
	for (p = data; p < data + len; p = nl + 1) {
		lineno++;
		if ((nl = memchr(p, '\n', (size_t)(data + len - p))) == NULL)
			nl = data + len;
		*nl = '\0';
		/* A comment: a line starting with '#', or " #" after a source. */
		if ((hash = strchr(p, '#')) != NULL &&
		    (hash == p || isspace((unsigned char)hash[-1])))
			*hash = '\0';
		while (isspace((unsigned char)*p))
			p++;
		for (e = p + strlen(p); e > p && isspace((unsigned char)e[-1]); )
			*--e = '\0';
		if (*p == '\0')
			continue;
		if (strcmp(p, "-") == 0) {
			fr_diag_add(d, FR_SEV_ERROR, path, NULL, (int)lineno, 0,
			    "fleet.stdin", "standard input cannot be a fleet "
			    "member");
			fr_fleet_free(lines, n);
			rc = FR_EINVAL;
			goto out;
		}
		/* Keep any prefix, resolve a relative path after it. */
		plen = 0;
		for (i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
			if (fr_startswith(p, prefixes[i].prefix)) {
				plen = strlen(prefixes[i].prefix);
				break;
			}
		lines = fr_xreallocarray(lines, n + 1, sizeof *lines);
		if (p[plen] == '/' || is_url(p + plen) || *dir == '\0')
			lines[n++] = fr_xstrdup(p);
		else
			lines[n++] = fr_xasprintf("%.*s%s%s", (int)plen, p, dir,
			    p + plen);
	}
	*linesp = lines;
	*np = n;
	rc = FR_OK;
out:
	free(dir);
	free(data);
	return rc;
}

/* Reads exactly n decimal digits into *v; 0 if one is not a digit. */
static int
digits(const char *s, size_t n, int *v)
{
	size_t i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		*v = *v * 10 + (s[i] - '0');
	}
	return 1;
}

/* 1 or 2 digits (n at most), the count taken in *used. */
static int
num12(const char *s, size_t n, int max, int *v, size_t *used)
{
	*used = 0;
	*v = 0;
	while (*used < n && *used < (size_t)max && s[*used] >= '0' &&
	    s[*used] <= '9')
		*v = *v * 10 + (s[(*used)++] - '0');
	return *used > 0;
}

/*
 * The day part: YYYY-MM-DD, YYYY-M-D, YYYY/M/D, YYYY.MM.DD or YYYY年M月D日
 * (what spreadsheets and Chinese systems write); *used is its length.
 */
static int
date_part(const char *s, size_t n, int *day, size_t *used)
{
	static const char nian[] = "年", yue[] = "月", ri[] = "日";
	int y, m, d;
	size_t i = 4, k;
	char sep;

	if (n < 8 || !digits(s, 4, &y))
		return 0;
	if (n >= i + 3 && memcmp(s + i, nian, 3) == 0) {
		i += 3;
		if (!num12(s + i, n - i, 2, &m, &k) || (i += k) + 3 > n ||
		    memcmp(s + i, yue, 3) != 0)
			return 0;
		i += 3;
		if (!num12(s + i, n - i, 2, &d, &k))
			return 0;
		i += k;
		if (i + 3 <= n && memcmp(s + i, ri, 3) == 0)
			i += 3;
	} else {
		sep = s[i];
		if (sep != '-' && sep != '/' && sep != '.')
			return 0;
		i++;
		if (!num12(s + i, n - i, 2, &m, &k) || (i += k) >= n ||
		    s[i] != sep)
			return 0;
		i++;
		if (!num12(s + i, n - i, 2, &d, &k))
			return 0;
		i += k;
	}
	if (!fr_date_valid_ymd(y, m, d))
		return 0;
	*day = fr_date_from_ymd(y, m, d);
	*used = i;
	return 1;
}

int
fr_src_date(const char *s, size_t n, int *date)
{
	int day, hh, mm, ss = 0, off = 0, oh, om, mins;
	size_t i, k;

	if (!date_part(s, n, &day, &i))
		return FR_EINVAL;
	if (i == n) {
		*date = day;
		return FR_OK;
	}
	/* A time: Thh:mm[:ss[.frac]][Z|±hh:mm|±hhmm], or " h:mm" as Excel
	 * writes it. */
	if (s[i] != 'T' && s[i] != ' ')
		return FR_EINVAL;
	i++;
	if (!num12(s + i, n - i, 2, &hh, &k) || (i += k) + 3 > n ||
	    s[i] != ':' || !digits(s + i + 1, 2, &mm) || hh > 23 || mm > 59)
		return FR_EINVAL;
	i += 3;
	if (i < n && s[i] == ':') {
		if (n < i + 3 || !digits(s + i + 1, 2, &ss) || ss > 60)
			return FR_EINVAL;
		i += 3;
		if (i < n && (s[i] == '.' || s[i] == ',')) {
			for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
				;
		}
	}
	if (i == n) {
		*date = day;	/* no zone: already China Standard Time */
		return FR_OK;
	}
	if (s[i] == 'Z' && i + 1 == n)
		off = 0;
	else if ((s[i] == '+' || s[i] == '-') && i + 5 <= n &&
	    digits(s + i + 1, 2, &oh) &&
	    ((n == i + 6 && s[i + 3] == ':' && digits(s + i + 4, 2, &om)) ||
	    (n == i + 5 && digits(s + i + 3, 2, &om))) && oh < 24 && om < 60)
		off = (s[i] == '-' ? -1 : 1) * (oh * 60 + om);
	else
		return FR_EINVAL;
	/* Local time minus its offset is UTC; plus 8 hours is CST. */
	mins = hh * 60 + mm - off + 8 * 60;
	day += mins >= 0 ? mins / 1440 : -((1439 - mins) / 1440);
	*date = day;
	return FR_OK;
}

int
fr_src_damaged_id(const char *s, size_t n)
{
	size_t i = 0, d = 0, e;

	if (i < n && (s[i] == '+' || s[i] == '-'))
		i++;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++, d++;
	if (d == 0)
		return 0;
	if (i < n && s[i] == '.') {
		for (e = ++i; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i == n) {
			/* 13950112345.0: a long number made a decimal. */
			while (e < n && s[e] == '0')
				e++;
			return e == n && d >= 6 && i > 0 ?
			    FR_DAMAGED_DECIMAL : 0;
		}
	}
	if (i < n && (s[i] == 'E' || s[i] == 'e')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		for (e = i; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i == n && i > e)
			return FR_DAMAGED_SCIENTIFIC;
	}
	return 0;
}

int
fr_src_maybe_damaged(const char *data, size_t len)
{
	const char *p = data, *end = data + len, *q;

	for (q = data; (q = memchr(q, '+', (size_t)(end - q))) != NULL; q++)
		if (q > data && (q[-1] == 'E' || q[-1] == 'e'))
			return 1;
	while ((q = memchr(p, '.', (size_t)(end - p))) != NULL) {
		if (q + 1 < end && q[1] == '0' && (q + 2 == end || q[2] == '0' ||
		    q[2] == ',' || q[2] == '\r' || q[2] == '\n' ||
		    q[2] == '\t' || q[2] == '"'))
			return 1;
		p = q + 1;
	}
	return 0;
}

const char *
fr_src_binary(const char *data, size_t len, enum fr_srcfmt *fmt)
{
	static const struct {
		const char *magic;
		size_t n;
		const char *what;
	} magic[] = {
		{ "%PDF-", 5, "a PDF document" },
		{ "\x1f\x8b", 2, "a gzip-compressed file" },
		{ "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8, "an Excel 97-2003 "
		    "workbook (.xls) or another Office 97 file; save it as "
		    ".xlsx or CSV" },
		{ "\x89PNG", 4, "a PNG image" },
		{ "\xff\xd8\xff", 3, "a JPEG image" },
		{ "GIF8", 4, "a GIF image" },
		{ "BZh", 3, "a bzip2-compressed file" },
		{ "\xfd" "7zXZ", 5, "an xz-compressed file" },
		{ "7z\xbc\xaf", 4, "a 7-Zip archive" },
		{ "Rar!", 4, "a RAR archive" },
		{ "\x7f" "ELF", 4, "a program (ELF)" },
		{ "\x28\xb5\x2f\xfd", 4, "a zstd-compressed file" },
	};
	size_t i, n, even = 0, odd = 0;

	*fmt = FR_SRC_AUTO;
	if (len >= 4 && (memcmp(data, "PK\x03\x04", 4) == 0 ||
	    memcmp(data, "PK\x05\x06", 4) == 0)) {
		*fmt = FR_SRC_XLSX;
		return "a ZIP archive";
	}
	if (len >= 16 && memcmp(data, "SQLite format 3", 16) == 0) {
		*fmt = FR_SRC_SQLITE;
		return "a SQLite database";
	}
	for (i = 0; i < sizeof magic / sizeof magic[0]; i++)
		if (len >= magic[i].n && memcmp(data, magic[i].magic,
		    magic[i].n) == 0)
			return magic[i].what;
	/* UTF-16 text has NUL bytes, but starts with its byte-order mark. */
	if (len >= 2 && (memcmp(data, "\xff\xfe", 2) == 0 ||
	    memcmp(data, "\xfe\xff", 2) == 0))
		return NULL;
	if (memchr(data, '\0', len) == NULL)
		return NULL;
	*fmt = FR_SRC_BINARY;
	/* UTF-16 without its mark: NULs on one side (ASCII), few on the other. */
	n = len < 4096 ? len : 4096;
	for (i = 0; i < n; i++)
		if (data[i] == '\0')
			(i & 1) ? odd++ : even++;
	if ((odd >= 2 && odd >= n / 4 && even <= odd / 8) || (even >= 2 &&
	    even >= n / 4 && odd <= even / 8))
		return "binary data, or UTF-16 text without a byte-order mark "
		    "(then give --encoding UTF-16LE or UTF-16BE)";
	return "binary data (it holds NUL bytes)";
}

/*
 * Fingerprint a batch, keep what this source has not had (under the
 * set's lock), hash those and add their keys (under the count's lock),
 * then wipe the batch and recycle it.
 */
static void
pool_process(struct fr_sinkpool *p, struct idbatch *b)
{
	size_t i, n = 0;

	for (i = 0; i < b->n; i++)
		fr_fp(p->fpkey, b->buf + b->off[i], b->off[i + 1] - b->off[i],
		    &b->fp[i]);
	pthread_mutex_lock(&p->seen_mu);
	n = fr_fpset_add(p->seen, b->fp, b->n, b->isnew);
	pthread_mutex_unlock(&p->seen_mu);
	if (n > 0 && !p->unkeyed) {
		for (i = n = 0; i < b->n; i++)
			if (b->isnew[i])
				fr_person_key(p->hmac, b->buf + b->off[i],
				    b->off[i + 1] - b->off[i], b->keys[n++]);
		pthread_mutex_lock(&p->table_mu);
		fr_count_add_many(p->count,
		    (const unsigned char (*)[FR_KEY_LEN])b->keys, n);
		pthread_mutex_unlock(&p->table_mu);
	}
	memset(b->buf, 0, b->len);
	b->n = b->len = 0;
	pthread_mutex_lock(&p->mu);
	b->next = p->free;
	p->free = b;
	pthread_mutex_unlock(&p->mu);
}

/*
 * A worker thread: processes queued batches until the pool stops and the
 * queue is empty.
 */
static void *
pool_worker(void *arg)
{
	struct fr_sinkpool *p = arg;
	struct idbatch *b;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		while (p->qn == 0 && !p->stop)
			pthread_cond_wait(&p->work, &p->mu);
		if (p->qn == 0)
			break;
		b = p->q[--p->qn];
		pthread_mutex_unlock(&p->mu);
		pool_process(p, b);
		pthread_mutex_lock(&p->mu);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

/*
 * Queue a full batch; when the workers are behind (or there are none),
 * the caller does it itself, which keeps every core busy without a
 * scheduler.
 */
static void
pool_submit(struct fr_sinkpool *p, struct idbatch *b)
{
	pthread_mutex_lock(&p->mu);
	if (p->nth > 0 && p->qn < POOL_QUEUE) {
		p->q[p->qn++] = b;
		pthread_cond_signal(&p->work);
		b = NULL;
	}
	pthread_mutex_unlock(&p->mu);
	if (b != NULL)
		pool_process(p, b);
}

/*
 * Puts one undated id in the current batch, submitted once full; the first
 * id starts the pool and its threads.
 */
static void
pool_add(struct fr_sink *k, const char *id, size_t n)
{
	struct fr_sinkpool *p = k->pool;
	struct idbatch *b;
	int i;

	if (p == NULL) {
		p = k->pool = fr_xcalloc(1, sizeof *p);
		pthread_mutex_init(&p->mu, NULL);
		pthread_mutex_init(&p->seen_mu, NULL);
		pthread_mutex_init(&p->table_mu, NULL);
		pthread_cond_init(&p->work, NULL);
		p->hmac = k->hmac;
		p->count = k->count;
		p->unkeyed = k->unkeyed;
		fr_fp_key(p->fpkey);
		p->seen = fr_fpset_new(0);
		for (i = 0; i < k->threads - 1 && i < POOL_MAXT; i++)
			if (pthread_create(&p->th[p->nth], NULL, pool_worker, p) == 0)
				p->nth++;
	}
	if ((b = p->cur) == NULL) {
		pthread_mutex_lock(&p->mu);
		if ((b = p->free) != NULL)
			p->free = b->next;
		pthread_mutex_unlock(&p->mu);
		if (b == NULL) {
			b = fr_xcalloc(1, sizeof *b);
			b->cap = 64 << 10;
			b->buf = fr_xmalloc(b->cap);
		}
		p->cur = b;
	}
	if (b->len + n > b->cap) {
		/* Not realloc: the old block must be wiped, not just freed. */
		size_t ncap = b->cap;
		char *nb;

		while (b->len + n > ncap)
			ncap *= 2;
		nb = fr_xmalloc(ncap);
		memcpy(nb, b->buf, b->len);
		memset(b->buf, 0, b->cap);
		free(b->buf);
		b->buf = nb;
		b->cap = ncap;
	}
	memcpy(b->buf + b->len, id, n);
	b->len += n;
	b->off[++b->n] = (uint32_t)b->len;
	if (b->n == POOL_IDS) {
		p->cur = NULL;
		pool_submit(p, b);
	}
}

/*
 * Processes the ids left, joins the threads and frees the pool; an unkeyed
 * count gets the number of distinct ids.
 */
static void
pool_finish(struct fr_sink *k)
{
	struct fr_sinkpool *p = k->pool;
	struct idbatch *b;
	int i;

	if (p->cur != NULL)
		pool_process(p, p->cur);
	p->cur = NULL;
	pthread_mutex_lock(&p->mu);
	p->stop = 1;
	pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->mu);
	for (i = 0; i < p->nth; i++)
		pthread_join(p->th[i], NULL);
	/* Without workers (none could start) the queue is drained here. */
	while (p->qn > 0)
		pool_process(p, p->q[--p->qn]);
	while ((b = p->free) != NULL) {
		p->free = b->next;
		free(b->buf);
		free(b);
	}
	if (p->unkeyed &&
	    fr_count_add_unkeyed(p->count, fr_fpset_size(p->seen)) != FR_OK)
		abort();	/* the caller's mistake: not the only source */
	fr_fpset_free(p->seen);
	memset(p->fpkey, 0, sizeof p->fpkey);
	pthread_mutex_destroy(&p->mu);
	pthread_mutex_destroy(&p->seen_mu);
	pthread_mutex_destroy(&p->table_mu);
	pthread_cond_destroy(&p->work);
	free(p);
	k->pool = NULL;
}

/*
 * A date that is not one. The value is shown when it looks like a date
 * written some other way (four digits, then a separator); anything else
 * is not repeated: a misplaced date column could hold ids.
 */
static int
bad_date(struct fr_idread *r, long line, const char *what, const char *v,
    size_t n)
{
	int y;

	if (n >= 5 && n <= 40 && digits(v, 4, &y) && (v[4] == '-' ||
	    v[4] == '/' || v[4] == '.' || (unsigned char)v[4] == 0xe5))
		return fr_idread_invalid(r, line, "%s date '%.*s' is not a date "
		    "(" DATE_FORMS ")", what, (int)n, v);
	return fr_idread_invalid(r, line, "%s date is not a date (" DATE_FORMS
	    "); the value is not shown, as the column may hold ids", what);
}

int
fr_sink_row(void *arg, struct fr_idread *r, const struct fr_idrow *row)
{
	struct fr_sink *k = arg;
	const char *id = row->id;
	size_t idlen = row->idlen;
	unsigned char key[FR_KEY_LEN];
	int from, until = FR_DATE_OPEN;

	if (k->pat != NULL) {
		if (fr_idpat_apply(k->pat, row->id, row->idlen, &id, &idlen) != FR_OK)
			return fr_idread_invalid(r, row->line, "id does not "
			    "match --id-pattern");
		if (idlen == 0)
			return fr_idread_invalid(r, row->line, "empty id after "
			    "--id-pattern");
	}
	switch (fr_src_damaged_id(id, idlen)) {
	case FR_DAMAGED_SCIENTIFIC:
		return fr_idread_fatal(r, row->line, "an id in scientific "
		    "notation (like 1.39501E+10): Excel probably rounded the "
		    "ids; format the id column as text and export again");
	case FR_DAMAGED_DECIMAL:
		return fr_idread_fatal(r, row->line, "a long numeric id ending "
		    "in '.0': Excel (or another tool) probably turned the ids "
		    "into numbers and may have rounded them; format the id "
		    "column as text and export again");
	}
	if (k->dated) {
		if (row->from == NULL || row->fromlen == 0)
			return fr_idread_invalid(r, row->line, "empty enrolment "
			    "date");
		if (fr_src_date(row->from, row->fromlen, &from) != FR_OK)
			return bad_date(r, row->line, "enrolment", row->from,
			    row->fromlen);
		if (row->until != NULL && row->untillen > 0) {
			if (fr_src_date(row->until, row->untillen, &until) != FR_OK)
				return bad_date(r, row->line, "deletion",
				    row->until, row->untillen);
			if (until <= from)
				return fr_idread_invalid(r, row->line, "deletion "
				    "date is not after the enrolment date");
		}
	}
	k->rows++;
	if (k->dated) {
		fr_person_key(k->hmac, id, idlen, key);
		fr_count_add_dated(k->count, key, from, until);
		return FR_OK;
	}
	pool_add(k, id, idlen);
	return FR_OK;
}

void
fr_sink_flush(struct fr_sink *k)
{
	if (k->pool != NULL)
		pool_finish(k);
}

int
fr_src_add_facts(struct fr_count *c, const struct fr_factsdoc *f,
    const char *name, const char *want, struct fr_diags *d)
{
	size_t i;

	if (!f->has_keys) {
		fr_diag_add(d, FR_SEV_ERROR, name, "keys", 0, 0, "facts.nokeys",
		    "missing: counting across stores needs the keyed person "
		    "hashes (frmatch facts --with-keys, or GET "
		    "/facts?with_keys=1 from frmatch serve)");
		return FR_EINVAL;
	}
	if (want != NULL && (f->secret_id == NULL ||
	    strcmp(f->secret_id, want) != 0)) {
		fr_diag_add(d, FR_SEV_ERROR, name, "keys.secret_id", 0, 0,
		    "facts.secret", "'%.16s' is not the organisation secret's "
		    "'%s': every store must hash with the same secret",
		    f->secret_id ? f->secret_id : "", want);
		return FR_EINVAL;
	}
	for (i = 0; i < f->npersons; i++)
		fr_count_add_dated(c, f->persons[i].key, f->persons[i].from,
		    f->persons[i].until);
	return FR_OK;
}
