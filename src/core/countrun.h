/*
 * countrun.h — one count across an organisation's sources, the work
 * behind `frfile count`: expanding fleet lists, telling what each source
 * is, reading files (mapped where they lie) and standard input, fetching
 * URLs (net/fetch.h), asking frmatch for a local store's facts, and
 * matching them all under one key.
 *
 * Art. 15 of the Measures counts individuals, not images or devices:
 * sources are de-duplicated by keyed hashes (HMAC-SHA256 under the
 * organisation secret, or a key made for this run and held in memory
 * only), so no clear person id is ever kept or reported.
 *
 * Nothing here prints: problems go into each source's diagnostics or
 * err, progress to a callback. The one process-wide effect: while a
 * file is mapped, a SIGBUS (the file shrank under the reader, perhaps in
 * another thread) ends the process with exit 3 and the line in
 * sigbus_msg, as nothing can be counted from pages that went.
 *
 * Ownership: the run owns its sources, their strings and its count
 * (fr_countrun_release); options and callbacks are borrowed.
 */
#ifndef FR_COUNTRUN_H
#define FR_COUNTRUN_H

#include <stddef.h>

#include "core/count.h"
#include "core/countsrc.h"
#include "core/diag.h"
#include "core/history.h"
#include "core/idread.h"
#include "net/fetch.h"

/* How one source is read: given on the command line before it. */
struct fr_countrun_srcopts {
	struct fr_idread_opts ro;
	const char *pattern;	/* PCRE2 id pattern, NULL for none */
	const char *sheet;	/* XLSX worksheet, NULL for the first */
	const char *encoding;	/* iconv name, NULL to detect */
};

struct fr_countrun_src {
	struct fr_src s;
	struct fr_countrun_srcopts o;
	struct fr_idpat *pat;
	const char *encoding;	/* the one read (static) */
	char *label;		/* for messages: path, redacted URL, store:… */
	enum fr_srcfmt fmt;	/* after detection */
	int failed;
	char *err;		/* a failure without diagnostics */
	struct fr_diags d;
	size_t rows, skipped;
	int dated;
	int fast;		/* read by the fast path (idscan.h) */
	size_t individuals;
	char *device;
	struct fr_device_audit audit;	/* from the facts; store_id NULL if none */
	long fetch;		/* index into the fetch array, or -1 */
	double secs;
};

/*
 * Progress: bytes read of source s (done when it is finished), or, with
 * s NULL, bytes URLs being fetched (done when they all are).
 */
typedef void fr_countrun_progress(void *arg, const struct fr_countrun_src *s,
    size_t bytes, int done);

struct fr_countrun {
	/* Set by the caller (fr_countrun_init gives the defaults). */
	const char *org_secret_file;	/* NULL: a key for this run */
	const char *token_file;		/* NULL: $FRFILE_TOKEN, if set */
	const char *frmatch;		/* NULL: beside this program, or PATH */
	struct fr_fetch_opts fo;
	int threads;			/* 0: every core */
	fr_countrun_progress *progress;	/* NULL for none */
	void *progress_arg;
	const char *sigbus_msg;		/* "prog: verb: " prefix */

	/* The result. */
	struct fr_countrun_src *src;
	size_t nsrc;
	struct fr_count *count;
	int lone;		/* one source: nothing to match, no keys */
	int run_key;		/* no secret given: a key for this run only */

	/* private */
	int keys;		/* KEYS_x, with a run key */
	int has_local;		/* stores or local exports to match */
	int stdin_used;
	char *secret, *token;
	size_t secretlen, tokenlen;
	char secret_id[17];
	char *facts_secret_id;	/* without a secret: the first store's */
	struct fr_hmac *hmac;
};

void fr_countrun_init(struct fr_countrun *);
void fr_countrun_release(struct fr_countrun *);

/*
 * Add a source (a fleet list adds the sources it names, nested at most
 * four deep). FR_EINVAL: a bad specification or standard input given
 * twice, *err says which (a usage error); FR_EFORMAT: the same for a line
 * of a fleet list (*err names the list); FR_EIO: a fleet list that cannot
 * be read (its problems in d) or is nested too deep (*err).
 */
int fr_countrun_add(struct fr_countrun *, const char *spec,
    const struct fr_countrun_srcopts *, struct fr_diags *d, char **err);

/*
 * Once every source is added: what each local file is (a SQLite database
 * is a store, whatever its name) and the id patterns compiled. FR_EINVAL
 * and *err for a bad pattern; FR_ENOENT when the fleet lists named none.
 */
int fr_countrun_prepare(struct fr_countrun *, char **err);

/*
 * The organisation secret (or a key made for this run) and the bearer
 * token. FR_EIO with *err ("--org-secret-file: …") when one is unreadable.
 */
int fr_countrun_keys(struct fr_countrun *, char **err);

/* Read, fetch and match every source; each says how it went. */
void fr_countrun_read(struct fr_countrun *);

/* Sources that failed. */
size_t fr_countrun_failed(const struct fr_countrun *);
/* A failed source's message: its err or its first error diagnostic. */
const char *fr_countrun_src_error(const struct fr_countrun_src *);
/* Why the count failed, one line for the ledger. */
char *fr_countrun_failure(const struct fr_countrun *);
/* What the count covered ("count: 3 sources: 2 devices, 1 export"). */
char *fr_countrun_describe(const struct fr_countrun *);

#endif
