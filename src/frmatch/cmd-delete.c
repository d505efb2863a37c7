/*
 * cmd-delete.c — frmatch delete: consent withdrawn (Art. 6 of the
 * Measures; PIPL Art. 15 and 47): every template of the person is
 * removed, the freed pages are overwritten and the file is vacuumed. A
 * tombstone without facial data keeps the processing record (Art. 9).
 */
#include "frmatch/cmd.h"
#include "frmatch/cmdutil.h"
#include "core/date.h"
#include "core/fr.h"

#include <cjson/cJSON.h>
#include <stdio.h>

enum { OPT_PERSON = FM_OPT_FIRST };

static const struct cli_opt delete_opts[] = {
	{ "person", 0, required_argument, OPT_PERSON, "ID",
	    "the person whose facial information goes", CLI_REQUIRED },
	{ "today", 0, required_argument, CLI_OPT_TODAY, "DATE",
	    "the deletion date (default today, CST)", 0 },
	FM_STORE_CLI_OPTS,
	{ "json", 0, no_argument, CLI_OPT_JSON, NULL,
	    "print what was deleted as JSON", 0 },
	CLI_END
};

/*
 * `frmatch delete STORE --person ID`: consent withdrawn, so every template
 * of the person goes, audited, and the file is vacuumed; an exit code.
 */
static int
delete_exec(int argc, char **argv)
{
	struct cli_common common = { 0, 0 };
	struct fm_cmdopts so = { NULL, NULL };
	struct fm_err e = { "" };
	struct fm_store *s = NULL;
	const char *person = NULL;
	char subj[FM_SUBJECT_LEN + 1], outcome[64], d[FR_DATE_LEN];
	int c, rc, nt = 0, today = -1;

	cli_getopt_reset();
	while ((c = cli_getopts(argc, argv, delete_opts, 0, &common)) != -1) {
		switch (c) {
		case OPT_PERSON:
			if (!fm_text_ok(optarg, FM_PERSON_MAX))
				return cli_usage_error("--person: expected 1 to "
				    "%d printable bytes", FM_PERSON_MAX);
			person = optarg;
			break;
		default:	/* --key, --operator; '?' is not one */
			if (fm_store_option(&so, c, optarg) != 1)
				return FR_EXIT_USAGE;
		}
	}
	if (common.help)
		return cli_help();
	if (argc - optind != 1)
		return cli_usage_error("expected one STORE");
	if (person == NULL)
		return cli_usage_error("--person is required");
	today = fr_date_today();
	if ((rc = fm_cli_open(argv[optind], &so, 1, &s)) != FR_EXIT_OK)
		return rc;
	rc = FR_EXIT_DATA;
	fm_store_subject(s, person, subj);
	if (fm_store_begin(s, &e) != FR_OK)
		goto fail;
	if ((c = fm_store_delete(s, person, today, "withdrawal", &nt, &e)) ==
	    FR_ENOENT) {
		fm_store_rollback(s);
		cli_err("%s", e.msg);
		fm_cli_audit_refusal(s, &so, "delete", subj,
		    "refused: unknown person");
		goto out;
	}
	if (c != FR_OK)
		goto fail;
	snprintf(outcome, sizeof outcome, "ok, %d template%s removed", nt,
	    nt == 1 ? "" : "s");
	if (fm_store_audit(s, fm_operator(&so), "delete", subj, outcome, &e)
	    != FR_OK || fm_store_commit(s, &e) != FR_OK)
		goto fail;
	if (fm_store_vacuum(s, &e) != FR_OK) {
		cli_err("%s (deleted, but the file was not vacuumed)", e.msg);
		goto out;
	}
	if (common.json) {
		cJSON *j = cJSON_CreateObject();

		cJSON_AddNumberToObject(j, "persons", 1);
		cJSON_AddNumberToObject(j, "templates", nt);
		cJSON_AddStringToObject(j, "date", fr_date_format(today, d));
		cJSON_AddBoolToObject(j, "vacuumed", 1);
		cli_print_json(j);
	} else
		printf("deleted 1 person, %d template%s; freed space "
		    "overwritten and vacuumed\n", nt, nt == 1 ? "" : "s");
	rc = FR_EXIT_OK;
	goto out;
fail:
	fm_store_rollback(s);
	cli_err("%s", e.msg);
out:
	fm_store_close(s);
	return rc;
}

const struct cmd_entry cmd_delete_entry = {
	.name = "delete",
	.usage = "STORE",
	.summary = "consent withdrawn: delete every template of a person (Art. 6)",
	.exec = delete_exec,
	.opts = delete_opts,
};
