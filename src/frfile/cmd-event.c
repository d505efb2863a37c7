/*
 * cmd-event.c — `frfile event KIND`: record a step of the filing
 * procedure (submitted, returned, completed, failed) or an event of
 * Art. 15 that starts a new period (changed, terminated).
 *
 * The quantity of stored facial information is filing content (Art. 15
 * para. 1 item 3): submitted and completed keep the figure filed, given
 * with --count or else the latest count recorded on or before the event,
 * so that `check` can tell when a later count makes an amendment due.
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

static int event_exec(int, char **);

enum {
	OPT_DATE = CLI_OPT_FIRST_COMMAND,
	OPT_NOTE,
	OPT_COUNT,
};

/* The latest count recorded on or before date, or -1. */
static long long
latest_count(struct ledger *l, int date, int *rc)
{
	struct fr_history h;
	struct fr_diags d;
	long long n = -1;
	int best = -1;
	size_t i;

	fr_diags_init(&d);
	*rc = ledger_history(l, &h, &d);
	if (*rc != FR_OK) {
		frf_print_diags(&d);
		fr_diags_release(&d);
		return -1;
	}
	/* By date, then id: the last one on the latest day wins. */
	for (i = 0; i < h.nobs; i++)
		if (h.obs[i].date <= date && h.obs[i].date >= best) {
			best = h.obs[i].date;
			n = h.obs[i].individuals;
		}
	fr_history_release(&h);
	fr_diags_release(&d);
	return n;
}

static const struct cli_opt event_opts[] = {
	CLI_TEXT("  KIND           submitted   the materials were submitted"),
	CLI_TEXT("                 returned    returned for improvement"
	    " (退回补正)"),
	CLI_TEXT("                 completed   filing completed (备案完成)"),
	CLI_TEXT("                 failed      review failed (审核不通过)"),
	CLI_TEXT("                 changed     a substantive change of the"
	    " filed information"),
	CLI_TEXT("                 terminated  the application was terminated"),
	{ "date", 0, required_argument, OPT_DATE, "DATE",
	    "the day of the event (default: today, China Standard Time)", 0 },
	{ "note", 0, required_argument, OPT_NOTE, "TEXT",
	    "a note kept with the event", 0 },
	{ "count", 0, required_argument, OPT_COUNT, "N",
	    "submitted, completed: the stored count filed (default: the\n"
	    "latest count recorded on or before the event's day)", 0 },
	{ "ledger", 0, required_argument, FRF_OPT_LEDGER, "PATH",
	    "the ledger file", 0 },
	{ "json", 0, no_argument, CLI_OPT_JSON, NULL,
	    "print the recorded event as JSON", 0 },
	CLI_END
};

/* `frfile event KIND`: records a filing event in the ledger; an exit code. */
static int
event_exec(int argc, char **argv)
{
	struct cli_common common = { 0 };
	struct fr_event e;
	struct ledger *l = NULL;
	const char *date_arg = NULL, *ledger = NULL, *count_arg = NULL;
	int c, rc;
	char b1[FR_DATE_LEN];

	memset(&e, 0, sizeof e);
	e.count = -1;
	cli_getopt_reset();
	while ((c = cli_getopts(argc, argv, event_opts, 0, &common)) != -1) {
		switch (c) {
		case OPT_DATE:
			date_arg = optarg;
			continue;
		case OPT_NOTE:
			e.note = optarg;
			continue;
		case OPT_COUNT:
			count_arg = optarg;
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
		return cli_usage_error(argc < 1 ? "KIND is needed" :
		    "too many arguments");
	if (fr_ev_kind_parse(argv[0], &e.kind) != FR_OK) {
		cli_err("unknown event '%s', expected submitted, returned, "
		    "completed, failed, changed or terminated", argv[0]);
		return FR_EXIT_USAGE;
	}
	if ((rc = frf_past_date_arg("--date", date_arg, &e.date)) != 0)
		return rc;
	if (e.note != NULL && strlen(e.note) > 4000) {
		cli_err("--note: longer than 4000 bytes");
		return FR_EXIT_USAGE;
	}
	if (count_arg != NULL) {
		if (e.kind != FR_EV_SUBMITTED && e.kind != FR_EV_COMPLETED) {
			cli_err("--count: only submitted and completed carry the "
			    "filed count");
			return FR_EXIT_USAGE;
		}
		if ((rc = frf_number_arg("--count", count_arg, 0,
		    1000000000000LL, &e.count)) != 0)
			return rc;
	}
	if (frf_open_ledger(ledger, LEDGER_CREATE, &l, 0) != FR_OK)
		return FR_EXIT_DATA;
	if (count_arg == NULL && (e.kind == FR_EV_SUBMITTED ||
	    e.kind == FR_EV_COMPLETED)) {
		e.count = latest_count(l, e.date, &rc);
		if (rc != FR_OK) {
			rc = FR_EXIT_DATA;
			goto out;
		}
	}
	{
		struct fr_diags d;

		fr_diags_init(&d);
		rc = ledger_add_event(l, &e, &d);
		if (rc != FR_OK)
			frf_print_diags(&d);
		fr_diags_release(&d);
	}
	if (rc != FR_OK) {
		rc = FR_EXIT_DATA;
		goto out;
	}
	fr_date_format(e.date, b1);
	if (common.json) {
		cJSON *j = cJSON_CreateObject();

		cJSON_AddStringToObject(j, "ledger", ledger_path(l));
		cJSON_AddStringToObject(j, "kind", fr_ev_kind_name(e.kind));
		cJSON_AddStringToObject(j, "date", b1);
		if (e.note != NULL)
			cJSON_AddStringToObject(j, "note", e.note);
		else
			cJSON_AddNullToObject(j, "note");
		if (e.count >= 0)
			cJSON_AddNumberToObject(j, "count", (double)e.count);
		else
			cJSON_AddNullToObject(j, "count");
		cli_print_json(j);
	} else if (e.count >= 0)
		printf("recorded %s on %s, filed count %lld, in %s\n",
		    fr_ev_kind_name(e.kind), b1, e.count, ledger_path(l));
	else
		printf("recorded %s on %s in %s%s\n", fr_ev_kind_name(e.kind),
		    b1, ledger_path(l), e.kind == FR_EV_SUBMITTED ||
		    e.kind == FR_EV_COMPLETED ? " (no count recorded yet: "
		    "give --count N to keep the filed figure)" : "");
	rc = FR_EXIT_OK;
out:
	ledger_close(l);
	return rc;
}

const struct cmd_entry cmd_event_entry = {
	.name = "event",
	.usage = "KIND",
	.summary = "record a filing event: submitted, returned, completed, failed, changed, terminated",
	.exec = event_exec,
	.opts = event_opts,
};
