/*
 * countsrc.h — what `frfile count` reads: source specifications (a path,
 * a URL, "-" for standard input, "store:PATH", "fleet:FILE", and the
 * format prefixes "facts:", "csv:", "ndjson:"), fleet list files, format
 * detection, and the sink that turns export rows and facts documents into
 * keys in a struct fr_count.
 *
 * Clear person ids exist only inside the sink, for as long as it takes to
 * fingerprint and hash them: they are never kept, returned or put in a
 * diagnostic.
 *
 * Ownership: struct fr_src strings are the struct's (fr_src_release); a
 * sink borrows its count, hmac and pattern; fleet lines are the caller's
 * to free with fr_fleet_free.
 */
#ifndef FR_COUNTSRC_H
#define FR_COUNTSRC_H

#include <stddef.h>

#include "core/count.h"
#include "core/diag.h"
#include "core/factsdoc.h"
#include "core/idread.h"

enum fr_srcfmt { FR_SRC_AUTO, FR_SRC_FACTS, FR_SRC_CSV, FR_SRC_NDJSON,
    FR_SRC_XLSX, FR_SRC_SQLITE, FR_SRC_BINARY };
enum fr_srcvia { FR_VIA_FILE, FR_VIA_STDIN, FR_VIA_URL, FR_VIA_STORE,
    FR_VIA_FLEET };

struct fr_src {
	char *spec;		/* as given (for messages) */
	char *where;		/* path, URL or store path */
	enum fr_srcfmt fmt;
	enum fr_srcvia via;
};

/* Split a source specification; FR_EINVAL with a message for bad ones. */
int fr_src_parse(const char *spec, struct fr_src *, char **err);
void fr_src_release(struct fr_src *);
const char *fr_srcfmt_name(enum fr_srcfmt);

/*
 * The format of data whose type was not forced. Content first: a ZIP
 * archive is XLSX, a SQLite database a store, other binary data
 * FR_SRC_BINARY, whatever the name says. Text by extension (.json facts,
 * .ndjson/.jsonl, .csv/.txt), else by content: a JSON object whose first
 * line is a whole object is NDJSON, any other JSON a facts document,
 * anything else CSV.
 */
enum fr_srcfmt fr_src_sniff(const char *name, const char *data, size_t len);

/*
 * What binary data looks like ("a PDF document"), or NULL for text (UTF-16
 * with a byte-order mark is text). *fmt gets FR_SRC_XLSX for a ZIP
 * archive, FR_SRC_SQLITE for a SQLite database, FR_SRC_BINARY for NUL
 * bytes (text in an encoding named by the user may have them), and
 * FR_SRC_AUTO otherwise.
 */
const char *fr_src_binary(const char *data, size_t len, enum fr_srcfmt *fmt);

/*
 * Ids a spreadsheet has damaged: FR_DAMAGED_SCIENTIFIC (1.39501E+10),
 * FR_DAMAGED_DECIMAL (a number of six digits or more ending in .0), or 0.
 * fr_src_maybe_damaged: whether any may be in data (a quick look that can
 * say yes wrongly, never no wrongly), for the fast path to decline.
 */
enum { FR_DAMAGED_SCIENTIFIC = 1, FR_DAMAGED_DECIMAL };
int fr_src_damaged_id(const char *id, size_t n);
int fr_src_maybe_damaged(const char *data, size_t len);

/*
 * A fleet list: one source per line, '#' starts a comment, blank lines
 * ignored; relative paths are relative to the list's directory.
 */
int fr_fleet_read(const char *path, char ***lines, size_t *n,
    struct fr_diags *);
void fr_fleet_free(char **lines, size_t n);

/*
 * An export or facts date: YYYY-MM-DD, YYYY-M-D, YYYY/M/D, YYYY.MM.DD or
 * YYYY年M月D日, optionally with a time ("2025/7/1 9:30", as spreadsheets
 * write it); or an ISO 8601 timestamp with a zone (Z or ±hh:mm)
 * converted to the China Standard Time day. A time without a zone is
 * taken as CST. FR_OK or FR_EINVAL.
 */
int fr_src_date(const char *s, size_t n, int *date);

struct fr_hmac;
struct fr_idpat;
struct fr_sinkpool;

struct fr_sink {
	struct fr_count *count;
	const struct fr_hmac *hmac;	/* NULL: rows cannot be hashed */
	struct fr_idpat *pat;		/* NULL: ids as they are */
	int dated;			/* from/until cells are read */
	int unkeyed;			/* the count's only source: no keys */
	size_t rows;			/* rows counted */
	int threads;			/* threads, the reader's included */
	/* private */
	struct fr_sinkpool *pool;
};
/*
 * The idread callback: normalise and add one row. A dated row is hashed
 * and added at once. Undated rows wait in batches that the sink's
 * threads (threads - 1 of them, and the reader's own when they are
 * behind) tell apart by fingerprints (fpset.h); only an id not seen
 * before in this source is hashed with HMAC-SHA256 — or, with unkeyed,
 * none is: the source is then counted by its distinct fingerprints
 * (fr_count_add_unkeyed).
 */
int fr_sink_row(void *sink, struct fr_idread *, const struct fr_idrow *);
/*
 * Finish what is still waiting (call at the end of a source; it also
 * stops the sink's threads). Clear ids wait in memory only until their
 * batch is done, then are wiped.
 */
void fr_sink_flush(struct fr_sink *);

/*
 * Add a facts document's keys to the count (the current source). The
 * document must carry keys; its secret_id must match want_secret_id when
 * that is not NULL.
 */
int fr_src_add_facts(struct fr_count *, const struct fr_factsdoc *,
    const char *name, const char *want_secret_id, struct fr_diags *);

#endif
