/*
 * xlsx.h — the XLSX back end: one workbook, one worksheet per document
 * (libxlsxwriter). Labels and values in columns a reviewer can work in,
 * section header rows, wrapped text, fitted column widths, a frozen header
 * row, A4 printing fitted to the page width, document properties,
 * drop-down validation for enumerations, and a pinned creation time so the
 * same input gives the same file. Only xlsx.c includes libxlsxwriter.
 *
 * Ownership: all arguments are borrowed; *err is the caller's to free.
 */
#ifndef FR_RENDER_XLSX_H
#define FR_RENDER_XLSX_H

#include <stddef.h>
#include <sys/types.h>

#include "render/doc.h"

struct xlsx_meta {
	const char *title, *subject, *author, *keywords, *company;
	long long created;	/* seconds since the epoch; -1: unset */
};

/*
 * Write the workbook atomically to path (temporary file in the same
 * directory, then rename), created with the given mode.
 */
int xlsx_write(const struct doc *const *docs, size_t n,
    const struct xlsx_meta *, const char *path, mode_t mode, char **err);

#endif
