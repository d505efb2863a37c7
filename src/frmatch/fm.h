/*
 * fm.h — what frmatch's modules share: a one-line error buffer and the
 * limits of the store.
 *
 * Module map (one module per dependency, STYLE.md 1):
 *   crypto.c  the only file that includes OpenSSL headers
 *   store.c   the only file that includes sqlite3.h
 *   serve.c   the only file that includes microhttpd.h
 *   tmpl.c    template and NDJSON parsers (cJSON), fuzzed
 *   scan.c    the 1:N scan kernel (pthreads, SIMD with a runtime check)
 *   facts.c   the facts document (docs/facts.md)
 *   cmd-*.c   one file per command, table in main.c
 *
 * Ownership: const char * arguments are borrowed; returned char * and
 * arrays are the caller's to free.
 */
#ifndef FM_H
#define FM_H

#include <stddef.h>

#define FM_DIM_MIN	64
#define FM_DIM_MAX	2048
#define FM_PERSON_MAX	256	/* bytes in a person id */
#define FM_REF_MAX	256	/* bytes in a consent reference */
#define FM_RETENTION_DEFAULT 365
#define FM_RETENTION_MAX 36500

/* The detail of a failure: one line, lowercase, no trailing full stop. */
struct fm_err {
	char msg[512];
};

void fm_seterr(struct fm_err *, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * A person id or reference is printable UTF-8 text without control
 * characters, 1..max bytes. Returns 1 when acceptable.
 */
int fm_text_ok(const char *s, size_t max);

#endif
