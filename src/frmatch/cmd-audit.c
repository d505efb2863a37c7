/*
 * cmd-audit.c — frmatch audit: show the audit log and verify its chain.
 */
#include "frmatch/cmd.h"
#include "frmatch/cmdutil.h"
#include "core/fr.h"

#include <cjson/cJSON.h>
#include <stdio.h>

enum { OPT_VERIFY = FM_OPT_FIRST };

struct show {
	int json, quiet;
	cJSON *arr;
};

/*
 * Audit walk: prints one entry, or adds it to the JSON; nothing for
 * --verify without --json. Returns 0 to go on.
 */
static int
show_entry(const struct fm_audit_entry *en, void *arg)
{
	struct show *sh = arg;

	if (sh->quiet)
		return 0;
	if (sh->json) {
		cJSON *o = cJSON_CreateObject();

		cJSON_AddNumberToObject(o, "seq", (double)en->seq);
		cJSON_AddStringToObject(o, "at", en->at);
		cJSON_AddStringToObject(o, "operator", en->operator);
		cJSON_AddStringToObject(o, "action", en->action);
		if (en->subject != NULL)
			cJSON_AddStringToObject(o, "subject", en->subject);
		else
			cJSON_AddNullToObject(o, "subject");
		cJSON_AddStringToObject(o, "outcome", en->outcome);
		cJSON_AddStringToObject(o, "hash", en->hash);
		cJSON_AddBoolToObject(o, "chain_ok", en->ok);
		cJSON_AddItemToArray(sh->arr, o);
	} else
		printf("%lld\t%s\t%s\t%s\t%s\t%s%s\n", (long long)en->seq,
		    en->at, en->operator, en->action,
		    en->subject ? en->subject : "-", en->outcome,
		    en->ok ? "" : "\t[chain broken]");
	return 0;
}

static const struct cli_opt audit_opts[] = {
	{ "verify", 0, no_argument, OPT_VERIFY, NULL,
	    "only check the chain (exit 0 intact, 1 tampered)", 0 },
	FM_STORE_CLI_OPTS,
	{ "json", 0, no_argument, CLI_OPT_JSON, NULL,
	    "entries and the verdict as JSON", 0 },
	CLI_TEXT("  Person ids appear only as keyed hashes (subject)."),
	CLI_END
};

/* `frmatch audit STORE`: the log and its verdict; 0 intact, 1 tampered. */
static int
audit_exec(int argc, char **argv)
{
	struct cli_common common = { 0, 0 };
	struct fm_cmdopts so = { NULL, NULL };
	struct fm_err e = { "" };
	struct fm_store *s = NULL;
	struct fm_audit_check ck;
	struct show sh = { 0, 0, NULL };
	cJSON *j = NULL;
	int c, rc, verify = 0;

	cli_getopt_reset();
	while ((c = cli_getopts(argc, argv, audit_opts, 0, &common)) != -1) {
		switch (c) {
		case OPT_VERIFY:
			verify = 1;
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
	/* The walk checks the keyed state itself, so a tampered store gets a
	 * verdict (exit 1) and not a refusal to open. */
	if ((rc = fm_cli_open(argv[optind], &so, FM_OPEN_NOCHECK, &s)) !=
	    FR_EXIT_OK)
		return rc;
	sh.json = common.json;
	sh.quiet = verify && !common.json;
	if (common.json) {
		j = cJSON_CreateObject();
		sh.arr = cJSON_AddArrayToObject(j, "entries");
	}
	if (fm_store_audit_walk(s, show_entry, &sh, &ck, &e) != FR_OK) {
		cJSON_Delete(j);
		cli_err("%s", e.msg);
		rc = FR_EXIT_DATA;
		goto out;
	}
	if (common.json) {
		cJSON_AddNumberToObject(j, "count", (double)ck.entries);
		cJSON_AddBoolToObject(j, "chain_verified", ck.verified);
		if (!ck.verified) {
			cJSON_AddNumberToObject(j, "first_bad",
			    (double)ck.first_bad);
			cJSON_AddStringToObject(j, "problem", ck.problem);
		}
		cli_print_json(j);
	} else if (verify && ck.verified)
		printf("audit log verified: %lld entr%s, chain intact\n",
		    (long long)ck.entries, ck.entries == 1 ? "y" : "ies");
	if (!ck.verified) {
		cli_err("%s: audit log tampered: %s", argv[optind],
		    ck.problem);
		rc = FR_EXIT_NO;
	} else
		rc = FR_EXIT_OK;
out:
	fm_store_close(s);
	return rc;
}

const struct cmd_entry cmd_audit_entry = {
	.name = "audit",
	.usage = "STORE",
	.summary = "show the hash-chained audit log and check it",
	.exec = audit_exec,
	.opts = audit_opts,
};
