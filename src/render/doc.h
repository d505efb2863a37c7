/*
 * doc.h — the document model: what a filing document says, as a list of
 * blocks (title, headings, paragraphs, key-value tables, grid tables,
 * checklists, signature and seal blocks, notes, page breaks).
 *
 * Forms, templates and rules build a struct doc; the PDF and XLSX back ends
 * (pdf.h, xlsx.h) only lay it out. Nothing here knows PDF or XLSX.
 *
 * Text is UTF-8 and may mix Chinese and Latin freely: the back ends pick a
 * font per script for every character, so a run of "GB/T 35273" inside a
 * Chinese sentence is set in the Latin face.
 *
 * Ownership: every `const char *` argument is copied; the doc owns its
 * blocks and their strings; doc_free(NULL) is a no-op. Builder functions
 * return a borrowed pointer to the block they made, valid until doc_free.
 */
#ifndef FR_RENDER_DOC_H
#define FR_RENDER_DOC_H

#include <stddef.h>

enum doc_kind {
	DOC_TITLE,	/* the document's title, centred */
	DOC_SUBTITLE,	/* a line under the title (attachment number, ...) */
	DOC_HEADING,	/* level 1..3 */
	DOC_PARA,	/* justified body text */
	DOC_NOTE,	/* small explanatory text */
	DOC_KV,		/* label | value rows, with section rows */
	DOC_GRID,	/* header row + rows; header repeats on new pages */
	DOC_CHECKLIST,	/* numbered items, each done or to do */
	DOC_SIGNATURE,	/* signature lines, seal area, date line */
	DOC_PAGEBREAK,
};

enum doc_align { DOC_JUSTIFY, DOC_LEFT, DOC_CENTER, DOC_RIGHT };

struct doc_kv_row {
	int section;		/* 1: a section header spanning the row */
	char *label;
	char *value;		/* NULL for section rows */
	char **options;		/* an enumeration the value is one of */
	size_t noptions;
};

struct doc_check_item {
	char *text;
	char *status;		/* shown beside the box ("generated", ...) */
	char *note;		/* may be NULL */
	int done;
};

struct doc_sign_line {
	char *label;		/* "委托单位（盖章）" */
	char *value;		/* pre-filled text or NULL for a blank line */
};

struct doc_block {
	enum doc_kind kind;
	int level;		/* headings: 1..3 */
	enum doc_align align;
	int indent;		/* paragraphs: first-line indent in ems */
	int en;			/* the block is English (else Chinese) */
	char *text;		/* title, subtitle, heading, paragraph, note */

	struct doc_kv_row *kv;
	size_t nkv;

	size_t ncols;		/* grid */
	char **header;		/* ncols strings */
	double *widths;		/* ncols relative widths; 0: a column of
				 * machine evidence, in the workbook only */
	char **cells;		/* nrows * ncols strings */
	size_t nrows;

	char *caption;		/* checklist header for the item column */
	struct doc_check_item *items;
	size_t nitems;

	struct doc_sign_line *sign;
	size_t nsign;
	char *seal;		/* seal area label ("盖章"), NULL: none */
	char *date;		/* the date line's text ("年 月 日" or a date) */
};

struct doc {
	char *id;		/* stable slug for file names */
	char *lang;		/* "zh", "en" or "zh-en" (bilingual) */
	char *blang;		/* language of blocks added from now on */
	char *title;		/* metadata and running footer */
	char *subject;
	char *author;
	char *keywords;
	char *version;		/* shown in the footer */
	char *sheet;		/* short worksheet name (XLSX, <= 31 chars) */
	long long created;	/* seconds since the epoch, -1: unset */
	int draft;		/* watermark */

	struct doc_block **blocks;
	size_t n, cap;
};

struct doc *doc_new(const char *id, const char *lang);
void doc_free(struct doc *);

/* Metadata; NULL leaves a field unchanged. */
void doc_set_meta(struct doc *, const char *title, const char *subject,
    const char *author, const char *version);
void doc_set_sheet(struct doc *, const char *sheet);
/* The language ("zh" or "en") of the blocks added after this call; a
 * bilingual document switches between its parts. */
void doc_set_lang(struct doc *, const char *lang);

struct doc_block *doc_title(struct doc *, const char *text);
struct doc_block *doc_subtitle(struct doc *, const char *text);
struct doc_block *doc_heading(struct doc *, int level, const char *text);
struct doc_block *doc_para(struct doc *, const char *text);
struct doc_block *doc_note(struct doc *, const char *text);
struct doc_block *doc_pagebreak(struct doc *);

/* Key-value table: rows are added to the block. */
struct doc_block *doc_kv(struct doc *);
void doc_kv_section(struct doc_block *, const char *text);
void doc_kv_row(struct doc_block *, const char *label, const char *value);
/* The enumeration the last row's value belongs to (XLSX validation). */
void doc_kv_options(struct doc_block *, const char *const *opts, size_t n);

/* Grid: ncols columns, header[ncols], widths[ncols] (NULL: equal). */
struct doc_block *doc_grid(struct doc *, size_t ncols,
    const char *const *header, const double *widths);
void doc_grid_row(struct doc_block *, const char *const *cells);

struct doc_block *doc_checklist(struct doc *, const char *caption);
void doc_check_item(struct doc_block *, const char *text, int done,
    const char *status, const char *note);

struct doc_block *doc_signature(struct doc *);
void doc_sign_line(struct doc_block *, const char *label, const char *value);
void doc_sign_seal(struct doc_block *, const char *label);
void doc_sign_date(struct doc_block *, const char *date);

/*
 * Calls fn for every string the document will show, so a back end can
 * gather the code points it must embed before laying anything out.
 */
void doc_each_text(const struct doc *, void (*fn)(const char *, int strong,
    int en, void *), void *arg);

#endif
