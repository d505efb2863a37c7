/*
 * deadline.c — the periods of Art. 15 of the Measures and of the filing
 * instructions, counted in working days (filing-rules.md).
 */
#include "core/deadline.h"
#include "core/date.h"
#include "core/fr.h"

#include <string.h>

static const struct {
	const char *name;
	int working_days;
	const char *what;
} events[FR_DL_NEVENTS] = {
	/* Art. 15: file within 30 working days of reaching 100,000. */
	[FR_DL_REACHED] = { "reached", 30, "file the application" },
	/* Art. 15: amend within 30 working days of a substantive change. */
	[FR_DL_CHANGE] = { "change", 30, "file the amendment" },
	/* Art. 15: cancel within 30 working days of termination. */
	[FR_DL_TERMINATION] = { "termination", 30,
	    "cancel the filing" },
	/* Filing instructions: the authority checks within 15 working days. */
	[FR_DL_SUBMITTED] = { "submitted", 15,
	    "the authority's review ends" },
	/* Filing instructions: supplement within 10 working days. */
	[FR_DL_RETURNED] = { "returned", 10, "supplement the materials" },
};

int
fr_dl_event_parse(const char *s, enum fr_dl_event *ev)
{
	int i;

	for (i = 0; i < FR_DL_NEVENTS; i++)
		if (s != NULL && strcmp(s, events[i].name) == 0) {
			*ev = (enum fr_dl_event)i;
			return FR_OK;
		}
	return FR_EINVAL;
}

const char *
fr_dl_event_name(enum fr_dl_event ev)
{
	return ev < FR_DL_NEVENTS ? events[ev].name : "?";
}

const char *
fr_dl_rule_name(enum fr_dl_rule r)
{
	return r == FR_DL_GRACE ? "grace" : "counted";
}

int
fr_deadline(struct fr_calendar *cal, enum fr_dl_event ev, int date,
    int assume_weekends, struct fr_deadline *out)
{
	int in_force = fr_date_from_ymd(FR_MEASURES_IN_FORCE_Y,
	    FR_MEASURES_IN_FORCE_M, FR_MEASURES_IN_FORCE_D);
	int rc;

	if (ev >= FR_DL_NEVENTS)
		return FR_EINVAL;
	memset(out, 0, sizeof *out);
	out->event = ev;
	out->date = date;
	out->working_days = events[ev].working_days;
	out->what = events[ev].what;
	out->counted_from = date;
	out->rule = FR_DL_COUNTED;
	if (ev == FR_DL_REACHED && date < in_force) {
		/*
		 * CAC announcement of 2025-05-28: processors over the line
		 * before the Measures took effect file by 2025-07-14, which
		 * is 30 working days after 2025-06-01. The date is fixed by
		 * the announcement, so it needs no calendar.
		 */
		out->rule = FR_DL_GRACE;
		out->counted_from = in_force;
		out->due = fr_date_from_ymd(FR_GRACE_DUE_Y, FR_GRACE_DUE_M,
		    FR_GRACE_DUE_D);
		return FR_OK;
	}
	rc = fr_cal_add_workdays(cal, date, out->working_days,
	    assume_weekends, &out->due, &out->provisional);
	return rc;
}
