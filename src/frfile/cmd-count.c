/*
 * cmd-count.c — `frfile count`: distinct individuals across every store
 * and export an organisation has, the exact day the line was crossed, and
 * an observation for the ledger.
 *
 * Art. 15 of the Measures counts individuals, not images or devices: the
 * same person on five gates is one person. Sources are de-duplicated by
 * keyed hashes (HMAC-SHA256 under the organisation secret), so frfile
 * never needs, keeps or prints a clear person id. A source that fails
 * makes the count incomplete; that is an error unless --allow-partial,
 * and even then the result says "partial" everywhere, the ledger included.
 */
#include "cli/cli.h"
#include "core/count.h"
#include "core/countsrc.h"
#include "core/date.h"
#include "core/factsdoc.h"
#include "core/fr.h"
#include "core/history.h"
#include "core/hmac.h"
#include "core/idpat.h"
#include "core/idread.h"
#include "core/idscan.h"
#include "core/secret.h"
#include "core/spawn.h"
#include "frfile/cmd.h"
#include "net/fetch.h"
#include "store/ledger.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define FLEET_DEPTH	4
#define SNIFF_BYTES	(64 << 10)
#define READ_BLOCK	(1 << 20)
#define STORE_MAX	(1024ul << 20)	/* frmatch facts output */

enum {
	OPT_ID_COLUMN = CLI_OPT_FIRST_COMMAND, OPT_FROM_COLUMN,
	OPT_UNTIL_COLUMN, OPT_NO_HEADER, OPT_ID_FIELD, OPT_FROM_FIELD,
	OPT_UNTIL_FIELD, OPT_ID_PATTERN, OPT_ORG_SECRET, OPT_TOKEN_FILE,
	OPT_CA_FILE, OPT_TIMEOUT, OPT_RETRIES, OPT_MAX_BYTES, OPT_PARALLEL,
	OPT_THREADS,
	OPT_THRESHOLD, OPT_ALLOW_PARTIAL, OPT_SKIP_INVALID, OPT_RECORD,
	OPT_LEDGER, OPT_FRMATCH,
};

static const struct option longopts[] = {
	{ "id-column", required_argument, NULL, OPT_ID_COLUMN },
	{ "from-column", required_argument, NULL, OPT_FROM_COLUMN },
	{ "until-column", required_argument, NULL, OPT_UNTIL_COLUMN },
	{ "no-header", no_argument, NULL, OPT_NO_HEADER },
	{ "id-field", required_argument, NULL, OPT_ID_FIELD },
	{ "from-field", required_argument, NULL, OPT_FROM_FIELD },
	{ "until-field", required_argument, NULL, OPT_UNTIL_FIELD },
	{ "id-pattern", required_argument, NULL, OPT_ID_PATTERN },
	{ "org-secret-file", required_argument, NULL, OPT_ORG_SECRET },
	{ "token-file", required_argument, NULL, OPT_TOKEN_FILE },
	{ "ca-file", required_argument, NULL, OPT_CA_FILE },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "retries", required_argument, NULL, OPT_RETRIES },
	{ "max-bytes", required_argument, NULL, OPT_MAX_BYTES },
	{ "parallel", required_argument, NULL, OPT_PARALLEL },
	{ "threads", required_argument, NULL, OPT_THREADS },
	{ "threshold", required_argument, NULL, OPT_THRESHOLD },
	{ "allow-partial", no_argument, NULL, OPT_ALLOW_PARTIAL },
	{ "skip-invalid", no_argument, NULL, OPT_SKIP_INVALID },
	{ "record", no_argument, NULL, OPT_RECORD },
	{ "ledger", required_argument, NULL, OPT_LEDGER },
	{ "frmatch", required_argument, NULL, OPT_FRMATCH },
	{ "verbose", no_argument, NULL, 'v' },
	CLI_COMMON_OPTS
};

struct source {
	struct fr_src s;
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
	long fetch;		/* index into the fetch array, or -1 */
	double secs;
};

struct count_ctx {
	struct fr_idread_opts ro;
	const char *org_secret_file, *token_file, *ca_file, *pattern;
	const char *ledger, *frmatch;
	struct fr_fetch_opts fo;
	long long threshold;
	int allow_partial, record, verbose, progress, threads;
	int lone;		/* one source: nothing to match, no keys */
	struct cli_common common;

	char *secret, *token;
	size_t secretlen, tokenlen;
	char secret_id[17];
	char *facts_secret_id;	/* without a secret: the first store's */
	struct fr_hmac *hmac;
	struct fr_idpat *pat;
	struct fr_count *count;
	struct source *src;
	size_t nsrc;
	int stdin_used;
	double last_progress;
};

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int
add_spec(struct count_ctx *c, const char *spec, int depth, const char *from)
{
	struct fr_src s;
	struct fr_diags d;
	char *err = NULL, **lines = NULL;
	size_t n = 0, i;
	int rc;

	if (fr_src_parse(spec, &s, &err) != FR_OK) {
		if (from != NULL)
			cli_err("%s: %s", from, err);
		else
			cli_usage_error("%s", err);
		free(err);
		return FR_EXIT_USAGE;
	}
	if (s.via == FR_VIA_FLEET) {
		if (depth >= FLEET_DEPTH) {
			cli_err("%s: fleet lists nested more than %d deep",
			    s.where, FLEET_DEPTH);
			fr_src_release(&s);
			return FR_EXIT_DATA;
		}
		fr_diags_init(&d);
		rc = fr_fleet_read(s.where, &lines, &n, &d);
		if (rc != FR_OK) {
			fr_diags_print(&d, stderr, "frfile: count: ");
			fr_diags_release(&d);
			fr_src_release(&s);
			return FR_EXIT_DATA;
		}
		fr_diags_release(&d);
		rc = FR_EXIT_OK;
		for (i = 0; i < n && rc == FR_EXIT_OK; i++)
			rc = add_spec(c, lines[i], depth + 1, s.where);
		fr_fleet_free(lines, n);
		fr_src_release(&s);
		return rc;
	}
	if (s.via == FR_VIA_STDIN) {
		if (c->stdin_used++) {
			fr_src_release(&s);
			return cli_usage_error("standard input ('-') given twice");
		}
	}
	c->src = fr_xreallocarray(c->src, c->nsrc + 1, sizeof *c->src);
	memset(&c->src[c->nsrc], 0, sizeof c->src[c->nsrc]);
	c->src[c->nsrc].s = s;
	c->src[c->nsrc].fmt = s.fmt;
	c->src[c->nsrc].fetch = -1;
	fr_diags_init(&c->src[c->nsrc].d);
	if (s.via == FR_VIA_URL)
		c->src[c->nsrc].label = fr_url_redact(s.where);
	else if (s.via == FR_VIA_STORE)
		c->src[c->nsrc].label = fr_xstrdup(s.spec);
	else if (s.via == FR_VIA_STDIN)
		c->src[c->nsrc].label = fr_xstrdup("(stdin)");
	else
		c->src[c->nsrc].label = fr_xstrdup(s.where);
	c->nsrc++;
	return FR_EXIT_OK;
}

static void
fail(struct source *s, char *msg)
{
	s->failed = 1;
	if (msg != NULL) {
		free(s->err);
		s->err = msg;
	}
}

static int
need_secret(struct count_ctx *c, struct source *s)
{
	if (c->hmac != NULL)
		return 1;
	fail(s, fr_xasprintf("%s: %s ids must be hashed: give "
	    "--org-secret-file", s->label, fr_srcfmt_name(s->fmt)));
	return 0;
}

static void
progress(struct count_ctx *c, const struct source *s, size_t bytes, int done)
{
	double t;

	if (!c->progress)
		return;
	t = now_s();
	if (!done && t - c->last_progress < 0.25)
		return;
	c->last_progress = t;
	if (done)
		fputs("\r\033[K", stderr);
	else
		/* Only the bytes: the set is being filled by other threads. */
		fprintf(stderr, "\r\033[Kcount: %s: %.1f MB read", s->label,
		    bytes / 1e6);
	fflush(stderr);
}

static void
use_facts(struct count_ctx *c, struct source *s, const char *data, size_t len)
{
	struct fr_factsdoc *f = NULL;
	const char *want;

	if (fr_factsdoc_parse(data, len, s->label, &s->d, &f) != FR_OK) {
		fail(s, NULL);
		return;
	}
	want = c->hmac != NULL ? c->secret_id : c->facts_secret_id;
	if (fr_src_add_facts(c->count, f, s->label, want, &s->d) != FR_OK) {
		fail(s, NULL);
		goto out;
	}
	if (want == NULL && f->secret_id != NULL)
		c->facts_secret_id = fr_xstrdup(f->secret_id);
	s->dated = 1;
	s->rows = f->npersons;
	if (f->device != NULL)
		s->device = fr_xstrdup(f->device);
out:
	fr_factsdoc_free(f);
}

static struct fr_idread *
reader(struct count_ctx *c, struct source *s, struct fr_sink *sink)
{
	memset(sink, 0, sizeof *sink);
	sink->count = c->count;
	sink->hmac = c->hmac;
	sink->pat = c->pat;
	sink->threads = c->threads;
	sink->unkeyed = c->lone;
	s->dated = sink->dated = s->fmt == FR_SRC_CSV ?
	    c->ro.from_column != NULL : c->ro.from_field != NULL;
	return fr_idread_new(s->fmt == FR_SRC_CSV ? FR_IDFMT_CSV :
	    FR_IDFMT_NDJSON, &c->ro, s->label, &s->d, fr_sink_row, sink);
}

static void
finish_reader(struct source *s, struct fr_idread *r, struct fr_sink *sink,
    int rc)
{
	fr_sink_flush(sink);
	if (rc != FR_OK)
		fail(s, NULL);
	s->rows = sink->rows;
	s->skipped = fr_idread_skipped(r);
	fr_idread_free(r);
}

struct scan_progress {
	struct count_ctx *c;
	const struct source *s;
};

static void
scan_progress(void *arg, size_t done)
{
	struct scan_progress *p = arg;

	progress(p->c, p->s, done, 0);
}

/*
 * A CSV export in memory through the fast path (idscan.h), when it is
 * simple enough: 1 when counted, 0 when the full reader must read it
 * (nothing has been counted or reported then).
 */
static int
try_fast(struct count_ctx *c, struct source *s, const char *data, size_t len)
{
	struct fr_idscan *sc = NULL;
	struct fr_idscan_opts o = { 0 };
	struct scan_progress sp = { c, s };

	if (c->pat != NULL)
		return 0;
	o.threads = c->threads;
	o.keep_firsts = !c->lone;
	o.progress = scan_progress;
	o.progress_arg = &sp;
	if (fr_idscan_csv(data, len, &c->ro, &o, &sc) != FR_OK)
		return 0;
	if (o.keep_firsts)
		fr_idscan_key(sc, c->hmac, c->count);
	else if (fr_count_add_unkeyed(c->count, fr_idscan_distinct(sc)) != FR_OK)
		abort();	/* more than one source, which keep_firsts rules out */
	s->rows = fr_idscan_rows(sc);
	s->fast = 1;
	fr_idscan_free(sc);
	progress(c, s, len, 1);
	return 1;
}

/* An export or facts document already in memory (an HTTP body). */
static void
use_buffer(struct count_ctx *c, struct source *s, const char *data, size_t len)
{
	struct fr_sink sink;
	struct fr_idread *r;
	int rc;

	if (s->fmt == FR_SRC_AUTO)
		s->fmt = fr_src_sniff(s->s.where, data, len);
	if (s->fmt == FR_SRC_FACTS) {
		use_facts(c, s, data, len);
		return;
	}
	if (!need_secret(c, s) || (s->fmt == FR_SRC_CSV && try_fast(c, s, data,
	    len)))
		return;
	r = reader(c, s, &sink);
	rc = fr_idread_feed(r, data, len);
	if (rc == FR_OK)
		rc = fr_idread_end(r);
	finish_reader(s, r, &sink, rc);
}

/* A file or standard input, streamed in blocks. */
static void
use_fd(struct count_ctx *c, struct source *s, int fd)
{
	char *buf = fr_xmalloc(READ_BLOCK);
	size_t have = 0, total = 0;
	ssize_t got;
	struct fr_sink sink;
	struct fr_idread *r = NULL;
	int rc = FR_OK, eof = 0;

	/* Enough of the start to tell the format by. */
	while (have < SNIFF_BYTES && !eof) {
		got = read(fd, buf + have, READ_BLOCK - have);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			fail(s, fr_xasprintf("%s: %s", s->label, strerror(errno)));
			goto out;
		}
		eof = got == 0;
		have += (size_t)got;
	}
	if (s->fmt == FR_SRC_AUTO)
		s->fmt = fr_src_sniff(s->s.via == FR_VIA_STDIN ? NULL : s->s.where,
		    buf, have);
	if (s->fmt == FR_SRC_FACTS) {
		/* A facts document is parsed whole. */
		while (!eof) {
			if (have + READ_BLOCK > c->fo.max_bytes) {
				fail(s, fr_xasprintf("%s: larger than the limit "
				    "of %zu bytes", s->label, c->fo.max_bytes));
				goto out;
			}
			buf = fr_xrealloc(buf, have + READ_BLOCK + 1);
			got = read(fd, buf + have, READ_BLOCK);
			if (got < 0 && errno == EINTR)
				continue;
			if (got < 0) {
				fail(s, fr_xasprintf("%s: %s", s->label,
				    strerror(errno)));
				goto out;
			}
			eof = got == 0;
			have += (size_t)got;
		}
		use_facts(c, s, buf, have);
		goto out;
	}
	if (!need_secret(c, s))
		goto out;
	r = reader(c, s, &sink);
	while (rc == FR_OK) {
		if (have > 0) {
			rc = fr_idread_feed(r, buf, have);
			total += have;
			progress(c, s, total, 0);
		}
		if (rc != FR_OK || eof)
			break;
		got = read(fd, buf, READ_BLOCK);
		if (got < 0 && errno == EINTR) {
			have = 0;
			continue;
		}
		if (got < 0) {
			fail(s, fr_xasprintf("%s: %s", s->label, strerror(errno)));
			rc = FR_EIO;
			break;
		}
		have = (size_t)got;
		eof = got == 0;
	}
	if (rc == FR_OK)
		rc = fr_idread_end(r);
	progress(c, s, total, 1);
	finish_reader(s, r, &sink, rc);
out:
	free(buf);
}

/*
 * A file that shrinks while it is mapped raises SIGBUS on the pages that
 * went: say so and stop (nothing has been recorded yet) rather than crash.
 */
static void
on_sigbus(int sig)
{
	static const char msg[] = "frfile: count: an input file was truncated "
	    "while it was being read\n";

	(void)sig;
	(void)!write(2, msg, sizeof msg - 1);
	_exit(FR_EXIT_DATA);
}

/*
 * A regular file that is (or sniffs as) CSV is mapped and tried on the
 * fast path: 1 when it was counted (or failed for want of a secret), 0 to
 * read it the usual way.
 */
static int
use_mapped(struct count_ctx *c, struct source *s, int fd, const struct stat *st)
{
	struct sigaction sa;
	size_t len = (size_t)st->st_size, n;
	off_t at;
	char *m, *p;
	int done;

	/* From where the descriptor stands (standard input may be part read). */
	if (!S_ISREG(st->st_mode) || (uintmax_t)st->st_size > SIZE_MAX ||
	    (at = lseek(fd, 0, SEEK_CUR)) < 0 || at >= st->st_size)
		return 0;
	if ((s->fmt != FR_SRC_AUTO && s->fmt != FR_SRC_CSV) ||
	    (m = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0)) == MAP_FAILED)
		return 0;
	p = m + at;
	n = len - (size_t)at;
	if (s->fmt == FR_SRC_AUTO)
		s->fmt = fr_src_sniff(s->s.via == FR_VIA_STDIN ? NULL :
		    s->s.where, p, n < SNIFF_BYTES ? n : SNIFF_BYTES);
	if (s->fmt != FR_SRC_CSV || !need_secret(c, s)) {
		done = s->fmt == FR_SRC_CSV;	/* failed: no secret */
		munmap(m, len);
		return done;
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigbus;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGBUS, &sa, NULL);
	(void)madvise(m, len, MADV_SEQUENTIAL);
	(void)madvise(m, len, MADV_WILLNEED);
	done = try_fast(c, s, p, n);
	munmap(m, len);
	return done;
}

static void
use_file(struct count_ctx *c, struct source *s)
{
	int fd;
	struct stat st;

	if (s->s.via == FR_VIA_STDIN) {
		/* Standard input redirected from a file can be mapped too. */
		if (fstat(0, &st) != 0 || !use_mapped(c, s, 0, &st))
			use_fd(c, s, 0);
		return;
	}
	if ((fd = open(s->s.where, O_RDONLY | O_CLOEXEC)) == -1) {
		fail(s, fr_xasprintf("%s: %s", s->label, strerror(errno)));
		return;
	}
	if (fstat(fd, &st) != 0)
		use_fd(c, s, fd);	/* read() will say what is wrong */
	else if (S_ISDIR(st.st_mode))
		fail(s, fr_xasprintf("%s: is a directory", s->label));
	else if (!use_mapped(c, s, fd, &st))
		use_fd(c, s, fd);
	close(fd);
}

/* frmatch beside this program (an installed pair or a build tree). */
static char *
find_frmatch(const struct count_ctx *c)
{
	char *dir, *p;

	if (c->frmatch != NULL)
		return fr_xstrdup(c->frmatch);
	if ((dir = fr_exe_dir()) != NULL) {
		p = fr_xasprintf("%s/frmatch", dir);
		free(dir);
		if (access(p, X_OK) == 0)
			return p;
		free(p);
	}
	return fr_xstrdup("frmatch");
}

/*
 * A local store: frmatch reads it and prints its facts with keys; frfile
 * never opens the encrypted store itself.
 */
static void
use_store(struct count_ctx *c, struct source *s)
{
	char *prog = find_frmatch(c), *out = NULL, *eline = NULL;
	char *argv[] = { prog, "facts", s->s.where, "--json", "--with-keys",
	    "--org-secret-file", (char *)c->org_secret_file, NULL };
	size_t len;
	int rc, st;

	if (!need_secret(c, s))
		goto out;
	rc = fr_spawn_capture(argv, STORE_MAX, &out, &len, &eline, &st);
	if (rc == FR_ENOENT)
		fail(s, fr_xasprintf("%s: cannot run %s: %s", s->label, prog,
		    strerror(errno)));
	else if (rc == FR_ERANGE)
		fail(s, fr_xasprintf("%s: frmatch printed more than %lu bytes",
		    s->label, STORE_MAX));
	else if (rc != FR_OK)
		fail(s, fr_xasprintf("%s: cannot run %s", s->label, prog));
	else if (st != 0)
		fail(s, fr_xasprintf("%s: frmatch facts failed (exit %d)%s%s",
		    s->label, st, eline ? ": " : "", eline ? eline : ""));
	else
		use_facts(c, s, out, len);
out:
	free(out);
	free(eline);
	free(prog);
}

static void
fetch_all(struct count_ctx *c)
{
	struct fr_fetch *v = NULL;
	size_t n = 0, i;
	struct source *s;
	int idx;

	for (i = 0; i < c->nsrc; i++)
		if (c->src[i].s.via == FR_VIA_URL)
			n++;
	if (n == 0)
		return;
	v = fr_xcalloc(n, sizeof *v);
	for (i = 0, n = 0; i < c->nsrc; i++)
		if (c->src[i].s.via == FR_VIA_URL) {
			v[n].url = c->src[i].s.where;
			c->src[i].fetch = (long)n++;
		}
	if (c->progress) {
		fprintf(stderr, "count: fetching %zu URLs…", n);
		fflush(stderr);
	}
	fr_fetch_all(v, n, &c->fo);
	if (c->progress)
		fputs("\r\033[K", stderr);
	for (i = 0; i < c->nsrc; i++) {
		s = &c->src[i];
		if (s->fetch < 0)
			continue;
		/* Sources are counted in order, after every fetch is done. */
		idx = fr_count_begin_source(c->count);
		if (v[s->fetch].err != NULL)
			fail(s, fr_xasprintf("%s: %s", s->label,
			    v[s->fetch].err));
		else
			use_buffer(c, s, v[s->fetch].body, v[s->fetch].len);
		s->individuals = fr_count_source(c->count, idx);
		fr_fetch_release(&v[s->fetch]);
	}
	free(v);
}

/* A local file's format, from its name or first bytes (AUTO if unread). */
static enum fr_srcfmt
sniff_file(const char *path)
{
	char *buf = fr_xmalloc(SNIFF_BYTES);
	ssize_t got;
	int fd;
	enum fr_srcfmt f = FR_SRC_AUTO;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) != -1) {
		struct stat st;

		if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
		    (got = read(fd, buf, SNIFF_BYTES)) >= 0)
			f = fr_src_sniff(path, buf, (size_t)got);
		close(fd);
	}
	free(buf);
	return f;
}

static int
load_secrets(struct count_ctx *c)
{
	char *err = NULL;
	const char *env;

	if (c->org_secret_file != NULL) {
		if (fr_secret_read(c->org_secret_file, 16, 4096, 0, &c->secret,
		    &c->secretlen, &err) != FR_OK) {
			cli_err("--org-secret-file: %s", err);
			free(err);
			return FR_EXIT_DATA;
		}
		c->hmac = fr_hmac_new(c->secret, c->secretlen);
		fr_secret_id(c->secret, c->secretlen, c->secret_id);
	}
	if (c->token_file != NULL) {
		if (fr_secret_read(c->token_file, 1, 4096, 1, &c->token,
		    &c->tokenlen, &err) != FR_OK) {
			cli_err("--token-file: %s", err);
			free(err);
			return FR_EXIT_DATA;
		}
	} else if ((env = getenv("FRFILE_TOKEN")) != NULL && *env != '\0') {
		if (strpbrk(env, "\r\n") != NULL) {
			cli_err("FRFILE_TOKEN: expected one line");
			return FR_EXIT_DATA;
		}
		c->token = fr_xstrdup(env);
		c->tokenlen = strlen(env);
	}
	c->fo.token = c->token;
	return FR_EXIT_OK;
}

static cJSON *
report_json(struct count_ctx *c, int complete, int crc, int cross,
    size_t peak)
{
	cJSON *o = cJSON_CreateObject(), *arr, *so, *fl;
	char d[FR_DATE_LEN];
	size_t i, invalid = 0;

	cJSON_AddNumberToObject(o, "individuals", (double)fr_count_total(c->count));
	cJSON_AddBoolToObject(o, "complete", complete);
	cJSON_AddStringToObject(o, "date", fr_date_format(fr_date_today(), d));
	cJSON_AddNumberToObject(o, "threshold", (double)c->threshold);
	cJSON_AddBoolToObject(o, "reached",
	    fr_count_total(c->count) >= (size_t)c->threshold);
	if (crc == FR_OK)
		cJSON_AddStringToObject(o, "crossing_date",
		    fr_date_format(cross, d));
	else
		cJSON_AddNullToObject(o, "crossing_date");
	cJSON_AddStringToObject(o, "crossing_date_basis",
	    crc == FR_OK ? (complete ? "exact" : "partial") :
	    crc == FR_ENOENT ? "not_reached" : "undated");
	if (crc == FR_OK || crc == FR_ENOENT)
		cJSON_AddNumberToObject(o, "peak_individuals", (double)peak);
	cJSON_AddNumberToObject(o, "in_multiple_sources",
	    (double)fr_count_multi(c->count));
	cJSON_AddNumberToObject(o, "keys_seen", (double)fr_count_keys(c->count));
	arr = cJSON_AddArrayToObject(o, "sources");
	fl = cJSON_CreateArray();
	for (i = 0; i < c->nsrc; i++) {
		struct source *s = &c->src[i];

		so = cJSON_CreateObject();
		cJSON_AddStringToObject(so, "source", s->label);
		cJSON_AddStringToObject(so, "type", fr_srcfmt_name(s->fmt));
		cJSON_AddStringToObject(so, "status", s->failed ? "failed" : "ok");
		if (s->device != NULL)
			cJSON_AddStringToObject(so, "device", s->device);
		cJSON_AddNumberToObject(so, "individuals", (double)s->individuals);
		cJSON_AddNumberToObject(so, "rows", (double)s->rows);
		cJSON_AddNumberToObject(so, "invalid_rows_skipped",
		    (double)s->skipped);
		cJSON_AddBoolToObject(so, "dated", s->dated);
		if (s->failed) {
			const char *m = s->err;
			size_t k;

			for (k = 0; m == NULL && k < s->d.n; k++)
				if (s->d.v[k].sev == FR_SEV_ERROR)
					m = s->d.v[k].msg;
			cJSON_AddStringToObject(so, "error", m ? m : "failed");
			cJSON_AddItemToArray(fl, cJSON_CreateString(s->label));
		}
		if (s->d.n > 0)
			cJSON_AddItemToObject(so, "diagnostics",
			    fr_diags_json(&s->d));
		invalid += s->skipped;
		cJSON_AddItemToArray(arr, so);
	}
	cJSON_AddItemToObject(o, "failed_sources", fl);
	cJSON_AddNumberToObject(o, "invalid_rows_skipped", (double)invalid);
	return o;
}

static void
report_text(struct count_ctx *c, int complete, size_t nfailed, int crc,
    int cross)
{
	char d[FR_DATE_LEN];
	size_t i, w = 6;

	printf("individuals          %zu%s\n", fr_count_total(c->count),
	    complete ? "" : " (partial: a lower bound)");
	if (!complete)
		printf("complete             no: %zu of %zu sources failed\n",
		    nfailed, c->nsrc);
	printf("in_multiple_sources  %zu\n", fr_count_multi(c->count));
	if (crc == FR_OK)
		printf("crossing_date        %s (first day at or over %lld%s)\n",
		    fr_date_format(cross, d), c->threshold,
		    complete ? "" : "; partial data: it may be earlier");
	else if (crc == FR_ENOENT)
		printf("crossing_date        none: %lld not reached\n",
		    c->threshold);
	else
		printf("crossing_date        unknown: not every source has "
		    "dates\n");
	for (i = 0; i < c->nsrc; i++)
		if (strlen(c->src[i].label) > w)
			w = strlen(c->src[i].label);
	if (w > 60)
		w = 60;
	printf("sources:\n");
	for (i = 0; i < c->nsrc; i++) {
		struct source *s = &c->src[i];

		if (s->failed)
			printf("  %-*.*s  %10s\n", (int)w, (int)w, s->label,
			    "failed");
		else
			printf("  %-*.*s  %10zu  %s%s%s\n", (int)w, (int)w,
			    s->label, s->individuals, fr_srcfmt_name(s->fmt),
			    s->dated ? ", dated" : "",
			    s->skipped ? ", invalid rows skipped" : "");
	}
}

static int
record(struct count_ctx *c, int complete, int crc, int cross)
{
	struct ledger *l = NULL;
	struct fr_diags d;
	struct fr_observation ob;
	char *path = ledger_default_path(c->ledger), *srcdesc;
	size_t i, ndev = 0;
	int rc = FR_EXIT_OK;

	fr_diags_init(&d);
	memset(&ob, 0, sizeof ob);
	/* What the count covered, for the documents (core/stored.h). */
	for (i = 0; i < c->nsrc; i++)
		ndev += c->src[i].fmt == FR_SRC_FACTS;
	srcdesc = fr_xasprintf("count: %zu source%s: %zu device%s, %zu "
	    "export%s", c->nsrc, c->nsrc == 1 ? "" : "s", ndev,
	    ndev == 1 ? "" : "s", c->nsrc - ndev,
	    c->nsrc - ndev == 1 ? "" : "s");
	ob.date = fr_date_today();
	ob.individuals = (long long)fr_count_total(c->count);
	ob.source = srcdesc;
	ob.partial = !complete;
	/* A partial history can only say the crossing came no later. */
	ob.crossing_date = crc == FR_OK && complete ? cross : -1;
	if (ledger_open(path, LEDGER_CREATE, &l, &d) != FR_OK ||
	    ledger_record(l, &ob, &d) != FR_OK) {
		fr_diags_print(&d, stderr, "frfile: count: ");
		rc = FR_EXIT_DATA;
	}
	ledger_close(l);
	fr_diags_release(&d);
	free(srcdesc);
	free(path);
	return rc;
}

/*
 * getopt_long takes "--token" for "--token-file": someone typing the
 * token itself would then see it echoed in an error. File options that
 * name secrets must be spelt out in full.
 */
static int
spelt_out(char **argv, const char *name)
{
	const char *a = argv[optind - 1];
	size_t n = strlen(name);

	/* "--name=F" is argv[optind-1]; "--name F" puts F there. */
	if (strncmp(a, "--", 2) == 0 && strncmp(a + 2, name, n) == 0 &&
	    a[2 + n] == '=')
		return 1;
	a = optind >= 2 ? argv[optind - 2] : "";
	return strncmp(a, "--", 2) == 0 && strcmp(a + 2, name) == 0;
}

static int
parse_num(const char *opt, const char *arg, long long min, long long max,
    long long *v)
{
	if (fr_parse_ll(arg, min, max, v) != FR_OK) {
		cli_usage_error("%s: '%s' is not a whole number from %lld to "
		    "%lld", opt, arg, min, max);
		return -1;
	}
	return 0;
}

static int
count_exec(int argc, char **argv)
{
	struct count_ctx c;
	long long v;
	int ch, rc = FR_EXIT_USAGE, i, crc, cross = -1, complete;
	size_t k, nfailed = 0, peak = 0;
	char *perr = NULL;

	memset(&c, 0, sizeof c);
	fr_fetch_opts_init(&c.fo);
	c.threshold = FR_THRESHOLD_DEFAULT;
	cli_getopt_reset();
	while ((ch = cli_getopt(argc, argv, "v", longopts)) != -1) {
		switch (ch) {
		case OPT_ID_COLUMN:	c.ro.id_column = optarg; break;
		case OPT_FROM_COLUMN:	c.ro.from_column = optarg; break;
		case OPT_UNTIL_COLUMN:	c.ro.until_column = optarg; break;
		case OPT_NO_HEADER:	c.ro.no_header = 1; break;
		case OPT_ID_FIELD:	c.ro.id_field = optarg; break;
		case OPT_FROM_FIELD:	c.ro.from_field = optarg; break;
		case OPT_UNTIL_FIELD:	c.ro.until_field = optarg; break;
		case OPT_ID_PATTERN:	c.pattern = optarg; break;
		case OPT_ORG_SECRET:
		case OPT_TOKEN_FILE:
			if (!spelt_out(argv, ch == OPT_ORG_SECRET ?
			    "org-secret-file" : "token-file")) {
				cli_usage_error("write --%s in full",
				    ch == OPT_ORG_SECRET ? "org-secret-file" :
				    "token-file");
				goto out;
			}
			if (ch == OPT_ORG_SECRET)
				c.org_secret_file = optarg;
			else
				c.token_file = optarg;
			break;
		case OPT_CA_FILE:	c.fo.ca_file = optarg; break;
		case OPT_LEDGER:	c.ledger = optarg; break;
		case OPT_FRMATCH:	c.frmatch = optarg; break;
		case OPT_ALLOW_PARTIAL:	c.allow_partial = 1; break;
		case OPT_SKIP_INVALID:	c.ro.skip_invalid = 1; break;
		case OPT_RECORD:	c.record = 1; break;
		case 'v':		c.verbose = 1; break;
		case OPT_TIMEOUT:
			if (parse_num("--timeout", optarg, 1, 86400, &v))
				goto out;
			c.fo.timeout_ms = (long)v * 1000;
			break;
		case OPT_RETRIES:
			if (parse_num("--retries", optarg, 0, 10, &v))
				goto out;
			c.fo.retries = (int)v;
			break;
		case OPT_MAX_BYTES:
			if (parse_num("--max-bytes", optarg, 1024, 1LL << 40, &v))
				goto out;
			c.fo.max_bytes = (size_t)v;
			break;
		case OPT_PARALLEL:
			if (parse_num("--parallel", optarg, 1, 1024, &v))
				goto out;
			c.fo.parallel = (int)v;
			break;
		case OPT_THREADS:
			if (parse_num("--threads", optarg, 1, 1024, &v))
				goto out;
			c.threads = (int)v;
			break;
		case OPT_THRESHOLD:
			if (parse_num("--threshold", optarg, 1, 1000000000000LL,
			    &c.threshold))
				goto out;
			break;
		case '?':
			goto out;
		default:
			if ((i = cli_common_option(&c.common, ch, optarg)) == 1)
				break;
			if (i == 0)
				cli_usage_error("unexpected option");
			goto out;
		}
	}
	if (c.common.help) {
		rc = cli_help();
		goto out;
	}
	if (optind >= argc) {
		rc = cli_usage_error("no source given");
		goto out;
	}
	if (c.ro.until_column != NULL && c.ro.from_column == NULL) {
		rc = cli_usage_error("--until-column needs --from-column");
		goto out;
	}
	if (c.ro.until_field != NULL && c.ro.from_field == NULL) {
		rc = cli_usage_error("--until-field needs --from-field");
		goto out;
	}
	if (c.ledger != NULL && !c.record) {
		rc = cli_usage_error("--ledger is for --record");
		goto out;
	}
	for (i = optind; i < argc; i++)
		if ((rc = add_spec(&c, argv[i], 0, NULL)) != FR_EXIT_OK)
			goto out;
	for (k = 0; k < c.nsrc; k++) {
		if (c.src[k].s.via == FR_VIA_FILE && c.src[k].fmt == FR_SRC_AUTO)
			c.src[k].fmt = sniff_file(c.src[k].s.where);
		if (c.org_secret_file == NULL && (c.src[k].s.via == FR_VIA_STORE ||
		    c.src[k].fmt == FR_SRC_CSV || c.src[k].fmt == FR_SRC_NDJSON)) {
			rc = cli_usage_error("%s: person ids must be hashed "
			    "under the organisation secret: give "
			    "--org-secret-file", c.src[k].label);
			goto out;
		}
	}
	if (c.nsrc == 0) {
		cli_err("the fleet lists name no source");
		rc = FR_EXIT_DATA;
		goto out;
	}
	if (c.pattern != NULL &&
	    (c.pat = fr_idpat_new(c.pattern, &perr)) == NULL) {
		rc = cli_usage_error("--id-pattern: %s", perr);
		goto out;
	}
	if ((rc = load_secrets(&c)) != FR_EXIT_OK)
		goto out;
	c.progress = isatty(2);
	/* Reading a big export is most of the work: every core by default. */
	if (c.threads == 0)
		c.threads = (int)sysconf(_SC_NPROCESSORS_ONLN);
	c.count = fr_count_new(fr_date_today());
	/* Keys are for matching sources: a lone export needs none. */
	c.lone = c.nsrc == 1;

	fetch_all(&c);
	for (k = 0; k < c.nsrc; k++) {
		struct source *s = &c.src[k];
		double t0 = now_s();
		int idx;

		if (s->s.via == FR_VIA_URL)
			continue;	/* done in fetch_all */
		idx = fr_count_begin_source(c.count);
		if (s->s.via == FR_VIA_STORE)
			use_store(&c, s);
		else
			use_file(&c, s);
		s->individuals = fr_count_source(c.count, idx);
		s->secs = now_s() - t0;
	}

	/* Report every problem, one line each. */
	for (k = 0; k < c.nsrc; k++) {
		struct source *s = &c.src[k];

		fr_diags_print(&s->d, stderr, "frfile: count: ");
		if (s->err != NULL)
			cli_err("%s", s->err);
		if (s->skipped > 10)
			cli_err("%s: warning: %zu invalid rows skipped in all",
			    s->label, s->skipped);
		if (s->failed)
			nfailed++;
		if (c.verbose)
			cli_err("%s: %s%s, %zu rows, %zu individuals, %.2f s",
			    s->label, fr_srcfmt_name(s->fmt), s->fast ?
			    " (fast path)" : "", s->rows, s->individuals, s->secs);
	}
	complete = nfailed == 0;
	crc = fr_count_crossing(c.count, (size_t)c.threshold, &cross, &peak);
	/* JSON always (scripts read "complete"); text only for a result. */
	if (c.common.json)
		cli_print_json(report_json(&c, complete, crc, cross, peak));
	else if (complete || c.allow_partial)
		report_text(&c, complete, nfailed, crc, cross);
	if (!complete && !c.allow_partial) {
		cli_err("%zu of %zu sources failed: the count is incomplete "
		    "(--allow-partial to accept a partial count)", nfailed,
		    c.nsrc);
		rc = FR_EXIT_DATA;
		goto out;
	}
	rc = FR_EXIT_OK;
	if (c.record)
		rc = record(&c, complete, crc, cross);
out:
	for (k = 0; k < c.nsrc; k++) {
		fr_src_release(&c.src[k].s);
		fr_diags_release(&c.src[k].d);
		free(c.src[k].label);
		free(c.src[k].err);
		free(c.src[k].device);
	}
	free(c.src);
	free(perr);
	free(c.facts_secret_id);
	fr_count_free(c.count);
	fr_idpat_free(c.pat);
	fr_hmac_free(c.hmac);
	fr_secret_free(c.secret, c.secretlen);
	fr_secret_free(c.token, c.tokenlen);
	return rc;
}

const struct cmd_entry cmd_count_entry = {
	"count",
	"[OPTIONS] SOURCE... [--json]",
	"count distinct individuals across stores, facts and exports",
	"  SOURCE              a facts file, an export (CSV, NDJSON), '-' for\n"
	"                      standard input, an http(s) URL of a facts\n"
	"                      endpoint, store:PATH (read by frmatch), or\n"
	"                      fleet:FILE (one source per line); the prefixes\n"
	"                      facts:, csv:, ndjson: force the format\n"
	"  --org-secret-file F organisation secret: ids are hashed with it\n"
	"  --id-column NAME|N  CSV id column (default person_id or id)\n"
	"  --from-column C     CSV enrolment date column (dated history)\n"
	"  --until-column C    CSV deletion date column (empty: still stored)\n"
	"  --no-header         the CSV has no header row\n"
	"  --id-field NAME     NDJSON id field (default person_id or id)\n"
	"  --from-field F, --until-field F   NDJSON date fields\n"
	"  --id-pattern RE     PCRE2: the id is the first group (or match)\n"
	"  --skip-invalid      skip malformed rows, counting and reporting them\n"
	"  --token-file F      bearer token for URLs (or FRFILE_TOKEN)\n"
	"  --ca-file F         CA certificates for https\n"
	"  --timeout S         per-source time limit in seconds (30)\n"
	"  --retries N         retries after a failed fetch (2)\n"
	"  --max-bytes N       response size limit (268435456)\n"
	"  --parallel N        fetches at once (32)\n"
	"  --threads N         threads for reading exports (all cores)\n"
	"  --threshold N       the line (100000)\n"
	"  --allow-partial     accept a partial count when sources fail\n"
	"  --record            write the observation into the ledger\n"
	"  --ledger PATH       the ledger file (with --record)\n"
	"  --frmatch PATH      the frmatch program for store: sources\n"
	"  -v, --verbose       one line per source on standard error\n"
	"  --json              machine-readable output\n",
	count_exec,
};
