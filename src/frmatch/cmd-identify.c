/*
 * cmd-identify.c — frmatch identify: 1:N, who in the store is this?
 *
 * The matched ids are shown to the operator on their own terminal (that is
 * the matcher's function); the audit log records only counts and scores.
 */
#include "frmatch/cmd.h"
#include "frmatch/cmdutil.h"
#include "frmatch/scan.h"
#include "core/fr.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>

enum { OPT_PROBE = FM_OPT_FIRST, OPT_TOP, OPT_THRESHOLD };

static const struct cli_opt identify_opts[] = {
	{ "probe", 0, required_argument, OPT_PROBE, "FILE",
	    "the probe template (raw float32 or JSON; - stdin)", CLI_REQUIRED },
	{ "top", 0, required_argument, OPT_TOP, "K",
	    "at most K persons (5)", 0 },
	{ "threshold", 0, required_argument, OPT_THRESHOLD, "T",
	    "the lowest cosine similarity reported (0.5)", 0 },
	FM_STORE_CLI_OPTS,
	{ "json", 0, no_argument, CLI_OPT_JSON, NULL,
	    "print {\"matches\": [{\"person\", \"score\"}]}", 0 },
	CLI_TEXT("  Exit 0 with a match, 1 without."),
	CLI_END
};

/* `frmatch identify STORE`: the best-matching persons; 0 a match, 1 none. */
static int
identify_exec(int argc, char **argv)
{
	struct cli_common common = { 0, 0 };
	struct fm_cmdopts so = { NULL, NULL };
	struct fm_err e = { "" };
	struct fm_store *s = NULL;
	struct fm_matrix m;
	struct fm_hit *hits = NULL;
	const char *probe = NULL;
	char outcome[96], **ids = NULL;
	int64_t *owners = NULL, *seen = NULL;
	size_t maxper, i, j, k, nhits = 0, nout = 0;
	float *v = NULL, *q = NULL, *scores = NULL;
	long long top = 5;
	double thr = 0.5;
	int c, rc;
	cJSON *js = NULL, *arr = NULL;

	fm_matrix_init(&m, FM_DIM_MIN);
	cli_getopt_reset();
	while ((c = cli_getopts(argc, argv, identify_opts, 0, &common)) != -1) {
		switch (c) {
		case OPT_PROBE:
			probe = optarg;
			break;
		case OPT_TOP:
			if (fr_parse_ll(optarg, 1, 1000, &top) != FR_OK)
				return cli_usage_error("--top: expected 1 to "
				    "1000");
			break;
		case OPT_THRESHOLD:
			if (fr_parse_double(optarg, &thr) != FR_OK ||
			    thr < -1 || thr > 1)
				return cli_usage_error("--threshold: expected "
				    "a cosine similarity from -1 to 1");
			break;
		default:	/* --key, --operator; '?' is not one */
			if (fm_store_option(&so, c, optarg) != 1)
				return FR_EXIT_USAGE;
		}
	}
	if (common.help)
		return cli_help();
	if (argc - optind != 1)
		return cli_usage_error("expected one STORE");
	if (probe == NULL)
		return cli_usage_error("--probe is required");
	if ((rc = fm_cli_open(argv[optind], &so, 1, &s)) != FR_EXIT_OK)
		return rc;
	if ((rc = fm_cli_template(probe, (size_t)fm_store_info(s)->dim, &v))
	    != FR_EXIT_OK)
		goto out;
	fm_matrix_init(&m, (size_t)fm_store_info(s)->dim);
	rc = FR_EXIT_DATA;
	if (fm_store_load(s, NULL, &m, &owners, &maxper, &e) != FR_OK)
		goto fail;
	/* The probe padded like a row: unit length, zeros after dim. */
	if (posix_memalign((void **)&q, 64, m.stride * sizeof *q) != 0)
		goto fail;
	for (i = 0; i < m.stride; i++)
		q[i] = i < m.dim ? v[i] : 0;
	fm_normalise(q, m.dim);
	/* Enough template hits to fill top persons despite repeats. */
	k = (size_t)top * (maxper ? maxper : 1);
	hits = fr_xcalloc(k, sizeof *hits);
	fm_scan(&m, q, 1, k, (float)thr, 0, hits, &nhits);
	seen = fr_xcalloc(top, sizeof *seen);
	scores = fr_xcalloc(top, sizeof *scores);
	ids = fr_xcalloc(top, sizeof *ids);
	for (i = 0; i < nhits && nout < (size_t)top; i++) {
		int64_t who = owners[hits[i].row];

		for (j = 0; j < nout && seen[j] != who; j++)
			;
		if (j < nout)
			continue;
		seen[nout] = who;
		scores[nout] = hits[i].score;
		if (fm_store_person_id(s, who, &ids[nout], &e) != FR_OK)
			goto fail;
		nout++;
	}
	snprintf(outcome, sizeof outcome, "%zu match%s at threshold %.4f",
	    nout, nout == 1 ? "" : "es", thr);
	if (fm_store_begin(s, &e) != FR_OK ||
	    fm_store_audit(s, fm_operator(&so), "identify", NULL, outcome, &e)
	    != FR_OK || fm_store_commit(s, &e) != FR_OK)
		goto fail;
	if (common.json) {
		js = cJSON_CreateObject();
		arr = cJSON_AddArrayToObject(js, "matches");
		for (i = 0; i < nout; i++) {
			cJSON *o = cJSON_CreateObject();

			cJSON_AddStringToObject(o, "person", ids[i]);
			cJSON_AddNumberToObject(o, "score", scores[i]);
			cJSON_AddItemToArray(arr, o);
		}
		cJSON_AddNumberToObject(js, "threshold", thr);
		cJSON_AddNumberToObject(js, "searched", (double)m.n);
		cli_print_json(js);
	} else {
		if (nout == 0)
			printf("no match at threshold %.4f among %zu "
			    "template%s\n", thr, m.n, m.n == 1 ? "" : "s");
		for (i = 0; i < nout; i++)
			printf("%zu\t%.4f\t%s\n", i + 1, scores[i], ids[i]);
	}
	rc = nout > 0 ? FR_EXIT_OK : FR_EXIT_NO;
	goto out;
fail:
	fm_store_rollback(s);
	cli_err("%s", e.msg[0] ? e.msg : "out of memory");
out:
	if (ids != NULL)
		for (i = 0; i < (size_t)top; i++)
			free(ids[i]);
	free(ids);
	free(seen);
	free(scores);
	free(hits);
	free(q);
	free(v);
	free(owners);
	fm_matrix_release(&m);
	fm_store_close(s);
	return rc;
}

const struct cmd_entry cmd_identify_entry = {
	.name = "identify",
	.usage = "STORE",
	.summary = "1:N identification by cosine similarity, best first",
	.exec = identify_exec,
	.opts = identify_opts,
};
