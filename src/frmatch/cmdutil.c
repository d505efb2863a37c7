/*
 * cmdutil.c — shared plumbing of frmatch's commands (see cmdutil.h).
 */
#include "frmatch/cmdutil.h"
#include "frmatch/tmpl.h"
#include "core/fr.h"

#include <stdlib.h>
#include <string.h>

int
fm_store_option(struct fm_cmdopts *o, int c, const char *arg)
{
	switch (c) {
	case FM_OPT_KEY:
		o->key = arg;
		return 1;
	case FM_OPT_OPERATOR:
		if (!fm_text_ok(arg, 64)) {
			cli_usage_error("--operator: expected a name of 1 to 64 "
			    "printable bytes");
			return -1;
		}
		o->operator = arg;
		return 1;
	}
	return 0;
}

char *
fm_keypath(const char *store, const struct fm_cmdopts *o)
{
	if (o->key != NULL)
		return fr_xstrdup(o->key);
	return fr_xasprintf("%s.key", store);
}

const char *
fm_operator(const struct fm_cmdopts *o)
{
	const char *s;

	if (o->operator != NULL)
		return o->operator;
	if ((s = getenv("FRMATCH_OPERATOR")) != NULL && fm_text_ok(s, 64))
		return s;
	if ((s = getenv("USER")) != NULL && fm_text_ok(s, 64))
		return s;
	return "unknown";
}

int
fm_cli_open(const char *store, const struct fm_cmdopts *o, int writable,
    struct fm_store **out)
{
	struct fm_err e = { "" };
	char *kp = fm_keypath(store, o);
	int rc;

	rc = fm_store_open(store, kp, writable, out, &e);
	free(kp);
	if (rc != FR_OK) {
		cli_err("%s", e.msg);
		return FR_EXIT_DATA;
	}
	return FR_EXIT_OK;
}

int
fm_cli_template(const char *path, size_t dim, float **out)
{
	struct fm_err e = { "" };
	char *buf = NULL;
	size_t len;
	int rc;

	/* 2048 floats as JSON with long decimals stays well under 1 MiB. */
	rc = fr_read_file(path, 1 << 20, &buf, &len);
	if (rc != FR_OK) {
		cli_err("%s: %s", strcmp(path, "-") == 0 ? "standard input" :
		    path, rc == FR_ERANGE ? "too large for a template" :
		    rc == FR_ENOENT ? "no such file" : "cannot read");
		return FR_EXIT_DATA;
	}
	rc = fm_tmpl_parse(buf, len, dim, out, &e);
	free(buf);
	if (rc != FR_OK) {
		cli_err("%s: %s", strcmp(path, "-") == 0 ? "standard input" :
		    path, e.msg);
		return FR_EXIT_DATA;
	}
	return FR_EXIT_OK;
}

int
fm_cli_audit_refusal(struct fm_store *s, const struct fm_cmdopts *o,
    const char *action, const char *subject, const char *outcome)
{
	struct fm_err e = { "" };

	if (fm_store_begin(s, &e) != FR_OK ||
	    fm_store_audit(s, fm_operator(o), action, subject, outcome, &e)
	    != FR_OK || fm_store_commit(s, &e) != FR_OK) {
		fm_store_rollback(s);
		cli_err("the refused %s was not audited: %s", action, e.msg);
		return -1;
	}
	return 0;
}
