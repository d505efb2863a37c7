/*
 * date.h — calendar dates as day numbers.
 *
 * A date is an int: days since 1970-01-01 in the proleptic Gregorian
 * calendar. All dates in frfile are China Standard Time calendar dates
 * (UTC+8, no daylight saving), whatever the machine's TZ says.
 */
#ifndef FR_DATE_H
#define FR_DATE_H

#include <time.h>

#define FR_DATE_LEN 11	/* "YYYY-MM-DD" and NUL */

int fr_date_from_ymd(int y, int m, int d);
void fr_date_to_ymd(int date, int *y, int *m, int *d);
int fr_date_valid_ymd(int y, int m, int d);

/* Strict YYYY-MM-DD (years 1900–9999, a real date). 0 or FR_EINVAL. */
int fr_date_parse(const char *s, int *date);
/* Writes "YYYY-MM-DD" into buf (FR_DATE_LEN bytes); returns buf. */
char *fr_date_format(int date, char *buf);
/* 0 = Monday … 6 = Sunday (ISO). */
int fr_date_weekday(int date);
const char *fr_weekday_name(int wd);	/* "Monday" */
const char *fr_weekday_name_zh(int wd);	/* "星期一" */

/* The CST calendar date of a Unix time. */
int fr_date_from_time(time_t t);
/*
 * Today in China Standard Time; FRFILE_TODAY in the environment overrides
 * (commands' --today set it through fr_date_set_today).
 */
int fr_date_today(void);
void fr_date_set_today(int date);

/* Local ISO 8601 timestamp with +08:00 of t: "2026-11-22T09:47:00+08:00". */
void fr_time_iso_cst(time_t t, char buf[32]);

#endif
