/*
 * date.c — civil-date arithmetic on day numbers, in China Standard Time.
 *
 * The conversions are Howard Hinnant's days_from_civil / civil_from_days
 * algorithms (public domain), valid far beyond the years frfile uses.
 */
#include "core/date.h"
#include "core/fr.h"

#include <stdlib.h>
#include <string.h>

#define CST_OFFSET (8 * 3600)

static int today_set;
static int today_override;

int
fr_date_from_ymd(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
fr_date_to_ymd(int z, int *yp, int *mp, int *dp)
{
	int era, doe, yoe, y, doy, mp_, d, m;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp_ = (5 * doy + 2) / 153;
	d = doy - (153 * mp_ + 2) / 5 + 1;
	m = mp_ + (mp_ < 10 ? 3 : -9);
	*yp = y + (m <= 2);
	*mp = m;
	*dp = d;
}

/* Days in month m (1-12) of year y, by the Gregorian leap rule. */
static int
days_in_month(int y, int m)
{
	static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	if (m < 1 || m > 12)
		return 0;
	return dm[m - 1] + (m == 2 && leap);
}

int
fr_date_valid_ymd(int y, int m, int d)
{
	return y >= 1900 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
	    d <= days_in_month(y, m);
}

/* Reads exactly n decimal digits into *out; 0 (*out untouched) if not. */
static int
digits(const char *s, int n, int *out)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 1;
}

int
fr_date_parse(const char *s, int *date)
{
	int y, m, d;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
	    !digits(s, 4, &y) || !digits(s + 5, 2, &m) || !digits(s + 8, 2, &d))
		return FR_EINVAL;
	if (!fr_date_valid_ymd(y, m, d))
		return FR_ERANGE;
	*date = fr_date_from_ymd(y, m, d);
	return FR_OK;
}

char *
fr_date_format(int date, char *buf)
{
	int y, m, d;
	char tmp[40];

	fr_date_to_ymd(date, &y, &m, &d);
	snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y, m, d);
	memcpy(buf, tmp, FR_DATE_LEN - 1);
	buf[FR_DATE_LEN - 1] = '\0';
	return buf;
}

int
fr_date_weekday(int date)
{
	/* 1970-01-01 was a Thursday (3 with Monday = 0). */
	int w = (date + 3) % 7;

	return w < 0 ? w + 7 : w;
}

const char *
fr_weekday_name(int wd)
{
	static const char *n[] = { "Monday", "Tuesday", "Wednesday",
	    "Thursday", "Friday", "Saturday", "Sunday" };

	return wd >= 0 && wd < 7 ? n[wd] : "?";
}

const char *
fr_weekday_name_zh(int wd)
{
	static const char *n[] = { "星期一", "星期二", "星期三", "星期四",
	    "星期五", "星期六", "星期日" };

	return wd >= 0 && wd < 7 ? n[wd] : "?";
}

int
fr_date_from_time(time_t t)
{
	long long s = (long long)t + CST_OFFSET;
	long long days = s / 86400;

	if (s % 86400 < 0)
		days--;
	return (int)days;
}

void
fr_date_set_today(int date)
{
	today_override = date;
	today_set = 1;
}

int
fr_date_today(void)
{
	const char *env;
	int d;

	if (today_set)
		return today_override;
	env = getenv("FRFILE_TODAY");
	if (env != NULL && fr_date_parse(env, &d) == FR_OK)
		return d;
	return fr_date_from_time(time(NULL));
}

void
fr_time_iso_cst(time_t t, char buf[32])
{
	long long s = (long long)t + CST_OFFSET;
	long long sod = s % 86400;
	char day[FR_DATE_LEN];

	if (sod < 0)
		sod += 86400;
	fr_date_format(fr_date_from_time(t), day);
	snprintf(buf, 32, "%sT%02d:%02d:%02d+08:00", day, (int)(sod / 3600),
	    (int)(sod / 60 % 60), (int)(sod % 60));
}
