/*
 * diag.h — diagnostics: the detail behind a library error.
 *
 * Library functions that can find problems in input take an optional
 * caller-owned struct fr_diags and append one entry per problem: the file,
 * the JSON path or line:column, and what is wrong. The CLI prints each as
 * one line (STYLE.md 7):
 *   frfile: validate: filing.json:12:5: processor.uscc: check character is 'T', expected '3'
 * The list owns copies of every string it holds.
 */
#ifndef FR_DIAG_H
#define FR_DIAG_H

#include <stdio.h>

enum fr_severity { FR_SEV_ERROR, FR_SEV_WARNING, FR_SEV_NOTE };

struct fr_diag {
	enum fr_severity sev;
	char *file;	/* may be NULL */
	char *path;	/* JSON path such as processor.uscc, may be NULL */
	int line, col;	/* 0 when unknown */
	char *code;	/* stable machine code ("uscc.check"), may be NULL */
	char *msg;	/* what is wrong and what was expected */
};

struct fr_diags {
	struct fr_diag *v;
	size_t n, cap;
	size_t errors, warnings;
};

void fr_diags_init(struct fr_diags *);
void fr_diags_release(struct fr_diags *);
/* d may be NULL: then the problem is dropped (the caller only wants rc). */
void fr_diag_add(struct fr_diags *d, enum fr_severity, const char *file,
    const char *path, int line, int col, const char *code,
    const char *fmt, ...) __attribute__((format(printf, 8, 9)));
/* One line per diagnostic: "prog: cmd: file:line:col: path: msg". */
void fr_diags_print(const struct fr_diags *, FILE *, const char *prefix);
/* The same as a cJSON array (declared as void * to keep cJSON out). */
void *fr_diags_json(const struct fr_diags *);

#endif
