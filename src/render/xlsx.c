/*
 * xlsx.c — the XLSX back end (see xlsx.h). The only file that includes
 * libxlsxwriter's header.
 *
 * Each document becomes a worksheet laid out on a grid of columns: column
 * A holds labels, the others values (a key-value row merges them), grid
 * tables use as many columns as they have. Row heights are estimated from
 * the text so wrapped cells show whole in readers that do not refit rows.
 */
#include "render/xlsx.h"

#include "core/fr.h"
#include "render/font.h"

#include <xlsxwriter.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAXCOLS 16

struct fmts {
	lxw_format *title, *heading, *para, *note, *label, *value, *section,
	    *hdr, *cell, *center;
};

/* Display width in character cells: Chinese characters count two. */
static double
dispwidth(const char *s, double *longest_line)
{
	size_t len = strlen(s), off = 0;
	double w = 0, best = 0;

	while (off < len) {
		uint32_t cp;

		off += font_utf8_next(s + off, len - off, &cp);
		if (cp == '\n') {
			if (w > best)
				best = w;
			w = 0;
			continue;
		}
		w += font_is_cjk(cp, 1) ? 2 : 1.1;
	}
	if (w > best)
		best = w;
	if (longest_line != NULL)
		*longest_line = best;
	return best;
}

/* Lines a text needs in a column `width` characters wide. */
static int
nlines(const char *s, double width)
{
	size_t len = strlen(s), off = 0;
	double w = 0;
	int n = 1;

	if (width < 4)
		width = 4;
	while (off < len) {
		uint32_t cp;
		double cw;

		off += font_utf8_next(s + off, len - off, &cp);
		if (cp == '\n') {
			n++;
			w = 0;
			continue;
		}
		cw = font_is_cjk(cp, 1) ? 2 : 1.1;
		if (w + cw > width) {
			n++;
			w = 0;
		}
		w += cw;
	}
	return n;
}

/*
 * A new cell format, top-aligned: bold, a size in points (0: the default),
 * wrapped, a thin border, a grey fill and a horizontal alignment (0: none)
 * as asked.
 */
static lxw_format *
mkfmt(lxw_workbook *wb, int bold, double size, int wrap, int border,
    int fill, int align)
{
	lxw_format *f = workbook_add_format(wb);

	if (bold)
		format_set_bold(f);
	if (size > 0)
		format_set_font_size(f, size);
	if (wrap)
		format_set_text_wrap(f);
	if (border)
		format_set_border(f, LXW_BORDER_THIN);
	if (fill)
		format_set_bg_color(f, 0xE6E6E6);
	if (align)
		format_set_align(f, (uint8_t)align);
	format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
	return f;
}

/* The hidden sheet of drop-down choices, each distinct list once. */
struct lists {
	lxw_worksheet *ws;
	lxw_row_t next;
	struct {
		char *key;		/* the choices joined by newlines */
		lxw_row_t first, last;
	} *v;
	size_t n;
};

struct sheet {
	lxw_worksheet *ws;
	struct lists *lists;
	struct fmts *f;
	const struct doc *d;
	size_t ncols;
	double cw[MAXCOLS];
	lxw_row_t row;
	int frozen;
	lxw_row_t breaks[64];
	size_t nbreaks;
	int zh;
};

/* The width in characters of the sheet's columns from..to. */
static double
span_width(const struct sheet *s, size_t from, size_t to)
{
	double w = 0;
	size_t c;

	for (c = from; c <= to && c < s->ncols; c++)
		w += s->cw[c];
	return w;
}

/* Sets the current row's height for a number of lines at a font size. */
static void
height(struct sheet *s, int lines, double size)
{
	worksheet_set_row(s->ws, s->row, (size > 11 ? size * 1.5 : 15) * lines,
	    NULL);
}

/*
 * Writes text on a row of its own across all the sheet's columns, tall
 * enough for its wrapped lines at size.
 */
static void
merged(struct sheet *s, const char *text, lxw_format *f, double size)
{
	if (s->ncols > 1)
		worksheet_merge_range(s->ws, s->row, 0, s->row,
		    (lxw_col_t)(s->ncols - 1), text, f);
	else
		worksheet_write_string(s->ws, s->row, 0, text, f);
	height(s, nlines(text, span_width(s, 0, s->ncols - 1) *
	    (size > 11 ? 11 / size : 1)), size);
	s->row++;
}

/*
 * Keeps the current row (a header) in view and prints it atop every page;
 * once a sheet.
 */
static void
freeze(struct sheet *s)
{
	if (!s->frozen) {
		worksheet_freeze_panes(s->ws, s->row + 1, 0);
		worksheet_repeat_rows(s->ws, s->row, s->row);
		s->frozen = 1;
	}
}

/*
 * Writes a table's header row of n cells, the last spanning the remaining
 * columns; the sheet's first one is frozen (freeze).
 */
static void
header_row(struct sheet *s, const char *const *h, size_t n)
{
	size_t c;

	freeze(s);
	for (c = 0; c < n && c < s->ncols; c++) {
		if (c == n - 1 && n < s->ncols)
			worksheet_merge_range(s->ws, s->row, (lxw_col_t)c,
			    s->row, (lxw_col_t)(s->ncols - 1), h[c], s->f->hdr);
		else
			worksheet_write_string(s->ws, s->row, (lxw_col_t)c,
			    h[c], s->f->hdr);
	}
	s->row++;
}

/* A drop-down list: the choices go to a hidden sheet, so any number of
 * them fits (an inline list is limited to 255 characters). */
static void
validation(struct sheet *s, lxw_col_t col, char *const *opts, size_t n)
{
	lxw_data_validation dv;
	struct lists *l = s->lists;
	char *formula, *key = NULL;
	lxw_row_t first = 0, last = 0;
	size_t i, k;

	if (n == 0)
		return;
	for (i = 0; i < n; i++) {
		char *nk = fr_xasprintf("%s%s\n", key != NULL ? key : "",
		    opts[i]);

		free(key);
		key = nk;
	}
	for (k = 0; k < l->n; k++)
		if (strcmp(l->v[k].key, key) == 0)
			break;
	if (k < l->n) {
		free(key);
		first = l->v[k].first;
		last = l->v[k].last;
	} else {
		first = l->next;
		for (i = 0; i < n; i++)
			worksheet_write_string(l->ws, l->next++, 0, opts[i],
			    NULL);
		last = l->next - 1;
		l->v = fr_xreallocarray(l->v, l->n + 1, sizeof *l->v);
		l->v[l->n].key = key;
		l->v[l->n].first = first;
		l->v[l->n].last = last;
		l->n++;
	}
	formula = fr_xasprintf("=lists!$A$%u:$A$%u", (unsigned)first + 1,
	    (unsigned)last + 1);
	memset(&dv, 0, sizeof dv);
	dv.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
	dv.value_formula = formula;
	dv.error_type = LXW_VALIDATION_ERROR_TYPE_WARNING;
	worksheet_data_validation_cell(s->ws, s->row, col, &dv);
	free(formula);
}

/*
 * Writes a key-value block: the label in column A, the value across the
 * rest with a drop-down when the row has choices; its header row once a
 * sheet (*kvhdr).
 */
static void
kv(struct sheet *s, const struct doc_block *b, int *kvhdr)
{
	size_t i;
	lxw_col_t last = (lxw_col_t)(s->ncols - 1);

	if (!*kvhdr) {
		const char *h[2];

		h[0] = s->zh ? "项目" : "Item";
		h[1] = s->zh ? "内容" : "Value";
		header_row(s, h, 2);
		*kvhdr = 1;
	}
	for (i = 0; i < b->nkv; i++) {
		const struct doc_kv_row *r = &b->kv[i];
		int l1, l2;

		if (r->section) {
			merged(s, r->label, s->f->section, 11);
			continue;
		}
		worksheet_write_string(s->ws, s->row, 0, r->label, s->f->label);
		if (last > 1)
			worksheet_merge_range(s->ws, s->row, 1, s->row, last,
			    r->value, s->f->value);
		else
			worksheet_write_string(s->ws, s->row, 1, r->value,
			    s->f->value);
		validation(s, 1, r->options, r->noptions);
		l1 = nlines(r->label, s->cw[0]);
		l2 = nlines(r->value, span_width(s, 1, last));
		height(s, l1 > l2 ? l1 : l2, 11);
		s->row++;
	}
}

/*
 * Writes a grid block: its header row, then its rows, the last cell
 * spanning the remaining columns.
 */
static void
grid(struct sheet *s, const struct doc_block *b)
{
	size_t i, c, n = b->ncols < s->ncols ? b->ncols : s->ncols;

	header_row(s, (const char *const *)b->header, n);
	for (i = 0; i < b->nrows; i++) {
		int lines = 1;

		for (c = 0; c < n; c++) {
			const char *t = b->cells[i * b->ncols + c];
			int l;

			if (c == n - 1 && n < s->ncols) {
				worksheet_merge_range(s->ws, s->row,
				    (lxw_col_t)c, s->row,
				    (lxw_col_t)(s->ncols - 1), t, s->f->cell);
				l = nlines(t, span_width(s, c, s->ncols - 1));
			} else {
				worksheet_write_string(s->ws, s->row,
				    (lxw_col_t)c, t, s->f->cell);
				l = nlines(t, s->cw[c]);
			}
			if (l > lines)
				lines = l;
		}
		height(s, lines, 11);
		s->row++;
	}
}

/*
 * Writes a checklist: number, material, status and notes, the status a
 * drop-down of the block's done and to-do wordings.
 */
static void
checklist(struct sheet *s, const struct doc_block *b)
{
	const char *h[4];
	char *opts[2];
	size_t i;

	h[0] = !b->en ? "序号" : "No.";
	h[1] = b->caption != NULL ? b->caption : !b->en ? "材料" : "Material";
	h[2] = !b->en ? "状态" : "Status";
	h[3] = !b->en ? "说明" : "Notes";
	header_row(s, h, 4);
	opts[0] = NULL;
	opts[1] = NULL;
	for (i = 0; i < b->nitems; i++) {
		const struct doc_check_item *it = &b->items[i];

		if (it->status == NULL)
			continue;
		if (it->done && opts[0] == NULL)
			opts[0] = it->status;
		if (!it->done && opts[1] == NULL)
			opts[1] = it->status;
	}
	for (i = 0; i < b->nitems; i++) {
		const struct doc_check_item *it = &b->items[i];
		const char *note = it->note != NULL ? it->note : "";
		int l1, l2;

		worksheet_write_number(s->ws, s->row, 0, (double)(i + 1),
		    s->f->center);
		worksheet_write_string(s->ws, s->row, 1, it->text, s->f->cell);
		worksheet_write_string(s->ws, s->row, 2,
		    it->status != NULL ? it->status : "", s->f->cell);
		if (s->ncols > 4)
			worksheet_merge_range(s->ws, s->row, 3, s->row,
			    (lxw_col_t)(s->ncols - 1), note, s->f->cell);
		else
			worksheet_write_string(s->ws, s->row, 3, note,
			    s->f->cell);
		if (opts[0] != NULL && opts[1] != NULL)
			validation(s, 2, opts, 2);
		l1 = nlines(it->text, s->cw[1]);
		l2 = nlines(note, span_width(s, 3, s->ncols - 1));
		height(s, l1 > l2 ? l1 : l2, 11);
		s->row++;
	}
}

/*
 * Writes a signature block after a blank row: each label with its value,
 * then the seal and the date line.
 */
static void
signature(struct sheet *s, const struct doc_block *b)
{
	size_t i;

	s->row++;
	for (i = 0; i < b->nsign; i++) {
		worksheet_write_string(s->ws, s->row, 0, b->sign[i].label,
		    s->f->label);
		worksheet_write_string(s->ws, s->row, 1,
		    b->sign[i].value != NULL ? b->sign[i].value : "",
		    s->f->value);
		height(s, 2, 11);
		s->row++;
	}
	if (b->seal != NULL) {
		worksheet_write_string(s->ws, s->row, 1, b->seal, s->f->note);
		s->row++;
	}
	if (b->date != NULL) {
		worksheet_write_string(s->ws, s->row, 1, b->date, s->f->value);
		s->row++;
	}
}

/* Column widths from the content: labels in A, values after. */
static void
widths(struct sheet *s)
{
	size_t i, j, c;
	double lab = 10, val = 30;

	s->ncols = 2;
	for (i = 0; i < s->d->n; i++) {
		const struct doc_block *b = s->d->blocks[i];

		if (b->kind == DOC_GRID && b->ncols > s->ncols)
			s->ncols = b->ncols > MAXCOLS ? MAXCOLS : b->ncols;
		if (b->kind == DOC_CHECKLIST && s->ncols < 4)
			s->ncols = 4;
	}
	for (c = 0; c < MAXCOLS; c++)
		s->cw[c] = 8;
	for (i = 0; i < s->d->n; i++) {
		const struct doc_block *b = s->d->blocks[i];
		double w;

		if (b->kind == DOC_KV)
			for (j = 0; j < b->nkv; j++) {
				if (b->kv[j].section)
					continue;
				if ((w = dispwidth(b->kv[j].label, NULL)) > lab)
					lab = w;
				if ((w = dispwidth(b->kv[j].value, NULL)) > val)
					val = w;
			}
		if (b->kind == DOC_SIGNATURE)
			for (j = 0; j < b->nsign; j++)
				if ((w = dispwidth(b->sign[j].label, NULL)) > lab)
					lab = w;
		if (b->kind == DOC_GRID)
			for (c = 0; c < b->ncols && c < MAXCOLS; c++) {
				if ((w = dispwidth(b->header[c], NULL)) + 2 >
				    s->cw[c])
					s->cw[c] = w + 2;
				for (j = 0; j < b->nrows; j++)
					if ((w = dispwidth(b->cells[j *
					    b->ncols + c], NULL)) + 1 > s->cw[c])
						s->cw[c] = w + 1;
			}
		if (b->kind == DOC_CHECKLIST)
			for (j = 0; j < b->nitems; j++) {
				if ((w = dispwidth(b->items[j].text, NULL)) >
				    s->cw[1])
					s->cw[1] = w + 1;
				if (b->items[j].status != NULL &&
				    (w = dispwidth(b->items[j].status,
				    NULL)) + 2 > s->cw[2])
					s->cw[2] = w + 2;
			}
	}
	for (c = 0; c < s->ncols; c++)
		if (s->cw[c] > 40)
			s->cw[c] = 40;
	if (lab > 34)
		lab = 34;
	if (lab + 1 > s->cw[0])
		s->cw[0] = lab + 1;
	/* The value area (columns B..) should hold a line of prose. */
	if (val > 70)
		val = 70;
	if (span_width(s, 1, s->ncols - 1) < val) {
		double add = (val - span_width(s, 1, s->ncols - 1)) /
		    (double)(s->ncols - 1);

		for (c = 1; c < s->ncols; c++)
			s->cw[c] += add;
	}
	for (c = 0; c < s->ncols; c++)
		worksheet_set_column(s->ws, (lxw_col_t)c, (lxw_col_t)c,
		    s->cw[c], NULL);
}

/*
 * The worksheet name of a document (caller frees): its sheet name or id,
 * with the characters Excel refuses turned into '_', cut to 31 characters.
 */
static char *
sheet_name(const struct doc *d)
{
	const char *base = d->sheet != NULL ? d->sheet : d->id;
	char *s = fr_xstrdup(base), *p;
	size_t len = 0, off = 0, n = strlen(s);

	for (p = s; *p != '\0'; p++)
		if (strchr("[]:*?/\\'", *p) != NULL)
			*p = '_';
	/* At most 31 characters (Excel's limit), cut on a character. */
	while (off < n && len < 31) {
		uint32_t cp;

		off += font_utf8_next(s + off, n - off, &cp);
		len++;
	}
	s[off] = '\0';
	return s;
}

/*
 * Adds the document's worksheet, named idx + 1 when Excel refuses its name;
 * NULL when that fails too.
 */
static lxw_worksheet *
add_sheet(lxw_workbook *wb, const struct doc *d, size_t idx)
{
	char *name = sheet_name(d);
	lxw_worksheet *ws = workbook_add_worksheet(wb, name);

	if (ws == NULL) {
		/* A clash or a name Excel refuses: number it instead. */
		free(name);
		name = fr_xasprintf("%zu", idx + 1);
		ws = workbook_add_worksheet(wb, name);
	}
	free(name);
	return ws;
}

/*
 * Lays out one document on its worksheet: column widths, A4 page setup, a
 * footer with the title and page numbers, each block in order and the page
 * breaks.
 */
static void
sheet(lxw_worksheet *ws, struct lists *lists, struct fmts *f,
    const struct doc *d)
{
	struct sheet s;
	char *footer;
	int kvhdr = 0;
	size_t i;

	memset(&s, 0, sizeof s);
	s.ws = ws;
	s.lists = lists;
	s.f = f;
	s.d = d;
	s.zh = strncmp(d->lang, "zh", 2) == 0;
	widths(&s);
	worksheet_set_paper(s.ws, 9);			/* A4 */
	worksheet_set_portrait(s.ws);
	worksheet_fit_to_pages(s.ws, 1, 0);		/* fit to width */
	worksheet_set_margins(s.ws, 0.7, 0.6, 0.8, 0.8);
	footer = fr_xasprintf(s.zh ? "&L%s&R第 &P 页 共 &N 页" :
	    "&L%s&RPage &P of &N", d->title != NULL ? d->title : "");
	worksheet_set_footer(s.ws, footer);
	free(footer);
	for (i = 0; i < d->n; i++) {
		const struct doc_block *b = d->blocks[i];

		switch (b->kind) {
		case DOC_TITLE:
			merged(&s, b->text, f->title, 16);
			break;
		case DOC_SUBTITLE:
			merged(&s, b->text, f->heading, 11);
			break;
		case DOC_HEADING:
			s.row += s.row > 0;
			merged(&s, b->text, f->heading, 12);
			break;
		case DOC_PARA:
			merged(&s, b->text, f->para, 11);
			break;
		case DOC_NOTE:
			merged(&s, b->text, f->note, 9);
			break;
		case DOC_KV:
			kv(&s, b, &kvhdr);
			break;
		case DOC_GRID:
			grid(&s, b);
			break;
		case DOC_CHECKLIST:
			checklist(&s, b);
			break;
		case DOC_SIGNATURE:
			signature(&s, b);
			break;
		case DOC_PAGEBREAK:
			if (s.nbreaks + 1 < sizeof s.breaks / sizeof s.breaks[0])
				s.breaks[s.nbreaks++] = s.row;
			break;
		}
	}
	if (s.nbreaks > 0) {
		s.breaks[s.nbreaks] = 0;
		worksheet_set_h_pagebreaks(s.ws, s.breaks);
	}
}

/* s, or "" for NULL: libxlsxwriter's properties take no NULL. */
static char *
or_empty(const char *s)
{
	return (char *)(s != NULL ? s : "");
}

int
xlsx_write(const struct doc *const *docs, size_t n,
    const struct xlsx_meta *m, const char *path, mode_t mode, char **err)
{
	lxw_workbook_options opt;
	lxw_doc_properties props;
	lxw_workbook *wb = NULL;
	lxw_worksheet **ws;
	struct lists lists;
	struct fmts f;
	lxw_error e;
	size_t i;
	int fd, rc = FR_EIO;

	*err = NULL;
	/*
	 * Straight to path: the caller stages the whole package and puts
	 * it in place at once. Created here first for its mode.
	 */
	if (fr_write_file_new(path, "", 0, mode) != FR_OK) {
		*err = fr_xasprintf("%s: %s", path, strerror(errno));
		return FR_EIO;
	}
	memset(&opt, 0, sizeof opt);
	wb = workbook_new_opt(path, &opt);
	if (wb == NULL) {
		*err = fr_xasprintf("%s: cannot create the workbook", path);
		goto out;
	}
	memset(&props, 0, sizeof props);
	props.title = or_empty(m->title);
	props.subject = or_empty(m->subject);
	props.author = or_empty(m->author);
	props.company = or_empty(m->company);
	props.keywords = or_empty(m->keywords);
	props.comments = "frfile " FR_VERSION;
	/* Pinned so the same input gives the same bytes (SOURCE_DATE_EPOCH). */
	if (m->created >= 0)
		props.created = (time_t)m->created;
	workbook_set_properties(wb, &props);
	f.title = mkfmt(wb, 1, 16, 1, 0, 0, LXW_ALIGN_CENTER);
	format_set_align(f.title, LXW_ALIGN_VERTICAL_CENTER);
	f.heading = mkfmt(wb, 1, 12, 1, 0, 0, 0);
	f.para = mkfmt(wb, 0, 11, 1, 0, 0, 0);
	f.note = mkfmt(wb, 0, 9, 1, 0, 0, 0);
	format_set_italic(f.note);
	f.label = mkfmt(wb, 1, 11, 1, 1, 0, 0);
	f.value = mkfmt(wb, 0, 11, 1, 1, 0, 0);
	f.section = mkfmt(wb, 1, 11, 1, 1, 1, 0);
	f.hdr = mkfmt(wb, 1, 11, 1, 1, 1, LXW_ALIGN_CENTER);
	f.cell = mkfmt(wb, 0, 11, 1, 1, 0, 0);
	f.center = mkfmt(wb, 0, 11, 0, 1, 0, LXW_ALIGN_CENTER);
	/* Sheets are ordered by creation: the documents' first, then the
	 * hidden sheet holding the drop-down choices they refer to. */
	ws = fr_xcalloc(n + 1, sizeof *ws);
	for (i = 0; i < n; i++)
		ws[i] = add_sheet(wb, docs[i], i);
	memset(&lists, 0, sizeof lists);
	lists.ws = workbook_add_worksheet(wb, "lists");
	if (lists.ws == NULL)	/* a document's sheet has that name */
		lists.ws = workbook_add_worksheet(wb, "lists (choices)");
	for (i = 0; i < n; i++)
		if (ws[i] != NULL)
			sheet(ws[i], &lists, &f, docs[i]);
	worksheet_hide(lists.ws);
	for (i = 0; i < lists.n; i++)
		free(lists.v[i].key);
	free(lists.v);
	if (n > 0 && ws[0] != NULL)
		worksheet_activate(ws[0]);
	free(ws);
	e = workbook_close(wb);
	wb = NULL;
	if (e != LXW_NO_ERROR) {
		*err = fr_xasprintf("%s: %s", path, lxw_strerror(e));
		goto out;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd == -1 || fsync(fd) != 0) {
		*err = fr_xasprintf("%s: %s", path, strerror(errno));
		if (fd != -1)
			close(fd);
		goto out;
	}
	close(fd);
	rc = FR_OK;
out:
	if (rc != FR_OK)
		unlink(path);
	return rc;
}
