/*
 * cmdutil.h — what frmatch's commands share: opening a store with its key
 * file, the operator's name for the audit log, reading a template file,
 * and the long options every store command takes.
 */
#ifndef FM_CMDUTIL_H
#define FM_CMDUTIL_H

#include <stddef.h>

#include "cli/cli.h"
#include "frmatch/store.h"

enum {
	FM_OPT_KEY = CLI_OPT_FIRST_COMMAND,
	FM_OPT_OPERATOR,
	FM_OPT_FIRST	/* a command's own options start here */
};

/* The options every store command takes (cli.h's option table rows). */
#define FM_STORE_CLI_OPTS \
	{ "key", 0, required_argument, FM_OPT_KEY, "FILE", \
	    "the store's key file (default STORE.key)", 0 }, \
	{ "operator", 0, required_argument, FM_OPT_OPERATOR, "NAME", \
	    "who acts, for the audit log (default\n" \
	    "$FRMATCH_OPERATOR, then $USER)", 0 }

struct fm_cmdopts {
	const char *key;
	const char *operator;
};

/*
 * The store options the commands share, --key and --operator: 1 taken,
 * 0 not one of them, -1 a bad value (message printed).
 */
int fm_store_option(struct fm_cmdopts *, int c, const char *arg);
/* STORE.key unless --key was given; caller frees. */
char *fm_keypath(const char *store, const struct fm_cmdopts *);
/* --operator, $FRMATCH_OPERATOR, $USER or "unknown". */
const char *fm_operator(const struct fm_cmdopts *);
/* Open a store; on failure prints the reason and returns an exit code. */
int fm_cli_open(const char *store, const struct fm_cmdopts *, int writable,
    struct fm_store **);
/* Read and check a template file ("-" is stdin); prints, returns exit code. */
int fm_cli_template(const char *path, size_t dim, float **out);

/*
 * Audit a refused attempt (an unknown person asked for): a probe of who
 * is enrolled leaves a trace too. In a transaction of its own; -1 (and a
 * line on stderr) when it could not be written.
 */
int fm_cli_audit_refusal(struct fm_store *, const struct fm_cmdopts *,
    const char *action, const char *subject, const char *outcome);

#endif
