/*
 * pdf.c — the PDF back end (see pdf.h). The only file that includes
 * libharu's header.
 *
 * Page and sizes: page.h (shared with the Word draft); the title and
 * headings in Hei, the body in Song. Every character is measured and set
 * in the face for its script; lines are filled by linebreak.c and
 * justified by spreading the slack over the break opportunities.
 */
#include "render/pdf.h"

#include "core/cleanup.h"
#include "core/fr.h"
#include "render/font.h"
#include "render/linebreak.h"
#include "render/page.h"

#include <hpdf.h>

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MM		2.834645669
#define PAGE_W		(PAGE_W_MM * MM)
#define PAGE_H		(PAGE_H_MM * MM)
#define M_LEFT		(PAGE_LEFT_MM * MM)
#define M_RIGHT		(PAGE_RIGHT_MM * MM)
#define M_TOP		(PAGE_TOP_MM * MM)
#define M_BOTTOM	(PAGE_BOTTOM_MM * MM)
#define BODY_W		(PAGE_W - M_LEFT - M_RIGHT)
#define FOOT_Y		(PAGE_FOOT_MM * MM)
#define KEEP_NEXT	(4 * SZ_TABLE * 1.45 + 4 * CELL_PAD + 4)

struct pdf_fonts {
	struct font *f[FONT_NROLES];
};

int
pdf_fonts_open(struct pdf_fonts **out, char **err)
{
	struct pdf_fonts *fs = fr_xcalloc(1, sizeof *fs);
	const char *missing = NULL;
	int r;

	*out = NULL;
	for (r = 0; r < FONT_NROLES; r++) {
		if (font_open_role(r, &fs->f[r], &missing) != FR_OK) {
			*err = fr_xasprintf(strncmp(missing, "FRFILE_", 7) == 0 ?
			    "%s: cannot open the font file it names" :
			    "font not found: %s", missing);
			pdf_fonts_free(fs);
			return FR_ENOENT;
		}
	}
	*out = fs;
	return FR_OK;
}

void
pdf_fonts_free(struct pdf_fonts *fs)
{
	int r;

	if (fs == NULL)
		return;
	for (r = 0; r < FONT_NROLES; r++)
		font_free(fs->f[r]);
	free(fs);
}

/* A set of code points per font role, gathered before layout. */
struct cpset {
	uint32_t *v;
	size_t n, cap;
};

#define WCACHE 4096

struct pw {
	struct pdf_fonts *fs;
	const struct doc *doc;
	HPDF_Doc pdf;
	HPDF_Font font[FONT_NROLES];
	struct cpset set[FONT_NROLES];
	char *tmp[FONT_NROLES];
	int zh;			/* the current block is Chinese */
	int doczh;		/* the document's first language is Chinese */
	const char *lblang;	/* language tag for libunibreak */
	HPDF_Page *pages;
	size_t npages, cap;
	HPDF_Page page;
	double y;		/* top of the free space on the page */
	double fresh_y;		/* y right after a new page's repeated header */
	int hpdf_err;
	unsigned long hpdf_code;
	struct {
		uint32_t key;
		float w;
	} wc[WCACHE];
};

/* libharu's error handler: keeps the first error's code, marks the failure. */
static void
on_error(HPDF_STATUS code, HPDF_STATUS detail, void *arg)
{
	struct pw *w = arg;

	if (!w->hpdf_err)
		w->hpdf_code = (unsigned long)code;
	w->hpdf_err = 1;
}

/* Adds a code point to the set; cpset_uniq removes duplicates later. */
static void
cpset_add(struct cpset *s, uint32_t cp)
{
	FR_GROW(s->v, s->cap, s->n + 1, 256);
	s->v[s->n++] = cp;
}

/* Orders two code points for qsort. */
static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Sorts the set and drops duplicate code points. */
static void
cpset_uniq(struct cpset *s)
{
	size_t i, j = 0;

	if (s->n == 0)
		return;
	qsort(s->v, s->n, sizeof *s->v, cmp_u32);
	for (i = 1; i < s->n; i++)
		if (s->v[i] != s->v[j])
			s->v[++j] = s->v[i];
	s->n = j + 1;
}

/*
 * The face a character is set in: the script decides Chinese or Latin,
 * the style decides Song/Serif or Hei/Sans; if that face lacks the glyph
 * the other faces are tried so nothing shows as an empty box.
 */
static int
pick(struct pw *w, uint32_t cp, int strong)
{
	int cjk = font_is_cjk(cp, w->zh);
	int first = strong ? (cjk ? FONT_HEI : FONT_SANS) :
	    (cjk ? FONT_SONG : FONT_SERIF);
	int second = strong ? (cjk ? FONT_SANS : FONT_HEI) :
	    (cjk ? FONT_SERIF : FONT_SONG);
	int r;

	if (font_has(w->fs->f[first], cp))
		return first;
	if (font_has(w->fs->f[second], cp))
		return second;
	for (r = 0; r < FONT_NROLES; r++)
		if (font_has(w->fs->f[r], cp))
			return r;
	return first;
}

/*
 * doc_each_text callback: adds each character of s to the set of the face
 * it will be set in (tabs and line breaks as spaces).
 */
static void
gather(const char *s, int strong, int en, void *arg)
{
	struct pw *w = arg;
	size_t len = strlen(s), off = 0;

	w->zh = !en;
	while (off < len) {
		uint32_t cp;

		off += font_utf8_next(s + off, len - off, &cp);
		if (cp == '\n' || cp == '\r' || cp == '\t')
			cp = ' ';
		cpset_add(&w->set[pick(w, cp, strong)], cp);
	}
}

/* Fixed strings the back end itself draws (footer, checklist, marks). */
static const char *const fixed_zh[] = {
	"第 0123456789 页 共 页", "序号", "材料", "状态", "说明", "（续）",
	"草稿", "DRAFT", "年月日", "签字", NULL
};
static const char *const fixed_en[] = {
	"Page 0123456789 of /", "No.", "Material", "Status", "Notes",
	"(continued)", "DRAFT", NULL
};

/*
 * Collects, per face, the characters of the document and of the strings the
 * back end draws itself, so each font is subset to what the pages use.
 */
static void
gather_all(struct pw *w)
{
	const char *const *s;
	int r;

	doc_each_text(w->doc, gather, w);
	for (s = fixed_zh; *s != NULL; s++) {
		gather(*s, 0, 0, w);
		gather(*s, 1, 0, w);
	}
	for (s = fixed_en; *s != NULL; s++) {
		gather(*s, 0, 1, w);
		gather(*s, 1, 1, w);
	}
	gather(" ", 0, 1, w);
	w->zh = w->doczh;
	for (r = 0; r < FONT_NROLES; r++)
		cpset_uniq(&w->set[r]);
}

/* The earlier role using the same font file, or -1. */
static int
same_file(const struct pw *w, int r)
{
	int q;

	for (q = 0; q < r; q++)
		if (strcmp(font_path(w->fs->f[q]), font_path(w->fs->f[r])) == 0 &&
		    font_index(w->fs->f[q]) == font_index(w->fs->f[r]))
			return q;
	return -1;
}

/*
 * libharu 2.3.0 gives its UTF-8 fonts a ToUnicode CMap written with
 * cidrange operators, which belong in an encoding CMap: a reader that
 * follows the PDF specification cannot map the text back to Unicode with
 * it (poppler warns), and copying text out of a filing then depends on
 * each reader's fallbacks. With that encoder a character code is the
 * character's Unicode code point, so the right map is the identity,
 * written here as bfrange lines (at most 100 a block, each range within
 * one high byte) in place of libharu's.
 */
static int
fix_tounicode(HPDF_Font font)
{
	HPDF_Dict cmap = HPDF_Dict_GetItem(font, "ToUnicode", HPDF_OCLASS_DICT);
	char line[64];
	int hi, n;

	if (cmap == NULL || cmap->stream == NULL)
		return FR_EIO;
	HPDF_MemStream_FreeData(cmap->stream);
	if (HPDF_Stream_WriteStr(cmap->stream,
	    "/CIDInit /ProcSet findresource begin\n"
	    "12 dict begin\n"
	    "begincmap\n"
	    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) "
	    "/Supplement 0 >> def\n"
	    "/CMapName /Adobe-Identity-UCS def\n"
	    "/CMapType 2 def\n"
	    "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n") !=
	    HPDF_OK)
		return FR_EIO;
	for (hi = 0; hi < 256; hi++) {
		if (hi % 100 == 0) {
			n = 256 - hi < 100 ? 256 - hi : 100;
			snprintf(line, sizeof line, "%s%d beginbfrange\n",
			    hi ? "endbfrange\n" : "", n);
			if (HPDF_Stream_WriteStr(cmap->stream, line) != HPDF_OK)
				return FR_EIO;
		}
		snprintf(line, sizeof line, "<%02X00> <%02XFF> <%02X00>\n", hi, hi,
		    hi);
		if (HPDF_Stream_WriteStr(cmap->stream, line) != HPDF_OK)
			return FR_EIO;
	}
	if (HPDF_Stream_WriteStr(cmap->stream, "endbfrange\n"
	    "endcmap\n"
	    "CMapName currentdict /CMap defineresource pop\n"
	    "end\n"
	    "end\n") != HPDF_OK)
		return FR_EIO;
	/* The stream's dictionary described the old map. */
	HPDF_Dict_RemoveElement(cmap, "CIDSystemInfo");
	HPDF_Dict_RemoveElement(cmap, "CMapName");
	HPDF_Dict_RemoveElement(cmap, "Type");
	HPDF_Dict_RemoveElement(cmap, "WMode");
	return FR_OK;
}

/*
 * Subsets each face to its characters and loads it into libharu for UTF-8
 * with an identity ToUnicode map; roles on one font file share a subset. On
 * failure, an error code and *err.
 */
static int
load_fonts(struct pw *w, char **err)
{
	size_t i;
	int r, q;

	/*
	 * libharu knows a font by its PostScript name: two subsets of one
	 * file (a fallback, or one file given for two roles) would clash,
	 * so such roles share one subset of all their characters.
	 */
	for (r = 0; r < FONT_NROLES; r++) {
		if ((q = same_file(w, r)) < 0)
			continue;
		for (i = 0; i < w->set[r].n; i++)
			cpset_add(&w->set[q], w->set[r].v[i]);
		cpset_uniq(&w->set[q]);
	}
	for (r = 0; r < FONT_NROLES; r++) {
		const char *name;

		if ((q = same_file(w, r)) >= 0) {
			w->font[r] = w->font[q];
			continue;
		}
		if (w->set[r].n == 0)
			continue;
		if (font_subset_temp(w->fs->f[r], w->set[r].v, w->set[r].n,
		    &w->tmp[r]) != FR_OK) {
			*err = fr_xasprintf("%s: cannot subset the font",
			    font_path(w->fs->f[r]));
			return FR_EIO;
		}
		name = HPDF_LoadTTFontFromFile(w->pdf, w->tmp[r], HPDF_TRUE);
		if (name == NULL || w->hpdf_err) {
			*err = fr_xasprintf("%s: libharu cannot load the subset "
			    "font (error 0x%04lx)", font_path(w->fs->f[r]),
			    w->hpdf_code);
			return FR_EIO;
		}
		w->font[r] = HPDF_GetFont(w->pdf, name, "UTF-8");
		if (w->font[r] == NULL || w->hpdf_err ||
		    fix_tounicode(w->font[r]) != FR_OK) {
			*err = fr_xasprintf("%s: libharu cannot use the font "
			    "with UTF-8", font_path(w->fs->f[r]));
			return FR_EIO;
		}
	}
	return FR_OK;
}

/* Width of one character in 1/1000 em, cached per face. */
static double
cpwidth(struct pw *w, int role, const char *s, size_t len, uint32_t cp)
{
	uint32_t key = (cp | ((uint32_t)role << 21)) + 1;
	size_t h = (key * 2654435761u) % WCACHE;
	char buf[8];
	HPDF_TextWidth tw;

	if (w->wc[h].key == key)
		return w->wc[h].w;
	if (w->font[role] == NULL || len >= sizeof buf)
		return 500;
	memcpy(buf, s, len);
	buf[len] = '\0';
	tw = HPDF_Font_TextWidth(w->font[role], (const HPDF_BYTE *)buf,
	    (HPDF_UINT)len);
	w->wc[h].key = key;
	w->wc[h].w = (float)tw.width;
	return tw.width;
}

/* A laid-out piece of text. */
struct tl {
	const char *s;
	struct lb_atom *a;
	size_t na;
	struct lb_line *l;
	size_t nl;
	double size, lh;
	int strong;
};

/*
 * Lays out s: one atom per character, measured in its face at size, filled
 * into lines width wide, the first indent narrower. tl_release frees it.
 */
static void
tl_make(struct pw *w, struct tl *t, const char *s, int strong, double size,
    double lh, double width, double indent)
{
	size_t i;

	memset(t, 0, sizeof *t);
	t->s = s;
	t->size = size;
	t->lh = lh;
	t->strong = strong;
	t->na = lb_atoms(s, strlen(s), w->lblang, &t->a);
	for (i = 0; i < t->na; i++) {
		struct lb_atom *a = &t->a[i];
		uint32_t cp = a->cp;

		if (a->newline || cp == '\r' || cp == '\t') {
			a->cp = cp = ' ';
		}
		a->font = pick(w, cp, strong);
		if (a->newline)
			a->w = 0;
		else if (cp == ' ')
			a->w = cpwidth(w, a->font, " ", 1, ' ') * size / 1000;
		else
			a->w = cpwidth(w, a->font, s + a->off, a->len, cp) *
			    size / 1000;
	}
	t->nl = lb_fill(t->a, t->na, width - indent, width,
	    cpwidth(w, pick(w, '-', strong), "-", 1, '-') * size / 1000,
	    &t->l);
}

/* Frees what tl_make allocated. */
static void
tl_release(struct tl *t)
{
	free(t->a);
	free(t->l);
	memset(t, 0, sizeof *t);
}

/* Baseline of a line whose box starts at `top`. */
static double
baseline(const struct tl *t, double top)
{
	return top - (t->lh - t->size) / 2 - t->size * 0.86;
}

/*
 * Draws atoms s..e-1 of t, all in one face, as one text run at (x, y),
 * setting the page's font when it changes.
 */
static void
flush_run(struct pw *w, const struct tl *t, size_t s, size_t e, double x,
    double y, int *curfont)
{
	char *buf;
	size_t i, len = 0;

	if (e <= s)
		return;
	buf = fr_xmalloc(t->a[e - 1].off + t->a[e - 1].len - t->a[s].off + 1);
	for (i = s; i < e; i++) {
		if (t->a[i].newline || t->a[i].cp == ' ') {
			buf[len++] = ' ';
			continue;
		}
		memcpy(buf + len, t->s + t->a[i].off, t->a[i].len);
		len += t->a[i].len;
	}
	buf[len] = '\0';
	if (*curfont != t->a[s].font) {
		HPDF_Page_SetFontAndSize(w->page, w->font[t->a[s].font],
		    (HPDF_REAL)t->size);
		*curfont = t->a[s].font;
	}
	HPDF_Page_TextOut(w->page, (HPDF_REAL)x, (HPDF_REAL)y, buf);
	free(buf);
}

/*
 * What justification may stretch after atom k: 1 between Chinese
 * characters (a break opportunity next to a Chinese character), 2 at a
 * Latin space, 0 elsewhere (after a hyphen, inside a word).
 */
static int
gapkind(const struct tl *t, size_t k)
{
	const struct lb_atom *a = &t->a[k];

	if (a->space)
		return a->cp == ' ' ? 2 : 1;
	if (a->brk == LB_ALLOW && (font_is_cjk(a->cp, 1) ||
	    font_is_cjk(t->a[k + 1].cp, 1)))
		return 1;
	return 0;
}

/*
 * Draw line li of t in the box [x, x+width] with its baseline at y.
 * Justified lines spread the slack over the break opportunities (between
 * Chinese characters, at Latin spaces); the last line of a paragraph is
 * set flush left.
 */
static void
tl_draw(struct pw *w, const struct tl *t, size_t li, double x, double y,
    double width, enum doc_align al, double indent)
{
	const struct lb_line *l = &t->l[li];
	size_t k, rs;
	double ecjk = 0, esp = 0, slack, pos, rx;
	int curfont = -1;

	if (li == 0) {
		x += indent;
		width -= indent;
	}
	if (l->end <= l->start)
		return;
	slack = width - l->width;
	if (al == DOC_JUSTIFY && !l->last && slack > 0) {
		size_t ncjk = 0, nsp = 0;

		for (k = l->start; k + 1 < l->end; k++) {
			int g = gapkind(t, k);

			ncjk += g == 1;
			nsp += g == 2;
		}
		/*
		 * Between Chinese characters stretch at most 0.08 em (more
		 * reads as letter-spacing, and text extraction would see a
		 * word break); the rest goes to Latin spaces, at most 0.6 em
		 * each. A line left short by a long code that cannot be
		 * broken stays ragged rather than spaced across the page.
		 */
		if (ncjk + nsp > 0) {
			double e = slack / (double)(ncjk + nsp), rest;

			ecjk = e < t->size * 0.08 ? e : t->size * 0.08;
			rest = slack - ecjk * (double)ncjk;
			if (nsp > 0)
				esp = rest / (double)nsp < t->size * 0.6 ?
				    rest / (double)nsp : t->size * 0.6;
		}
	} else if (al == DOC_CENTER && slack > 0)
		x += slack / 2;
	else if (al == DOC_RIGHT && slack > 0)
		x += slack;
	HPDF_Page_BeginText(w->page);
	pos = x;
	rx = x;
	rs = l->start;
	for (k = l->start; k < l->end; k++) {
		int g = k + 1 < l->end ? gapkind(t, k) : 0;
		double extra = g == 1 ? ecjk : g == 2 ? esp : 0;
		int gap = extra > 0;

		if (k > rs && t->a[k].font != t->a[rs].font) {
			flush_run(w, t, rs, k, rx, y, &curfont);
			rs = k;
			rx = pos;
		}
		pos += t->a[k].w;
		if (gap) {
			flush_run(w, t, rs, k + 1, rx, y, &curfont);
			pos += extra;
			rs = k + 1;
			rx = pos;
		}
	}
	flush_run(w, t, rs, l->end, rx, y, &curfont);
	if (l->hyphen) {
		int f = pick(w, '-', t->strong);

		if (curfont != f)
			HPDF_Page_SetFontAndSize(w->page, w->font[f],
			    (HPDF_REAL)t->size);
		HPDF_Page_TextOut(w->page, (HPDF_REAL)pos, (HPDF_REAL)y, "-");
	}
	HPDF_Page_EndText(w->page);
}

/* Starts a new A4 page, free from its top margin down, kept for the footers. */
static void
new_page(struct pw *w)
{
	w->page = HPDF_AddPage(w->pdf);
	HPDF_Page_SetSize(w->page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
	FR_GROW(w->pages, w->cap, w->npages + 1, 8);
	w->pages[w->npages++] = w->page;
	w->y = PAGE_H - M_TOP;
	w->fresh_y = w->y;
	HPDF_Page_SetLineWidth(w->page, RULE_W);
}

/*
 * Starts the first page, or a new one when h points do not fit above the
 * bottom margin, unless the page holds nothing yet but a repeated header.
 */
static void
need(struct pw *w, double h)
{
	if (w->page == NULL || (w->y - h < M_BOTTOM && w->y < w->fresh_y))
		new_page(w);
}

/* Title, headings, paragraphs and notes. */
static void
text_block(struct pw *w, const char *s, int strong, double size, double lh,
    double before, double after, enum doc_align al, double indent,
    double left)
{
	struct tl t;
	size_t i;

	if (s == NULL || *s == '\0')
		return;
	tl_make(w, &t, s, strong, size, lh, BODY_W - left, indent);
	if (w->page != NULL && w->y < w->fresh_y)
		w->y -= before;
	/* Keep a heading with what follows: two lines of text, or a
	 * table's header and first row (KEEP_NEXT). */
	need(w, t.nl * lh + (strong && al == DOC_LEFT ? KEEP_NEXT : 0));
	for (i = 0; i < t.nl; i++) {
		need(w, lh);
		tl_draw(w, &t, i, M_LEFT + left, baseline(&t, w->y),
		    BODY_W - left, al, indent);
		w->y -= lh;
	}
	w->y -= after;
	tl_release(&t);
}

/* --- tables ------------------------------------------------------------ */

struct tcell {
	const char *text;
	int strong;
	int shade;
	int span;		/* columns this cell covers */
	enum doc_align al;
	int box;		/* checklist: draw a box (1 empty, 2 ticked) */
};

struct table {
	size_t ncols;
	double x[16], cw[16];
	struct tcell *hdr;	/* repeated on each new page, may be NULL */
	size_t nhdr;
	const char *cont;	/* "(continued)" marker for the header */
};

static void table_row(struct pw *, struct table *, struct tcell *, size_t,
    int is_header);

/* Continues a table on a new page, with its header row repeated. */
static void
table_page(struct pw *w, struct table *tb)
{
	new_page(w);
	if (tb->hdr != NULL)
		table_row(w, tb, tb->hdr, tb->nhdr, 1);
	w->fresh_y = w->y;
}

/*
 * Draws a checklist box with its lower left corner at (x, y), ticked when
 * ticked is set.
 */
static void
draw_box(struct pw *w, double x, double y, int ticked)
{
	double s = SZ_TABLE * 0.8;

	HPDF_Page_Rectangle(w->page, (HPDF_REAL)x, (HPDF_REAL)y,
	    (HPDF_REAL)s, (HPDF_REAL)s);
	HPDF_Page_Stroke(w->page);
	if (ticked) {
		HPDF_Page_SetLineWidth(w->page, 1.2);
		HPDF_Page_MoveTo(w->page, (HPDF_REAL)(x + s * 0.18),
		    (HPDF_REAL)(y + s * 0.5));
		HPDF_Page_LineTo(w->page, (HPDF_REAL)(x + s * 0.42),
		    (HPDF_REAL)(y + s * 0.2));
		HPDF_Page_LineTo(w->page, (HPDF_REAL)(x + s * 0.85),
		    (HPDF_REAL)(y + s * 0.85));
		HPDF_Page_Stroke(w->page);
		HPDF_Page_SetLineWidth(w->page, RULE_W);
	}
}

/*
 * One table row. Cells wrap; a row that does not fit moves to the next
 * page (with the header repeated), and a row taller than a page is split
 * line by line.
 */
static void
table_row(struct pw *w, struct table *tb, struct tcell *c, size_t nc,
    int is_header)
{
	struct tl t[16];
	size_t from[16], i, col, maxl, k;
	double cx[16], cwid[16];
	double lh = SZ_TABLE * 1.45;
	int first = 1;

	for (i = 0, col = 0; i < nc && i < 16; i++) {
		size_t sp = c[i].span > 0 ? (size_t)c[i].span : 1, j;

		cx[i] = tb->x[col];
		cwid[i] = 0;
		for (j = 0; j < sp && col + j < tb->ncols; j++)
			cwid[i] += tb->cw[col + j];
		col += sp;
		tl_make(w, &t[i], c[i].text != NULL ? c[i].text : "",
		    c[i].strong, SZ_TABLE, lh, cwid[i] - 2 * CELL_PAD,
		    c[i].box ? SZ_TABLE * 1.3 : 0);
		from[i] = 0;
	}
	for (;;) {
		size_t rem = 0, fit;
		double h, avail;

		for (i = 0; i < nc; i++)
			if (t[i].nl - from[i] > rem)
				rem = t[i].nl - from[i];
		h = rem * lh + 2 * CELL_PAD;
		avail = w->y - M_BOTTOM;
		if (w->page == NULL) {
			table_page(w, tb);
			continue;
		}
		if (h <= avail + 0.01)
			fit = rem;
		else {
			double fresh = (PAGE_H - M_TOP - M_BOTTOM) -
			    (w->fresh_y > 0 ? (PAGE_H - M_TOP - w->fresh_y) : 0);

			fit = avail > 2 * CELL_PAD ?
			    (size_t)((avail - 2 * CELL_PAD) / lh) : 0;
			if (!is_header && (fit < 2 ||
			    (first && h <= fresh && w->y < w->fresh_y))) {
				table_page(w, tb);
				continue;
			}
			if (is_header && fit < rem) {
				new_page(w);
				continue;
			}
		}
		h = fit * lh + 2 * CELL_PAD;
		for (i = 0; i < nc; i++) {
			if (c[i].shade) {
				HPDF_Page_SetGrayFill(w->page, 0.9);
				HPDF_Page_Rectangle(w->page, (HPDF_REAL)cx[i],
				    (HPDF_REAL)(w->y - h), (HPDF_REAL)cwid[i],
				    (HPDF_REAL)h);
				HPDF_Page_Fill(w->page);
				HPDF_Page_SetGrayFill(w->page, 0);
			}
			for (k = from[i]; k < t[i].nl && k < from[i] + fit; k++) {
				double top = w->y - CELL_PAD - (k - from[i]) * lh;

				tl_draw(w, &t[i], k, cx[i] + CELL_PAD,
				    baseline(&t[i], top), cwid[i] - 2 * CELL_PAD,
				    c[i].al, c[i].box ? SZ_TABLE * 1.3 : 0);
				if (k == 0 && c[i].box)
					draw_box(w, cx[i] + CELL_PAD,
					    baseline(&t[i], top) - 0.5,
					    c[i].box == 2);
			}
			HPDF_Page_Rectangle(w->page, (HPDF_REAL)cx[i],
			    (HPDF_REAL)(w->y - h), (HPDF_REAL)cwid[i],
			    (HPDF_REAL)h);
			HPDF_Page_Stroke(w->page);
			from[i] = from[i] + fit < t[i].nl ? from[i] + fit :
			    t[i].nl;
		}
		w->y -= h;
		first = 0;
		maxl = 0;
		for (i = 0; i < nc; i++)
			if (t[i].nl > from[i])
				maxl = 1;
		if (!maxl)
			break;
		table_page(w, tb);
	}
	for (i = 0; i < nc; i++)
		tl_release(&t[i]);
}

/* Divides the body width among a table's columns (at most 16) as rel says. */
static void
table_cols(struct table *tb, const double *rel, size_t n)
{
	double sum = 0, x = M_LEFT;
	size_t i;

	if (n > 16)
		n = 16;
	tb->ncols = n;
	for (i = 0; i < n; i++)
		sum += rel[i];
	for (i = 0; i < n; i++) {
		tb->x[i] = x;
		tb->cw[i] = BODY_W * rel[i] / sum;
		x += tb->cw[i];
	}
}

static double row_height(struct pw *, const double *, const char *const *,
    size_t, int);

/*
 * A label | value table. reserve: the height of what must follow its
 * last row on the same page (a signature and the text before it).
 */
static void
kv_block(struct pw *w, const struct doc_block *b, double reserve)
{
	static const double rel[2] = { 0.3, 0.7 };
	struct table tb;
	size_t i;

	memset(&tb, 0, sizeof tb);
	table_cols(&tb, rel, 2);
	w->y -= 4;
	for (i = 0; i < b->nkv; i++) {
		const struct doc_kv_row *r = &b->kv[i];
		struct tcell c[2];

		memset(c, 0, sizeof c);
		if (r->section) {
			c[0].text = r->label;
			c[0].strong = 1;
			c[0].shade = 1;
			c[0].span = 2;
			c[0].al = DOC_LEFT;
			/* Keep a section header with its first row. */
			need(w, KEEP_NEXT);
			table_row(w, &tb, c, 1, 0);
			continue;
		}
		c[0].text = r->label;
		c[0].strong = 1;
		c[0].al = DOC_LEFT;
		c[1].text = r->value;
		c[1].al = DOC_LEFT;
		if (i + 1 == b->nkv && reserve > 0) {
			const char *txt[2] = { r->label, r->value };

			need(w, row_height(w, tb.cw, txt, 2, 0) + reserve);
		}
		table_row(w, &tb, c, 2, 0);
	}
	w->y -= 8;
}

/* The height of a row of texts in columns cw (as table_row lays it). */
static double
row_height(struct pw *w, const double *cw, const char *const *text,
    size_t n, int strong)
{
	double lh = SZ_TABLE * 1.45;
	size_t i, maxl = 1;
	struct tl t;

	for (i = 0; i < n; i++) {
		tl_make(w, &t, text[i] != NULL ? text[i] : "", strong,
		    SZ_TABLE, lh, cw[i] - 2 * CELL_PAD, 0);
		if (t.nl > maxl)
			maxl = t.nl;
		tl_release(&t);
	}
	return maxl * lh + 2 * CELL_PAD;
}

/*
 * The columns a page shows: a column of width 0 holds machine evidence
 * for the workbook only (doc.h). idx gets their indices; returns how
 * many (at most 16).
 */
static size_t
page_cols(const struct doc_block *b, size_t idx[16], double w[16])
{
	size_t j, n = 0;

	for (j = 0; j < b->ncols && n < 16; j++)
		if (b->widths[j] > 0) {
			w[n] = b->widths[j];
			idx[n++] = j;
		}
	return n;
}

/*
 * The height a grid's header and first row take, kept together on one page
 * so a header never stands alone at the foot of a page.
 */
static double
grid_lead(struct pw *w, const struct doc_block *b)
{
	struct table tb;
	size_t idx[16], n, j;
	double cw[16] = { 0 }, h;
	const char *hdr[16], *row[16];

	memset(&tb, 0, sizeof tb);
	n = page_cols(b, idx, cw);
	table_cols(&tb, cw, n);
	for (j = 0; j < n; j++) {
		hdr[j] = b->header[idx[j]];
		row[j] = b->nrows > 0 ? b->cells[idx[j]] : "";
	}
	h = 4 + row_height(w, tb.cw, hdr, n, 1);
	if (b->nrows > 0)
		h += row_height(w, tb.cw, row, n, 0);
	return h;
}

/*
 * Draws a grid block as a table whose header row repeats on each new page,
 * leaving out the workbook-only columns (width 0).
 */
static void
grid_block(struct pw *w, const struct doc_block *b)
{
	struct table tb;
	struct tcell *hdr, *row;
	size_t i, j, idx[16], n;
	double cw[16] = { 0 };

	memset(&tb, 0, sizeof tb);
	n = page_cols(b, idx, cw);
	table_cols(&tb, cw, n);
	hdr = fr_xcalloc(n + 1, sizeof *hdr);
	row = fr_xcalloc(n + 1, sizeof *row);
	for (j = 0; j < n; j++) {
		hdr[j].text = b->header[idx[j]];
		hdr[j].strong = 1;
		hdr[j].shade = 1;
		hdr[j].al = DOC_CENTER;
	}
	need(w, grid_lead(w, b));
	w->y -= 4;
	table_row(w, &tb, hdr, n, 1);
	tb.hdr = hdr;
	tb.nhdr = n;
	for (i = 0; i < b->nrows; i++) {
		for (j = 0; j < n; j++) {
			row[j].text = b->cells[i * b->ncols + idx[j]];
			row[j].al = DOC_LEFT;
		}
		table_row(w, &tb, row, n, 0);
	}
	w->y -= 8;
	free(hdr);
	free(row);
}

/*
 * Draws a checklist as a table of number, material, status (with its box)
 * and notes, the header row repeated on each new page.
 */
static void
check_block(struct pw *w, const struct doc_block *b)
{
	static const double rel[4] = { 0.07, 0.42, 0.2, 0.31 };
	struct table tb;
	struct tcell hdr[4], c[4];
	char num[24];
	size_t i;
	int zh = !b->en;

	memset(&tb, 0, sizeof tb);
	memset(hdr, 0, sizeof hdr);
	table_cols(&tb, rel, 4);
	hdr[0].text = zh ? "序号" : "No.";
	hdr[1].text = b->caption != NULL ? b->caption : zh ? "材料" : "Material";
	hdr[2].text = zh ? "状态" : "Status";
	hdr[3].text = zh ? "说明" : "Notes";
	for (i = 0; i < 4; i++) {
		hdr[i].strong = 1;
		hdr[i].shade = 1;
		hdr[i].al = DOC_CENTER;
	}
	w->y -= 4;
	need(w, KEEP_NEXT);
	table_row(w, &tb, hdr, 4, 1);
	tb.hdr = hdr;
	tb.nhdr = 4;
	for (i = 0; i < b->nitems; i++) {
		const struct doc_check_item *it = &b->items[i];

		memset(c, 0, sizeof c);
		snprintf(num, sizeof num, "%zu", i + 1);
		c[0].text = num;
		c[0].al = DOC_CENTER;
		c[1].text = it->text;
		c[1].al = DOC_LEFT;
		c[2].text = it->status != NULL ? it->status : "";
		c[2].al = DOC_LEFT;
		c[2].box = it->done ? 2 : 1;
		c[3].text = it->note != NULL ? it->note : "";
		c[3].al = DOC_LEFT;
		table_row(w, &tb, c, 4, 0);
	}
	w->y -= 8;
}

/* The height of a signature block (what sign_block needs on its page). */
static double
sign_height(const struct doc_block *b)
{
	double lh = 26, r = 20 * MM, below;

	/*
	 * The seal may reach into the bottom margin, not into the footer;
	 * it sits lower when signature lines above must stay clear of it.
	 */
	double shift = b->nsign > 0 && r - lh + 4 > 0 ? r - lh + 4 : 0;

	below = b->seal != NULL ? r + shift - lh / 2 -
	    (M_BOTTOM - FOOT_Y - 18) : 0;
	return 6 + b->nsign * lh + (b->date != NULL ? lh : 0) +
	    (below > 0 ? below : 0);
}

/*
 * Draws a signature block in the right half of the page, as on official
 * letters: each label with a rule to sign on (at least 120 pt), the date
 * line, and a dashed circle where the seal goes (a company seal is 40 mm
 * across), over the date when there is one.
 */
static void
sign_block(struct pw *w, const struct doc_block *b)
{
	double lh = 26, x0 = M_LEFT + BODY_W * 0.42, wid = BODY_W * 0.58;
	double r = 20 * MM, h, datex = M_LEFT + BODY_W, datey, lastline;
	double maxw = 0;
	size_t i;

	/* Leave at least 120 pt to sign on after the longest label. */
	for (i = 0; i < b->nsign; i++) {
		struct tl t;

		tl_make(w, &t, b->sign[i].label, 0, SZ_BODY, lh, PAGE_W, 0);
		if (t.nl > 0 && t.l[0].width > maxw)
			maxw = t.l[0].width;
		tl_release(&t);
	}
	if (M_LEFT + BODY_W - maxw - 120 < x0) {
		x0 = M_LEFT + BODY_W - maxw - 120;
		if (x0 < M_LEFT)
			x0 = M_LEFT;
		wid = M_LEFT + BODY_W - x0;
	}

	h = sign_height(b);
	need(w, h);
	w->y -= 6;
	for (i = 0; i < b->nsign; i++) {
		struct tl t;
		double base, lw;

		tl_make(w, &t, b->sign[i].label, 0, SZ_BODY, lh, wid, 0);
		base = baseline(&t, w->y);
		tl_draw(w, &t, 0, x0, base, wid, DOC_LEFT, 0);
		lw = t.l[0].width;
		tl_release(&t);
		if (b->sign[i].value != NULL && *b->sign[i].value != '\0') {
			tl_make(w, &t, b->sign[i].value, 0, SZ_BODY, lh,
			    wid - lw - 6, 0);
			tl_draw(w, &t, 0, x0 + lw + 6, base, wid - lw - 6,
			    DOC_LEFT, 0);
			tl_release(&t);
		}
		HPDF_Page_MoveTo(w->page, (HPDF_REAL)(x0 + lw + 4),
		    (HPDF_REAL)(base - 3));
		HPDF_Page_LineTo(w->page, (HPDF_REAL)(M_LEFT + BODY_W),
		    (HPDF_REAL)(base - 3));
		HPDF_Page_Stroke(w->page);
		w->y -= lh;
	}
	lastline = w->y + lh / 2;
	datey = w->y - lh / 2;
	if (b->date != NULL) {
		struct tl t;

		tl_make(w, &t, b->date, 0, SZ_BODY, lh, wid, 0);
		tl_draw(w, &t, 0, x0, baseline(&t, w->y), wid, DOC_RIGHT, 0);
		datex = M_LEFT + BODY_W - t.l[0].width / 2;
		tl_release(&t);
		w->y -= lh;
	}
	if (b->seal != NULL) {
		/* Official seals are stamped over the date (骑年盖月). */
		static const HPDF_UINT16 dash[] = { 3, 2 };
		double cx = datex, cy = datey;
		struct tl t;

		if (cx + r > PAGE_W - 8 * MM)
			cx = PAGE_W - 8 * MM - r;
		/* Over the date, clear of the signature lines above it. */
		if (b->nsign > 0 && cy + r > lastline - 4)
			cy = lastline - 4 - r;
		HPDF_Page_SetGrayStroke(w->page, 0.6);
		HPDF_Page_SetDash(w->page, dash, 2, 0);
		HPDF_Page_Circle(w->page, (HPDF_REAL)cx, (HPDF_REAL)cy,
		    (HPDF_REAL)r);
		HPDF_Page_Stroke(w->page);
		HPDF_Page_SetDash(w->page, NULL, 0, 0);
		HPDF_Page_SetGrayStroke(w->page, 0);
		HPDF_Page_SetGrayFill(w->page, 0.55);
		tl_make(w, &t, b->seal, 0, SZ_NOTE, SZ_NOTE * 1.4, 2 * r, 0);
		tl_draw(w, &t, 0, cx - r, cy - r * 0.62, 2 * r, DOC_CENTER, 0);
		tl_release(&t);
		HPDF_Page_SetGrayFill(w->page, 0);
		if (w->y > cy - r - 4)
			w->y = cy - r - 4;
	}
	w->y -= 6;
}

/* --- running footer, watermark, metadata ------------------------------- */

/*
 * Draws page i's running footer (title and version left, page number right)
 * and, on a draft, the watermark.
 */
static void
footer(struct pw *w, size_t i, HPDF_ExtGState wm)
{
	const struct doc *d = w->doc;
	HPDF_Page p = w->pages[i];
	char *num, *left;
	struct tl t;
	double lh = SZ_FOOT * 1.3, numw;

	w->page = p;
	if (strcmp(d->lang, "en") == 0)
		num = fr_xasprintf("Page %zu of %zu", i + 1, w->npages);
	else if (strstr(d->lang, "en") != NULL)
		num = fr_xasprintf("第 %zu 页 共 %zu 页 / Page %zu of %zu",
		    i + 1, w->npages, i + 1, w->npages);
	else
		num = fr_xasprintf("第 %zu 页 共 %zu 页", i + 1, w->npages);
	left = fr_xasprintf("%s%s%s", d->title != NULL ? d->title : "",
	    d->version != NULL ? "  " : "",
	    d->version != NULL ? d->version : "");
	HPDF_Page_SetGrayStroke(p, 0.4);
	HPDF_Page_SetLineWidth(p, 0.4);
	HPDF_Page_MoveTo(p, (HPDF_REAL)M_LEFT, (HPDF_REAL)(FOOT_Y + lh + 2));
	HPDF_Page_LineTo(p, (HPDF_REAL)(M_LEFT + BODY_W),
	    (HPDF_REAL)(FOOT_Y + lh + 2));
	HPDF_Page_Stroke(p);
	HPDF_Page_SetGrayStroke(p, 0);
	HPDF_Page_SetGrayFill(p, 0.25);
	tl_make(w, &t, num, 0, SZ_FOOT, lh, BODY_W, 0);
	numw = t.nl > 0 ? t.l[0].width : 0;
	tl_draw(w, &t, 0, M_LEFT, FOOT_Y, BODY_W, DOC_RIGHT, 0);
	tl_release(&t);
	/* The title and version get the rest of the line; a long one is
	 * cut rather than wrapped into the page number. */
	tl_make(w, &t, left, 0, SZ_FOOT, lh, BODY_W - numw - 12, 0);
	if (t.nl > 0)
		tl_draw(w, &t, 0, M_LEFT, FOOT_Y, BODY_W - numw - 12,
		    DOC_LEFT, 0);
	tl_release(&t);
	HPDF_Page_SetGrayFill(p, 0);
	free(num);
	free(left);
	if (d->draft && wm != NULL) {
		const char *mark = strstr(d->lang, "zh") != NULL ?
		    (strstr(d->lang, "en") != NULL ? "草稿 DRAFT" : "草稿") :
		    "DRAFT";
		double a = M_PI / 4, size = 72;

		tl_make(w, &t, mark, 1, size, size, PAGE_W * 2, 0);
		HPDF_Page_GSave(p);
		HPDF_Page_SetExtGState(p, wm);
		HPDF_Page_SetRGBFill(p, 0.75, 0.1, 0.1);
		HPDF_Page_Concat(p, (HPDF_REAL)cos(a), (HPDF_REAL)sin(a),
		    (HPDF_REAL)-sin(a), (HPDF_REAL)cos(a),
		    (HPDF_REAL)(PAGE_W / 2), (HPDF_REAL)(PAGE_H / 2));
		tl_draw(w, &t, 0, -t.l[0].width / 2, -size * 0.35,
		    t.l[0].width, DOC_LEFT, 0);
		HPDF_Page_GRestore(p);
		tl_release(&t);
	}
}

/* PDF dates in China Standard Time (UTC+8), from the pinned timestamp. */
static void
set_dates(struct pw *w)
{
	HPDF_Date hd;
	struct tm tm;
	time_t t;

	if (w->doc->created < 0)
		return;
	t = (time_t)w->doc->created + 8 * 3600;
	if (gmtime_r(&t, &tm) == NULL)
		return;
	memset(&hd, 0, sizeof hd);
	hd.year = tm.tm_year + 1900;
	hd.month = tm.tm_mon + 1;
	hd.day = tm.tm_mday;
	hd.hour = tm.tm_hour;
	hd.minutes = tm.tm_min;
	hd.seconds = tm.tm_sec;
	hd.ind = '+';
	hd.off_hour = 8;
	hd.off_minutes = 0;
	HPDF_SetInfoDateAttr(w->pdf, HPDF_INFO_CREATION_DATE, hd);
	HPDF_SetInfoDateAttr(w->pdf, HPDF_INFO_MOD_DATE, hd);
}

/*
 * With the UTF-8 encoder current, libharu writes info strings as UTF-16BE
 * with a byte order mark, which PDF readers show correctly.
 */
static void
set_info(struct pw *w, HPDF_InfoType type, const char *s)
{
	if (s != NULL && *s != '\0')
		HPDF_SetInfoAttr(w->pdf, type, s);
}

/*
 * The height of the paragraphs and notes after block i up to a signature
 * (0 when no signature follows them): what stays on the page of block i
 * so that no page holds only the signature and seal.
 */
static double
tail_height(struct pw *w, const struct doc *d, size_t i)
{
	double h = 0;
	size_t j;

	for (j = i + 1; j < d->n && j <= i + 3; j++) {
		const struct doc_block *b = d->blocks[j];
		struct tl t;
		int note = b->kind == DOC_NOTE;

		if (b->kind == DOC_SIGNATURE)
			return h + sign_height(b);
		if (b->kind != DOC_PARA && !note)
			return 0;
		tl_make(w, &t, b->text != NULL ? b->text : "", 0,
		    note ? SZ_NOTE : SZ_BODY, note ? SZ_NOTE * 1.5 :
		    SZ_BODY * 1.65, BODY_W, note ? 0 : b->indent * SZ_BODY);
		h += t.nl * (note ? SZ_NOTE * 1.5 : SZ_BODY * 1.65) + 6;
		tl_release(&t);
	}
	return 0;
}

/*
 * Block i of d onto the pages, keeping headings with the table they
 * introduce and the last paragraph or note with the signature.
 */
static void
lay_block(struct pw *w, const struct doc *d, size_t i)
{
	const struct doc_block *b = d->blocks[i];

	w->zh = !b->en;
	w->lblang = b->en ? "en" : "zh";
	switch (b->kind) {
	case DOC_TITLE:
		text_block(w, b->text, 1, SZ_TITLE, SZ_TITLE * 1.5, 12,
		    14, DOC_CENTER, 0, 0);
		break;
	case DOC_SUBTITLE:
		text_block(w, b->text, 1, SZ_SUBTITLE,
		    SZ_SUBTITLE * 1.5, 0, 6, b->align, 0, 0);
		break;
	case DOC_HEADING:
		/* Headings stay with the table they introduce ... */
		{
			size_t j = i;
			double h = 0;

			while (j < d->n &&
			    d->blocks[j]->kind == DOC_HEADING)
				h += (d->blocks[j++]->level == 1 ?
				    SZ_H1 : SZ_H2) * 1.5 + 20;
			if (j < d->n && d->blocks[j]->kind == DOC_GRID)
				need(w, grid_lead(w, d->blocks[j]) + h);
			else if (j < d->n && d->blocks[j]->kind != DOC_PAGEBREAK)
				/* ... and with two lines of anything else. */
				need(w, h + 2 * SZ_BODY * 1.65 + 8);
		}
		text_block(w, b->text, 1, b->level == 1 ? SZ_H1 : SZ_H2,
		    (b->level == 1 ? SZ_H1 : SZ_H2) * 1.5,
		    b->level == 1 ? 10 : 6, 4, DOC_LEFT, 0, 0);
		break;
	case DOC_PARA:
		/*
		 * The last paragraph goes with the signature, so that
		 * no page holds only the signature and seal.
		 */
		if (i + 1 < d->n &&
		    d->blocks[i + 1]->kind == DOC_SIGNATURE) {
			struct tl t;

			tl_make(w, &t, b->text != NULL ? b->text : "", 0,
			    SZ_BODY, SZ_BODY * 1.65, BODY_W,
			    b->indent * SZ_BODY);
			need(w, t.nl * SZ_BODY * 1.65 + 4 +
			    sign_height(d->blocks[i + 1]));
			tl_release(&t);
		}
		text_block(w, b->text, 0, SZ_BODY, SZ_BODY * 1.65, 0, 4,
		    b->align, b->indent * SZ_BODY, 0);
		break;
	case DOC_NOTE:
		/* A closing note goes with the signature too. */
		if (i + 1 < d->n &&
		    d->blocks[i + 1]->kind == DOC_SIGNATURE) {
			struct tl t;

			tl_make(w, &t, b->text != NULL ? b->text : "", 0,
			    SZ_NOTE, SZ_NOTE * 1.5, BODY_W, 0);
			need(w, t.nl * SZ_NOTE * 1.5 + 6 +
			    sign_height(d->blocks[i + 1]));
			tl_release(&t);
		}
		text_block(w, b->text, 0, SZ_NOTE, SZ_NOTE * 1.5, 2, 4,
		    DOC_JUSTIFY, 0, 0);
		break;
	case DOC_KV:
		need(w, 40);
		kv_block(w, b, tail_height(w, d, i));
		break;
	case DOC_GRID:
		need(w, 40);
		grid_block(w, b);
		break;
	case DOC_CHECKLIST:
		need(w, 40);
		check_block(w, b);
		break;
	case DOC_SIGNATURE:
		need(w, 40);
		sign_block(w, b);
		break;
	case DOC_PAGEBREAK:
		if (w->page != NULL && w->y < w->fresh_y)
			new_page(w);
		break;
	}
}

int
pdf_render(struct pdf_fonts *fs, const struct doc *d, unsigned char **bufp,
    size_t *lenp, char **err)
{
	struct pw *w = fr_xcalloc(1, sizeof *w);
	HPDF_ExtGState wm = NULL;
	unsigned char *buf = NULL;
	HPDF_UINT32 len = 0;
	size_t i;
	int rc = FR_EIO, r;

	*bufp = NULL;
	*lenp = 0;
	*err = NULL;
	w->fs = fs;
	w->doc = d;
	w->doczh = w->zh = strncmp(d->lang, "zh", 2) == 0;
	w->lblang = w->zh ? "zh" : "en";
	w->pdf = HPDF_New(on_error, w);
	if (w->pdf == NULL) {
		*err = fr_xstrdup("libharu: cannot create a document");
		goto out;
	}
	HPDF_SetCompressionMode(w->pdf, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(w->pdf);
	HPDF_SetCurrentEncoder(w->pdf, "UTF-8");
	gather_all(w);
	if ((rc = load_fonts(w, err)) != FR_OK)
		goto out;
	rc = FR_EIO;
	for (i = 0; i < d->n; i++)
		lay_block(w, d, i);
	if (w->page == NULL)
		new_page(w);
	if (d->draft) {
		wm = HPDF_CreateExtGState(w->pdf);
		HPDF_ExtGState_SetAlphaFill(wm, 0.18);
	}
	w->zh = w->doczh;
	w->lblang = w->zh ? "zh" : "en";
	for (i = 0; i < w->npages; i++)
		footer(w, i, wm);
	set_info(w, HPDF_INFO_TITLE, d->title);
	set_info(w, HPDF_INFO_SUBJECT, d->subject);
	set_info(w, HPDF_INFO_AUTHOR, d->author);
	set_info(w, HPDF_INFO_KEYWORDS, d->keywords);
	HPDF_SetInfoAttr(w->pdf, HPDF_INFO_CREATOR, "frfile " FR_VERSION);
	HPDF_SetInfoAttr(w->pdf, HPDF_INFO_PRODUCER, "frfile " FR_VERSION
	    " (libharu)");
	set_dates(w);
	if (w->hpdf_err) {
		*err = fr_xasprintf("libharu error 0x%04lx while laying out",
		    w->hpdf_code);
		goto out;
	}
	if (HPDF_SaveToStream(w->pdf) != HPDF_OK || w->hpdf_err) {
		*err = fr_xasprintf("libharu error 0x%04lx while saving",
		    w->hpdf_code);
		goto out;
	}
	len = HPDF_GetStreamSize(w->pdf);
	buf = fr_xmalloc(len + 1);
	{
		HPDF_UINT32 got = len;

		HPDF_ResetStream(w->pdf);
		if (HPDF_ReadFromStream(w->pdf, buf, &got) != HPDF_OK &&
		    got != len) {
			*err = fr_xstrdup("libharu: cannot read the document");
			goto out;
		}
		len = got;
	}
	*bufp = buf;
	*lenp = len;
	buf = NULL;
	rc = FR_OK;
out:
	free(buf);
	if (w->pdf != NULL)
		HPDF_Free(w->pdf);
	for (r = 0; r < FONT_NROLES; r++) {
		if (w->tmp[r] != NULL) {
			unlink(w->tmp[r]);
			fr_cleanup_remove(w->tmp[r]);
			free(w->tmp[r]);
		}
		free(w->set[r].v);
	}
	free(w->pages);
	free(w);
	return rc;
}
