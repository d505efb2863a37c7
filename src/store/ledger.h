/*
 * ledger.h — the ledger: an SQLite file of observations of the stored
 * count, filing events and a small key/value state, kept so that a cron
 * job can tell when the 100,000 line was crossed and what is due.
 *
 * This module is the only one that knows SQLite. The file is created
 * 0600; it carries an application id and a schema version, and a file
 * that is not a frfile ledger, or was written by a newer frfile, is
 * refused. Every write is one BEGIN IMMEDIATE transaction with a busy
 * timeout, so two cron jobs at once lose nothing and a killed process
 * leaves the file as it was before its transaction.
 *
 * Tamper evidence (schema 2): every observation, event, failed count and
 * device audit row carries its place in one chain (seq) and a SHA-256
 * over the row and the hash of the row before it; the head of the chain
 * (its place and hash) is authenticated with HMAC-SHA256 under a key of
 * the ledger's own, kept beside it in PATH.key (0600, 64 hex digits,
 * made with the ledger). Reading the history verifies the whole chain:
 * a row inserted, edited or deleted with sqlite3 is a named error
 * (ledger.tampered, FR_ECRYPTO). A copy of the whole file and its key put
 * back (a rollback) cannot be seen from inside. A schema 1 ledger is
 * refused until ledger_upgrade chains it.
 *
 * Ownership: struct ledger is opaque, freed by ledger_close. Strings in
 * the structs passed to ledger_record/ledger_add_event are borrowed;
 * ledger_history fills a struct fr_history the caller releases;
 * ledger_state_get returns a string the caller frees.
 */
#ifndef FR_LEDGER_H
#define FR_LEDGER_H

#include "core/diag.h"
#include "core/history.h"

#define LEDGER_SCHEMA 2			/* PRAGMA user_version */
#define LEDGER_APPLICATION_ID 0x46524c47	/* "FRLG", PRAGMA application_id */
#define LEDGER_BUSY_TIMEOUT_MS 15000
#define LEDGER_KEY_LEN 32		/* bytes; the key file holds them in hex */

struct ledger;

enum ledger_mode {
	LEDGER_READ,	/* the file must exist; FR_ENOENT if not */
	LEDGER_CREATE,	/* created (0600, with its directory) if missing */
};

/*
 * The ledger's path: opt (from --ledger) if not NULL, else $FRFILE_LEDGER,
 * else fr_userdir()/ledger.db. The caller frees it.
 */
char *ledger_default_path(const char *opt);

/*
 * Opens (and for LEDGER_CREATE creates) the ledger. Errors: FR_ENOENT (no
 * file, or an empty one, in LEDGER_READ), FR_EFORMAT (not SQLite, not a
 * frfile ledger, newer schema, corrupt), FR_EIO, FR_EBUSY; one diagnostic
 * naming the file says which.
 */
int ledger_open(const char *path, enum ledger_mode, struct ledger **,
    struct fr_diags *);
void ledger_close(struct ledger *);
const char *ledger_path(const struct ledger *);

/* The key file beside a ledger: PATH.key (caller frees). */
char *ledger_key_path(const char *path);

/* Adds an observation (id and recorded_at are set by the ledger). */
int ledger_record(struct ledger *, const struct fr_observation *,
    struct fr_diags *);
/*
 * Adds an observation and what it saw of each device's audit log (ndev
 * rows, store_id, device, entries, head; may be 0) in one transaction.
 */
int ledger_record_count(struct ledger *, const struct fr_observation *,
    const struct fr_device_audit *, size_t ndev, struct fr_diags *);
/* Records that a count failed on date, and why. */
int ledger_record_failure(struct ledger *, int date, const char *reason,
    struct fr_diags *);
/* Adds a filing event (count: the filed figure, or -1). */
int ledger_add_event(struct ledger *, const struct fr_event *,
    struct fr_diags *);
/*
 * Reads everything, observations and events sorted by date then id, and
 * verifies the chain and its keyed head: FR_ECRYPTO (ledger.tampered,
 * naming the row) when they do not hold, FR_EIO when the key file
 * cannot be read.
 */
int ledger_history(struct ledger *, struct fr_history *, struct fr_diags *);

/*
 * Chains a schema 1 ledger (one transaction): every existing row gets
 * its place and hash, the key file is made, the schema becomes 2.
 * *rows is the number of rows chained. FR_ENOENT: no file; FR_EEXIST-
 * like refusals (already chained, a key file already there) are
 * FR_EINVAL with a diagnostic.
 */
int ledger_upgrade(const char *path, long long *rows, struct fr_diags *);

/*
 * Small key/value state (for example the last alert state a notifier
 * sent). get: FR_OK with *value, or FR_ENOENT. set: value NULL deletes.
 */
int ledger_state_get(struct ledger *, const char *key, char **value,
    struct fr_diags *);
int ledger_state_set(struct ledger *, const char *key, const char *value,
    struct fr_diags *);

#endif
