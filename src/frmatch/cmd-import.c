/*
 * cmd-import.c — frmatch import: bulk enrolment from NDJSON, one person
 * per line, all or nothing (one transaction).
 */
#include "frmatch/cmd.h"
#include "frmatch/cmdutil.h"
#include "frmatch/tmpl.h"
#include "core/date.h"
#include "core/fr.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define MAX_REPORTED 10

/* Redraws the progress bar on standard error; final ends its line. */
static void
progress(size_t done, size_t total, int final)
{
	int w = 40, filled = total ? (int)((double)done / total * w) : w;

	fprintf(stderr, "\rimport [%.*s%*s] %zu/%zu%s", filled,
	    "########################################", w - filled, "", done,
	    total, final ? "\n" : "");
}

static const struct cli_opt import_opts[] = {
	CLI_TEXT("  Each line: {\"person\": ID, \"template\": [numbers] or"),
	CLI_TEXT("  \"template_b64\": base64 of raw float32, \"enrolled\":"
	    " \"YYYY-MM-DD\","),
	CLI_TEXT("  \"consent\": REF, \"minor\": false, \"guardian_consent\":"
	    " REF|null,"),
	CLI_TEXT("  \"retention_days\": N, \"device\": LABEL}. Any bad line:"
	    " nothing is"),
	CLI_TEXT("  imported. A progress bar shows on a terminal."),
	FM_STORE_CLI_OPTS,
	{ "json", 0, no_argument, CLI_OPT_JSON, NULL,
	    "print the count and rate as JSON", 0 },
	CLI_END
};

/*
 * `frmatch import STORE FILE`: enrols every NDJSON line in one transaction,
 * or none if any line is bad; an exit code.
 */
static int
import_exec(int argc, char **argv)
{
	struct cli_common common = { 0, 0 };
	struct fm_cmdopts so = { NULL, NULL };
	struct fm_err e = { "" };
	struct fm_store *s = NULL;
	struct fm_import_rec rec;
	struct fm_enrol en;
	const char *file, *name;
	char *buf = NULL, *p, *nl, subj[FM_SUBJECT_LEN + 1], d1[FR_DATE_LEN];
	size_t len, total = 0, lineno = 0, done = 0, bad = 0, dim;
	int c, rc, tty = isatty(2), today = fr_date_today();
	struct timespec t0, t1;
	double secs;

	cli_getopt_reset();
	while ((c = cli_getopts(argc, argv, import_opts, 0, &common)) != -1) {
		if (fm_store_option(&so, c, optarg) != 1)
			return FR_EXIT_USAGE;
	}
	if (common.help)
		return cli_help();
	if (argc - optind != 2)
		return cli_usage_error("expected STORE and FILE.ndjson");
	file = argv[optind + 1];
	name = strcmp(file, "-") == 0 ? "standard input" : file;
	if ((rc = fm_cli_open(argv[optind], &so, 1, &s)) != FR_EXIT_OK)
		return rc;
	dim = (size_t)fm_store_info(s)->dim;
	if (fr_read_file(file, 0, &buf, &len) != FR_OK) {
		cli_err("%s: cannot read", name);
		rc = FR_EXIT_DATA;
		goto out;
	}
	for (p = buf; p < buf + len; p++)
		total += *p == '\n';
	if (len > 0 && buf[len - 1] != '\n')
		total++;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = FR_EXIT_DATA;
	if (fm_store_begin(s, &e) != FR_OK) {
		cli_err("%s", e.msg);
		goto out;
	}
	for (p = buf; p < buf + len && bad < MAX_REPORTED; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(buf + len - p));
		if (nl == NULL)
			nl = buf + len;
		lineno++;
		if (strspn(p, " \t\r") >= (size_t)(nl - p))
			continue;	/* blank line */
		if (fm_import_parse(p, (size_t)(nl - p), dim, &rec, &e)
		    != FR_OK) {
			cli_err("%s:%zu: %s", name, lineno, e.msg);
			bad++;
			continue;
		}
		if (rec.enrolled < 0)
			rec.enrolled = today;
		if (rec.enrolled > today) {
			cli_err("%s:%zu: enrolled: %s is after today", name,
			    lineno, fr_date_format(rec.enrolled, d1));
			bad++;
		} else if (rec.guardian_consent != NULL && !rec.minor) {
			cli_err("%s:%zu: guardian_consent is for a minor "
			    "(set \"minor\": true)", name, lineno);
			bad++;
		} else {
			en.person = rec.person;
			en.tmpl = rec.tmpl;
			en.enrolled = rec.enrolled;
			en.consent = rec.consent;
			en.minor = rec.minor;
			en.guardian_consent = rec.guardian_consent;
			en.retention_days = rec.retention_days;
			en.device = rec.device;
			fm_store_subject(s, rec.person, subj);
			if (fm_store_enrol(s, &en, 0, &e) != FR_OK ||
			    fm_store_audit(s, fm_operator(&so), "enroll", subj,
			    "ok (import)", &e) != FR_OK) {
				cli_err("%s:%zu: %s", name, lineno, e.msg);
				bad++;
			} else
				done++;
		}
		fm_import_rec_release(&rec);
		if (tty && lineno % 1000 == 0)
			progress(lineno, total, 0);
	}
	if (bad > 0) {
		fm_store_rollback(s);
		if (tty)
			fputc('\n', stderr);
		cli_err("%s: %zu bad line%s%s; nothing imported", name, bad,
		    bad == 1 ? "" : "s", bad >= MAX_REPORTED ?
		    " (stopped at the first ten)" : "");
		goto out;
	}
	if (fm_store_commit(s, &e) != FR_OK) {
		cli_err("%s", e.msg);
		goto out;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	if (tty)
		progress(total, total, 1);
	if (common.json) {
		cJSON *j = cJSON_CreateObject();

		cJSON_AddNumberToObject(j, "imported", (double)done);
		cJSON_AddNumberToObject(j, "seconds", secs);
		cJSON_AddNumberToObject(j, "per_second",
		    secs > 0 ? done / secs : 0);
		cli_print_json(j);
	} else
		printf("imported %zu person%s in %.2f s (%.0f per second)\n",
		    done, done == 1 ? "" : "s", secs, secs > 0 ? done / secs :
		    0.0);
	rc = FR_EXIT_OK;
out:
	if (buf != NULL) {
		memset(buf, 0, len);
		free(buf);
	}
	fm_store_close(s);
	return rc;
}

const struct cmd_entry cmd_import_entry = {
	.name = "import",
	.usage = "STORE FILE.ndjson|-",
	.summary = "enrol many persons from NDJSON in one transaction",
	.exec = import_exec,
	.opts = import_opts,
};
