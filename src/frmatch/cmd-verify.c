/*
 * cmd-verify.c — frmatch verify: 1:1, does the probe match this person?
 */
#include "frmatch/cmd.h"
#include "frmatch/cmdutil.h"
#include "frmatch/scan.h"
#include "core/fr.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>

enum { OPT_PERSON = FM_OPT_FIRST, OPT_PROBE, OPT_THRESHOLD };

static const struct cli_opt verify_opts[] = {
	{ "person", 0, required_argument, OPT_PERSON, "ID",
	    "the claimed person", CLI_REQUIRED },
	{ "probe", 0, required_argument, OPT_PROBE, "FILE",
	    "the probe template (raw float32 or JSON; - stdin)", CLI_REQUIRED },
	{ "threshold", 0, required_argument, OPT_THRESHOLD, "T",
	    "cosine similarity needed for a match (0.5)", 0 },
	FM_STORE_CLI_OPTS,
	{ "json", 0, no_argument, CLI_OPT_JSON, NULL,
	    "print {\"score\", \"match\", \"threshold\"}", 0 },
	CLI_END
};

/* `frmatch verify STORE`: does the probe match the person? 0 yes, 1 no. */
static int
verify_exec(int argc, char **argv)
{
	struct cli_common common = { 0, 0 };
	struct fm_cmdopts so = { NULL, NULL };
	struct fm_err e = { "" };
	struct fm_store *s = NULL;
	struct fm_matrix m;
	const char *person = NULL, *probe = NULL;
	char subj[FM_SUBJECT_LEN + 1], outcome[64];
	int64_t *owners = NULL;
	size_t maxper;
	float *v = NULL, best;
	double thr = 0.5;
	int c, rc, match;

	fm_matrix_init(&m, FM_DIM_MIN);
	cli_getopt_reset();
	while ((c = cli_getopts(argc, argv, verify_opts, 0, &common)) != -1) {
		switch (c) {
		case OPT_PERSON:
			if (!fm_text_ok(optarg, FM_PERSON_MAX))
				return cli_usage_error("--person: expected 1 to "
				    "%d printable bytes", FM_PERSON_MAX);
			person = optarg;
			break;
		case OPT_PROBE:
			probe = optarg;
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
	if (person == NULL || probe == NULL)
		return cli_usage_error("--person and --probe are required");
	if ((rc = fm_cli_open(argv[optind], &so, 1, &s)) != FR_EXIT_OK)
		return rc;
	if ((rc = fm_cli_template(probe, (size_t)fm_store_info(s)->dim, &v))
	    != FR_EXIT_OK)
		goto out;
	fm_normalise(v, (size_t)fm_store_info(s)->dim);
	fm_matrix_init(&m, (size_t)fm_store_info(s)->dim);
	rc = FR_EXIT_DATA;
	if ((c = fm_store_load(s, person, &m, &owners, &maxper, &e)) ==
	    FR_ENOENT) {
		cli_err("%s", e.msg);
		fm_store_subject(s, person, subj);
		fm_cli_audit_refusal(s, &so, "verify", subj,
		    "refused: unknown person");
		goto out;
	}
	if (c != FR_OK)
		goto fail;
	/* The best of the person's templates decides; NaN never matches. */
	best = fm_best_score(&m, v);
	match = fm_score_ok(best, (float)thr);
	fm_store_subject(s, person, subj);
	snprintf(outcome, sizeof outcome, "%s score=%.4f threshold=%.4f",
	    match ? "match" : "no match", best, thr);
	if (fm_store_begin(s, &e) != FR_OK ||
	    fm_store_audit(s, fm_operator(&so), "verify", subj, outcome, &e)
	    != FR_OK || fm_store_commit(s, &e) != FR_OK)
		goto fail;
	if (common.json) {
		cJSON *j = cJSON_CreateObject();

		cJSON_AddNumberToObject(j, "score", best);
		cJSON_AddBoolToObject(j, "match", match);
		cJSON_AddNumberToObject(j, "threshold", thr);
		cJSON_AddNumberToObject(j, "templates_compared", (double)m.n);
		cli_print_json(j);
	} else
		printf("%s: score %.4f, threshold %.4f\n", match ? "match" :
		    "no match", best, thr);
	rc = match ? FR_EXIT_OK : FR_EXIT_NO;
	goto out;
fail:
	fm_store_rollback(s);
	cli_err("%s", e.msg);
out:
	free(v);
	free(owners);
	fm_matrix_release(&m);
	fm_store_close(s);
	return rc;
}

const struct cmd_entry cmd_verify_entry = {
	.name = "verify",
	.usage = "STORE",
	.summary = "1:1 verification: does the probe match the person (exit 0 yes, 1 no)",
	.exec = verify_exec,
	.opts = verify_opts,
};
