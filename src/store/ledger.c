/*
 * ledger.c — the SQLite ledger. The only file that includes sqlite3.h.
 *
 * Durability: the default rollback journal with synchronous=FULL, so a
 * process killed mid-write leaves a hot journal that the next opener rolls
 * back. Concurrency: writers take the write lock up front (BEGIN
 * IMMEDIATE) and wait up to LEDGER_BUSY_TIMEOUT_MS for each other.
 */
#include "store/ledger.h"
#include "core/date.h"
#include "core/fr.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct ledger {
	sqlite3 *db;
	char *path;
};

static const char schema_sql[] =
    "CREATE TABLE observations ("
    " id INTEGER PRIMARY KEY,"
    " date TEXT NOT NULL,"
    " individuals INTEGER NOT NULL CHECK (individuals >= 0),"
    " source TEXT,"
    " partial INTEGER NOT NULL DEFAULT 0 CHECK (partial IN (0, 1)),"
    " crossing_date TEXT,"
    " recorded_at TEXT NOT NULL);"
    "CREATE INDEX observations_date ON observations (date, id);"
    "CREATE TABLE events ("
    " id INTEGER PRIMARY KEY,"
    " kind TEXT NOT NULL CHECK (kind IN ('submitted', 'returned',"
    "  'completed', 'failed', 'changed', 'terminated')),"
    " date TEXT NOT NULL,"
    " note TEXT,"
    " recorded_at TEXT NOT NULL);"
    "CREATE TABLE state ("
    " key TEXT PRIMARY KEY,"
    " value TEXT NOT NULL,"
    " updated_at TEXT NOT NULL);";

char *
ledger_default_path(const char *opt)
{
	const char *env = getenv("FRFILE_LEDGER");
	char *dir, *p;

	if (opt != NULL)
		return fr_xstrdup(opt);
	if (env != NULL && *env != '\0')
		return fr_xstrdup(env);
	dir = fr_userdir();
	p = fr_xasprintf("%s/ledger.db", dir);
	free(dir);
	return p;
}

const char *
ledger_path(const struct ledger *l)
{
	return l->path;
}

/* One diagnostic for an SQLite failure; returns the fr_err it maps to. */
static int
db_fail(const char *path, sqlite3 *db, int src, struct fr_diags *d,
    const char *what)
{
	int prim = src & 0xff;

	switch (prim) {
	case SQLITE_NOTADB:
		fr_diag_add(d, FR_SEV_ERROR, path, NULL, 0, 0, "ledger.format",
		    "not a frfile ledger: the file is not an SQLite database "
		    "(corrupt, or another kind of file)");
		return FR_EFORMAT;
	case SQLITE_CORRUPT:
		fr_diag_add(d, FR_SEV_ERROR, path, NULL, 0, 0, "ledger.corrupt",
		    "the ledger is corrupt (%s)", sqlite3_errstr(src));
		return FR_EFORMAT;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		fr_diag_add(d, FR_SEV_ERROR, path, NULL, 0, 0, "ledger.busy",
		    "%s: the ledger stayed locked by another process for "
		    "%d seconds", what, LEDGER_BUSY_TIMEOUT_MS / 1000);
		return FR_EBUSY;
	case SQLITE_READONLY:
		fr_diag_add(d, FR_SEV_ERROR, path, NULL, 0, 0, "ledger.readonly",
		    "%s: the ledger is read-only", what);
		return FR_EIO;
	}
	fr_diag_add(d, FR_SEV_ERROR, path, NULL, 0, 0, "ledger.sqlite",
	    "%s: %s", what, db != NULL ? sqlite3_errmsg(db) :
	    sqlite3_errstr(src));
	return FR_EIO;
}

static int
pragma_int(sqlite3 *db, const char *sql, long long *v)
{
	sqlite3_stmt *st = NULL;
	int rc;

	rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			*v = sqlite3_column_int64(st, 0);
			rc = SQLITE_OK;
		} else if (rc == SQLITE_DONE)
			rc = SQLITE_CORRUPT;
	}
	sqlite3_finalize(st);
	return rc;
}

/* Creates the tables in an empty database, once, under the write lock. */
static int
init_schema(struct ledger *l, struct fr_diags *d)
{
	long long appid = 0, ntab = 0;
	char *sql = NULL;
	int rc;

	rc = sqlite3_exec(l->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return db_fail(l->path, l->db, rc, d, "cannot lock the ledger");
	/* Another process may have initialised it while we waited. */
	if ((rc = pragma_int(l->db, "PRAGMA application_id", &appid)) != 0 ||
	    (rc = pragma_int(l->db, "SELECT count(*) FROM sqlite_master",
	    &ntab)) != 0)
		goto fail;
	if (appid == 0 && ntab == 0) {
		sql = fr_xasprintf("%s PRAGMA application_id = %d;"
		    " PRAGMA user_version = %d;", schema_sql,
		    LEDGER_APPLICATION_ID, LEDGER_SCHEMA);
		if ((rc = sqlite3_exec(l->db, sql, NULL, NULL, NULL)) != 0)
			goto fail;
	}
	if ((rc = sqlite3_exec(l->db, "COMMIT", NULL, NULL, NULL)) != 0)
		goto fail;
	free(sql);
	return FR_OK;
fail:
	free(sql);
	rc = db_fail(l->path, l->db, rc, d, "cannot create the ledger");
	sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

static int
check_header(struct ledger *l, enum ledger_mode mode, struct fr_diags *d)
{
	long long appid = 0, ver = 0, ntab = 0;
	int rc;

	/*
	 * Read the three in one transaction: another process creating the
	 * ledger at this moment must not be seen half-way (its tables but
	 * not yet its application id).
	 */
	if ((rc = sqlite3_exec(l->db, "BEGIN", NULL, NULL, NULL)) != 0 ||
	    (rc = pragma_int(l->db, "PRAGMA application_id", &appid)) != 0 ||
	    (rc = pragma_int(l->db, "PRAGMA user_version", &ver)) != 0 ||
	    (rc = pragma_int(l->db, "SELECT count(*) FROM sqlite_master",
	    &ntab)) != 0) {
		rc = db_fail(l->path, l->db, rc, d, "cannot read the ledger");
		sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
		return rc;
	}
	sqlite3_exec(l->db, "COMMIT", NULL, NULL, NULL);
	if (appid == LEDGER_APPLICATION_ID) {
		if (ver > LEDGER_SCHEMA) {
			fr_diag_add(d, FR_SEV_ERROR, l->path, NULL, 0, 0,
			    "ledger.newer", "the ledger has schema version "
			    "%lld, written by a newer frfile; this one knows "
			    "version %d: upgrade frfile", ver, LEDGER_SCHEMA);
			return FR_EFORMAT;
		}
		if (ver < 1) {
			fr_diag_add(d, FR_SEV_ERROR, l->path, NULL, 0, 0,
			    "ledger.version", "the ledger has no schema "
			    "version: the file is damaged");
			return FR_EFORMAT;
		}
		return FR_OK;
	}
	if (appid == 0 && ntab == 0) {
		if (mode == LEDGER_READ) {
			fr_diag_add(d, FR_SEV_ERROR, l->path, NULL, 0, 0,
			    "ledger.empty", "the ledger is empty: nothing "
			    "recorded yet");
			return FR_ENOENT;
		}
		return init_schema(l, d);
	}
	fr_diag_add(d, FR_SEV_ERROR, l->path, NULL, 0, 0, "ledger.format",
	    "not a frfile ledger: an SQLite database of another application "
	    "(application id %#llx); refusing to touch it", appid);
	return FR_EFORMAT;
}

int
ledger_open(const char *path, enum ledger_mode mode, struct ledger **out,
    struct fr_diags *d)
{
	struct ledger *l;
	struct stat st;
	int rc, flags;

	*out = NULL;
	if (mode == LEDGER_CREATE) {
		char *dir = fr_xstrdup(path), *slash = strrchr(dir, '/');
		int fd;

		if (slash != NULL && slash != dir) {
			*slash = '\0';
			/* The ledger holds counts about personal data: 0700. */
			fr_mkdirs(dir, 0700);
		}
		free(dir);
		/*
		 * Create the file ourselves so that it is 0600 from the
		 * start; SQLite gives its journal the same mode.
		 */
		fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd >= 0)
			close(fd);
		else if (errno != EEXIST) {
			fr_diag_add(d, FR_SEV_ERROR, path, NULL, 0, 0,
			    "ledger.create", "cannot create the ledger: %s",
			    strerror(errno));
			return FR_EIO;
		}
	}
	if (stat(path, &st) != 0) {
		if (errno == ENOENT) {
			fr_diag_add(d, FR_SEV_ERROR, path, NULL, 0, 0,
			    "ledger.missing", "no ledger here: nothing "
			    "recorded yet ('frfile record' creates it)");
			return FR_ENOENT;
		}
		fr_diag_add(d, FR_SEV_ERROR, path, NULL, 0, 0, "ledger.open",
		    "cannot open the ledger: %s", strerror(errno));
		return FR_EIO;
	}
	if (!S_ISREG(st.st_mode)) {
		fr_diag_add(d, FR_SEV_ERROR, path, NULL, 0, 0, "ledger.open",
		    "not a regular file");
		return FR_EIO;
	}
	if (access(path, R_OK) != 0) {
		fr_diag_add(d, FR_SEV_ERROR, path, NULL, 0, 0, "ledger.open",
		    "cannot read the ledger: %s", strerror(errno));
		return FR_EIO;
	}
	flags = access(path, W_OK) == 0 ? SQLITE_OPEN_READWRITE :
	    SQLITE_OPEN_READONLY;
	l = fr_xcalloc(1, sizeof *l);
	l->path = fr_xstrdup(path);
	rc = sqlite3_open_v2(path, &l->db, flags, NULL);
	if (rc != SQLITE_OK) {
		rc = db_fail(path, l->db, rc, d, "cannot open the ledger");
		goto fail;
	}
	sqlite3_busy_timeout(l->db, LEDGER_BUSY_TIMEOUT_MS);
	if ((rc = check_header(l, mode, d)) != FR_OK)
		goto fail;
	sqlite3_exec(l->db, "PRAGMA synchronous = FULL", NULL, NULL, NULL);
	*out = l;
	return FR_OK;
fail:
	ledger_close(l);
	return rc;
}

void
ledger_close(struct ledger *l)
{
	if (l == NULL)
		return;
	sqlite3_close(l->db);
	free(l->path);
	free(l);
}

static void
now_iso(char buf[32])
{
	fr_time_iso_cst(time(NULL), buf);
}

static int
bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
	return s != NULL ? sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT) :
	    sqlite3_bind_null(st, i);
}

/* Runs one prepared INSERT/UPDATE in its own BEGIN IMMEDIATE transaction. */
static int
write_one(struct ledger *l, sqlite3_stmt *st, struct fr_diags *d,
    const char *what)
{
	int rc;

	rc = sqlite3_exec(l->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return db_fail(l->path, l->db, rc, d, what);
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE) {
		rc = db_fail(l->path, l->db, rc, d, what);
		sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
		return rc;
	}
	rc = sqlite3_exec(l->db, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		rc = db_fail(l->path, l->db, rc, d, what);
		sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
		return rc;
	}
	return FR_OK;
}

int
ledger_record(struct ledger *l, const struct fr_observation *o,
    struct fr_diags *d)
{
	sqlite3_stmt *st = NULL;
	char date[FR_DATE_LEN], cross[FR_DATE_LEN], now[32];
	int rc;

	if (o->individuals < 0 || (o->crossing_date >= 0 &&
	    o->crossing_date > o->date)) {
		fr_diag_add(d, FR_SEV_ERROR, l->path, NULL, 0, 0,
		    "ledger.observation", o->individuals < 0 ?
		    "a count cannot be negative" :
		    "the crossing date is after the observation");
		return FR_EINVAL;
	}
	rc = sqlite3_prepare_v2(l->db, "INSERT INTO observations (date, "
	    "individuals, source, partial, crossing_date, recorded_at) "
	    "VALUES (?, ?, ?, ?, ?, ?)", -1, &st, NULL);
	if (rc != SQLITE_OK) {
		rc = db_fail(l->path, l->db, rc, d, "cannot record");
		goto out;
	}
	now_iso(now);
	sqlite3_bind_text(st, 1, fr_date_format(o->date, date), -1,
	    SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 2, o->individuals);
	bind_text_or_null(st, 3, o->source);
	sqlite3_bind_int(st, 4, o->partial ? 1 : 0);
	bind_text_or_null(st, 5, o->crossing_date >= 0 ?
	    fr_date_format(o->crossing_date, cross) : NULL);
	sqlite3_bind_text(st, 6, now, -1, SQLITE_TRANSIENT);
	rc = write_one(l, st, d, "cannot record");
out:
	sqlite3_finalize(st);
	return rc;
}

int
ledger_add_event(struct ledger *l, const struct fr_event *e,
    struct fr_diags *d)
{
	sqlite3_stmt *st = NULL;
	char date[FR_DATE_LEN], now[32];
	int rc;

	if (e->kind >= FR_EV_NKINDS)
		return FR_EINVAL;
	rc = sqlite3_prepare_v2(l->db, "INSERT INTO events (kind, date, note,"
	    " recorded_at) VALUES (?, ?, ?, ?)", -1, &st, NULL);
	if (rc != SQLITE_OK) {
		rc = db_fail(l->path, l->db, rc, d, "cannot record the event");
		goto out;
	}
	now_iso(now);
	sqlite3_bind_text(st, 1, fr_ev_kind_name(e->kind), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, fr_date_format(e->date, date), -1,
	    SQLITE_TRANSIENT);
	bind_text_or_null(st, 3, e->note);
	sqlite3_bind_text(st, 4, now, -1, SQLITE_TRANSIENT);
	rc = write_one(l, st, d, "cannot record the event");
out:
	sqlite3_finalize(st);
	return rc;
}

static char *
col_strdup(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s != NULL ? fr_xstrdup((const char *)s) : NULL;
}

/* A date column; a bad one means the file was edited or damaged. */
static int
col_date(struct ledger *l, sqlite3_stmt *st, int i, const char *table,
    long long id, int *date, struct fr_diags *d)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	if (s == NULL || fr_date_parse((const char *)s, date) != FR_OK) {
		fr_diag_add(d, FR_SEV_ERROR, l->path, NULL, 0, 0,
		    "ledger.corrupt", "%s row %lld: '%.20s' is not a date: "
		    "the ledger is damaged", table, id,
		    s != NULL ? (const char *)s : "(null)");
		return FR_EFORMAT;
	}
	return FR_OK;
}

int
ledger_history(struct ledger *l, struct fr_history *h, struct fr_diags *d)
{
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	int rc;

	memset(h, 0, sizeof *h);
	/* One read transaction: a consistent snapshot of both tables. */
	rc = sqlite3_exec(l->db, "BEGIN", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return db_fail(l->path, l->db, rc, d, "cannot read the ledger");
	rc = sqlite3_prepare_v2(l->db, "SELECT id, date, individuals, source,"
	    " partial, crossing_date, recorded_at FROM observations"
	    " ORDER BY date, id", -1, &st, NULL);
	if (rc != SQLITE_OK)
		goto dbfail;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct fr_observation *o;

		if (h->nobs == cap) {
			cap = cap ? cap * 2 : 64;
			h->obs = fr_xreallocarray(h->obs, cap, sizeof *h->obs);
		}
		o = &h->obs[h->nobs];
		memset(o, 0, sizeof *o);
		o->id = sqlite3_column_int64(st, 0);
		if ((rc = col_date(l, st, 1, "observations", o->id, &o->date,
		    d)) != FR_OK)
			goto fail;
		o->individuals = sqlite3_column_int64(st, 2);
		o->partial = sqlite3_column_int(st, 4) != 0;
		o->crossing_date = -1;
		if (sqlite3_column_type(st, 5) != SQLITE_NULL &&
		    (rc = col_date(l, st, 5, "observations", o->id,
		    &o->crossing_date, d)) != FR_OK)
			goto fail;
		o->source = col_strdup(st, 3);
		o->recorded_at = col_strdup(st, 6);
		h->nobs++;
	}
	if (rc != SQLITE_DONE)
		goto dbfail;
	sqlite3_finalize(st);
	st = NULL;

	cap = 0;
	rc = sqlite3_prepare_v2(l->db, "SELECT id, kind, date, note,"
	    " recorded_at FROM events ORDER BY date, id", -1, &st, NULL);
	if (rc != SQLITE_OK)
		goto dbfail;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct fr_event *e;
		const unsigned char *kind;

		if (h->nev == cap) {
			cap = cap ? cap * 2 : 16;
			h->ev = fr_xreallocarray(h->ev, cap, sizeof *h->ev);
		}
		e = &h->ev[h->nev];
		memset(e, 0, sizeof *e);
		e->id = sqlite3_column_int64(st, 0);
		kind = sqlite3_column_text(st, 1);
		if (kind == NULL ||
		    fr_ev_kind_parse((const char *)kind, &e->kind) != FR_OK) {
			fr_diag_add(d, FR_SEV_ERROR, l->path, NULL, 0, 0,
			    "ledger.corrupt", "events row %lld: unknown kind: "
			    "the ledger is damaged", e->id);
			rc = FR_EFORMAT;
			goto fail;
		}
		if ((rc = col_date(l, st, 2, "events", e->id, &e->date, d)) !=
		    FR_OK)
			goto fail;
		e->note = col_strdup(st, 3);
		e->recorded_at = col_strdup(st, 4);
		h->nev++;
	}
	if (rc != SQLITE_DONE)
		goto dbfail;
	sqlite3_finalize(st);
	sqlite3_exec(l->db, "COMMIT", NULL, NULL, NULL);
	return FR_OK;
dbfail:
	rc = db_fail(l->path, l->db, rc, d, "cannot read the ledger");
fail:
	sqlite3_finalize(st);
	sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
	fr_history_release(h);
	return rc;
}

int
ledger_state_get(struct ledger *l, const char *key, char **value,
    struct fr_diags *d)
{
	sqlite3_stmt *st = NULL;
	int rc;

	*value = NULL;
	rc = sqlite3_prepare_v2(l->db, "SELECT value FROM state WHERE key = ?",
	    -1, &st, NULL);
	if (rc != SQLITE_OK)
		goto dbfail;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*value = col_strdup(st, 0);
		rc = FR_OK;
	} else if (rc == SQLITE_DONE)
		rc = FR_ENOENT;
	else
		goto dbfail;
	sqlite3_finalize(st);
	return rc;
dbfail:
	rc = db_fail(l->path, l->db, rc, d, "cannot read the ledger state");
	sqlite3_finalize(st);
	return rc;
}

int
ledger_state_set(struct ledger *l, const char *key, const char *value,
    struct fr_diags *d)
{
	sqlite3_stmt *st = NULL;
	char now[32];
	int rc;

	if (value == NULL)
		rc = sqlite3_prepare_v2(l->db, "DELETE FROM state WHERE key = ?",
		    -1, &st, NULL);
	else
		rc = sqlite3_prepare_v2(l->db, "INSERT INTO state (key, value,"
		    " updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE"
		    " SET value = excluded.value,"
		    " updated_at = excluded.updated_at", -1, &st, NULL);
	if (rc != SQLITE_OK) {
		rc = db_fail(l->path, l->db, rc, d, "cannot write the state");
		goto out;
	}
	sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
	if (value != NULL) {
		now_iso(now);
		sqlite3_bind_text(st, 2, value, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, now, -1, SQLITE_TRANSIENT);
	}
	rc = write_one(l, st, d, "cannot write the state");
out:
	sqlite3_finalize(st);
	return rc;
}
