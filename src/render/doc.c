/*
 * doc.c — the document model's builders (see doc.h). Plain data: the
 * back ends read the structs directly.
 */
#include "render/doc.h"

#include "core/fr.h"

#include <stdlib.h>
#include <string.h>

/* A copy of s, or NULL for NULL. */
static char *
dup0(const char *s)
{
	return s == NULL ? NULL : fr_xstrdup(s);
}

struct doc *
doc_new(const char *id, const char *lang)
{
	struct doc *d = fr_xcalloc(1, sizeof *d);

	d->id = fr_xstrdup(id != NULL ? id : "document");
	d->lang = fr_xstrdup(lang != NULL ? lang : "zh");
	d->blang = fr_xstrndup(d->lang, 2);
	d->created = -1;
	return d;
}

/* Frees a block and every string it owns; NULL is a no-op. */
static void
block_free(struct doc_block *b)
{
	size_t i, j;

	if (b == NULL)
		return;
	free(b->text);
	for (i = 0; i < b->nkv; i++) {
		free(b->kv[i].label);
		free(b->kv[i].value);
		for (j = 0; j < b->kv[i].noptions; j++)
			free(b->kv[i].options[j]);
		free(b->kv[i].options);
	}
	free(b->kv);
	for (i = 0; b->header != NULL && i < b->ncols; i++)
		free(b->header[i]);
	free(b->header);
	free(b->widths);
	for (i = 0; i < b->nrows * b->ncols; i++)
		free(b->cells[i]);
	free(b->cells);
	free(b->caption);
	for (i = 0; i < b->nitems; i++) {
		free(b->items[i].text);
		free(b->items[i].status);
		free(b->items[i].note);
	}
	free(b->items);
	for (i = 0; i < b->nsign; i++) {
		free(b->sign[i].label);
		free(b->sign[i].value);
	}
	free(b->sign);
	free(b->seal);
	free(b->date);
	free(b);
}

void
doc_free(struct doc *d)
{
	size_t i;

	if (d == NULL)
		return;
	for (i = 0; i < d->n; i++)
		block_free(d->blocks[i]);
	free(d->blocks);
	free(d->id);
	free(d->lang);
	free(d->blang);
	free(d->title);
	free(d->subject);
	free(d->author);
	free(d->keywords);
	free(d->version);
	free(d->sheet);
	free(d);
}

/* Replaces *dst with a copy of s; NULL leaves it unchanged. */
static void
setstr(char **dst, const char *s)
{
	if (s == NULL)
		return;
	free(*dst);
	*dst = fr_xstrdup(s);
}

void
doc_set_meta(struct doc *d, const char *title, const char *subject,
    const char *author, const char *version)
{
	setstr(&d->title, title);
	setstr(&d->subject, subject);
	setstr(&d->author, author);
	setstr(&d->version, version);
}

void
doc_set_lang(struct doc *d, const char *lang)
{
	setstr(&d->blang, lang);
}

void
doc_set_sheet(struct doc *d, const char *sheet)
{
	setstr(&d->sheet, sheet);
}

/*
 * Appends a new block of kind, in the current block language, to the
 * document; returns it, owned by the document.
 */
static struct doc_block *
add(struct doc *d, enum doc_kind kind, const char *text)
{
	struct doc_block *b = fr_xcalloc(1, sizeof *b);

	b->kind = kind;
	b->text = dup0(text);
	b->en = strncmp(d->blang, "en", 2) == 0;
	FR_GROW(d->blocks, d->cap, d->n + 1, 16);
	d->blocks[d->n++] = b;
	return b;
}

struct doc_block *
doc_title(struct doc *d, const char *text)
{
	struct doc_block *b = add(d, DOC_TITLE, text);

	b->align = DOC_CENTER;
	return b;
}

struct doc_block *
doc_subtitle(struct doc *d, const char *text)
{
	struct doc_block *b = add(d, DOC_SUBTITLE, text);

	b->align = DOC_CENTER;
	return b;
}

struct doc_block *
doc_heading(struct doc *d, int level, const char *text)
{
	struct doc_block *b = add(d, DOC_HEADING, text);

	b->level = level < 1 ? 1 : level > 3 ? 3 : level;
	b->align = DOC_LEFT;
	return b;
}

struct doc_block *
doc_para(struct doc *d, const char *text)
{
	struct doc_block *b = add(d, DOC_PARA, text);

	/* GB/T 9704: Chinese body paragraphs indent the first line by two
	 * characters; English paragraphs are set flush. */
	b->indent = b->en ? 0 : 2;
	return b;
}

struct doc_block *
doc_note(struct doc *d, const char *text)
{
	struct doc_block *b = add(d, DOC_NOTE, text);

	b->align = DOC_LEFT;
	return b;
}

struct doc_block *
doc_pagebreak(struct doc *d)
{
	return add(d, DOC_PAGEBREAK, NULL);
}

struct doc_block *
doc_kv(struct doc *d)
{
	return add(d, DOC_KV, NULL);
}

/* Appends an empty row to a key-value block and returns it. */
static struct doc_kv_row *
kv_add(struct doc_block *b)
{
	struct doc_kv_row *r;

	b->kv = fr_xreallocarray(b->kv, b->nkv + 1, sizeof *b->kv);
	r = &b->kv[b->nkv++];
	memset(r, 0, sizeof *r);
	return r;
}

void
doc_kv_section(struct doc_block *b, const char *text)
{
	struct doc_kv_row *r = kv_add(b);

	r->section = 1;
	r->label = fr_xstrdup(text);
}

void
doc_kv_row(struct doc_block *b, const char *label, const char *value)
{
	struct doc_kv_row *r = kv_add(b);

	r->label = fr_xstrdup(label);
	r->value = fr_xstrdup(value != NULL ? value : "");
}

void
doc_kv_options(struct doc_block *b, const char *const *opts, size_t n)
{
	struct doc_kv_row *r;
	size_t i;

	if (b->nkv == 0 || n == 0)
		return;
	r = &b->kv[b->nkv - 1];
	r->options = fr_xcalloc(n, sizeof *r->options);
	for (i = 0; i < n; i++)
		r->options[i] = fr_xstrdup(opts[i]);
	r->noptions = n;
}

struct doc_block *
doc_grid(struct doc *d, size_t ncols, const char *const *header,
    const double *widths)
{
	struct doc_block *b = add(d, DOC_GRID, NULL);
	size_t i;

	b->ncols = ncols;
	b->header = fr_xcalloc(ncols, sizeof *b->header);
	b->widths = fr_xcalloc(ncols, sizeof *b->widths);
	for (i = 0; i < ncols; i++) {
		b->header[i] = fr_xstrdup(header != NULL && header[i] != NULL ?
		    header[i] : "");
		b->widths[i] = widths != NULL && widths[i] >= 0 ? widths[i] : 1;
	}
	return b;
}

void
doc_grid_row(struct doc_block *b, const char *const *cells)
{
	size_t i;

	b->cells = fr_xreallocarray(b->cells, (b->nrows + 1) * b->ncols,
	    sizeof *b->cells);
	for (i = 0; i < b->ncols; i++)
		b->cells[b->nrows * b->ncols + i] =
		    fr_xstrdup(cells[i] != NULL ? cells[i] : "");
	b->nrows++;
}

struct doc_block *
doc_checklist(struct doc *d, const char *caption)
{
	struct doc_block *b = add(d, DOC_CHECKLIST, NULL);

	b->caption = dup0(caption);
	return b;
}

void
doc_check_item(struct doc_block *b, const char *text, int done,
    const char *status, const char *note)
{
	struct doc_check_item *it;

	b->items = fr_xreallocarray(b->items, b->nitems + 1, sizeof *b->items);
	it = &b->items[b->nitems++];
	it->text = fr_xstrdup(text);
	it->done = done;
	it->status = dup0(status);
	it->note = dup0(note);
}

struct doc_block *
doc_signature(struct doc *d)
{
	struct doc_block *b = add(d, DOC_SIGNATURE, NULL);

	b->align = DOC_RIGHT;
	return b;
}

void
doc_sign_line(struct doc_block *b, const char *label, const char *value)
{
	b->sign = fr_xreallocarray(b->sign, b->nsign + 1, sizeof *b->sign);
	b->sign[b->nsign].label = fr_xstrdup(label);
	b->sign[b->nsign].value = dup0(value);
	b->nsign++;
}

void
doc_sign_seal(struct doc_block *b, const char *label)
{
	setstr(&b->seal, label);
}

void
doc_sign_date(struct doc_block *b, const char *date)
{
	setstr(&b->date, date);
}

void
doc_each_text(const struct doc *d, void (*fn0)(const char *, int, int,
    void *), void *arg)
{
	size_t i, j, k;
	int den = strncmp(d->lang, "en", 2) == 0;

	if (d->title != NULL)
		fn0(d->title, 0, den, arg);
	if (d->version != NULL)
		fn0(d->version, 0, den, arg);
	for (i = 0; i < d->n; i++) {
		const struct doc_block *b = d->blocks[i];
#define fn(s, strong, a) fn0((s), (strong), b->en, (a))

		switch (b->kind) {
		case DOC_TITLE:
		case DOC_SUBTITLE:
		case DOC_HEADING:
			fn(b->text, 1, arg);
			break;
		case DOC_PARA:
		case DOC_NOTE:
			fn(b->text, 0, arg);
			break;
		case DOC_KV:
			for (j = 0; j < b->nkv; j++) {
				fn(b->kv[j].label, 1, arg);
				if (b->kv[j].value != NULL)
					fn(b->kv[j].value, 0, arg);
				for (k = 0; k < b->kv[j].noptions; k++)
					fn(b->kv[j].options[k], 0, arg);
			}
			break;
		case DOC_GRID:
			for (j = 0; j < b->ncols; j++)
				fn(b->header[j], 1, arg);
			for (j = 0; j < b->nrows * b->ncols; j++)
				fn(b->cells[j], 0, arg);
			break;
		case DOC_CHECKLIST:
			if (b->caption != NULL)
				fn(b->caption, 1, arg);
			for (j = 0; j < b->nitems; j++) {
				fn(b->items[j].text, 0, arg);
				if (b->items[j].status != NULL)
					fn(b->items[j].status, 0, arg);
				if (b->items[j].note != NULL)
					fn(b->items[j].note, 0, arg);
			}
			break;
		case DOC_SIGNATURE:
			for (j = 0; j < b->nsign; j++) {
				fn(b->sign[j].label, 0, arg);
				if (b->sign[j].value != NULL)
					fn(b->sign[j].value, 0, arg);
			}
			if (b->seal != NULL)
				fn(b->seal, 0, arg);
			if (b->date != NULL)
				fn(b->date, 0, arg);
			break;
		case DOC_PAGEBREAK:
			break;
		}
#undef fn
	}
}
