/*
 * docx.h — the Word back end: one struct doc as an editable DOCX (Office
 * Open XML), for a legal team to read, mark up and argue about. The zip
 * is written with libzip and every XML part with libxml2's xmlTextWriter;
 * only docx.c includes their headers for writing.
 *
 * What it gives Word and LibreOffice: built-in heading styles (heading
 * 1-3, shown as 标题 1-3 by a Chinese Word, with outline levels, so the
 * navigation pane and a table of contents work), real tables whose header
 * rows repeat on every page, A4 with the PDF's margins (page.h), a footer
 * with the document title, version and the page number as PAGE and
 * NUMPAGES fields, fonts named for Word on Chinese Windows (宋体 body,
 * 黑体 headings, Times New Roman for Latin) and the document properties.
 *
 * A DOCX is always a draft: every page carries the watermark (a VML text
 * watermark in the header, the way Word makes one) and a draft line in
 * the header, whatever d->draft says. The caller gives documents built as
 * a draft (identity numbers masked); the package never writes a final one.
 * Nothing reads a DOCX back: edits made in Word stay in Word.
 *
 * Ownership: the document is borrowed; *buf and *err are the caller's.
 */
#ifndef FR_RENDER_DOCX_H
#define FR_RENDER_DOCX_H

#include <stddef.h>

#include "render/doc.h"

/* Render the document into memory. Returns 0 or an fr_err with *err. */
int docx_render(const struct doc *, unsigned char **buf, size_t *len,
    char **err);

#endif
