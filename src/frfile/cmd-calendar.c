/*
 * cmd-calendar.c — `frfile calendar show|list|import|fetch`: the
 * working-day calendars frfile counts deadlines on, and loading a new
 * year's State Council notice (holiday-cn JSON) the day it is published.
 */
#include "cli/cli.h"
#include "core/calendar.h"
#include "core/date.h"
#include "core/fr.h"
#include "frfile/cmd.h"
#include "frfile/common.h"
#include "net/http.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int calendar_exec(int, char **);

/* The community-kept holiday-cn data set, one file per year. */
#define FRF_CALENDAR_URL \
	"https://raw.githubusercontent.com/NateScarlet/holiday-cn/master/" \
	"{year}.json"

enum {
	OPT_CA_FILE = CLI_OPT_FIRST_COMMAND,
	OPT_TIMEOUT,
	OPT_MAX_SIZE,
	OPT_YEAR,
	OPT_URL_TEMPLATE,
};

/* The template with every {year} replaced (caller frees), or NULL. */
static char *
year_url(const char *tmpl, int year)
{
	const char *p, *q;
	char *out = NULL, *t;

	if (strstr(tmpl, "{year}") == NULL)
		return NULL;
	out = fr_xstrdup("");
	for (p = tmpl; (q = strstr(p, "{year}")) != NULL; p = q + 6) {
		t = fr_xasprintf("%s%.*s%d", out, (int)(q - p), p, year);
		free(out);
		out = t;
	}
	t = fr_xasprintf("%s%s", out, p);
	free(out);
	return t;
}

/* Where a loaded year comes from, for show and list. */
static const char *
origin(const struct fr_cal_year *y)
{
	return y->imported ? "imported" : "built-in";
}

/* `calendar show YEAR`: the days off, make-up days and working days. */
static int
show(struct fr_calendar *cal, const char *arg, int json)
{
	const struct fr_cal_year *y;
	long long year;
	size_t i, j, noff = 0, nmk = 0;
	char b1[FR_DATE_LEN], b2[FR_DATE_LEN];

	if (fr_parse_ll(arg, 1900, 9999, &year) != FR_OK) {
		cli_err("YEAR: '%s' is not a year, expected 1900 to 9999", arg);
		return FR_EXIT_USAGE;
	}
	if ((y = fr_calendar_year(cal, (int)year)) == NULL)
		return frf_no_calendar((int)year);
	for (i = 0; i < y->ndays; i++) {
		if (y->days[i].off)
			noff++;
		else
			nmk++;
	}
	if (json) {
		cJSON *o = cJSON_CreateObject(), *a;

		cJSON_AddNumberToObject(o, "year", y->year);
		cJSON_AddStringToObject(o, "origin", origin(y));
		cJSON_AddStringToObject(o, "source", y->source ? y->source : "");
		a = cJSON_AddArrayToObject(o, "papers");
		for (i = 0; i < y->npapers; i++)
			cJSON_AddItemToArray(a,
			    cJSON_CreateString(y->papers[i]));
		cJSON_AddNumberToObject(o, "working_days",
		    fr_cal_year_workdays(y));
		cJSON_AddNumberToObject(o, "days_off", (double)noff);
		cJSON_AddNumberToObject(o, "makeup_days", (double)nmk);
		a = cJSON_AddArrayToObject(o, "days");
		for (i = 0; i < y->ndays; i++) {
			cJSON *x = cJSON_CreateObject();

			cJSON_AddStringToObject(x, "date",
			    fr_date_format(y->days[i].date, b1));
			cJSON_AddStringToObject(x, "weekday",
			    fr_weekday_name(fr_date_weekday(y->days[i].date)));
			cJSON_AddStringToObject(x, "name", y->days[i].name);
			cJSON_AddBoolToObject(x, "is_off_day", y->days[i].off);
			cJSON_AddItemToArray(a, x);
		}
		cli_print_json(o);
		return FR_EXIT_OK;
	}
	printf("%d (%s, %s)\n", y->year, origin(y),
	    y->source ? y->source : "-");
	for (i = 0; i < y->npapers; i++)
		printf("notice: %s\n", y->papers[i]);
	printf("\ndays off (%zu):\n", noff);
	/* Consecutive days off with the same name print as one range. */
	for (i = 0; i < y->ndays; i = j) {
		if (!y->days[i].off) {
			j = i + 1;
			continue;
		}
		for (j = i + 1; j < y->ndays && y->days[j].off &&
		    y->days[j].date == y->days[j - 1].date + 1 &&
		    strcmp(y->days[j].name, y->days[i].name) == 0; j++)
			;
		if (j - i == 1)
			printf("  %s %-9s             %s\n",
			    fr_date_format(y->days[i].date, b1),
			    fr_weekday_name(fr_date_weekday(y->days[i].date)),
			    y->days[i].name);
		else
			printf("  %s … %s  %2zu days  %s\n",
			    fr_date_format(y->days[i].date, b1),
			    fr_date_format(y->days[j - 1].date, b2), j - i,
			    y->days[i].name);
	}
	printf("\nmake-up working days (%zu):\n", nmk);
	for (i = 0; i < y->ndays; i++)
		if (!y->days[i].off)
			printf("  %s %-9s %s\n",
			    fr_date_format(y->days[i].date, b1),
			    fr_weekday_name(fr_date_weekday(y->days[i].date)),
			    y->days[i].name);
	printf("\nworking days in %d: %d\n", y->year, fr_cal_year_workdays(y));
	return FR_EXIT_OK;
}

/* `calendar list`: the loaded years. */
static int
list(struct fr_calendar *cal, int json)
{
	cJSON *a = json ? cJSON_CreateArray() : NULL;
	size_t i;

	for (i = 0; i < cal->n; i++) {
		const struct fr_cal_year *y = cal->years[i];

		if (json) {
			cJSON *x = cJSON_CreateObject();

			cJSON_AddNumberToObject(x, "year", y->year);
			cJSON_AddStringToObject(x, "origin", origin(y));
			cJSON_AddStringToObject(x, "source",
			    y->source ? y->source : "");
			cJSON_AddNumberToObject(x, "working_days",
			    fr_cal_year_workdays(y));
			cJSON_AddItemToArray(a, x);
		} else
			printf("%d  %-8s  %3d working days  %s\n", y->year,
			    origin(y), fr_cal_year_workdays(y),
			    y->source ? y->source : "-");
	}
	if (json)
		cli_print_json(a);
	return FR_EXIT_OK;
}

/*
 * Validates buf as a holiday-cn file and stores it, unchanged, as
 * YYYY.json in the user's calendar directory (atomically: a failed import
 * leaves nothing behind).
 */
static int
import_buf(struct fr_calendar *cal, const char *buf, size_t len,
    const char *name, int want_year)
{
	struct fr_cal_year *y = NULL;
	struct fr_diags d;
	char *dir = NULL, *path = NULL;
	const struct fr_cal_year *old;
	int rc;
	size_t i, noff = 0;

	fr_diags_init(&d);
	if (fr_cal_year_parse(buf, len, name, &y, &d) != FR_OK) {
		frf_print_diags(&d);
		rc = FR_EXIT_DATA;
		goto out;
	}
	if (want_year > 0 && y->year != want_year) {
		cli_err("%s: the file is the calendar of %d, not of %d; "
		    "nothing imported", name, y->year, want_year);
		rc = FR_EXIT_DATA;
		goto out;
	}
	dir = fr_calendar_user_dir();
	path = fr_xasprintf("%s/%d.json", dir, y->year);
	if (fr_mkdirs(dir, 0755) != FR_OK ||
	    fr_write_file_atomic(path, buf, len, 0644) != FR_OK) {
		cli_err("%s: cannot write the calendar", path);
		rc = FR_EXIT_DATA;
		goto out;
	}
	for (i = 0; i < y->ndays; i++)
		noff += y->days[i].off;
	old = fr_calendar_year(cal, y->year);
	printf("imported %d: %zu day(s) off, %zu make-up working day(s), %d "
	    "working days, into %s%s\n", y->year, noff, y->ndays - noff,
	    fr_cal_year_workdays(y), path,
	    old == NULL ? "" : old->imported ? " (replaces the earlier "
	    "import)" : " (overrides the built-in year)");
	rc = FR_EXIT_OK;
out:
	fr_cal_year_free(y);
	fr_diags_release(&d);
	free(dir);
	free(path);
	return rc;
}

/* `calendar import FILE`: check a year, then store it for the user. */
static int
import_file(struct fr_calendar *cal, const char *file)
{
	char *buf = NULL;
	size_t len;
	int rc;

	rc = fr_read_file(file, FR_CAL_MAX_SIZE, &buf, &len);
	if (rc == FR_ERANGE) {
		cli_err("%s: larger than %d bytes, not a year's calendar", file,
		    FR_CAL_MAX_SIZE);
		return FR_EXIT_DATA;
	}
	if (rc != FR_OK) {
		cli_err("%s: cannot read: %s", file, rc == FR_ENOENT ?
		    "no such file" : "input/output error");
		return FR_EXIT_DATA;
	}
	rc = import_buf(cal, buf, len, file, 0);
	free(buf);
	return rc;
}

static const struct cli_opt calendar_opts[] = {
	CLI_TEXT("  show YEAR          the year's days off, make-up working"
	    " days and working-day count"),
	CLI_TEXT("  list               the loaded years and where each comes"
	    " from"),
	CLI_TEXT("  import FILE        validate a holiday-cn JSON file (- for"
	    " standard input) and"),
	CLI_TEXT("                     store it in the user's data directory;"
	    " it overrides a"),
	CLI_TEXT("                     built-in year"),
	CLI_TEXT("  fetch URL          download a holiday-cn JSON file (http"
	    " or https, TLS"),
	CLI_TEXT("                     verified), then import it"),
	CLI_TEXT("  fetch --year YEAR  the same from the holiday-cn URL for"
	    " YEAR: --url-template,"),
	CLI_TEXT("                     else $FRFILE_CALENDAR_URL, else"),
	CLI_TEXT("                     " FRF_CALENDAR_URL),
	CLI_TEXT("                     ({year} is replaced by YEAR); the file"
	    " must be of YEAR"),
	{ "year", 0, required_argument, OPT_YEAR, "YEAR",
	    "the year to fetch (fetch --year, above)", 0 },
	{ "url-template", 0, required_argument, OPT_URL_TEMPLATE, "T",
	    "the URL template for fetch --year", 0 },
	{ "ca-file", 0, required_argument, OPT_CA_FILE, "FILE",
	    "verify TLS with this CA bundle (fetch)", 0 },
	{ "timeout", 0, required_argument, OPT_TIMEOUT, "SECONDS",
	    "give up after this long (fetch, default 30)", 0 },
	{ "max-size", 0, required_argument, OPT_MAX_SIZE, "BYTES",
	    "refuse a larger response (fetch, default 1048576)", 0 },
	{ "json", 0, no_argument, CLI_OPT_JSON, NULL,
	    "print JSON (show, list)", 0 },
	CLI_END
};

/* `frfile calendar`: dispatch to show, list, import or fetch. */
static int
calendar_exec(int argc, char **argv)
{
	struct cli_common common = { 0 };
	struct fr_http_opts hopts = { NULL, 0, 0 };
	struct fr_calendar *cal = NULL;
	const char *sub, *tmpl = NULL, *url;
	char *made = NULL;
	long long v, year = 0;
	int c, rc;

	cli_getopt_reset();
	while ((c = cli_getopts(argc, argv, calendar_opts, 0, &common)) != -1) {
		switch (c) {
		case OPT_CA_FILE:
			hopts.ca_file = optarg;
			continue;
		case OPT_TIMEOUT:
			if ((rc = frf_number_arg("--timeout", optarg, 1, 3600,
			    &v)) != 0)
				return rc;
			hopts.timeout = (long)v;
			continue;
		case OPT_MAX_SIZE:
			if ((rc = frf_number_arg("--max-size", optarg, 1,
			    FR_CAL_MAX_SIZE, &v)) != 0)
				return rc;
			hopts.max_size = (size_t)v;
			continue;
		case OPT_YEAR:
			if ((rc = frf_number_arg("--year", optarg, 1900, 9999,
			    &year)) != 0)
				return rc;
			continue;
		case OPT_URL_TEMPLATE:
			tmpl = optarg;
			continue;
		}
		return FR_EXIT_USAGE;	/* '?' */
	}
	if (common.help)
		return cli_help();
	argc -= optind;
	argv += optind;
	if (argc < 1)
		return cli_usage_error("a subcommand is needed: show, list, "
		    "import or fetch");
	sub = argv[0];
	if ((year != 0 || tmpl != NULL) && strcmp(sub, "fetch") != 0)
		return cli_usage_error("--year and --url-template are for fetch");
	if (strcmp(sub, "fetch") == 0 && year != 0) {
		if (argc != 1)
			return cli_usage_error("fetch: give a URL or --year, "
			    "not both");
		if (tmpl == NULL && (tmpl = getenv("FRFILE_CALENDAR_URL")) !=
		    NULL && *tmpl == '\0')
			tmpl = NULL;
		if (tmpl == NULL)
			tmpl = FRF_CALENDAR_URL;
		if ((made = year_url(tmpl, (int)year)) == NULL)
			return cli_usage_error("--url-template: '%s' has no "
			    "{year}", tmpl);
	} else if (tmpl != NULL)
		return cli_usage_error("--url-template is for fetch --year");
	else if (strcmp(sub, "list") == 0 ? argc != 1 :
	    (strcmp(sub, "show") == 0 || strcmp(sub, "import") == 0 ||
	    strcmp(sub, "fetch") == 0) ? argc != 2 : 0)
		return cli_usage_error("%s: wrong number of arguments%s", sub,
		    strcmp(sub, "fetch") == 0 ? " (a URL, or --year YEAR)" :
		    "");
	url = made != NULL ? made : argc > 1 ? argv[1] : NULL;
	if ((rc = frf_load_calendar(&cal)) != FR_EXIT_OK) {
		free(made);
		return rc;
	}
	if (strcmp(sub, "show") == 0)
		rc = show(cal, argv[1], common.json);
	else if (strcmp(sub, "list") == 0)
		rc = list(cal, common.json);
	else if (strcmp(sub, "import") == 0)
		rc = import_file(cal, argv[1]);
	else if (strcmp(sub, "fetch") == 0) {
		struct fr_diags d;
		char *body = NULL;
		size_t len = 0;

		if (hopts.max_size == 0)
			hopts.max_size = FR_CAL_MAX_SIZE;
		fr_diags_init(&d);
		if (fr_http_get(url, &hopts, &body, &len, &d) != FR_OK) {
			frf_print_diags(&d);
			rc = FR_EXIT_DATA;
		} else
			rc = import_buf(cal, body, len, url, (int)year);
		free(body);
		fr_diags_release(&d);
	} else
		rc = cli_usage_error("unknown subcommand '%s', expected show, "
		    "list, import or fetch", sub);
	fr_calendar_free(cal);
	free(made);
	return rc;
}

const struct cmd_entry cmd_calendar_entry = {
	.name = "calendar",
	.usage = "show YEAR | list | import FILE | fetch URL | fetch --year YEAR",
	.summary = "the working-day calendars: show a year, list, import or fetch a notice",
	.exec = calendar_exec,
	.opts = calendar_opts,
};
