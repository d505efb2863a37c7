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

#define FR_CHECK_MAX_BANDS 16

struct fr_check_opts {
	int today;
	int warn_days;		/* -w: WARNING at most this many left (30) */
	int crit_days;		/* -c: CRITICAL at most this many left (5) */
	long long warn_count;	/* --warn-count: WARNING below the line; 0 off */
	/*
	 * Kept for old callers: a year that is not loaded is always
	 * counted Monday to Friday, marked provisional and never OK.
	 */
	int assume_weekends;
	int max_age_days;	/* --max-age: a count older is stale (7); 0 off */
	/* The stored count's bands (forms/changes.json "stored_count"). */
	double bands[FR_CHECK_MAX_BANDS];
	size_t nbands;
};

#define FR_CHECK_WARN_DAYS 30
#define FR_CHECK_CRIT_DAYS 5
#define FR_CHECK_MAX_AGE 7

struct fr_check_result {
	enum fr_check_state state;
	char *message;		/* the status text, without state or perfdata */
	char *message_zh;	/* the same in Chinese, for chat alerts */
	long long individuals;	/* the latest count, -1 when none */
	int has_due;		/* a deadline applies */
	enum fr_dl_event due_event;
	int due_from;		/* the event's day */
	int due;
	int workdays_left;	/* negative when overdue; valid with has_due */
	int overdue;
	const char *phase;	/* "none", "below", "filing_due", "under_review", … */
	int provisional;
	int missing_year;	/* a calendar year counted Monday to Friday, or 0 */
	int count_age;		/* days since the latest count, -1 when none */
	int stale;		/* older than max_age_days */
	int count_failed;	/* a failed count after the latest one */
	size_t rollbacks;	/* devices whose audit log went back */
	int amendment;		/* a count crossed a band of the filed figure */
};

void fr_check_opts_init(struct fr_check_opts *, int today);
/*
 * The derived state must have been through fr_ledger_bands with
 * opts->bands for the amendment rule to apply.
 */
int fr_check(struct fr_calendar *, const struct fr_ledger_state *,
    const struct fr_check_opts *, struct fr_check_result *);
void fr_check_result_release(struct fr_check_result *);

const char *fr_check_state_name(enum fr_check_state);
/* "FRFILE WARNING: text | individuals=… workdays_left=…" (caller frees). */
char *fr_check_line(const struct fr_check_result *);

#endif
