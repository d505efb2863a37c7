/*
 * cmd-purge.c — frmatch purge: retention (Art. 8 of the Measures; PIPL
 * Art. 19 and 47): delete every person whose retention deadline has come.
 */
#include "frmatch/cmd.h"
#include "frmatch/cmdutil.h"
#include "core/date.h"
#include "core/fr.h"

#include <cjson/cJSON.h>
#include <stdio.h>

static const struct cli_opt purge_opts[] = {
	{ "today", 0, required_argument, CLI_OPT_TODAY, "DATE",
	    "purge as of this date (default today, CST)", 0 },
	FM_STORE_CLI_OPTS,
	{ "json", 0, no_argument, CLI_OPT_JSON, NULL,
	    "print what was purged as JSON", 0 },
	CLI_END
};

/*
 * `frmatch purge STORE`: deletes every person whose retention deadline has
 * come, audited, and vacuums the file; an exit code.
 */
static int
purge_exec(int argc, char **argv)
{
	struct cli_common common = { 0, 0 };
	struct fm_cmdopts so = { NULL, NULL };
	struct fm_err e = { "" };
	struct fm_store *s = NULL;
	char outcome[64], d[FR_DATE_LEN];
	int c, rc, np = 0, nt = 0, today;

	cli_getopt_reset();
	while ((c = cli_getopts(argc, argv, purge_opts, 0, &common)) != -1) {
		if (fm_store_option(&so, c, optarg) != 1)
			return FR_EXIT_USAGE;
	}
	if (common.help)
		return cli_help();
	if (argc - optind != 1)
		return cli_usage_error("expected one STORE");
	today = fr_date_today();
	if ((rc = fm_cli_open(argv[optind], &so, 1, &s)) != FR_EXIT_OK)
		return rc;
	rc = FR_EXIT_DATA;
	if (fm_store_begin(s, &e) != FR_OK ||
	    fm_store_purge(s, today, &np, &nt, &e) != FR_OK)
		goto fail;
	snprintf(outcome, sizeof outcome, "ok, %d person%s, %d template%s",
	    np, np == 1 ? "" : "s", nt, nt == 1 ? "" : "s");
	if (fm_store_audit(s, fm_operator(&so), "purge", NULL, outcome, &e)
	    != FR_OK || fm_store_commit(s, &e) != FR_OK)
		goto fail;
	if (np > 0 && fm_store_vacuum(s, &e) != FR_OK) {
		cli_err("%s (purged, but the file was not vacuumed)", e.msg);
		goto out;
	}
	if (common.json) {
		cJSON *j = cJSON_CreateObject();

		cJSON_AddNumberToObject(j, "persons", np);
		cJSON_AddNumberToObject(j, "templates", nt);
		cJSON_AddStringToObject(j, "date", fr_date_format(today, d));
		cli_print_json(j);
	} else
		printf("purged %d person%s (%d template%s) whose retention "
		    "deadline is on or before %s\n", np, np == 1 ? "" : "s",
		    nt, nt == 1 ? "" : "s", fr_date_format(today, d));
	rc = FR_EXIT_OK;
	goto out;
fail:
	fm_store_rollback(s);
	cli_err("%s", e.msg);
out:
	fm_store_close(s);
	return rc;
}

const struct cmd_entry cmd_purge_entry = {
	.name = "purge",
	.usage = "STORE",
	.summary = "retention: delete persons past their deadline (Art. 8)",
	.exec = purge_exec,
	.opts = purge_opts,
};
