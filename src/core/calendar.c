/*
 * calendar.c — loading and validating holiday-cn files, and counting
 * working days on the State Council calendar.
 *
 * The data are files, not tables compiled in (STYLE.md 3): a new year's
 * notice is imported the day it is published, with no recompiling.
 */
#include "core/calendar.h"
#include "core/date.h"
#include "core/fr.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

enum { KIND_NORMAL = 0, KIND_OFF = 1, KIND_MAKEUP = 2 };

void
fr_cal_year_free(struct fr_cal_year *y)
{
	size_t i;

	if (y == NULL)
		return;
	for (i = 0; i < y->npapers; i++)
		free(y->papers[i]);
	free(y->papers);
	for (i = 0; i < y->ndays; i++)
		free(y->days[i].name);
	free(y->days);
	free(y->source);
	free(y);
}

/* Line and column of a byte offset, for cJSON's parse error position. */
static void
line_col(const char *buf, size_t off, int *line, int *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	for (i = 0; i < off; i++) {
		if (buf[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)buf[i] & 0xc0) != 0x80)
			(*col)++;
	}
}

/* Orders a year's days by date, for qsort. */
static int
cmp_day(const void *a, const void *b)
{
	const struct fr_cal_day *x = a, *y = b;

	return (x->date > y->date) - (x->date < y->date);
}

/* The year a calendar file is for: 0, or 1 after reporting. */
static int
parse_year(const cJSON *root, const char *file, struct fr_diags *d,
    int *year)
{
	const cJSON *jyear;

	jyear = cJSON_GetObjectItemCaseSensitive(root, "year");
	if (jyear == NULL) {
		fr_diag_add(d, FR_SEV_ERROR, file, "year", 0, 0, "calendar.year",
		    "missing, expected the year as a number");
		return 1;
	}
	if (!cJSON_IsNumber(jyear) || jyear->valuedouble < 1900 ||
	    jyear->valuedouble > 9999 ||
	    jyear->valuedouble != (double)(int)jyear->valuedouble) {
		fr_diag_add(d, FR_SEV_ERROR, file, "year", 0, 0, "calendar.year",
		    "expected a year between 1900 and 9999 as a number");
		return 1;
	}
	*year = (int)jyear->valuedouble;
	return 0;
}

/* The notices a calendar file cites: 0, or 1 after reporting. */
static int
parse_papers(struct fr_cal_year *y, const cJSON *root, const char *file,
    struct fr_diags *d)
{
	const cJSON *jpapers, *it;
	char path[64];
	int i, n, bad = 0;

	jpapers = cJSON_GetObjectItemCaseSensitive(root, "papers");
	if (jpapers != NULL && !cJSON_IsArray(jpapers)) {
		fr_diag_add(d, FR_SEV_ERROR, file, "papers", 0, 0,
		    "calendar.papers", "expected an array of URLs");
		return 1;
	} else if (jpapers != NULL) {
		n = cJSON_GetArraySize(jpapers);
		y->papers = fr_xcalloc((size_t)n, sizeof *y->papers);
		i = 0;
		cJSON_ArrayForEach(it, jpapers) {
			if (!cJSON_IsString(it)) {
				snprintf(path, sizeof path, "papers[%d]", i);
				fr_diag_add(d, FR_SEV_ERROR, file, path, 0, 0,
				    "calendar.papers", "expected a string");
				bad = 1;
			} else
				y->papers[y->npapers++] =
				    fr_xstrdup(it->valuestring);
			i++;
		}
	}
	return bad;
}

/*
 * days[i] of a calendar file into y (first: the index of the entry for
 * each day of the year, -1 for none). 0, or 1 after reporting what is
 * wrong with it.
 */
static int
parse_day(struct fr_cal_year *y, const cJSON *it, int i, int year, int jan1,
    int *first, const char *file, struct fr_diags *d)
{
	cJSON *jn, *jd, *jo;
	int date, ok = 1, doy;
	char dbuf[FR_DATE_LEN], path[64];

	snprintf(path, sizeof path, "days[%d]", i);
	if (!cJSON_IsObject(it)) {
		fr_diag_add(d, FR_SEV_ERROR, file, path, 0, 0,
		    "calendar.day", "expected an object with name, "
		    "date and isOffDay");
		return 1;
	}
	jn = cJSON_GetObjectItemCaseSensitive(it, "name");
	jd = cJSON_GetObjectItemCaseSensitive(it, "date");
	jo = cJSON_GetObjectItemCaseSensitive(it, "isOffDay");
	if (!cJSON_IsString(jn) || jn->valuestring[0] == '\0') {
		snprintf(path, sizeof path, "days[%d].name", i);
		fr_diag_add(d, FR_SEV_ERROR, file, path, 0, 0,
		    "calendar.name", jn == NULL ? "missing, expected "
		    "the holiday's name" : "expected a non-empty string");
		ok = 0;
	}
	if (!cJSON_IsBool(jo)) {
		snprintf(path, sizeof path, "days[%d].isOffDay", i);
		fr_diag_add(d, FR_SEV_ERROR, file, path, 0, 0,
		    "calendar.isoffday", jo == NULL ? "missing, expected "
		    "true (day off) or false (make-up working day)" :
		    "expected true (day off) or false (make-up working "
		    "day)");
		ok = 0;
	}
	snprintf(path, sizeof path, "days[%d].date", i);
	if (!cJSON_IsString(jd)) {
		fr_diag_add(d, FR_SEV_ERROR, file, path, 0, 0,
		    "calendar.date", jd == NULL ? "missing, expected "
		    "YYYY-MM-DD" : "expected a date string YYYY-MM-DD");
		return 1;
	}
	if (fr_date_parse(jd->valuestring, &date) != FR_OK) {
		fr_diag_add(d, FR_SEV_ERROR, file, path, 0, 0,
		    "calendar.date", "'%.40s' is not a valid date, "
		    "expected YYYY-MM-DD", jd->valuestring);
		return 1;
	}
	if (year == 0) {
		return 1;
	}
	doy = date - jan1;
	if (doy < 0 || date >= fr_date_from_ymd(year + 1, 1, 1)) {
		fr_diag_add(d, FR_SEV_ERROR, file, path, 0, 0,
		    "calendar.year", "%s is not in %d, the file's year",
		    fr_date_format(date, dbuf), year);
		return 1;
	}
	if (first[doy] >= 0) {
		const struct fr_cal_day *p = NULL;
		size_t k;

		for (k = 0; k < y->ndays; k++)
			if (y->days[k].date == date)
				p = &y->days[k];
		if (p != NULL && cJSON_IsBool(jo) &&
		    p->off != cJSON_IsTrue(jo))
			fr_diag_add(d, FR_SEV_ERROR, file, path, 0, 0,
			    "calendar.contradiction", "%s is both a "
			    "day off and a make-up working day (see "
			    "days[%d])", fr_date_format(date, dbuf),
			    first[doy]);
		else
			fr_diag_add(d, FR_SEV_ERROR, file, path, 0, 0,
			    "calendar.duplicate", "%s is listed twice "
			    "(see days[%d])", fr_date_format(date, dbuf),
			    first[doy]);
		return 1;
	}
	first[doy] = i;
	/*
	 * A make-up working day (调休上班) moves work onto a weekend:
	 * on a weekday it would mean nothing, so it is an error in
	 * the file.
	 */
	if (cJSON_IsFalse(jo) && fr_date_weekday(date) < 5) {
		fr_diag_add(d, FR_SEV_ERROR, file, path, 0, 0,
		    "calendar.makeup", "%s is a %s; a make-up working "
		    "day must be a Saturday or Sunday",
		    fr_date_format(date, dbuf),
		    fr_weekday_name(fr_date_weekday(date)));
		return 1;
	}
	if (!ok) {
		/* Name or isOffDay was wrong (already reported). */
		return 1;
	}
	y->days[y->ndays].date = date;
	y->days[y->ndays].off = cJSON_IsTrue(jo);
	y->days[y->ndays].name = fr_xstrdup(jn->valuestring);
	y->kind[doy] = cJSON_IsTrue(jo) ? KIND_OFF : KIND_MAKEUP;
	y->ndays++;
	return 0;
}

int
fr_cal_year_parse(const char *buf, size_t len, const char *file,
    struct fr_cal_year **out, struct fr_diags *d)
{
	struct fr_cal_year *y = NULL;
	cJSON *root = NULL, *jdays, *it;
	const char *end = NULL;
	int *first = NULL;	/* index into days[] by day of year, -1 none */
	int rc = FR_EINVAL, bad = 0, year = 0, jan1 = 0, i, n;

	*out = NULL;
	if (len > FR_CAL_MAX_SIZE) {
		fr_diag_add(d, FR_SEV_ERROR, file, NULL, 0, 0, "calendar.size",
		    "file is larger than %d bytes, not a year's calendar",
		    FR_CAL_MAX_SIZE);
		return FR_EINVAL;
	}
	root = cJSON_ParseWithLengthOpts(buf, len, &end, 0);
	if (root == NULL) {
		int line, col;
		size_t off = end != NULL && end >= buf ? (size_t)(end - buf) : 0;

		if (off > len)
			off = len;
		line_col(buf, off, &line, &col);
		fr_diag_add(d, FR_SEV_ERROR, file, NULL, line, col,
		    "calendar.json", "not valid JSON");
		return FR_EINVAL;
	}
	if (!cJSON_IsObject(root)) {
		fr_diag_add(d, FR_SEV_ERROR, file, NULL, 0, 0, "calendar.root",
		    "expected an object with year, papers and days");
		goto out;
	}
	y = fr_xcalloc(1, sizeof *y);

	bad |= parse_year(root, file, d, &year);
	if (year != 0)
		jan1 = fr_date_from_ymd(year, 1, 1);
	y->year = year;

	bad |= parse_papers(y, root, file, d);

	jdays = cJSON_GetObjectItemCaseSensitive(root, "days");
	if (jdays == NULL || !cJSON_IsArray(jdays)) {
		fr_diag_add(d, FR_SEV_ERROR, file, "days", 0, 0, "calendar.days",
		    jdays == NULL ? "missing, expected the array of days" :
		    "expected an array of days");
		bad = 1;
		goto done;
	}
	n = cJSON_GetArraySize(jdays);
	if (n == 0) {
		/*
		 * Every notice lists at least New Year's Day: an empty list
		 * would silently mean "weekends only".
		 */
		fr_diag_add(d, FR_SEV_ERROR, file, "days", 0, 0, "calendar.days",
		    "empty, expected the days off and make-up days of the "
		    "notice");
		bad = 1;
		goto done;
	}
	y->days = fr_xcalloc((size_t)n, sizeof *y->days);
	first = fr_xcalloc(366, sizeof *first);
	for (i = 0; i < 366; i++)
		first[i] = -1;
	i = 0;
	cJSON_ArrayForEach(it, jdays) {
		bad |= parse_day(y, it, i, year, jan1, first, file, d);
		i++;
	}
done:
	if (!bad) {
		qsort(y->days, y->ndays, sizeof *y->days, cmp_day);
		if (file != NULL)
			y->source = fr_xstrdup(file);
		*out = y;
		y = NULL;
		rc = FR_OK;
	}
out:
	free(first);
	fr_cal_year_free(y);
	cJSON_Delete(root);
	return rc;
}

/* Reads and parses a file (at most FR_CAL_MAX_SIZE bytes). */
static int
year_load(const char *path, struct fr_cal_year **out,
    struct fr_diags *d)
{
	char *buf = NULL;
	size_t len;
	int rc;

	*out = NULL;
	rc = fr_read_file(path, FR_CAL_MAX_SIZE, &buf, &len);
	if (rc == FR_ERANGE) {
		fr_diag_add(d, FR_SEV_ERROR, path, NULL, 0, 0, "calendar.size",
		    "file is larger than %d bytes, not a year's calendar",
		    FR_CAL_MAX_SIZE);
		return FR_EINVAL;
	}
	if (rc != FR_OK) {
		fr_diag_add(d, FR_SEV_ERROR, path, NULL, 0, 0, "calendar.read",
		    "cannot read: %s", rc == FR_ENOENT ? "no such file" :
		    "input/output error");
		return rc;
	}
	rc = fr_cal_year_parse(buf, len, path, out, d);
	free(buf);
	return rc;
}

int
fr_cal_year_workdays(const struct fr_cal_year *y)
{
	int d, jan1 = fr_date_from_ymd(y->year, 1, 1);
	int end = fr_date_from_ymd(y->year + 1, 1, 1), n = 0;

	for (d = jan1; d < end; d++) {
		int k = y->kind[d - jan1];

		if (k == KIND_MAKEUP || (k == KIND_NORMAL &&
		    fr_date_weekday(d) < 5))
			n++;
	}
	return n;
}

struct fr_calendar *
fr_calendar_new(void)
{
	return fr_xcalloc(1, sizeof(struct fr_calendar));
}

void
fr_calendar_free(struct fr_calendar *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->n; i++)
		fr_cal_year_free(c->years[i]);
	free(c->years);
	free(c);
}

void
fr_calendar_add(struct fr_calendar *c, struct fr_cal_year *y)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		if (c->years[i]->year == y->year) {
			fr_cal_year_free(c->years[i]);
			c->years[i] = y;
			return;
		}
		if (c->years[i]->year > y->year)
			break;
	}
	c->years = fr_xreallocarray(c->years, c->n + 1, sizeof *c->years);
	memmove(&c->years[i + 1], &c->years[i],
	    (c->n - i) * sizeof *c->years);
	c->years[i] = y;
	c->n++;
}

const struct fr_cal_year *
fr_calendar_year(const struct fr_calendar *c, int year)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if (c->years[i]->year == year)
			return c->years[i];
	return NULL;
}

/* "2025.json" → 2025; 0 for any other name. */
static int
year_of_name(const char *name)
{
	long long y;
	char digits[5];

	if (strlen(name) != 9 || strcmp(name + 4, ".json") != 0)
		return 0;
	memcpy(digits, name, 4);
	digits[4] = '\0';
	if (fr_parse_ll(digits, 1900, 9999, &y) != FR_OK)
		return 0;
	return (int)y;
}

/* Orders file names bytewise, so a directory loads in year order. */
static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Loads every YYYY.json of a directory (a missing directory is no error);
 * the file name's year must match the year field.
 */
static int
load_dir(struct fr_calendar *c, const char *dir, int imported,
    struct fr_diags *d)
{
	DIR *dp;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, i;
	int rc = FR_OK;

	if ((dp = opendir(dir)) == NULL)
		return FR_OK;
	while ((de = readdir(dp)) != NULL) {
		if (year_of_name(de->d_name) == 0)
			continue;
		names = fr_xreallocarray(names, n + 1, sizeof *names);
		names[n++] = fr_xstrdup(de->d_name);
	}
	closedir(dp);
	qsort(names, n, sizeof *names, cmp_str);
	for (i = 0; i < n; i++) {
		struct fr_cal_year *y;
		char *path = fr_xasprintf("%s/%s", dir, names[i]);
		int r = year_load(path, &y, d);

		if (r == FR_OK && y->year != year_of_name(names[i])) {
			fr_diag_add(d, FR_SEV_ERROR, path, "year", 0, 0,
			    "calendar.year", "the file is named for %d but "
			    "holds %d", year_of_name(names[i]), y->year);
			fr_cal_year_free(y);
			r = FR_EINVAL;
		}
		if (r == FR_OK) {
			y->imported = imported;
			fr_calendar_add(c, y);
		} else
			rc = r;
		free(path);
		free(names[i]);
	}
	free(names);
	return rc;
}

char *
fr_calendar_user_dir(void)
{
	char *u = fr_userdir();
	char *p = fr_xasprintf("%s/calendar", u);

	free(u);
	return p;
}

int
fr_calendar_load_default(struct fr_calendar *c, struct fr_diags *d)
{
	char *dir = fr_datadir();
	char *builtin = fr_xasprintf("%s/data/calendar", dir);
	char *user = fr_calendar_user_dir();
	int rc, rc2;

	rc = load_dir(c, builtin, 0, d);
	rc2 = load_dir(c, user, 1, d);
	free(dir);
	free(builtin);
	free(user);
	return rc != FR_OK ? rc : rc2;
}

int
fr_cal_is_workday(struct fr_calendar *c, int date, int assume_weekends,
    int *provisional)
{
	int y, m, dd;
	const struct fr_cal_year *cy;

	fr_date_to_ymd(date, &y, &m, &dd);
	cy = fr_calendar_year(c, y);
	if (cy == NULL) {
		if (!assume_weekends) {
			c->missing_year = y;
			return -1;
		}
		if (provisional != NULL)
			*provisional = 1;
		if (c->assumed_year == 0)
			c->assumed_year = y;
		return fr_date_weekday(date) < 5;
	}
	switch (cy->kind[date - fr_date_from_ymd(y, 1, 1)]) {
	case KIND_OFF:
		return 0;
	case KIND_MAKEUP:
		return 1;
	}
	return fr_date_weekday(date) < 5;
}

int
fr_cal_add_workdays(struct fr_calendar *c, int date, int n,
    int assume_weekends, int *due, int *provisional)
{
	int d = date, k = 0, w;

	if (n < 0 || n > 100000)
		return FR_EINVAL;
	/* Civil Code Art. 201: the day of the event itself is not counted. */
	while (k < n) {
		d++;
		if ((w = fr_cal_is_workday(c, d, assume_weekends,
		    provisional)) < 0)
			return FR_ENOCAL;
		k += w;
	}
	*due = d;
	return FR_OK;
}

int
fr_cal_workdays_between(struct fr_calendar *c, int a, int b,
    int assume_weekends, int *n, int *provisional)
{
	int lo = a < b ? a : b, hi = a < b ? b : a, d, k = 0, w;

	if (hi - lo > 100 * 366)
		return FR_ERANGE;
	for (d = lo + 1; d <= hi; d++) {
		if ((w = fr_cal_is_workday(c, d, assume_weekends,
		    provisional)) < 0)
			return FR_ENOCAL;
		k += w;
	}
	*n = b < a ? -k : k;
	return FR_OK;
}

char *
fr_cal_missing_message(int year)
{
	return fr_xasprintf("calendar year %d is not loaded: import the State "
	    "Council's holiday notice for %d with 'frfile calendar import "
	    "FILE' or 'frfile calendar fetch URL' (holiday-cn JSON), or pass "
	    "--assume-weekends for a provisional answer", year, year);
}
