/*
 * history.h — what the ledger remembers (observations of the stored
 * count, filing events) and the state derived from it: when the 100,000
 * line was crossed and where the filing stands.
 *
 * Pure data and logic: the SQLite file itself is src/store/ledger.c.
 * Ownership: a struct fr_history owns every string in its arrays;
 * fr_history_release frees them. The pointers in a struct
 * fr_ledger_state borrow from the history it was derived from.
 */
#ifndef FR_HISTORY_H
#define FR_HISTORY_H

#include <stddef.h>

#define FR_THRESHOLD_DEFAULT 100000LL	/* Art. 15: 100,000 individuals */

/* An observation of the number of individuals stored on one day. */
struct fr_observation {
	long long id;		/* set by the ledger; 0 before recording */
	int date;
	long long individuals;
	char *source;		/* where the count came from, or NULL */
	/*
	 * A partial count (some stores did not answer) is a lower bound:
	 * at or over the line it proves the crossing, below it proves
	 * nothing.
	 */
	int partial;
	int crossing_date;	/* the exact day the line was reached, or -1 */
	char *recorded_at;	/* ISO 8601 time of recording, set by the ledger */
	long long seq;		/* place in the ledger's chain (insertion order) */
};

/* Filing events, as the authority reports them (filing instructions). */
enum fr_ev_kind {
	FR_EV_SUBMITTED,	/* materials submitted */
	FR_EV_RETURNED,		/* 退回补正: returned for improvement */
	FR_EV_COMPLETED,	/* 备案完成: filing completed */
	FR_EV_FAILED,		/* 审核不通过: review failed */
	FR_EV_CHANGED,		/* a substantive change (Art. 15) */
	FR_EV_TERMINATED,	/* the application ended (Art. 15) */
	FR_EV_NKINDS
};

struct fr_event {
	long long id;
	enum fr_ev_kind kind;
	int date;
	char *note;		/* may be NULL */
	char *recorded_at;
	/*
	 * The stored count filed with a submitted or completed event (Art.
	 * 15 para. 1 item 3: the quantity is filing content), or -1.
	 */
	long long count;
	long long seq;
};

/* A count that failed (count --record), with the reason. */
struct fr_count_failure {
	long long id;
	int date;
	char *reason;
	char *recorded_at;
	long long seq;
};

/*
 * A device's audit log as a count saw it (the facts' protection.audit_log
 * head and entries): a later count with fewer entries, or as many with
 * another head, means the device's store went back in time.
 */
struct fr_device_audit {
	long long id;
	int date;
	char *store_id;
	char *device;		/* may be NULL */
	long long entries;
	char head[65];		/* 64 lowercase hex digits */
	char *recorded_at;
	long long seq;
};

struct fr_history {
	struct fr_observation *obs;	/* by date, then id */
	size_t nobs;
	struct fr_event *ev;		/* by date, then id */
	size_t nev;
	struct fr_count_failure *fail;	/* by seq */
	size_t nfail;
	struct fr_device_audit *dev;	/* by seq */
	size_t ndev;
	long long chain_entries;	/* rows in the ledger's hash chain */
	char chain_head[65];		/* its head, hex */
};

void fr_history_release(struct fr_history *);

int fr_ev_kind_parse(const char *, enum fr_ev_kind *);	/* FR_EINVAL */
const char *fr_ev_kind_name(enum fr_ev_kind);

/* How the crossing day is known. */
enum fr_cross_how {
	FR_CROSS_NONE,		/* the line has not been reached */
	FR_CROSS_OBSERVED,	/* a count at or over the line, the day before below */
	FR_CROSS_RECORDED,	/* an exact crossing date recorded with a count */
	FR_CROSS_EARLIEST,	/* gap: the day after the last count below */
	FR_CROSS_FIRST_SEEN,	/* no count below before: it may be earlier */
};

struct fr_ledger_state {
	long long threshold;
	int until;		/* entries after this day are ignored */
	size_t nobs, nev;	/* entries considered */

	int latest_date;	/* -1 when no observation */
	long long latest_individuals;
	int latest_partial;
	long long max_individuals;

	int crossed;
	int crossing_date;	/* -1 when not crossed */
	enum fr_cross_how crossing_how;
	int first_over_date;	/* the first count at or over the line */
	long long first_over_individuals;
	int last_below_date;	/* the last complete count below before it, or -1 */

	int has_status;		/* any filing event */
	enum fr_ev_kind status;	/* the latest event */
	int status_date;
	int completed_date;	/* the latest "completed", or -1 */
	int submitted_date;	/* the latest "submitted", or -1 */
	long long latest_seq;	/* the latest observation's place, or 0 */

	/* The filed figure: the count of the latest filing event with one. */
	long long filed_individuals;	/* -1 when none */
	int filed_date;

	/* A failed count after the latest observation (count --record). */
	int failed_date;		/* -1 when none */
	const char *failed_reason;	/* borrowed from the history */

	/*
	 * Devices whose audit log went back between their two latest
	 * counts; the first such device is described.
	 */
	size_t rollbacks;
	const struct fr_device_audit *rollback_now, *rollback_before;

	/*
	 * A later count in another band than the filed figure
	 * (fr_ledger_bands; forms/changes.json): an amendment is due.
	 */
	int band_changed;
	int band_change_date;		/* the earliest day it can have moved */
	int band_seen_date;		/* the count that shows it */
	long long band_seen_individuals;
	double band_lo, band_hi;	/* the filed figure's band; hi < 0: open */
};

/*
 * Derives the state from a history, considering only entries dated on or
 * before until (pass today; INT_MAX for all). Provincial notices say the
 * obligation starts when the count *first* reaches the line (首次达到), so
 * a later drop does not undo a crossing.
 */
void fr_ledger_derive(const struct fr_history *, long long threshold,
    int until, struct fr_ledger_state *);

const char *fr_cross_how_name(enum fr_cross_how);

/*
 * After fr_ledger_derive, with the bands of the stored count (ascending,
 * bands[0] the lowest edge): whether a count after the filed figure's
 * event lies in another band. Nothing without a filed figure or after a
 * later "changed" event (the amendment is then on record).
 */
void fr_ledger_bands(const struct fr_history *, const double *bands,
    size_t nbands, struct fr_ledger_state *);

#endif
