/*
 * idread.h — streaming readers for person-id exports: CSV (RFC 4180:
 * quoted fields, doubled quotes, a UTF-8 byte-order mark, CRLF or LF) and
 * NDJSON (one JSON object per line).
 *
 * A push parser: feed it bytes as they arrive (a file read in blocks,
 * standard input, an HTTP body) and it calls back once per row with the id
 * and the optional enrolment / deletion date cells. Malformed rows are
 * reported as diagnostics naming the source and the line; with
 * skip_invalid they are counted and skipped (the first few are kept as
 * warnings), otherwise the first one stops the read with FR_EINVAL.
 *
 * Ownership: options and the name are borrowed for the reader's lifetime;
 * the row passed to the callback is valid only during the call; the
 * diagnostics list is the caller's. fr_idread_free(NULL) is a no-op.
 */
#ifndef FR_IDREAD_H
#define FR_IDREAD_H

#include <stddef.h>

#include "core/diag.h"

enum fr_idfmt { FR_IDFMT_CSV, FR_IDFMT_NDJSON };

#define FR_IDREAD_MAXFIELD 4096	/* bytes in an id or date cell */

struct fr_idread_opts {
	/* CSV: a header name, or a 1-based column number. */
	const char *id_column, *from_column, *until_column;
	/* NDJSON: field names. */
	const char *id_field, *from_field, *until_field;
	int no_header;		/* CSV without a header row */
	int skip_invalid;
};

struct fr_idrow {
	const char *id, *from, *until;	/* from/until NULL when not asked for */
	size_t idlen, fromlen, untillen;
	long line;			/* 1-based line the row starts on */
};

struct fr_idread;
/* Returns FR_OK, or an error (usually via fr_idread_invalid) to stop. */
typedef int (*fr_idrow_fn)(void *arg, struct fr_idread *, const struct fr_idrow *);

struct fr_idread *fr_idread_new(enum fr_idfmt, const struct fr_idread_opts *,
    const char *name, struct fr_diags *, fr_idrow_fn, void *arg);
void fr_idread_free(struct fr_idread *);
int fr_idread_feed(struct fr_idread *, const char *buf, size_t len);
/* End of input: an unterminated last line or quote is handled here. */
int fr_idread_end(struct fr_idread *);

/*
 * A bad row: adds the diagnostic and, with skip_invalid, counts it and
 * returns FR_OK (carry on); otherwise returns FR_EINVAL (stop).
 */
int fr_idread_invalid(struct fr_idread *, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* An error no --skip-invalid skips: the read stops. FR_EINVAL. */
int fr_idread_fatal(struct fr_idread *, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/*
 * For readers of other formats (xlsxin.h) that use this one for its
 * options, diagnostics and callback: deliver one row (trimmed; an empty
 * id is an invalid row), and keep a header cell's name for the error
 * that lists the columns found (fr_idread_header_names, "none" if none).
 */
int fr_idread_row(struct fr_idread *, const char *id, size_t idlen,
    const char *from, size_t fromlen, const char *until, size_t untillen,
    long line);
void fr_idread_header_name(struct fr_idread *, const char *h, size_t n);
const char *fr_idread_header_names(struct fr_idread *);

/*
 * CSV: the 0-based id column once it is known (the header row has been
 * read, or there is none), else -1.
 */
long fr_idread_idcol(const struct fr_idread *);
size_t fr_idread_skipped(const struct fr_idread *);	/* rows skipped */

#endif
