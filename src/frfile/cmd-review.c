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
	OPT_REVIEWS,
	OPT_LIST,
	OPT_FACTS,
	OPT_LEDGER,
	OPT_COUNT,
};

static const struct option longopts[] = {
	{ "rule", required_argument, NULL, OPT_RULE },
	{ "application", required_argument, NULL, OPT_APP },
	{ "conclusion", required_argument, NULL, OPT_CONCLUSION },
	{ "by", required_argument, NULL, OPT_BY },
	{ "note", required_argument, NULL, OPT_NOTE },
	{ "date", required_argument, NULL, OPT_DATE },
	{ "reviews", required_argument, NULL, OPT_REVIEWS },
	{ "list", no_argument, NULL, OPT_LIST },
	{ "facts", required_argument, NULL, OPT_FACTS },
	{ "ledger", required_argument, NULL, OPT_LEDGER },
	{ "count", required_argument, NULL, OPT_COUNT },
	CLI_COMMON_OPTS
};

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

static int
exec_review(int argc, char **argv)
{
	struct cli_common common = { 0 };
	struct assess_inputs in;
	struct assess a;
	struct fr_diags d;
	struct review r;
	const char *rule = NULL, *by = NULL, *note = NULL, *date = NULL;
	char buf[FR_DATE_LEN];
	long long app = -1;
	int c, rc = FR_EXIT_DATA, ran = 0, list = 0, concl = -1;

	assess_inputs_init(&in);
	fr_diags_init(&d);
	cli_getopt_reset();
	while ((c = cli_getopt(argc, argv, "", longopts)) != -1) {
		switch (c) {
		case OPT_RULE:
			rule = optarg;
			break;
		case OPT_APP:
			if ((rc = frf_number_arg("--application", optarg, 0,
			    100000, &app)) != FR_EXIT_OK)
				goto out;
			break;
		case OPT_CONCLUSION:
			if ((concl = review_conclusion_parse(optarg)) < 0) {
				rc = cli_usage_error("--conclusion: '%s': "
				    "expected pass, fail or accept", optarg);
				goto out;
			}
			break;
		case OPT_BY:
			by = optarg;
			break;
		case OPT_NOTE:
			note = optarg;
			break;
		case OPT_DATE:
			date = optarg;
			break;
		case OPT_REVIEWS:
			in.reviews_path = optarg;
			break;
		case OPT_LIST:
			list = 1;
			break;
		case OPT_FACTS:
			assess_inputs_add_facts(&in, optarg);
			break;
		case OPT_LEDGER:
			in.ledger = optarg;
			break;
		case OPT_COUNT:
			in.count_path = optarg;
			break;
		case '?':
			rc = FR_EXIT_USAGE;
			goto out;
		default:
			if (cli_common_option(&common, c, optarg) != 1) {
				rc = FR_EXIT_USAGE;
				goto out;
			}
		}
	}
	if (common.help) {
		rc = cli_help();
		goto out;
	}
	if (argc - optind != 1) {
		rc = cli_usage_error(argc - optind == 0 ?
		    "expected a filing description" :
		    "expected one filing description, got %d",
		    argc - optind);
		goto out;
	}
	if (list && (rule != NULL || concl >= 0 || by != NULL ||
	    note != NULL || date != NULL || app >= 0)) {
		rc = cli_usage_error("--list shows the records; it takes no "
		    "--rule, --application, --conclusion, --by, --note or "
		    "--date");
		goto out;
	}
	if (!list) {
		if (rule == NULL || concl < 0 || by == NULL || *by == '\0' ||
		    note == NULL || *note == '\0') {
			rc = cli_usage_error("expected --rule ID, --conclusion "
			    "pass|fail|accept, --by NAME and --note TEXT (or "
			    "--list)");
			goto out;
		}
		if (strlen(by) > 4000 || strlen(note) > 4000) {
			rc = cli_usage_error("--by and --note: at most 4000 "
			    "bytes each");
			goto out;
		}
		if (review_check_kind(rule, (enum review_conclusion)concl,
		    &d) != FR_OK) {
			frf_print_diags(&d);
			rc = FR_EXIT_USAGE;
			goto out;
		}
		if (strncmp(rule, "risk.", 5) == 0 && app >= 0) {
			rc = cli_usage_error("--application: the application "
			    "of %s is in its id", rule);
			goto out;
		}
		memset(&r, 0, sizeof r);
		if ((rc = frf_past_date_arg("--date", date, &r.date)) !=
		    FR_EXIT_OK)
			goto out;
	}
	in.filing_path = argv[optind];
	in.reviews_new_ok = 1;
	if ((rc = assess_inputs_load(&in, NULL)) != FR_EXIT_OK)
		goto out;
	/*
	 * A finding is concluded on what the rules find by themselves; a
	 * residual risk is accepted on the grading with the conclusions
	 * already recorded.
	 */
	if (!list && strncmp(rule, "risk.", 5) != 0)
		in.ctx.reviews = NULL;
	assess_run(&a, &in.ctx, in.catalogue);
	in.catalogue = NULL;
	ran = 1;
	if (list) {
		rc = list_reviews(&in, &a, common.json);
		goto out;
	}
	r.rule = (char *)rule;
	r.app = (int)app;
	r.conclusion = (enum review_conclusion)concl;
	r.by = (char *)by;
	r.note = (char *)note;
	if (review_prepare(&r, &a, &d) != FR_OK) {
		frf_print_diags(&d);
		rc = FR_EXIT_NO;
		goto out;
	}
	review_set_add(&in.reviews, &r);
	if ((rc = assess_inputs_save_reviews(&in)) != FR_EXIT_OK)
		goto out;
	if (common.json) {
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "file", in.reviews_file);
		cJSON_AddStringToObject(o, "rule", r.rule);
		if (r.app >= 0)
			cJSON_AddNumberToObject(o, "application", r.app);
		else
			cJSON_AddNullToObject(o, "application");
		cJSON_AddStringToObject(o, "conclusion",
		    review_conclusion_name(r.conclusion));
		cJSON_AddStringToObject(o, "by", r.by);
		cJSON_AddStringToObject(o, "date", fr_date_format(r.date, buf));
		cJSON_AddStringToObject(o, "evidence_sha256", r.hash);
		cli_print_json(o);
	} else {
		printf("%s: recorded %s %s", in.reviews_file,
		    review_conclusion_name(r.conclusion), r.rule);
		if (r.app >= 0 && strncmp(r.rule, "risk.", 5) != 0)
			printf(" [%d %s]", r.app, rules_app_name(&in.ctx,
			    r.app) != NULL ? rules_app_name(&in.ctx, r.app) :
			    "");
		printf(" by %s on %s\n", r.by, fr_date_format(r.date, buf));
	}
	rc = FR_EXIT_OK;
out:
	if (ran)
		assess_release(&a);
	assess_inputs_release(&in);
	fr_diags_release(&d);
	return rc;
}

const struct cmd_entry cmd_review_entry = {
	"review",
	"FILING --rule ID [--application N] --conclusion pass|fail|accept "
	    "--by NAME --note TEXT [--date D] [--reviews FILE] "
	    "[--facts FILE ...] [--ledger PATH | --count FILE] [--json] | "
	    "FILING --list [--reviews FILE] [--json]",
	"record a review conclusion on a finding that needs review",
	"  --rule ID          the finding (art13.public_necessity), or\n"
	"                     risk.APP for an application's residual risk\n"
	"  --application N    the application (as assess numbers them) of a\n"
	"                     finding made per application\n"
	"  --conclusion pass|fail|accept\n"
	"                     pass or fail for a finding that needs review;\n"
	"                     accept for a residual risk only (a duty of the\n"
	"                     Measures is remedied, never accepted)\n"
	"  --by NAME          who concludes\n"
	"  --note TEXT        why\n"
	"  --date D           the day of the conclusion (default today)\n"
	"  --reviews FILE     the review file (default NAME.reviews.json beside\n"
	"                     NAME.json); written atomically, mode 0600\n"
	"  --list             show the records: in force, stale (the evidence\n"
	"                     changed), superseded or without a finding\n"
	"  --facts FILE, --ledger PATH, --count FILE\n"
	"                     the same inputs as frfile assess: the record\n"
	"                     keeps a hash of the evidence it was made on\n"
	"  --json             the record (or the list) as JSON\n"
	"  --today DATE       as of DATE (YYYY-MM-DD)\n"
	"exit status: 0 recorded or listed, 1 refused (the finding does not\n"
	"need review: a measured failure is never overturned; or no such\n"
	"finding), 2 usage, 3 bad input\n",
	exec_review,
};
