/*
 * docx.c — the Word back end (see docx.h).
 *
 * A DOCX is a zip of XML parts: [Content_Types].xml, the package's and the
 * document's relationships, docProps/core.xml and app.xml (properties),
 * word/document.xml (the blocks), styles.xml, settings.xml,
 * fontTable.xml, a header (watermark and draft line) and a footer (title,
 * version, page fields). The zip is built in memory by libzip with every
 * entry's time pinned to the document's creation time, so the same input
 * gives the same bytes; each part is written by xmlTextWriter, which does
 * the escaping.
 *
 * Layout follows the PDF (pdf.c): the same page and sizes (page.h), key-
 * value tables of 30/70, section rows shaded across both columns, grids
 * without the workbook-only columns (width 0), checklists of number,
 * material, status (with a box) and notes, signature lines in the right
 * part of the page above the seal and the date.
 */
#include "render/docx.h"

#include "core/fr.h"
#include "render/page.h"

#include <libxml/xmlwriter.h>
#include <zip.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define TW_MM(mm)	((long)((mm) * 1440 / 25.4 + 0.5))
#define TW_PT(pt)	((long)((pt) * 20 + 0.5))
#define BODY_TW		(TW_MM(PAGE_W_MM) - TW_MM(PAGE_LEFT_MM) - \
			TW_MM(PAGE_RIGHT_MM))
#define SHADE		"E6E6E6"	/* the PDF's gray 0.9 */

#define NS_W	"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_R	"http://schemas.openxmlformats.org/officeDocument/2006/" \
		"relationships"
#define NS_REL	"http://schemas.openxmlformats.org/package/2006/relationships"
#define NS_CT	"http://schemas.openxmlformats.org/package/2006/content-types"
#define NS_V	"urn:schemas-microsoft-com:vml"
#define NS_O	"urn:schemas-microsoft-com:office:office"
#define RT	"http://schemas.openxmlformats.org/officeDocument/2006/" \
		"relationships/"
#define CT_W	"application/vnd.openxmlformats-officedocument." \
		"wordprocessingml."

/* Fonts as a Chinese Windows names them. */
#define F_SONG	"宋体"
#define F_HEI	"黑体"
#define F_LATIN	"Times New Roman"

/* One XML part being written. */
struct xw {
	xmlBufferPtr buf;
	xmlTextWriterPtr w;
	int bad;
};

struct dw {
	const struct doc *d;
	zip_t *z;
	struct xw x;		/* the part being written */
	int zh;			/* the document's first language is Chinese */
	int en;			/* the current block is English */
	int bad;
	unsigned short dtime, ddate;	/* DOS time of every entry */
	char *err;
};

/* Starts a new XML part in memory; a failure marks the part bad. */
static void
xw_begin(struct xw *x)
{
	memset(x, 0, sizeof *x);
	x->buf = xmlBufferCreate();
	x->w = x->buf != NULL ? xmlNewTextWriterMemory(x->buf, 0) : NULL;
	if (x->w == NULL ||
	    xmlTextWriterStartDocument(x->w, NULL, "UTF-8", "yes") < 0)
		x->bad = 1;
}

/* Opens element name; every x* writer does nothing once the part is bad. */
static void
xs(struct xw *x, const char *name)
{
	if (!x->bad && xmlTextWriterStartElement(x->w, BAD_CAST name) < 0)
		x->bad = 1;
}

/* Writes the attribute name="v" on the open element. */
static void
xa(struct xw *x, const char *name, const char *v)
{
	if (!x->bad && xmlTextWriterWriteAttribute(x->w, BAD_CAST name,
	    BAD_CAST v) < 0)
		x->bad = 1;
}

/* Writes an attribute with a number for its value. */
static void
xal(struct xw *x, const char *name, long v)
{
	char num[32];

	snprintf(num, sizeof num, "%ld", v);
	xa(x, name, num);
}

/* Closes the innermost open element. */
static void
xe(struct xw *x)
{
	if (!x->bad && xmlTextWriterEndElement(x->w) < 0)
		x->bad = 1;
}

/* Writes text inside the open element, escaped. */
static void
xt(struct xw *x, const char *s)
{
	if (!x->bad && xmlTextWriterWriteString(x->w, BAD_CAST s) < 0)
		x->bad = 1;
}

/* <name/> */
static void
xempty(struct xw *x, const char *name)
{
	xs(x, name);
	xe(x);
}

/* <name w:val="v"/> */
static void
xval(struct xw *x, const char *name, const char *v)
{
	xs(x, name);
	xa(x, "w:val", v);
	xe(x);
}

/* Writes <name w:val="v"/> with a number for v. */
static void
xvall(struct xw *x, const char *name, long v)
{
	xs(x, name);
	xal(x, "w:val", v);
	xe(x);
}

/* <name>text</name> */
static void
xleaf(struct xw *x, const char *name, const char *text)
{
	xs(x, name);
	xt(x, text != NULL ? text : "");
	xe(x);
}

/* Add a buffer to the zip as name (libzip frees it). */
static void
zadd(struct dw *w, const char *name, const void *data, size_t len)
{
	zip_source_t *src;
	zip_int64_t idx;
	void *copy;

	if (w->bad)
		return;
	copy = fr_xmalloc(len > 0 ? len : 1);
	memcpy(copy, data, len);
	if ((src = zip_source_buffer(w->z, copy, len, 1)) == NULL) {
		free(copy);
		w->bad = 1;
		return;
	}
	if ((idx = zip_file_add(w->z, name, src, ZIP_FL_ENC_UTF_8)) < 0) {
		zip_source_free(src);
		w->bad = 1;
		return;
	}
	if (zip_file_set_dostime(w->z, (zip_uint64_t)idx, w->dtime, w->ddate,
	    0) < 0)
		w->bad = 1;
}

/* Finish the part being written and put it into the zip as name. */
static void
part_end(struct dw *w, const char *name)
{
	struct xw *x = &w->x;

	if (!x->bad && xmlTextWriterEndDocument(x->w) < 0)
		x->bad = 1;
	if (x->w != NULL)
		xmlFreeTextWriter(x->w);	/* flushes into buf */
	x->w = NULL;
	if (x->bad) {
		if (w->err == NULL)
			w->err = fr_xasprintf("%s: cannot write the XML", name);
		w->bad = 1;
	} else
		zadd(w, name, xmlBufferContent(x->buf),
		    (size_t)xmlBufferLength(x->buf));
	if (x->buf != NULL)
		xmlBufferFree(x->buf);
	x->buf = NULL;
}

/* The root element of a part, with its namespaces. */
static void
root(struct dw *w, const char *name, int vml)
{
	xw_begin(&w->x);
	xs(&w->x, name);
	xa(&w->x, "xmlns:w", NS_W);
	xa(&w->x, "xmlns:r", NS_R);
	if (vml) {
		xa(&w->x, "xmlns:v", NS_V);
		xa(&w->x, "xmlns:o", NS_O);
	}
}

/* --- package parts -------------------------------------------------- */

/* Writes [Content_Types].xml: the content type of every part of the package. */
static void
content_types(struct dw *w)
{
	static const char *const over[][2] = {
		{ "/word/document.xml", CT_W "document.main+xml" },
		{ "/word/styles.xml", CT_W "styles+xml" },
		{ "/word/settings.xml", CT_W "settings+xml" },
		{ "/word/fontTable.xml", CT_W "fontTable+xml" },
		{ "/word/header1.xml", CT_W "header+xml" },
		{ "/word/footer1.xml", CT_W "footer+xml" },
		{ "/docProps/core.xml",
		    "application/vnd.openxmlformats-package."
		    "core-properties+xml" },
		{ "/docProps/app.xml", "application/vnd.openxmlformats-"
		    "officedocument.extended-properties+xml" },
	};
	struct xw *x = &w->x;
	size_t i;

	xw_begin(x);
	xs(x, "Types");
	xa(x, "xmlns", NS_CT);
	xs(x, "Default");
	xa(x, "Extension", "rels");
	xa(x, "ContentType",
	    "application/vnd.openxmlformats-package.relationships+xml");
	xe(x);
	xs(x, "Default");
	xa(x, "Extension", "xml");
	xa(x, "ContentType", "application/xml");
	xe(x);
	for (i = 0; i < sizeof over / sizeof over[0]; i++) {
		xs(x, "Override");
		xa(x, "PartName", over[i][0]);
		xa(x, "ContentType", over[i][1]);
		xe(x);
	}
	xe(x);
	part_end(w, "[Content_Types].xml");
}

/* Writes one relationship: its id, type and target. */
static void
rel(struct xw *x, const char *id, const char *type, const char *target)
{
	xs(x, "Relationship");
	xa(x, "Id", id);
	xa(x, "Type", type);
	xa(x, "Target", target);
	xe(x);
}

/*
 * Writes the package's relationships (document and properties) and the
 * document's (styles, settings, fonts, header and footer).
 */
static void
rels(struct dw *w)
{
	struct xw *x = &w->x;

	xw_begin(x);
	xs(x, "Relationships");
	xa(x, "xmlns", NS_REL);
	rel(x, "rId1", RT "officeDocument", "word/document.xml");
	rel(x, "rId2", "http://schemas.openxmlformats.org/package/2006/"
	    "relationships/metadata/core-properties", "docProps/core.xml");
	rel(x, "rId3", RT "extended-properties", "docProps/app.xml");
	xe(x);
	part_end(w, "_rels/.rels");

	xw_begin(x);
	xs(x, "Relationships");
	xa(x, "xmlns", NS_REL);
	rel(x, "rId1", RT "styles", "styles.xml");
	rel(x, "rId2", RT "settings", "settings.xml");
	rel(x, "rId3", RT "fontTable", "fontTable.xml");
	rel(x, "rId4", RT "header", "header1.xml");
	rel(x, "rId5", RT "footer", "footer1.xml");
	xe(x);
	part_end(w, "word/_rels/document.xml.rels");
}

/* The pinned creation time as W3C date-time in UTC, or "" when unset. */
static void
w3c_time(const struct doc *d, char *buf, size_t len)
{
	time_t t = (time_t)d->created;
	struct tm tm;

	buf[0] = '\0';
	if (d->created >= 0 && gmtime_r(&t, &tm) != NULL)
		strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/*
 * Writes docProps/core.xml and app.xml: title, subject, author, keywords,
 * language, version, the draft status and the pinned creation time.
 */
static void
props(struct dw *w)
{
	const struct doc *d = w->d;
	struct xw *x = &w->x;
	char when[32];

	w3c_time(d, when, sizeof when);
	xw_begin(x);
	xs(x, "cp:coreProperties");
	xa(x, "xmlns:cp", "http://schemas.openxmlformats.org/package/2006/"
	    "metadata/core-properties");
	xa(x, "xmlns:dc", "http://purl.org/dc/elements/1.1/");
	xa(x, "xmlns:dcterms", "http://purl.org/dc/terms/");
	xa(x, "xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance");
	if (d->title != NULL)
		xleaf(x, "dc:title", d->title);
	if (d->subject != NULL)
		xleaf(x, "dc:subject", d->subject);
	if (d->author != NULL) {
		xleaf(x, "dc:creator", d->author);
		xleaf(x, "cp:lastModifiedBy", d->author);
	}
	if (d->keywords != NULL)
		xleaf(x, "cp:keywords", d->keywords);
	xleaf(x, "dc:language", w->zh ? "zh-CN" : "en-GB");
	if (d->version != NULL)
		xleaf(x, "cp:version", d->version);
	/* Always a draft (docx.h). */
	xleaf(x, "cp:contentStatus", w->zh ? "草稿" : "Draft");
	if (when[0] != '\0') {
		xs(x, "dcterms:created");
		xa(x, "xsi:type", "dcterms:W3CDTF");
		xt(x, when);
		xe(x);
		xs(x, "dcterms:modified");
		xa(x, "xsi:type", "dcterms:W3CDTF");
		xt(x, when);
		xe(x);
	}
	xe(x);
	part_end(w, "docProps/core.xml");

	xw_begin(x);
	xs(x, "Properties");
	xa(x, "xmlns", "http://schemas.openxmlformats.org/officeDocument/"
	    "2006/extended-properties");
	xleaf(x, "Application", "frfile " FR_VERSION);
	xleaf(x, "DocSecurity", "0");
	if (d->author != NULL)
		xleaf(x, "Company", d->author);
	xleaf(x, "AppVersion", "00.0001");
	xe(x);
	part_end(w, "docProps/app.xml");
}

/*
 * Writes word/settings.xml: zoom, default tab stops, compressed Chinese
 * punctuation, Word 2013 compatibility and the theme's languages.
 */
static void
settings(struct dw *w)
{
	struct xw *x = &w->x;

	root(w, "w:settings", 0);
	xs(x, "w:zoom");
	xa(x, "w:percent", "100");
	xe(x);
	xvall(x, "w:defaultTabStop", 420);
	xval(x, "w:characterSpacingControl", "compressPunctuation");
	xs(x, "w:compat");
	xs(x, "w:compatSetting");
	xa(x, "w:name", "compatibilityMode");
	xa(x, "w:uri", "http://schemas.microsoft.com/office/word");
	xa(x, "w:val", "15");
	xe(x);
	xe(x);
	xs(x, "w:themeFontLang");
	xa(x, "w:val", "en-US");
	xa(x, "w:eastAsia", "zh-CN");
	xe(x);
	xe(x);
	part_end(w, "word/settings.xml");
}

/* The fonts, with the names Word knows them by in every language. */
static void
font_table(struct dw *w)
{
	static const char *const fonts[][4] = {
		{ F_SONG, "SimSun", "86", "02010600030101010101" },
		{ F_HEI, "SimHei", "86", "02010609060101010101" },
		{ F_LATIN, NULL, "00", "02020603050405020304" },
	};
	struct xw *x = &w->x;
	size_t i;

	root(w, "w:fonts", 0);
	for (i = 0; i < sizeof fonts / sizeof fonts[0]; i++) {
		xs(x, "w:font");
		xa(x, "w:name", fonts[i][0]);
		if (fonts[i][1] != NULL)
			xval(x, "w:altName", fonts[i][1]);
		xval(x, "w:panose1", fonts[i][3]);
		xval(x, "w:charset", fonts[i][2]);
		xval(x, "w:family", i < 2 ? "modern" : "roman");
		xval(x, "w:pitch", i < 2 ? "fixed" : "variable");
		xe(x);
	}
	xe(x);
	part_end(w, "word/fontTable.xml");
}

/* --- styles ----------------------------------------------------------- */

/* Sets the run fonts: Times New Roman for Latin text, ea for Chinese. */
static void
rfonts(struct xw *x, const char *ea)
{
	xs(x, "w:rFonts");
	xa(x, "w:ascii", F_LATIN);
	xa(x, "w:hAnsi", F_LATIN);
	xa(x, "w:eastAsia", ea);
	xa(x, "w:cs", F_LATIN);
	xe(x);
}

/* Sets the font size in points (Word counts half points). */
static void
size(struct xw *x, double pt)
{
	xvall(x, "w:sz", (long)(pt * 2 + 0.5));
	xvall(x, "w:szCs", (long)(pt * 2 + 0.5));
}

/* w:spacing: before and after in points, line in 240ths of a line. */
static void
spacing(struct xw *x, double before, double after, long line)
{
	xs(x, "w:spacing");
	xal(x, "w:before", TW_PT(before));
	xal(x, "w:after", TW_PT(after));
	if (line > 0) {
		xal(x, "w:line", line);
		xa(x, "w:lineRule", "auto");
	}
	xe(x);
}

/*
 * A paragraph style. outline: 0..2 for headings, -1 otherwise; hei: set
 * in the Hei face (bold too in an English document, where Latin carries
 * the weight).
 */
static void
pstyle(struct dw *w, const char *id, const char *name, const char *next,
    int outline, int hei, double pt, double before, double after,
    long line, const char *jc, int keep)
{
	struct xw *x = &w->x;

	xs(x, "w:style");
	xa(x, "w:type", "paragraph");
	if (strcmp(id, "Normal") == 0)
		xa(x, "w:default", "1");
	xa(x, "w:styleId", id);
	xval(x, "w:name", name);
	if (strcmp(id, "Normal") != 0)
		xval(x, "w:basedOn", "Normal");
	if (next != NULL)
		xval(x, "w:next", next);
	if (outline >= 0 || strcmp(id, "Normal") == 0 ||
	    strcmp(id, "Title") == 0)
		xempty(x, "w:qFormat");
	xs(x, "w:pPr");
	if (keep)
		xempty(x, "w:keepNext");
	spacing(x, before, after, line);
	if (jc != NULL)
		xval(x, "w:jc", jc);
	if (outline >= 0)
		xvall(x, "w:outlineLvl", outline);
	xe(x);
	xs(x, "w:rPr");
	if (hei)
		rfonts(x, F_HEI);
	if (hei && !w->zh) {
		xempty(x, "w:b");
		xempty(x, "w:bCs");
	}
	size(x, pt);
	xe(x);
	xe(x);
}

/*
 * Writes word/styles.xml: the defaults, the paragraph styles the body and
 * the header and footer use, and the bordered table style.
 */
static void
styles(struct dw *w)
{
	struct xw *x = &w->x;
	int zh = w->zh;

	root(w, "w:styles", 0);
	xs(x, "w:docDefaults");
	xs(x, "w:rPrDefault");
	xs(x, "w:rPr");
	rfonts(x, F_SONG);
	size(x, SZ_BODY);
	xs(x, "w:lang");
	xa(x, "w:val", "en-US");
	xa(x, "w:eastAsia", "zh-CN");
	xa(x, "w:bidi", "ar-SA");
	xe(x);
	xe(x);
	xe(x);
	xs(x, "w:pPrDefault");
	xs(x, "w:pPr");
	spacing(x, 0, 0, 240);
	xe(x);
	xe(x);
	xe(x);

	/* Body: justified, one and a half lines (the PDF's 1.65 em). */
	pstyle(w, "Normal", "Normal", NULL, -1, 0, SZ_BODY, 0, 4, 360,
	    "both", 0);
	pstyle(w, "Title", "Title", "Normal", -1, 1, SZ_TITLE, 12, 14, 300,
	    "center", 1);
	pstyle(w, "Subtitle", "Subtitle", "Normal", -1, 1, SZ_SUBTITLE, 0, 6,
	    300, "center", 1);
	/*
	 * The built-in names: a Chinese Word shows them as 标题 1-3 and
	 * treats them as headings (navigation pane, table of contents).
	 */
	pstyle(w, "Heading1", "heading 1", "Normal", 0, 1, SZ_H1, 10, 4, 300,
	    "left", 1);
	pstyle(w, "Heading2", "heading 2", "Normal", 1, 1, SZ_H2, 6, 4, 300,
	    "left", 1);
	pstyle(w, "Heading3", "heading 3", "Normal", 2, 1, SZ_H2, 6, 4, 300,
	    "left", 1);
	pstyle(w, "Note", zh ? "说明" : "Note", NULL, -1, 0, SZ_NOTE, 2, 4,
	    300, "both", 0);
	pstyle(w, "TableText", zh ? "表格文字" : "Table Text", NULL, -1, 0,
	    SZ_TABLE, 0, 0, 250, "left", 0);
	pstyle(w, "Header", "header", NULL, -1, 0, SZ_FOOT, 0, 0, 240,
	    "right", 0);
	pstyle(w, "Footer", "footer", NULL, -1, 0, SZ_FOOT, 0, 0, 240,
	    "left", 0);

	/* The table style every table but the signature's uses. */
	xs(x, "w:style");
	xa(x, "w:type", "table");
	xa(x, "w:styleId", "TableGrid");
	xval(x, "w:name", "Table Grid");
	xs(x, "w:tblPr");
	xs(x, "w:tblBorders");
	{
		static const char *const sides[] = { "w:top", "w:left",
		    "w:bottom", "w:right", "w:insideH", "w:insideV" };
		size_t i;

		for (i = 0; i < 6; i++) {
			xs(x, sides[i]);
			xa(x, "w:val", "single");
			xal(x, "w:sz", (long)(RULE_W * 8 + 0.5));
			xa(x, "w:space", "0");
			xa(x, "w:color", "000000");
			xe(x);
		}
	}
	xe(x);
	xs(x, "w:tblCellMar");
	{
		static const char *const sides[] = { "w:top", "w:left",
		    "w:bottom", "w:right" };
		size_t i;

		for (i = 0; i < 4; i++) {
			xs(x, sides[i]);
			xal(x, "w:w", TW_PT(CELL_PAD));
			xa(x, "w:type", "dxa");
			xe(x);
		}
	}
	xe(x);
	xe(x);
	xe(x);
	xe(x);
	part_end(w, "word/styles.xml");
}

/* --- text --------------------------------------------------------------- */

/*
 * A run of text: a line break for \n, a tab for \t, other control
 * characters (not allowed in XML) left out. strong: the Hei face (and
 * bold in English); gray: the seal's label. Chinese blocks hint the East
 * Asian face, so that quotes and dashes take the Chinese font.
 */
static void
runs(struct dw *w, const char *s, int strong, int gray)
{
	struct xw *x = &w->x;
	const char *p = s != NULL ? s : "";
	char *seg = fr_xmalloc(strlen(p) + 1);
	size_t n = 0;

	if (*p == '\0') {
		free(seg);
		return;
	}
	xs(x, "w:r");
	if (strong || gray || !w->en) {
		xs(x, "w:rPr");
		if (strong || !w->en) {
			xs(x, "w:rFonts");
			if (strong)
				xa(x, "w:eastAsia", F_HEI);
			if (!w->en)
				xa(x, "w:hint", "eastAsia");
			xe(x);
		}
		if (strong && w->en) {
			xempty(x, "w:b");
			xempty(x, "w:bCs");
		}
		if (gray)
			xval(x, "w:color", "8C8C8C");
		xe(x);
	}
	for (;; p++) {
		unsigned char ch = (unsigned char)*p;

		if (ch >= 0x20 && ch != 0x7f) {
			seg[n++] = (char)ch;
			continue;
		}
		if (ch != '\0' && ch != '\n' && ch != '\t')
			continue;
		if (n > 0) {
			seg[n] = '\0';
			xs(x, "w:t");
			xa(x, "xml:space", "preserve");
			xt(x, seg);
			xe(x);
			n = 0;
		}
		if (ch == '\n')
			xempty(x, "w:br");
		else if (ch == '\t')
			xempty(x, "w:tab");
		else
			break;
	}
	xe(x);
	free(seg);
}

/* A paragraph of a style; jc NULL: the style's. */
static void
para(struct dw *w, const char *style, const char *text, const char *jc,
    int indent, int keep, int strong)
{
	struct xw *x = &w->x;

	xs(x, "w:p");
	xs(x, "w:pPr");
	xval(x, "w:pStyle", style);
	if (keep)
		xempty(x, "w:keepNext");
	/* The schema's order: Word refuses a file that breaks it. */
	if (indent > 0) {
		/* First-line indent in characters, as Word's 首行缩进. */
		xs(x, "w:ind");
		xal(x, "w:firstLineChars", indent * 100);
		xal(x, "w:firstLine", TW_PT(indent * SZ_BODY));
		xe(x);
	}
	if (jc != NULL)
		xval(x, "w:jc", jc);
	xe(x);
	runs(w, text, strong, 0);
	xe(x);
}

/* Word's w:jc for a block's alignment; justified by default. */
static const char *
jc_of(enum doc_align a)
{
	switch (a) {
	case DOC_LEFT:
		return "left";
	case DOC_CENTER:
		return "center";
	case DOC_RIGHT:
		return "right";
	default:
		return "both";
	}
}

/* --- tables ------------------------------------------------------------- */

/* Column widths in twips from relative widths, summing to total. */
static long *
col_widths(const double *rel, size_t n, long total)
{
	long *cw = fr_xcalloc(n > 0 ? n : 1, sizeof *cw), used = 0;
	double sum = 0;
	size_t i;

	for (i = 0; i < n; i++)
		sum += rel[i];
	for (i = 0; i < n; i++) {
		cw[i] = i + 1 == n ? total - used :
		    (long)(total * rel[i] / (sum > 0 ? sum : 1));
		used += cw[i];
	}
	return cw;
}

/*
 * Opens a fixed-layout table of n columns cw twips wide, in the bordered
 * table style when borders is set, indented from the left margin by indent
 * twips.
 */
static void
tbl_begin(struct dw *w, const long *cw, size_t n, int borders, long indent)
{
	struct xw *x = &w->x;
	long total = 0;
	size_t i;

	for (i = 0; i < n; i++)
		total += cw[i];
	xs(x, "w:tbl");
	xs(x, "w:tblPr");
	if (borders)
		xval(x, "w:tblStyle", "TableGrid");
	xs(x, "w:tblW");
	xal(x, "w:w", total);
	xa(x, "w:type", "dxa");
	xe(x);
	if (indent > 0) {
		xs(x, "w:tblInd");
		xal(x, "w:w", indent);
		xa(x, "w:type", "dxa");
		xe(x);
	}
	xs(x, "w:tblLayout");
	xa(x, "w:type", "fixed");
	xe(x);
	xs(x, "w:tblLook");
	xa(x, "w:val", "0000");
	xa(x, "w:firstRow", "0");
	xa(x, "w:lastRow", "0");
	xa(x, "w:firstColumn", "0");
	xa(x, "w:lastColumn", "0");
	xa(x, "w:noHBand", "1");
	xa(x, "w:noVBand", "1");
	xe(x);
	xe(x);
	xs(x, "w:tblGrid");
	for (i = 0; i < n; i++) {
		xs(x, "w:gridCol");
		xal(x, "w:w", cw[i]);
		xe(x);
	}
	xe(x);
}

/*
 * A row, kept whole on a page as the PDF keeps it (a row taller than a
 * page is split all the same); header: repeated at the top of every page
 * the table runs to.
 */
static void
tr_begin(struct dw *w, int header)
{
	struct xw *x = &w->x;

	xs(x, "w:tr");
	xs(x, "w:trPr");
	xempty(x, "w:cantSplit");
	if (header)
		xempty(x, "w:tblHeader");
	xe(x);
}

/*
 * A cell of width cw spanning span columns: text in the table face,
 * strong (Hei) or not, shaded or not, aligned. box: a checklist's status,
 * 1 to do, 2 done. bottom: a rule under the cell (signature lines).
 * keep: keep the row with the next one.
 */
struct cell {
	const char *text;
	long cw;
	int span, strong, shade, box, bottom, keep, gray, dashed;
	const char *jc;
	const char *style;
};

/*
 * Writes one table cell as struct cell describes it: width, span, borders,
 * shading and alignment, then its paragraph with the box and the text.
 */
static void
tc(struct dw *w, const struct cell *c)
{
	struct xw *x = &w->x;

	xs(x, "w:tc");
	xs(x, "w:tcPr");
	xs(x, "w:tcW");
	xal(x, "w:w", c->cw);
	xa(x, "w:type", "dxa");
	xe(x);
	if (c->span > 1)
		xvall(x, "w:gridSpan", c->span);
	if (c->bottom) {
		xs(x, "w:tcBorders");
		xs(x, "w:bottom");
		xa(x, "w:val", "single");
		xal(x, "w:sz", (long)(RULE_W * 8 + 0.5));
		xa(x, "w:space", "0");
		xa(x, "w:color", "000000");
		xe(x);
		xe(x);
	}
	if (c->dashed) {
		static const char *const sides[] = { "w:top", "w:left",
		    "w:bottom", "w:right" };
		size_t i;

		xs(x, "w:tcBorders");
		for (i = 0; i < 4; i++) {
			xs(x, sides[i]);
			xa(x, "w:val", "dashed");
			xa(x, "w:sz", "6");
			xa(x, "w:space", "0");
			xa(x, "w:color", "999999");
			xe(x);
		}
		xe(x);
	}
	if (c->shade) {
		xs(x, "w:shd");
		xa(x, "w:val", "clear");
		xa(x, "w:color", "auto");
		xa(x, "w:fill", SHADE);
		xe(x);
	}
	xval(x, "w:vAlign", c->bottom ? "bottom" : c->dashed ? "center" :
	    "top");
	xe(x);
	xs(x, "w:p");
	xs(x, "w:pPr");
	xval(x, "w:pStyle", c->style != NULL ? c->style : "TableText");
	if (c->keep)
		xempty(x, "w:keepNext");
	if (c->jc != NULL)
		xval(x, "w:jc", c->jc);
	xe(x);
	if (c->box) {
		/* ☑ done, ☐ to do, as on the printed checklist. */
		runs(w, c->box == 2 ? "\u2611 " : "\u2610 ", 0, 0);
	}
	runs(w, c->text, c->strong, c->gray);
	xe(x);
	xe(x);
}

/* A gap after a table, so the next table does not join it. */
static void
gap(struct dw *w, double after, int keep)
{
	struct xw *x = &w->x;

	xs(x, "w:p");
	xs(x, "w:pPr");
	xval(x, "w:pStyle", "TableText");
	if (keep)
		xempty(x, "w:keepNext");
	spacing(x, 0, after, 240);
	xe(x);
	xe(x);
}

/*
 * Writes a key-value block as a table of 30/70, section rows shaded across
 * both columns; keep_last keeps its last row with what follows.
 */
static void
kv_block(struct dw *w, const struct doc_block *b, int keep_last)
{
	static const double rel[2] = { 0.3, 0.7 };
	long *cw;
	struct cell c[2];
	size_t i;

	/* Word refuses a table without rows. */
	if (b->nkv == 0)
		return;
	cw = col_widths(rel, 2, BODY_TW);
	tbl_begin(w, cw, 2, 1, 0);
	for (i = 0; i < b->nkv; i++) {
		const struct doc_kv_row *r = &b->kv[i];
		/* A section row stays with its first row. */
		int keep = r->section || (keep_last && i + 1 == b->nkv);

		memset(c, 0, sizeof c);
		tr_begin(w, 0);
		if (r->section) {
			c[0].text = r->label;
			c[0].cw = cw[0] + cw[1];
			c[0].span = 2;
			c[0].strong = 1;
			c[0].shade = 1;
			c[0].keep = keep;
			tc(w, &c[0]);
		} else {
			c[0].text = r->label;
			c[0].cw = cw[0];
			c[0].strong = 1;
			c[0].keep = keep;
			c[1].text = r->value;
			c[1].cw = cw[1];
			c[1].keep = keep;
			tc(w, &c[0]);
			tc(w, &c[1]);
		}
		xe(&w->x);
	}
	xe(&w->x);
	gap(w, 8, 0);
	free(cw);
}

/*
 * Writes a grid block as a table whose header row repeats on every page,
 * leaving out the workbook-only columns (width 0); nothing when none is
 * left.
 */
static void
grid_block(struct dw *w, const struct doc_block *b)
{
	double *rel = fr_xcalloc(b->ncols + 1, sizeof *rel);
	size_t *idx = fr_xcalloc(b->ncols + 1, sizeof *idx);
	size_t i, j, n = 0;
	long *cw;
	struct cell c;

	/* A column of width 0 is machine evidence, for the workbook only. */
	for (j = 0; j < b->ncols; j++)
		if (b->widths[j] > 0) {
			rel[n] = b->widths[j];
			idx[n++] = j;
		}
	if (n == 0) {
		/* Nothing for a page: no table (Word refuses an empty row). */
		free(idx);
		free(rel);
		return;
	}
	cw = col_widths(rel, n, BODY_TW);
	tbl_begin(w, cw, n, 1, 0);
	tr_begin(w, 1);
	for (j = 0; j < n; j++) {
		memset(&c, 0, sizeof c);
		c.text = b->header[idx[j]];
		c.cw = cw[j];
		c.strong = 1;
		c.shade = 1;
		c.jc = "center";
		c.keep = 1;
		tc(w, &c);
	}
	xe(&w->x);
	for (i = 0; i < b->nrows; i++) {
		tr_begin(w, 0);
		for (j = 0; j < n; j++) {
			memset(&c, 0, sizeof c);
			c.text = b->cells[i * b->ncols + idx[j]];
			c.cw = cw[j];
			tc(w, &c);
		}
		xe(&w->x);
	}
	xe(&w->x);
	gap(w, 8, 0);
	free(cw);
	free(idx);
	free(rel);
}

/*
 * Writes a checklist as a table of number, material, status (with its box)
 * and notes, the header row repeated on every page.
 */
static void
check_block(struct dw *w, const struct doc_block *b)
{
	static const double rel[4] = { 0.07, 0.42, 0.2, 0.31 };
	long *cw = col_widths(rel, 4, BODY_TW);
	const char *hdr[4];
	struct cell c;
	char num[24];
	size_t i, j;
	int zh = !b->en;

	hdr[0] = zh ? "序号" : "No.";
	hdr[1] = b->caption != NULL ? b->caption : zh ? "材料" : "Material";
	hdr[2] = zh ? "状态" : "Status";
	hdr[3] = zh ? "说明" : "Notes";
	tbl_begin(w, cw, 4, 1, 0);
	tr_begin(w, 1);
	for (j = 0; j < 4; j++) {
		memset(&c, 0, sizeof c);
		c.text = hdr[j];
		c.cw = cw[j];
		c.strong = 1;
		c.shade = 1;
		c.jc = "center";
		c.keep = 1;
		tc(w, &c);
	}
	xe(&w->x);
	for (i = 0; i < b->nitems; i++) {
		const struct doc_check_item *it = &b->items[i];

		snprintf(num, sizeof num, "%zu", i + 1);
		tr_begin(w, 0);
		memset(&c, 0, sizeof c);
		c.text = num;
		c.cw = cw[0];
		c.jc = "center";
		tc(w, &c);
		c.jc = NULL;
		c.text = it->text;
		c.cw = cw[1];
		tc(w, &c);
		c.text = it->status != NULL ? it->status : "";
		c.cw = cw[2];
		c.box = it->done ? 2 : 1;
		tc(w, &c);
		c.box = 0;
		c.text = it->note != NULL ? it->note : "";
		c.cw = cw[3];
		tc(w, &c);
		xe(&w->x);
	}
	xe(&w->x);
	gap(w, 8, 0);
	free(cw);
}

/* A rough width of text at the body size in twips (labels only). */
static long
text_tw(const char *s)
{
	long tw = 0;

	for (; s != NULL && *s != '\0'; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch >= 0xe0)
			tw += TW_PT(SZ_BODY);	/* a Chinese character: 1 em */
		else if (ch < 0x80)
			tw += TW_PT(SZ_BODY * 0.45);
	}
	return tw;
}

/*
 * Opens a row of the signature table, never split across pages, at least
 * height twips tall (0: no minimum).
 */
static void
sign_row(struct dw *w, long height)
{
	xs(&w->x, "w:tr");
	xs(&w->x, "w:trPr");
	xempty(&w->x, "w:cantSplit");
	if (height > 0) {
		xs(&w->x, "w:trHeight");
		xal(&w->x, "w:val", height);
		xe(&w->x);
	}
	xe(&w->x);
}

/*
 * Signature and seal, in the right part of the page as on official
 * letters (pdf.c): each label with a line to sign on, at least 120 pt
 * long; the seal's place (a dashed box 40 mm wide, the size of a company
 * seal) above the date line; all kept on one page with the paragraph
 * before it.
 */
static void
sign_block(struct dw *w, const struct doc_block *b)
{
	long width = BODY_TW * 58 / 100, label = 0, line, seal = TW_MM(40);
	long cw[3];
	struct cell c;
	size_t i;

	for (i = 0; i < b->nsign; i++)
		if (text_tw(b->sign[i].label) > label)
			label = text_tw(b->sign[i].label);
	/* Word's default cell margins (0.08 in) and an em to spare. */
	label += 2 * 115 + TW_PT(SZ_BODY);
	if (label + TW_PT(120) > width)
		width = label + TW_PT(120) < BODY_TW ? label + TW_PT(120) :
		    BODY_TW;
	if (label > width - TW_PT(60))
		label = width - TW_PT(60);
	if (b->nsign == 0)
		label = width - seal - TW_PT(20);
	line = width - label;
	/*
	 * Three columns: the label, the line, and under the line's right
	 * end the seal's place; the grid decides widths in fixed layout.
	 */
	if (line - seal < TW_PT(10))
		seal = line / 2;
	cw[0] = label;
	cw[1] = line - seal;
	cw[2] = seal;
	gap(w, 6, 1);
	tbl_begin(w, cw, 3, 0, BODY_TW - width);
	for (i = 0; i < b->nsign; i++) {
		sign_row(w, TW_PT(26));
		memset(&c, 0, sizeof c);
		c.style = "Normal";
		c.text = b->sign[i].label;
		c.cw = cw[0];
		c.jc = "left";
		c.keep = 1;
		tc(w, &c);
		c.text = b->sign[i].value != NULL ? b->sign[i].value : "";
		c.cw = line;
		c.span = 2;
		c.bottom = 1;
		tc(w, &c);
		xe(&w->x);
	}
	if (b->seal != NULL) {
		sign_row(w, TW_PT(12));
		memset(&c, 0, sizeof c);
		c.style = "Note";
		c.text = "";
		c.cw = width;
		c.span = 3;
		c.keep = 1;
		tc(w, &c);
		xe(&w->x);
		/* A company seal is 40 mm across, stamped over the date. */
		sign_row(w, TW_MM(30));
		c.cw = cw[0] + cw[1];
		c.span = 2;
		tc(w, &c);
		c.text = b->seal;
		c.cw = cw[2];
		c.span = 1;
		c.jc = "center";
		c.gray = 1;
		c.dashed = 1;
		tc(w, &c);
		xe(&w->x);
	}
	if (b->date != NULL || (b->nsign == 0 && b->seal == NULL)) {
		/* (A table needs a row.) */
		sign_row(w, 0);
		memset(&c, 0, sizeof c);
		c.style = "Normal";
		c.text = b->date != NULL ? b->date : "";
		c.cw = width;
		c.span = 3;
		c.jc = "right";
		tc(w, &c);
		xe(&w->x);
	}
	xe(&w->x);
	gap(w, 6, 0);
}

/* --- header, footer, watermark ----------------------------------------- */

/* The watermark's text for the document's language or languages. */
static const char *
draft_mark(const struct doc *d)
{
	if (strstr(d->lang, "zh") == NULL)
		return "DRAFT";
	return strstr(d->lang, "en") != NULL ? "草稿 DRAFT" : "草稿";
}

/* Word's shape type for WordArt text (VML, o:spt 136). */
static void
shapetype(struct xw *x)
{
	static const char *const f[] = {
		"sum #0 0 10800", "prod #0 2 1", "sum 21600 0 @1",
		"sum 0 0 @2", "sum 21600 0 @3", "if @0 @3 0",
		"if @0 21600 @1", "if @0 0 @2", "if @0 @4 21600",
		"mid @5 @6", "mid @8 @5", "mid @7 @8", "mid @6 @7",
		"sum @6 0 @5",
	};
	size_t i;

	xs(x, "v:shapetype");
	xa(x, "id", "_x0000_t136");
	xa(x, "coordsize", "21600,21600");
	xa(x, "o:spt", "136");
	xa(x, "adj", "10800");
	xa(x, "path", "m@7,l@8,m@5,21600l@6,21600e");
	xs(x, "v:formulas");
	for (i = 0; i < sizeof f / sizeof f[0]; i++) {
		xs(x, "v:f");
		xa(x, "eqn", f[i]);
		xe(x);
	}
	xe(x);
	xs(x, "v:path");
	xa(x, "textpathok", "t");
	xa(x, "o:connecttype", "custom");
	xa(x, "o:connectlocs", "@9,0;@10,10800;@11,21600;@12,10800");
	xa(x, "o:connectangles", "270,180,90,0");
	xe(x);
	xs(x, "v:textpath");
	xa(x, "on", "t");
	xa(x, "fitshape", "t");
	xe(x);
	xs(x, "v:handles");
	xs(x, "v:h");
	xa(x, "position", "#0,bottomRight");
	xa(x, "xrange", "6629,14971");
	xe(x);
	xe(x);
	xs(x, "o:lock");
	xa(x, "v:ext", "edit");
	xa(x, "text", "t");
	xa(x, "shapetype", "t");
	xe(x);
	xe(x);
}

/*
 * The header: a line saying the file is a draft for review, and the
 * watermark Word itself makes (Design > Watermark): a VML text shape
 * behind the text, centred on the page and turned 45 degrees, which
 * LibreOffice shows as well.
 */
static void
header(struct dw *w)
{
	const struct doc *d = w->d;
	struct xw *x = &w->x;
	const char *mark = draft_mark(d);
	char *style;
	int zh = strstr(d->lang, "zh") != NULL;
	int en = strstr(d->lang, "en") != NULL;

	root(w, "w:hdr", 1);
	xs(x, "w:p");
	xs(x, "w:pPr");
	xval(x, "w:pStyle", "Header");
	xe(x);
	xs(x, "w:r");
	xs(x, "w:pict");
	shapetype(x);
	style = fr_xasprintf("position:absolute;margin-left:0;margin-top:0;"
	    "width:%dpt;height:%dpt;rotation:315;z-index:-251657216;"
	    "mso-position-horizontal:center;"
	    "mso-position-horizontal-relative:margin;"
	    "mso-position-vertical:center;"
	    "mso-position-vertical-relative:margin",
	    /* Word stretches the text to the box: boxes of its shape. */
	    zh && en ? 460 : zh ? 340 : 400, zh && en ? 80 : zh ? 170 : 115);
	xs(x, "v:shape");
	xa(x, "id", "PowerPlusWaterMarkObject");
	xa(x, "o:spid", "_x0000_s2049");
	xa(x, "type", "#_x0000_t136");
	xa(x, "style", style);
	xa(x, "o:allowincell", "f");
	xa(x, "fillcolor", "#bf1a1a");
	xa(x, "stroked", "f");
	xs(x, "v:fill");
	xa(x, "opacity", ".18");
	xe(x);
	xs(x, "v:textpath");
	xa(x, "style", zh ? "font-family:\"" F_HEI "\";font-size:1pt" :
	    "font-family:\"" F_LATIN "\";font-size:1pt");
	xa(x, "string", mark);
	xe(x);
	xe(x);
	free(style);
	xe(x);
	xe(x);
	w->en = !zh;
	runs(w, zh && en ? "草稿（供审阅） Draft for review" :
	    zh ? "草稿（供审阅）" : "Draft for review", 0, 1);
	xe(x);
	xe(x);
	part_end(w, "word/header1.xml");
}

/* A run holding a field character: begin, separate or end. */
static void
fld_char(struct xw *x, const char *type)
{
	xs(x, "w:r");
	xs(x, "w:fldChar");
	xa(x, "w:fldCharType", type);
	xe(x);
	xe(x);
}

/* A field (PAGE, NUMPAGES) with a result Word and LibreOffice update. */
static void
field(struct dw *w, const char *instr)
{
	struct xw *x = &w->x;

	fld_char(x, "begin");
	xs(x, "w:r");
	xs(x, "w:instrText");
	xa(x, "xml:space", "preserve");
	xt(x, instr);
	xe(x);
	xe(x);
	fld_char(x, "separate");
	runs(w, "1", 0, 0);
	fld_char(x, "end");
}

/* The footer: title and version left, the page number right (pdf.c). */
static void
footer(struct dw *w)
{
	const struct doc *d = w->d;
	struct xw *x = &w->x;
	char *left;
	int zh = strstr(d->lang, "zh") != NULL;
	int en = strstr(d->lang, "en") != NULL;

	root(w, "w:ftr", 0);
	xs(x, "w:p");
	xs(x, "w:pPr");
	xval(x, "w:pStyle", "Footer");
	xs(x, "w:pBdr");
	xs(x, "w:top");
	xa(x, "w:val", "single");
	xa(x, "w:sz", "3");
	xa(x, "w:space", "2");
	xa(x, "w:color", "666666");
	xe(x);
	xe(x);
	xs(x, "w:tabs");
	xs(x, "w:tab");
	xa(x, "w:val", "right");
	xal(x, "w:pos", BODY_TW);
	xe(x);
	xe(x);
	xe(x);
	w->en = !zh;
	left = fr_xasprintf("%s%s%s\t", d->title != NULL ? d->title : "",
	    d->version != NULL ? "  " : "",
	    d->version != NULL ? d->version : "");
	runs(w, left, 0, 0);
	free(left);
	if (zh) {
		runs(w, "第 ", 0, 0);
		field(w, " PAGE ");
		runs(w, " 页 共 ", 0, 0);
		field(w, " NUMPAGES ");
		runs(w, " 页", 0, 0);
	}
	if (zh && en)
		runs(w, " / ", 0, 0);
	if (en) {
		w->en = 1;
		runs(w, "Page ", 0, 0);
		field(w, " PAGE ");
		runs(w, " of ", 0, 0);
		field(w, " NUMPAGES ");
	}
	xe(x);
	xe(x);
	part_end(w, "word/footer1.xml");
}

/* --- the body ------------------------------------------------------------ */

/*
 * Writes word/document.xml: the blocks in order (a page break only after
 * something on the page), then the section's page size, margins, header and
 * footer.
 */
static void
body(struct dw *w)
{
	const struct doc *d = w->d;
	struct xw *x = &w->x;
	size_t i;
	int fresh = 1;		/* nothing on the page yet */

	root(w, "w:document", 0);
	xs(x, "w:body");
	for (i = 0; i < d->n; i++) {
		const struct doc_block *b = d->blocks[i];
		/* What closes a letter stays with its signature. */
		int before_sign = i + 1 < d->n &&
		    d->blocks[i + 1]->kind == DOC_SIGNATURE;
		char style[16];

		w->en = b->en;
		switch (b->kind) {
		/*
		 * English parts of a Chinese document: their headings take
		 * their weight from bold Latin, as an English document's do.
		 */
		case DOC_TITLE:
			para(w, "Title", b->text, NULL, 0, 1, b->en);
			break;
		case DOC_SUBTITLE:
			para(w, "Subtitle", b->text, jc_of(b->align), 0, 1,
			    b->en);
			break;
		case DOC_HEADING:
			snprintf(style, sizeof style, "Heading%d",
			    b->level >= 1 && b->level <= 3 ? b->level : 3);
			para(w, style, b->text, NULL, 0, 1, b->en);
			break;
		case DOC_PARA:
			para(w, "Normal", b->text, jc_of(b->align), b->indent,
			    before_sign, 0);
			break;
		case DOC_NOTE:
			para(w, "Note", b->text, NULL, 0, before_sign, 0);
			break;
		case DOC_KV:
			kv_block(w, b, before_sign);
			break;
		case DOC_GRID:
			grid_block(w, b);
			break;
		case DOC_CHECKLIST:
			check_block(w, b);
			break;
		case DOC_SIGNATURE:
			sign_block(w, b);
			break;
		case DOC_PAGEBREAK:
			if (fresh)
				break;
			xs(x, "w:p");
			xs(x, "w:pPr");
			xval(x, "w:pStyle", "TableText");
			xe(x);
			xs(x, "w:r");
			xs(x, "w:br");
			xa(x, "w:type", "page");
			xe(x);
			xe(x);
			xe(x);
			fresh = 1;
			continue;
		}
		fresh = 0;
	}
	xs(x, "w:sectPr");
	xs(x, "w:headerReference");
	xa(x, "w:type", "default");
	xa(x, "r:id", "rId4");
	xe(x);
	xs(x, "w:footerReference");
	xa(x, "w:type", "default");
	xa(x, "r:id", "rId5");
	xe(x);
	xs(x, "w:pgSz");
	xal(x, "w:w", TW_MM(PAGE_W_MM));
	xal(x, "w:h", TW_MM(PAGE_H_MM));
	xe(x);
	xs(x, "w:pgMar");
	xal(x, "w:top", TW_MM(PAGE_TOP_MM));
	xal(x, "w:right", TW_MM(PAGE_RIGHT_MM));
	xal(x, "w:bottom", TW_MM(PAGE_BOTTOM_MM));
	xal(x, "w:left", TW_MM(PAGE_LEFT_MM));
	/* The header sits halfway into the top margin; the footer where
	 * the PDF's is. */
	xal(x, "w:header", TW_MM(PAGE_TOP_MM) / 2);
	xal(x, "w:footer", TW_MM(PAGE_FOOT_MM - SZ_FOOT * 25.4 / 72));
	xa(x, "w:gutter", "0");
	xe(x);
	xs(x, "w:cols");
	xa(x, "w:space", "425");
	xe(x);
	xe(x);
	xe(x);
	xe(x);
	part_end(w, "word/document.xml");
}

/* The zip's entry time: the creation time in China Standard Time. */
static void
dos_time(const struct doc *d, unsigned short *t, unsigned short *dd)
{
	time_t tt = (time_t)(d->created >= 0 ? d->created : 315532800) +
	    8 * 3600;
	struct tm tm;

	*t = 0;
	*dd = (1 << 5) | 1;	/* 1980-01-01 */
	if (gmtime_r(&tt, &tm) == NULL || tm.tm_year < 80 ||
	    tm.tm_year > 207)
		return;
	*t = (unsigned short)((tm.tm_hour << 11) | (tm.tm_min << 5) |
	    (tm.tm_sec / 2));
	*dd = (unsigned short)(((tm.tm_year - 80) << 9) |
	    ((tm.tm_mon + 1) << 5) | tm.tm_mday);
}

int
docx_render(const struct doc *d, unsigned char **bufp, size_t *lenp,
    char **err)
{
	struct dw w;
	zip_source_t *src = NULL;
	zip_error_t ze;
	zip_int64_t len;
	unsigned char *buf = NULL;
	int rc = FR_EIO;

	*bufp = NULL;
	*lenp = 0;
	*err = NULL;
	memset(&w, 0, sizeof w);
	w.d = d;
	w.zh = strncmp(d->lang, "zh", 2) == 0;
	dos_time(d, &w.dtime, &w.ddate);
	zip_error_init(&ze);
	if ((src = zip_source_buffer_create(NULL, 0, 0, &ze)) == NULL ||
	    (w.z = zip_open_from_source(src, ZIP_TRUNCATE, &ze)) == NULL) {
		*err = fr_xasprintf("libzip: %s", zip_error_strerror(&ze));
		goto out;
	}
	/* The zip is built in a buffer that outlives the archive. */
	zip_source_keep(src);
	content_types(&w);
	rels(&w);
	props(&w);
	body(&w);
	styles(&w);
	settings(&w);
	font_table(&w);
	header(&w);
	footer(&w);
	if (w.bad) {
		*err = w.err != NULL ? w.err : fr_xasprintf("libzip: %s",
		    zip_strerror(w.z));
		w.err = NULL;
		zip_discard(w.z);
		goto out;
	}
	if (zip_close(w.z) < 0) {
		*err = fr_xasprintf("libzip: %s", zip_strerror(w.z));
		zip_discard(w.z);
		goto out;
	}
	if (zip_source_open(src) < 0 ||
	    zip_source_seek(src, 0, SEEK_END) < 0 ||
	    (len = zip_source_tell(src)) < 0 ||
	    zip_source_seek(src, 0, SEEK_SET) < 0) {
		*err = fr_xasprintf("libzip: %s",
		    zip_error_strerror(zip_source_error(src)));
		goto out;
	}
	buf = fr_xmalloc((size_t)len + 1);
	if (zip_source_read(src, buf, (zip_uint64_t)len) != len) {
		*err = fr_xstrdup("libzip: cannot read the archive back");
		zip_source_close(src);
		goto out;
	}
	zip_source_close(src);
	*bufp = buf;
	*lenp = (size_t)len;
	buf = NULL;
	rc = FR_OK;
out:
	free(buf);
	free(w.err);
	if (src != NULL)
		zip_source_free(src);
	zip_error_fini(&ze);
	return rc;
}
