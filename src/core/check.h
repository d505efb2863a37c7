/*
 * check.h — the monitoring check: from the ledger's derived state, the
 * calendar and today, the state a cron job or a monitoring system acts on
 * (monitoring-plugin convention: OK, WARNING, CRITICAL, UNKNOWN), one
 * status line and performance data.
 *
 * Pure: it reads nothing and prints nothing. Ownership: the strings in a
 * struct fr_check_result are the result's, freed by
 * fr_check_result_release.
 */
#ifndef FR_CHECK_H
#define FR_CHECK_H

#include "core/calendar.h"
#include "core/deadline.h"
#include "core/fr.h"
#include "core/history.h"

struct fr_check_opts {
	int today;
	int warn_days;		/* -w: WARNING at most this many left (30) */
	int crit_days;		/* -c: CRITICAL at most this many left (5) */
	long long warn_count;	/* --warn-count: WARNING below the line; 0 off */
	int assume_weekends;
};

#define FR_CHECK_WARN_DAYS 30
#define FR_CHECK_CRIT_DAYS 5

struct fr_check_result {
	enum fr_check_state state;
	char *message;		/* the status text, without state or perfdata */
	long long individuals;	/* the latest count, -1 when none */
	int has_due;		/* a deadline applies */
	enum fr_dl_event due_event;
	int due_from;		/* the event's day */
	int due;
	int workdays_left;	/* negative when overdue; valid with has_due */
	int overdue;
	const char *phase;	/* "none", "below", "filing_due", "under_review", … */
	int provisional;
	int missing_year;	/* UNKNOWN for want of this calendar year, or 0 */
};

void fr_check_opts_init(struct fr_check_opts *, int today);
int fr_check(struct fr_calendar *, const struct fr_ledger_state *,
    const struct fr_check_opts *, struct fr_check_result *);
void fr_check_result_release(struct fr_check_result *);

const char *fr_check_state_name(enum fr_check_state);
/* "FRFILE WARNING: text | individuals=… workdays_left=…" (caller frees). */
char *fr_check_line(const struct fr_check_result *);

#endif
