/*
 * store.h — the encrypted template store of one device (SQLite file plus a
 * separate key file).
 *
 * Every template and every person id (with the consent references) is
 * sealed with AES-256-GCM under a key derived from the key file; the
 * associated data binds each record to this store and its row, so a
 * record copied to another row or store fails to open. Lookups by person
 * use a keyed hash (HMAC-SHA256 under another derived key), so the file
 * holds no person id in clear and an id cannot be tested without the key.
 *
 * Deleted persons leave a tombstone (sealed id, enrolment and deletion
 * dates, no template): Art. 6 and Art. 8 of the Measures require the
 * facial information to be deleted, while the record of the processing
 * is kept for at least three years (Art. 9; PIPL Art. 56), and it holds
 * no facial data. The tombstones let the facts give the exact daily count
 * of stored individuals over the past.
 *
 * All writes happen inside fm_store_begin/commit: on any error the caller
 * rolls back and the store is unchanged. Only store.c includes sqlite3.h.
 */
#ifndef FM_STORE_H
#define FM_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "frmatch/fm.h"
#include "frmatch/scan.h"

#define FM_SCHEMA_VERSION 2
#define FM_SUBJECT_LEN	16	/* hex digits of a person's audit subject */

struct fm_store;

struct fm_store_info {
	int schema;
	char store_id[33];	/* 128-bit random, hex */
	int dim;
	char device[FM_REF_MAX + 1];
	int retention_days;	/* the default for new persons */
	char created[32];
};

/*
 * The keyed state (schema 2): what the file held at the last commit, kept
 * under an HMAC in meta and compared with the file on every open.
 */
struct fm_state {
	int64_t entries, last_seq;	/* audit log: entries, last seq */
	char head[65];			/* hash of the last entry (hex) */
	int64_t persons, live, max_person, templates, max_template;
};

/* Flags of fm_store_open (FM_OPEN_WRITE is the old "writable" 1). */
#define FM_OPEN_WRITE	1
#define FM_OPEN_NOCHECK	2	/* leave the keyed state to the audit walk */
#define FM_OPEN_UPGRADE	4	/* accept schema 1, for fm_store_upgrade */

/* What one enrolment stores. */
struct fm_enrol {
	const char *person;
	const float *tmpl;	/* info.dim floats, checked by the caller */
	int enrolled;		/* day number */
	const char *consent;	/* may be NULL */
	int minor;		/* under 14 (Art. 13: guardian consent) */
	const char *guardian_consent;	/* may be NULL */
	int retention_days;	/* <= 0: the store's default */
	const char *device;	/* NULL: the store's device label */
};

/* Create path and keypath (both 0600, neither may exist). */
int fm_store_create(const char *path, const char *keypath, int dim,
    const char *device, int retention_days, struct fm_err *);
/*
 * Open an existing store (flags: FM_OPEN_*). A wrong key, a newer schema,
 * schema 1 (run fm_store_upgrade) and a file that does not match its
 * keyed state (rows or audit entries removed, an older head put back,
 * settings edited) are refused with one line naming what is wrong.
 */
int fm_store_open(const char *path, const char *keypath, int flags,
    struct fm_store **, struct fm_err *);
/*
 * Convert a schema 1 store to schema 2 in one transaction: its audit log
 * must verify; every person row gets its MAC; an "upgrade" entry is
 * audited. *from is the schema found (2: nothing was done).
 */
int fm_store_upgrade(const char *path, const char *keypath,
    const char *operator, int *from, int64_t *rows, struct fm_err *);
void fm_store_close(struct fm_store *);
const struct fm_store_info *fm_store_info(const struct fm_store *);
const char *fm_store_keypath(const struct fm_store *);

int fm_store_begin(struct fm_store *, struct fm_err *);
int fm_store_commit(struct fm_store *, struct fm_err *);
void fm_store_rollback(struct fm_store *);

/*
 * Enrol a person. add == 0: the person must not be stored yet (FR_EINVAL,
 * "already enrolled"); add != 0: the person must exist and receives one
 * more template.
 */
int fm_store_enrol(struct fm_store *, const struct fm_enrol *, int add,
    struct fm_err *);
/* Remove every template of person, leave a tombstone (FR_ENOENT: unknown). */
int fm_store_delete(struct fm_store *, const char *person, int day,
    const char *reason, int *ntemplates, struct fm_err *);
/* Retention (Art. 8): remove persons whose deadline is on or before today. */
int fm_store_purge(struct fm_store *, int today, int *npersons,
    int *ntemplates, struct fm_err *);
/* Rebuild the file so freed pages are gone (after delete and purge). */
int fm_store_vacuum(struct fm_store *, struct fm_err *);

/*
 * Decrypt templates into m (initialised by the caller with the store's
 * dim): every template, or person's only (FR_ENOENT if not stored).
 * owners[i] is the person row of m's row i; *maxper the largest number of
 * templates one person has.
 */
int fm_store_load(struct fm_store *, const char *person, struct fm_matrix *m,
    int64_t **owners, size_t *maxper, struct fm_err *);
/* The person id of a person row (decrypted); caller frees. */
int fm_store_person_id(struct fm_store *, int64_t row, char **person,
    struct fm_err *);
/* The audit subject for a person id: keyed hash, FM_SUBJECT_LEN hex. */
void fm_store_subject(const struct fm_store *, const char *person,
    char out[FM_SUBJECT_LEN + 1]);

/* Append one entry to the hash-chained audit log (in the transaction). */
int fm_store_audit(struct fm_store *, const char *operator,
    const char *action, const char *subject, const char *outcome,
    struct fm_err *);

struct fm_audit_entry {
	int64_t seq;
	const char *at, *operator, *action, *subject, *outcome, *prev, *hash;
	int ok;			/* this entry's link verified */
};
struct fm_audit_check {
	int64_t entries;
	int verified;		/* 1: the whole chain and its head verify */
	int64_t first_bad;	/* seq of the first bad entry, 0 if none */
	char problem[512];	/* what is wrong, "" if nothing */
	char head[65];		/* hash of the last entry, 64 zeros if none */
};
/*
 * Walk the audit log in order, verifying the chain, then the keyed state
 * and every person row's MAC; cb (may be NULL) sees each entry and may
 * return non-zero to stop early (then the check is incomplete and
 * verified is 0).
 */
int fm_store_audit_walk(struct fm_store *,
    int (*cb)(const struct fm_audit_entry *, void *), void *arg,
    struct fm_audit_check *, struct fm_err *);

struct fm_stats {
	int64_t individuals, templates, minors, minors_no_guardian;
	int64_t without_consent, expired, withdrawn, purged;
	int oldest, newest;	/* -1 when empty */
	int64_t max_templates_per_person;
};
int fm_store_stats(struct fm_store *, int today, struct fm_stats *,
    struct fm_err *);

struct fm_day_count {
	int date;
	int64_t individuals;
};
/* One row per day the count of stored persons changed (end of day). */
int fm_store_history(struct fm_store *, struct fm_day_count **, size_t *,
    struct fm_err *);

/*
 * Every person ever stored, tombstones included, with the stored interval
 * [from, until) (until -1 while stored); the id is decrypted for cb only.
 */
int fm_store_persons(struct fm_store *,
    int (*cb)(const char *person, int from, int until, void *), void *arg,
    struct fm_err *);

/* File mode bits of the store and key files (for the facts). */
int fm_store_modes(const struct fm_store *, unsigned *store_mode,
    unsigned *key_mode);

#endif
