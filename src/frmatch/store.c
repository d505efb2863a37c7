/*
 * store.c — the encrypted template store (see store.h); the one frmatch
 * module that includes sqlite3.h.
 *
 * Schema 2:
 *   meta(k, v)             store id, dimension, device, default retention,
 *                          key check, the keyed state (below)
 *   persons(id, pkey, info, enrolled, retention_until, minor, has_consent,
 *           has_guardian_consent, device, deleted, deleted_reason, mac)
 *                          pkey = HMAC(index key, person id); info = sealed
 *                          JSON {person, consent, guardian_consent}; mac =
 *                          HMAC(row key, every other column)
 *   templates(id, person, sealed)   sealed float32 vector
 *   audit(seq, at, operator, action, subject, outcome, prev, hash)
 * PRAGMA user_version is the schema version, application_id marks the
 * file as a frmatch store. secure_delete is on for every connection so
 * freed pages are overwritten with zeros (Art. 6: deletion means gone).
 *
 * Clear columns (minor, consent flags, dates, deletion) are what the
 * facts count, so each person row carries a MAC over them under a key
 * derived from the store key: a row edited with sqlite3 alone is named
 * on every read. What a per-row MAC cannot see (a row removed, an old
 * row version or an older audit head put back) the keyed state sees: at
 * every commit meta "state" records the audit log's length and last hash,
 * the person and template row counts and the store's settings, under an
 * HMAC; every open compares it with the file. Rolling back the whole
 * file is invisible from inside it: the facts publish the audit head for
 * frfile's ledger to keep (docs/facts.md).
 *
 * Schema 1 (no row MACs, a head over the audit log only) is converted by
 * fm_store_upgrade, in one audited transaction; otherwise refused.
 */
#include "frmatch/store.h"
#include "frmatch/crypto.h"
#include "core/date.h"
#include "core/fr.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define APP_ID 0x46524d54	/* "FRMT" */

struct fm_store {
	sqlite3 *db;
	char *path, *keypath;
	struct fm_store_info info;
	unsigned char sid[16];			/* store id, binary */
	unsigned char enc_key[FM_HASH_LEN];	/* AES-256-GCM */
	unsigned char idx_key[FM_HASH_LEN];	/* person lookup HMAC */
	unsigned char audit_key[FM_HASH_LEN];	/* audit subjects, head */
	unsigned char row_key[FM_HASH_LEN];	/* row MACs, keyed state */
	int in_tx;
	int rows_ok;			/* every person row checked */
	struct fm_state state;		/* as recorded, once verified */
	char state_err[256];		/* why it does not verify, or "" */
	int64_t next_tmpl, next_person;
	sqlite3_stmt *ins_person, *ins_tmpl, *find_person;
};

static const char *schema_sql =
    "PRAGMA application_id = 1179798868;"
    "PRAGMA user_version = 2;"
    "CREATE TABLE meta(k TEXT PRIMARY KEY, v TEXT NOT NULL);"
    "CREATE TABLE persons(id INTEGER PRIMARY KEY, pkey BLOB NOT NULL,"
    " info BLOB NOT NULL, enrolled INTEGER NOT NULL,"
    " retention_until INTEGER NOT NULL, minor INTEGER NOT NULL,"
    " has_consent INTEGER NOT NULL, has_guardian_consent INTEGER NOT NULL,"
    " device TEXT, deleted INTEGER, deleted_reason TEXT, mac BLOB);"
    "CREATE UNIQUE INDEX persons_live ON persons(pkey)"
    " WHERE deleted IS NULL;"
    "CREATE TABLE templates(id INTEGER PRIMARY KEY,"
    " person INTEGER NOT NULL REFERENCES persons(id), sealed BLOB NOT NULL);"
    "CREATE INDEX templates_person ON templates(person);"
    "CREATE TABLE audit(seq INTEGER PRIMARY KEY, at TEXT NOT NULL,"
    " operator TEXT NOT NULL, action TEXT NOT NULL, subject TEXT,"
    " outcome TEXT NOT NULL, prev TEXT NOT NULL, hash TEXT NOT NULL);"
    /* Append-only by default; the hash chain catches whoever drops these. */
    "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
    " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
    "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
    " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;";

/* Sets e to the store, what failed and SQLite's message; returns FR_EIO. */
static int
dberr(struct fm_store *s, struct fm_err *e, const char *what)
{
	fm_seterr(e, "%s: %s: %s", s->path, what, sqlite3_errmsg(s->db));
	return FR_EIO;
}

/* Run SQL that returns no rows; FR_EIO with the message in e. */
static int
sql_exec(struct fm_store *s, const char *sql, struct fm_err *e)
{
	char *msg = NULL;

	if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		fm_seterr(e, "%s: %s", s->path, msg ? msg : "database error");
		sqlite3_free(msg);
		return FR_EIO;
	}
	return FR_OK;
}

/* Prepares sql; NULL with the message in e. The caller finalizes. */
static sqlite3_stmt *
prep(struct fm_store *s, const char *sql, struct fm_err *e)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
		dberr(s, e, "prepare");
		return NULL;
	}
	return st;
}

/* Derives the encryption, index, audit and row keys from the master key. */
static void
derive_keys(struct fm_store *s, const unsigned char master[FM_KEY_LEN])
{
	/* Separate keys per purpose (HKDF-Expand with one block). */
	fm_hmac(master, FM_KEY_LEN, "frmatch enc v1\x01", 15, s->enc_key);
	fm_hmac(master, FM_KEY_LEN, "frmatch index v1\x01", 17, s->idx_key);
	fm_hmac(master, FM_KEY_LEN, "frmatch audit v1\x01", 17, s->audit_key);
	fm_hmac(master, FM_KEY_LEN, "frmatch row v2\x01", 15, s->row_key);
}

/* AAD: a label, the store id and up to two row numbers. */
static size_t
make_aad(const struct fm_store *s, const char *label, int64_t a, int64_t b,
    unsigned char *out)
{
	size_t n = strlen(label), i;

	memcpy(out, label, n);
	out[n++] = 0;
	memcpy(out + n, s->sid, 16);
	n += 16;
	for (i = 0; i < 8; i++)
		out[n++] = (unsigned char)((uint64_t)a >> (8 * i));
	for (i = 0; i < 8; i++)
		out[n++] = (unsigned char)((uint64_t)b >> (8 * i));
	return n;
}

/* The meta value of k into buf (cut to len); 0, or -1 if none or on error. */
static int
meta_get(struct fm_store *s, const char *k, char *buf, size_t len)
{
	sqlite3_stmt *st;
	int rc = -1;

	if (sqlite3_prepare_v2(s->db, "SELECT v FROM meta WHERE k = ?", -1,
	    &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, k, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(buf, len, "%s", (const char *)sqlite3_column_text(st,
		    0));
		rc = 0;
	}
	sqlite3_finalize(st);
	return rc;
}

/* Sets the meta value of k to v; FR_EIO with the message in e. */
static int
meta_set(struct fm_store *s, const char *k, const char *v, struct fm_err *e)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = prep(s, "INSERT OR REPLACE INTO meta(k, v) VALUES (?, ?)",
	    e)) == NULL)
		return FR_EIO;
	sqlite3_bind_text(st, 1, k, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, v, -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_DONE ? FR_OK : dberr(s, e, "meta");
	sqlite3_finalize(st);
	return rc;
}

static const char key_check_pt[] = "frmatch key check";

/* ---- authenticated person rows and the keyed state (schema 2) ---- */

#define PCOLS "id, pkey, info, enrolled, retention_until, minor," \
    " has_consent, has_guardian_consent, device, deleted, deleted_reason"

/* The clear columns of one person row, as the MAC covers them. */
struct prow {
	int64_t id;
	const void *pkey, *info;
	int pkeylen, infolen;
	int enrolled, until, minor, has_consent, has_guardian;
	const char *device;	/* NULL when NULL */
	int is_deleted, deleted;
	const char *reason;	/* NULL when NULL */
};

/*
 * Read columns 0..10 (PCOLS) of st. An integer stored as text or a real
 * is refused: SQL would compare it one way and the MAC see another.
 */
static int
prow_from(sqlite3_stmt *st, struct prow *r)
{
	static const int ints[] = { 0, 3, 4, 5, 6, 7 };
	size_t i;

	for (i = 0; i < sizeof ints / sizeof ints[0]; i++)
		if (sqlite3_column_type(st, ints[i]) != SQLITE_INTEGER)
			return -1;
	if (sqlite3_column_type(st, 1) != SQLITE_BLOB ||
	    sqlite3_column_type(st, 2) != SQLITE_BLOB)
		return -1;
	if (sqlite3_column_type(st, 8) != SQLITE_NULL &&
	    sqlite3_column_type(st, 8) != SQLITE_TEXT)
		return -1;
	if (sqlite3_column_type(st, 9) != SQLITE_NULL &&
	    sqlite3_column_type(st, 9) != SQLITE_INTEGER)
		return -1;
	if (sqlite3_column_type(st, 10) != SQLITE_NULL &&
	    sqlite3_column_type(st, 10) != SQLITE_TEXT)
		return -1;
	r->id = sqlite3_column_int64(st, 0);
	r->pkey = sqlite3_column_blob(st, 1);
	r->pkeylen = sqlite3_column_bytes(st, 1);
	r->info = sqlite3_column_blob(st, 2);
	r->infolen = sqlite3_column_bytes(st, 2);
	r->enrolled = sqlite3_column_int(st, 3);
	r->until = sqlite3_column_int(st, 4);
	r->minor = sqlite3_column_int(st, 5);
	r->has_consent = sqlite3_column_int(st, 6);
	r->has_guardian = sqlite3_column_int(st, 7);
	r->device = sqlite3_column_type(st, 8) == SQLITE_NULL ? NULL :
	    (const char *)sqlite3_column_text(st, 8);
	r->is_deleted = sqlite3_column_type(st, 9) != SQLITE_NULL;
	r->deleted = r->is_deleted ? sqlite3_column_int(st, 9) : 0;
	r->reason = sqlite3_column_type(st, 10) == SQLITE_NULL ? NULL :
	    (const char *)sqlite3_column_text(st, 10);
	return 0;
}

/* HMAC under the row key of every column but the MAC, length-prefixed. */
static void
prow_mac(const struct fm_store *s, const struct prow *r,
    unsigned char out[FM_HASH_LEN])
{
	unsigned char ih[FM_HASH_LEN];
	char pk[2 * FM_HASH_LEN + 1], ihex[2 * FM_HASH_LEN + 1], *buf;
	size_t pl = r->pkeylen == FM_HASH_LEN ? FM_HASH_LEN : 0;

	memset(pk, 0, sizeof pk);
	if (pl > 0)
		fr_hex(r->pkey, pl, pk);
	else
		snprintf(pk, sizeof pk, "len%d", r->pkeylen);
	fm_sha256(r->info, (size_t)r->infolen, ih);
	fr_hex(ih, sizeof ih, ihex);
	buf = fr_xasprintf("frmatch-person-2|%lld|%s|%s|%d|%d|%d|%d|%d|"
	    "%c%zu:%s|%c%d|%c%zu:%s", (long long)r->id, pk, ihex, r->enrolled,
	    r->until, r->minor, r->has_consent, r->has_guardian,
	    r->device ? 'd' : 'n', r->device ? strlen(r->device) : 0,
	    r->device ? r->device : "", r->is_deleted ? 'd' : 'n', r->deleted,
	    r->reason ? 'r' : 'n', r->reason ? strlen(r->reason) : 0,
	    r->reason ? r->reason : "");
	fm_hmac(s->row_key, sizeof s->row_key, buf, strlen(buf), out);
	free(buf);
}

/* Check the row st stands on (PCOLS then mac, column 11). */
static int
check_row(struct fm_store *s, sqlite3_stmt *st, struct prow *r,
    struct fm_err *e)
{
	unsigned char mac[FM_HASH_LEN];

	if (prow_from(st, r) != 0 ||
	    sqlite3_column_type(st, 11) != SQLITE_BLOB ||
	    sqlite3_column_bytes(st, 11) != FM_HASH_LEN) {
		fm_seterr(e, "%s: person row %lld was altered outside frmatch "
		    "(a column has the wrong type or the MAC is missing)",
		    s->path, (long long)sqlite3_column_int64(st, 0));
		return FR_ECRYPTO;
	}
	prow_mac(s, r, mac);
	if (!fm_memeq(mac, sqlite3_column_blob(st, 11), sizeof mac)) {
		fm_seterr(e, "%s: person row %lld was altered outside frmatch "
		    "(its columns fail authentication)", s->path,
		    (long long)r->id);
		return FR_ECRYPTO;
	}
	return FR_OK;
}

/* Authenticate every person row once per open. */
static int
check_all_rows(struct fm_store *s, struct fm_err *e)
{
	sqlite3_stmt *st;
	struct prow r;
	int rc = FR_OK, x;

	if (s->rows_ok || s->info.schema < 2)
		return FR_OK;
	if ((st = prep(s, "SELECT " PCOLS ", mac FROM persons ORDER BY id",
	    e)) == NULL)
		return FR_EIO;
	while ((x = sqlite3_step(st)) == SQLITE_ROW)
		if ((rc = check_row(s, st, &r, e)) != FR_OK)
			break;
	if (rc == FR_OK && x != SQLITE_DONE)
		rc = dberr(s, e, "read persons");
	sqlite3_finalize(st);
	if (rc == FR_OK)
		s->rows_ok = 1;
	return rc;
}

/* What the file holds now: counts, highest rows, the audit log's end. */
static int
read_state(struct fm_store *s, struct fm_state *x, struct fm_err *e)
{
	sqlite3_stmt *st;
	int rc = FR_EIO;

	memset(x, 0, sizeof *x);
	memset(x->head, '0', 2 * FM_HASH_LEN);
	if ((st = prep(s, "SELECT (SELECT COUNT(*) FROM persons),"
	    " (SELECT COUNT(*) FROM persons WHERE deleted IS NULL),"
	    " (SELECT COALESCE(MAX(id), 0) FROM persons),"
	    " (SELECT COUNT(*) FROM templates),"
	    " (SELECT COALESCE(MAX(id), 0) FROM templates),"
	    " (SELECT COUNT(*) FROM audit),"
	    " (SELECT COALESCE(MAX(seq), 0) FROM audit),"
	    " (SELECT hash FROM audit ORDER BY seq DESC LIMIT 1)", e)) == NULL)
		return FR_EIO;
	if (sqlite3_step(st) != SQLITE_ROW) {
		dberr(s, e, "read state");
		goto out;
	}
	x->persons = sqlite3_column_int64(st, 0);
	x->live = sqlite3_column_int64(st, 1);
	x->max_person = sqlite3_column_int64(st, 2);
	x->templates = sqlite3_column_int64(st, 3);
	x->max_template = sqlite3_column_int64(st, 4);
	x->entries = sqlite3_column_int64(st, 5);
	x->last_seq = sqlite3_column_int64(st, 6);
	if (sqlite3_column_type(st, 7) != SQLITE_NULL)
		snprintf(x->head, sizeof x->head, "%s",
		    (const char *)sqlite3_column_text(st, 7));
	rc = FR_OK;
out:
	sqlite3_finalize(st);
	return rc;
}

/* The state as the text its MAC covers: audit end, counts, highest rows. */
static void
state_text(const struct fm_state *x, char *buf, size_t len)
{
	snprintf(buf, len, "2|%lld|%lld|%s|%lld|%lld|%lld|%lld|%lld",
	    (long long)x->entries, (long long)x->last_seq, x->head,
	    (long long)x->persons, (long long)x->live,
	    (long long)x->max_person, (long long)x->templates,
	    (long long)x->max_template);
}

/* The state's MAC also covers the settings read from meta at open. */
static void
state_mac(const struct fm_store *s, const char *text,
    char out[2 * FM_HASH_LEN + 1])
{
	unsigned char h[FM_HASH_LEN];
	char *buf;

	buf = fr_xasprintf("frmatch-state-2|%s|%d|%zu:%s|%zu:%s|%d|%s",
	    s->info.store_id, s->info.dim, strlen(s->info.device),
	    s->info.device, strlen(s->info.created), s->info.created,
	    s->info.retention_days, text);
	fm_hmac(s->row_key, sizeof s->row_key, buf, strlen(buf), h);
	free(buf);
	fr_hex(h, sizeof h, out);
}

/* Records the file's state under its MAC in meta "state", and in s. */
static int
write_state(struct fm_store *s, struct fm_err *e)
{
	char text[256], mac[2 * FM_HASH_LEN + 1], *v;
	struct fm_state x;
	int rc;

	if ((rc = read_state(s, &x, e)) != FR_OK)
		return rc;
	state_text(&x, text, sizeof text);
	state_mac(s, text, mac);
	v = fr_xasprintf("%s|%s", text, mac);
	rc = meta_set(s, "state", v, e);
	free(v);
	if (rc == FR_OK)
		s->state = x;
	return rc;
}

/* Reads the keyed state's text back into x; 0, or -1 if malformed. */
static int
parse_state(const char *t, struct fm_state *x)
{
	long long v[8];
	char head[2 * FM_HASH_LEN + 2];
	int n = 0;

	memset(x, 0, sizeof *x);
	if (sscanf(t, "2|%lld|%lld|%65[0-9a-f]|%lld|%lld|%lld|%lld|%lld%n",
	    &v[0], &v[1], head, &v[3], &v[4], &v[5], &v[6], &v[7], &n) != 8 ||
	    t[n] != '\0' || strlen(head) != 2 * FM_HASH_LEN)
		return -1;
	x->entries = v[0];
	x->last_seq = v[1];
	memcpy(x->head, head, sizeof x->head);
	x->persons = v[3];
	x->live = v[4];
	x->max_person = v[5];
	x->templates = v[6];
	x->max_template = v[7];
	return 0;
}

/*
 * Compare the file with its keyed state; on a difference, one message
 * naming what differs. FR_ECRYPTO when tampered.
 */
static int
check_state(struct fm_store *s, struct fm_err *e)
{
	char buf[512], mac[2 * FM_HASH_LEN + 1], *bar;
	struct fm_state rec, now;
	int rc;

	if (meta_get(s, "state", buf, sizeof buf) != 0) {
		fm_seterr(e, "%s: the keyed state is missing (removed outside "
		    "frmatch with the audit head it keeps)", s->path);
		return FR_ECRYPTO;
	}
	if ((bar = strrchr(buf, '|')) == NULL)
		goto forged;
	*bar++ = '\0';
	state_mac(s, buf, mac);
	if (strlen(bar) != 2 * FM_HASH_LEN || !fm_memeq(mac, bar, sizeof mac)
	    || parse_state(buf, &rec) != 0)
		goto forged;
	if ((rc = read_state(s, &now, e)) != FR_OK)
		return rc;
	if (now.entries != rec.entries || now.last_seq != rec.last_seq) {
		fm_seterr(e, "%s: the audit log does not end where it was last "
		    "written: %lld entries, the keyed head records %lld "
		    "(entries removed or added outside frmatch, or an older "
		    "head put back)", s->path, (long long)now.entries,
		    (long long)rec.entries);
		return FR_ECRYPTO;
	}
	if (strcmp(now.head, rec.head) != 0) {
		fm_seterr(e, "%s: the audit log does not end where it was last "
		    "written: its last entry is not the one the keyed head "
		    "records (rewritten outside frmatch)", s->path);
		return FR_ECRYPTO;
	}
	if (now.persons != rec.persons || now.max_person != rec.max_person) {
		fm_seterr(e, "%s: %lld person rows, the keyed state records "
		    "%lld (rows removed or added outside frmatch)", s->path,
		    (long long)now.persons, (long long)rec.persons);
		return FR_ECRYPTO;
	}
	if (now.live != rec.live) {
		fm_seterr(e, "%s: %lld persons stored, the keyed state records "
		    "%lld (a deletion marked or undone outside frmatch)",
		    s->path, (long long)now.live, (long long)rec.live);
		return FR_ECRYPTO;
	}
	if (now.templates != rec.templates ||
	    now.max_template != rec.max_template) {
		fm_seterr(e, "%s: %lld templates, the keyed state records %lld "
		    "(rows removed or added outside frmatch)", s->path,
		    (long long)now.templates, (long long)rec.templates);
		return FR_ECRYPTO;
	}
	s->state = rec;
	return FR_OK;
forged:
	fm_seterr(e, "%s: the keyed state does not authenticate (the store's "
	    "settings or its audit head were edited outside frmatch)",
	    s->path);
	return FR_ECRYPTO;
}

/* Closes the database, wipes the derived keys and frees s; NULL is a no-op. */
static void
store_free(struct fm_store *s)
{
	if (s == NULL)
		return;
	sqlite3_finalize(s->ins_person);
	sqlite3_finalize(s->ins_tmpl);
	sqlite3_finalize(s->find_person);
	if (s->db != NULL)
		sqlite3_close(s->db);
	fm_cleanse(s->enc_key, sizeof s->enc_key);
	fm_cleanse(s->idx_key, sizeof s->idx_key);
	fm_cleanse(s->audit_key, sizeof s->audit_key);
	fm_cleanse(s->row_key, sizeof s->row_key);
	free(s->path);
	free(s->keypath);
	free(s);
}

/* Open the store's database with flags and the settings every use needs. */
static int
store_connect(struct fm_store *s, int flags, struct fm_err *e)
{
	if (sqlite3_open_v2(s->path, &s->db, flags, NULL) != SQLITE_OK) {
		fm_seterr(e, "%s: cannot open store: %s", s->path,
		    s->db ? sqlite3_errmsg(s->db) : "out of memory");
		return FR_EIO;
	}
	sqlite3_busy_timeout(s->db, 5000);
	/* Freed pages are zeroed; temporary tables never touch the disk. */
	/*
	 * A page cache large enough for the person table; reads through
	 * mmap. Templates are read once per command, so the cache is not
	 * sized for them.
	 */
	if (sql_exec(s, "PRAGMA secure_delete = ON; PRAGMA temp_store = MEMORY;"
	    " PRAGMA foreign_keys = ON; PRAGMA cache_size = -32768;"
	    " PRAGMA mmap_size = 1073741824;", e) != FR_OK) {
		if (sqlite3_errcode(s->db) == SQLITE_NOTADB)
			fm_seterr(e, "%s: not a frmatch store (not an SQLite "
			    "database)", s->path);
		return FR_EFORMAT;
	}
	return FR_OK;
}

int
fm_store_create(const char *path, const char *keypath, int dim,
    const char *device, int retention_days, struct fm_err *e)
{
	struct fm_store *s = fr_xcalloc(1, sizeof *s);
	unsigned char master[FM_KEY_LEN], sealed[64], aad[64];
	char hex[2 * sizeof sealed + 1], num[32], now[32];
	int rc = FR_EIO, made_db = 0, made_key = 0;
	size_t n;

	s->path = fr_xstrdup(path);
	/* Create the file 0600 ourselves: SQLite copies its mode. */
	if (fr_write_file_new(path, "", 0, 0600) != FR_OK) {
		fm_seterr(e, "%s: cannot create store: %s", path,
		    strerror(errno));
		goto out;
	}
	made_db = 1;
	if ((rc = fm_key_create(keypath, e)) != FR_OK)
		goto out;
	made_key = 1;
	if ((rc = fm_key_read(keypath, master, e)) != FR_OK)
		goto out;
	derive_keys(s, master);
	fm_cleanse(master, sizeof master);
	if (fm_random(s->sid, sizeof s->sid) != FR_OK) {
		fm_seterr(e, "no randomness available");
		rc = FR_ECRYPTO;
		goto out;
	}
	rc = FR_EIO;
	if (store_connect(s, SQLITE_OPEN_READWRITE, e) != FR_OK)
		goto out;
	/*
	 * 16 KiB pages hold seven 512-float templates where 4 KiB pages hold
	 * one (a sealed 512-d template is 2076 bytes): half the file size.
	 */
	if (sql_exec(s, "PRAGMA page_size = 16384", e) != FR_OK ||
	    sql_exec(s, "BEGIN IMMEDIATE", e) != FR_OK ||
	    sql_exec(s, schema_sql, e) != FR_OK)
		goto out;
	fr_hex(s->sid, sizeof s->sid, s->info.store_id);
	fr_time_iso_cst(time(NULL), now);
	s->info.schema = FM_SCHEMA_VERSION;
	s->info.dim = dim;
	snprintf(s->info.device, sizeof s->info.device, "%s", device);
	snprintf(s->info.created, sizeof s->info.created, "%s", now);
	s->info.retention_days = retention_days;
	snprintf(num, sizeof num, "%d", dim);
	if (meta_set(s, "store_id", s->info.store_id, e) != FR_OK ||
	    meta_set(s, "dim", num, e) != FR_OK ||
	    meta_set(s, "device", device, e) != FR_OK ||
	    meta_set(s, "created", now, e) != FR_OK)
		goto out;
	snprintf(num, sizeof num, "%d", retention_days);
	if (meta_set(s, "retention_days", num, e) != FR_OK)
		goto out;
	n = make_aad(s, "frmatch/key-check", 0, 0, aad);
	if (fm_seal(s->enc_key, aad, n, key_check_pt, sizeof key_check_pt,
	    sealed) != FR_OK) {
		fm_seterr(e, "encryption failed");
		rc = FR_ECRYPTO;
		goto out;
	}
	fr_hex(sealed, sizeof key_check_pt + FM_SEAL_OVERHEAD, hex);
	if (meta_set(s, "key_check", hex, e) != FR_OK ||
	    write_state(s, e) != FR_OK || sql_exec(s, "COMMIT", e) != FR_OK)
		goto out;
	rc = FR_OK;
out:
	store_free(s);
	if (rc != FR_OK) {
		if (made_db)
			unlink(path);
		if (made_key)
			unlink(keypath);
	}
	return rc;
}

int
fm_store_open(const char *path, const char *keypath, int flags,
    struct fm_store **out, struct fm_err *e)
{
	int writable = flags & FM_OPEN_WRITE;
	struct fm_store *s;
	unsigned char master[FM_KEY_LEN], sealed[128], pt[128], aad[64];
	char buf[512];
	sqlite3_stmt *st = NULL;
	long long v;
	int rc = FR_EFORMAT, appid = 0, version = 0;
	size_t n, len;

	*out = NULL;
	if (access(path, F_OK) != 0) {
		fm_seterr(e, "%s: no such store (create it with frmatch init)",
		    path);
		return FR_ENOENT;
	}
	s = fr_xcalloc(1, sizeof *s);
	s->path = fr_xstrdup(path);
	s->keypath = fr_xstrdup(keypath);
	if (store_connect(s, writable ? SQLITE_OPEN_READWRITE :
	    SQLITE_OPEN_READONLY, e) != FR_OK) {
		rc = FR_EIO;
		goto out;
	}
	if (sqlite3_prepare_v2(s->db, "PRAGMA application_id", -1, &st,
	    NULL) != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW) {
		fm_seterr(e, "%s: not a frmatch store (%s)", path,
		    sqlite3_errmsg(s->db));
		goto out;
	}
	appid = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	st = NULL;
	if (appid != APP_ID) {
		fm_seterr(e, "%s: not a frmatch store", path);
		goto out;
	}
	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st,
	    NULL) != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW)
		goto out;
	version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	st = NULL;
	if (version > FM_SCHEMA_VERSION) {
		fm_seterr(e, "%s: store schema version %d is newer than this "
		    "frmatch supports (%d); use a newer frmatch", path, version,
		    FM_SCHEMA_VERSION);
		goto out;
	}
	if (version < 1) {
		fm_seterr(e, "%s: store schema version %d is not valid", path,
		    version);
		goto out;
	}
	if (version == 1 && !(flags & FM_OPEN_UPGRADE)) {
		fm_seterr(e, "%s: store schema version 1 has no authenticated "
		    "rows; upgrade it once with: frmatch upgrade %s", path,
		    path);
		goto out;
	}
	s->info.schema = version;
	if (meta_get(s, "store_id", s->info.store_id,
	    sizeof s->info.store_id) != 0 ||
	    fr_unhex(s->info.store_id, sizeof s->sid, s->sid) != FR_OK ||
	    meta_get(s, "dim", buf, sizeof buf) != 0 ||
	    fr_parse_ll(buf, FM_DIM_MIN, FM_DIM_MAX, &v) != FR_OK) {
		fm_seterr(e, "%s: store metadata is missing or damaged", path);
		goto out;
	}
	s->info.dim = (int)v;
	if (meta_get(s, "retention_days", buf, sizeof buf) != 0 ||
	    fr_parse_ll(buf, 1, FM_RETENTION_MAX, &v) != FR_OK) {
		fm_seterr(e, "%s: store metadata is missing or damaged", path);
		goto out;
	}
	s->info.retention_days = (int)v;
	if (meta_get(s, "device", s->info.device, sizeof s->info.device) != 0)
		s->info.device[0] = '\0';
	if (meta_get(s, "created", s->info.created, sizeof s->info.created)
	    != 0)
		s->info.created[0] = '\0';
	if ((rc = fm_key_read(keypath, master, e)) != FR_OK)
		goto out;
	derive_keys(s, master);
	fm_cleanse(master, sizeof master);
	rc = FR_ECRYPTO;
	len = sizeof key_check_pt + FM_SEAL_OVERHEAD;
	n = make_aad(s, "frmatch/key-check", 0, 0, aad);
	if (meta_get(s, "key_check", buf, sizeof buf) != 0 ||
	    fr_unhex(buf, len, sealed) != FR_OK ||
	    fm_open(s->enc_key, aad, n, sealed, len, pt) != FR_OK ||
	    memcmp(pt, key_check_pt, sizeof key_check_pt) != 0) {
		fm_seterr(e, "%s: wrong key for store %s (the key does not "
		    "open this store)", keypath, path);
		goto out;
	}
	/* One read transaction: the state and the counts it is compared
	 * with come from the same commit. */
	if (version >= 2 && !(flags & FM_OPEN_NOCHECK)) {
		if (sql_exec(s, "BEGIN", e) != FR_OK) {
			rc = FR_EIO;
			goto out;
		}
		rc = check_state(s, e);
		sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
		if (rc != FR_OK)
			goto out;
	}
	rc = FR_OK;
	*out = s;
	s = NULL;
out:
	sqlite3_finalize(st);
	store_free(s);
	return rc;
}

void
fm_store_close(struct fm_store *s)
{
	if (s != NULL && s->in_tx)
		fm_store_rollback(s);
	store_free(s);
}

const struct fm_store_info *
fm_store_info(const struct fm_store *s)
{
	return &s->info;
}

const char *
fm_store_keypath(const struct fm_store *s)
{
	return s->keypath;
}

int
fm_store_begin(struct fm_store *s, struct fm_err *e)
{
	sqlite3_stmt *st;

	if (sql_exec(s, "BEGIN IMMEDIATE", e) != FR_OK)
		return FR_EIO;
	s->in_tx = 1;
	/* Template rows are numbered here: the number is in the AAD. */
	if ((st = prep(s, "SELECT COALESCE(MAX(id), 0) + 1 FROM templates",
	    e)) == NULL)
		return FR_EIO;
	if (sqlite3_step(st) == SQLITE_ROW)
		s->next_tmpl = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if ((st = prep(s, "SELECT COALESCE(MAX(id), 0) + 1 FROM persons",
	    e)) == NULL)
		return FR_EIO;
	if (sqlite3_step(st) == SQLITE_ROW)
		s->next_person = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return FR_OK;
}

int
fm_store_commit(struct fm_store *s, struct fm_err *e)
{
	if (s->info.schema >= 2 && write_state(s, e) != FR_OK) {
		fm_store_rollback(s);
		return FR_EIO;
	}
	if (sql_exec(s, "COMMIT", e) != FR_OK) {
		fm_store_rollback(s);
		return FR_EIO;
	}
	s->in_tx = 0;
	return FR_OK;
}

void
fm_store_rollback(struct fm_store *s)
{
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	s->in_tx = 0;
}

/* The person's lookup key: the HMAC of the id under the index key. */
static void
person_key(const struct fm_store *s, const char *person,
    unsigned char out[FM_HASH_LEN])
{
	fm_hmac(s->idx_key, sizeof s->idx_key, person, strlen(person), out);
}

void
fm_store_subject(const struct fm_store *s, const char *person,
    char out[FM_SUBJECT_LEN + 1])
{
	unsigned char h[FM_HASH_LEN];
	char hex[2 * FM_HASH_LEN + 1];

	fm_hmac(s->audit_key, sizeof s->audit_key, person, strlen(person), h);
	fr_hex(h, sizeof h, hex);
	memcpy(out, hex, FM_SUBJECT_LEN);
	out[FM_SUBJECT_LEN] = '\0';
}

/* The live person row of person, 0 if none, -1 on error. */
static int64_t
find_live(struct fm_store *s, const char *person, struct fm_err *e)
{
	unsigned char pk[FM_HASH_LEN];
	struct prow pr;
	int64_t row = 0;
	int r;

	if (s->find_person == NULL && (s->find_person = prep(s,
	    "SELECT " PCOLS ", mac FROM persons WHERE pkey = ?"
	    " AND deleted IS NULL", e)) == NULL)
		return -1;
	person_key(s, person, pk);
	sqlite3_reset(s->find_person);
	sqlite3_bind_blob(s->find_person, 1, pk, sizeof pk, SQLITE_TRANSIENT);
	r = sqlite3_step(s->find_person);
	if (r == SQLITE_ROW) {
		row = sqlite3_column_int64(s->find_person, 0);
		if (s->info.schema >= 2 &&
		    check_row(s, s->find_person, &pr, e) != FR_OK)
			row = -1;
	} else if (r != SQLITE_DONE) {
		dberr(s, e, "lookup");
		row = -1;
	}
	sqlite3_reset(s->find_person);
	return row;
}

/* Seals v and inserts it as the next template row of person row prow. */
static int
add_template(struct fm_store *s, int64_t prow, const float *v,
    struct fm_err *e)
{
	size_t dim = (size_t)s->info.dim, n, i;
	unsigned char *buf, *sealed, aad[64];
	int64_t trow = s->next_tmpl;
	int rc = FR_EIO;

	buf = fr_xmalloc(4 * dim);
	sealed = fr_xmalloc(4 * dim + FM_SEAL_OVERHEAD);
	/* Stored little-endian whatever the host is. */
	for (i = 0; i < dim; i++) {
		uint32_t u;

		memcpy(&u, &v[i], 4);
		buf[4 * i] = (unsigned char)u;
		buf[4 * i + 1] = (unsigned char)(u >> 8);
		buf[4 * i + 2] = (unsigned char)(u >> 16);
		buf[4 * i + 3] = (unsigned char)(u >> 24);
	}
	n = make_aad(s, "frmatch/template", trow, prow, aad);
	if (fm_seal(s->enc_key, aad, n, buf, 4 * dim, sealed) != FR_OK) {
		fm_seterr(e, "encryption failed");
		rc = FR_ECRYPTO;
		goto out;
	}
	if (s->ins_tmpl == NULL && (s->ins_tmpl = prep(s,
	    "INSERT INTO templates(id, person, sealed) VALUES (?, ?, ?)",
	    e)) == NULL)
		goto out;
	sqlite3_reset(s->ins_tmpl);
	sqlite3_bind_int64(s->ins_tmpl, 1, trow);
	sqlite3_bind_int64(s->ins_tmpl, 2, prow);
	sqlite3_bind_blob(s->ins_tmpl, 3, sealed, (int)(4 * dim +
	    FM_SEAL_OVERHEAD), SQLITE_STATIC);
	if (sqlite3_step(s->ins_tmpl) != SQLITE_DONE) {
		dberr(s, e, "insert template");
		sqlite3_reset(s->ins_tmpl);
		goto out;
	}
	sqlite3_reset(s->ins_tmpl);
	s->next_tmpl++;
	rc = FR_OK;
out:
	fm_cleanse(buf, 4 * dim);
	free(buf);
	free(sealed);
	return rc;
}

int
fm_store_enrol(struct fm_store *s, const struct fm_enrol *in, int add,
    struct fm_err *e)
{
	unsigned char pk[FM_HASH_LEN], aad[64], *sealed = NULL;
	unsigned char mac[FM_HASH_LEN];
	struct prow pr;
	cJSON *info = NULL;
	char *js = NULL;
	sqlite3_stmt *st;
	int64_t prow;
	size_t n, len;
	int rc = FR_EIO, days;

	if ((prow = find_live(s, in->person, e)) < 0)
		return FR_EIO;
	if (add) {
		if (prow == 0) {
			fm_seterr(e, "unknown person (not enrolled in this "
			    "store)");
			return FR_ENOENT;
		}
		return add_template(s, prow, in->tmpl, e);
	}
	if (prow != 0) {
		fm_seterr(e, "person already enrolled (use --add-template "
		    "to add another template)");
		return FR_EINVAL;
	}
	/* The person row number goes into the AAD, so choose it first. */
	prow = s->next_person;
	info = cJSON_CreateObject();
	cJSON_AddStringToObject(info, "person", in->person);
	if (in->consent != NULL)
		cJSON_AddStringToObject(info, "consent", in->consent);
	if (in->guardian_consent != NULL)
		cJSON_AddStringToObject(info, "guardian_consent",
		    in->guardian_consent);
	js = cJSON_PrintUnformatted(info);
	len = strlen(js);
	sealed = fr_xmalloc(len + FM_SEAL_OVERHEAD);
	n = make_aad(s, "frmatch/person", prow, 0, aad);
	if (fm_seal(s->enc_key, aad, n, js, len, sealed) != FR_OK) {
		fm_seterr(e, "encryption failed");
		rc = FR_ECRYPTO;
		goto out;
	}
	person_key(s, in->person, pk);
	if (s->ins_person == NULL && (s->ins_person = prep(s,
	    "INSERT INTO persons(id, pkey, info, enrolled, retention_until,"
	    " minor, has_consent, has_guardian_consent, device, mac)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", e)) == NULL)
		goto out;
	st = s->ins_person;
	days = in->retention_days > 0 ? in->retention_days :
	    s->info.retention_days;
	memset(&pr, 0, sizeof pr);
	pr.id = prow;
	pr.pkey = pk;
	pr.pkeylen = sizeof pk;
	pr.info = sealed;
	pr.infolen = (int)(len + FM_SEAL_OVERHEAD);
	pr.enrolled = in->enrolled;
	pr.until = in->enrolled + days;
	pr.minor = in->minor != 0;
	pr.has_consent = in->consent != NULL;
	pr.has_guardian = in->guardian_consent != NULL;
	pr.device = in->device ? in->device : s->info.device;
	prow_mac(s, &pr, mac);
	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, prow);
	sqlite3_bind_blob(st, 2, pk, sizeof pk, SQLITE_TRANSIENT);
	sqlite3_bind_blob(st, 3, sealed, (int)(len + FM_SEAL_OVERHEAD),
	    SQLITE_STATIC);
	sqlite3_bind_int(st, 4, in->enrolled);
	sqlite3_bind_int(st, 5, in->enrolled + days);
	sqlite3_bind_int(st, 6, in->minor != 0);
	sqlite3_bind_int(st, 7, in->consent != NULL);
	sqlite3_bind_int(st, 8, in->guardian_consent != NULL);
	sqlite3_bind_text(st, 9, in->device ? in->device : s->info.device, -1,
	    SQLITE_STATIC);
	sqlite3_bind_blob(st, 10, mac, sizeof mac, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_DONE) {
		dberr(s, e, "insert person");
		sqlite3_reset(st);
		goto out;
	}
	sqlite3_reset(st);
	s->next_person++;
	rc = add_template(s, prow, in->tmpl, e);
out:
	if (js != NULL) {
		fm_cleanse(js, strlen(js));
		cJSON_free(js);
	}
	cJSON_Delete(info);
	free(sealed);
	return rc;
}

/* Remove the templates of person row prow and mark it deleted. */
static int
tombstone(struct fm_store *s, int64_t prow, int day, const char *reason,
    int *ntemplates, struct fm_err *e)
{
	unsigned char mac[FM_HASH_LEN];
	struct prow pr;
	sqlite3_stmt *st;
	int rc = FR_EIO;

	if ((st = prep(s, "DELETE FROM templates WHERE person = ?", e)) ==
	    NULL)
		return FR_EIO;
	sqlite3_bind_int64(st, 1, prow);
	if (sqlite3_step(st) != SQLITE_DONE) {
		dberr(s, e, "delete templates");
		goto out;
	}
	if (ntemplates != NULL)
		*ntemplates += sqlite3_changes(s->db);
	sqlite3_finalize(st);
	/* The row's MAC is checked before it is signed again. */
	if ((st = prep(s, "SELECT " PCOLS ", mac FROM persons WHERE id = ?",
	    e)) == NULL)
		return FR_EIO;
	sqlite3_bind_int64(st, 1, prow);
	if (sqlite3_step(st) != SQLITE_ROW) {
		dberr(s, e, "read person");
		goto out;
	}
	if ((rc = check_row(s, st, &pr, e)) != FR_OK)
		goto out;
	rc = FR_EIO;
	pr.is_deleted = 1;
	pr.deleted = day;
	pr.reason = reason;
	prow_mac(s, &pr, mac);
	sqlite3_finalize(st);
	if ((st = prep(s, "UPDATE persons SET deleted = ?, deleted_reason = ?,"
	    " mac = ? WHERE id = ?", e)) == NULL)
		return FR_EIO;
	sqlite3_bind_int(st, 1, day);
	sqlite3_bind_text(st, 2, reason, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 3, mac, sizeof mac, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 4, prow);
	if (sqlite3_step(st) != SQLITE_DONE) {
		dberr(s, e, "mark deleted");
		goto out;
	}
	rc = FR_OK;
out:
	sqlite3_finalize(st);
	return rc;
}

int
fm_store_delete(struct fm_store *s, const char *person, int day,
    const char *reason, int *ntemplates, struct fm_err *e)
{
	int64_t prow;

	if ((prow = find_live(s, person, e)) < 0)
		return FR_EIO;
	if (prow == 0) {
		fm_seterr(e, "unknown person (not enrolled in this store)");
		return FR_ENOENT;
	}
	return tombstone(s, prow, day, reason, ntemplates, e);
}

int
fm_store_purge(struct fm_store *s, int today, int *npersons, int *ntemplates,
    struct fm_err *e)
{
	sqlite3_stmt *st;
	int64_t *rows = NULL;
	size_t n = 0, cap = 0, i;
	int rc = FR_EIO, r;

	if ((rc = check_all_rows(s, e)) != FR_OK)
		return rc;
	if ((st = prep(s, "SELECT id FROM persons WHERE deleted IS NULL"
	    " AND retention_until <= ? ORDER BY id", e)) == NULL)
		return FR_EIO;
	sqlite3_bind_int(st, 1, today);
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			rows = fr_xreallocarray(rows, cap, sizeof *rows);
		}
		rows[n++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	if (r != SQLITE_DONE) {
		rc = dberr(s, e, "purge");
		goto out;
	}
	*npersons = 0;
	*ntemplates = 0;
	for (i = 0; i < n; i++) {
		if ((rc = tombstone(s, rows[i], today, "retention",
		    ntemplates, e)) != FR_OK)
			goto out;
		(*npersons)++;
	}
	rc = FR_OK;
out:
	free(rows);
	return rc;
}

int
fm_store_vacuum(struct fm_store *s, struct fm_err *e)
{
	return sql_exec(s, "VACUUM", e);
}

/* Templates are stored little-endian: reorder in place on other hosts. */
static void
le_floats(float *v, size_t dim)
{
#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
	unsigned char b[4];
	uint32_t u;
	size_t i;

	for (i = 0; i < dim; i++) {
		memcpy(b, &v[i], 4);
		u = (uint32_t)b[0] | (uint32_t)b[1] << 8 |
		    (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
		memcpy(&v[i], &u, 4);
	}
#else
	(void)v;
	(void)dim;
#endif
}

int
fm_store_load(struct fm_store *s, const char *person, struct fm_matrix *m,
    int64_t **ownersp, size_t *maxper, struct fm_err *e)
{
	sqlite3_stmt *st = NULL;
	unsigned char aad[64];
	float *row;
	int64_t *owners = NULL, prow = 0, trow;
	size_t dim = (size_t)s->info.dim, n = 0, cap = 0, alen;
	const void *blob;
	int rc = FR_EIO, r, blen;

	*maxper = 0;
	if (person != NULL) {
		if ((prow = find_live(s, person, e)) < 0)
			goto out;
		if (prow == 0) {
			fm_seterr(e, "unknown person (not enrolled in this "
			    "store)");
			rc = FR_ENOENT;
			goto out;
		}
		st = prep(s, "SELECT id, person, sealed FROM templates"
		    " WHERE person = ? ORDER BY id", e);
		if (st != NULL)
			sqlite3_bind_int64(st, 1, prow);
	} else {
		/* Row order is file order: one sequential pass. */
		st = prep(s, "SELECT id, person, sealed FROM templates"
		    " ORDER BY id", e);
		if (st != NULL) {
			sqlite3_stmt *c = prep(s, "SELECT COALESCE(SUM(k), 0),"
			    " COALESCE(MAX(k), 0) FROM (SELECT COUNT(*) AS k"
			    " FROM templates GROUP BY person)", e);

			if (c != NULL && sqlite3_step(c) == SQLITE_ROW) {
				fm_matrix_reserve(m, (size_t)
				    sqlite3_column_int64(c, 0) + 1);
				*maxper = (size_t)sqlite3_column_int64(c, 1);
			}
			sqlite3_finalize(c);
		}
	}
	if (st == NULL)
		goto out;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		trow = sqlite3_column_int64(st, 0);
		prow = sqlite3_column_int64(st, 1);
		blob = sqlite3_column_blob(st, 2);
		blen = sqlite3_column_bytes(st, 2);
		alen = make_aad(s, "frmatch/template", trow, prow, aad);
		if ((size_t)blen != 4 * dim + FM_SEAL_OVERHEAD) {
			fm_seterr(e, "%s: template row %lld is damaged",
			    s->path, (long long)trow);
			rc = FR_ECRYPTO;
			goto out;
		}
		/* Decrypt straight into the matrix row. */
		row = fm_matrix_push(m);
		if (fm_open(s->enc_key, aad, alen, blob, (size_t)blen, row)
		    != FR_OK) {
			fm_seterr(e, "%s: template row %lld fails "
			    "authentication (tampered, moved or wrong key)",
			    s->path, (long long)trow);
			rc = FR_ECRYPTO;
			goto out;
		}
		le_floats(row, dim);
		fm_normalise(row, dim);
		if (n == cap) {
			cap = cap ? 2 * cap : 1024;
			owners = fr_xreallocarray(owners, cap, sizeof *owners);
		}
		owners[n++] = prow;
		if (person != NULL)
			*maxper = n;
	}
	if (r != SQLITE_DONE) {
		dberr(s, e, "read templates");
		goto out;
	}
	*ownersp = owners;
	owners = NULL;
	rc = FR_OK;
out:
	sqlite3_finalize(st);
	free(owners);
	return rc;
}

/* Decrypt the info JSON of a person row. */
static cJSON *
open_info(struct fm_store *s, int64_t prow, const void *blob, int blen,
    struct fm_err *e)
{
	unsigned char aad[64];
	char *pt;
	cJSON *j = NULL;
	size_t n;

	if (blen < FM_SEAL_OVERHEAD) {
		fm_seterr(e, "%s: person row %lld is damaged", s->path,
		    (long long)prow);
		return NULL;
	}
	pt = fr_xmalloc((size_t)blen - FM_SEAL_OVERHEAD + 1);
	n = make_aad(s, "frmatch/person", prow, 0, aad);
	if (fm_open(s->enc_key, aad, n, blob, (size_t)blen, pt) != FR_OK) {
		fm_seterr(e, "%s: person row %lld fails authentication "
		    "(tampered, moved or wrong key)", s->path, (long long)prow);
		goto out;
	}
	pt[blen - FM_SEAL_OVERHEAD] = '\0';
	j = cJSON_Parse(pt);
	if (j == NULL || !cJSON_IsString(cJSON_GetObjectItem(j, "person"))) {
		cJSON_Delete(j);
		j = NULL;
		fm_seterr(e, "%s: person row %lld is damaged", s->path,
		    (long long)prow);
	}
out:
	fm_cleanse(pt, (size_t)blen - FM_SEAL_OVERHEAD);
	free(pt);
	return j;
}

int
fm_store_person_id(struct fm_store *s, int64_t prow, char **person,
    struct fm_err *e)
{
	sqlite3_stmt *st;
	struct prow pr;
	cJSON *j;
	int rc = FR_EIO;

	if ((st = prep(s, "SELECT " PCOLS ", mac FROM persons WHERE id = ?",
	    e)) == NULL)
		return FR_EIO;
	sqlite3_bind_int64(st, 1, prow);
	if (sqlite3_step(st) != SQLITE_ROW) {
		fm_seterr(e, "%s: person row %lld is missing", s->path,
		    (long long)prow);
		goto out;
	}
	if (s->info.schema >= 2 && (rc = check_row(s, st, &pr, e)) != FR_OK)
		goto out;
	rc = FR_EIO;
	j = open_info(s, prow, sqlite3_column_blob(st, 2),
	    sqlite3_column_bytes(st, 2), e);
	if (j == NULL) {
		rc = FR_ECRYPTO;
		goto out;
	}
	*person = fr_xstrdup(cJSON_GetObjectItem(j, "person")->valuestring);
	cJSON_Delete(j);
	rc = FR_OK;
out:
	sqlite3_finalize(st);
	return rc;
}

int
fm_store_persons(struct fm_store *s,
    int (*cb)(const char *, int, int, void *), void *arg, struct fm_err *e)
{
	sqlite3_stmt *st;
	cJSON *j;
	int64_t prow;
	int rc = FR_EIO, r;

	if ((rc = check_all_rows(s, e)) != FR_OK)
		return rc;
	rc = FR_EIO;
	if ((st = prep(s, "SELECT id, info, enrolled, deleted FROM persons"
	    " ORDER BY id", e)) == NULL)
		return FR_EIO;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		prow = sqlite3_column_int64(st, 0);
		j = open_info(s, prow, sqlite3_column_blob(st, 1),
		    sqlite3_column_bytes(st, 1), e);
		if (j == NULL) {
			rc = FR_ECRYPTO;
			goto out;
		}
		r = cb(cJSON_GetObjectItem(j, "person")->valuestring,
		    sqlite3_column_int(st, 2),
		    sqlite3_column_type(st, 3) == SQLITE_NULL ? -1 :
		    sqlite3_column_int(st, 3), arg);
		cJSON_Delete(j);
		if (r != 0) {
			fm_seterr(e, "stopped");
			goto out;
		}
	}
	if (r != SQLITE_DONE) {
		dberr(s, e, "read persons");
		goto out;
	}
	rc = FR_OK;
out:
	sqlite3_finalize(st);
	return rc;
}

/* The chain hash of one entry: SHA-256 over prev and length-prefixed fields. */
static void
entry_hash(const char *prev, int64_t seq, const char *at, const char *op,
    const char *action, const char *subject, const char *outcome,
    char out[2 * FM_HASH_LEN + 1])
{
	unsigned char h[FM_HASH_LEN];
	char *buf;

	buf = fr_xasprintf("frmatch-audit-1|%zu:%s|%lld|%zu:%s|%zu:%s|%zu:%s|"
	    "%zu:%s|%zu:%s", strlen(prev), prev, (long long)seq, strlen(at), at,
	    strlen(op), op, strlen(action), action,
	    subject ? strlen(subject) : 0, subject ? subject : "",
	    strlen(outcome), outcome);
	fm_sha256(buf, strlen(buf), h);
	free(buf);
	fr_hex(h, sizeof h, out);
}

/* The keyed checkpoint of the chain's last entry (catches truncation). */
static void
head_mac(const struct fm_store *s, int64_t seq, const char *hash,
    char out[2 * FM_HASH_LEN + 1])
{
	unsigned char h[FM_HASH_LEN];
	char *buf = fr_xasprintf("%lld:%s", (long long)seq, hash);

	fm_hmac(s->audit_key, sizeof s->audit_key, buf, strlen(buf), h);
	free(buf);
	fr_hex(h, sizeof h, out);
}

int
fm_store_audit(struct fm_store *s, const char *op, const char *action,
    const char *subject, const char *outcome, struct fm_err *e)
{
	char prev[2 * FM_HASH_LEN + 1], hash[2 * FM_HASH_LEN + 1];
	char mac[2 * FM_HASH_LEN + 1], at[32];
	sqlite3_stmt *st;
	int64_t seq = 1;
	int rc = FR_EIO;

	memset(prev, '0', 2 * FM_HASH_LEN);
	prev[2 * FM_HASH_LEN] = '\0';
	if ((st = prep(s, "SELECT seq, hash FROM audit ORDER BY seq DESC"
	    " LIMIT 1", e)) == NULL)
		return FR_EIO;
	if (sqlite3_step(st) == SQLITE_ROW) {
		seq = sqlite3_column_int64(st, 0) + 1;
		snprintf(prev, sizeof prev, "%s",
		    (const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	fr_time_iso_cst(time(NULL), at);
	entry_hash(prev, seq, at, op, action, subject, outcome, hash);
	if ((st = prep(s, "INSERT INTO audit(seq, at, operator, action,"
	    " subject, outcome, prev, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
	    e)) == NULL)
		return FR_EIO;
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_text(st, 2, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, op, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, action, -1, SQLITE_STATIC);
	if (subject != NULL)
		sqlite3_bind_text(st, 5, subject, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, outcome, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, prev, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, hash, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		dberr(s, e, "audit");
		goto out;
	}
	/* Schema 2 keeps the head in the keyed state, written at commit. */
	if (s->info.schema >= 2)
		rc = FR_OK;
	else {
		head_mac(s, seq, hash, mac);
		rc = meta_set(s, "audit_head", mac, e);
	}
out:
	sqlite3_finalize(st);
	return rc;
}

/* Text column i of st, or "" when it is NULL. */
static const char *
col(sqlite3_stmt *st, int i)
{
	const char *t = (const char *)sqlite3_column_text(st, i);

	return t ? t : "";
}

int
fm_store_audit_walk(struct fm_store *s,
    int (*cb)(const struct fm_audit_entry *, void *), void *arg,
    struct fm_audit_check *ck, struct fm_err *e)
{
	char prev[2 * FM_HASH_LEN + 1], hash[2 * FM_HASH_LEN + 1];
	char mac[2 * FM_HASH_LEN + 1], stored[2 * FM_HASH_LEN + 8];
	struct fm_audit_entry en;
	sqlite3_stmt *st;
	int64_t expect = 1;
	int r, stopped = 0;

	memset(ck, 0, sizeof *ck);
	memset(prev, '0', 2 * FM_HASH_LEN);
	prev[2 * FM_HASH_LEN] = '\0';
	if ((st = prep(s, "SELECT seq, at, operator, action, subject, outcome,"
	    " prev, hash FROM audit ORDER BY seq", e)) == NULL)
		return FR_EIO;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&en, 0, sizeof en);
		en.seq = sqlite3_column_int64(st, 0);
		en.at = col(st, 1);
		en.operator = col(st, 2);
		en.action = col(st, 3);
		en.subject = sqlite3_column_type(st, 4) == SQLITE_NULL ? NULL :
		    col(st, 4);
		en.outcome = col(st, 5);
		en.prev = col(st, 6);
		en.hash = col(st, 7);
		entry_hash(prev, en.seq, en.at, en.operator, en.action,
		    en.subject, en.outcome, hash);
		en.ok = en.seq == expect && strcmp(en.prev, prev) == 0 &&
		    strcmp(en.hash, hash) == 0;
		if (!en.ok && ck->first_bad == 0) {
			ck->first_bad = en.seq;
			if (en.seq != expect)
				snprintf(ck->problem, sizeof ck->problem,
				    "entry %lld missing (next entry is %lld)",
				    (long long)expect, (long long)en.seq);
			else if (strcmp(en.prev, prev) != 0)
				snprintf(ck->problem, sizeof ck->problem,
				    "entry %lld does not link to the entry "
				    "before it", (long long)en.seq);
			else
				snprintf(ck->problem, sizeof ck->problem,
				    "entry %lld was altered (hash mismatch)",
				    (long long)en.seq);
		}
		ck->entries++;
		expect = en.seq + 1;
		/* Continue the chain from what is stored, to report once. */
		snprintf(prev, sizeof prev, "%s", en.hash);
		if (cb != NULL && cb(&en, arg) != 0) {
			stopped = 1;
			break;
		}
	}
	sqlite3_finalize(st);
	if (!stopped && r != SQLITE_DONE)
		return dberr(s, e, "read audit log");
	if (stopped)
		return FR_OK;
	memcpy(ck->head, prev, sizeof ck->head);
	if (s->info.schema >= 2) {
		struct fm_err e2;

		/* The keyed state, then every row: the first problem found. */
		if (ck->first_bad == 0 && (check_state(s, &e2) != FR_OK ||
		    check_all_rows(s, &e2) != FR_OK)) {
			size_t pl = strlen(s->path);
			const char *m = e2.msg;

			/* The caller names the store already. */
			if (strncmp(m, s->path, pl) == 0 && m[pl] == ':')
				m += pl + 2;
			ck->first_bad = expect > 1 ? expect - 1 : 1;
			snprintf(ck->problem, sizeof ck->problem, "%s", m);
		}
		ck->verified = ck->first_bad == 0;
		return FR_OK;
	}
	/* Schema 1: a keyed checkpoint of the last entry only. */
	if (meta_get(s, "audit_head", stored, sizeof stored) != 0)
		stored[0] = '\0';
	if (ck->entries > 0) {
		head_mac(s, expect - 1, prev, mac);
		if (!fm_memeq(mac, stored, sizeof mac) && ck->first_bad == 0) {
			ck->first_bad = expect - 1;
			snprintf(ck->problem, sizeof ck->problem,
			    "the log does not end where it was last written "
			    "(entries removed from the end or rewritten)");
		}
	} else if (stored[0] != '\0') {
		ck->first_bad = 1;
		snprintf(ck->problem, sizeof ck->problem,
		    "every entry was removed");
	}
	ck->verified = ck->first_bad == 0;
	return FR_OK;
}

int
fm_store_stats(struct fm_store *s, int today, struct fm_stats *x,
    struct fm_err *e)
{
	sqlite3_stmt *st;
	int rc = FR_EIO;

	memset(x, 0, sizeof *x);
	x->oldest = x->newest = -1;
	if ((rc = check_all_rows(s, e)) != FR_OK)
		return rc;
	rc = FR_EIO;
	/* One sequential pass over the person rows (no index seeks). */
	if ((st = prep(s, "SELECT COUNT(*) FILTER (WHERE deleted IS NULL),"
	    " COUNT(*) FILTER (WHERE deleted IS NULL AND minor = 1),"
	    " COUNT(*) FILTER (WHERE deleted IS NULL AND minor = 1"
	    "  AND has_guardian_consent = 0),"
	    " COUNT(*) FILTER (WHERE deleted IS NULL AND has_consent = 0),"
	    " COUNT(*) FILTER (WHERE deleted IS NULL AND retention_until <= ?),"
	    " COUNT(*) FILTER (WHERE deleted_reason = 'withdrawal'),"
	    " COUNT(*) FILTER (WHERE deleted_reason = 'retention'),"
	    " MIN(enrolled) FILTER (WHERE deleted IS NULL),"
	    " MAX(enrolled) FILTER (WHERE deleted IS NULL)"
	    " FROM persons NOT INDEXED", e)) == NULL)
		return FR_EIO;
	sqlite3_bind_int(st, 1, today);
	if (sqlite3_step(st) != SQLITE_ROW) {
		dberr(s, e, "count");
		goto out;
	}
	x->individuals = sqlite3_column_int64(st, 0);
	x->minors = sqlite3_column_int64(st, 1);
	x->minors_no_guardian = sqlite3_column_int64(st, 2);
	x->without_consent = sqlite3_column_int64(st, 3);
	x->expired = sqlite3_column_int64(st, 4);
	x->withdrawn = sqlite3_column_int64(st, 5);
	x->purged = sqlite3_column_int64(st, 6);
	if (sqlite3_column_type(st, 7) != SQLITE_NULL) {
		x->oldest = sqlite3_column_int(st, 7);
		x->newest = sqlite3_column_int(st, 8);
	}
	sqlite3_finalize(st);
	if ((st = prep(s, "SELECT COALESCE(MAX(c), 0) FROM"
	    " (SELECT COUNT(*) AS c FROM templates GROUP BY person)", e)) ==
	    NULL)
		return FR_EIO;
	if (sqlite3_step(st) != SQLITE_ROW) {
		dberr(s, e, "count");
		goto out;
	}
	x->max_templates_per_person = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if ((st = prep(s, "SELECT COUNT(*) FROM templates", e)) == NULL)
		return FR_EIO;
	if (sqlite3_step(st) != SQLITE_ROW) {
		dberr(s, e, "count");
		goto out;
	}
	x->templates = sqlite3_column_int64(st, 0);
	rc = FR_OK;
out:
	sqlite3_finalize(st);
	return rc;
}

int
fm_store_history(struct fm_store *s, struct fm_day_count **out, size_t *np,
    struct fm_err *e)
{
	sqlite3_stmt *st;
	struct fm_day_count *v = NULL;
	int64_t cur = 0, delta;
	size_t n = 0, cap = 0;
	int r, d;

	if ((r = check_all_rows(s, e)) != FR_OK)
		return r;
	/* Net change per day: +1 on enrolment, -1 on deletion. */
	if ((st = prep(s, "SELECT d, SUM(c) FROM ("
	    " SELECT enrolled AS d, 1 AS c FROM persons"
	    " UNION ALL SELECT deleted AS d, -1 AS c FROM persons"
	    "  WHERE deleted IS NOT NULL)"
	    " GROUP BY d ORDER BY d", e)) == NULL)
		return FR_EIO;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		d = sqlite3_column_int(st, 0);
		delta = sqlite3_column_int64(st, 1);
		if (delta == 0)
			continue;
		cur += delta;
		if (n == cap) {
			cap = cap ? 2 * cap : 256;
			v = fr_xreallocarray(v, cap, sizeof *v);
		}
		v[n].date = d;
		v[n].individuals = cur;
		n++;
	}
	sqlite3_finalize(st);
	if (r != SQLITE_DONE) {
		free(v);
		return dberr(s, e, "history");
	}
	*out = v;
	*np = n;
	return FR_OK;
}

int
fm_store_modes(const struct fm_store *s, unsigned *smode, unsigned *kmode)
{
	struct stat st;

	if (stat(s->path, &st) != 0)
		return FR_EIO;
	*smode = st.st_mode & 07777;
	if (stat(s->keypath, &st) != 0)
		return FR_EIO;
	*kmode = st.st_mode & 07777;
	return FR_OK;
}

int
fm_store_upgrade(const char *path, const char *keypath, const char *op,
    int *from, int64_t *nrows, struct fm_err *e)
{
	struct fm_store *s = NULL;
	struct fm_audit_check ck;
	struct prow pr;
	sqlite3_stmt *st = NULL;
	int64_t *ids = NULL;
	unsigned char (*macs)[FM_HASH_LEN] = NULL;
	size_t n = 0, cap = 0, i;
	char outcome[128];
	int rc, r;

	*nrows = 0;
	if ((rc = fm_store_open(path, keypath, FM_OPEN_WRITE | FM_OPEN_UPGRADE,
	    &s, e)) != FR_OK)
		return rc;
	*from = s->info.schema;
	if (s->info.schema >= FM_SCHEMA_VERSION) {
		fm_store_close(s);
		return FR_OK;
	}
	if ((rc = fm_store_begin(s, e)) != FR_OK)
		goto out;
	/* Only a store whose log still verifies is signed anew: signing a
	 * tampered store would launder the tampering. */
	if ((rc = fm_store_audit_walk(s, NULL, NULL, &ck, e)) != FR_OK)
		goto out;
	if (!ck.verified) {
		fm_seterr(e, "%s: the audit log does not verify (%s); not "
		    "upgraded", path, ck.problem);
		rc = FR_ECRYPTO;
		goto out;
	}
	rc = FR_EIO;
	if (sql_exec(s, "ALTER TABLE persons ADD COLUMN mac BLOB", e) != FR_OK)
		goto out;
	s->info.schema = 2;
	if ((st = prep(s, "SELECT " PCOLS " FROM persons ORDER BY id", e)) ==
	    NULL)
		goto out;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		if (prow_from(st, &pr) != 0) {
			fm_seterr(e, "%s: person row %lld has a column of the "
			    "wrong type; not upgraded", path,
			    (long long)sqlite3_column_int64(st, 0));
			rc = FR_ECRYPTO;
			goto out;
		}
		if (n == cap) {
			cap = cap ? 2 * cap : 1024;
			ids = fr_xreallocarray(ids, cap, sizeof *ids);
			macs = fr_xreallocarray(macs, cap, sizeof *macs);
		}
		ids[n] = pr.id;
		prow_mac(s, &pr, macs[n]);
		n++;
	}
	if (r != SQLITE_DONE) {
		dberr(s, e, "read persons");
		goto out;
	}
	sqlite3_finalize(st);
	if ((st = prep(s, "UPDATE persons SET mac = ? WHERE id = ?", e)) ==
	    NULL)
		goto out;
	for (i = 0; i < n; i++) {
		sqlite3_reset(st);
		sqlite3_bind_blob(st, 1, macs[i], FM_HASH_LEN, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, ids[i]);
		if (sqlite3_step(st) != SQLITE_DONE) {
			dberr(s, e, "upgrade");
			goto out;
		}
	}
	snprintf(outcome, sizeof outcome, "schema 1 to 2: %zu person row%s "
	    "authenticated", n, n == 1 ? "" : "s");
	if (sql_exec(s, "DELETE FROM meta WHERE k = 'audit_head';"
	    " PRAGMA user_version = 2", e) != FR_OK ||
	    fm_store_audit(s, op, "upgrade", NULL, outcome, e) != FR_OK ||
	    fm_store_commit(s, e) != FR_OK)
		goto out;
	*nrows = (int64_t)n;
	rc = FR_OK;
out:
	sqlite3_finalize(st);
	free(ids);
	free(macs);
	if (rc != FR_OK && s->in_tx)
		fm_store_rollback(s);
	fm_store_close(s);
	return rc;
}
