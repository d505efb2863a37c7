/*
 * cmd-diff.c — `frfile diff OLD NEW`: what changed between two filing
 * descriptions, which changes are substantive (an amendment is due within
 * 30 working days, Art. 15) and by when the amendment is due.
 */
#include "cli/cli.h"
#include "core/calendar.h"
#include "core/date.h"
#include "core/deadline.h"
#include "core/fdiff.h"
#include "core/filing.h"
#include "core/fr.h"
#include "core/history.h"
#include "core/ident.h"
#include "frfile/cmd.h"
#include "frfile/common.h"
#include "store/ledger.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { OPT_DATE = CLI_OPT_FIRST_COMMAND, OPT_RULES, OPT_LEDGER, OPT_ALL };

static int diff_exec(int, char **);

/* The stored count's change (--ledger): when it moved, and the two days. */
struct stored_when {
	int moved;		/* earliest day it can have moved band, or -1 */
	int filed;		/* the filed figure's event, or -1 */
	int seen;		/* the count compared with it, or -1 */
};

/*
 * The stored count as a change (--ledger): the filed figure against the
 * count recorded after it, the first in another band if there is one
 * (Art. 15 para. 1 item 3), as check compares them.
 */
static int
stored_change(const char *opt, const struct fr_change_rules *rules, int today,
    struct fr_changes *ch, struct stored_when *w)
{
	struct ledger *l = NULL;
	struct fr_history h = { 0 };
	struct fr_ledger_state st;
	struct fr_diags d;
	const double *bands;
	size_t nbands;
	char *path = ledger_default_path(opt);
	int rc = FR_EXIT_DATA;

	w->moved = w->filed = w->seen = -1;
	fr_diags_init(&d);
	if (ledger_open(path, LEDGER_READ, &l, &d) != FR_OK ||
	    ledger_history(l, &h, &d) != FR_OK) {
		frf_print_diags(&d);
		goto out;
	}
	if (fr_change_rules_stored_bands(rules, &bands, &nbands, NULL,
	    NULL) != FR_OK) {
		cli_err("the change rules have no stored_count rule: the "
		    "count cannot be compared");
		goto out;
	}
	fr_ledger_derive(&h, FR_THRESHOLD_DEFAULT, today, &st);
	fr_ledger_bands(&h, bands, nbands, &st);
	rc = FR_EXIT_OK;
	if (st.filed_individuals < 0) {
		cli_err("warning: %s: no filed count (record one with "
		    "'frfile event submitted --count N'): the count is not "
		    "compared", path);
		goto out;
	}
	w->filed = st.filed_date;
	if (st.band_changed) {
		fr_changes_add_stored(ch, rules, st.filed_individuals,
		    st.band_seen_individuals);
		w->moved = st.band_change_date;
		w->seen = st.band_seen_date;
	} else if (st.latest_date > st.filed_date &&
	    st.latest_individuals >= 0 &&
	    st.latest_individuals != st.filed_individuals) {
		fr_changes_add_stored(ch, rules, st.filed_individuals,
		    st.latest_individuals);
		w->seen = st.latest_date;
	}
out:
	fr_history_release(&h);
	ledger_close(l);
	fr_diags_release(&d);
	free(path);
	return rc;
}

/* Values as the report shows them: short, and ID numbers masked. */
static char *
show(const cJSON *v, const char *path)
{
	char *s, *m;
	size_t n, i, chars;
	const char *tail = strrchr(path, '.');

	if (v == NULL)
		return fr_xstrdup("(none)");
	if (cJSON_IsString(v)) {
		if (tail != NULL && strcmp(tail, ".id_number") == 0)
			return fr_mask_id(v->valuestring);
		/* At most 40 characters, cut on a UTF-8 boundary. */
		s = v->valuestring;
		for (i = 0, chars = 0; s[i] != '\0' && chars < 40; chars++)
			do
				i++;
			while ((s[i] & 0xC0) == 0x80);
		m = fr_xasprintf("\"%.*s%s\"", (int)i, s,
		    s[i] != '\0' ? "…" : "");
		return m;
	}
	if (cJSON_IsObject(v) || cJSON_IsArray(v)) {
		n = (size_t)cJSON_GetArraySize(v);
		if (cJSON_IsArray(v) && n > 0 && !cJSON_IsObject(v->child) &&
		    !cJSON_IsArray(v->child) && n <= 8 &&
		    (s = cJSON_PrintUnformatted(v)) != NULL && strlen(s) < 80)
			return s;
		return fr_xasprintf(cJSON_IsObject(v) ? "{%zu fields}" :
		    "[%zu items]", n);
	}
	return cJSON_PrintUnformatted(v);
}

/* Mask identity numbers in a value before it is printed. */
static void
mask_values(cJSON *v, const char *path)
{
	const char *tail = strrchr(path, '.');
	cJSON *e;

	if (v == NULL)
		return;
	if (cJSON_IsString(v) && tail != NULL &&
	    strcmp(tail, ".id_number") == 0) {
		char *m = fr_mask_id(v->valuestring);

		cJSON_SetValuestring(v, m);
		free(m);
		return;
	}
	cJSON_ArrayForEach(e, v) {
		char *p = e->string ? fr_xasprintf("%s.%s", path, e->string) :
		    fr_xstrdup(path);

		mask_values(e, p);
		free(p);
	}
}

/* "added", "removed" or "changed", for --json and the text. */
static const char *
kind_name(enum fr_change_kind k)
{
	return k == FR_CHANGE_ADDED ? "added" : k == FR_CHANGE_REMOVED ?
	    "removed" : "changed";
}

/* A filing for comparing; duplicate keys make it ambiguous, so an error. */
static int
load(const char *path, struct fr_filing **f)
{
	struct fr_diags d;
	int rc;

	fr_diags_init(&d);
	rc = fr_filing_load(path, f, &d);
	if (rc == FR_OK && d.errors > 0) {
		/* Duplicate keys: the tree is usable but ambiguous. */
		fr_filing_free(*f);
		*f = NULL;
		rc = FR_EINVAL;
	}
	frf_print_diags(&d);
	fr_diags_release(&d);
	return rc;
}

static const struct cli_opt diff_opts[] = {
	CLI_TEXT("  OLD.json NEW.json  the filed description and the current"
	    " one"),
	{ "date", 0, required_argument, OPT_DATE, "DATE",
	    "the day the change took effect (default: NEW's\n"
	    "filing.change_date, else today)", 0 },
	{ "rules", 0, required_argument, OPT_RULES, "FILE",
	    "the change classification (default:\n"
	    "forms/changes.json in the data directory)", 0 },
	{ "ledger", 0, required_argument, OPT_LEDGER, "FILE",
	    "also compare the filed count (the ledger's latest\n"
	    "submitted or completed event) with the counts\n"
	    "recorded after it: another band is an amendment", 0 },
	{ "json", 0, no_argument, CLI_OPT_JSON, NULL,
	    "print a JSON object", 0 },
	{ "assume-weekends", 0, no_argument, FRF_OPT_ASSUME_WEEKENDS, NULL,
	    "count a year whose calendar is not loaded as Monday to\n"
	    "Friday and mark the due date provisional", 0 },
	CLI_TEXT(""),
	CLI_TEXT("Exit status: 0 no substantive change, 1 an amendment is"
	    " due, 3 bad input."),
	CLI_END
};

/* The changes as --json prints them; dl is NULL when no due date is known. */
static void
print_json(const char *old, const char *new, const struct fr_changes *ch,
    const char *b1, const struct fr_deadline *dl, const struct stored_when *w)
{
	char b2[FR_DATE_LEN];
	size_t i;

	cJSON *o = cJSON_CreateObject(), *arr;

	cJSON_AddStringToObject(o, "old", old);
	cJSON_AddStringToObject(o, "new", new);
	cJSON_AddNumberToObject(o, "changes_total", (double)ch->n);
	cJSON_AddNumberToObject(o, "substantive",
	    (double)ch->substantive);
	cJSON_AddNumberToObject(o, "minor",
	    (double)(ch->n - ch->substantive));
	cJSON_AddBoolToObject(o, "amendment_required",
	    ch->substantive > 0);
	cJSON_AddStringToObject(o, "change_date", b1);
	if (dl != NULL) {
		cJSON_AddStringToObject(o, "due",
		    fr_date_format(dl->due, b2));
		cJSON_AddNumberToObject(o, "working_days",
		    dl->working_days);
		cJSON_AddBoolToObject(o, "provisional", dl->provisional);
	} else if (ch->substantive > 0)
		cJSON_AddNullToObject(o, "due");
	arr = cJSON_AddArrayToObject(o, "changes");
	for (i = 0; i < ch->n; i++) {
		const struct fr_change *e = &ch->v[i];
		cJSON *x = cJSON_CreateObject(), *v;

		cJSON_AddStringToObject(x, "path", e->path);
		cJSON_AddStringToObject(x, "kind", kind_name(e->kind));
		cJSON_AddStringToObject(x, "class", e->substantive ?
		    "substantive" : "minor");
		cJSON_AddStringToObject(x, "rule", e->rule);
		cJSON_AddStringToObject(x, "basis_en", e->basis_en);
		cJSON_AddStringToObject(x, "basis_zh", e->basis_zh);
		v = e->old_value ? cJSON_Duplicate(e->old_value, 1) :
		    cJSON_CreateNull();
		mask_values(v, e->path);
		cJSON_AddItemToObject(x, "old", v);
		v = e->new_value ? cJSON_Duplicate(e->new_value, 1) :
		    cJSON_CreateNull();
		mask_values(v, e->path);
		cJSON_AddItemToObject(x, "new", v);
		if (strcmp(e->path, FR_STORED_COUNT_PATH) == 0) {
			cJSON_AddStringToObject(x, "filed_date",
			    fr_date_format(w->filed, b2));
			cJSON_AddStringToObject(x, "counted_date",
			    fr_date_format(w->seen, b2));
		}
		cJSON_AddItemToArray(arr, x);
	}
	cli_print_json(o);
}

/* The changes as text, and what they mean for the filing. */
static void
print_text(const struct fr_changes *ch, const char *b1,
    const struct fr_deadline *dl, const struct stored_when *w)
{
	char b2[FR_DATE_LEN];
	size_t i;

	for (i = 0; i < ch->n; i++) {
		const struct fr_change *e = &ch->v[i];
		char *ov = show(e->old_value, e->path);
		char *nv = show(e->new_value, e->path);

		printf("%-11s %s %s\n", e->substantive ? "substantive" :
		    "minor", kind_name(e->kind), e->path);
		if (strcmp(e->path, FR_STORED_COUNT_PATH) == 0) {
			char b3[FR_DATE_LEN];

			printf("            filed %s on %s -> counted %s on %s "
			    "(ledger)\n", ov, fr_date_format(w->filed, b2), nv,
			    fr_date_format(w->seen, b3));
		} else if (e->kind == FR_CHANGE_CHANGED)
			printf("            %s -> %s\n", ov, nv);
		else
			printf("            %s\n", e->kind ==
			    FR_CHANGE_ADDED ? nv : ov);
		printf("            basis: %s\n", e->basis_en);
		free(ov);
		free(nv);
	}
	if (ch->n == 0)
		printf("No changes.\n");
	else
		printf("%s%zu change%s, %zu substantive.\n",
		    ch->n ? "\n" : "", ch->n, ch->n == 1 ? "" : "s",
		    ch->substantive);
	if (dl != NULL)
		printf("An amendment is due by %s (%s), 30 working days "
		    "after the change on %s (Art. 15).%s\n",
		    fr_date_format(dl->due, b2),
		    fr_weekday_name(fr_date_weekday(dl->due)), b1,
		    dl->provisional ? " Provisional: a calendar year "
		    "was assumed to be Monday to Friday." : "");
	else if (ch->substantive > 0)
		printf("An amendment is due within 30 working days of "
		    "%s (Art. 15).\n", b1);
	else if (ch->n > 0)
		printf("No amendment is needed.\n");
}

/* `frfile diff OLD NEW`: the changes and whether an amendment is due. */
static int
diff_exec(int argc, char **argv)
{
	struct cli_common common = { 0 };
	struct fr_filing *fo = NULL, *fn = NULL;
	struct fr_change_rules *rules = NULL;
	struct fr_changes ch;
	struct fr_calendar *cal = NULL;
	struct fr_deadline dl;
	struct fr_diags d;
	const char *date_arg = NULL, *rules_arg = NULL, *ledger = NULL, *cd;
	struct stored_when w = { -1, -1, -1 };
	char *rules_path = NULL, b1[FR_DATE_LEN];
	int c, rc, dlrc, date = 0, assume = 0, have_due = 0, missing_year = 0;
	int filing_subst;

	fr_changes_init(&ch);
	fr_diags_init(&d);
	cli_getopt_reset();
	while ((c = cli_getopts(argc, argv, diff_opts, 0, &common)) != -1) {
		switch (c) {
		case OPT_DATE:
			date_arg = optarg;
			continue;
		case OPT_RULES:
			rules_arg = optarg;
			continue;
		case OPT_LEDGER:
			ledger = optarg;
			continue;
		case FRF_OPT_ASSUME_WEEKENDS:
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
		return cli_usage_error(argc < 2 ? "OLD and NEW are needed" :
		    "too many arguments");
	if (date_arg != NULL &&
	    (rc = frf_date_arg("--date", date_arg, &date)) != FR_EXIT_OK)
		return rc;

	rc = FR_EXIT_DATA;
	rules_path = rules_arg ? fr_xstrdup(rules_arg) :
	    fr_datafile("forms", "changes.json");
	if (fr_change_rules_load(rules_path, &rules, &d) != FR_OK) {
		frf_print_diags(&d);
		goto out;
	}
	if (load(argv[0], &fo) != FR_OK || load(argv[1], &fn) != FR_OK)
		goto out;
	fr_filing_diff(fr_filing_root(fo), fr_filing_root(fn), rules, &ch);
	filing_subst = ch.substantive > 0;
	if (ledger != NULL && (rc = stored_change(ledger, rules,
	    fr_date_today(), &ch, &w)) != FR_EXIT_OK)
		goto out;
	rc = FR_EXIT_DATA;

	if (date_arg == NULL) {
		cd = fr_filing_str(fn, "filing.change_date");
		if (cd == NULL || fr_date_parse(cd, &date) != FR_OK)
			date = fr_date_today();
		/* The earlier of the two changes starts the 30 days. */
		if (w.moved >= 0 && (!filing_subst || w.moved < date))
			date = w.moved;
	}
	if (ch.substantive > 0) {
		if ((rc = frf_load_calendar(&cal)) != FR_EXIT_OK)
			goto out;
		dlrc = fr_deadline(cal, FR_DL_CHANGE, date, assume, &dl);
		if (dlrc == FR_OK)
			have_due = 1;
		else if (dlrc == FR_ENOCAL)
			missing_year = cal->missing_year;
	}
	fr_date_format(date, b1);

	if (common.json)
		print_json(argv[0], argv[1], &ch, b1, have_due ? &dl : NULL,
		    &w);
	else
		print_text(&ch, b1, have_due ? &dl : NULL, &w);
	if (missing_year != 0)
		frf_no_calendar(missing_year);
	rc = ch.substantive > 0 ? FR_EXIT_NO : FR_EXIT_OK;
out:
	fr_changes_release(&ch);
	fr_change_rules_free(rules);
	fr_filing_free(fo);
	fr_filing_free(fn);
	fr_calendar_free(cal);
	fr_diags_release(&d);
	free(rules_path);
	return rc;
}

const struct cmd_entry cmd_diff_entry = {
	.name = "diff",
	.usage = "OLD.json NEW.json",
	.summary = "what changed between two filing descriptions, and whether an amendment is due",
	.exec = diff_exec,
	.opts = diff_opts,
};
