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
	for (i = 0; i < h->nfail; i++) {
		free(h->fail[i].reason);
		free(h->fail[i].recorded_at);
	}
	for (i = 0; i < h->ndev; i++) {
		free(h->dev[i].store_id);
		free(h->dev[i].device);
		free(h->dev[i].recorded_at);
	}
	free(h->obs);
	free(h->ev);
	free(h->fail);
	free(h->dev);
	memset(h, 0, sizeof *h);
}

/* Orders counts by date, then in the order they were recorded. */
static int
cmp_obs(const void *a, const void *b)
{
	const struct fr_observation *x = *(const struct fr_observation *const *)a;
	const struct fr_observation *y = *(const struct fr_observation *const *)b;

	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

/* Orders events by date, then in the order they were recorded. */
static int
cmp_ev(const void *a, const void *b)
{
	const struct fr_event *x = *(const struct fr_event *const *)a;
	const struct fr_event *y = *(const struct fr_event *const *)b;

	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

/* Orders audit-log readings by store, then by place in the ledger. */
static int
cmp_dev(const void *a, const void *b)
{
	const struct fr_device_audit *x =
	    *(const struct fr_device_audit *const *)a;
	const struct fr_device_audit *y =
	    *(const struct fr_device_audit *const *)b;
	int c = strcmp(x->store_id, y->store_id);

	if (c != 0)
		return c;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/*
 * Art. 9 and 14 (security audit): a store's audit log only grows. Two
 * counts of one store (by store_id) where the later saw fewer entries,
 * or as many under another head, show the store was rolled back or
 * replaced, which nothing inside the store can show.
 */
static void
derive_rollbacks(const struct fr_history *h, int until,
    struct fr_ledger_state *s)
{
	const struct fr_device_audit **v;
	size_t i, n;

	if (h->ndev == 0)
		return;
	v = fr_xcalloc(h->ndev, sizeof *v);
	for (i = n = 0; i < h->ndev; i++)
		if (h->dev[i].date <= until)
			v[n++] = &h->dev[i];
	qsort(v, n, sizeof *v, cmp_dev);
	for (i = 1; i < n; i++) {
		const struct fr_device_audit *a = v[i - 1], *b = v[i];

		/* Only each store's latest count against the one before. */
		if (strcmp(a->store_id, b->store_id) != 0 ||
		    (i + 1 < n && strcmp(b->store_id, v[i + 1]->store_id) == 0))
			continue;
		if (b->entries < a->entries || (b->entries == a->entries &&
		    strcmp(b->head, a->head) != 0)) {
			if (s->rollbacks++ == 0) {
				s->rollback_now = b;
				s->rollback_before = a;
			}
		}
	}
	free(v);
}

/* Which of the n bands (ascending lower edges) holds v; 0 below them all. */
static size_t
band_of(const double *bands, size_t n, double v)
{
	size_t i = 0;

	while (i + 1 < n && v >= bands[i + 1])
		i++;
	return i;
}

void
fr_ledger_bands(const struct fr_history *h, const double *bands,
    size_t nbands, struct fr_ledger_state *s)
{
	const struct fr_observation **o;
	const struct fr_event *filed = NULL;
	size_t i, n, fb;
	int prev;

	s->band_changed = 0;
	if (nbands < 2 || s->filed_individuals < 0)
		return;
	/* The filing event that carries the figure (the latest one). */
	for (i = 0; i < h->nev; i++) {
		const struct fr_event *e = &h->ev[i];

		if ((e->kind == FR_EV_SUBMITTED || e->kind == FR_EV_COMPLETED) &&
		    e->count >= 0 && e->date <= s->until && (filed == NULL ||
		    e->date > filed->date || (e->date == filed->date &&
		    e->seq > filed->seq)))
			filed = e;
	}
	if (filed == NULL)
		return;
	fb = band_of(bands, nbands, (double)filed->count);
	s->band_lo = bands[fb];
	s->band_hi = fb + 1 < nbands ? bands[fb + 1] : -1;
	o = fr_xcalloc(h->nobs, sizeof *o);
	for (i = n = 0; i < h->nobs; i++) {
		const struct fr_observation *x = &h->obs[i];

		if (x->date <= s->until && (x->date > filed->date ||
		    (x->date == filed->date && x->seq > filed->seq)))
			o[n++] = x;
	}
	qsort(o, n, sizeof *o, cmp_obs);
	prev = filed->date;
	for (i = 0; i < n; i++) {
		size_t b = band_of(bands, nbands, (double)o[i]->individuals);

		/* A partial count is a lower bound: it can only show a rise. */
		if (b == fb || (o[i]->partial && b < fb)) {
			if (b == fb)
				prev = o[i]->date;
			continue;
		}
		s->band_changed = 1;
		/* The exact day is unknown: the earliest it can have been. */
		s->band_change_date = prev + 1 < o[i]->date ? prev + 1 :
		    o[i]->date;
		s->band_seen_date = o[i]->date;
		s->band_seen_individuals = o[i]->individuals;
		break;
	}
	free(o);
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
	s->filed_individuals = -1;
	s->filed_date = s->failed_date = -1;
	s->band_change_date = s->band_seen_date = -1;

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
		if (o[i]->seq > s->latest_seq)
			s->latest_seq = o[i]->seq;
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
		if ((e[i]->kind == FR_EV_SUBMITTED ||
		    e[i]->kind == FR_EV_COMPLETED) && e[i]->count >= 0) {
			s->filed_individuals = e[i]->count;
			s->filed_date = e[i]->date;
		}
	}
	free(e);

	/* A failure recorded after every count we consider is news. */
	for (i = 0; i < h->nfail; i++)	/* by seq: the last one wins */
		if (h->fail[i].date <= until && h->fail[i].seq > s->latest_seq) {
			s->failed_date = h->fail[i].date;
			s->failed_reason = h->fail[i].reason;
		}
	derive_rollbacks(h, until, s);
}
