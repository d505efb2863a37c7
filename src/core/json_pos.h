/*
 * json_pos.h — a strict JSON scanner that knows where things are.
 *
 * cJSON builds the tree but forgets positions and silently keeps duplicate
 * keys. fr_json_scan goes over the same text first: it reports syntax
 * errors with line:column, rejects NUL bytes, invalid UTF-8 (RFC 3629),
 * nesting deeper than FR_JSON_MAX_DEPTH and input larger than
 * FR_JSON_MAX_SIZE, reports every duplicate key, and records the position
 * of every value in document order (pre-order: a value before its
 * members), which is the order in which cJSON links its nodes, so the two
 * can be matched one to one (see filing.c).
 *
 * Lines and columns start at 1; a column counts characters (code points),
 * not bytes, as editors do. A leading UTF-8 byte-order mark is skipped.
 *
 * Ownership: *nodes is the caller's to free().
 */
#ifndef FR_JSON_POS_H
#define FR_JSON_POS_H

#include <stddef.h>

#include "core/diag.h"

#define FR_JSON_MAX_SIZE	(16u * 1024 * 1024)
#define FR_JSON_MAX_DEPTH	64
#define FR_JSON_MAX_NUMBER	40	/* characters in one number literal */

/* Where one value starts, and its key when it is an object member. */
struct fr_jpos {
	int line, col;
	int key_line, key_col;	/* 0 for array elements and the root */
};

/*
 * Scan buf (len bytes, need not be NUL-terminated). Returns FR_OK when the
 * text is well-formed JSON (duplicate keys are reported to d as errors but
 * do not stop the scan: the tree is still usable), FR_EFORMAT otherwise
 * (one diagnostic, or one per encoding error up to a small cap). On
 * FR_OK, *nodes and *n hold one entry per value in pre-order. *skip is the
 * number of leading bytes (a BOM) a parser must skip.
 */
int fr_json_scan(const char *buf, size_t len, const char *file,
    struct fr_diags *d, struct fr_jpos **nodes, size_t *n, size_t *skip);

/*
 * Append a member name to a JSON path as the diagnostics spell it:
 * ".name" (no dot at the start of the path) for identifiers, ["any key"]
 * otherwise; an array index as "[3]". *buf is grown with fr_xrealloc.
 */
void fr_json_path_key(char **buf, size_t *len, size_t *cap,
    const char *key, size_t keylen);
void fr_json_path_index(char **buf, size_t *len, size_t *cap, size_t i);

#endif
