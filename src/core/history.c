/*
 * history.c — deriving the crossing day and the filing status from the
 * ledger's history (Art. 15 of the Measures; filing instructions).
 */
#include "core/history.h"
#include "core/fr.h"

#include <stdlib.h>
#include <string.h>

static const char *const kind_names[FR_EV_NKINDS] = {
	[FR_EV_SUBMITTED] = "submitted",
	[FR_EV_RETURNED] = "returned",
	[FR_EV_COMPLETED] = "completed",
	[FR_EV_FAILED] = "failed",
	[FR_EV_CHANGED] = "changed",
	[FR_EV_TERMINATED] = "terminated",
};

int
fr_ev_kind_parse(const char *s, enum fr_ev_kind *k)
{
	int i;

	for (i = 0; i < FR_EV_NKINDS; i++)
		if (s != NULL && strcmp(s, kind_names[i]) == 0) {
			*k = (enum fr_ev_kind)i;
			return FR_OK;
		}
	return FR_EINVAL;
}

const char *
fr_ev_kind_name(enum fr_ev_kind k)
{
	return k < FR_EV_NKINDS ? kind_names[k] : "?";
}

const char *
fr_cross_how_name(enum fr_cross_how h)
{
	switch (h) {
	case FR_CROSS_NONE:		return "none";
	case FR_CROSS_OBSERVED:		return "observed";
	case FR_CROSS_RECORDED:		return "recorded";
	case FR_CROSS_EARLIEST:		return "earliest_possible";
	case FR_CROSS_FIRST_SEEN:	return "first_observed";
	}
	return "?";
}

void
fr_history_release(struct fr_history *h)
{
	size_t i;

	if (h == NULL)
		return;
	for (i = 0; i < h->nobs; i++) {
		free(h->obs[i].source);
		free(h->obs[i].recorded_at);
	}
	for (i = 0; i < h->nev; i++) {
		free(h->ev[i].note);
		free(h->ev[i].recorded_at);
	}
	free(h->obs);
	free(h->ev);
	memset(h, 0, sizeof *h);
}

static int
cmp_obs(const void *a, const void *b)
{
	const struct fr_observation *x = *(const struct fr_observation *const *)a;
	const struct fr_observation *y = *(const struct fr_observation *const *)b;

	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

static int
cmp_ev(const void *a, const void *b)
{
	const struct fr_event *x = *(const struct fr_event *const *)a;
	const struct fr_event *y = *(const struct fr_event *const *)b;

	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

void
fr_ledger_derive(const struct fr_history *h, long long threshold, int until,
    struct fr_ledger_state *s)
{
	const struct fr_observation **o;
	const struct fr_event **e;
	const struct fr_observation *first_over = NULL, *recorded = NULL;
	size_t i, n;

	memset(s, 0, sizeof *s);
	s->threshold = threshold;
	s->until = until;
	s->latest_date = s->crossing_date = s->first_over_date = -1;
	s->last_below_date = s->status_date = -1;
	s->completed_date = s->submitted_date = -1;

	o = fr_xcalloc(h->nobs, sizeof *o);
	for (i = n = 0; i < h->nobs; i++)
		if (h->obs[i].date <= until)
			o[n++] = &h->obs[i];
	qsort(o, n, sizeof *o, cmp_obs);
	s->nobs = n;
	for (i = 0; i < n; i++) {
		if (o[i]->individuals > s->max_individuals)
			s->max_individuals = o[i]->individuals;
		/* The latest observation; on the same day the last recorded. */
		s->latest_date = o[i]->date;
		s->latest_individuals = o[i]->individuals;
		s->latest_partial = o[i]->partial;
		if (first_over == NULL && o[i]->individuals >= threshold)
			first_over = o[i];
		if (recorded == NULL && o[i]->crossing_date >= 0 &&
		    o[i]->crossing_date <= until)
			recorded = o[i];
		/*
		 * Only a complete count below the line shows the line was not
		 * yet reached that day: a partial one is a lower bound.
		 */
		if (first_over == NULL && o[i]->individuals < threshold &&
		    !o[i]->partial)
			s->last_below_date = o[i]->date;
	}
	if (first_over != NULL) {
		s->crossed = 1;
		s->first_over_date = first_over->date;
		s->first_over_individuals = first_over->individuals;
		if (s->last_below_date < 0) {
			/* Nothing below before it: the line may be older. */
			s->crossing_date = first_over->date;
			s->crossing_how = FR_CROSS_FIRST_SEEN;
		} else if (s->last_below_date >= first_over->date - 1) {
			s->crossing_date = first_over->date;
			s->crossing_how = FR_CROSS_OBSERVED;
		} else {
			/*
			 * A gap between the last count below and the first
			 * over: the exact day is unknown, so the deadline is
			 * counted from the earliest day it can have been.
			 */
			s->crossing_date = s->last_below_date + 1;
			s->crossing_how = FR_CROSS_EARLIEST;
		}
	}
	/* An exact crossing date recorded with a count overrides. */
	if (recorded != NULL) {
		s->crossed = 1;
		s->crossing_date = recorded->crossing_date;
		s->crossing_how = FR_CROSS_RECORDED;
		if (first_over == NULL) {
			s->first_over_date = recorded->date;
			s->first_over_individuals = recorded->individuals;
		}
	}
	free(o);

	e = fr_xcalloc(h->nev, sizeof *e);
	for (i = n = 0; i < h->nev; i++)
		if (h->ev[i].date <= until)
			e[n++] = &h->ev[i];
	qsort(e, n, sizeof *e, cmp_ev);
	s->nev = n;
	for (i = 0; i < n; i++) {
		s->has_status = 1;
		s->status = e[i]->kind;
		s->status_date = e[i]->date;
		if (e[i]->kind == FR_EV_COMPLETED)
			s->completed_date = e[i]->date;
		if (e[i]->kind == FR_EV_SUBMITTED)
			s->submitted_date = e[i]->date;
	}
	free(e);
}
