/*
 * deadline.h — statutory deadlines of the Measures for the Security
 * Management of Facial Recognition Technology Applications (Art. 15) and
 * of the filing procedure, counted on the working-day calendar.
 *
 *   reached      the stored count first reached 100,000: file within 30
 *                working days; reached before 2025-06-01: file by
 *                2025-07-14 (CAC announcement of 2025-05-28), the "grace"
 *                rule
 *   change       a substantive change: amend within 30 working days
 *   termination  the application ended: cancel within 30 working days
 *   submitted    the authority's review ends 15 working days later
 *   returned     returned for improvement: supplement within 10 working
 *                days
 */
#ifndef FR_DEADLINE_H
#define FR_DEADLINE_H

#include "core/calendar.h"

enum fr_dl_event {
	FR_DL_REACHED,
	FR_DL_CHANGE,
	FR_DL_TERMINATION,
	FR_DL_SUBMITTED,
	FR_DL_RETURNED,
	FR_DL_NEVENTS
};

enum fr_dl_rule {
	FR_DL_COUNTED,	/* the N-th working day after the event */
	FR_DL_GRACE,	/* the fixed date for counts reached before 2025-06-01 */
};

struct fr_deadline {
	enum fr_dl_event event;
	int date;		/* the event's day */
	int due;		/* the last day, inclusive */
	int working_days;	/* the period's length in working days */
	enum fr_dl_rule rule;
	int counted_from;	/* the day counting starts after */
	int provisional;	/* computed with an assumed (weekends-only) year */
	const char *what;	/* "file the application", … (static) */
};

/* The Measures' effective date and the grace deadline. */
#define FR_MEASURES_IN_FORCE_Y 2025
#define FR_MEASURES_IN_FORCE_M 6
#define FR_MEASURES_IN_FORCE_D 1
#define FR_GRACE_DUE_Y 2025
#define FR_GRACE_DUE_M 7
#define FR_GRACE_DUE_D 14

/* "reached" → FR_DL_REACHED; FR_EINVAL for an unknown name. */
int fr_dl_event_parse(const char *, enum fr_dl_event *);
const char *fr_dl_event_name(enum fr_dl_event);
const char *fr_dl_rule_name(enum fr_dl_rule);

/*
 * Computes the deadline of an event on date. Returns FR_OK, FR_ENOCAL
 * (cal->missing_year names the year), or FR_EINVAL.
 */
int fr_deadline(struct fr_calendar *, enum fr_dl_event, int date,
    int assume_weekends, struct fr_deadline *);

#endif
