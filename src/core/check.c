/*
 * check.c — the rules of `frfile check` (the monitoring-plugin states):
 *
 *   nothing recorded                     UNKNOWN
 *   below the line                       OK, WARNING from --warn-count
 *   line reached, not yet submitted      due date named; WARNING at most -w
 *                                        working days left, CRITICAL at most
 *                                        -c left or overdue
 *   submitted, waiting                   OK; WARNING once the 15-working-day
 *                                        review has passed with no result
 *   returned for improvement             due in 10 working days, -w/-c
 *   completed                            OK
 *   changed after completion             amendment due in 30 working days
 *   terminated                           cancellation due in 30 working days
 *   review failed                        CRITICAL: a new filing is needed
 */
#include "core/check.h"
#include "core/date.h"

#include <stdlib.h>
#include <string.h>

void
fr_check_opts_init(struct fr_check_opts *o, int today)
{
	memset(o, 0, sizeof *o);
	o->today = today;
	o->warn_days = FR_CHECK_WARN_DAYS;
	o->crit_days = FR_CHECK_CRIT_DAYS;
}

const char *
fr_check_state_name(enum fr_check_state s)
{
	switch (s) {
	case FR_CHECK_OK:	return "OK";
	case FR_CHECK_WARNING:	return "WARNING";
	case FR_CHECK_CRITICAL:	return "CRITICAL";
	case FR_CHECK_UNKNOWN:	return "UNKNOWN";
	}
	return "UNKNOWN";
}

void
fr_check_result_release(struct fr_check_result *r)
{
	if (r == NULL)
		return;
	free(r->message);
	r->message = NULL;
}

static void
set(struct fr_check_result *r, enum fr_check_state st, char *msg)
{
	r->state = st;
	free(r->message);
	r->message = msg;
}

static int
no_calendar(struct fr_calendar *cal, struct fr_check_result *r)
{
	r->missing_year = cal->missing_year;
	r->has_due = 0;
	set(r, FR_CHECK_UNKNOWN, fr_cal_missing_message(cal->missing_year));
	return FR_ENOCAL;
}

/* "2025-07-22 (Tuesday)" into buf. */
static const char *
day(int date, char buf[32])
{
	char d[FR_DATE_LEN];

	snprintf(buf, 32, "%s (%s)", fr_date_format(date, d),
	    fr_weekday_name(fr_date_weekday(date)));
	return buf;
}

/*
 * A deadline that applies now: the -w/-c thresholds on the working days
 * left, CRITICAL once overdue. context says why the deadline exists.
 */
static int
due_state(struct fr_calendar *cal, const struct fr_check_opts *o,
    enum fr_dl_event ev, int from, const char *phase, const char *what,
    const char *context, struct fr_check_result *r)
{
	struct fr_deadline dl;
	char b[32];
	int left, rc;

	rc = fr_deadline(cal, ev, from, o->assume_weekends, &dl);
	if (rc == FR_ENOCAL)
		return no_calendar(cal, r);
	if (rc != FR_OK)
		return rc;
	r->provisional |= dl.provisional;
	rc = fr_cal_workdays_between(cal, o->today, dl.due, o->assume_weekends,
	    &left, &r->provisional);
	if (rc == FR_ENOCAL)
		return no_calendar(cal, r);
	if (rc != FR_OK)
		return rc;
	r->has_due = 1;
	r->due_event = ev;
	r->due_from = from;
	r->due = dl.due;
	r->workdays_left = left;
	r->phase = phase;
	if (o->today > dl.due) {
		/* The due date is itself a working day, so left < 0 here
		 * except on a weekend right after it. */
		r->overdue = 1;
		set(r, FR_CHECK_CRITICAL, fr_xasprintf("%s overdue by %d "
		    "working day%s: was due %s; %s", what, -left,
		    left == -1 ? "" : "s", day(dl.due, b), context));
		return FR_OK;
	}
	set(r, left <= o->crit_days ? FR_CHECK_CRITICAL :
	    left <= o->warn_days ? FR_CHECK_WARNING : FR_CHECK_OK,
	    fr_xasprintf("%s due %s, %d working day%s left%s; %s", what,
	    day(dl.due, b), left, left == 1 ? "" : "s",
	    dl.rule == FR_DL_GRACE ? " (the 2025-07-14 rule for counts "
	    "reached before 2025-06-01)" : "", context));
	return FR_OK;
}

/* How the crossing day is known, for the status line. */
static char *
crossing_text(const struct fr_ledger_state *s)
{
	char d[FR_DATE_LEN], e[FR_DATE_LEN], f[FR_DATE_LEN];

	fr_date_format(s->crossing_date, d);
	switch (s->crossing_how) {
	case FR_CROSS_EARLIEST:
		return fr_xasprintf("the %lld line was reached on %s at the "
		    "earliest (exact day unknown: last count below on %s, "
		    "first at or over on %s)", s->threshold, d,
		    fr_date_format(s->last_below_date, e),
		    fr_date_format(s->first_over_date, f));
	case FR_CROSS_FIRST_SEEN:
		return fr_xasprintf("the %lld line was reached by %s (no "
		    "earlier count below it; the day may be earlier)",
		    s->threshold, d);
	case FR_CROSS_RECORDED:
		return fr_xasprintf("the %lld line was reached on %s "
		    "(recorded)", s->threshold, d);
	default:
		return fr_xasprintf("the %lld line was reached on %s",
		    s->threshold, d);
	}
}

int
fr_check(struct fr_calendar *cal, const struct fr_ledger_state *s,
    const struct fr_check_opts *o, struct fr_check_result *r)
{
	char d1[FR_DATE_LEN], b[32], *ctx = NULL;
	int rc = FR_OK;

	memset(r, 0, sizeof *r);
	r->individuals = s->latest_date >= 0 ? s->latest_individuals : -1;
	r->phase = "none";
	cal->missing_year = 0;
	if (s->nobs == 0 && !s->has_status) {
		set(r, FR_CHECK_UNKNOWN, fr_xstrdup("nothing recorded in the "
		    "ledger yet (frfile record N)"));
		return FR_OK;
	}
	if (s->has_status) {
		fr_date_format(s->status_date, d1);
		switch (s->status) {
		case FR_EV_SUBMITTED: {
			struct fr_deadline dl;
			int left;

			rc = fr_deadline(cal, FR_DL_SUBMITTED, s->status_date,
			    o->assume_weekends, &dl);
			if (rc == FR_OK)
				rc = fr_cal_workdays_between(cal, o->today,
				    dl.due, o->assume_weekends, &left,
				    &r->provisional);
			if (rc == FR_ENOCAL)
				return no_calendar(cal, r);
			if (rc != FR_OK)
				return rc;
			r->provisional |= dl.provisional;
			r->has_due = 1;
			r->due_event = FR_DL_SUBMITTED;
			r->due_from = s->status_date;
			r->due = dl.due;
			r->workdays_left = left;
			r->phase = "under_review";
			if (o->today > dl.due) {
				r->phase = "review_overdue";
				set(r, FR_CHECK_WARNING, fr_xasprintf("filing "
				    "submitted on %s; the authority's "
				    "15-working-day review ended %s with no "
				    "result recorded (frfile event completed, "
				    "returned or failed)", d1, day(dl.due, b)));
			} else
				set(r, FR_CHECK_OK, fr_xasprintf("filing "
				    "submitted on %s, under review until %s",
				    d1, day(dl.due, b)));
			goto out;
		}
		case FR_EV_RETURNED:
			ctx = fr_xasprintf("returned for improvement on %s", d1);
			rc = due_state(cal, o, FR_DL_RETURNED, s->status_date,
			    "returned", "supplement", ctx, r);
			goto out;
		case FR_EV_COMPLETED:
			r->phase = "completed";
			set(r, FR_CHECK_OK, fr_xasprintf("filing completed on "
			    "%s", d1));
			return FR_OK;
		case FR_EV_FAILED:
			r->phase = "failed";
			set(r, FR_CHECK_CRITICAL, fr_xasprintf("filing review "
			    "failed on %s: a new filing is needed", d1));
			return FR_OK;
		case FR_EV_CHANGED:
			/*
			 * Art. 15: a change to filed information is amended
			 * within 30 working days. Before any completed filing
			 * the original filing is still what is due.
			 */
			if (s->completed_date < 0 && s->crossed)
				break;
			ctx = fr_xasprintf("substantive change on %s", d1);
			rc = due_state(cal, o, FR_DL_CHANGE, s->status_date,
			    "amendment_due", "amendment", ctx, r);
			goto out;
		case FR_EV_TERMINATED:
			/* Art. 15: cancel within 30 working days. */
			ctx = fr_xasprintf("application terminated on %s", d1);
			rc = due_state(cal, o, FR_DL_TERMINATION,
			    s->status_date, "cancellation_due", "cancellation",
			    ctx, r);
			goto out;
		case FR_EV_NKINDS:
			break;
		}
	}
	if (!s->crossed) {
		fr_date_format(s->latest_date, d1);
		r->phase = "below";
		if (o->warn_count > 0 && s->latest_individuals >= o->warn_count)
			set(r, FR_CHECK_WARNING, fr_xasprintf("%lld "
			    "individuals on %s%s, at or over the warning "
			    "count %lld, below the %lld line",
			    s->latest_individuals, d1, s->latest_partial ?
			    " (partial count)" : "", o->warn_count,
			    s->threshold));
		else
			set(r, FR_CHECK_OK, fr_xasprintf("%lld individuals on "
			    "%s%s, below the %lld line", s->latest_individuals,
			    d1, s->latest_partial ? " (partial count)" : "",
			    s->threshold));
		return FR_OK;
	}
	ctx = crossing_text(s);
	rc = due_state(cal, o, FR_DL_REACHED, s->crossing_date, "filing_due",
	    "filing", ctx, r);
out:
	free(ctx);
	if (rc == FR_OK && r->provisional) {
		char *m = fr_xasprintf("%s (provisional: a calendar year that "
		    "is not loaded was taken as Monday to Friday)", r->message);

		free(r->message);
		r->message = m;
	}
	return rc;
}

char *
fr_check_line(const struct fr_check_result *r)
{
	char ind[32], left[32];

	if (r->individuals >= 0)
		snprintf(ind, sizeof ind, "%lld", r->individuals);
	else
		snprintf(ind, sizeof ind, "U");
	if (r->has_due)
		snprintf(left, sizeof left, "%d", r->workdays_left);
	else
		snprintf(left, sizeof left, "U");
	return fr_xasprintf("FRFILE %s: %s | individuals=%s workdays_left=%s",
	    fr_check_state_name(r->state), r->message ? r->message : "",
	    ind, left);
}
