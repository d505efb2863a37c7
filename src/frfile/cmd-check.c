/*
 * cmd-check.c — `frfile check`: the monitoring check for cron and
 * monitoring systems (monitoring-plugin convention: one status line with
 * performance data; exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN).
 *
 * Every failure, bad arguments included, is UNKNOWN (3): a monitoring
 * system must never read a broken check as "critical" or "ok". A ledger
 * whose hash chain does not verify is CRITICAL: its rows cannot be
 * trusted, so nothing derived from them may say OK.
 */
#include "cli/cli.h"
#include "core/calendar.h"
#include "core/check.h"
#include "core/date.h"
#include "core/fr.h"
#include "core/history.h"
#include "frfile/check-notify.h"
#include "frfile/cmd.h"
#include "frfile/common.h"
#include "store/ledger.h"

#include <cjson/cJSON.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmd_check(int, char **);

const struct cmd_entry cmd_check_entry = {
	"check",
	"[--today DATE] [-w N] [-c N] [--warn-count N] [--threshold N] "
	"[--max-age DAYS] [--ledger PATH] [--json] "
	"[--notify-file F | --notify URL] [--notify-format F] "
	"[--notify-lang zh|en] [--secret-file F]",
	"monitoring check: is a filing due, and how soon (exit 0/1/2/3)",
	"  -w, --warning N      WARNING when at most N working days are left "
	"(30)\n"
	"  -c, --critical N     CRITICAL when at most N working days are left "
	"(5)\n"
	"  --warn-count N       WARNING when the count is at least N, below "
	"the line\n"
	"  --threshold N        the line (default 100000 individuals, Art. 15)\n"
	"  --max-age DAYS       WARNING when the latest count is older (7), "
	"in every\n"
	"                       state\n"
	"  --assume-weekends    accepted for old command lines: a due date in "
	"a year\n"
	"                       that is not loaded is always counted Monday "
	"to Friday,\n"
	"                       marked provisional, never OK, naming the "
	"year to load\n"
	"  --ledger PATH        the ledger file\n"
	"  --today DATE         check as of DATE\n"
	"  --json               print a JSON object instead of the status "
	"line\n"
	FRF_NOTIFY_HELP
	"Exit status: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (also for bad "
	"arguments).\n",
	cmd_check,
};

enum {
	OPT_WARN_COUNT = CLI_OPT_FIRST_COMMAND,
	OPT_MAX_AGE,
};

/* A failure before any state: one UNKNOWN line (and JSON if asked). */
static int
unknown(int json, const char *msg)
{
	if (json) {
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "state", "UNKNOWN");
		cJSON_AddNumberToObject(o, "exit_code", FR_CHECK_UNKNOWN);
		cJSON_AddStringToObject(o, "message", msg);
		cli_print_json(o);
	} else
		printf("FRFILE UNKNOWN: %s | individuals=U workdays_left=U\n",
		    msg);
	return FR_CHECK_UNKNOWN;
}

static int
cmd_check(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "warning", required_argument, NULL, 'w' },
		{ "critical", required_argument, NULL, 'c' },
		{ "warn-count", required_argument, NULL, OPT_WARN_COUNT },
		{ "max-age", required_argument, NULL, OPT_MAX_AGE },
		{ "threshold", required_argument, NULL, FRF_OPT_THRESHOLD },
		{ "assume-weekends", no_argument, NULL,
		    FRF_OPT_ASSUME_WEEKENDS },
		{ "ledger", required_argument, NULL, FRF_OPT_LEDGER },
		FRF_NOTIFY_OPTS,
		CLI_COMMON_OPTS
	};
	struct cli_common common = { 0 };
	struct frf_notify notify = { 0 };
	struct fr_check_opts opts;
	struct fr_check_result res;
	struct fr_ledger_state st = { 0 };
	struct fr_history h = { 0 };
	struct fr_calendar *cal = NULL;
	struct ledger *l = NULL;
	struct fr_diags d;
	const char *ledger = NULL;
	long long v, threshold = FR_THRESHOLD_DEFAULT;
	int c, rc;
	char *path = NULL;

	fr_check_opts_init(&opts, 0);
	fr_diags_init(&d);
	memset(&res, 0, sizeof res);
	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "w:c:", longopts)) != -1) {
		switch (c) {
		case 'w':
		case 'c':
			if (frf_number_arg(c == 'w' ? "-w" : "-c", optarg, 0,
			    10000, &v) != FR_EXIT_OK)
				return FR_CHECK_UNKNOWN;
			if (c == 'w')
				opts.warn_days = (int)v;
			else
				opts.crit_days = (int)v;
			continue;
		case OPT_WARN_COUNT:
			if (frf_number_arg("--warn-count", optarg, 1,
			    1000000000000LL, &opts.warn_count) != FR_EXIT_OK)
				return FR_CHECK_UNKNOWN;
			continue;
		case OPT_MAX_AGE:
			if (frf_number_arg("--max-age", optarg, 1, 36500,
			    &v) != FR_EXIT_OK)
				return FR_CHECK_UNKNOWN;
			opts.max_age_days = (int)v;
			continue;
		case FRF_OPT_THRESHOLD:
			if (frf_number_arg("--threshold", optarg, 1,
			    1000000000000LL, &threshold) != FR_EXIT_OK)
				return FR_CHECK_UNKNOWN;
			continue;
		case FRF_OPT_ASSUME_WEEKENDS:
			opts.assume_weekends = 1;
			continue;
		case FRF_OPT_LEDGER:
			ledger = optarg;
			continue;
		}
		switch (frf_notify_option(&notify, c, optarg)) {
		case 1:
			continue;
		case -1:
			return FR_CHECK_UNKNOWN;
		}
		switch (cli_common_option(&common, c, optarg)) {
		case 1:
			continue;
		}
		return FR_CHECK_UNKNOWN;
	}
	if (common.help)
		return cli_help();
	if (optind != argc) {
		cli_usage_error("unexpected argument '%s'", argv[optind]);
		return FR_CHECK_UNKNOWN;
	}
	if (frf_notify_ready(&notify) != FR_EXIT_OK) {
		frf_notify_release(&notify);
		return FR_CHECK_UNKNOWN;
	}
	opts.today = fr_date_today();

	path = ledger_default_path(ledger);
	rc = ledger_open(path, LEDGER_READ, &l, &d);
	if (rc == FR_ENOENT) {
		char *m = fr_xasprintf("nothing recorded: no ledger at %s "
		    "(frfile record N creates it)", path);

		rc = unknown(common.json, m);
		free(m);
		goto out;
	}
	if (rc == FR_OK)
		rc = ledger_history(l, &h, &d);
	if (rc == FR_ECRYPTO) {
		/* Tampered: CRITICAL, and alerted like any other state. */
		memset(&res, 0, sizeof res);
		res.state = FR_CHECK_CRITICAL;
		res.individuals = -1;
		res.phase = "tampered";
		res.message = fr_xasprintf("%s: %s", path, d.n > 0 ?
		    d.v[0].msg : fr_strerror(rc));
		res.message_zh = fr_xasprintf("台账%s被篡改：%s", path,
		    d.n > 0 ? d.v[0].msg : fr_strerror(rc));
		opts.today = fr_date_today();
		goto report;
	}
	if (rc != FR_OK) {
		char *m = fr_xasprintf("%s: %s", path,
		    d.n > 0 ? d.v[0].msg : fr_strerror(rc));

		rc = unknown(common.json, m);
		free(m);
		goto out;
	}
	if (frf_load_calendar(&cal) != FR_EXIT_OK) {
		rc = unknown(common.json, "the calendar data cannot be loaded");
		goto out;
	}
	fr_ledger_derive(&h, threshold, opts.today, &st);
	frf_check_bands(&opts);
	fr_ledger_bands(&h, opts.bands, opts.nbands, &st);
	rc = fr_check(cal, &st, &opts, &res);
	if (rc != FR_OK && rc != FR_ENOCAL) {
		rc = unknown(common.json, fr_strerror(rc));
		goto out;
	}
report:
	if (common.json) {
		cJSON *o = cJSON_CreateObject();
		char b[FR_DATE_LEN];

		cJSON_AddStringToObject(o, "state",
		    fr_check_state_name(res.state));
		cJSON_AddNumberToObject(o, "exit_code", res.state);
		cJSON_AddStringToObject(o, "message", res.message);
		cJSON_AddStringToObject(o, "message_zh", res.message_zh);
		cJSON_AddStringToObject(o, "today",
		    fr_date_format(opts.today, b));
		cJSON_AddStringToObject(o, "ledger", path);
		cJSON_AddNumberToObject(o, "threshold", (double)threshold);
		if (res.individuals >= 0)
			cJSON_AddNumberToObject(o, "individuals",
			    (double)res.individuals);
		else
			cJSON_AddNullToObject(o, "individuals");
		cJSON_AddStringToObject(o, "phase", res.phase);
		cJSON_AddBoolToObject(o, "tampered", res.phase != NULL &&
		    strcmp(res.phase, "tampered") == 0);
		if (res.count_age >= 0 && res.individuals >= 0)
			cJSON_AddNumberToObject(o, "count_age_days",
			    res.count_age);
		else
			cJSON_AddNullToObject(o, "count_age_days");
		cJSON_AddNumberToObject(o, "max_age_days", opts.max_age_days);
		cJSON_AddBoolToObject(o, "stale", res.stale);
		cJSON_AddBoolToObject(o, "count_failed", res.count_failed);
		cJSON_AddNumberToObject(o, "devices_rolled_back",
		    (double)res.rollbacks);
		cJSON_AddBoolToObject(o, "amendment_due", res.amendment);
		if (h.nobs + h.nev > 0 && st.filed_individuals >= 0)
			cJSON_AddNumberToObject(o, "filed_individuals",
			    (double)st.filed_individuals);
		else
			cJSON_AddNullToObject(o, "filed_individuals");
		if (h.nobs + h.nev > 0 && st.crossed) {
			cJSON_AddStringToObject(o, "crossing_date",
			    fr_date_format(st.crossing_date, b));
			cJSON_AddStringToObject(o, "crossing_how",
			    fr_cross_how_name(st.crossing_how));
		} else
			cJSON_AddNullToObject(o, "crossing_date");
		if (res.has_due) {
			cJSON_AddStringToObject(o, "due_event",
			    fr_dl_event_name(res.due_event));
			cJSON_AddStringToObject(o, "due",
			    fr_date_format(res.due, b));
			cJSON_AddNumberToObject(o, "workdays_left",
			    res.workdays_left);
		} else {
			cJSON_AddNullToObject(o, "due");
			cJSON_AddNullToObject(o, "workdays_left");
		}
		cJSON_AddBoolToObject(o, "overdue", res.overdue);
		cJSON_AddBoolToObject(o, "provisional", res.provisional);
		if (res.missing_year)
			cJSON_AddNumberToObject(o, "missing_year",
			    res.missing_year);
		cli_print_json(o);
	} else {
		char *line = fr_check_line(&res);

		puts(line);
		free(line);
	}
	/* Alerts go after the status line; a failed post is one line. */
	frf_notify_run(&notify, l, &res, opts.today);
	rc = res.state;
out:
	frf_notify_release(&notify);
	fr_check_result_release(&res);
	fr_history_release(&h);
	fr_calendar_free(cal);
	ledger_close(l);
	fr_diags_release(&d);
	free(path);
	return rc;
}
