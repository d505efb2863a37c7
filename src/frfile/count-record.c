/*
 * count-record.c — the ledger side of `frfile count --record`
 * (count-record.h).
 */
#include "cli/cli.h"
#include "core/date.h"
#include "core/fr.h"
#include "frfile/count-record.h"
#include "store/ledger.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The ledger's latest sighting of a store's audit log, or NULL. */
static const struct fr_device_audit *
last_seen(const struct fr_history *h, const char *store_id)
{
	const struct fr_device_audit *best = NULL;
	size_t i;

	for (i = 0; i < h->ndev; i++)
		if (strcmp(h->dev[i].store_id, store_id) == 0 &&
		    (best == NULL || h->dev[i].seq > best->seq))
			best = &h->dev[i];
	return best;
}

int
frf_count_record(const char *ledger, const struct fr_observation *o,
    const struct fr_device_audit *dv, size_t ndev)
{
	struct ledger *l = NULL;
	struct fr_history h = { 0 };
	struct fr_diags d;
	char *path = ledger_default_path(ledger);
	char b[FR_DATE_LEN];
	size_t i;
	int rc = FR_EXIT_OK;

	fr_diags_init(&d);
	if (ledger_open(path, LEDGER_CREATE, &l, &d) != FR_OK ||
	    ledger_history(l, &h, &d) != FR_OK) {
		fr_diags_print(&d, stderr, "frfile: count: ");
		rc = FR_EXIT_DATA;
		goto out;
	}
	/*
	 * An audit log only grows: fewer entries than last time, or as
	 * many under another head, means the store went back in time.
	 */
	for (i = 0; i < ndev; i++) {
		const struct fr_device_audit *p = last_seen(&h, dv[i].store_id);

		if (p == NULL || (dv[i].entries > p->entries) ||
		    (dv[i].entries == p->entries &&
		    strcmp(dv[i].head, p->head) == 0))
			continue;
		cli_err("warning: device %s (store %.16s): its audit log went "
		    "back: %lld entries%s now, %lld when counted on %s; the "
		    "store was rolled back or replaced",
		    dv[i].device ? dv[i].device : "-", dv[i].store_id,
		    dv[i].entries, dv[i].entries == p->entries ? " under "
		    "another head" : "", p->entries,
		    fr_date_format(p->date, b));
	}
	if (ledger_record_count(l, o, dv, ndev, &d) != FR_OK) {
		fr_diags_print(&d, stderr, "frfile: count: ");
		rc = FR_EXIT_DATA;
	}
out:
	fr_history_release(&h);
	ledger_close(l);
	fr_diags_release(&d);
	free(path);
	return rc;
}

int
frf_count_record_failure(const char *ledger, int date, const char *reason)
{
	struct ledger *l = NULL;
	struct fr_diags d;
	char *path = ledger_default_path(ledger);
	int rc = FR_EXIT_OK;

	fr_diags_init(&d);
	if (ledger_open(path, LEDGER_CREATE, &l, &d) != FR_OK ||
	    ledger_record_failure(l, date, reason, &d) != FR_OK) {
		fr_diags_print(&d, stderr, "frfile: count: ");
		rc = FR_EXIT_DATA;
	}
	ledger_close(l);
	fr_diags_release(&d);
	free(path);
	return rc;
}
