/*
 * xlsxin.c — person-id exports saved as XLSX workbooks (xlsxin.h).
 *
 * libzip opens the archive where it lies in memory and inflates one
 * member at a time; libxml2's xmlTextReader pulls the XML through it a
 * node at a time, so a worksheet of a million rows is never held whole.
 * Parsing is without network access or entity substitution.
 */
#include "core/xlsxin.h"
#include "core/date.h"
#include "core/fr.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/xmlreader.h>
#include <zip.h>

#define XML_OPTS	(XML_PARSE_NONET | XML_PARSE_NOERROR | \
			XML_PARSE_NOWARNING | XML_PARSE_NOBLANKS)
#define SST_MAX		(64ul << 20)	/* shared strings */
#define SST_BYTES	(1ul << 30)	/* bytes in them */
#define CELL_MAX	FR_IDREAD_MAXFIELD
#define NCOL		3		/* id, from, until */
#define COL_MAX		16384		/* Excel's last column, XFD */

struct sbuf {
	char *p;
	size_t n, cap;
	int toolong;
};

struct xin {
	zip_t *z;
	const char *name;
	struct fr_diags *d;
	struct fr_idread *r;
	const struct fr_idread_opts *o;
	char **sst;
	size_t nsst, sstbytes;
	int date1904;
};

/* One cell of a wanted column in the current row. */
struct cell {
	int set;
	char type;		/* 's' shared, 'i' inline/str, 'n' number,
				   'b' boolean, 'e' error, 'd' ISO date */
	struct sbuf v;
	char ref[16];
};

/* Appends n bytes to a cell's text, or marks it too long past CELL_MAX. */
static void
sb_put(struct sbuf *b, const char *s, size_t n)
{
	if (b->n + n > CELL_MAX) {
		b->toolong = 1;
		return;
	}
	FR_GROW(b->p, b->cap, b->n + n + 1, 64);
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
}

/* Empties a cell's text, wiping the bytes first (they may be an id). */
static void
sb_reset(struct sbuf *b)
{
	if (b->p != NULL)
		memset(b->p, 0, b->n);	/* clear ids do not linger */
	b->n = 0;
	b->toolong = 0;
}

/* A cell's text; "" before anything was put. */
static const char *
sb_str(const struct sbuf *b)
{
	return b->p != NULL ? b->p : "";
}

static void err(struct xin *, long, const char *, ...)
    __attribute__((format(printf, 3, 4)));

/* One error diagnostic on the workbook, at row line (0 for none). */
static void
err(struct xin *x, long line, const char *fmt, ...)
{
	va_list ap;
	char *m;

	va_start(ap, fmt);
	m = fr_xvasprintf(fmt, ap);
	va_end(ap);
	fr_diag_add(x->d, FR_SEV_ERROR, x->name, NULL, (int)line, 0,
	    "xlsx.invalid", "%s", m);
	free(m);
}

/* libxml2 reports through this instead of printing. */
static void
quiet(void *arg, xmlErrorPtr e)
{
	(void)arg;
	(void)e;
}

/* The reader's input: the next bytes of the inflated member; -1 on error. */
static int
zread(void *ctx, char *buf, int len)
{
	zip_int64_t n = zip_fread(ctx, buf, (zip_uint64_t)len);

	return n < 0 ? -1 : (int)n;
}

/* The reader's close hook: nothing, as close_member closes the member. */
static int
zclose(void *ctx)
{
	(void)ctx;
	return 0;
}

/* A member's XML reader, or NULL when the member is missing. */
static xmlTextReaderPtr
open_member(struct xin *x, const char *path, zip_file_t **zf)
{
	xmlTextReaderPtr rd;
	zip_int64_t i;

	*zf = NULL;
	if ((i = zip_name_locate(x->z, path, 0)) < 0 &&
	    (i = zip_name_locate(x->z, path, ZIP_FL_NOCASE)) < 0)
		return NULL;
	if ((*zf = zip_fopen_index(x->z, (zip_uint64_t)i, 0)) == NULL)
		return NULL;
	rd = xmlReaderForIO(zread, zclose, *zf, path, NULL, XML_OPTS);
	if (rd == NULL) {
		zip_fclose(*zf);
		*zf = NULL;
		return NULL;
	}
	xmlTextReaderSetStructuredErrorHandler(rd, quiet, NULL);
	return rd;
}

/* Frees a member's XML reader and closes the member; either may be NULL. */
static void
close_member(xmlTextReaderPtr rd, zip_file_t *zf)
{
	if (rd != NULL)
		xmlFreeTextReader(rd);
	if (zf != NULL)
		zip_fclose(zf);
}

/* Whether the current node (element or attribute) has this local name. */
static int
is(xmlTextReaderPtr rd, const char *local)
{
	const xmlChar *n = xmlTextReaderConstLocalName(rd);

	return n != NULL && strcmp((const char *)n, local) == 0;
}

/* An attribute by local name, whatever its prefix; the caller frees it. */
static char *
attr(xmlTextReaderPtr rd, const char *local)
{
	char *v = NULL;

	if (xmlTextReaderMoveToFirstAttribute(rd) != 1)
		return NULL;
	do {
		if (is(rd, local)) {
			v = fr_xstrdup((const char *)xmlTextReaderConstValue(rd));
			break;
		}
	} while (xmlTextReaderMoveToNextAttribute(rd) == 1);
	xmlTextReaderMoveToElement(rd);
	return v;
}

/* Whether a node of this type carries text (CDATA and white space too). */
static int
is_text(int type)
{
	return type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
	    type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE ||
	    type == XML_READER_TYPE_WHITESPACE;
}

/*
 * The workbook: which member holds the sheet wanted (the first, or the
 * one named), and whether dates count from 1904. *path is the caller's.
 */
static int
find_sheet(struct xin *x, const char *want, char **path)
{
	xmlTextReaderPtr rd;
	zip_file_t *zf;
	char *rid = NULL, *names = NULL, *n, *id, *target = NULL, *v;
	int rc, found = 0, nsheets = 0, type;

	*path = NULL;
	if ((rd = open_member(x, "xl/workbook.xml", &zf)) == NULL) {
		err(x, 0, "a ZIP archive but not an Excel workbook (no "
		    "xl/workbook.xml)");
		return FR_EINVAL;
	}
	while ((rc = xmlTextReaderRead(rd)) == 1) {
		type = xmlTextReaderNodeType(rd);
		if (type != XML_READER_TYPE_ELEMENT)
			continue;
		if (is(rd, "workbookPr") && (v = attr(rd, "date1904")) != NULL) {
			x->date1904 = strcmp(v, "1") == 0 ||
			    strcmp(v, "true") == 0;
			free(v);
		} else if (is(rd, "sheet")) {
			n = attr(rd, "name");
			id = attr(rd, "id");
			if (n != NULL && id != NULL && !found &&
			    (want == NULL || strcmp(n, want) == 0)) {
				found = 1;
				rid = id;
				id = NULL;
			}
			if (n != NULL && nsheets < 20) {
				v = fr_xasprintf("%s%s'%s'", names ? names : "",
				    names ? ", " : "", n);
				free(names);
				names = v;
			}
			nsheets++;
			free(n);
			free(id);
		}
	}
	close_member(rd, zf);
	if (rc != 0) {
		err(x, 0, "xl/workbook.xml is not well-formed XML");
		rc = FR_EINVAL;
		goto out;
	}
	if (!found) {
		if (want != NULL)
			err(x, 0, "no sheet '%s' in the workbook (sheets: %s)",
			    want, names ? names : "none");
		else
			err(x, 0, "the workbook has no sheets");
		rc = FR_EINVAL;
		goto out;
	}
	/* The sheet's relationship names its member. */
	if ((rd = open_member(x, "xl/_rels/workbook.xml.rels", &zf)) == NULL) {
		err(x, 0, "a workbook without xl/_rels/workbook.xml.rels");
		rc = FR_EINVAL;
		goto out;
	}
	while (target == NULL && (rc = xmlTextReaderRead(rd)) == 1) {
		if (xmlTextReaderNodeType(rd) != XML_READER_TYPE_ELEMENT ||
		    !is(rd, "Relationship"))
			continue;
		id = attr(rd, "Id");
		if (id != NULL && strcmp(id, rid) == 0)
			target = attr(rd, "Target");
		free(id);
	}
	close_member(rd, zf);
	if (target == NULL) {
		err(x, 0, "the workbook names a sheet it does not hold");
		rc = FR_EINVAL;
		goto out;
	}
	/* Targets are relative to xl/, or absolute within the archive. */
	*path = target[0] == '/' ? fr_xstrdup(target + 1) :
	    fr_xasprintf("xl/%s", target);
	rc = FR_OK;
out:
	free(target);
	free(rid);
	free(names);
	return rc;
}

/* Text cells live in one table; rich-text runs are joined, phonetic
 * guides (rPh) left out. */
static int
read_sst(struct xin *x)
{
	xmlTextReaderPtr rd;
	zip_file_t *zf;
	struct sbuf b = { 0 };
	size_t cap = 0;
	int rc, type, in_si = 0, in_t = 0, rph = 0, toomany = 0;

	if ((rd = open_member(x, "xl/sharedStrings.xml", &zf)) == NULL)
		return FR_OK;	/* a workbook without text */
	while ((rc = xmlTextReaderRead(rd)) == 1) {
		type = xmlTextReaderNodeType(rd);
		if (type == XML_READER_TYPE_ELEMENT) {
			if (is(rd, "si")) {
				in_si = 1;
				sb_reset(&b);
				if (!xmlTextReaderIsEmptyElement(rd))
					continue;
			} else if (is(rd, "rPh") &&
			    !xmlTextReaderIsEmptyElement(rd)) {
				rph++;
				continue;
			} else if (is(rd, "t") &&
			    !xmlTextReaderIsEmptyElement(rd)) {
				in_t = 1;
				continue;
			} else
				continue;
		} else if (type == XML_READER_TYPE_END_ELEMENT) {
			if (is(rd, "rPh") && rph > 0)
				rph--;
			else if (is(rd, "t"))
				in_t = 0;
			if (!is(rd, "si"))
				continue;
		} else {
			if (in_si && in_t && rph == 0 && is_text(type)) {
				const char *v =
				    (const char *)xmlTextReaderConstValue(rd);

				sb_put(&b, v, strlen(v));
			}
			continue;
		}
		/* The end of an si (or an empty one). */
		if (!in_si)
			continue;
		in_si = 0;
		if (x->nsst >= SST_MAX || x->sstbytes + b.n > SST_BYTES) {
			err(x, 0, "more shared strings than this reader takes");
			toomany = 1;
			break;
		}
		FR_GROW(x->sst, cap, x->nsst + 1, 1024);
		/* NULL: too long for an id or date (cell_text says so). */
		x->sst[x->nsst++] = b.toolong ? NULL : fr_xstrdup(sb_str(&b));
		x->sstbytes += b.n + 1;
	}
	close_member(rd, zf);
	sb_reset(&b);
	free(b.p);
	if (toomany)
		return FR_EINVAL;
	if (rc != 0) {
		err(x, 0, "xl/sharedStrings.xml is not well-formed XML");
		return FR_EINVAL;
	}
	return FR_OK;
}

/* "BC12" → column 54 (0-based); -1 when it is not a ref. */
static long
ref_col(const char *ref)
{
	long c = 0;
	const char *p;

	for (p = ref; *p >= 'A' && *p <= 'Z'; p++) {
		c = c * 26 + (*p - 'A' + 1);
		if (c > COL_MAX)
			return -1;
	}
	if (p == ref)
		return -1;
	return c - 1;
}

/* The letters of 0-based column c ("BC" for 54) into out, of cap bytes. */
static void
col_name(long c, char *out, size_t cap)
{
	char tmp[8];
	size_t n = 0, i;

	c++;
	while (c > 0 && n < sizeof tmp) {
		tmp[n++] = (char)('A' + (c - 1) % 26);
		c = (c - 1) / 26;
	}
	for (i = 0; i < n && i + 1 < cap; i++)
		out[i] = tmp[n - 1 - i];
	out[i] = '\0';
}

struct sheet {
	struct xin *x;
	long want[NCOL];		/* 0-based columns, -1 unknown */
	const char *cname[NCOL];	/* names to find in the header */
	int need_header;
	long row, col;			/* current row number and column */
	int rowcells;			/* cells with a value in this row */
	struct cell cur;		/* the cell being read */
	long curcol;
	struct cell cells[NCOL];
	int warned_numeric;
};

/* The text a cell stands for, or NULL (with *why) when it has none. */
static const char *
cell_text(struct sheet *s, struct cell *c, const char **why)
{
	char *end;
	unsigned long long i;

	*why = NULL;
	if (c->v.toolong) {
		*why = "longer than an id or date can be";
		return NULL;
	}
	switch (c->type) {
	case 's':
		errno = 0;
		i = strtoull(sb_str(&c->v), &end, 10);
		if (errno != 0 || end == sb_str(&c->v) || *end != '\0' ||
		    i >= s->x->nsst) {
			*why = "refers to a shared string the workbook lacks";
			return NULL;
		}
		if (s->x->sst[i] == NULL)
			*why = "longer than an id or date can be";
		return s->x->sst[i];
	case 'b':
		*why = "holds TRUE or FALSE";
		return NULL;
	case 'e':
		*why = "holds an Excel error value";
		return NULL;
	default:
		return sb_str(&c->v);
	}
}

/* Whether v is a finite number and nothing else; the number in *x. */
static int
is_number(const char *v, double *x)
{
	char *end;

	errno = 0;
	*x = strtod(v, &end);
	return end != v && *end == '\0' && errno == 0 && isfinite(*x);
}

/*
 * A date cell as YYYY-MM-DD (an Excel serial) or as written: 0 and *out
 * (NULL for no cell), or 1 when the row is not to be delivered (*rc says
 * whether the read goes on).
 */
static int
cell_date(struct sheet *s, struct cell *c, char *buf, const char **out,
    int *rc)
{
	const char *t, *why;
	double v;
	long days;
	int base;

	*out = NULL;
	if (!c->set)
		return 0;
	if ((t = cell_text(s, c, &why)) == NULL) {
		*rc = fr_idread_invalid(s->x->r, s->row, "cell %s %s, not a "
		    "date", c->ref, why);
		return 1;
	}
	if (c->type != 'n' || *t == '\0') {
		*out = t;
		return 0;
	}
	/* Serial 1 is 1900-01-01; 9999-12-31 is Excel's last day. */
	if (!is_number(t, &v) || v < 1 || v >= 2958466) {
		*rc = fr_idread_invalid(s->x->r, s->row, "cell %s: '%.40s' is "
		    "not a date (an Excel serial date from 1 to 2958465)",
		    c->ref, t);
		return 1;
	}
	days = (long)floor(v);
	if (s->x->date1904)
		base = fr_date_from_ymd(1904, 1, 1);
	else if (days >= 61)
		base = fr_date_from_ymd(1899, 12, 30);
	else if (days == 60) {
		/* Excel's 1900-02-29, a day that never was (Lotus 1-2-3). */
		*rc = fr_idread_invalid(s->x->r, s->row, "cell %s: the Excel "
		    "serial 60 (1900-02-29) is not a day", c->ref);
		return 1;
	} else
		base = fr_date_from_ymd(1899, 12, 31);
	fr_date_format(base + (int)days, buf);
	*out = buf;
	return 0;
}

/*
 * Hands a data row's id, and dates if wanted, to the id reader, after
 * checking a numeric id for Excel's rounding. FR_OK to read on.
 */
static int
deliver_row(struct sheet *s)
{
	struct cell *idc = &s->cells[0];
	const char *id = "", *from = NULL, *until = NULL, *why;
	char idbuf[32], fbuf[FR_DATE_LEN], ubuf[FR_DATE_LEN];
	double v;
	int rc;

	if (idc->set) {
		if ((id = cell_text(s, idc, &why)) == NULL)
			return fr_idread_invalid(s->x->r, s->row, "cell %s %s, "
			    "not an id", idc->ref, why);
		if (idc->type == 'n' && *id != '\0') {
			if (!is_number(id, &v))
				return fr_idread_invalid(s->x->r, s->row, "cell "
				    "%s: a number Excel could not have written",
				    idc->ref);
			/*
			 * Excel keeps 15 significant digits: a whole number
			 * of 16 digits or more was rounded when it was typed
			 * or imported (an 18-digit ID number, say).
			 */
			if (v == floor(v) && fabs(v) >= 1e15)
				return fr_idread_fatal(s->x->r, s->row, "cell %s: "
				    "a numeric id of more than 15 digits: Excel "
				    "keeps only 15 significant digits, so it has "
				    "probably been rounded; format the id column "
				    "as text and enter or import the ids again",
				    idc->ref);
			if (!s->warned_numeric) {
				s->warned_numeric = 1;
				fr_diag_add(s->x->d, FR_SEV_WARNING, s->x->name,
				    NULL, (int)s->row, 0, "xlsx.numeric",
				    "the id column holds numbers: an id that "
				    "began with 0 has lost its leading zeros; "
				    "if ids can, format the column as text");
			}
			/* The number 1234567890 is the id "1234567890". */
			if (v == floor(v)) {
				snprintf(idbuf, sizeof idbuf, "%.0f", v);
				id = idbuf;
			}
		}
	}
	if (s->want[1] >= 0) {
		if (cell_date(s, &s->cells[1], fbuf, &from, &rc))
			return rc;
		if (from == NULL)
			from = "";
		if (s->want[2] >= 0) {
			if (cell_date(s, &s->cells[2], ubuf, &until, &rc))
				return rc;
			if (until == NULL)
				until = "";
		}
	}
	rc = fr_idread_row(s->x->r, id, strlen(id), from, from ?
	    strlen(from) : 0, until, until ? strlen(until) : 0, s->row);
	memset(idbuf, 0, sizeof idbuf);
	return rc;
}

/* The header row: which columns are wanted. */
static int
header_cell(struct sheet *s, struct cell *c, long col)
{
	const char *t, *why;
	size_t n;
	int i;

	if ((t = cell_text(s, c, &why)) == NULL)
		t = "";
	while (*t == ' ' || *t == '\t')
		t++;
	n = strlen(t);
	while (n > 0 && (t[n - 1] == ' ' || t[n - 1] == '\t'))
		n--;
	fr_idread_header_name(s->x->r, t, n);
	for (i = 0; i < NCOL; i++) {
		if (s->cname[i] == NULL || s->want[i] >= 0)
			continue;
		if (*s->cname[i] == '\0') {
			if ((n == 9 && strncasecmp(t, "person_id", 9) == 0) ||
			    (n == 2 && strncasecmp(t, "id", 2) == 0))
				s->want[i] = col;
		} else if (strlen(s->cname[i]) == n &&
		    strncmp(t, s->cname[i], n) == 0)
			s->want[i] = col;
	}
	return FR_OK;
}

/*
 * Ends the header row: FR_OK when every column asked for is there, else a
 * fatal error that lists the columns found.
 */
static int
end_header(struct sheet *s)
{
	static const char *what[NCOL] = { "id", "from", "until" };
	int i;

	s->need_header = 0;
	for (i = 0; i < NCOL; i++) {
		if (s->cname[i] == NULL || s->want[i] >= 0)
			continue;
		if (*s->cname[i] == '\0')
			return fr_idread_fatal(s->x->r, s->row, "no 'person_id' "
			    "or 'id' column in the header row (columns: %s); "
			    "name the id column with --id-column, or give "
			    "--no-header", fr_idread_header_names(s->x->r));
		return fr_idread_fatal(s->x->r, s->row, "no %s column '%s' in "
		    "the header row (columns: %s)", what[i], s->cname[i],
		    fr_idread_header_names(s->x->r));
	}
	return FR_OK;
}

/*
 * Ends a cell: in the header, a column name; after it, the value kept for
 * each wanted column it is. Empty cells are skipped.
 */
static int
end_cell(struct sheet *s)
{
	struct cell *c = &s->cur;
	int i;

	if (c->v.n == 0 && !c->v.toolong && c->type != 'e')
		return FR_OK;	/* a styled but empty cell */
	s->rowcells++;
	if (s->need_header)
		return header_cell(s, c, s->curcol);
	for (i = 0; i < NCOL; i++) {
		if (s->want[i] != s->curcol)
			continue;
		/* One column may serve twice (id and date). */
		s->cells[i].set = 1;
		s->cells[i].type = c->type;
		sb_reset(&s->cells[i].v);
		sb_put(&s->cells[i].v, sb_str(&c->v), c->v.n);
		s->cells[i].v.toolong = c->v.toolong;
		memcpy(s->cells[i].ref, c->ref, sizeof c->ref);
	}
	return FR_OK;
}

/*
 * Ends a row: checks the header or delivers the data row (blank rows
 * skipped), then clears the kept cells.
 */
static int
end_row(struct sheet *s)
{
	int i, rc = FR_OK;

	if (s->rowcells == 0)
		goto out;	/* a blank row */
	if (s->need_header)
		rc = end_header(s);
	else
		rc = deliver_row(s);
out:
	for (i = 0; i < NCOL; i++) {
		s->cells[i].set = 0;
		sb_reset(&s->cells[i].v);
	}
	s->rowcells = 0;
	return rc;
}

/*
 * Starts a cell: its column (from its reference, else the next one), its
 * reference for messages and its type.
 */
static void
start_cell(struct sheet *s, xmlTextReaderPtr rd)
{
	char *r = attr(rd, "r"), *t = attr(rd, "t");
	long c = r != NULL ? ref_col(r) : -1;

	s->curcol = c >= 0 ? c : s->curcol + 1;
	sb_reset(&s->cur.v);
	col_name(s->curcol, s->cur.ref, 8);
	snprintf(s->cur.ref + strlen(s->cur.ref),
	    sizeof s->cur.ref - strlen(s->cur.ref), "%ld", s->row);
	s->cur.type = 'n';
	if (t != NULL) {
		if (strcmp(t, "s") == 0)
			s->cur.type = 's';
		else if (strcmp(t, "str") == 0 || strcmp(t, "inlineStr") == 0)
			s->cur.type = 'i';
		else if (strcmp(t, "b") == 0)
			s->cur.type = 'b';
		else if (strcmp(t, "e") == 0)
			s->cur.type = 'e';
		else if (strcmp(t, "d") == 0)
			s->cur.type = 'd';
	}
	free(r);
	free(t);
}

/*
 * Streams the sheet at path row by row into the id reader, taking the wanted
 * columns by number or by their names in the header row. FR_OK, or an error
 * already reported.
 */
static int
read_sheet(struct xin *x, const char *path)
{
	xmlTextReaderPtr rd;
	zip_file_t *zf;
	struct sheet s;
	const struct fr_idread_opts *o = x->o;
	const char *spec[NCOL];
	int rc = FR_OK, xr, type, i, in_data = 0, in_v = 0, in_is = 0;
	int in_t = 0, rph = 0, in_c = 0;
	long long v;
	char *a;

	memset(&s, 0, sizeof s);
	s.x = x;
	s.curcol = -1;
	spec[0] = o->id_column;
	spec[1] = o->from_column;
	spec[2] = o->until_column;
	for (i = 0; i < NCOL; i++) {
		s.want[i] = -1;
		if (i == 0 && spec[0] == NULL) {
			if (o->no_header)
				s.want[0] = 0;
			else
				s.cname[0] = "";	/* person_id or id */
			continue;
		}
		if (spec[i] == NULL)
			continue;
		if (fr_parse_ll(spec[i], 1, COL_MAX, &v) == FR_OK)
			s.want[i] = (long)v - 1;
		else if (o->no_header) {
			err(x, 0, "column '%s' needs a header row", spec[i]);
			return FR_EINVAL;
		} else
			s.cname[i] = spec[i];
	}
	s.need_header = !o->no_header;
	if ((rd = open_member(x, path, &zf)) == NULL) {
		err(x, 0, "the workbook lacks its sheet %s", path);
		return FR_EINVAL;
	}
	while (rc == FR_OK && (xr = xmlTextReaderRead(rd)) == 1) {
		type = xmlTextReaderNodeType(rd);
		if (type == XML_READER_TYPE_ELEMENT) {
			int empty = xmlTextReaderIsEmptyElement(rd);

			if (is(rd, "sheetData")) {
				in_data = !empty;
			} else if (!in_data) {
				continue;
			} else if (is(rd, "row")) {
				a = attr(rd, "r");
				if (a == NULL || fr_parse_ll(a, 1, 1 << 24, &v) !=
				    FR_OK)
					v = s.row + 1;
				free(a);
				s.row = (long)v;
				s.curcol = -1;
				s.rowcells = 0;
				if (empty)
					rc = end_row(&s);
			} else if (is(rd, "c")) {
				start_cell(&s, rd);
				in_c = !empty;
				if (empty)
					rc = end_cell(&s);
			} else if (in_c && is(rd, "v")) {
				in_v = !empty;
			} else if (in_c && is(rd, "is")) {
				in_is = !empty;
			} else if (in_is && is(rd, "rPh")) {
				rph += !empty;
			} else if (in_is && is(rd, "t")) {
				in_t = !empty;
			}
		} else if (type == XML_READER_TYPE_END_ELEMENT) {
			if (is(rd, "sheetData"))
				in_data = 0;
			else if (!in_data)
				continue;
			else if (is(rd, "v"))
				in_v = 0;
			else if (is(rd, "is"))
				in_is = 0;
			else if (is(rd, "rPh") && rph > 0)
				rph--;
			else if (is(rd, "t"))
				in_t = 0;
			else if (is(rd, "c") && in_c) {
				in_c = in_v = in_is = in_t = rph = 0;
				rc = end_cell(&s);
			} else if (is(rd, "row"))
				rc = end_row(&s);
		} else if (in_c && is_text(type) &&
		    (in_v || (in_is && in_t && rph == 0))) {
			const char *t = (const char *)xmlTextReaderConstValue(rd);

			sb_put(&s.cur.v, t, strlen(t));
		}
	}
	if (rc == FR_OK && xr != 0) {
		err(x, s.row, "the sheet is not well-formed XML (or the "
		    "archive is damaged)");
		rc = FR_EINVAL;
	}
	if (rc == FR_OK && s.need_header)
		rc = end_header(&s);	/* an empty sheet names no column */
	close_member(rd, zf);
	sb_reset(&s.cur.v);
	free(s.cur.v.p);
	for (i = 0; i < NCOL; i++) {
		sb_reset(&s.cells[i].v);
		free(s.cells[i].v.p);
	}
	return rc;
}

int
fr_xlsx_read(const char *data, size_t len, const char *sheet,
    const struct fr_idread_opts *o, struct fr_idread *r, const char *name,
    struct fr_diags *d)
{
	struct xin x;
	zip_source_t *src;
	zip_error_t ze;
	char *path = NULL;
	size_t i;
	int rc;

	memset(&x, 0, sizeof x);
	x.name = name;
	x.d = d;
	x.r = r;
	x.o = o;
	zip_error_init(&ze);
	if ((src = zip_source_buffer_create(data, len, 0, &ze)) == NULL ||
	    (x.z = zip_open_from_source(src, ZIP_RDONLY, &ze)) == NULL) {
		err(&x, 0, "a damaged ZIP archive: %s", zip_error_strerror(&ze));
		zip_source_free(src);
		zip_error_fini(&ze);
		return FR_EINVAL;
	}
	zip_error_fini(&ze);
	if ((rc = find_sheet(&x, sheet, &path)) == FR_OK &&
	    (rc = read_sst(&x)) == FR_OK)
		rc = read_sheet(&x, path);
	free(path);
	zip_discard(x.z);
	for (i = 0; i < x.nsst; i++) {
		if (x.sst[i] != NULL)
			memset(x.sst[i], 0, strlen(x.sst[i]));
		free(x.sst[i]);
	}
	free(x.sst);
	return rc;
}

