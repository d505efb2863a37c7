/*
 * filing.h — the filing description (frfile-filing/1): load a filing JSON
 * into a cJSON tree with the line:column of every value, and read values
 * by JSON path.
 *
 * Paths are written as the diagnostics print them: members joined by
 * dots, array elements by [index]: "applications[0].locations[1].place_type".
 * forms/schema.json lists every key; man/frfile-filing.5 documents them.
 *
 * Ownership: fr_filing_load returns a struct the caller frees with
 * fr_filing_free; every pointer obtained from it (cJSON nodes, strings) is
 * borrowed and lives as long as the filing. cJSON is referred to as
 * struct cJSON so that this header does not pull in cJSON.h.
 */
#ifndef FR_FILING_H
#define FR_FILING_H

#include <stddef.h>

#include "core/diag.h"

#define FR_FILING_SCHEMA "frfile-filing/1"

struct cJSON;
struct fr_filing;

/*
 * Read and parse a filing. Returns FR_OK when the file is well-formed JSON
 * (it may still carry problems, e.g. duplicate keys, reported to d as
 * errors; fr_validate finds the rest), FR_EIO when it cannot be read,
 * FR_EFORMAT when it is not JSON or breaks a limit (16 MiB, 64 levels,
 * UTF-8 only, no NUL). name is used in diagnostics (NULL: path).
 */
int fr_filing_load(const char *path, struct fr_filing **out,
    struct fr_diags *d);
int fr_filing_parse(const char *name, const char *buf, size_t len,
    struct fr_filing **out, struct fr_diags *d);
void fr_filing_free(struct fr_filing *);

/* The name given at load time (for diagnostics). */
const char *fr_filing_name(const struct fr_filing *);
/* The whole document. */
const struct cJSON *fr_filing_root(const struct fr_filing *);

/*
 * The node at path, or NULL when absent. A path such as "processor.uscc",
 * "applications[2].locations[0].name" or "[\"odd key\"]". "" is the root.
 */
const struct cJSON *fr_filing_get(const struct fr_filing *, const char *path);
/* The same relative to any node (e.g. one application). */
const struct cJSON *fr_json_at(const struct cJSON *base, const char *path);

/*
 * Typed accessors. fr_filing_str returns NULL when the value is absent,
 * null or not a string ("" is returned as ""). The others return FR_OK,
 * FR_ENOENT (absent or null) or FR_EINVAL (present, wrong type or, for
 * dates, not a valid YYYY-MM-DD; for integers, not a whole number).
 */
const char *fr_filing_str(const struct fr_filing *, const char *path);
int fr_filing_bool(const struct fr_filing *, const char *path, int *out);
int fr_filing_int(const struct fr_filing *, const char *path,
    long long *out);
int fr_filing_date(const struct fr_filing *, const char *path, int *out);
/* Number of elements of the array at path (0 when absent or no array). */
size_t fr_filing_count(const struct fr_filing *, const char *path);

/* Node-level helpers shared by the validator, rules and renderers. */
const char *fr_json_str(const struct cJSON *);	/* NULL unless a string */
int fr_json_int(const struct cJSON *, long long *out);
/* Absent, null, "" or an empty array count as not filled in. */
int fr_json_is_empty(const struct cJSON *);

/*
 * Where a value starts in the file (line, column from 1). Returns FR_OK
 * or FR_ENOENT (then *line = *col = 0). fr_filing_key_pos gives the
 * position of the member's key instead (the value's for array elements).
 */
int fr_filing_pos(const struct fr_filing *, const char *path, int *line,
    int *col);
int fr_filing_node_pos(const struct fr_filing *, const struct cJSON *node,
    int *line, int *col);
int fr_filing_node_key_pos(const struct fr_filing *,
    const struct cJSON *node, int *line, int *col);

#endif
