/*
 * common.c — helpers shared by frfile's commands (see common.h).
 */
#include "frfile/common.h"
#include "cli/cli.h"
#include "core/check.h"
#include "core/date.h"
#include "core/fdiff.h"
#include "core/fr.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
frf_date_arg(const char *what, const char *s, int *date)
{
	if (fr_date_parse(s, date) != FR_OK) {
		cli_err("%s: '%s' is not a valid date, expected YYYY-MM-DD",
		    what, s);
		return FR_EXIT_USAGE;
	}
	return FR_EXIT_OK;
}

int
frf_past_date_arg(const char *what, const char *s, int *date)
{
	char b1[FR_DATE_LEN], b2[FR_DATE_LEN];
	int rc;

	*date = fr_date_today();
	if (s == NULL)
		return FR_EXIT_OK;
	if ((rc = frf_date_arg(what, s, date)) != FR_EXIT_OK)
		return rc;
	if (*date > fr_date_today()) {
		cli_err("%s: %s is in the future (today is %s in China "
		    "Standard Time)", what, fr_date_format(*date, b1),
		    fr_date_format(fr_date_today(), b2));
		return FR_EXIT_USAGE;
	}
	return FR_EXIT_OK;
}

int
frf_number_arg(const char *what, const char *s, long long min,
    long long max, long long *v)
{
	int rc = fr_parse_ll(s, min, max, v);

	if (rc == FR_OK)
		return FR_EXIT_OK;
	if (rc == FR_ERANGE && s[0] == '-' && min >= 0)
		cli_err("%s: '%s' is negative, expected a whole number from "
		    "%lld to %lld", what, s, min, max);
	else if (rc == FR_ERANGE)
		cli_err("%s: '%s' is out of range, expected %lld to %lld",
		    what, s, min, max);
	else
		cli_err("%s: '%s' is not a whole number", what, s);
	return FR_EXIT_USAGE;
}

void
frf_print_diags(const struct fr_diags *d)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		const struct fr_diag *e = &d->v[i];
		char where[64] = "";

		if (e->line > 0 && e->col > 0)
			snprintf(where, sizeof where, ":%d:%d", e->line, e->col);
		else if (e->line > 0)
			snprintf(where, sizeof where, ":%d", e->line);
		cli_err("%s%s%s%s%s%s%s", e->file ? e->file : "", where,
		    e->file ? ": " : "", e->sev == FR_SEV_WARNING ?
		    "warning: " : "", e->path ? e->path : "",
		    e->path ? ": " : "", e->msg);
	}
}

int
frf_load_calendar(struct fr_calendar **out)
{
	struct fr_diags d;
	int rc;

	fr_diags_init(&d);
	*out = fr_calendar_new();
	rc = fr_calendar_load_default(*out, &d);
	if (rc != FR_OK) {
		frf_print_diags(&d);
		fr_diags_release(&d);
		fr_calendar_free(*out);
		*out = NULL;
		return FR_EXIT_DATA;
	}
	fr_diags_release(&d);
	return FR_EXIT_OK;
}

int
frf_no_calendar(int year)
{
	char *m = fr_cal_missing_message(year);

	cli_err("%s", m);
	free(m);
	return FR_EXIT_DATA;
}

int
frf_open_ledger(const char *opt, enum ledger_mode mode, struct ledger **l,
    int quiet_missing)
{
	struct fr_diags d;
	char *path = ledger_default_path(opt);
	int rc;
	size_t i;

	fr_diags_init(&d);
	rc = ledger_open(path, mode, l, &d);
	if (rc != FR_OK && !(rc == FR_ENOENT && quiet_missing))
		for (i = 0; i < d.n; i++)
			cli_err("%s: %s", d.v[i].file ? d.v[i].file : path,
			    d.v[i].msg);
	fr_diags_release(&d);
	free(path);
	return rc;
}

int
frf_check_bands(struct fr_check_opts *o)
{
	struct fr_change_rules *r = NULL;
	struct fr_diags d;
	const double *b;
	char *path = fr_datafile("forms", "changes.json");
	size_t n, i;
	int rc = -1;

	fr_diags_init(&d);
	o->nbands = 0;
	if (fr_change_rules_load(path, &r, &d) != FR_OK) {
		frf_print_diags(&d);
		goto out;
	}
	if (fr_change_rules_stored_bands(r, &b, &n, NULL, NULL) == FR_OK) {
		for (i = 0; i < n && i < FR_CHECK_MAX_BANDS; i++)
			o->bands[i] = b[i];
		o->nbands = i;
	}
	rc = 0;
out:
	fr_change_rules_free(r);
	fr_diags_release(&d);
	free(path);
	return rc;
}
