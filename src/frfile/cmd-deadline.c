/*
 * cmd-deadline.c — `frfile deadline EVENT DATE`: the statutory due date of
 * an event on the working-day calendar (Art. 15; filing instructions).
 */
#include "cli/cli.h"
#include "core/calendar.h"
#include "core/date.h"
#include "core/deadline.h"
#include "core/fr.h"
#include "frfile/cmd.h"
#include "frfile/common.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int deadline_exec(int, char **);

/* The years between from and to whose calendar is not loaded. */
static char *
assumed_years(const struct fr_calendar *cal, int from, int to)
{
	int y0, y1, y, m, d;
	char *s = NULL, *t;

	fr_date_to_ymd(from, &y0, &m, &d);
	fr_date_to_ymd(to, &y1, &m, &d);
	for (y = y0; y <= y1; y++) {
		if (fr_calendar_year(cal, y) != NULL)
			continue;
		t = s == NULL ? fr_xasprintf("%d", y) :
		    fr_xasprintf("%s, %d", s, y);
		free(s);
		s = t;
	}
	return s != NULL ? s : fr_xstrdup("");
}

static const struct cli_opt deadline_opts[] = {
	CLI_TEXT("  EVENT              reached       the count first reached"
	    " 100,000 (30 working days;"),
	CLI_TEXT("                                   before 2025-06-01: due"
	    " 2025-07-14)"),
	CLI_TEXT("                     change        a substantive change (30"
	    " working days)"),
	CLI_TEXT("                     termination   the application ended"
	    " (30 working days)"),
	CLI_TEXT("                     submitted     the authority's review"
	    " (15 working days)"),
	CLI_TEXT("                     returned      returned for improvement"
	    " (10 working days)"),
	CLI_TEXT("  DATE               the day of the event, YYYY-MM-DD (not"
	    " counted)"),
	{ "json", 0, no_argument, CLI_OPT_JSON, NULL,
	    "print a JSON object", 0 },
	{ "assume-weekends", 0, no_argument, FRF_OPT_ASSUME_WEEKENDS, NULL,
	    "count a year whose calendar is not loaded as Monday to\n"
	    "Friday and mark the result provisional", 0 },
	CLI_END
};

/* `frfile deadline EVENT DATE`: the event's due date; an exit code. */
static int
deadline_exec(int argc, char **argv)
{
	struct cli_common common = { 0 };
	struct fr_calendar *cal = NULL;
	struct fr_deadline dl;
	enum fr_dl_event ev;
	int c, rc, date, assume = 0;
	char b1[FR_DATE_LEN], b2[FR_DATE_LEN], b3[FR_DATE_LEN];

	cli_getopt_reset();
	while ((c = cli_getopts(argc, argv, deadline_opts, 0, &common)) != -1) {
		if (c == FRF_OPT_ASSUME_WEEKENDS) {
			assume = 1;
			continue;
		}
		return FR_EXIT_USAGE;	/* '?' */
	}
	if (common.help)
		return cli_help();
	argc -= optind;
	argv += optind;
	if (argc != 2)
		return cli_usage_error(argc < 2 ? "EVENT and DATE are needed" :
		    "too many arguments");
	if (fr_dl_event_parse(argv[0], &ev) != FR_OK) {
		cli_err("unknown event '%s', expected reached, change, "
		    "termination, submitted or returned", argv[0]);
		return FR_EXIT_USAGE;
	}
	if ((rc = frf_date_arg("DATE", argv[1], &date)) != FR_EXIT_OK)
		return rc;
	if ((rc = frf_load_calendar(&cal)) != FR_EXIT_OK)
		return rc;
	rc = fr_deadline(cal, ev, date, assume, &dl);
	if (rc == FR_ENOCAL) {
		rc = frf_no_calendar(cal->missing_year);
		goto out;
	}
	if (rc != FR_OK) {
		cli_err("%s", fr_strerror(rc));
		rc = FR_EXIT_DATA;
		goto out;
	}
	fr_date_format(dl.date, b1);
	fr_date_format(dl.due, b2);
	fr_date_format(dl.counted_from, b3);
	if (common.json) {
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "event", fr_dl_event_name(ev));
		cJSON_AddStringToObject(o, "date", b1);
		cJSON_AddStringToObject(o, "due", b2);
		cJSON_AddStringToObject(o, "due_weekday",
		    fr_weekday_name(fr_date_weekday(dl.due)));
		cJSON_AddNumberToObject(o, "working_days", dl.working_days);
		cJSON_AddStringToObject(o, "rule", fr_dl_rule_name(dl.rule));
		cJSON_AddStringToObject(o, "counted_from", b3);
		cJSON_AddStringToObject(o, "what", dl.what);
		cJSON_AddBoolToObject(o, "provisional", dl.provisional);
		if (dl.provisional) {
			char *ys = assumed_years(cal, dl.counted_from, dl.due);

			cJSON_AddStringToObject(o, "assumed_years", ys);
			free(ys);
		}
		cli_print_json(o);
	} else {
		const char *wd_date = fr_weekday_name(fr_date_weekday(dl.date));
		const char *wd_due = fr_weekday_name(fr_date_weekday(dl.due));

		if (dl.rule == FR_DL_GRACE)
			printf("%s %s (%s), before the Measures took effect on "
			    "%s: %s by %s (%s), the fixed date of the CAC "
			    "announcement of 2025-05-28 (%d working days "
			    "after %s).\n", fr_dl_event_name(ev), b1, wd_date,
			    b3, dl.what, b2, wd_due, dl.working_days, b3);
		else
			printf("%s %s (%s): %s %s %s (%s), the %dth working "
			    "day after.\n", fr_dl_event_name(ev), b1, wd_date,
			    dl.what, ev == FR_DL_SUBMITTED ? "on" : "by", b2,
			    wd_due, dl.working_days);
		if (dl.provisional) {
			char *ys = assumed_years(cal, dl.counted_from, dl.due);

			printf("Provisional: the calendar for %s is not loaded "
			    "and was taken as Monday to Friday.\n", ys);
			free(ys);
		}
	}
	rc = FR_EXIT_OK;
out:
	fr_calendar_free(cal);
	return rc;
}

const struct cmd_entry cmd_deadline_entry = {
	.name = "deadline",
	.usage = "EVENT DATE",
	.summary = "the due date of an event: reached, change, termination, submitted, returned",
	.exec = deadline_exec,
	.opts = deadline_opts,
};
