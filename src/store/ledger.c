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
#include "core/hmac.h"
#include "core/secret.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct ledger {
	sqlite3 *db;
	char *path;
	int version;		/* PRAGMA user_version as found */
	int have_key;
	unsigned char key[LEDGER_KEY_LEN];
};

/*
 * The chained tables. Each row's seq is its place in one chain over all
 * four; hash is row_hash() of the row and the hash before it.
 */
static const char chain_sql[] =
    "CREATE TABLE observations ("
    " id INTEGER PRIMARY KEY,"
    " date TEXT NOT NULL,"
    " individuals INTEGER NOT NULL CHECK (individuals >= 0),"
    " source TEXT,"
    " partial INTEGER NOT NULL DEFAULT 0 CHECK (partial IN (0, 1)),"
    " crossing_date TEXT,"
    " recorded_at TEXT NOT NULL,"
    " seq INTEGER NOT NULL UNIQUE,"
    " hash TEXT NOT NULL);"
    "CREATE INDEX observations_date ON observations (date, id);"
    "CREATE TABLE events ("
    " id INTEGER PRIMARY KEY,"
    " kind TEXT NOT NULL CHECK (kind IN ('submitted', 'returned',"
    "  'completed', 'failed', 'changed', 'terminated')),"
    " date TEXT NOT NULL,"
    " note TEXT,"
    " count INTEGER CHECK (count IS NULL OR count >= 0),"
    " recorded_at TEXT NOT NULL,"
    " seq INTEGER NOT NULL UNIQUE,"
    " hash TEXT NOT NULL);"
    "CREATE TABLE count_failures ("
    " id INTEGER PRIMARY KEY,"
    " date TEXT NOT NULL,"
    " reason TEXT NOT NULL,"
    " recorded_at TEXT NOT NULL,"
    " seq INTEGER NOT NULL UNIQUE,"
    " hash TEXT NOT NULL);"
    "CREATE TABLE device_audit ("
    " id INTEGER PRIMARY KEY,"
    " date TEXT NOT NULL,"
    " store_id TEXT NOT NULL,"
    " device TEXT,"
    " entries INTEGER NOT NULL CHECK (entries >= 0),"
    " head TEXT NOT NULL,"
    " recorded_at TEXT NOT NULL,"
    " seq INTEGER NOT NULL UNIQUE,"
    " hash TEXT NOT NULL);"
    "CREATE TABLE chain_head ("
    " id INTEGER PRIMARY KEY CHECK (id = 1),"
    " seq INTEGER NOT NULL,"
    " hash TEXT NOT NULL,"
    " mac TEXT NOT NULL);";

static const char state_sql[] =
    "CREATE TABLE state ("
    " key TEXT PRIMARY KEY,"
    " value TEXT NOT NULL,"
    " updated_at TEXT NOT NULL);";

/* The chained tables and their hashed columns, in hashing order. */
struct chain_table {
	const char *name;
	const char *cols;	/* for SELECT and INSERT */
	int ncols;
};

enum { T_OBS, T_EV, T_FAIL, T_DEV, T_N };

static const struct chain_table tables[T_N] = {
	[T_OBS] = { "observations", "date, individuals, source, partial, "
	    "crossing_date, recorded_at", 6 },
	[T_EV] = { "events", "kind, date, note, count, recorded_at", 5 },
	[T_FAIL] = { "count_failures", "date, reason, recorded_at", 3 },
	[T_DEV] = { "device_audit", "date, store_id, device, entries, head, "
	    "recorded_at", 6 },
};

#define ZERO_HASH \
	"0000000000000000000000000000000000000000000000000000000000000000"

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
	int prim = src & 0xff, err = errno;

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
	/* A write past ulimit -f: SIGXFSZ is ignored, the write says EFBIG. */
	if (prim == SQLITE_IOERR && (err == EFBIG ||
	    (db != NULL && sqlite3_system_errno(db) == EFBIG))) {
		fr_diag_add(d, FR_SEV_ERROR, path, NULL, 0, 0, "ledger.efbig",
		    "%s: %s (the file size limit, ulimit -f, was reached); "
		    "nothing was written", what, strerror(EFBIG));
		return FR_EIO;
	}
	fr_diag_add(d, FR_SEV_ERROR, path, NULL, 0, 0, "ledger.sqlite",
	    "%s: %s", what, db != NULL ? sqlite3_errmsg(db) :
	    sqlite3_errstr(src));
	return FR_EIO;
}

char *
ledger_key_path(const char *path)
{
	return fr_xasprintf("%s.key", path);
}

/* Reads the ledger's key file once (FR_OK, or FR_EIO with a diagnostic). */
static int
key_load(struct ledger *l, struct fr_diags *d)
{
	char *kp, *buf = NULL, *err = NULL;
	size_t len = 0;
	int rc;

	if (l->have_key)
		return FR_OK;
	kp = ledger_key_path(l->path);
	rc = fr_secret_read(kp, 2 * LEDGER_KEY_LEN, 2 * LEDGER_KEY_LEN, 1,
	    &buf, &len, &err);
	if (rc == FR_OK && fr_unhex(buf, LEDGER_KEY_LEN, l->key) != FR_OK) {
		err = fr_xasprintf("%s: expected 64 hex digits", kp);
		rc = FR_EINVAL;
	}
	if (rc != FR_OK) {
		fr_diag_add(d, FR_SEV_ERROR, l->path, NULL, 0, 0, "ledger.key",
		    "the ledger's key cannot be read (%s%s): its rows cannot "
		    "be verified or added", err, rc == FR_ENOENT ? "; a ledger "
		    "is kept with its key file" : "");
		rc = FR_EIO;
	} else
		l->have_key = 1;
	fr_secret_free(buf, len);
	free(err);
	free(kp);
	return rc;
}

/*
 * Makes the key file (0600, 32 random bytes in hex) unless a valid one
 * is there already: a ledger created again after a crash keeps its key.
 */
static int
key_create(struct ledger *l, struct fr_diags *d)
{
	unsigned char k[LEDGER_KEY_LEN];
	char hex[2 * LEDGER_KEY_LEN + 2], *kp;
	size_t got = 0;
	ssize_t r;
	int rc;

	kp = ledger_key_path(l->path);
	if (access(kp, F_OK) == 0) {
		free(kp);
		return key_load(l, d);
	}
	while (got < sizeof k) {
		r = getrandom(k + got, sizeof k - got, 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			fr_diag_add(d, FR_SEV_ERROR, l->path, NULL, 0, 0,
			    "ledger.key", "no random bytes for the key: %s",
			    strerror(errno));
			free(kp);
			return FR_EIO;
		}
		got += (size_t)r;
	}
	fr_hex(k, sizeof k, hex);
	hex[2 * LEDGER_KEY_LEN] = '\n';
	hex[2 * LEDGER_KEY_LEN + 1] = '\0';
	rc = fr_write_file_atomic(kp, hex, strlen(hex), 0600);
	if (rc != FR_OK) {
		fr_diag_add(d, FR_SEV_ERROR, kp, NULL, 0, 0, "ledger.key",
		    "cannot write the ledger's key file: %s", errno == EFBIG ?
		    "file too large (ulimit -f)" : strerror(errno));
		rc = FR_EIO;
	} else {
		memcpy(l->key, k, sizeof k);
		l->have_key = 1;
	}
	explicit_bzero(k, sizeof k);
	explicit_bzero(hex, sizeof hex);
	free(kp);
	return rc;
}

/* Growing byte buffer for the canonical form of a row. */
struct rowbuf {
	char *p;
	size_t len, cap;
};

/* Appends n bytes to a row's canonical form, growing the buffer. */
static void
rb_put(struct rowbuf *b, const void *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->p = fr_xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

/* A field: "-" for NULL, else "=LEN:" and its bytes, after a newline. */
static void
rb_field(struct rowbuf *b, const char *s)
{
	char h[32];

	if (s == NULL) {
		rb_put(b, "\n-", 2);
		return;
	}
	snprintf(h, sizeof h, "\n=%zu:", strlen(s));
	rb_put(b, h, strlen(h));
	rb_put(b, s, strlen(s));
}

/* SHA-256 of "frfile-ledger/2", prev, seq, table and the fields, in hex. */
static void
row_hash(const char *prev, long long seq, const char *table,
    const char *const *f, int n, char out[65])
{
	struct rowbuf b = { NULL, 0, 0 };
	unsigned char dg[FR_SHA256_LEN];
	char h[96];
	int i;

	snprintf(h, sizeof h, "frfile-ledger/2\n%.64s\n%lld\n", prev, seq);
	rb_put(&b, h, strlen(h));
	rb_put(&b, table, strlen(table));
	for (i = 0; i < n; i++)
		rb_field(&b, f[i]);
	fr_sha256(b.p, b.len, dg);
	fr_hex(dg, sizeof dg, out);
	free(b.p);
}

/* HMAC-SHA256 under the ledger's key of the head's place and hash, hex. */
static void
head_mac(const struct ledger *l, long long seq, const char *hash,
    char out[65])
{
	unsigned char m[FR_SHA256_LEN];
	char *msg = fr_xasprintf("frfile-ledger-head/2\n%lld\n%.64s", seq,
	    hash);

	fr_hmac_sha256(l->key, sizeof l->key, msg, strlen(msg), m);
	fr_hex(m, sizeof m, out);
	free(msg);
}

/* Constant-time comparison of two 64-digit hex strings. */
static int
hex_eq(const char *a, const char *b)
{
	unsigned char x = 0;
	size_t i;

	if (a == NULL || b == NULL || strlen(a) != 64 || strlen(b) != 64)
		return 0;
	for (i = 0; i < 64; i++)
		x |= (unsigned char)(a[i] ^ b[i]);
	return x == 0;
}

/*
 * The integer the first row of a PRAGMA or SELECT gives, in *v; an SQLite
 * result code (SQLITE_CORRUPT for no row).
 */
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

/* Writes the head row (INSERT OR REPLACE) with its MAC. */
static int
head_write(struct ledger *l, long long seq, const char *hash)
{
	sqlite3_stmt *st = NULL;
	char mac[65];
	int rc;

	head_mac(l, seq, hash, mac);
	rc = sqlite3_prepare_v2(l->db, "INSERT OR REPLACE INTO chain_head "
	    "(id, seq, hash, mac) VALUES (1, ?, ?, ?)", -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, seq);
		sqlite3_bind_text(st, 2, hash, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, mac, -1, SQLITE_TRANSIENT);
		rc = sqlite3_step(st);
		if (rc == SQLITE_DONE)
			rc = SQLITE_OK;
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
		/* The key first: a ledger never exists without it. */
		if (key_create(l, d) != FR_OK) {
			sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
			return FR_EIO;
		}
		sql = fr_xasprintf("%s %s PRAGMA application_id = %d;"
		    " PRAGMA user_version = %d;", chain_sql, state_sql,
		    LEDGER_APPLICATION_ID, LEDGER_SCHEMA);
		if ((rc = sqlite3_exec(l->db, sql, NULL, NULL, NULL)) != 0 ||
		    (rc = head_write(l, 0, ZERO_HASH)) != 0)
			goto fail;
	}
	if ((rc = sqlite3_exec(l->db, "COMMIT", NULL, NULL, NULL)) != 0)
		goto fail;
	l->version = LEDGER_SCHEMA;
	free(sql);
	return FR_OK;
fail:
	free(sql);
	rc = db_fail(l->path, l->db, rc, d, "cannot create the ledger");
	sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

/*
 * Checks the application id and schema version; an empty file is made a
 * ledger unless opened to read. FR_OK, or an error with one diagnostic.
 */
static int
check_header(struct ledger *l, enum ledger_mode mode, int allow_old,
    struct fr_diags *d)
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
		l->version = (int)ver;
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
		if (ver < LEDGER_SCHEMA && !allow_old) {
			fr_diag_add(d, FR_SEV_ERROR, l->path, NULL, 0, 0,
			    "ledger.old", "the ledger has schema version %lld, "
			    "whose rows are not chained: upgrade it once with "
			    "'frfile ledger upgrade --ledger %s'", ver,
			    l->path);
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

/*
 * Opens the ledger as ledger_open does; allow_old (ledger upgrade) also
 * takes an older, unchained schema.
 */
static int
open_ledger(const char *path, enum ledger_mode mode, int allow_old,
    struct ledger **out, struct fr_diags *d)
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
	if ((rc = check_header(l, mode, allow_old, d)) != FR_OK)
		goto fail;
	sqlite3_exec(l->db, "PRAGMA synchronous = FULL", NULL, NULL, NULL);
	*out = l;
	return FR_OK;
fail:
	ledger_close(l);
	return rc;
}

int
ledger_open(const char *path, enum ledger_mode mode, struct ledger **out,
    struct fr_diags *d)
{
	return open_ledger(path, mode, 0, out, d);
}

void
ledger_close(struct ledger *l)
{
	if (l == NULL)
		return;
	sqlite3_close(l->db);
	explicit_bzero(l->key, sizeof l->key);
	free(l->path);
	free(l);
}

/* The time now as "2026-11-22T09:47:00+08:00", for recorded_at. */
static void
now_iso(char buf[32])
{
	fr_time_iso_cst(time(NULL), buf);
}

/* Binds s to parameter i, or SQL NULL when s is NULL; an SQLite result code. */
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

/* A row to add to the chain: its table and its fields as text (or NULL). */
struct chain_row {
	int table;
	char *f[6];
};

/* Frees a chain row's fields, not the row. */
static void
chain_row_release(struct chain_row *r)
{
	int i;

	for (i = 0; i < 6; i++)
		free(r->f[i]);
}

/* A copy of s, or NULL for NULL; caller frees. */
static char *
dup_or_null(const char *s)
{
	return s != NULL ? fr_xstrdup(s) : NULL;
}

/* A date as YYYY-MM-DD, or NULL for none (negative); caller frees. */
static char *
date_str(int date)
{
	char b[FR_DATE_LEN];

	return date >= 0 ? fr_xstrdup(fr_date_format(date, b)) : NULL;
}

/* INSERTs one row with its place and hash (id 0: a new id). */
static int
insert_row(struct ledger *l, const struct chain_row *r, long long id,
    long long seq, const char *hash)
{
	const struct chain_table *t = &tables[r->table];
	sqlite3_stmt *st = NULL;
	char *sql;
	int rc, k;

	/* As many placeholders as columns, plus id, seq and hash. */
	sql = fr_xasprintf("INSERT INTO %s (%s, id, seq, hash) VALUES (%.*s)",
	    t->name, t->cols, 3 * (t->ncols + 3) - 2,
	    "?, ?, ?, ?, ?, ?, ?, ?, ?");
	rc = sqlite3_prepare_v2(l->db, sql, -1, &st, NULL);
	free(sql);
	if (rc != SQLITE_OK)
		return rc;
	for (k = 0; k < t->ncols; k++)
		bind_text_or_null(st, k + 1, r->f[k]);
	if (id > 0)
		sqlite3_bind_int64(st, t->ncols + 1, id);
	else
		sqlite3_bind_null(st, t->ncols + 1);
	sqlite3_bind_int64(st, t->ncols + 2, seq);
	sqlite3_bind_text(st, t->ncols + 3, hash, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/*
 * Appends rows to the chain in one BEGIN IMMEDIATE transaction: the head
 * must be authentic (a writer never re-keys a forged head), each row
 * gets the next place and its hash, and the head moves with a new MAC.
 */
static int
chain_append(struct ledger *l, struct chain_row *rows, size_t n,
    struct fr_diags *d, const char *what)
{
	sqlite3_stmt *st = NULL;
	char prev[65], mac[65];
	const unsigned char *h, *m;
	long long seq;
	size_t i;
	int rc;

	if ((rc = key_load(l, d)) != FR_OK)
		return rc;
	rc = sqlite3_exec(l->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return db_fail(l->path, l->db, rc, d, what);
	rc = sqlite3_prepare_v2(l->db, "SELECT seq, hash, mac FROM chain_head "
	    "WHERE id = 1", -1, &st, NULL);
	if (rc != SQLITE_OK)
		goto dbfail;
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		goto dbfail;
	h = rc == SQLITE_ROW ? sqlite3_column_text(st, 1) : NULL;
	m = rc == SQLITE_ROW ? sqlite3_column_text(st, 2) : NULL;
	seq = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	if (h != NULL)
		head_mac(l, seq, (const char *)h, mac);
	if (h == NULL || m == NULL || strlen((const char *)h) != 64 ||
	    !hex_eq((const char *)m, mac)) {
		fr_diag_add(d, FR_SEV_ERROR, l->path, NULL, 0, 0,
		    "ledger.tampered", "%s: the ledger's chain head is %s: "
		    "the ledger was edited outside frfile; nothing added",
		    what, h == NULL ? "missing" : "not authenticated by its key");
		rc = FR_ECRYPTO;
		goto fail;
	}
	snprintf(prev, sizeof prev, "%s", (const char *)h);
	sqlite3_finalize(st);
	st = NULL;
	for (i = 0; i < n; i++) {
		const struct chain_table *t = &tables[rows[i].table];

		seq++;
		row_hash(prev, seq, t->name, (const char *const *)rows[i].f,
		    t->ncols, prev);
		if ((rc = insert_row(l, &rows[i], 0, seq, prev)) != SQLITE_OK)
			goto dbfail;
	}
	if ((rc = head_write(l, seq, prev)) != SQLITE_OK)
		goto dbfail;
	rc = sqlite3_exec(l->db, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		goto dbfail;
	return FR_OK;
dbfail:
	rc = db_fail(l->path, l->db, rc, d, what);
fail:
	sqlite3_finalize(st);
	sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

/*
 * Refuses a negative count or a crossing date after the count's day:
 * FR_EINVAL with a diagnostic.
 */
static int
obs_check(struct ledger *l, const struct fr_observation *o,
    struct fr_diags *d)
{
	if (o->individuals < 0 || (o->crossing_date >= 0 &&
	    o->crossing_date > o->date)) {
		fr_diag_add(d, FR_SEV_ERROR, l->path, NULL, 0, 0,
		    "ledger.observation", o->individuals < 0 ?
		    "a count cannot be negative" :
		    "the crossing date is after the observation");
		return FR_EINVAL;
	}
	return FR_OK;
}

/* The chain row of an observation, its fields as text, recorded at now. */
static void
obs_row(const struct fr_observation *o, const char *now, struct chain_row *r)
{
	memset(r, 0, sizeof *r);
	r->table = T_OBS;
	r->f[0] = date_str(o->date);
	r->f[1] = fr_xasprintf("%lld", o->individuals);
	r->f[2] = dup_or_null(o->source);
	r->f[3] = fr_xstrdup(o->partial ? "1" : "0");
	r->f[4] = date_str(o->crossing_date);
	r->f[5] = fr_xstrdup(now);
}

int
ledger_record_count(struct ledger *l, const struct fr_observation *o,
    const struct fr_device_audit *dv, size_t ndev, struct fr_diags *d)
{
	struct chain_row *rows;
	char now[32];
	size_t i;
	int rc;

	if ((rc = obs_check(l, o, d)) != FR_OK)
		return rc;
	now_iso(now);
	rows = fr_xcalloc(ndev + 1, sizeof *rows);
	obs_row(o, now, &rows[0]);
	for (i = 0; i < ndev; i++) {
		struct chain_row *r = &rows[i + 1];

		r->table = T_DEV;
		r->f[0] = date_str(o->date);
		r->f[1] = fr_xstrdup(dv[i].store_id);
		r->f[2] = dup_or_null(dv[i].device);
		r->f[3] = fr_xasprintf("%lld", dv[i].entries);
		r->f[4] = fr_xstrdup(dv[i].head);
		r->f[5] = fr_xstrdup(now);
	}
	rc = chain_append(l, rows, ndev + 1, d, "cannot record");
	for (i = 0; i < ndev + 1; i++)
		chain_row_release(&rows[i]);
	free(rows);
	return rc;
}

int
ledger_record(struct ledger *l, const struct fr_observation *o,
    struct fr_diags *d)
{
	return ledger_record_count(l, o, NULL, 0, d);
}

int
ledger_record_failure(struct ledger *l, int date, const char *reason,
    struct fr_diags *d)
{
	struct chain_row r;
	char now[32];
	int rc;

	memset(&r, 0, sizeof r);
	now_iso(now);
	r.table = T_FAIL;
	r.f[0] = date_str(date);
	/* One line, bounded: it is shown in alerts. */
	r.f[1] = fr_xasprintf("%.500s", reason != NULL && *reason != '\0' ?
	    reason : "no reason given");
	for (char *p = r.f[1]; *p != '\0'; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	r.f[2] = fr_xstrdup(now);
	rc = chain_append(l, &r, 1, d, "cannot record the failed count");
	chain_row_release(&r);
	return rc;
}

int
ledger_add_event(struct ledger *l, const struct fr_event *e,
    struct fr_diags *d)
{
	struct chain_row r;
	char now[32];
	int rc;

	if (e->kind >= FR_EV_NKINDS)
		return FR_EINVAL;
	memset(&r, 0, sizeof r);
	now_iso(now);
	r.table = T_EV;
	r.f[0] = fr_xstrdup(fr_ev_kind_name(e->kind));
	r.f[1] = date_str(e->date);
	r.f[2] = dup_or_null(e->note);
	r.f[3] = e->count >= 0 ? fr_xasprintf("%lld", e->count) : NULL;
	r.f[4] = fr_xstrdup(now);
	rc = chain_append(l, &r, 1, d, "cannot record the event");
	chain_row_release(&r);
	return rc;
}

/* A copy of text column i, or NULL for SQL NULL; caller frees. */
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

/*
 * Verifies the chain inside the caller's read transaction: every row of
 * the four tables in the order of its place, each hash recomputed from
 * the one before, then the head's place, hash and MAC. The first problem
 * is one diagnostic naming the table and row.
 */
static int
chain_verify(struct ledger *l, struct fr_history *h, struct fr_diags *d)
{
	static const char sql[] =
	    "SELECT 0, id, seq, hash, date, individuals, source, partial,"
	    " crossing_date, recorded_at FROM observations"
	    " UNION ALL SELECT 1, id, seq, hash, kind, date, note, count,"
	    " recorded_at, NULL FROM events"
	    " UNION ALL SELECT 2, id, seq, hash, date, reason, recorded_at,"
	    " NULL, NULL, NULL FROM count_failures"
	    " UNION ALL SELECT 3, id, seq, hash, date, store_id, device,"
	    " entries, head, recorded_at FROM device_audit"
	    " ORDER BY 3, 1, 2";
	sqlite3_stmt *st = NULL;
	char prev[65] = ZERO_HASH, calc[65], mac[65];
	const char *f[6];
	long long want = 1, seq, id, hseq = -1;
	const unsigned char *hh = NULL, *hm = NULL;
	int rc, t, k, bad = 0;

	if ((rc = key_load(l, d)) != FR_OK)
		return rc;
	rc = sqlite3_prepare_v2(l->db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_fail(l->path, l->db, rc, d, "cannot read the ledger");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *stored;

		t = sqlite3_column_int(st, 0);
		id = sqlite3_column_int64(st, 1);
		seq = sqlite3_column_int64(st, 2);
		stored = (const char *)sqlite3_column_text(st, 3);
		if (t < 0 || t >= T_N)
			continue;
		for (k = 0; k < tables[t].ncols; k++)
			f[k] = (const char *)sqlite3_column_text(st, 4 + k);
		if (seq != want) {
			fr_diag_add(d, FR_SEV_ERROR, l->path, NULL, 0, 0,
			    "ledger.tampered", seq < want ? "%s row %lld claims "
			    "place %lld in the chain, which another row holds: "
			    "a row was inserted outside frfile" : "%s row %lld "
			    "has place %lld in the chain where %lld was "
			    "expected: a row was deleted outside frfile",
			    tables[t].name, id, seq, want);
			bad = 1;
			break;
		}
		row_hash(prev, seq, tables[t].name, f, tables[t].ncols, calc);
		if (stored == NULL || strcmp(stored, calc) != 0) {
			fr_diag_add(d, FR_SEV_ERROR, l->path, NULL, 0, 0,
			    "ledger.tampered", "%s row %lld (place %lld in the "
			    "chain) does not match its hash: the row was "
			    "inserted or edited outside frfile",
			    tables[t].name, id, seq);
			bad = 1;
			break;
		}
		memcpy(prev, calc, sizeof prev);
		want++;
	}
	if (!bad && rc != SQLITE_DONE) {
		rc = db_fail(l->path, l->db, rc, d, "cannot read the ledger");
		sqlite3_finalize(st);
		return rc;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (bad)
		return FR_ECRYPTO;
	rc = sqlite3_prepare_v2(l->db, "SELECT seq, hash, mac FROM chain_head "
	    "WHERE id = 1", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return db_fail(l->path, l->db, rc, d, "cannot read the ledger");
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		hseq = sqlite3_column_int64(st, 0);
		hh = sqlite3_column_text(st, 1);
		hm = sqlite3_column_text(st, 2);
	}
	rc = FR_OK;
	if (hh != NULL)
		head_mac(l, hseq, (const char *)hh, mac);
	if (hh == NULL || hm == NULL) {
		fr_diag_add(d, FR_SEV_ERROR, l->path, NULL, 0, 0,
		    "ledger.tampered", "the ledger's chain head is missing: "
		    "it was edited outside frfile");
		rc = FR_ECRYPTO;
	} else if (!hex_eq((const char *)hm, mac)) {
		fr_diag_add(d, FR_SEV_ERROR, l->path, NULL, 0, 0,
		    "ledger.tampered", "the ledger's chain head is not "
		    "authenticated by its key: it was edited outside frfile");
		rc = FR_ECRYPTO;
	} else if (hseq != want - 1 || strcmp((const char *)hh, prev) != 0) {
		fr_diag_add(d, FR_SEV_ERROR, l->path, NULL, 0, 0,
		    "ledger.tampered", "the chain holds %lld row%s but its "
		    "authenticated head says %lld: %s outside frfile",
		    want - 1, want == 2 ? "" : "s", hseq, want - 1 < hseq ?
		    "the latest rows were deleted" : "rows were added or "
		    "edited");
		rc = FR_ECRYPTO;
	} else if (h != NULL) {
		h->chain_entries = hseq;
		snprintf(h->chain_head, sizeof h->chain_head, "%s", prev);
	}
	sqlite3_finalize(st);
	return rc;
}

/* A row of a ledger table into h (cap: the array's capacity so far). */
typedef int ledger_row_fn(struct ledger *, sqlite3_stmt *, struct fr_history *,
    size_t *cap, struct fr_diags *);

/* Every row sql selects, through row, in one statement. */
static int
read_rows(struct ledger *l, const char *sql, ledger_row_fn *row,
    struct fr_history *h, struct fr_diags *d)
{
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	int rc;

	rc = sqlite3_prepare_v2(l->db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		goto dbfail;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((rc = row(l, st, h, &cap, d)) != FR_OK)
			goto fail;
	if (rc != SQLITE_DONE)
		goto dbfail;
	sqlite3_finalize(st);
	return FR_OK;
dbfail:
	rc = db_fail(l->path, l->db, rc, d, "cannot read the ledger");
fail:
	sqlite3_finalize(st);
	return rc;
}

/* The observations, oldest first. */
static const char obs_sql[] = "SELECT id, date, individuals, source,"
    " partial, crossing_date, recorded_at, seq FROM observations"
    " ORDER BY date, id";

/* Reads one observations row into h; a bad date is reported as damage. */
static int
obs_row_read(struct ledger *l, sqlite3_stmt *st, struct fr_history *h,
    size_t *cap, struct fr_diags *d)
{
	struct fr_observation *o;
	int rc;

	FR_GROW(h->obs, *cap, h->nobs + 1, 64);
	o = &h->obs[h->nobs];
	memset(o, 0, sizeof *o);
	o->id = sqlite3_column_int64(st, 0);
	if ((rc = col_date(l, st, 1, "observations", o->id, &o->date,
	    d)) != FR_OK)
		return rc;
	o->individuals = sqlite3_column_int64(st, 2);
	o->partial = sqlite3_column_int(st, 4) != 0;
	o->crossing_date = -1;
	if (sqlite3_column_type(st, 5) != SQLITE_NULL &&
	    (rc = col_date(l, st, 5, "observations", o->id,
	    &o->crossing_date, d)) != FR_OK)
		return rc;
	o->source = col_strdup(st, 3);
	o->recorded_at = col_strdup(st, 6);
	o->seq = sqlite3_column_int64(st, 7);
	h->nobs++;
	return FR_OK;
}

/* The filing events, oldest first. */
static const char event_sql[] = "SELECT id, kind, date, note,"
    " recorded_at, count, seq FROM events ORDER BY date, id";

/* Reads one events row into h; an unknown kind or a bad date is damage. */
static int
event_row_read(struct ledger *l, sqlite3_stmt *st, struct fr_history *h,
    size_t *cap, struct fr_diags *d)
{
	struct fr_event *e;
	const unsigned char *kind;
	int rc;

	FR_GROW(h->ev, *cap, h->nev + 1, 16);
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
		return rc;
	}
	if ((rc = col_date(l, st, 2, "events", e->id, &e->date, d)) !=
	    FR_OK)
		return rc;
	e->note = col_strdup(st, 3);
	e->recorded_at = col_strdup(st, 4);
	e->count = sqlite3_column_type(st, 5) == SQLITE_NULL ? -1 :
	    sqlite3_column_int64(st, 5);
	e->seq = sqlite3_column_int64(st, 6);
	h->nev++;
	return FR_OK;
}

/* The failed counts, in the order recorded. */
static const char failure_sql[] = "SELECT id, date, reason, recorded_at,"
    " seq FROM count_failures ORDER BY seq";

/* Reads one count_failures row into h; a bad date is reported as damage. */
static int
failure_row_read(struct ledger *l, sqlite3_stmt *st, struct fr_history *h,
    size_t *cap, struct fr_diags *d)
{
	struct fr_count_failure *x;
	int rc;

	FR_GROW(h->fail, *cap, h->nfail + 1, 16);
	x = &h->fail[h->nfail];
	memset(x, 0, sizeof *x);
	x->id = sqlite3_column_int64(st, 0);
	if ((rc = col_date(l, st, 1, "count_failures", x->id, &x->date,
	    d)) != FR_OK)
		return rc;
	x->reason = col_strdup(st, 2);
	x->recorded_at = col_strdup(st, 3);
	x->seq = sqlite3_column_int64(st, 4);
	h->nfail++;
	return FR_OK;
}

/* What each device's facts said of its audit log, in order. */
static const char audit_sql[] = "SELECT id, date, store_id, device,"
    " entries, head, recorded_at, seq FROM device_audit ORDER BY seq";

/* Reads one device_audit row into h; a bad date is reported as damage. */
static int
audit_row_read(struct ledger *l, sqlite3_stmt *st, struct fr_history *h,
    size_t *cap, struct fr_diags *d)
{
	struct fr_device_audit *x;
	const unsigned char *hd;
	int rc;

	FR_GROW(h->dev, *cap, h->ndev + 1, 16);
	x = &h->dev[h->ndev];
	memset(x, 0, sizeof *x);
	x->id = sqlite3_column_int64(st, 0);
	if ((rc = col_date(l, st, 1, "device_audit", x->id, &x->date,
	    d)) != FR_OK)
		return rc;
	x->store_id = col_strdup(st, 2);
	if (x->store_id == NULL)
		x->store_id = fr_xstrdup("");
	x->device = col_strdup(st, 3);
	x->entries = sqlite3_column_int64(st, 4);
	hd = sqlite3_column_text(st, 5);
	snprintf(x->head, sizeof x->head, "%s",
	    hd != NULL ? (const char *)hd : "");
	x->recorded_at = col_strdup(st, 6);
	x->seq = sqlite3_column_int64(st, 7);
	h->ndev++;
	return FR_OK;
}

int
ledger_history(struct ledger *l, struct fr_history *h, struct fr_diags *d)
{
	int rc;

	memset(h, 0, sizeof *h);
	/* One read transaction: a consistent snapshot of every table. */
	rc = sqlite3_exec(l->db, "BEGIN", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return db_fail(l->path, l->db, rc, d, "cannot read the ledger");
	/* First the chain: an edited row is named as such, not as damage. */
	if ((rc = chain_verify(l, h, d)) != FR_OK)
		goto fail;
	if ((rc = read_rows(l, obs_sql, obs_row_read, h, d)) != FR_OK ||
	    (rc = read_rows(l, event_sql, event_row_read, h, d)) != FR_OK ||
	    (rc = read_rows(l, failure_sql, failure_row_read, h, d)) != FR_OK ||
	    (rc = read_rows(l, audit_sql, audit_row_read, h, d)) != FR_OK)
		goto fail;
	sqlite3_exec(l->db, "COMMIT", NULL, NULL, NULL);
	return FR_OK;
fail:
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

/* 1 when the table has the column (PRAGMA table_info). */
static int
has_column(sqlite3 *db, const char *table, const char *col)
{
	sqlite3_stmt *st = NULL;
	char *sql = fr_xasprintf("PRAGMA table_info(%s)", table);
	int found = 0;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK)
		while (sqlite3_step(st) == SQLITE_ROW)
			if (strcmp((const char *)sqlite3_column_text(st, 1),
			    col) == 0)
				found = 1;
	sqlite3_finalize(st);
	free(sql);
	return found;
}

/*
 * Moves a version 1 table's rows, in id order and keeping their ids,
 * into the new table, each with its place and hash.
 */
static int
upgrade_rows(struct ledger *l, int t, const char *select, long long *seq,
    char prev[65])
{
	sqlite3_stmt *st = NULL;
	struct chain_row r;
	int rc, k;

	rc = sqlite3_prepare_v2(l->db, select, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&r, 0, sizeof r);
		r.table = t;
		for (k = 0; k < tables[t].ncols; k++)
			r.f[k] = col_strdup(st, k + 1);
		++*seq;
		row_hash(prev, *seq, tables[t].name,
		    (const char *const *)r.f, tables[t].ncols, prev);
		rc = insert_row(l, &r, sqlite3_column_int64(st, 0), *seq, prev);
		chain_row_release(&r);
		if (rc != SQLITE_OK)
			break;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

int
ledger_upgrade(const char *path, long long *rows, struct fr_diags *d)
{
	struct ledger *l = NULL;
	char prev[65] = ZERO_HASH, *kp = NULL;
	long long seq = 0;
	int rc, made_key = 0;

	*rows = 0;
	if ((rc = open_ledger(path, LEDGER_READ, 1, &l, d)) != FR_OK)
		return rc;
	kp = ledger_key_path(path);
	if (l->version >= LEDGER_SCHEMA) {
		fr_diag_add(d, FR_SEV_ERROR, path, NULL, 0, 0, "ledger.current",
		    "the ledger already has schema version %d: nothing to "
		    "upgrade", l->version);
		rc = FR_EINVAL;
		goto out;
	}
	/*
	 * A version 1 ledger never had a key. One beside it means a chained
	 * ledger was turned back into version 1 to be re-chained with
	 * forged rows: refuse.
	 */
	if (access(kp, F_OK) == 0 ||
	    has_column(l->db, "observations", "seq")) {
		fr_diag_add(d, FR_SEV_ERROR, path, NULL, 0, 0,
		    "ledger.tampered", "the ledger says schema version 1 but "
		    "%s: it was chained before and turned back outside "
		    "frfile; not upgrading", access(kp, F_OK) == 0 ?
		    "its key file is there" : "its rows are chained");
		rc = FR_ECRYPTO;
		goto out;
	}
	rc = sqlite3_exec(l->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		rc = db_fail(path, l->db, rc, d, "cannot upgrade the ledger");
		goto out;
	}
	if ((rc = key_create(l, d)) != FR_OK) {
		sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
		goto out;
	}
	made_key = 1;
	if ((rc = sqlite3_exec(l->db, "DROP INDEX IF EXISTS observations_date;"
	    " ALTER TABLE observations RENAME TO v1_observations;"
	    " ALTER TABLE events RENAME TO v1_events;", NULL, NULL,
	    NULL)) != SQLITE_OK ||
	    (rc = sqlite3_exec(l->db, chain_sql, NULL, NULL, NULL)) !=
	    SQLITE_OK ||
	    (rc = upgrade_rows(l, T_OBS, "SELECT id, date, individuals,"
	    " source, partial, crossing_date, recorded_at FROM"
	    " v1_observations ORDER BY id", &seq, prev)) != SQLITE_OK ||
	    (rc = upgrade_rows(l, T_EV, "SELECT id, kind, date, note, NULL,"
	    " recorded_at FROM v1_events ORDER BY id", &seq, prev)) !=
	    SQLITE_OK ||
	    (rc = head_write(l, seq, prev)) != SQLITE_OK ||
	    (rc = sqlite3_exec(l->db, "DROP TABLE v1_observations;"
	    " DROP TABLE v1_events; PRAGMA user_version = 2;", NULL, NULL,
	    NULL)) != SQLITE_OK ||
	    (rc = sqlite3_exec(l->db, "COMMIT", NULL, NULL, NULL)) !=
	    SQLITE_OK) {
		rc = db_fail(path, l->db, rc, d, "cannot upgrade the ledger");
		sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
		goto out;
	}
	made_key = 0;
	*rows = seq;
	rc = FR_OK;
out:
	/* A failed upgrade leaves the version 1 ledger as it was. */
	if (made_key)
		unlink(kp);
	free(kp);
	ledger_close(l);
	return rc;
}
