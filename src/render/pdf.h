/*
 * pdf.h — the PDF back end: lays a struct doc out on A4 pages (libharu).
 *
 * Type area and sizes follow the spirit of GB/T 9704-2012 (Chinese
 * official documents): Song/Ming body text, Hei headings, Latin runs in a
 * proportional Latin face, a running footer with the page number, the
 * document title and version. Fonts are subset with HarfBuzz (font.h).
 * Only pdf.c includes libharu's header.
 *
 * Ownership: pdf_fonts_open returns a set the caller frees with
 * pdf_fonts_free (NULL is a no-op); pdf_render returns a malloc'd buffer
 * the caller frees, and on failure a message the caller frees.
 */
#ifndef FR_RENDER_PDF_H
#define FR_RENDER_PDF_H

#include <stddef.h>

#include "render/doc.h"

struct pdf_fonts;

/* Open the four font files once for many documents. */
int pdf_fonts_open(struct pdf_fonts **, char **err);
void pdf_fonts_free(struct pdf_fonts *);

/* Render the document into memory. Returns 0 or an fr_err with *err. */
int pdf_render(struct pdf_fonts *, const struct doc *, unsigned char **buf,
    size_t *len, char **err);

#endif
