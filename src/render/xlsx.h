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
 * Write the workbook to path, a new file created with the given mode
 * (refused if it exists). Not atomic: the package writer stages every
 * file and puts the package in place as a whole; on failure the file is
 * removed.
 */
int xlsx_write(const struct doc *const *docs, size_t n,
    const struct xlsx_meta *, const char *path, mode_t mode, char **err);

#endif
