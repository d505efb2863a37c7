/*
 * stored.h — the stored quantity: the one figure a filing exists to
 * report (Art. 15 para. 1 item 3: the number of individuals whose facial
 * information is stored), with its date, how it was obtained, what it
 * covers and whether it is complete.
 *
 * It is built once, from the ledger's latest observation, from a saved
 * `frfile count --json`, or from facts documents alone, and every
 * document, `assess` and the manifest read this one record, so that the
 * package states one number everywhere.
 *
 * Pure data and logic: the caller opens the ledger (store/ledger.h) or
 * reads the file. Ownership: struct fr_stored owns its strings;
 * fr_stored_release frees them.
 */
#ifndef FR_STORED_H
#define FR_STORED_H

#include <stddef.h>

#include "core/diag.h"
#include "core/history.h"

enum fr_stored_from {
	FR_STORED_NONE,		/* no count was given */
	FR_STORED_LEDGER,	/* the ledger's latest observation */
	FR_STORED_COUNT,	/* a saved `frfile count --json` */
	FR_STORED_FACTS,	/* facts documents, de-duplicated by key */
};

/* What a count covered, by kind of source. */
struct fr_stored_cover {
	int devices;		/* matcher stores and facts (local or HTTP) */
	int exports;		/* CSV, NDJSON, XLSX exports */
	int total;		/* every source, when known; 0 unknown */
};

struct fr_stored {
	enum fr_stored_from from;
	long long individuals;	/* -1: no count */
	int as_of;		/* the count's day, -1 when none */
	int complete;		/* every source answered */
	int crossing;		/* the day the line was first reached, or -1 */
	/*
	 * The line was reached at some time: the count now, an exact
	 * crossing day, or (ledger) any observation at or over it. A fleet
	 * that crossed and then purged below the line still files.
	 */
	int reached;
	long long peak;		/* the highest count known, -1 when unknown */
	struct fr_stored_cover cover;
	char *source;		/* the file (count, ledger) it was read from */
};

void fr_stored_init(struct fr_stored *);
void fr_stored_release(struct fr_stored *);

/*
 * From a ledger history: the latest observation on or before today.
 * FR_ENOENT (the record left empty) when there is none.
 */
int fr_stored_from_history(struct fr_stored *, const struct fr_history *,
    long long threshold, int today, const char *ledger_path);

/*
 * From the JSON `frfile count --json` prints. FR_EINVAL or FR_EFORMAT
 * with one diagnostic per problem, naming the file and the JSON path.
 */
int fr_stored_from_count_json(struct fr_stored *, const char *buf,
    size_t len, const char *name, long long threshold, struct fr_diags *);

/* From facts documents: ndevices stores, as of day. */
void fr_stored_from_facts(struct fr_stored *, long long individuals,
    int ndevices, int as_of, long long threshold);

/* The age of the count on day (days; -1 without a count). */
int fr_stored_age(const struct fr_stored *, int day);

/* "ledger", "count", "facts", "none" for --json and the manifest. */
const char *fr_stored_from_name(enum fr_stored_from);

/*
 * The record as a JSON object (cJSON *, declared void * to keep cJSON
 * out): individuals, as_of, from, complete, crossing_date, reached,
 * sources. The caller frees it.
 */
void *fr_stored_json(const struct fr_stored *);

/*
 * How the figure was obtained, as a sentence for a reader in lang ("zh"
 * or "en"): no program names, flags or keys. The caller frees it.
 */
char *fr_stored_method_text(const struct fr_stored *, const char *lang);

#endif
