/*
 * cmd-assess.c — `frfile assess FILING [--facts F ...] [--ledger PATH]`:
 * the article-by-article compliance check and the GB/T 39335-2020 risk
 * of each application, with the treatment plan and the residual risk.
 * The filing is validated first, as `frfile validate` and `render` do.
 * Exit 0 when no rule fails, 1 when one does or the filing is invalid,
 * 2 usage (a rule named to --accept-risk among it: duties are remedied,
 * not accepted), 3 unreadable input.
 */
#include <cjson/cJSON.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/assess.h"
#include "core/calendar.h"
#include "core/date.h"
#include "core/deadline.h"
#include "core/diag.h"
#include "core/fr.h"
#include "core/history.h"
#include "frfile/assess-load.h"
#include "frfile/cmd.h"
#include "store/ledger.h"

enum {
	OPT_LANG = CLI_OPT_FIRST_COMMAND,
	OPT_ALL,
	OPT_RULES,
};

static const struct cli_opt assess_opts[] = {
	{ "facts", 0, required_argument, AI_OPT_FACTS, "FILE",
	    "a facts document from frmatch facts (repeatable);\n"
	    "facts beat the filing's declarations", CLI_REPEAT },
	{ "ledger", 0, required_argument, AI_OPT_LEDGER, "PATH",
	    "the ledger: the stored count, the day 100,000 was\n"
	    "reached and the filing's due date (Art. 15)", 0 },
	{ "count", 0, required_argument, AI_OPT_COUNT, "FILE",
	    "the stored count as 'frfile count --json' saved\n"
	    "it, when there is no ledger; without either, the\n"
	    "facts de-duplicated by person key (estimates in\n"
	    "the filing are never taken for the count)", 0 },
	{ "accept-risk", 0, required_argument, AI_OPT_ACCEPT, "risk.APP,...",
	    "accept the residual risk of an application (its\n"
	    "id) after the planned treatment; a rule id is\n"
	    "refused: the Measures' duties are remedied, not\n"
	    "accepted", 0 },
	{ "accepted-by", 0, required_argument, AI_OPT_ACCEPTED_BY, "NAME",
	    "who accepts that residual risk (required with it)", 0 },
	{ "accept-reason", 0, required_argument, AI_OPT_ACCEPT_REASON, "TEXT",
	    "why it is accepted (required with it); the\n"
	    "acceptance is recorded in the review file", 0 },
	{ "reviews", 0, required_argument, AI_OPT_REVIEWS, "FILE",
	    "the review file (default NAME.reviews.json beside\n"
	    "NAME.json): needs-review findings take the\n"
	    "conclusions recorded by frfile review", 0 },
	{ "lang", 0, required_argument, OPT_LANG, "zh|en",
	    "language of the text output (default en)", 0 },
	{ "all", 0, no_argument, OPT_ALL, NULL,
	    "list passed and not applicable rules too", 0 },
	{ "rules", 0, required_argument, OPT_RULES, "FILE",
	    "the rule catalogue (default forms/rules.json)", 0 },
	CLI_TODAY_OPT("assess as of DATE (YYYY-MM-DD)"),
	CLI_JSON_OPT("every rule, the risk and the treatment as JSON"),
	CLI_TEXT(""),
	CLI_TEXT("Exit status: 0 no rule fails, 1 a rule fails or the filing"),
	CLI_TEXT("is invalid (validated first, as frfile validate), 2 usage,"),
	CLI_TEXT("3 bad input."),
	CLI_END
};

/* The text in lang of a bilingual object, or "" when it has none. */
static const char *
txt(const cJSON *pair, const char *lang)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(pair, lang);

	return cJSON_IsString(v) ? v->valuestring : "";
}

/* The string under k in o, or NULL when it is missing or not a string. */
static const char *
sget(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* The member k of o, or NULL. */
static const cJSON *
oget(const cJSON *o, const char *k)
{
	return cJSON_GetObjectItemCaseSensitive(o, k);
}

/* A rule's result as the text report shows it: PASS, FAIL, REVIEW or N/A. */
static const char *
status_word(const char *s)
{
	if (strcmp(s, "pass") == 0)
		return "PASS";
	if (strcmp(s, "fail") == 0)
		return "FAIL";
	if (strcmp(s, "needs_review") == 0)
		return "REVIEW";
	return "N/A";
}

/* Prints the application x concerns as [N name], if it names one. */
static void
print_app(const cJSON *x)
{
	const cJSON *n = oget(x, "application");

	if (cJSON_IsNumber(n)) {
		const char *name = sget(x, "application_name");

		printf("  [%d%s%s]", n->valueint, name ? " " : "",
		    name ? name : "");
	}
}

/* Why each dimension or factor above the base level has its level. */
static void
print_reasons(const cJSON *arr, const char *lang)
{
	const cJSON *d, *r;
	int first;

	cJSON_ArrayForEach(d, arr) {
		if (cJSON_GetArraySize(oget(d, "reasons")) == 0)
			continue;
		printf("        %s %s: ", txt(oget(d, "label"), lang),
		    sget(d, "level"));
		first = 1;
		cJSON_ArrayForEach(r, oget(d, "reasons")) {
			printf("%s%s", first ? "" : strcmp(lang, "zh") == 0 ?
			    "；" : "; ", txt(r, lang));
			first = 0;
		}
		printf("\n");
	}
}

/*
 * Prints the assessment as text in lang: the rules (with all, passed and not
 * applicable ones too), the risk, the treatment and advice.
 */
static void
print_text(const cJSON *doc, const char *filing, const char *lang, int all)
{
	const cJSON *x, *e, *sum = oget(doc, "summary"), *g, *d;

	printf("%s: assessment of %s\n", sget(doc, "date"), filing);
	cJSON_ArrayForEach(x, oget(doc, "rules")) {
		const char *res = sget(x, "result");

		const cJSON *rv = oget(x, "review");

		/* A reviewed finding is shown whatever its result. */
		if (!all && rv == NULL && (strcmp(res, "pass") == 0 ||
		    strcmp(res, "not_applicable") == 0))
			continue;
		printf("%-6s  %-32s Art. %-3s", status_word(res),
		    sget(x, "id"), sget(x, "article"));
		print_app(x);
		printf("  %s\n", txt(oget(x, "reason_text"), lang));
		if (strcmp(res, "pass") != 0 &&
		    cJSON_IsString(oget(oget(x, "detail"), lang)))
			printf("        %s\n", txt(oget(x, "detail"), lang));
		cJSON_ArrayForEach(e, oget(x, "evidence"))
			printf("        evidence: %s %s = %s\n",
			    sget(e, "source"), sget(e, "path"),
			    sget(e, "value"));
		if (sget(x, "due") != NULL)
			printf("        due: %s\n", sget(x, "due"));
		if (rv != NULL)
			printf("        %s%s\n", cJSON_IsTrue(oget(rv, "stale")) ?
			    "STALE REVIEW: " : "", txt(oget(rv, "text"), lang));
	}
	printf("rules: %d checked: %d pass, %d fail, %d needs review, "
	    "%d not applicable\n",
	    (int)cJSON_GetNumberValue(oget(sum, "rules")),
	    (int)cJSON_GetNumberValue(oget(sum, "pass")),
	    (int)cJSON_GetNumberValue(oget(sum, "fail")),
	    (int)cJSON_GetNumberValue(oget(sum, "needs_review")),
	    (int)cJSON_GetNumberValue(oget(sum, "not_applicable")));

	printf("risk (GB/T 39335-2020):\n");
	cJSON_ArrayForEach(g, oget(doc, "risk")) {
		const cJSON *r = oget(g, "residual");
		int first = 1;

		printf(" ");
		print_app(g);
		printf(" level %s\n", sget(g, "level"));
		printf("      impact %s (", sget(g, "impact"));
		cJSON_ArrayForEach(d, oget(g, "dimensions")) {
			printf("%s%s %s", first ? "" : ", ",
			    sget(d, "dimension"), sget(d, "level"));
			first = 0;
		}
		printf(")\n");
		print_reasons(oget(g, "dimensions"), lang);
		printf("      likelihood %s (", sget(g, "likelihood"));
		first = 1;
		cJSON_ArrayForEach(d, oget(g, "factors")) {
			printf("%s%s %s", first ? "" : ", ", sget(d, "factor"),
			    sget(d, "level"));
			first = 0;
		}
		printf(")\n");
		print_reasons(oget(g, "factors"), lang);
		cJSON_ArrayForEach(d, oget(g, "adjustments")) {
			if (cJSON_IsTrue(oget(d, "changed")))
				printf("      %s %s -> %s: ",
				    sget(d, "applies_to"), sget(d, "before"),
				    sget(d, "after"));
			else
				printf("      %s stays %s: ",
				    sget(d, "applies_to"), sget(d, "after"));
			printf("%s\n", txt(oget(d, "reason"), lang));
		}
		printf("      residual after treatment: level %s (impact %s, "
		    "likelihood %s)\n", sget(r, "level"), sget(r, "impact"),
		    sget(r, "likelihood"));
	}
	if (cJSON_GetArraySize(oget(doc, "treatment")) > 0)
		printf("treatment:\n");
	cJSON_ArrayForEach(x, oget(doc, "treatment")) {
		printf("  %-32s", sget(x, "rule"));
		print_app(x);
		if (sget(x, "deadline") != NULL)
			printf("  %s by %s\n", txt(oget(x, "owner"), lang),
			    sget(x, "deadline"));
		else
			printf("  %s, NO DATE SET\n", txt(oget(x, "owner"),
			    lang));
		printf("        do: %s\n", txt(oget(x, "action"), lang));
		printf("        verify: %s\n", txt(oget(x, "verify"), lang));
	}
	cJSON_ArrayForEach(x, oget(doc, "acceptances")) {
		printf("residual risk accepted:");
		print_app(x);
		printf(" level %s, by %s on %s: %s\n",
		    sget(x, "residual_level"), sget(x, "accepted_by"),
		    sget(x, "date"), sget(x, "reason"));
	}
	cJSON_ArrayForEach(x, oget(doc, "stale_acceptances")) {
		printf("STALE acceptance of residual risk:");
		print_app(x);
		printf(" %s\n", txt(oget(oget(x, "review"), "text"), lang));
	}
	cJSON_ArrayForEach(x, oget(doc, "advice")) {
		printf("ADVICE  %-32s Art. %-3s", sget(x, "code"),
		    sget(x, "article"));
		print_app(x);
		printf("  %s\n", txt(oget(x, "text"), lang));
	}
	printf("overall risk: %s; residual after treatment: %s\n",
	    sget(sum, "risk_level"), sget(sum, "residual_level"));
}

/* `frfile assess FILING`: the findings, the risk and the treatment. */
static int
assess_exec(int argc, char **argv)
{
	struct cli_common common = { 0 };
	struct assess_inputs in;
	struct assess a;
	const char *lang = "en", *rules_path = NULL;
	int c, all = 0, rc = FR_EXIT_DATA, ran = 0;
	cJSON *doc = NULL;

	assess_inputs_init(&in);
	cli_getopt_reset();
	while ((c = cli_getopts(argc, argv, assess_opts, 0, &common)) != -1) {
		switch (c) {
		case OPT_LANG:
			if (strcmp(optarg, "zh") != 0 &&
			    strcmp(optarg, "en") != 0) {
				rc = cli_usage_error("--lang: '%s' is not a "
				    "language, expected zh or en", optarg);
				goto out;
			}
			lang = optarg;
			break;
		case OPT_ALL:
			all = 1;
			break;
		case OPT_RULES:
			rules_path = optarg;
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
	if ((in.accepted_by != NULL || in.accept_reason != NULL) &&
	    in.naccepted == 0) {
		rc = cli_usage_error("--accepted-by and --accept-reason go "
		    "with --accept-risk risk.<application id>");
		goto out;
	}
	in.reviews_new_ok = in.naccepted > 0;
	if ((rc = assess_inputs_load(&in, rules_path)) != FR_EXIT_OK)
		goto out;
	assess_run(&a, &in.ctx, in.catalogue);
	in.catalogue = NULL;	/* the assessment owns it now */
	ran = 1;
	doc = assess_json(&a);
	cJSON_AddItemToObject(doc, "stored", fr_stored_json(&in.stored));
	if (common.json) {
		cli_print_json(doc);
		doc = NULL;
	} else
		print_text(doc, in.filing_path, lang, all);
	rc = a.report.counts[RULE_FAIL] > 0 ? FR_EXIT_NO : FR_EXIT_OK;
out:
	cJSON_Delete(doc);
	if (ran)
		assess_release(&a);
	assess_inputs_release(&in);
	return rc;
}

const struct cmd_entry cmd_assess_entry = {
	.name = "assess",
	.usage = "FILING",
	.summary = "check every article and grade the risk (GB/T 39335-2020)",
	.exec = assess_exec,
	.opts = assess_opts,
};
