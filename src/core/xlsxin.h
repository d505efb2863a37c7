/*
 * xlsxin.h — person-id exports saved as Excel workbooks (XLSX, Office
 * Open XML): the rows of one worksheet, read as idread.h reads a CSV
 * export (a header row, the id column by name or number, optional
 * enrolment and deletion date columns).
 *
 * The shared strings (text cells) are held in memory, as there is no
 * other way to resolve them; the worksheet is streamed, so memory grows
 * with the distinct texts, not with the rows. Cells become the text a
 * CSV export of the same sheet would hold: a number that is a whole
 * number loses its ".0" (the id 1234567890 and the text "1234567890" are
 * one person), and a number in a date column is an Excel serial date.
 * A numeric id of 10^15 or more is an error naming the cell: Excel keeps
 * 15 significant digits, so an 18-digit ID number stored as a number has
 * already been rounded. A numeric id column gets one warning that
 * leading zeros may have been lost.
 *
 * This is the one file that knows libzip and libxml2.
 *
 * Ownership: the data, the name and the reader are borrowed; the rows go
 * through the reader's callback (fr_idread_row) and its diagnostics.
 */
#ifndef FR_XLSXIN_H
#define FR_XLSXIN_H

#include <stddef.h>

#include "core/diag.h"
#include "core/idread.h"

/*
 * Read the worksheet named sheet (the first one when NULL) of the
 * workbook in data. FR_OK; FR_EINVAL when the workbook, the sheet or a
 * row is bad (diagnostics added to d, or to the reader's).
 */
int fr_xlsx_read(const char *data, size_t len, const char *sheet,
    const struct fr_idread_opts *, struct fr_idread *, const char *name,
    struct fr_diags *d);

#endif
