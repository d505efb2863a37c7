/*
 * cmd-secret.c — `frfile secret new FILE`: an organisation secret, the
 * key under which every store and export hashes person ids when their
 * keys must match across machines (count.h). One count on one machine
 * needs none: frfile then makes a key that lives only for the run.
 */
#include "cli/cli.h"
#include "core/fr.h"
#include "core/hmac.h"
#include "core/secret.h"
#include "frfile/cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct cli_opt secret_opts[] = {
	CLI_TEXT("  new FILE            create FILE with 32 random bytes,"
	    " mode 0600;"),
	CLI_TEXT("                      an existing file is never replaced"),
	CLI_TEXT(""),
	CLI_TEXT("The secret is needed only where keys made elsewhere must"
	    " match:"),
	CLI_TEXT("give the same FILE to frmatch (--org-secret-file) on every"
	    " device"),
	CLI_TEXT("and to frfile count, which counts without one otherwise."),
	CLI_END
};

/* `frfile secret new FILE`: a new organisation secret, 0600; an exit code. */
static int
secret_exec(int argc, char **argv)
{
	struct cli_common common;
	char *err = NULL, *s = NULL, id[17];
	size_t len = 0;
	int ch;

	memset(&common, 0, sizeof common);
	cli_getopt_reset();
	while ((ch = cli_getopts(argc, argv, secret_opts, 0, &common)) != -1) {
		return FR_EXIT_USAGE;	/* '?': only common options */
	}
	if (common.help)
		return cli_help();
	if (argc - optind != 2 || strcmp(argv[optind], "new") != 0)
		return cli_usage_error("expected: secret new FILE");
	if (fr_secret_new(argv[optind + 1], &err) != FR_OK) {
		cli_err("%s", err);
		free(err);
		return FR_EXIT_DATA;
	}
	/* The id names the secret in facts documents; it reveals nothing. */
	if (fr_secret_read(argv[optind + 1], 16, 4096, 0, &s, &len, &err) ==
	    FR_OK)
		fr_secret_id(s, len, id);
	else {
		free(err);
		snprintf(id, sizeof id, "?");
	}
	fr_secret_free(s, len);
	printf("%s: a new organisation secret (%d random bytes, mode 0600, "
	    "id %s)\n", argv[optind + 1], FR_SECRET_NEW_LEN, id);
	return FR_EXIT_OK;
}

const struct cmd_entry cmd_secret_entry = {
	.name = "secret",
	.usage = "new FILE",
	.summary = "create an organisation secret",
	.exec = secret_exec,
	.opts = secret_opts,
};
