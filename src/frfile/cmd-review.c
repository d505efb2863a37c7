/*
 * cmd-review.c — `frfile review FILING --rule ID [--application N]
 * --conclusion pass|fail|accept --by NAME --note TEXT [--date D]`
 * records who concluded what about a finding that needs review (or
 * accepted an application's residual risk), in the review file beside
 * the filing; `frfile review FILING --list` shows the records and
 * whether each is in force, stale or superseded. The assessment is run
 * on the same inputs as `frfile assess`, so give it the same --facts,
 * --ledger or --count. Exit 0 recorded or listed, 1 refused (the finding
 * does not need review, or is not found), 2 usage, 3 bad input.
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/assess.h"
#include "core/date.h"
#include "core/fr.h"
#include "core/review.h"
#include "frfile/assess-load.h"
#include "frfile/cmd.h"
#include "frfile/common.h"

enum {
	OPT_RULE = CLI_OPT_FIRST_COMMAND,
	OPT_APP,
	OPT_CONCLUSION,
	OPT_BY,
	OPT_NOTE,
	OPT_DATE,
	OPT_LIST,
};

static const struct cli_opt review_opts[] = {
	{ "rule", 0, required_argument, OPT_RULE, "ID",
	    "the finding (art13.public_necessity), or\n"
	    "risk.APP for an application's residual risk", 0 },
	{ "application", 0, required_argument, OPT_APP, "N",
	    "the application (as assess numbers them) of a\n"
	    "finding made per application", 0 },
	{ "conclusion", 0, required_argument, OPT_CONCLUSION,
	    "pass|fail|accept",
	    "pass or fail for a finding that needs review;\n"
	    "accept for a residual risk only (a duty of the\n"
	    "Measures is remedied, never accepted)", 0 },
	{ "by", 0, required_argument, OPT_BY, "NAME", "who concludes", 0 },
	{ "note", 0, required_argument, OPT_NOTE, "TEXT", "why", 0 },
	{ "date", 0, required_argument, OPT_DATE, "DATE",
	    "the day of the conclusion (default today)", 0 },
	{ "reviews", 0, required_argument, AI_OPT_REVIEWS, "FILE",
	    "the review file (default NAME.reviews.json beside\n"
	    "NAME.json); written atomically, mode 0600", 0 },
	{ "list", 0, no_argument, OPT_LIST, NULL,
	    "show the records: in force, stale (the evidence\n"
	    "changed), superseded or without a finding", 0 },
	{ "facts", 0, required_argument, AI_OPT_FACTS, "FILE",
	    "the same inputs as frfile assess (with --ledger and\n"
	    "--count): the record keeps a hash of the evidence\n"
	    "it was made on", CLI_REPEAT },
	{ "ledger", 0, required_argument, AI_OPT_LEDGER, "PATH",
	    "the ledger, as for frfile assess", 0 },
	{ "count", 0, required_argument, AI_OPT_COUNT, "FILE",
	    "a saved 'frfile count --json', as for frfile assess", 0 },
	CLI_TODAY_OPT("as of DATE (YYYY-MM-DD)"),
	CLI_JSON_OPT("the record (or the list) as JSON"),
	CLI_TEXT(""),
	CLI_TEXT("Exit status: 0 recorded or listed, 1 refused (the finding"),
	CLI_TEXT("does not need review: a measured failure is never"),
	CLI_TEXT("overturned; or no such finding), 2 usage, 3 bad input."),
	CLI_END
};

/* What the command line asks to record, or --list. */
struct review_args {
	const char *rule, *by, *note, *date;
	long long app;
	int concl, list;
};

/* The arguments hang together: a whole record, or --list alone. */
static int
check_args(const struct review_args *ra, struct review *r,
    struct fr_diags *d)
{
	if (ra->list) {
		if (ra->rule != NULL || ra->concl >= 0 || ra->by != NULL ||
		    ra->note != NULL || ra->date != NULL || ra->app >= 0)
			return cli_usage_error("--list shows the records; it "
			    "takes no --rule, --application, --conclusion, "
			    "--by, --note or --date");
		return FR_EXIT_OK;
	}
	if (ra->rule == NULL || ra->concl < 0 || ra->by == NULL ||
	    *ra->by == '\0' || ra->note == NULL || *ra->note == '\0')
		return cli_usage_error("expected --rule ID, --conclusion "
		    "pass|fail|accept, --by NAME and --note TEXT (or --list)");
	if (strlen(ra->by) > 4000 || strlen(ra->note) > 4000)
		return cli_usage_error("--by and --note: at most 4000 bytes "
		    "each");
	if (review_check_kind(ra->rule, (enum review_conclusion)ra->concl,
	    d) != FR_OK) {
		frf_print_diags(d);
		return FR_EXIT_USAGE;
	}
	if (strncmp(ra->rule, "risk.", 5) == 0 && ra->app >= 0)
		return cli_usage_error("--application: the application of %s "
		    "is in its id", ra->rule);
	memset(r, 0, sizeof *r);
	return frf_past_date_arg("--date", ra->date, &r->date);
}

/* The record just written, as text or JSON. */
static void
print_recorded(const struct assess_inputs *in, const struct review *r,
    int json)
{
	char buf[FR_DATE_LEN];

	if (json) {
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "file", in->reviews_file);
		cJSON_AddStringToObject(o, "rule", r->rule);
		if (r->app >= 0)
			cJSON_AddNumberToObject(o, "application", r->app);
		else
			cJSON_AddNullToObject(o, "application");
		cJSON_AddStringToObject(o, "conclusion",
		    review_conclusion_name(r->conclusion));
		cJSON_AddStringToObject(o, "by", r->by);
		cJSON_AddStringToObject(o, "date", fr_date_format(r->date,
		    buf));
		cJSON_AddStringToObject(o, "evidence_sha256", r->hash);
		cli_print_json(o);
		return;
	}
	printf("%s: recorded %s %s", in->reviews_file,
	    review_conclusion_name(r->conclusion), r->rule);
	if (r->app >= 0 && strncmp(r->rule, "risk.", 5) != 0)
		printf(" [%d %s]", r->app, rules_app_name(&in->ctx, r->app) !=
		    NULL ? rules_app_name(&in->ctx, r->app) : "");
	printf(" by %s on %s\n", r->by, fr_date_format(r->date, buf));
}

/* What became of record k: in force, stale, superseded or unmatched. */
static const char *
record_status(const struct assess *a, const struct review_set *rs, size_t k)
{
	const struct review *r = &rs->v[k];
	size_t j;
	int i;

	for (j = 0; a->rv != NULL && j < a->report.n; j++)
		if (a->rv[j].rev == r)
			return a->rv[j].stale ? "stale" : "in_force";
	for (i = 0; a->acc != NULL && i < a->napps; i++)
		if (a->acc[i].rev == r)
			return a->acc[i].stale ? "stale" : "in_force";
	for (j = k + 1; j < rs->n; j++)
		if (strcmp(rs->v[j].rule, r->rule) == 0 &&
		    rs->v[j].app == r->app)
			return "superseded";
	return "no_finding";
}

/* Lists the reviews and what became of each, as text or JSON; exit 0. */
static int
list_reviews(struct assess_inputs *in, const struct assess *a, int json)
{
	const struct review_set *rs = &in->reviews;
	cJSON *arr, *o;
	char buf[FR_DATE_LEN];
	size_t k;

	if (json) {
		arr = cJSON_CreateArray();
		for (k = 0; k < rs->n; k++) {
			const struct review *r = &rs->v[k];

			o = cJSON_CreateObject();
			cJSON_AddStringToObject(o, "rule", r->rule);
			if (r->app >= 0)
				cJSON_AddNumberToObject(o, "application",
				    r->app);
			else
				cJSON_AddNullToObject(o, "application");
			if (r->app_id != NULL)
				cJSON_AddStringToObject(o, "application_id",
				    r->app_id);
			cJSON_AddStringToObject(o, "conclusion",
			    review_conclusion_name(r->conclusion));
			cJSON_AddStringToObject(o, "by", r->by);
			cJSON_AddStringToObject(o, "date",
			    fr_date_format(r->date, buf));
			cJSON_AddStringToObject(o, "note", r->note);
			cJSON_AddStringToObject(o, "evidence_sha256", r->hash);
			cJSON_AddStringToObject(o, "status",
			    record_status(a, rs, k));
			cJSON_AddItemToArray(arr, o);
		}
		cli_print_json(arr);
		return FR_EXIT_OK;
	}
	if (!in->reviews_exist) {
		printf("%s: no reviews recorded\n", in->reviews_file);
		return FR_EXIT_OK;
	}
	printf("%s: %zu review%s\n", in->reviews_file, rs->n,
	    rs->n == 1 ? "" : "s");
	for (k = 0; k < rs->n; k++) {
		const struct review *r = &rs->v[k];
		char app[24] = "";

		if (r->app >= 0 && strncmp(r->rule, "risk.", 5) != 0)
			snprintf(app, sizeof app, " [%d]", r->app);
		printf("%s  %-10s %-7s %s%s by %s: %s\n",
		    fr_date_format(r->date, buf), record_status(a, rs, k),
		    review_conclusion_name(r->conclusion), r->rule, app, r->by,
		    r->note);
	}
	return FR_EXIT_OK;
}

/* `frfile review FILING`: record a conclusion, or list them. */
static int
review_exec(int argc, char **argv)
{
	struct cli_common common = { 0 };
	struct assess_inputs in;
	struct assess a;
	struct fr_diags d;
	struct review r;
	struct review_args ra = { NULL, NULL, NULL, NULL, -1, -1, 0 };
	int c, rc = FR_EXIT_DATA, ran = 0;

	assess_inputs_init(&in);
	fr_diags_init(&d);
	cli_getopt_reset();
	while ((c = cli_getopts(argc, argv, review_opts, 0, &common)) != -1) {
		switch (c) {
		case OPT_RULE:
			ra.rule = optarg;
			break;
		case OPT_APP:
			if ((rc = frf_number_arg("--application", optarg, 0,
			    100000, &ra.app)) != FR_EXIT_OK)
				goto out;
			break;
		case OPT_CONCLUSION:
			if ((ra.concl = review_conclusion_parse(optarg)) < 0) {
				rc = cli_usage_error("--conclusion: '%s': "
				    "expected pass, fail or accept", optarg);
				goto out;
			}
			break;
		case OPT_BY:
			ra.by = optarg;
			break;
		case OPT_NOTE:
			ra.note = optarg;
			break;
		case OPT_DATE:
			ra.date = optarg;
			break;
		case OPT_LIST:
			ra.list = 1;
			break;
		default:	/* the assessment's inputs; '?' is none */
			if (assess_inputs_option(&in, c, optarg) != 1) {
				rc = FR_EXIT_USAGE;
				goto out;
			}
		}
	}
	if (common.help) {
		rc = cli_help();
		goto out;
	}
	if ((rc = assess_inputs_filing(&in, argc, argv)) != FR_EXIT_OK)
		goto out;
	if ((rc = check_args(&ra, &r, &d)) != FR_EXIT_OK)
		goto out;
	in.reviews_new_ok = 1;
	if ((rc = assess_inputs_load(&in, NULL)) != FR_EXIT_OK)
		goto out;
	/*
	 * A finding is concluded on what the rules find by themselves; a
	 * residual risk is accepted on the grading with the conclusions
	 * already recorded.
	 */
	if (!ra.list && strncmp(ra.rule, "risk.", 5) != 0)
		in.ctx.reviews = NULL;
	assess_run(&a, &in.ctx, in.catalogue);
	in.catalogue = NULL;
	ran = 1;
	if (ra.list) {
		rc = list_reviews(&in, &a, common.json);
		goto out;
	}
	r.rule = (char *)ra.rule;
	r.app = (int)ra.app;
	r.conclusion = (enum review_conclusion)ra.concl;
	r.by = (char *)ra.by;
	r.note = (char *)ra.note;
	if (review_prepare(&r, &a, &d) != FR_OK) {
		frf_print_diags(&d);
		rc = FR_EXIT_NO;
		goto out;
	}
	review_set_add(&in.reviews, &r);
	if ((rc = assess_inputs_save_reviews(&in)) != FR_EXIT_OK)
		goto out;
	print_recorded(&in, &r, common.json);
	rc = FR_EXIT_OK;
out:
	if (ran)
		assess_release(&a);
	assess_inputs_release(&in);
	fr_diags_release(&d);
	return rc;
}

const struct cmd_entry cmd_review_entry = {
	.name = "review",
	.usage = "FILING",
	.summary = "record a review conclusion on a finding that needs review",
	.exec = review_exec,
	.opts = review_opts,
};
