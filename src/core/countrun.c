/*
 * countrun.c — one count across an organisation's sources (countrun.h):
 * the reading, fetching, spawning and matching behind `frfile count`.
 */
#include "core/countrun.h"
#include "core/date.h"
#include "core/factsdoc.h"
#include "core/fr.h"
#include "core/hmac.h"
#include "core/idpat.h"
#include "core/idscan.h"
#include "core/secret.h"
#include "core/spawn.h"
#include "core/textenc.h"
#include "core/xlsxin.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define FLEET_DEPTH	4
#define SNIFF_BYTES	(64 << 10)
#define READ_BLOCK	(1 << 20)
#define STORE_MAX	(1024ul << 20)	/* frmatch facts output */

/* Which keys the count holds when there is no organisation secret. */
enum { KEYS_NONE, KEYS_RUN, KEYS_FOREIGN };

/* Seconds on the monotonic clock, for how long a source took. */
static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Add one source, or the sources a fleet list names (countrun.h). */
static int
add_spec(struct fr_countrun *c, const char *spec, int depth, const char *from,
    const struct fr_countrun_srcopts *o, struct fr_diags *d, char **err)
{
	struct fr_countrun_src *n;
	struct fr_src s;
	char *perr = NULL, **lines = NULL;
	size_t nl = 0, i;
	int rc;

	if (fr_src_parse(spec, &s, &perr) != FR_OK) {
		if (from == NULL) {
			*err = perr;
			return FR_EINVAL;
		}
		*err = fr_xasprintf("%s: %s", from, perr);
		free(perr);
		return FR_EFORMAT;
	}
	if (s.via == FR_VIA_FLEET) {
		if (depth >= FLEET_DEPTH) {
			*err = fr_xasprintf("%s: fleet lists nested more than "
			    "%d deep", s.where, FLEET_DEPTH);
			fr_src_release(&s);
			return FR_EIO;
		}
		if (fr_fleet_read(s.where, &lines, &nl, d) != FR_OK) {
			fr_src_release(&s);
			return FR_EIO;
		}
		rc = FR_OK;
		for (i = 0; i < nl && rc == FR_OK; i++)
			rc = add_spec(c, lines[i], depth + 1, s.where, o, d,
			    err);
		fr_fleet_free(lines, nl);
		fr_src_release(&s);
		return rc;
	}
	if (s.via == FR_VIA_STDIN && c->stdin_used++) {
		fr_src_release(&s);
		*err = fr_xstrdup("standard input ('-') given twice");
		return FR_EINVAL;
	}
	c->src = fr_xreallocarray(c->src, c->nsrc + 1, sizeof *c->src);
	n = &c->src[c->nsrc++];
	memset(n, 0, sizeof *n);
	n->s = s;
	n->o = *o;
	n->fmt = s.fmt;
	n->fetch = -1;
	fr_diags_init(&n->d);
	if (s.via == FR_VIA_URL)
		n->label = fr_url_redact(s.where);
	else if (s.via == FR_VIA_STORE)
		n->label = fr_xstrdup(s.spec);
	else if (s.via == FR_VIA_STDIN)
		n->label = fr_xstrdup("(stdin)");
	else
		n->label = fr_xstrdup(s.where);
	return FR_OK;
}

int
fr_countrun_add(struct fr_countrun *c, const char *spec,
    const struct fr_countrun_srcopts *o, struct fr_diags *d, char **err)
{
	*err = NULL;
	return add_spec(c, spec, 0, NULL, o, d, err);
}

/* Mark s failed; msg (taken, may be NULL) says why when no diagnostic does. */
static void
fail(struct fr_countrun_src *s, char *msg)
{
	s->failed = 1;
	if (msg != NULL) {
		free(s->err);
		s->err = msg;
	}
}

/* Tell the caller how far source s is (see fr_countrun_progress). */
static void
progress(struct fr_countrun *c, const struct fr_countrun_src *s, size_t bytes,
    int done)
{
	if (c->progress != NULL)
		c->progress(c->progress_arg, s, bytes, done);
}

#define HOW_TO_SECRET	"no secret yet? 'frfile secret new FILE' makes one, " \
			"for frmatch on every device and for count"

/*
 * Ids hashed here (exports, stores): with a key for this run only they
 * cannot match keys made elsewhere under the organisation secret.
 */
static int
local_keys(struct fr_countrun *c, struct fr_countrun_src *s)
{
	if (!c->run_key)
		return 1;
	if (c->keys == KEYS_FOREIGN) {
		fail(s, fr_xasprintf("%s: cannot be matched with facts keyed "
		    "under an organisation secret without that secret: give it "
		    "with --org-secret-file (" HOW_TO_SECRET ")", s->label));
		return 0;
	}
	c->keys = KEYS_RUN;
	return 1;
}

/* A facts document: its keyed persons into the count, its audit head kept. */
static void
use_facts(struct fr_countrun *c, struct fr_countrun_src *s, const char *data,
    size_t len)
{
	struct fr_factsdoc *f = NULL;
	const char *want;

	if (fr_factsdoc_parse(data, len, s->label, &s->d, &f) != FR_OK) {
		fail(s, NULL);
		return;
	}
	want = c->secret_id;
	if (c->run_key && s->s.via != FR_VIA_STORE && f->has_keys) {
		/*
		 * Keys made elsewhere, under a secret this run does not have:
		 * alone, or with other such facts, they match among
		 * themselves; never with ids hashed here.
		 */
		if (c->lone)
			want = NULL;
		else if (c->keys == KEYS_RUN || c->has_local) {
			fail(s, fr_xasprintf("%s: its keys were made under an "
			    "organisation secret (id %.16s); to match them with "
			    "the other sources give that secret with "
			    "--org-secret-file (" HOW_TO_SECRET ")", s->label,
			    f->secret_id ? f->secret_id : "?"));
			goto out;
		} else {
			c->keys = KEYS_FOREIGN;
			want = c->facts_secret_id;
		}
	}
	if (fr_src_add_facts(c->count, f, s->label, want, &s->d) != FR_OK) {
		fail(s, NULL);
		goto out;
	}
	if (c->keys == KEYS_FOREIGN && c->facts_secret_id == NULL &&
	    f->secret_id != NULL)
		c->facts_secret_id = fr_xstrdup(f->secret_id);
	s->dated = 1;
	s->rows = f->npersons;
	if (f->device != NULL)
		s->device = fr_xstrdup(f->device);
	/* For the ledger: a store's audit log must only grow. */
	switch (fr_factsdoc_audit(f, s->audit.head, &s->audit.entries)) {
	case FR_OK:
		if (f->store_id != NULL) {
			s->audit.store_id = fr_xstrdup(f->store_id);
			s->audit.device = s->device;
		}
		break;
	case FR_EINVAL:
		fr_diag_add(&s->d, FR_SEV_WARNING, s->label,
		    "protection.audit_log", 0, 0, NULL, "head or entries is "
		    "not a 64-hex-digit hash with a whole count: not kept");
		break;
	}
out:
	fr_factsdoc_free(f);
}

/* An export reader for s whose rows go through a sink into the count. */
static struct fr_idread *
reader(struct fr_countrun *c, struct fr_countrun_src *s, struct fr_sink *sink)
{
	memset(sink, 0, sizeof *sink);
	sink->count = c->count;
	sink->hmac = c->hmac;
	sink->pat = s->pat;
	sink->threads = c->threads;
	sink->unkeyed = c->lone;
	s->dated = sink->dated = s->fmt != FR_SRC_NDJSON ?
	    s->o.ro.from_column != NULL : s->o.ro.from_field != NULL;
	return fr_idread_new(s->fmt != FR_SRC_NDJSON ? FR_IDFMT_CSV :
	    FR_IDFMT_NDJSON, &s->o.ro, s->label, &s->d, fr_sink_row, sink);
}

/* Flush the sink, note rows and skipped rows, and free the reader. */
static void
finish_reader(struct fr_countrun_src *s, struct fr_idread *r,
    struct fr_sink *sink,
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
	struct fr_countrun *c;
	const struct fr_countrun_src *s;
};

/* The fast path's progress, passed on to the caller's callback. */
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
try_fast(struct fr_countrun *c, struct fr_countrun_src *s, const char *data,
    size_t len)
{
	struct fr_idscan *sc = NULL;
	struct fr_idscan_opts o = { 0 };
	struct scan_progress sp = { c, s };

	/* Ids a spreadsheet may have damaged need the full reader's look. */
	if (s->pat != NULL || fr_src_maybe_damaged(data, len))
		return 0;
	o.threads = c->threads;
	o.keep_firsts = !c->lone;
	o.progress = scan_progress;
	o.progress_arg = &sp;
	if (fr_idscan_csv(data, len, &s->o.ro, &o, &sc) != FR_OK)
		return 0;
	if (o.keep_firsts)
		fr_idscan_key(sc, c->hmac, c->count);
	else if (fr_count_add_unkeyed(c->count, fr_idscan_distinct(sc)) !=
	    FR_OK)
		abort();	/* more than one source: keep_firsts is set */
	s->rows = fr_idscan_rows(sc);
	s->fast = 1;
	fr_idscan_free(sc);
	progress(c, s, len, 1);
	return 1;
}

/* An encoding other than UTF-8 was named for this source. */
static int
named_encoding(const struct fr_countrun_src *s)
{
	return s->o.encoding != NULL &&
	    strcasecmp(s->o.encoding, "UTF-8") != 0 &&
	    strcasecmp(s->o.encoding, "UTF8") != 0;
}

/* An XLSX workbook in memory: its sheet through the same sink. */
static void
use_xlsx(struct fr_countrun *c, struct fr_countrun_src *s, const char *data,
    size_t len)
{
	struct fr_sink sink;
	struct fr_idread *r;
	int rc;

	s->fmt = FR_SRC_XLSX;
	if (!local_keys(c, s))
		return;
	r = reader(c, s, &sink);
	rc = fr_xlsx_read(data, len, s->o.sheet, &s->o.ro, r, s->label, &s->d);
	finish_reader(s, r, &sink, rc);
}

/*
 * A source's data in memory (a mapped file, an HTTP body, a stream read
 * whole). What the bytes are decides, not the name: a workbook, text in
 * some encoding (converted to UTF-8 first), or something else, refused.
 */
static void
use_data(struct fr_countrun *c, struct fr_countrun_src *s, const char *data,
    size_t len)
{
	struct fr_sink sink;
	struct fr_idread *r;
	enum fr_srcfmt bin;
	const char *what;
	char *conv = NULL, *err = NULL;
	size_t clen = 0;
	int rc;

	what = fr_src_binary(data, len, &bin);
	if (bin == FR_SRC_BINARY && named_encoding(s))
		what = NULL;	/* NUL bytes in UTF-16 or UTF-32, say */
	if (bin == FR_SRC_XLSX) {
		use_xlsx(c, s, data, len);
		return;
	}
	if (what != NULL) {
		s->fmt = bin == FR_SRC_SQLITE ? FR_SRC_SQLITE : FR_SRC_BINARY;
		fail(s, bin == FR_SRC_SQLITE ? fr_xasprintf("%s: a SQLite "
		    "database, not an export (a frmatch store on this machine "
		    "is counted as store:PATH)", s->label) :
		    fr_xasprintf("%s: %s, not an export: no ids are read from "
		    "it", s->label, what));
		return;
	}
	if (s->fmt == FR_SRC_XLSX) {
		fail(s, fr_xasprintf("%s: not an XLSX workbook (not a ZIP "
		    "archive)", s->label));
		return;
	}
	if (fr_text_to_utf8(data, len, s->o.encoding, &conv, &clen,
	    &s->encoding, &err) != FR_OK) {
		fail(s, fr_xasprintf("%s: %s", s->label, err));
		free(err);
		return;
	}
	if (conv != NULL) {
		data = conv;
		len = clen;
	}
	if (s->fmt == FR_SRC_AUTO)
		s->fmt = fr_src_sniff(s->s.via == FR_VIA_STDIN ? NULL :
		    s->s.where, data, len);
	if (s->fmt == FR_SRC_FACTS) {
		use_facts(c, s, data, len);
		goto out;
	}
	if (!local_keys(c, s) || (s->fmt == FR_SRC_CSV && try_fast(c, s, data,
	    len)))
		goto out;
	r = reader(c, s, &sink);
	rc = fr_idread_feed(r, data, len);
	if (rc == FR_OK)
		rc = fr_idread_end(r);
	finish_reader(s, r, &sink, rc);
out:
	if (conv != NULL) {
		fr_secret_wipe(conv, clen);	/* clear ids */
		free(conv);
	}
}
/*
 * One read of at most room bytes into buf + *have (retried when a
 * signal interrupts it): 0, or -1 after failing s.
 */
static int
read_block(struct fr_countrun_src *s, int fd, char *buf, size_t room,
    size_t *have, int *eof)
{
	ssize_t got;

	do
		got = read(fd, buf + *have, room);
	while (got < 0 && errno == EINTR);
	if (got < 0) {
		fail(s, fr_xasprintf("%s: %s", s->label, strerror(errno)));
		return -1;
	}
	*eof = got == 0;
	*have += (size_t)got;
	return 0;
}

/*
 * Standard input that is not a file, streamed in blocks when it is a
 * UTF-8 export (the first block tells); anything else is read whole and
 * goes through use_data.
 */
static void
use_fd(struct fr_countrun *c, struct fr_countrun_src *s, int fd)
{
	char *buf = fr_xmalloc(READ_BLOCK);
	size_t have = 0, total = 0, cap = READ_BLOCK;
	struct fr_sink sink;
	struct fr_idread *r = NULL;
	enum fr_srcfmt bin;
	int rc = FR_OK, eof = 0, binary;

	/* Enough of the start to tell the format by. */
	while (have < SNIFF_BYTES && !eof)
		if (read_block(s, fd, buf, READ_BLOCK - have, &have, &eof) != 0)
			goto out;
	binary = fr_src_binary(buf, have, &bin) != NULL &&
	    !(bin == FR_SRC_BINARY && named_encoding(s));
	if (!binary && s->fmt == FR_SRC_AUTO &&
	    !fr_text_needs_converting(buf, have, s->o.encoding))
		s->fmt = fr_src_sniff(NULL, buf, have);
	if (binary || s->fmt == FR_SRC_AUTO ||
	    s->fmt == FR_SRC_FACTS || s->fmt == FR_SRC_XLSX ||
	    fr_text_needs_converting(buf, have, s->o.encoding)) {
		/* Read whole: a workbook, a document, or text to convert. */
		while (!eof) {
			if (have + READ_BLOCK > c->fo.max_bytes) {
				fail(s, fr_xasprintf("%s: larger than the limit "
				    "of %zu bytes", s->label, c->fo.max_bytes));
				goto out;
			}
			FR_GROW(buf, cap, have + READ_BLOCK, READ_BLOCK);
			if (read_block(s, fd, buf, READ_BLOCK, &have, &eof) != 0)
				goto out;
		}
		use_data(c, s, buf, have);
		goto out;
	}
	s->encoding = "UTF-8";
	if (!local_keys(c, s))
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
		have = 0;
		if (read_block(s, fd, buf, READ_BLOCK, &have, &eof) != 0)
			rc = FR_EIO;
	}
	if (rc == FR_OK)
		rc = fr_idread_end(r);
	progress(c, s, total, 1);
	finish_reader(s, r, &sink, rc);
out:
	fr_secret_wipe(buf, cap);
	free(buf);
}

/*
 * A file that shrinks while it is mapped raises SIGBUS on the pages that
 * went: say so and stop (nothing has been recorded yet) rather than crash.
 */
static char sigbus_line[256];
static size_t sigbus_len;

/* SIGBUS while a file is mapped: one line (prepared) and exit 3. */
static void
on_sigbus(int sig)
{
	(void)sig;
	(void)!write(2, sigbus_line, sigbus_len);
	_exit(FR_EXIT_DATA);
}

/*
 * A regular file is mapped and read where it lies (CSV through the fast
 * path when it can): 1 when it was used, 0 to read it as a stream.
 */
static int
use_mapped(struct fr_countrun *c, struct fr_countrun_src *s, int fd,
    const struct stat *st)
{
	struct sigaction sa;
	size_t len = (size_t)st->st_size, n;
	off_t at;
	char *m, *p;

	/* From where the descriptor stands (standard input may be part read). */
	if (!S_ISREG(st->st_mode) || (uintmax_t)st->st_size > SIZE_MAX ||
	    (at = lseek(fd, 0, SEEK_CUR)) < 0)
		return 0;
	if (at >= st->st_size) {
		use_data(c, s, "", 0);
		return 1;
	}
	if ((m = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0)) == MAP_FAILED)
		return 0;
	p = m + at;
	n = len - (size_t)at;
	memset(&sa, 0, sizeof sa);
	snprintf(sigbus_line, sizeof sigbus_line, "%san input file was "
	    "truncated while it was being read\n", c->sigbus_msg != NULL ?
	    c->sigbus_msg : "");
	sigbus_len = strlen(sigbus_line);
	sa.sa_handler = on_sigbus;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGBUS, &sa, NULL);
	(void)madvise(m, len, MADV_SEQUENTIAL);
	(void)madvise(m, len, MADV_WILLNEED);
	use_data(c, s, p, n);
	munmap(m, len);
	return 1;
}

/* A local file or standard input: mapped where possible, else streamed. */
static void
use_file(struct fr_countrun *c, struct fr_countrun_src *s)
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
		fail(s, fr_xasprintf("%s: %s", s->label,
		    strerror(errno)));
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
find_frmatch(const struct fr_countrun *c)
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
/*
 * The run's key for frmatch: the read end of a pipe that holds it, left
 * open across exec (the write end is closed, so frmatch reads to its
 * end). The key never touches a disk or a command line. -1 on failure.
 */
static int
key_pipe(const struct fr_countrun *c)
{
	int p[2];
	size_t off = 0;
	ssize_t w;

	if (pipe(p) != 0)
		return -1;
	(void)fcntl(p[1], F_SETFD, FD_CLOEXEC);
	/* Far less than a pipe holds: this cannot block. */
	while (off < c->secretlen) {
		w = write(p[1], c->secret + off, c->secretlen - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			close(p[0]);
			close(p[1]);
			return -1;
		}
		off += (size_t)w;
	}
	close(p[1]);
	return p[0];
}

/* store:PATH through `frmatch facts --with-keys`, keyed like the rest. */
static void
use_store(struct fr_countrun *c, struct fr_countrun_src *s)
{
	char *prog = find_frmatch(c), *out = NULL, *eline = NULL;
	char fdarg[16];
	char *argv[] = { prog, "facts", s->s.where, "--json", "--with-keys",
	    "--org-secret-file", (char *)c->org_secret_file, NULL };
	size_t len = 0;
	int rc, st, serr, kfd = -1;

	s->fmt = FR_SRC_FACTS;
	if (!local_keys(c, s))
		goto out;
	if (c->run_key) {
		if ((kfd = key_pipe(c)) < 0) {
			fail(s, fr_xasprintf("%s: cannot hand the key to "
			    "frmatch: %s", s->label, strerror(errno)));
			goto out;
		}
		snprintf(fdarg, sizeof fdarg, "%d", kfd);
		argv[5] = "--org-secret-fd";
		argv[6] = fdarg;
	}
	rc = fr_spawn_capture(argv, STORE_MAX, &out, &len, &eline, &st);
	serr = errno;	/* why frmatch could not run, not close's */
	if (kfd >= 0)
		close(kfd);
	if (rc == FR_ENOENT)
		fail(s, fr_xasprintf("%s: cannot run %s: %s", s->label, prog,
		    strerror(serr)));
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
	if (out != NULL)
		fr_secret_wipe(out, len);
	free(out);
	free(eline);
	free(prog);
}

/* Fetch every URL source at once, then count them in order. */
static void
fetch_all(struct fr_countrun *c)
{
	struct fr_fetch *v = NULL;
	size_t n = 0, i;
	struct fr_countrun_src *s;
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
	progress(c, NULL, n, 0);
	fr_fetch_all(v, n, &c->fo);
	progress(c, NULL, n, 1);
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
			use_data(c, s, v[s->fetch].body, v[s->fetch].len);
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

int
fr_countrun_keys(struct fr_countrun *c, char **err)
{
	char *perr = NULL;
	const char *env;

	if (c->org_secret_file != NULL) {
		if (fr_secret_read(c->org_secret_file, 16, 4096, 0, &c->secret,
		    &c->secretlen, &perr) != FR_OK) {
			*err = fr_xasprintf("--org-secret-file: %s", perr);
			free(perr);
			return FR_EIO;
		}
	} else {
		/*
		 * No secret: the sources of this count are matched under a
		 * key made for this run, held in memory only and wiped at
		 * the end (frmatch gets it through a pipe, use_store).
		 */
		c->secretlen = FR_SECRET_NEW_LEN;
		c->secret = fr_xmalloc(c->secretlen + 1);
		if (fr_secret_random(c->secret, c->secretlen) != FR_OK) {
			*err = fr_xasprintf("no random bytes for a key: %s",
			    strerror(errno));
			return FR_EIO;
		}
		c->run_key = 1;
	}
	c->hmac = fr_hmac_new(c->secret, c->secretlen);
	fr_secret_id(c->secret, c->secretlen, c->secret_id);
	if (c->token_file != NULL) {
		if (fr_secret_read(c->token_file, 1, 4096, 1, &c->token,
		    &c->tokenlen, &perr) != FR_OK) {
			*err = fr_xasprintf("--token-file: %s", perr);
			free(perr);
			return FR_EIO;
		}
	} else if ((env = getenv("FRFILE_TOKEN")) != NULL && *env != '\0') {
		if (strpbrk(env, "\r\n") != NULL) {
			*err = fr_xstrdup("FRFILE_TOKEN: expected one line");
			return FR_EIO;
		}
		c->token = fr_xstrdup(env);
		c->tokenlen = strlen(env);
	}
	c->fo.token = c->token;
	return FR_OK;
}

/* Why the count failed, for the ledger: the first source's problem. */
char *
fr_countrun_failure(const struct fr_countrun *c)
{
	size_t k, nfailed = fr_countrun_failed(c);

	for (k = 0; k < c->nsrc; k++) {
		const struct fr_countrun_src *s = &c->src[k];

		if (!s->failed)
			continue;
		return fr_xasprintf("%zu of %zu sources failed; %s: %s",
		    nfailed, c->nsrc, s->label, s->err != NULL ? s->err :
		    s->d.n > 0 ? s->d.v[0].msg : "failed");
	}
	return fr_xstrdup("the count could not be made (secrets or sources "
	    "unreadable)");
}

size_t
fr_countrun_failed(const struct fr_countrun *c)
{
	size_t k, n = 0;

	for (k = 0; k < c->nsrc; k++)
		n += c->src[k].failed != 0;
	return n;
}

const char *
fr_countrun_src_error(const struct fr_countrun_src *s)
{
	size_t k;

	if (s->err != NULL)
		return s->err;
	for (k = 0; k < s->d.n; k++)
		if (s->d.v[k].sev == FR_SEV_ERROR)
			return s->d.v[k].msg;
	return "failed";
}

char *
fr_countrun_describe(const struct fr_countrun *c)
{
	size_t i, ndev = 0;

	for (i = 0; i < c->nsrc; i++)
		ndev += c->src[i].fmt == FR_SRC_FACTS;
	return fr_xasprintf("count: %zu source%s: %zu device%s, %zu "
	    "export%s", c->nsrc, c->nsrc == 1 ? "" : "s", ndev,
	    ndev == 1 ? "" : "s", c->nsrc - ndev,
	    c->nsrc - ndev == 1 ? "" : "s");
}

void
fr_countrun_init(struct fr_countrun *c)
{
	memset(c, 0, sizeof *c);
	fr_fetch_opts_init(&c->fo);
}

int
fr_countrun_prepare(struct fr_countrun *c, char **err)
{
	char *perr = NULL;
	size_t k;

	*err = NULL;
	for (k = 0; k < c->nsrc; k++) {
		struct fr_countrun_src *s = &c->src[k];

		if (s->s.via == FR_VIA_FILE && s->fmt == FR_SRC_AUTO)
			s->fmt = sniff_file(s->s.where);
		/* A SQLite database is a frmatch store, whatever its name. */
		if (s->s.via == FR_VIA_FILE && s->fmt == FR_SRC_SQLITE) {
			s->s.via = FR_VIA_STORE;
			free(s->label);
			s->label = fr_xasprintf("store:%s", s->s.where);
		}
		/* Ids hashed here; standard input and URLs tell when read. */
		if (s->s.via == FR_VIA_STORE || (s->s.via == FR_VIA_FILE &&
		    s->fmt != FR_SRC_FACTS && s->fmt != FR_SRC_AUTO))
			c->has_local = 1;
		if (s->o.pattern != NULL &&
		    (s->pat = fr_idpat_new(s->o.pattern, &perr)) == NULL) {
			*err = fr_xasprintf("--id-pattern: %s", perr);
			free(perr);
			return FR_EINVAL;
		}
	}
	return c->nsrc == 0 ? FR_ENOENT : FR_OK;
}

void
fr_countrun_read(struct fr_countrun *c)
{
	size_t k;

	/* Reading a big export is most of the work: every core by default. */
	if (c->threads == 0)
		c->threads = (int)sysconf(_SC_NPROCESSORS_ONLN);
	c->count = fr_count_new(fr_date_today());
	/* Keys are for matching sources: a lone export needs none. */
	c->lone = c->nsrc == 1;

	fetch_all(c);
	for (k = 0; k < c->nsrc; k++) {
		struct fr_countrun_src *s = &c->src[k];
		double t0 = now_s();
		int idx;

		if (s->s.via == FR_VIA_URL)
			continue;	/* done in fetch_all */
		idx = fr_count_begin_source(c->count);
		if (s->s.via == FR_VIA_STORE)
			use_store(c, s);
		else
			use_file(c, s);
		s->individuals = fr_count_source(c->count, idx);
		s->secs = now_s() - t0;
	}
}

void
fr_countrun_release(struct fr_countrun *c)
{
	size_t k;

	for (k = 0; k < c->nsrc; k++) {
		struct fr_countrun_src *s = &c->src[k];

		fr_src_release(&s->s);
		fr_diags_release(&s->d);
		free(s->label);
		free(s->err);
		free(s->device);
		fr_idpat_free(s->pat);
		free(s->audit.store_id);
	}
	free(c->src);
	free(c->facts_secret_id);
	fr_count_free(c->count);
	fr_hmac_free(c->hmac);
	fr_secret_free(c->secret, c->secretlen);
	fr_secret_free(c->token, c->tokenlen);
	memset(c, 0, sizeof *c);
}
