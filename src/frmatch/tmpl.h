/*
 * tmpl.h — parsing face templates and import lines.
 *
 * A template is a fixed-dimension float32 feature vector, given either as
 * raw little-endian float32 (exactly 4*dim bytes) or as a JSON array of
 * numbers. NaN, infinities, the zero vector, a wrong length and a
 * truncated file are refused: each would make every later score
 * meaningless. Pure functions (no printing, no exit), fuzzed by
 * tests/fuzz/fuzz_frmatch_import.c.
 */
#ifndef FM_TMPL_H
#define FM_TMPL_H

#include <stddef.h>

#include "frmatch/fm.h"

/*
 * Parse buf (len bytes) as a template of dimension dim. *out receives dim
 * floats (caller frees). A buffer beginning with '[' (after blanks) is
 * JSON unless it is not valid JSON and has exactly 4*dim bytes.
 */
int fm_tmpl_parse(const void *buf, size_t len, size_t dim, float **out,
    struct fm_err *);
/* Check dim floats: finite and not all zero. */
int fm_tmpl_check(const float *v, size_t dim, struct fm_err *);

/* One import line: {"person": ..., "template": [...] | "template_b64"...}. */
struct fm_import_rec {
	char *person;
	float *tmpl;
	int enrolled;		/* day number; -1 when not given */
	char *consent;		/* NULL when not given */
	int minor;
	char *guardian_consent;	/* NULL when not given */
	int retention_days;	/* -1 when not given */
	char *device;		/* NULL when not given */
};

/*
 * Parse one NDJSON line (len bytes, need not be NUL-terminated). Unknown
 * keys are refused, so a misspelt "guardian_consnet" cannot go unnoticed.
 */
int fm_import_parse(const char *line, size_t len, size_t dim,
    struct fm_import_rec *, struct fm_err *);
void fm_import_rec_release(struct fm_import_rec *);

/* Base64 (RFC 4648, padding optional) decoding; *out caller-owned. */
int fm_base64_decode(const char *s, size_t len, unsigned char **out,
    size_t *outlen);

#endif
