/*
 * cmd-upgrade.c — frmatch upgrade: convert a store of schema 1 (person
 * rows without MACs, a keyed head over the audit log only) to schema 2,
 * in one transaction, audited. Other commands refuse schema 1 and name
 * this one.
 */
#include "frmatch/cmd.h"
#include "frmatch/cmdutil.h"
#include "core/fr.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>

static const struct cli_opt upgrade_opts[] = {
	CLI_TEXT("  The audit log must verify first; every person row then"
	    " gets its"),
	CLI_TEXT("  MAC and the store its keyed state. Other commands refuse"
	    " an old"),
	CLI_TEXT("  store until this has run."),
	FM_STORE_CLI_OPTS,
	{ "json", 0, no_argument, CLI_OPT_JSON, NULL,
	    "print {\"from_schema\", \"schema\", \"upgraded\"}", 0 },
	CLI_END
};

/*
 * `frmatch upgrade STORE`: converts a schema 1 store to the current schema
 * (nothing to do if it is already); an exit code.
 */
static int
upgrade_exec(int argc, char **argv)
{
	struct cli_common common = { 0, 0 };
	struct fm_cmdopts so = { NULL, NULL };
	struct fm_err e = { "" };
	int64_t rows = 0;
	char *kp;
	int c, rc, from = 0;

	cli_getopt_reset();
	while ((c = cli_getopts(argc, argv, upgrade_opts, 0, &common)) != -1) {
		if (fm_store_option(&so, c, optarg) != 1)
			return FR_EXIT_USAGE;
	}
	if (common.help)
		return cli_help();
	if (argc - optind != 1)
		return cli_usage_error("expected one STORE");
	kp = fm_keypath(argv[optind], &so);
	rc = fm_store_upgrade(argv[optind], kp, fm_operator(&so), &from, &rows,
	    &e);
	free(kp);
	if (rc != FR_OK) {
		cli_err("%s", e.msg);
		return FR_EXIT_DATA;
	}
	if (common.json) {
		cJSON *j = cJSON_CreateObject();

		cJSON_AddNumberToObject(j, "from_schema", from);
		cJSON_AddNumberToObject(j, "schema", FM_SCHEMA_VERSION);
		cJSON_AddBoolToObject(j, "upgraded", from < FM_SCHEMA_VERSION);
		cJSON_AddNumberToObject(j, "person_rows", (double)rows);
		cli_print_json(j);
	} else if (from >= FM_SCHEMA_VERSION)
		printf("%s: already schema %d, nothing to do\n", argv[optind],
		    from);
	else
		printf("%s: upgraded from schema %d to %d, %lld person row%s "
		    "authenticated\n", argv[optind], from, FM_SCHEMA_VERSION,
		    (long long)rows, rows == 1 ? "" : "s");
	return FR_EXIT_OK;
}

const struct cmd_entry cmd_upgrade_entry = {
	.name = "upgrade",
	.usage = "STORE",
	.summary = "convert a store made by an earlier frmatch (one audited transaction)",
	.exec = upgrade_exec,
	.opts = upgrade_opts,
};
