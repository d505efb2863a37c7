/*
 * idread.c — push parsers for CSV and NDJSON person-id exports (see
 * idread.h). The CSV reader is a byte-at-a-time state machine that copies
 * only the cells it was asked for, so a ten-million-row export streams
 * through a small buffer; quoted cells may span lines, and line numbers
 * count every newline so messages point at the file's real line.
 */
#include "core/idread.h"
#include "core/fr.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAXFIELD	FR_IDREAD_MAXFIELD
#define MAXLINE		(1 << 20)	/* an NDJSON line */
#define KEEP_SKIPPED	10		/* skipped rows reported one by one */
#define NCOL		3		/* id, from, until */

enum { S_START, S_UNQ, S_Q, S_QQ, S_BAD };

struct buf {
	char *p;
	size_t n, cap;
};

struct fr_idread {
	enum fr_idfmt fmt;
	const struct fr_idread_opts *o;
	const char *name;
	struct fr_diags *d;
	fr_idrow_fn fn;
	void *arg;
	unsigned char pre[3];	/* bytes held while looking for a BOM */
	size_t npre;
	int started;		/* BOM question settled */
	long line, recline;
	size_t rows, skipped;
	int failed;
	/* CSV */
	int state;
	int skip_lf;		/* a CR ended the line: ignore one LF */
	int recempty;		/* nothing but an empty first cell so far */
	size_t field;		/* index of the current cell */
	const char *cname[NCOL];	/* column names to find in the header */
	long col[NCOL];		/* column indexes, -1 when not wanted */
	int need_header;
	int toolong;
	struct buf *want;	/* where the current cell goes, or NULL */
	struct buf fb[NCOL];
	struct buf hdr;		/* the current header cell */
	struct buf hnames;	/* the header's names, for an error */
	size_t nhnames;
	/* NDJSON */
	struct buf ln;
};

/* Appends byte c to b, leaving room for a NUL. */
static void
buf_put(struct buf *b, char c)
{
	FR_GROW(b->p, b->cap, b->n + 2, 64);
	b->p[b->n++] = c;
}

/* Appends the n bytes at s to b, leaving room for a NUL. */
static void
buf_puts(struct buf *b, const char *s, size_t n)
{
	FR_GROW(b->p, b->cap, b->n + n + 1, 64);
	memcpy(b->p + b->n, s, n);
	b->n += n;
}

/* Ends b's text with a NUL, which its length does not count. */
static void
buf_term(struct buf *b)
{
	buf_put(b, '\0');
	b->n--;
}

/* A column spec: all digits is a 1-based number, anything else a name. */
static void
set_column(struct fr_idread *r, int i, const char *spec, const char *dflt)
{
	long long v;

	r->col[i] = -1;
	r->cname[i] = NULL;
	if (spec == NULL) {
		r->cname[i] = dflt;
		return;
	}
	if (fr_parse_ll(spec, 1, 1000000, &v) == FR_OK)
		r->col[i] = (long)v - 1;
	else
		r->cname[i] = spec;
}

struct fr_idread *
fr_idread_new(enum fr_idfmt fmt, const struct fr_idread_opts *o,
    const char *name, struct fr_diags *d, fr_idrow_fn fn, void *arg)
{
	struct fr_idread *r = fr_xcalloc(1, sizeof *r);

	r->fmt = fmt;
	r->o = o;
	r->name = name;
	r->d = d;
	r->fn = fn;
	r->arg = arg;
	r->line = r->recline = 1;
	r->recempty = 1;
	if (fmt == FR_IDFMT_CSV) {
		r->need_header = !o->no_header;
		/* Without a header the id is the first column by default. */
		if (o->id_column == NULL && o->no_header)
			r->col[0] = 0;
		else
			set_column(r, 0, o->id_column, "");
		set_column(r, 1, o->from_column, NULL);
		set_column(r, 2, o->until_column, NULL);
	}
	return r;
}

void
fr_idread_free(struct fr_idread *r)
{
	int i;

	if (r == NULL)
		return;
	for (i = 0; i < NCOL; i++)
		free(r->fb[i].p);
	free(r->hdr.p);
	free(r->hnames.p);
	free(r->ln.p);
	free(r);
}

/*
 * Header names are kept for the error that says which columns there
 * were: a few, each cut short; a cell with digits is not repeated (with
 * no header row, it would be somebody's id).
 */
void
fr_idread_header_name(struct fr_idread *r, const char *h, size_t n)
{
	size_t i, k = n > 32 ? 32 : n;
	int num = n > 0;

	if (r->nhnames++ > 12)
		return;
	if (r->hnames.n > 0)
		buf_puts(&r->hnames, ", ", 2);
	if (r->nhnames == 13) {
		buf_puts(&r->hnames, "…", strlen("…"));
		return;
	}
	/* Ids have digits; column names seldom do. */
	for (i = 0; i < n && num; i++)
		if (h[i] >= '0' && h[i] <= '9')
			num = 2;
	if (num == 2) {
		buf_puts(&r->hnames, "(a cell with digits, not shown)", 31);
		return;
	}
	/* Not in the middle of a UTF-8 sequence. */
	while (k < n && k > 0 && ((unsigned char)h[k] & 0xc0) == 0x80)
		k--;
	buf_put(&r->hnames, '\'');
	buf_puts(&r->hnames, h, k);
	if (k < n)
		buf_puts(&r->hnames, "…", strlen("…"));
	buf_put(&r->hnames, '\'');
}

const char *
fr_idread_header_names(struct fr_idread *r)
{
	if (r->hnames.n == 0)
		return "none";
	buf_term(&r->hnames);
	return r->hnames.p;
}

static void vdiag(struct fr_idread *, enum fr_severity, long, const char *,
    va_list) __attribute__((format(printf, 4, 0)));

/* Adds a message for the given line of the input, with severity sev. */
static void
vdiag(struct fr_idread *r, enum fr_severity sev, long line, const char *fmt,
    va_list ap)
{
	char *msg = fr_xvasprintf(fmt, ap);

	fr_diag_add(r->d, sev, r->name, NULL, (int)line, 0, "row.invalid",
	    "%s", msg);
	free(msg);
}

int
fr_idread_invalid(struct fr_idread *r, long line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (r->o->skip_invalid) {
		if (++r->skipped <= KEEP_SKIPPED)
			vdiag(r, FR_SEV_WARNING, line, fmt, ap);
		va_end(ap);
		return FR_OK;
	}
	vdiag(r, FR_SEV_ERROR, line, fmt, ap);
	va_end(ap);
	r->failed = 1;
	return FR_EINVAL;
}

/* An error that no --skip-invalid can skip (a missing column). */
#define fatal fr_idread_fatal
int
fr_idread_fatal(struct fr_idread *r, long line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdiag(r, FR_SEV_ERROR, line, fmt, ap);
	va_end(ap);
	r->failed = 1;
	return FR_EINVAL;
}

long
fr_idread_idcol(const struct fr_idread *r)
{
	if (r->fmt != FR_IDFMT_CSV || r->need_header || r->failed ||
	    r->state != S_START || r->field != 0)
		return -1;
	return r->col[0];
}

size_t
fr_idread_skipped(const struct fr_idread *r)
{
	return r->skipped;
}

/* Leading and trailing blanks are not part of an id or a date. */
static void
trim(const char **p, size_t *n)
{
	while (*n > 0 && (**p == ' ' || **p == '\t')) {
		(*p)++;
		(*n)--;
	}
	while (*n > 0 && ((*p)[*n - 1] == ' ' || (*p)[*n - 1] == '\t'))
		(*n)--;
}

/*
 * Hands one row to the caller's function, its id, from and until trimmed
 * (from and until NULL when not asked for); an empty id makes the row
 * invalid. Returns what the function or fr_idread_invalid returns.
 */
static int
deliver(struct fr_idread *r, const char *id, size_t idlen, const char *from,
    size_t fromlen, const char *until, size_t untillen, long line)
{
	struct fr_idrow row;

	trim(&id, &idlen);
	if (idlen == 0)
		return fr_idread_invalid(r, line, "empty id");
	memset(&row, 0, sizeof row);
	row.id = id;
	row.idlen = idlen;
	if (from != NULL) {
		trim(&from, &fromlen);
		row.from = from;
		row.fromlen = fromlen;
	}
	if (until != NULL) {
		trim(&until, &untillen);
		row.until = until;
		row.untillen = untillen;
	}
	row.line = line;
	r->rows++;
	return r->fn(r->arg, r, &row);
}

int
fr_idread_row(struct fr_idread *r, const char *id, size_t idlen,
    const char *from, size_t fromlen, const char *until, size_t untillen,
    long line)
{
	return deliver(r, id, idlen, from, fromlen, until, untillen, line);
}

/* ---- CSV ---- */

/*
 * Points the new cell where it goes: the header cell, the buffer of the
 * wanted column it is, or nowhere.
 */
static void
csv_field_start(struct fr_idread *r)
{
	int i;

	r->want = NULL;
	if (r->need_header) {
		r->hdr.n = 0;
		r->want = &r->hdr;
		return;
	}
	for (i = 0; i < NCOL; i++)
		if (r->col[i] == (long)r->field) {
			r->fb[i].n = 0;
			r->want = &r->fb[i];
			return;
		}
}

/*
 * Adds byte c to the current cell when it is wanted; past MAXFIELD bytes the
 * row is marked too long instead.
 */
static void
csv_append(struct fr_idread *r, char c)
{
	if (r->want == NULL)
		return;
	if (r->want->n >= MAXFIELD) {
		r->toolong = 1;
		return;
	}
	buf_put(r->want, c);
}

/*
 * Ends a cell: in the header row, matches its name against the columns asked
 * for; in a data row, terminates it in the buffer of each column it is (one
 * column may serve as the id and a date).
 */
static void
csv_field_end(struct fr_idread *r)
{
	int i;

	if (r->need_header) {
		const char *h;
		size_t n = r->hdr.n;

		buf_term(&r->hdr);	/* may move the buffer: look after */
		h = r->hdr.p;
		trim(&h, &n);
		fr_idread_header_name(r, h, n);
		for (i = 0; i < NCOL; i++) {
			if (r->cname[i] == NULL || r->col[i] >= 0)
				continue;
			if (*r->cname[i] == '\0') {
				/* No id column named: take person_id or id. */
				if ((n == 9 && strncasecmp(h, "person_id", 9) == 0) ||
				    (n == 2 && strncasecmp(h, "id", 2) == 0))
					r->col[i] = (long)r->field;
			} else if (strlen(r->cname[i]) == n &&
			    strncmp(h, r->cname[i], n) == 0)
				r->col[i] = (long)r->field;
		}
	} else {
		for (i = 0; i < NCOL; i++)
			if (r->col[i] == (long)r->field) {
				/* One column may serve twice (id and date). */
				if (r->want != NULL && r->want != &r->fb[i]) {
					r->fb[i].n = 0;
					buf_puts(&r->fb[i], r->want->p ?
					    r->want->p : "", r->want->n);
				}
				buf_term(&r->fb[i]);
			}
	}
	r->field++;
	r->want = NULL;
}

/* Clears what one record kept, for the next. */
static void
csv_reset(struct fr_idread *r)
{
	r->field = 0;
	r->toolong = 0;
	r->recempty = 1;
}

/*
 * A malformed record: an error --skip-invalid skips, except in the header
 * row, without which no column can be found.
 */
static int
csv_bad(struct fr_idread *r, const char *what)
{
	if (r->need_header)
		return fatal(r, r->recline, "the header row: %s", what);
	return fr_idread_invalid(r, r->recline, "%s", what);
}

/*
 * Ends a record: after the header row, settles which columns are wanted;
 * after a data row, checks it and delivers it. A blank line is skipped.
 * FR_OK, or the error of a missing column or an invalid row.
 */
static int
csv_record_end(struct fr_idread *r)
{
	static const char *what[NCOL] = { "id", "from", "until" };
	int i, rc = FR_OK;
	long need = 0;

	if (r->field == 1 && r->recempty)
		goto out;	/* a blank line */
	if (r->need_header) {
		r->need_header = 0;
		for (i = 0; i < NCOL; i++) {
			if (r->cname[i] == NULL || r->col[i] >= 0)
				continue;
			/*
			 * The header's cells are not repeated: without a
			 * header row they would be somebody's id.
			 */
			if (*r->cname[i] == '\0')
				rc = fatal(r, r->recline, "no 'person_id' or 'id' "
				    "column in the header row (columns: %s); name "
				    "the id column with --id-column, or give "
				    "--no-header", fr_idread_header_names(r));
			else
				rc = fatal(r, r->recline, "no %s column '%s' in "
				    "the header row (columns: %s)", what[i],
				    r->cname[i], fr_idread_header_names(r));
			goto out;
		}
		goto out;
	}
	for (i = 0; i < NCOL; i++) {
		if (r->cname[i] != NULL && r->col[i] < 0) {
			/* Named but there was no header to find it in. */
			rc = fatal(r, r->recline, "column '%s' needs a header "
			    "row", r->cname[i]);
			goto out;
		}
		if (r->col[i] >= need)
			need = r->col[i] + 1;
	}
	if (r->toolong) {
		rc = fr_idread_invalid(r, r->recline, "cell longer than %d bytes",
		    MAXFIELD);
		goto out;
	}
	if ((long)r->field < need) {
		rc = fr_idread_invalid(r, r->recline, "expected at least %ld "
		    "fields, found %zu", need, r->field);
		goto out;
	}
	rc = deliver(r, r->fb[0].p ? r->fb[0].p : "", r->fb[0].n,
	    r->col[1] >= 0 ? (r->fb[1].p ? r->fb[1].p : "") : NULL, r->fb[1].n,
	    r->col[2] >= 0 ? (r->fb[2].p ? r->fb[2].p : "") : NULL, r->fb[2].n,
	    r->recline);
out:
	csv_reset(r);
	return rc;
}

/*
 * Runs a block of CSV input through the state machine, ending cells and
 * records as they close; returns at the first error not skipped.
 */
static int
csv_feed(struct fr_idread *r, const char *buf, size_t len)
{
	size_t i;
	int rc;
	char c;

	for (i = 0; i < len; i++) {
		c = buf[i];
		if (r->skip_lf) {
			r->skip_lf = 0;
			if (c == '\n')
				continue;
		}
		switch (r->state) {
		case S_START:
			if (r->field == 0)
				r->recline = r->line;
			csv_field_start(r);
			if (c == '"') {
				r->state = S_Q;
				r->recempty = 0;
				break;
			}
			r->state = S_UNQ;
			/* FALLTHROUGH */
		case S_UNQ:
			if (r->want == NULL) {
				/* Skip a cell nobody asked for quickly. */
				while (c != ',' && c != '\n' && c != '\r' &&
				    i + 1 < len) {
					r->recempty = 0;
					c = buf[++i];
				}
			}
			if (c == ',') {
				r->recempty = 0;
				csv_field_end(r);
				r->state = S_START;
			} else if (c == '\n' || c == '\r') {
				csv_field_end(r);
				r->state = S_START;
				r->skip_lf = c == '\r';
				rc = csv_record_end(r);
				r->line++;
				if (rc != FR_OK)
					return rc;
			} else {
				r->recempty = 0;
				csv_append(r, c);
			}
			break;
		case S_Q:
			if (c == '"')
				r->state = S_QQ;
			else {
				if (c == '\n')
					r->line++;
				csv_append(r, c);
			}
			break;
		case S_QQ:
			if (c == '"') {
				csv_append(r, '"');
				r->state = S_Q;
			} else if (c == ',') {
				csv_field_end(r);
				r->state = S_START;
			} else if (c == '\n' || c == '\r') {
				csv_field_end(r);
				r->state = S_START;
				r->skip_lf = c == '\r';
				rc = csv_record_end(r);
				r->line++;
				if (rc != FR_OK)
					return rc;
			} else {
				r->state = S_BAD;
				rc = csv_bad(r, "unexpected character after a "
				    "closing quote");
				if (rc != FR_OK)
					return rc;
			}
			break;
		case S_BAD:
			/* Resynchronise at the end of the line. */
			if (c == '\n' || c == '\r') {
				r->skip_lf = c == '\r';
				r->line++;
				r->state = S_START;
				if (r->need_header)
					r->need_header = 0;
				csv_reset(r);
			}
			break;
		}
	}
	return FR_OK;
}

/*
 * Finishes CSV input: a quoted cell left open is invalid, and a last record
 * without a newline is delivered.
 */
static int
csv_end(struct fr_idread *r)
{
	switch (r->state) {
	case S_Q:
		return csv_bad(r, "quoted field not closed at end of input");
	case S_BAD:
		return FR_OK;
	case S_START:
		if (r->field == 0)
			return FR_OK;
		/* "a,b," at the end: the empty last cell still counts. */
		csv_field_start(r);
		/* FALLTHROUGH */
	default:
		csv_field_end(r);
		return csv_record_end(r);
	}
}

/* ---- NDJSON ---- */

/* A string, or an integer that fits a double exactly, as id text. */
static const char *
json_text(const cJSON *v, char *tmp, size_t tmplen)
{
	if (cJSON_IsString(v))
		return v->valuestring;
	if (cJSON_IsNumber(v) && v->valuedouble == floor(v->valuedouble) &&
	    fabs(v->valuedouble) < 9007199254740992.0) {
		snprintf(tmp, tmplen, "%.0f", v->valuedouble);
		return tmp;
	}
	return NULL;
}

/*
 * 1 when the line holds the escape \u0000: cJSON ends a string at the NUL
 * it decodes, so "A\u0000X" and "A\u0000Y" would count as one person.
 */
static int
nd_nul_escape(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i + 5 < n; i++) {
		if (p[i] != '\\')
			continue;
		if (p[i + 1] == 'u' && memcmp(p + i + 2, "0000", 4) == 0)
			return 1;
		i++;	/* the escaped character: "\\u0000" is no NUL */
	}
	return 0;
}

/*
 * Reads one NDJSON line (without its newline) and delivers its id, with its
 * from and until fields when asked for; a blank line is skipped. FR_OK, or
 * the invalid row's error.
 */
static int
nd_line(struct fr_idread *r, const char *p, size_t n)
{
	cJSON *o = NULL, *v;
	const char *idf = r->o->id_field, *id, *from = NULL, *until = NULL;
	char tmp[32];
	int rc = FR_OK;
	size_t k;

	if (n > 0 && p[n - 1] == '\r')
		n--;
	for (k = 0; k < n && isspace((unsigned char)p[k]); k++)
		;
	if (k == n)
		return FR_OK;	/* a blank line */
	if (nd_nul_escape(p, n))
		return fr_idread_invalid(r, r->line, "a string holds \\u0000 "
		    "(NUL), which an id may not contain");
	o = cJSON_ParseWithLength(p, n);
	if (o == NULL) {
		rc = fr_idread_invalid(r, r->line, "invalid JSON");
		goto out;
	}
	if (!cJSON_IsObject(o)) {
		rc = fr_idread_invalid(r, r->line, "expected a JSON object");
		goto out;
	}
	if (idf == NULL)
		idf = cJSON_GetObjectItemCaseSensitive(o, "person_id") ?
		    "person_id" : "id";
	v = cJSON_GetObjectItemCaseSensitive(o, idf);
	if (v == NULL) {
		rc = fr_idread_invalid(r, r->line, "no field '%s'", idf);
		goto out;
	}
	if ((id = json_text(v, tmp, sizeof tmp)) == NULL) {
		rc = fr_idread_invalid(r, r->line, "field '%s' is not a string "
		    "or an exact integer", idf);
		goto out;
	}
	if (r->o->from_field != NULL) {
		v = cJSON_GetObjectItemCaseSensitive(o, r->o->from_field);
		from = cJSON_IsString(v) ? v->valuestring : "";
	}
	if (r->o->until_field != NULL) {
		v = cJSON_GetObjectItemCaseSensitive(o, r->o->until_field);
		until = cJSON_IsString(v) ? v->valuestring : "";
	}
	rc = deliver(r, id, strlen(id), from, from ? strlen(from) : 0, until,
	    until ? strlen(until) : 0, r->line);
out:
	cJSON_Delete(o);
	return rc;
}

/*
 * Splits a block of NDJSON input into lines, keeping a partial line for the
 * next block; a line longer than MAXLINE bytes is invalid.
 */
static int
nd_feed(struct fr_idread *r, const char *buf, size_t len)
{
	const char *nl;
	size_t take;
	int rc;

	while (len > 0) {
		nl = memchr(buf, '\n', len);
		take = nl ? (size_t)(nl - buf) : len;
		if (nl != NULL && r->ln.n == 0 && !r->toolong && take <= MAXLINE) {
			/* A whole line in the block: no copy. */
			rc = nd_line(r, buf, take);
			r->line++;
			if (rc != FR_OK)
				return rc;
			buf += take + 1;
			len -= take + 1;
			continue;
		}
		if (!r->toolong) {
			if (r->ln.n + take > MAXLINE)
				r->toolong = 1;
			else
				buf_puts(&r->ln, buf, take);
		}
		if (nl == NULL)
			break;
		if (r->toolong)
			rc = fr_idread_invalid(r, r->line, "line longer than %d "
			    "bytes", MAXLINE);
		else
			rc = nd_line(r, r->ln.p ? r->ln.p : "", r->ln.n);
		r->ln.n = 0;
		r->toolong = 0;
		r->line++;
		if (rc != FR_OK)
			return rc;
		buf += take + 1;
		len -= take + 1;
	}
	return FR_OK;
}

/* ---- both ---- */

/* Passes input that follows any byte-order mark to the CSV or NDJSON reader. */
static int
feed_body(struct fr_idread *r, const char *buf, size_t len)
{
	return r->fmt == FR_IDFMT_CSV ? csv_feed(r, buf, len) :
	    nd_feed(r, buf, len);
}

int
fr_idread_feed(struct fr_idread *r, const char *buf, size_t len)
{
	static const unsigned char bom[3] = { 0xef, 0xbb, 0xbf };
	int rc;

	if (r->failed)
		return FR_EINVAL;
	/* A UTF-8 byte-order mark (spreadsheet exports) is not data. */
	while (!r->started && len > 0) {
		if ((unsigned char)*buf != bom[r->npre]) {
			r->started = 1;
			if (r->npre > 0 &&
			    (rc = feed_body(r, (const char *)bom, r->npre)) != FR_OK)
				return rc;
			break;
		}
		r->pre[r->npre++] = (unsigned char)*buf++;
		len--;
		if (r->npre == 3)
			r->started = 1;
	}
	if (len == 0)
		return FR_OK;
	return feed_body(r, buf, len);
}

int
fr_idread_end(struct fr_idread *r)
{
	int rc;

	if (r->failed)
		return FR_EINVAL;
	if (!r->started && r->npre > 0 &&
	    (rc = feed_body(r, (const char *)r->pre, r->npre)) != FR_OK)
		return rc;
	r->started = 1;
	if (r->fmt == FR_IDFMT_CSV)
		return csv_end(r);
	if (r->ln.n > 0 || r->toolong) {
		rc = r->toolong ? fr_idread_invalid(r, r->line, "line longer "
		    "than %d bytes", MAXLINE) : nd_line(r, r->ln.p, r->ln.n);
		r->ln.n = 0;
		return rc;
	}
	return FR_OK;
}
