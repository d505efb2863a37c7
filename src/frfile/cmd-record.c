/*
 * cmd-record.c — `frfile record N`: store an observation of the number of
 * individuals whose facial information is stored (Art. 15 counts
 * individuals, not images or templates).
 */
#include "cli/cli.h"
#include "core/date.h"
#include "core/fr.h"
#include "core/history.h"
#include "frfile/cmd.h"
#include "frfile/common.h"
#include "store/ledger.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int record_exec(int, char **);

enum {
	OPT_DATE = CLI_OPT_FIRST_COMMAND,
	OPT_SOURCE,
	OPT_PARTIAL,
	OPT_CROSSING,
};

/* An option whose value is the next argument. */
static int
takes_value(const char *a)
{
	static const char *const opts[] = { "--date", "--source",
	    "--crossing-date", "--ledger", "--today", NULL };
	size_t i;

	for (i = 0; opts[i] != NULL; i++)
		if (strcmp(a, opts[i]) == 0)
			return 1;
	return 0;
}

static const struct cli_opt record_opts[] = {
	CLI_TEXT("  N                     the number of individuals stored (a"
	    " whole number >= 0)"),
	{ "date", 0, required_argument, OPT_DATE, "DATE",
	    "the day of the count (default: today, China Standard Time)", 0 },
	{ "source", 0, required_argument, OPT_SOURCE, "NAME",
	    "where the count came from", 0 },
	{ "partial", 0, no_argument, OPT_PARTIAL, NULL,
	    "some stores did not answer: N is a lower bound", 0 },
	{ "crossing-date", 0, required_argument, OPT_CROSSING, "DATE",
	    "the exact day the 100,000 line was reached, when known", 0 },
	{ "ledger", 0, required_argument, FRF_OPT_LEDGER, "PATH",
	    "the ledger file (default $FRFILE_LEDGER or\n"
	    "~/.local/share/frfile/ledger.db)", 0 },
	{ "json", 0, no_argument, CLI_OPT_JSON, NULL,
	    "print the recorded observation as JSON", 0 },
	CLI_END
};

/* `frfile record N`: records a count in the ledger; an exit code. */
static int
record_exec(int argc, char **argv)
{
	struct cli_common common = { 0 };
	struct fr_observation o;
	struct ledger *l = NULL;
	const char *date_arg = NULL, *cross_arg = NULL, *ledger = NULL;
	long long n;
	int c, rc, i;
	char b1[FR_DATE_LEN], b2[FR_DATE_LEN];

	memset(&o, 0, sizeof o);
	o.crossing_date = -1;
	/* "record -5" would otherwise read as an unknown option -5. */
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (argv[i][0] == '-' && argv[i][1] >= '0' &&
		    argv[i][1] <= '9' && !takes_value(argv[i - 1])) {
			/* A count has no sign: -5 is refused, and so is -0. */
			if ((rc = frf_number_arg("N", argv[i], 0,
			    1000000000000LL, &n)) != FR_EXIT_OK)
				return rc;
			cli_err("N: '%s' has a minus sign, expected a whole "
			    "number from 0 to 1000000000000", argv[i]);
			return FR_EXIT_USAGE;
		}
	}
	cli_getopt_reset();
	while ((c = cli_getopts(argc, argv, record_opts, 0, &common)) != -1) {
		switch (c) {
		case OPT_DATE:
			date_arg = optarg;
			continue;
		case OPT_SOURCE:
			o.source = optarg;
			continue;
		case OPT_PARTIAL:
			o.partial = 1;
			continue;
		case OPT_CROSSING:
			cross_arg = optarg;
			continue;
		case FRF_OPT_LEDGER:
			ledger = optarg;
			continue;
		}
		return FR_EXIT_USAGE;	/* '?' */
	}
	if (common.help)
		return cli_help();
	argc -= optind;
	argv += optind;
	if (argc != 1)
		return cli_usage_error(argc < 1 ? "N is needed" :
		    "too many arguments");
	if ((rc = frf_number_arg("N", argv[0], 0, 1000000000000LL, &n)) != 0)
		return rc;
	o.individuals = n;
	if ((rc = frf_past_date_arg("--date", date_arg, &o.date)) != 0)
		return rc;
	if (cross_arg != NULL) {
		if ((rc = frf_date_arg("--crossing-date", cross_arg,
		    &o.crossing_date)) != 0)
			return rc;
		if (o.crossing_date > o.date) {
			cli_err("--crossing-date: %s is after the count's date "
			    "%s", cross_arg, fr_date_format(o.date, b1));
			return FR_EXIT_USAGE;
		}
	}
	if (o.source != NULL && (o.source[0] == '\0' || strlen(o.source) >
	    200)) {
		cli_err("--source: expected a name of 1 to 200 bytes");
		return FR_EXIT_USAGE;
	}
	if (frf_open_ledger(ledger, LEDGER_CREATE, &l, 0) != FR_OK)
		return FR_EXIT_DATA;
	{
		struct fr_diags d;

		fr_diags_init(&d);
		rc = ledger_record(l, &o, &d);
		if (rc != FR_OK)
			frf_print_diags(&d);
		fr_diags_release(&d);
	}
	if (rc != FR_OK) {
		rc = FR_EXIT_DATA;
		goto out;
	}
	fr_date_format(o.date, b1);
	if (common.json) {
		cJSON *j = cJSON_CreateObject();

		cJSON_AddStringToObject(j, "ledger", ledger_path(l));
		cJSON_AddStringToObject(j, "date", b1);
		cJSON_AddNumberToObject(j, "individuals", (double)n);
		if (o.source != NULL)
			cJSON_AddStringToObject(j, "source", o.source);
		else
			cJSON_AddNullToObject(j, "source");
		cJSON_AddBoolToObject(j, "partial", o.partial);
		if (o.crossing_date >= 0)
			cJSON_AddStringToObject(j, "crossing_date",
			    fr_date_format(o.crossing_date, b2));
		else
			cJSON_AddNullToObject(j, "crossing_date");
		cli_print_json(j);
	} else
		printf("recorded %lld individuals on %s%s in %s\n", n, b1,
		    o.partial ? " (partial count)" : "", ledger_path(l));
	rc = FR_EXIT_OK;
out:
	ledger_close(l);
	return rc;
}

const struct cmd_entry cmd_record_entry = {
	.name = "record",
	.usage = "N",
	.summary = "record an observation: N individuals stored on DATE",
	.exec = record_exec,
	.opts = record_opts,
};
