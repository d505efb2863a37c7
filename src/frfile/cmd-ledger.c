/*
 * cmd-ledger.c — `frfile ledger`: the ledger's history (observations,
 * filing events) and what follows from it (crossing day, filing status,
 * the check as of today).
 */
#include "cli/cli.h"
#include "core/calendar.h"
#include "core/check.h"
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

static int cmd_ledger(int, char **);

const struct cmd_entry cmd_ledger_entry = {
	"ledger",
	"[--threshold N] [--assume-weekends] [--ledger PATH] [--today DATE] "
	"[--json]",
	"the ledger's history and the state derived from it",
	"  --threshold N      the line (default 100000, Art. 15)\n"
	"  --assume-weekends  count a year that is not loaded as Monday to "
	"Friday\n"
	"  --ledger PATH      the ledger file\n"
	"  --today DATE       derive the state as of DATE\n"
	"  --json             print a JSON object\n",
	cmd_ledger,
};

static cJSON *
date_or_null(int date)
{
	char b[FR_DATE_LEN];

	return date >= 0 ? cJSON_CreateString(fr_date_format(date, b)) :
	    cJSON_CreateNull();
}

static cJSON *
str_or_null(const char *s)
{
	return s != NULL ? cJSON_CreateString(s) : cJSON_CreateNull();
}

static void
print_json(const char *path, const struct fr_history *h,
    const struct fr_ledger_state *st, const struct fr_check_result *res,
    int have_res)
{
	cJSON *o = cJSON_CreateObject(), *a, *x, *dv;
	size_t i;

	cJSON_AddStringToObject(o, "ledger", path);
	cJSON_AddNumberToObject(o, "threshold", (double)st->threshold);
	a = cJSON_AddArrayToObject(o, "observations");
	for (i = 0; i < h->nobs; i++) {
		const struct fr_observation *ob = &h->obs[i];

		x = cJSON_CreateObject();
		cJSON_AddNumberToObject(x, "id", (double)ob->id);
		cJSON_AddItemToObject(x, "date", date_or_null(ob->date));
		cJSON_AddNumberToObject(x, "individuals",
		    (double)ob->individuals);
		cJSON_AddItemToObject(x, "source", str_or_null(ob->source));
		cJSON_AddBoolToObject(x, "partial", ob->partial);
		cJSON_AddItemToObject(x, "crossing_date",
		    date_or_null(ob->crossing_date));
		cJSON_AddItemToObject(x, "recorded_at",
		    str_or_null(ob->recorded_at));
		cJSON_AddItemToArray(a, x);
	}
	a = cJSON_AddArrayToObject(o, "events");
	for (i = 0; i < h->nev; i++) {
		const struct fr_event *e = &h->ev[i];

		x = cJSON_CreateObject();
		cJSON_AddNumberToObject(x, "id", (double)e->id);
		cJSON_AddStringToObject(x, "kind", fr_ev_kind_name(e->kind));
		cJSON_AddItemToObject(x, "date", date_or_null(e->date));
		cJSON_AddItemToObject(x, "note", str_or_null(e->note));
		cJSON_AddItemToObject(x, "recorded_at",
		    str_or_null(e->recorded_at));
		cJSON_AddItemToArray(a, x);
	}
	dv = cJSON_AddObjectToObject(o, "derived");
	cJSON_AddItemToObject(dv, "as_of", date_or_null(st->until));
	cJSON_AddItemToObject(dv, "latest_date", date_or_null(st->latest_date));
	if (st->latest_date >= 0)
		cJSON_AddNumberToObject(dv, "latest_individuals",
		    (double)st->latest_individuals);
	else
		cJSON_AddNullToObject(dv, "latest_individuals");
	cJSON_AddBoolToObject(dv, "latest_partial", st->latest_partial);
	cJSON_AddNumberToObject(dv, "max_individuals",
	    (double)st->max_individuals);
	cJSON_AddBoolToObject(dv, "crossed", st->crossed);
	cJSON_AddItemToObject(dv, "crossing_date",
	    date_or_null(st->crossing_date));
	cJSON_AddStringToObject(dv, "crossing_how",
	    fr_cross_how_name(st->crossing_how));
	cJSON_AddBoolToObject(dv, "crossing_exact", st->crossed &&
	    (st->crossing_how == FR_CROSS_OBSERVED ||
	    st->crossing_how == FR_CROSS_RECORDED));
	cJSON_AddItemToObject(dv, "first_over_date",
	    date_or_null(st->first_over_date));
	cJSON_AddItemToObject(dv, "last_below_date",
	    date_or_null(st->last_below_date));
	cJSON_AddItemToObject(dv, "status", st->has_status ?
	    cJSON_CreateString(fr_ev_kind_name(st->status)) :
	    cJSON_CreateString("none"));
	cJSON_AddItemToObject(dv, "status_date", date_or_null(st->status_date));
	if (have_res) {
		x = cJSON_AddObjectToObject(dv, "check");
		cJSON_AddStringToObject(x, "state",
		    fr_check_state_name(res->state));
		cJSON_AddStringToObject(x, "message", res->message);
		cJSON_AddStringToObject(x, "phase", res->phase);
		cJSON_AddItemToObject(x, "due", res->has_due ?
		    date_or_null(res->due) : cJSON_CreateNull());
		if (res->has_due)
			cJSON_AddNumberToObject(x, "workdays_left",
			    res->workdays_left);
		else
			cJSON_AddNullToObject(x, "workdays_left");
		cJSON_AddBoolToObject(x, "provisional", res->provisional);
	}
	cli_print_json(o);
}

static void
print_text(const char *path, const struct fr_history *h,
    const struct fr_ledger_state *st, const struct fr_check_result *res,
    int have_res)
{
	char b1[FR_DATE_LEN], b2[FR_DATE_LEN];
	size_t i;

	printf("ledger %s\n\n", path);
	printf("observations (%zu):\n", h->nobs);
	for (i = 0; i < h->nobs; i++) {
		const struct fr_observation *o = &h->obs[i];

		printf("  %s  %12lld  %s%s", fr_date_format(o->date, b1),
		    o->individuals, o->source ? o->source : "-",
		    o->partial ? "  partial" : "");
		if (o->crossing_date >= 0)
			printf("  crossed on %s",
			    fr_date_format(o->crossing_date, b2));
		putchar('\n');
	}
	printf("\nevents (%zu):\n", h->nev);
	for (i = 0; i < h->nev; i++) {
		const struct fr_event *e = &h->ev[i];

		printf("  %s  %-10s  %s\n", fr_date_format(e->date, b1),
		    fr_ev_kind_name(e->kind), e->note ? e->note : "");
	}
	printf("\nas of %s:\n", fr_date_format(st->until, b1));
	if (st->latest_date >= 0)
		printf("  latest count   %lld individuals on %s%s\n",
		    st->latest_individuals, fr_date_format(st->latest_date, b1),
		    st->latest_partial ? " (partial)" : "");
	else
		printf("  latest count   none\n");
	if (!st->crossed)
		printf("  the line       %lld not reached\n", st->threshold);
	else {
		printf("  the line       %lld reached on %s", st->threshold,
		    fr_date_format(st->crossing_date, b1));
		switch (st->crossing_how) {
		case FR_CROSS_EARLIEST:
			printf(" at the earliest (exact day unknown: last count "
			    "below on %s, first at or over on %s)",
			    fr_date_format(st->last_below_date, b1),
			    fr_date_format(st->first_over_date, b2));
			break;
		case FR_CROSS_FIRST_SEEN:
			printf(" or earlier (no count below it before)");
			break;
		case FR_CROSS_RECORDED:
			printf(" (exact date recorded with the count)");
			break;
		default:
			break;
		}
		putchar('\n');
	}
	if (st->has_status)
		printf("  filing status  %s on %s\n", fr_ev_kind_name(st->status),
		    fr_date_format(st->status_date, b1));
	else
		printf("  filing status  nothing filed\n");
	if (have_res)
		printf("  check          %s: %s\n",
		    fr_check_state_name(res->state), res->message);
}

static int
cmd_ledger(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "threshold", required_argument, NULL, FRF_OPT_THRESHOLD },
		{ "assume-weekends", no_argument, NULL,
		    FRF_OPT_ASSUME_WEEKENDS },
		{ "ledger", required_argument, NULL, FRF_OPT_LEDGER },
		CLI_COMMON_OPTS
	};
	struct cli_common common = { 0 };
	struct fr_history h = { 0 };
	struct fr_ledger_state st;
	struct fr_check_opts opts;
	struct fr_check_result res;
	struct fr_calendar *cal = NULL;
	struct ledger *l = NULL;
	struct fr_diags d;
	const char *ledger = NULL;
	long long threshold = FR_THRESHOLD_DEFAULT;
	int c, rc, assume = 0, have_res = 0;
	char *path = NULL;

	memset(&res, 0, sizeof res);
	fr_diags_init(&d);
	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "", longopts)) != -1) {
		switch (c) {
		case FRF_OPT_THRESHOLD:
			if ((rc = frf_number_arg("--threshold", optarg, 1,
			    1000000000000LL, &threshold)) != 0)
				return rc;
			continue;
		case FRF_OPT_ASSUME_WEEKENDS:
			assume = 1;
			continue;
		case FRF_OPT_LEDGER:
			ledger = optarg;
			continue;
		}
		switch (cli_common_option(&common, c, optarg)) {
		case 1:
			continue;
		}
		return FR_EXIT_USAGE;
	}
	if (common.help)
		return cli_help();
	if (optind != argc)
		return cli_usage_error("unexpected argument '%s'",
		    argv[optind]);
	path = ledger_default_path(ledger);
	rc = ledger_open(path, LEDGER_READ, &l, &d);
	if (rc == FR_OK)
		rc = ledger_history(l, &h, &d);
	if (rc != FR_OK) {
		frf_print_diags(&d);
		rc = FR_EXIT_DATA;
		goto out;
	}
	fr_ledger_derive(&h, threshold, fr_date_today(), &st);
	/* The check is a summary here: a missing calendar only omits it. */
	if (frf_load_calendar(&cal) == FR_EXIT_OK) {
		fr_check_opts_init(&opts, fr_date_today());
		opts.assume_weekends = assume;
		rc = fr_check(cal, &st, &opts, &res);
		have_res = rc == FR_OK || rc == FR_ENOCAL;
	}
	if (common.json)
		print_json(path, &h, &st, &res, have_res);
	else
		print_text(path, &h, &st, &res, have_res);
	rc = FR_EXIT_OK;
out:
	fr_check_result_release(&res);
	fr_history_release(&h);
	fr_calendar_free(cal);
	ledger_close(l);
	fr_diags_release(&d);
	free(path);
	return rc;
}
