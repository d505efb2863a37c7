/*
 * cmd-ledger.c — `frfile ledger`: the ledger's history (observations,
 * filing events) and what follows from it (crossing day, filing status,
 * the check as of today), verified against the ledger's keyed hash
 * chain; `frfile ledger upgrade` chains a ledger of schema 1 once.
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

static int ledger_exec(int, char **);

/* A date as a JSON string, or JSON null when it is negative (none). */
static cJSON *
date_or_null(int date)
{
	char b[FR_DATE_LEN];

	return date >= 0 ? cJSON_CreateString(fr_date_format(date, b)) :
	    cJSON_CreateNull();
}

/* s as a JSON string, or JSON null when s is NULL. */
static cJSON *
str_or_null(const char *s)
{
	return s != NULL ? cJSON_CreateString(s) : cJSON_CreateNull();
}

/* Prints the history, derived state and, with have_res, the check as JSON. */
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
		if (e->count >= 0)
			cJSON_AddNumberToObject(x, "count", (double)e->count);
		else
			cJSON_AddNullToObject(x, "count");
		cJSON_AddItemToObject(x, "recorded_at",
		    str_or_null(e->recorded_at));
		cJSON_AddItemToArray(a, x);
	}
	a = cJSON_AddArrayToObject(o, "failed_counts");
	for (i = 0; i < h->nfail; i++) {
		x = cJSON_CreateObject();
		cJSON_AddItemToObject(x, "date", date_or_null(h->fail[i].date));
		cJSON_AddItemToObject(x, "reason",
		    str_or_null(h->fail[i].reason));
		cJSON_AddItemToObject(x, "recorded_at",
		    str_or_null(h->fail[i].recorded_at));
		cJSON_AddItemToArray(a, x);
	}
	a = cJSON_AddArrayToObject(o, "device_audit");
	for (i = 0; i < h->ndev; i++) {
		const struct fr_device_audit *v = &h->dev[i];

		x = cJSON_CreateObject();
		cJSON_AddItemToObject(x, "date", date_or_null(v->date));
		cJSON_AddStringToObject(x, "store_id", v->store_id);
		cJSON_AddItemToObject(x, "device", str_or_null(v->device));
		cJSON_AddNumberToObject(x, "entries", (double)v->entries);
		cJSON_AddStringToObject(x, "head", v->head);
		cJSON_AddItemToArray(a, x);
	}
	x = cJSON_AddObjectToObject(o, "chain");
	cJSON_AddNumberToObject(x, "entries", (double)h->chain_entries);
	cJSON_AddStringToObject(x, "head", h->chain_head);
	cJSON_AddBoolToObject(x, "verified", 1);
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
	if (st->filed_individuals >= 0)
		cJSON_AddNumberToObject(dv, "filed_individuals",
		    (double)st->filed_individuals);
	else
		cJSON_AddNullToObject(dv, "filed_individuals");
	cJSON_AddItemToObject(dv, "failed_count_date",
	    date_or_null(st->failed_date));
	cJSON_AddNumberToObject(dv, "devices_rolled_back",
	    (double)st->rollbacks);
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

/* Prints the history, derived state and, with have_res, the check as text. */
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

		printf("  %s  %-10s", fr_date_format(e->date, b1),
		    fr_ev_kind_name(e->kind));
		if (e->count >= 0)
			printf("  filed count %lld", e->count);
		printf("  %s\n", e->note ? e->note : "");
	}
	if (h->nfail > 0) {
		printf("\nfailed counts (%zu):\n", h->nfail);
		for (i = 0; i < h->nfail; i++)
			printf("  %s  %s\n", fr_date_format(h->fail[i].date,
			    b1), h->fail[i].reason != NULL ? h->fail[i].reason :
			    "(no reason recorded)");
	}
	if (h->ndev > 0) {
		printf("\ndevice audit logs seen (%zu):\n", h->ndev);
		for (i = 0; i < h->ndev; i++)
			printf("  %s  %-16.16s  %-12s  %10lld entries  head "
			    "%.16s…\n", fr_date_format(h->dev[i].date, b1),
			    h->dev[i].store_id, h->dev[i].device ?
			    h->dev[i].device : "-", h->dev[i].entries,
			    h->dev[i].head);
	}
	printf("\nchain          %lld rows, head %.16s…, verified with "
	    "the key file\n", h->chain_entries, h->chain_head);
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

/* `frfile ledger upgrade`: chain a schema 1 ledger, once. */
static int
upgrade(const char *opt, int json)
{
	struct fr_diags d;
	char *path = ledger_default_path(opt), *kp = ledger_key_path(path);
	long long rows = 0;
	int rc;

	fr_diags_init(&d);
	rc = ledger_upgrade(path, &rows, &d);
	if (rc != FR_OK) {
		frf_print_diags(&d);
		rc = FR_EXIT_DATA;
	} else {
		if (json) {
			cJSON *o = cJSON_CreateObject();

			cJSON_AddStringToObject(o, "ledger", path);
			cJSON_AddStringToObject(o, "key_file", kp);
			cJSON_AddNumberToObject(o, "rows_chained", (double)rows);
			cJSON_AddNumberToObject(o, "schema", LEDGER_SCHEMA);
			cli_print_json(o);
		} else
			printf("upgraded %s to schema %d: %lld row%s chained, "
			    "key in %s (keep the two together)\n", path,
			    LEDGER_SCHEMA, rows, rows == 1 ? "" : "s", kp);
		rc = FR_EXIT_OK;
	}
	fr_diags_release(&d);
	free(kp);
	free(path);
	return rc;
}

static const struct cli_opt ledger_opts[] = {
	CLI_TEXT("  upgrade            chain a ledger written before schema 2"
	    " (once; makes its"),
	CLI_TEXT("                     key file PATH.key); until then it is"
	    " refused"),
	{ "threshold", 0, required_argument, FRF_OPT_THRESHOLD, "N",
	    "the line (default 100000 individuals, Art. 15)", 0 },
	{ "assume-weekends", 0, no_argument, FRF_OPT_ASSUME_WEEKENDS, NULL,
	    "accepted for old command lines: a year that is not\n"
	    "loaded is always counted Monday to Friday, provisionally", 0 },
	{ "ledger", 0, required_argument, FRF_OPT_LEDGER, "PATH",
	    "the ledger file (its key is PATH.key)", 0 },
	{ "today", 0, required_argument, CLI_OPT_TODAY, "DATE",
	    "derive the state as of DATE", 0 },
	{ "json", 0, no_argument, CLI_OPT_JSON, NULL,
	    "print a JSON object", 0 },
	CLI_END
};

/* `frfile ledger [upgrade]`: the verified history and state; an exit code. */
static int
ledger_exec(int argc, char **argv)
{
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
	int c, rc, have_res = 0;
	char *path = NULL;

	memset(&res, 0, sizeof res);
	fr_diags_init(&d);
	cli_getopt_reset();
	while ((c = cli_getopts(argc, argv, ledger_opts, 0, &common)) != -1) {
		switch (c) {
		case FRF_OPT_THRESHOLD:
			if ((rc = frf_number_arg("--threshold", optarg, 1,
			    1000000000000LL, &threshold)) != 0)
				return rc;
			continue;
		case FRF_OPT_ASSUME_WEEKENDS:
			continue;
		case FRF_OPT_LEDGER:
			ledger = optarg;
			continue;
		}
		return FR_EXIT_USAGE;	/* '?' */
	}
	if (common.help)
		return cli_help();
	if (optind < argc && strcmp(argv[optind], "upgrade") == 0 &&
	    optind + 1 == argc)
		return upgrade(ledger, common.json);
	if (optind != argc)
		return cli_usage_error("unexpected argument '%s'%s",
		    argv[optind], strcmp(argv[optind], "upgrade") == 0 ? "" :
		    " (the one subcommand is upgrade)");
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
		frf_check_bands(&opts);
		fr_ledger_bands(&h, opts.bands, opts.nbands, &st);
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

const struct cmd_entry cmd_ledger_entry = {
	.name = "ledger",
	.usage = "[upgrade]",
	.summary = "the ledger's history, verified, and the state derived from it",
	.exec = ledger_exec,
	.opts = ledger_opts,
};
