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

static int check_exec(int, char **);

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

static const struct cli_opt check_opts[] = {
	{ "warning", 'w', required_argument, 'w', "N",
	    "WARNING when at most N working days are left (30)", 0 },
	{ "critical", 'c', required_argument, 'c', "N",
	    "CRITICAL when at most N working days are left (5)", 0 },
	{ "warn-count", 0, required_argument, OPT_WARN_COUNT, "N",
	    "WARNING when the count is at least N, below the line", 0 },
	{ "threshold", 0, required_argument, FRF_OPT_THRESHOLD, "N",
	    "the line (default 100000 individuals, Art. 15)", 0 },
	{ "max-age", 0, required_argument, OPT_MAX_AGE, "DAYS",
	    "WARNING when the latest count is older (7), in every\n"
	    "state", 0 },
	{ "assume-weekends", 0, no_argument, FRF_OPT_ASSUME_WEEKENDS, NULL,
	    "accepted for old command lines: a due date in a year\n"
	    "that is not loaded is always counted Monday to Friday,\n"
	    "marked provisional, never OK, naming the year to load", 0 },
	{ "ledger", 0, required_argument, FRF_OPT_LEDGER, "PATH",
	    "the ledger file", 0 },
	{ "today", 0, required_argument, CLI_OPT_TODAY, "DATE",
	    "check as of DATE", 0 },
	{ "json", 0, no_argument, CLI_OPT_JSON, NULL,
	    "print a JSON object instead of the status line", 0 },
	{ "notify-file", 0, required_argument, FRF_OPT_NOTIFY_FILE, "F",
	    "post the status line when the state changes, to the\n"
	    "webhook URL in F (mode 0600: the URL holds the token)\n"
	    "or, without it, in $FRFILE_NOTIFY_URL; either keeps the\n"
	    "token out of the process list", 0 },
	{ "notify", 0, required_argument, FRF_OPT_NOTIFY, "URL",
	    "the same with the URL on the command line (visible\n"
	    "in ps for the whole run)", 0 },
	{ "notify-format", 0, required_argument, FRF_OPT_NOTIFY_FORMAT, "F",
	    "dingtalk, wecom, feishu, slack or json (json)", 0 },
	{ "notify-lang", 0, required_argument, FRF_OPT_NOTIFY_LANG, "L",
	    "zh or en (zh for dingtalk, wecom, feishu; else en)", 0 },
	{ "secret-file", 0, required_argument, FRF_OPT_SECRET_FILE, "F",
	    "the DingTalk or Feishu signing secret", 0 },
	{ "ca-file", 0, required_argument, FRF_OPT_NOTIFY_CA, "F",
	    "CA certificates for an https --notify URL", 0 },
	CLI_TEXT("Exit status: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (also"
	    " for bad arguments)."),
	CLI_END
};

/*
 * The command line into opts, notify, ledger and threshold: FR_EXIT_OK,
 * or FR_CHECK_UNKNOWN after a usage error.
 */
static int
parse_args(int argc, char **argv, struct fr_check_opts *o,
    struct frf_notify *notify, struct cli_common *common,
    const char **ledger, long long *threshold)
{
	long long v;
	int c;

	cli_getopt_reset();
	while ((c = cli_getopts(argc, argv, check_opts, 0, common)) != -1) {
		switch (c) {
		case 'w':
		case 'c':
			if (frf_number_arg(c == 'w' ? "-w" : "-c", optarg, 0,
			    10000, &v) != FR_EXIT_OK)
				return FR_CHECK_UNKNOWN;
			if (c == 'w')
				o->warn_days = (int)v;
			else
				o->crit_days = (int)v;
			continue;
		case OPT_WARN_COUNT:
			if (frf_number_arg("--warn-count", optarg, 1,
			    1000000000000LL, &o->warn_count) != FR_EXIT_OK)
				return FR_CHECK_UNKNOWN;
			continue;
		case OPT_MAX_AGE:
			if (frf_number_arg("--max-age", optarg, 1, 36500,
			    &v) != FR_EXIT_OK)
				return FR_CHECK_UNKNOWN;
			o->max_age_days = (int)v;
			continue;
		case FRF_OPT_THRESHOLD:
			if (frf_number_arg("--threshold", optarg, 1,
			    1000000000000LL, threshold) != FR_EXIT_OK)
				return FR_CHECK_UNKNOWN;
			continue;
		case FRF_OPT_ASSUME_WEEKENDS:
			o->assume_weekends = 1;
			continue;
		case FRF_OPT_LEDGER:
			*ledger = optarg;
			continue;
		}
		switch (frf_notify_option(notify, c, optarg)) {
		case 1:
			continue;
		case -1:
			return FR_CHECK_UNKNOWN;
		}
		return FR_CHECK_UNKNOWN;	/* '?' */
	}
	return FR_EXIT_OK;
}

/* The result as --json prints it. */
static void
print_json(const struct fr_check_result *res, const struct fr_check_opts *opts,
    const struct fr_history *h, const struct fr_ledger_state *st,
    const char *path, long long threshold)
{
	cJSON *o = cJSON_CreateObject();
	char b[FR_DATE_LEN];

	cJSON_AddStringToObject(o, "state",
	    fr_check_state_name(res->state));
	cJSON_AddNumberToObject(o, "exit_code", res->state);
	cJSON_AddStringToObject(o, "message", res->message);
	cJSON_AddStringToObject(o, "message_zh", res->message_zh);
	cJSON_AddStringToObject(o, "today",
	    fr_date_format(opts->today, b));
	cJSON_AddStringToObject(o, "ledger", path);
	cJSON_AddNumberToObject(o, "threshold", (double)threshold);
	if (res->individuals >= 0)
		cJSON_AddNumberToObject(o, "individuals",
		    (double)res->individuals);
	else
		cJSON_AddNullToObject(o, "individuals");
	cJSON_AddStringToObject(o, "phase", res->phase);
	cJSON_AddBoolToObject(o, "tampered", res->phase != NULL &&
	    strcmp(res->phase, "tampered") == 0);
	if (res->count_age >= 0 && res->individuals >= 0)
		cJSON_AddNumberToObject(o, "count_age_days",
		    res->count_age);
	else
		cJSON_AddNullToObject(o, "count_age_days");
	cJSON_AddNumberToObject(o, "max_age_days", opts->max_age_days);
	cJSON_AddBoolToObject(o, "stale", res->stale);
	cJSON_AddBoolToObject(o, "count_failed", res->count_failed);
	cJSON_AddNumberToObject(o, "devices_rolled_back",
	    (double)res->rollbacks);
	cJSON_AddBoolToObject(o, "amendment_due", res->amendment);
	if (h->nobs + h->nev > 0 && st->filed_individuals >= 0)
		cJSON_AddNumberToObject(o, "filed_individuals",
		    (double)st->filed_individuals);
	else
		cJSON_AddNullToObject(o, "filed_individuals");
	if (h->nobs + h->nev > 0 && st->crossed) {
		cJSON_AddStringToObject(o, "crossing_date",
		    fr_date_format(st->crossing_date, b));
		cJSON_AddStringToObject(o, "crossing_how",
		    fr_cross_how_name(st->crossing_how));
	} else
		cJSON_AddNullToObject(o, "crossing_date");
	if (res->has_due) {
		cJSON_AddStringToObject(o, "due_event",
		    fr_dl_event_name(res->due_event));
		cJSON_AddStringToObject(o, "due",
		    fr_date_format(res->due, b));
		cJSON_AddNumberToObject(o, "workdays_left",
		    res->workdays_left);
	} else {
		cJSON_AddNullToObject(o, "due");
		cJSON_AddNullToObject(o, "workdays_left");
	}
	cJSON_AddBoolToObject(o, "overdue", res->overdue);
	cJSON_AddBoolToObject(o, "provisional", res->provisional);
	if (res->missing_year)
		cJSON_AddNumberToObject(o, "missing_year",
		    res->missing_year);
	cli_print_json(o);
}

/* `frfile check`: the monitoring status line; the state is the exit code. */
static int
check_exec(int argc, char **argv)
{
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
	long long threshold = FR_THRESHOLD_DEFAULT;
	int rc;
	char *path = NULL;

	fr_check_opts_init(&opts, 0);
	fr_diags_init(&d);
	memset(&res, 0, sizeof res);
	if (parse_args(argc, argv, &opts, &notify, &common, &ledger,
	    &threshold) != FR_EXIT_OK)
		return FR_CHECK_UNKNOWN;
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
	if (common.json)
		print_json(&res, &opts, &h, &st, path, threshold);
	else {
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

const struct cmd_entry cmd_check_entry = {
	.name = "check",
	.usage = "",
	.summary = "monitoring check: is a filing due, and how soon (exit 0/1/2/3)",
	.exec = check_exec,
	.opts = check_opts,
};
