/*
 * calendar.h — the official working-day calendar of mainland China.
 *
 * Each year comes from the State Council General Office's notice on
 * public-holiday arrangements, stored as a holiday-cn JSON file:
 *   {"year": 2026, "papers": [URL...],
 *    "days": [{"name": "春节", "date": "2026-02-15", "isOffDay": true}, ...]}
 * where isOffDay false marks a make-up working day (调休上班). A day is a
 * working day when it is Monday–Friday and not a day off, or when it is a
 * weekend day listed as a make-up working day.
 *
 * A year that is not loaded is never treated as "weekends only" unless the
 * caller asks for it (assume_weekends); then the result is provisional.
 *
 * Ownership: a struct fr_calendar owns its years; fr_calendar_add takes
 * ownership of the year it is given. fr_cal_year_parse returns a year the
 * caller frees with fr_cal_year_free (or hands to fr_calendar_add).
 */
#ifndef FR_CALENDAR_H
#define FR_CALENDAR_H

#include <stddef.h>

#include "core/diag.h"

#define FR_CAL_MAX_SIZE (1024 * 1024)	/* a year's file is a few KiB */

/* What the notice says about one day. */
struct fr_cal_day {
	int date;
	int off;	/* 1 day off, 0 make-up working day */
	char *name;	/* the holiday's name as in the notice, UTF-8 */
};

struct fr_cal_year {
	int year;
	char *source;		/* the file it was read from, or NULL */
	int imported;		/* from the user's data directory */
	char **papers;		/* URLs of the notice */
	size_t npapers;
	struct fr_cal_day *days;	/* sorted by date */
	size_t ndays;
	signed char kind[366];	/* by day of year: 0 normal, 1 off, 2 make-up */
};

struct fr_calendar {
	struct fr_cal_year **years;	/* sorted by year */
	size_t n;
	int missing_year;	/* set when a computation needed an absent year */
	int assumed_year;	/* set when one was counted Monday to Friday */
};

/*
 * Parses and validates one holiday-cn file held in buf. Every problem is
 * one diagnostic naming file and JSON path (days[3].date): the year field,
 * dates that are invalid or of another year, duplicates, contradictions
 * (a date both off and working), make-up days that are not weekends.
 * Returns FR_OK, or FR_EINVAL with *out NULL.
 */
int fr_cal_year_parse(const char *buf, size_t len, const char *file,
    struct fr_cal_year **out, struct fr_diags *);
void fr_cal_year_free(struct fr_cal_year *);
/* Number of working days in the year. */
int fr_cal_year_workdays(const struct fr_cal_year *);

struct fr_calendar *fr_calendar_new(void);
void fr_calendar_free(struct fr_calendar *);
/* Adds a year, replacing one already loaded for the same year. */
void fr_calendar_add(struct fr_calendar *, struct fr_cal_year *);
const struct fr_cal_year *fr_calendar_year(const struct fr_calendar *,
    int year);

/*
 * The standard calendar: the built-in years (data/calendar/ in the data
 * directory), then the user's imported years (fr_userdir()/calendar/),
 * which override the built-in ones.
 */
int fr_calendar_load_default(struct fr_calendar *, struct fr_diags *);
/* The user's calendar directory (caller frees). */
char *fr_calendar_user_dir(void);

/*
 * 1 when date is a working day, 0 when not; FR_ENOCAL-style failure is
 * returned as -1 with cal->missing_year set, unless assume_weekends, when
 * Monday–Friday are working days and *provisional is set to 1.
 */
int fr_cal_is_workday(struct fr_calendar *, int date, int assume_weekends,
    int *provisional);

/*
 * The n-th working day strictly after date (Civil Code Art. 201: a period
 * counted in days starts on the next day). n >= 0; n == 0 gives date.
 * Returns FR_OK, FR_ENOCAL (cal->missing_year names the year) or FR_EINVAL.
 */
int fr_cal_add_workdays(struct fr_calendar *, int date, int n,
    int assume_weekends, int *due, int *provisional);

/*
 * Working days in (a, b]; negative (minus those in (b, a]) when b < a.
 * Used for "working days left" (a today, b due) and "overdue by".
 */
int fr_cal_workdays_between(struct fr_calendar *, int a, int b,
    int assume_weekends, int *n, int *provisional);

/* "calendar year 2027 is not loaded: import …" for error messages. */
char *fr_cal_missing_message(int year);

#endif
