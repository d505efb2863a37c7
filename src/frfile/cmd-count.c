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
 *
 * The reading, fetching, spawning and matching are core/countrun.c's:
 * this file parses the command line, runs the count and prints it.
 */
#include "cli/cli.h"
#include "core/count.h"
#include "core/countrun.h"
#include "core/date.h"
#include "core/fr.h"
#include "core/history.h"
#include "frfile/cmd.h"
#include "frfile/count-record.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum {
	OPT_ID_COLUMN = CLI_OPT_FIRST_COMMAND, OPT_FROM_COLUMN,
	OPT_UNTIL_COLUMN, OPT_NO_HEADER, OPT_ID_FIELD, OPT_FROM_FIELD,
	OPT_UNTIL_FIELD, OPT_ID_PATTERN, OPT_ORG_SECRET, OPT_TOKEN_FILE,
	OPT_CA_FILE, OPT_TIMEOUT, OPT_RETRIES, OPT_MAX_BYTES, OPT_PARALLEL,
	OPT_THREADS,
	OPT_THRESHOLD, OPT_ALLOW_PARTIAL, OPT_SKIP_INVALID, OPT_RECORD,
	OPT_LEDGER, OPT_FRMATCH, OPT_SHEET, OPT_ENCODING,
};

/*
 * Options that belong to the sources after them (until given again); one
 * given after the last source is for every source without its own.
 */
enum { SO_ID_COLUMN, SO_FROM_COLUMN, SO_UNTIL_COLUMN, SO_NO_HEADER,
	SO_ID_FIELD, SO_FROM_FIELD, SO_UNTIL_FIELD, SO_ID_PATTERN, SO_SHEET,
	SO_ENCODING, SO_N };

struct srcopts {
	struct fr_countrun_srcopts o;
	unsigned set;		/* bit SO_x: given */
};

/* The command line of one count, beside the run it drives. */
struct count_cli {
	struct fr_countrun run;
	long long threshold;
	int allow_partial, record, verbose, skip_invalid;
	const char *ledger;
	struct cli_common common;
	struct { const char *spec; struct srcopts o; } *pend;
	size_t npend;
	double last_progress;
	int complete, crc, cross;	/* the result */
};

/* Seconds on the monotonic clock, to pace the progress line. */
static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Progress on a terminal, at most four lines a second (countrun.h). */
static void
show_progress(void *arg, const struct fr_countrun_src *s, size_t bytes,
    int done)
{
	struct count_cli *c = arg;
	double t;

	if (s == NULL) {
		if (!done)
			fprintf(stderr, "count: fetching %zu URLs…", bytes);
		else
			fputs("\r\033[K", stderr);
		fflush(stderr);
		return;
	}
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

/* The count as --json prints it, every source with its status. */
static cJSON *
report_json(struct count_cli *c, int complete, int crc, int cross,
    size_t peak)
{
	cJSON *o = cJSON_CreateObject(), *arr, *so, *fl;
	char d[FR_DATE_LEN];
	size_t i, invalid = 0;

	cJSON_AddNumberToObject(o, "individuals",
	    (double)fr_count_total(c->run.count));
	cJSON_AddBoolToObject(o, "complete", complete);
	cJSON_AddStringToObject(o, "date", fr_date_format(fr_date_today(), d));
	cJSON_AddNumberToObject(o, "threshold", (double)c->threshold);
	cJSON_AddBoolToObject(o, "reached",
	    fr_count_total(c->run.count) >= (size_t)c->threshold);
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
	    (double)fr_count_multi(c->run.count));
	cJSON_AddNumberToObject(o, "keys_seen",
	    (double)fr_count_keys(c->run.count));
	arr = cJSON_AddArrayToObject(o, "sources");
	fl = cJSON_CreateArray();
	for (i = 0; i < c->run.nsrc; i++) {
		struct fr_countrun_src *s = &c->run.src[i];

		so = cJSON_CreateObject();
		cJSON_AddStringToObject(so, "source", s->label);
		cJSON_AddStringToObject(so, "type", fr_srcfmt_name(s->fmt));
		if (s->encoding != NULL)
			cJSON_AddStringToObject(so, "encoding", s->encoding);
		cJSON_AddStringToObject(so, "status",
		    s->failed ? "failed" : "ok");
		if (s->device != NULL)
			cJSON_AddStringToObject(so, "device", s->device);
		cJSON_AddNumberToObject(so, "individuals",
		    (double)s->individuals);
		cJSON_AddNumberToObject(so, "rows", (double)s->rows);
		cJSON_AddNumberToObject(so, "invalid_rows_skipped",
		    (double)s->skipped);
		cJSON_AddBoolToObject(so, "dated", s->dated);
		if (s->failed) {
			cJSON_AddStringToObject(so, "error",
			    fr_countrun_src_error(s));
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

/* The count as a person reads it: totals, crossing, one line a source. */
static void
report_text(struct count_cli *c, int complete, size_t nfailed, int crc,
    int cross)
{
	char d[FR_DATE_LEN];
	size_t i, w = 6;

	printf("individuals          %zu%s\n", fr_count_total(c->run.count),
	    complete ? "" : " (partial: a lower bound)");
	if (!complete)
		printf("complete             no: %zu of %zu sources failed\n",
		    nfailed, c->run.nsrc);
	printf("in_multiple_sources  %zu\n", fr_count_multi(c->run.count));
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
	for (i = 0; i < c->run.nsrc; i++)
		if (strlen(c->run.src[i].label) > w)
			w = strlen(c->run.src[i].label);
	if (w > 60)
		w = 60;
	printf("sources:\n");
	for (i = 0; i < c->run.nsrc; i++) {
		struct fr_countrun_src *s = &c->run.src[i];

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

/* A whole number option in [min, max]; -1 after a usage error. */
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

/* Options after the last source, for each source without its own. */
static void
so_trail(struct srcopts *o, const struct srcopts *t)
{
	unsigned m = t->set & ~o->set;

	struct fr_idread_opts *r = &o->o.ro;
	const struct fr_idread_opts *tr = &t->o.ro;

	if (m & 1u << SO_ID_COLUMN)	r->id_column = tr->id_column;
	if (m & 1u << SO_FROM_COLUMN)	r->from_column = tr->from_column;
	if (m & 1u << SO_UNTIL_COLUMN)	r->until_column = tr->until_column;
	if (m & 1u << SO_NO_HEADER)	r->no_header = tr->no_header;
	if (m & 1u << SO_ID_FIELD)	r->id_field = tr->id_field;
	if (m & 1u << SO_FROM_FIELD)	r->from_field = tr->from_field;
	if (m & 1u << SO_UNTIL_FIELD)	r->until_field = tr->until_field;
	if (m & 1u << SO_ID_PATTERN)	o->o.pattern = t->o.pattern;
	if (m & 1u << SO_SHEET)		o->o.sheet = t->o.sheet;
	if (m & 1u << SO_ENCODING)	o->o.encoding = t->o.encoding;
	o->set |= m;
}

/* Record the count as an observation in the ledger (count-record.h). */
static int
record_count(struct count_cli *c)
{
	int complete = c->complete, crc = c->crc, cross = c->cross;
	struct fr_observation ob;
	struct fr_device_audit *dv;
	char *srcdesc;
	size_t k, n = 0;
	int rc;

	memset(&ob, 0, sizeof ob);
	/* What the count covered, for the documents (core/stored.h). */
	srcdesc = fr_countrun_describe(&c->run);
	ob.date = fr_date_today();
	ob.individuals = (long long)fr_count_total(c->run.count);
	ob.source = srcdesc;
	ob.partial = !complete;
	/* A partial history can only say the crossing came no later. */
	ob.crossing_date = crc == FR_OK && complete ? cross : -1;
	dv = fr_xcalloc(c->run.nsrc + 1, sizeof *dv);
	for (k = 0; k < c->run.nsrc; k++)
		if (!c->run.src[k].failed &&
		    c->run.src[k].audit.store_id != NULL)
			dv[n++] = c->run.src[k].audit;
	rc = frf_count_record(c->ledger, &ob, dv, n);
	free(dv);
	free(srcdesc);
	return rc;
}

/* A source on the command line, with the source options before it. */
static void
pend_source(struct count_cli *c, const char *spec, const struct srcopts *cur,
    struct srcopts *trail)
{
	c->pend = fr_xreallocarray(c->pend, c->npend + 1, sizeof *c->pend);
	c->pend[c->npend].spec = spec;
	c->pend[c->npend++].o = *cur;
	trail->set = 0;
}

/* A source option: in force from here, and for sources without their own. */
static void
source_option(int ch, const char *arg, struct srcopts *cur,
    struct srcopts *trail)
{
	int which;

	switch (ch) {
	case OPT_ID_COLUMN:
		which = SO_ID_COLUMN;
		cur->o.ro.id_column = arg;
		break;
	case OPT_FROM_COLUMN:
		which = SO_FROM_COLUMN;
		cur->o.ro.from_column = arg;
		break;
	case OPT_UNTIL_COLUMN:
		which = SO_UNTIL_COLUMN;
		cur->o.ro.until_column = arg;
		break;
	case OPT_NO_HEADER:
		which = SO_NO_HEADER;
		cur->o.ro.no_header = 1;
		break;
	case OPT_ID_FIELD:
		which = SO_ID_FIELD;
		cur->o.ro.id_field = arg;
		break;
	case OPT_FROM_FIELD:
		which = SO_FROM_FIELD;
		cur->o.ro.from_field = arg;
		break;
	case OPT_UNTIL_FIELD:
		which = SO_UNTIL_FIELD;
		cur->o.ro.until_field = arg;
		break;
	case OPT_ID_PATTERN:
		which = SO_ID_PATTERN;
		cur->o.pattern = arg;
		break;
	case OPT_SHEET:
		which = SO_SHEET;
		cur->o.sheet = arg;
		break;
	default:
		which = SO_ENCODING;
		cur->o.encoding = arg;
		break;
	}
	/* The trail keeps what was given after the last source so far. */
	trail->o = cur->o;
	trail->set |= 1u << which;
	cur->set |= 1u << which;
}

/* A number option; -1 after a usage error. */
static int
number_option(int ch, const char *arg, struct count_cli *c)
{
	long long v;

	switch (ch) {
	case OPT_TIMEOUT:
		if (parse_num("--timeout", arg, 1, 86400, &v))
			return -1;
		c->run.fo.timeout_ms = (long)v * 1000;
		break;
	case OPT_RETRIES:
		if (parse_num("--retries", arg, 0, 10, &v))
			return -1;
		c->run.fo.retries = (int)v;
		break;
	case OPT_MAX_BYTES:
		if (parse_num("--max-bytes", arg, 1024, 1LL << 40, &v))
			return -1;
		c->run.fo.max_bytes = (size_t)v;
		break;
	case OPT_PARALLEL:
		if (parse_num("--parallel", arg, 1, 1024, &v))
			return -1;
		c->run.fo.parallel = (int)v;
		break;
	case OPT_THREADS:
		if (parse_num("--threads", arg, 1, 1024, &v))
			return -1;
		c->run.threads = (int)v;
		break;
	default:
		if (parse_num("--threshold", arg, 1, 1000000000000LL,
		    &c->threshold))
			return -1;
		break;
	}
	return 0;
}

static const struct cli_opt count_opts[] = {
	CLI_TEXT("  SOURCE              an export (CSV, NDJSON, XLSX), a"
	    " facts file, '-'"),
	CLI_TEXT("                      for standard input, an http(s) URL of"
	    " a facts"),
	CLI_TEXT("                      endpoint or export, store:PATH (a"
	    " frmatch store,"),
	CLI_TEXT("                      also found by its content), or"
	    " fleet:FILE (one"),
	CLI_TEXT("                      source per line); the prefixes"
	    " facts:, csv:,"),
	CLI_TEXT("                      ndjson:, xlsx: force the format of"
	    " text; the"),
	CLI_TEXT("                      content decides otherwise, and binary"
	    " data that"),
	CLI_TEXT("                      is not a workbook or a store is"
	    " refused"),
	{ "org-secret-file", 0, required_argument, OPT_ORG_SECRET, "F",
	    "organisation secret: ids are hashed with it;\n"
	    "needed only to match facts keyed elsewhere\n"
	    "(without it, a key made for this run)", 0 },
	CLI_TEXT("Source options apply to the sources after them, until given"
	    " again;"),
	CLI_TEXT("given after the last source, to every source without its"
	    " own:"),
	{ "id-column", 0, required_argument, OPT_ID_COLUMN, "NAME|N",
	    "CSV/XLSX id column (default person_id or id)", 0 },
	{ "from-column", 0, required_argument, OPT_FROM_COLUMN, "C",
	    "CSV/XLSX enrolment date column (dated history)", 0 },
	{ "until-column", 0, required_argument, OPT_UNTIL_COLUMN, "C",
	    "CSV/XLSX deletion date column (empty: stored)", 0 },
	{ "no-header", 0, no_argument, OPT_NO_HEADER, NULL,
	    "the CSV or sheet has no header row", 0 },
	{ "sheet", 0, required_argument, OPT_SHEET, "NAME",
	    "the XLSX worksheet (default the first)", 0 },
	{ "encoding", 0, required_argument, OPT_ENCODING, "ENC",
	    "the text's encoding, an iconv name (default:\n"
	    "UTF-8, UTF-16 by its mark, else GB18030)", 0 },
	{ "id-field", 0, required_argument, OPT_ID_FIELD, "NAME",
	    "NDJSON id field (default person_id or id)", 0 },
	{ "from-field", 0, required_argument, OPT_FROM_FIELD, "NAME",
	    "NDJSON enrolment date field (dated history)", 0 },
	{ "until-field", 0, required_argument, OPT_UNTIL_FIELD, "NAME",
	    "NDJSON deletion date field (empty: stored)", 0 },
	{ "id-pattern", 0, required_argument, OPT_ID_PATTERN, "RE",
	    "PCRE2: the id is the first group (or match)", 0 },
	CLI_TEXT("Other options:"),
	{ "skip-invalid", 0, no_argument, OPT_SKIP_INVALID, NULL,
	    "skip malformed rows, counting and reporting them", 0 },
	{ "token-file", 0, required_argument, OPT_TOKEN_FILE, "F",
	    "bearer token for URLs (or FRFILE_TOKEN)", 0 },
	{ "ca-file", 0, required_argument, OPT_CA_FILE, "F",
	    "CA certificates for https", 0 },
	{ "timeout", 0, required_argument, OPT_TIMEOUT, "S",
	    "per-source time limit in seconds (30)", 0 },
	{ "retries", 0, required_argument, OPT_RETRIES, "N",
	    "retries after a failed fetch (2)", 0 },
	{ "max-bytes", 0, required_argument, OPT_MAX_BYTES, "N",
	    "response size limit (268435456)", 0 },
	{ "parallel", 0, required_argument, OPT_PARALLEL, "N",
	    "fetches at once (32)", 0 },
	{ "threads", 0, required_argument, OPT_THREADS, "N",
	    "threads for reading exports (all cores)", 0 },
	{ "threshold", 0, required_argument, OPT_THRESHOLD, "N",
	    "the line (100000)", 0 },
	{ "allow-partial", 0, no_argument, OPT_ALLOW_PARTIAL, NULL,
	    "accept a partial count when sources fail", 0 },
	{ "record", 0, no_argument, OPT_RECORD, NULL,
	    "write the observation into the ledger", 0 },
	{ "ledger", 0, required_argument, OPT_LEDGER, "PATH",
	    "the ledger file (with --record)", 0 },
	{ "frmatch", 0, required_argument, OPT_FRMATCH, "PATH",
	    "the frmatch program for store: sources", 0 },
	{ "verbose", 'v', no_argument, 'v', NULL,
	    "one line per source on standard error (format,\n"
	    "rows, individuals, encoding)", 0 },
	CLI_TODAY_OPT("the day of the count (default today, CST)"),
	{ "json", 0, no_argument, CLI_OPT_JSON, NULL,
	    "machine-readable output", 0 },
	CLI_TEXT("Dates: YYYY-MM-DD, YYYY/M/D, YYYY-M-D, YYYY.MM.DD,"
	    " YYYY年M月D日,"),
	CLI_TEXT("ISO 8601 times (converted to China Standard Time), Excel"
	    " serials."),
	CLI_END
};

/*
 * The command line: options, and sources in order between the options
 * they follow. FR_EXIT_OK, or a usage error already reported.
 */
static int
parse_args(struct count_cli *c, int argc, char **argv, struct srcopts *trail)
{
	struct srcopts cur;
	int ch, i;
	size_t k;

	memset(&cur, 0, sizeof cur);
	cli_getopt_reset();
	/* "-": sources come back in order, between the options they follow. */
	while ((ch = cli_getopts(argc, argv, count_opts, CLI_INORDER, &c->common)) != -1) {
		switch (ch) {
		case 1:
			pend_source(c, optarg, &cur, trail);
			break;
		case OPT_ID_COLUMN: case OPT_FROM_COLUMN: case OPT_UNTIL_COLUMN:
		case OPT_NO_HEADER: case OPT_ID_FIELD: case OPT_FROM_FIELD:
		case OPT_UNTIL_FIELD: case OPT_ID_PATTERN: case OPT_SHEET:
		case OPT_ENCODING:
			source_option(ch, optarg, &cur, trail);
			break;
		case OPT_ORG_SECRET:
		case OPT_TOKEN_FILE:
			if (!spelt_out(argv, ch == OPT_ORG_SECRET ?
			    "org-secret-file" : "token-file"))
				return cli_usage_error("write --%s in full",
				    ch == OPT_ORG_SECRET ? "org-secret-file" :
				    "token-file");
			if (ch == OPT_ORG_SECRET)
				c->run.org_secret_file = optarg;
			else
				c->run.token_file = optarg;
			break;
		case OPT_CA_FILE:	c->run.fo.ca_file = optarg; break;
		case OPT_LEDGER:	c->ledger = optarg; break;
		case OPT_FRMATCH:	c->run.frmatch = optarg; break;
		case OPT_ALLOW_PARTIAL:	c->allow_partial = 1; break;
		case OPT_SKIP_INVALID:	c->skip_invalid = 1; break;
		case OPT_RECORD:	c->record = 1; break;
		case 'v':		c->verbose = 1; break;
		case OPT_TIMEOUT: case OPT_RETRIES: case OPT_MAX_BYTES:
		case OPT_PARALLEL: case OPT_THREADS: case OPT_THRESHOLD:
			if (number_option(ch, optarg, c) != 0)
				return FR_EXIT_USAGE;
			break;
		default:	/* '?' */
			return FR_EXIT_USAGE;
		}
	}
	/* After "--", the rest are sources. */
	for (i = optind; i < argc; i++)
		pend_source(c, argv[i], &cur, trail);
	if (c->common.help)
		return FR_EXIT_OK;
	if (c->npend == 0)
		return cli_usage_error("no source given");
	if (c->ledger != NULL && !c->record)
		return cli_usage_error("--ledger is for --record");
	for (k = 0; k < c->npend; k++) {
		so_trail(&c->pend[k].o, trail);
		c->pend[k].o.o.ro.skip_invalid = c->skip_invalid;
		if (c->pend[k].o.o.ro.until_column != NULL &&
		    c->pend[k].o.o.ro.from_column == NULL)
			return cli_usage_error("%s: --until-column needs "
			    "--from-column", c->pend[k].spec);
		if (c->pend[k].o.o.ro.until_field != NULL &&
		    c->pend[k].o.o.ro.from_field == NULL)
			return cli_usage_error("%s: --until-field needs "
			    "--from-field", c->pend[k].spec);
	}
	return FR_EXIT_OK;
}

/* The sources into the run, fleet lists expanded; an exit code. */
static int
add_sources(struct count_cli *c)
{
	struct fr_diags d;
	char *err = NULL;
	size_t k;
	int rc = FR_OK;

	fr_diags_init(&d);
	for (k = 0; k < c->npend && rc == FR_OK; k++)
		rc = fr_countrun_add(&c->run, c->pend[k].spec, &c->pend[k].o.o,
		    &d, &err);
	if (rc == FR_OK && (rc = fr_countrun_prepare(&c->run, &err)) ==
	    FR_ENOENT) {
		cli_err("the fleet lists name no source");
		return FR_EXIT_DATA;
	}
	fr_diags_print(&d, stderr, "frfile: count: ");
	fr_diags_release(&d);
	if (rc == FR_EINVAL)
		cli_usage_error("%s", err);
	else if (err != NULL)
		cli_err("%s", err);
	free(err);
	return rc == FR_OK ? FR_EXIT_OK : rc == FR_EINVAL || rc == FR_EFORMAT ?
	    FR_EXIT_USAGE : FR_EXIT_DATA;
}

/* Every source's problems, one line each (and with -v how it went). */
static void
report_sources(const struct count_cli *c)
{
	size_t k;

	if (c->verbose && c->run.run_key && !c->run.lone)
		cli_err("no --org-secret-file: sources matched under a key made "
		    "for this run, held in memory only");
	for (k = 0; k < c->run.nsrc; k++) {
		const struct fr_countrun_src *s = &c->run.src[k];

		fr_diags_print(&s->d, stderr, "frfile: count: ");
		if (s->err != NULL)
			cli_err("%s", s->err);
		if (s->skipped > 10)
			cli_err("%s: warning: %zu invalid rows skipped in all",
			    s->label, s->skipped);
		if (c->verbose)
			cli_err("%s: %s%s, %zu rows, %zu individuals, %.2f s%s%s",
			    s->label, fr_srcfmt_name(s->fmt), s->fast ?
			    " (fast path)" : "", s->rows, s->individuals,
			    s->secs, s->encoding ? ", encoding " : "",
			    s->encoding ? s->encoding : "");
	}
}

/* The count's result: printed, and judged complete or not. */
static int
report(struct count_cli *c)
{
	size_t nfailed = fr_countrun_failed(&c->run), peak = 0;
	int complete = nfailed == 0, crc, cross = -1;

	report_sources(c);
	c->complete = complete;
	crc = fr_count_crossing(c->run.count, (size_t)c->threshold, &cross,
	    &peak);
	/* JSON always (scripts read "complete"); text only for a result. */
	if (c->common.json)
		cli_print_json(report_json(c, complete, crc, cross, peak));
	else if (complete || c->allow_partial)
		report_text(c, complete, nfailed, crc, cross);
	if (!complete && !c->allow_partial) {
		cli_err("%zu of %zu sources failed: the count is incomplete "
		    "(--allow-partial to accept a partial count)", nfailed,
		    c->run.nsrc);
		return FR_EXIT_DATA;
	}
	c->crc = crc;
	c->cross = cross;
	return FR_EXIT_OK;
}

/* `frfile count`: parse, add the sources, read them, report, record. */
static int
count_exec(int argc, char **argv)
{
	struct count_cli c;
	struct srcopts trail;
	char *err = NULL, *why;
	int rc;

	memset(&c, 0, sizeof c);
	memset(&trail, 0, sizeof trail);
	fr_countrun_init(&c.run);
	c.threshold = FR_THRESHOLD_DEFAULT;
	if ((rc = parse_args(&c, argc, argv, &trail)) != FR_EXIT_OK)
		goto out;
	if (c.common.help) {
		rc = cli_help();
		goto out;
	}
	if ((rc = add_sources(&c)) != FR_EXIT_OK)
		goto out;
	/* From here on a failure is a failed count, recorded with --record. */
	if (fr_countrun_keys(&c.run, &err) != FR_OK) {
		cli_err("%s", err);
		free(err);
		rc = FR_EXIT_DATA;
	} else {
		if (isatty(2)) {
			c.run.progress = show_progress;
			c.run.progress_arg = &c;
		}
		c.run.sigbus_msg = "frfile: count: ";
		fr_countrun_read(&c.run);
		if ((rc = report(&c)) == FR_EXIT_OK) {
			if (c.record)
				rc = record_count(&c);
			goto out;
		}
	}
	if (c.record && rc == FR_EXIT_DATA) {
		why = fr_countrun_failure(&c.run);
		frf_count_record_failure(c.ledger, fr_date_today(), why);
		free(why);
	}
out:
	fr_countrun_release(&c.run);
	free(c.pend);
	return rc;
}

const struct cmd_entry cmd_count_entry = {
	.name = "count",
	.usage = "SOURCE...",
	.summary = "count distinct individuals across stores, facts and "
	    "exports",
	.exec = count_exec,
	.opts = count_opts,
};
