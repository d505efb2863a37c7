/*
 * cmd-render.c — `frfile render`: the filing package as PDF and XLSX,
 * and as Word drafts for review (DOCX).
 *
 * Validates the filing first and refuses to render an invalid one (a
 * filing returned for improvement costs ten working days), then writes
 * Attachments 1 to 5, the materials checklist and manifest.json into
 * the output directory, all or nothing, every file 0600.
 *
 * The package follows filing.type (Art. 15): a change adds the statement
 * of changes, itemised against the filing as filed when --previous names
 * it (core/fdiff.h, forms/changes.json); a cancellation is the
 * application for cancellation with Attachments 1 and 4. --type states
 * which package the user expects, and a filing of another type is refused
 * rather than rendered as something it is not.
 */
#include "cli/cli.h"
#include "core/assess.h"
#include "core/date.h"
#include "core/diag.h"
#include "core/fdiff.h"
#include "core/filing.h"
#include "core/forms.h"
#include "core/fr.h"
#include "core/validate.h"
#include "frfile/assess-load.h"
#include "frfile/cmd.h"
#include "render/package.h"
#include "render/pkgfacts.h"

#include <cjson/cJSON.h>

#include <stdlib.h>
#include <string.h>

enum {
	OPT_OUT = CLI_OPT_FIRST_COMMAND,
	OPT_FORMAT,
	OPT_LANG,
	OPT_DRAFT,
	OPT_FINAL,
	OPT_REPORT_VERSION,
	OPT_TYPE,
	OPT_PREVIOUS,
	OPT_REPLACE,
};

static const struct cli_opt render_opts[] = {
	{ "out", 0, required_argument, OPT_OUT, "DIR",
	    "directory for the package, written as a whole\n"
	    "(staged beside it, then put in place); an earlier\n"
	    "draft there is replaced", CLI_REQUIRED },
	{ "type", 0, required_argument, OPT_TYPE,
	    "initial|change|cancellation",
	    "the package expected; refused unless it is\n"
	    "filing.type (default: filing.type)", 0 },
	{ "previous", 0, required_argument, OPT_PREVIOUS, "OLD",
	    "a change: the filing as filed, to itemise the\n"
	    "changes in the statement of changes", 0 },
	{ "ledger", 0, required_argument, AI_OPT_LEDGER, "PATH",
	    "the ledger: the stored count is its latest\n"
	    "observation; also the day 100,000 was reached", 0 },
	{ "count", 0, required_argument, AI_OPT_COUNT, "FILE",
	    "the stored count as 'frfile count --json' saved it", 0 },
	{ "facts", 0, required_argument, AI_OPT_FACTS, "FILE",
	    "frmatch facts (repeatable): per-application\n"
	    "figures and protection facts per device; without\n"
	    "--ledger or --count, the stored count too (keyed\n"
	    "files de-duplicated; several without keys refused)", CLI_REPEAT },
	{ "format", 0, required_argument, OPT_FORMAT, "LIST",
	    "pdf, xlsx, docx or a list such as pdf,xlsx,docx\n"
	    "(default pdf,xlsx); docx: every document also as a\n"
	    "Word draft of the same name for review, always\n"
	    "watermarked with identity numbers masked (refused\n"
	    "with --final); edits made in Word are not read\n"
	    "back", 0 },
	{ "lang", 0, required_argument, OPT_LANG, "LIST",
	    "zh, en or zh,en (default zh)", 0 },
	{ "draft", 0, no_argument, OPT_DRAFT, NULL,
	    "the default: watermarked, identity numbers masked,\n"
	    "the PIPIA marked as a draft for comments", 0 },
	{ "final", 0, no_argument, OPT_FINAL, NULL,
	    "the package to file: identity numbers in full;\n"
	    "refused (nothing written) without a complete count\n"
	    "at most 30 days old on the filing date, or one\n"
	    "under 100,000 for an initial filing, or with\n"
	    "devices and facts that do not match, or facts that\n"
	    "disagree with the count; a failing rule does not\n"
	    "block it: the PIPIA states each open failure's\n"
	    "remedy, owner and date, and only a failure with\n"
	    "no dated remedy refuses it, as does a finding\n"
	    "that needs review with no conclusion recorded", 0 },
	{ "accept-risk", 0, required_argument, AI_OPT_ACCEPT, "risk.APP,...",
	    "accept an application's residual risk after the\n"
	    "planned treatment; a rule id is refused (the\n"
	    "Measures' duties are remedied, not accepted)", 0 },
	{ "accepted-by", 0, required_argument, AI_OPT_ACCEPTED_BY, "NAME",
	    "who accepts it (required with --accept-risk)", 0 },
	{ "accept-reason", 0, required_argument, AI_OPT_ACCEPT_REASON, "TEXT",
	    "why (required with --accept-risk); recorded\n"
	    "in the review file", 0 },
	{ "reviews", 0, required_argument, AI_OPT_REVIEWS, "FILE",
	    "the review file (default NAME.reviews.json beside\n"
	    "NAME.json): the conclusions of frfile review,\n"
	    "shown in the PIPIA; its hash goes in the manifest", 0 },
	{ "replace", 0, no_argument, OPT_REPLACE, NULL,
	    "replace a final package or files the manifest does\n"
	    "not list in DIR (refused otherwise)", 0 },
	{ "report-version", 0, required_argument, OPT_REPORT_VERSION, "V",
	    "the PIPIA's version (default assessment.version,\n"
	    "else 1.0)", 0 },
	CLI_TODAY_OPT("the day keys are counted as stored (YYYY-MM-DD)"),
	CLI_JSON_OPT("list the files written and the stored count"),
	CLI_TEXT(""),
	CLI_TEXT("Exit 0: package written; 1: the filing has errors, --final"),
	CLI_TEXT("refused or DIR holds what must be kept (nothing written);"),
	CLI_TEXT("2: usage; 3: unreadable filing, count or facts, or a write"),
	CLI_TEXT("failure."),
	CLI_END
};

/* What the command line asks for. */
struct render_args {
	const char *out, *type, *previous, *report_version;
	int formats, lang, draft, final, replace;
	struct cli_common common;
};

/* "pdf,xlsx" / "zh,en": each word once, from the allowed set. */
static int
parse_list(const char *s, const char *const *words, int *out)
{
	char *copy = fr_xstrdup(s), *p = copy, *w;
	int rc = 0, i;

	*out = 0;
	while ((w = strsep(&p, ",")) != NULL) {
		for (i = 0; words[i] != NULL; i++)
			if (strcmp(w, words[i]) == 0)
				break;
		if (words[i] == NULL || (*out & (1 << i))) {
			rc = -1;
			break;
		}
		*out |= 1 << i;
	}
	free(copy);
	return rc == 0 && *out != 0 ? 0 : -1;
}

/*
 * The pinned creation time: SOURCE_DATE_EPOCH (reproducible builds), else
 * midnight China Standard Time of the filing's date, else now.
 */
static int
creation_time(const struct fr_filing *f, long long *out)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	int d;

	if (sde != NULL && *sde != '\0') {
		if (fr_parse_ll(sde, 0, 253402300799LL, out) != FR_OK) {
			cli_err("SOURCE_DATE_EPOCH: '%s' is not a number of "
			    "seconds since 1970-01-01", sde);
			return -1;
		}
		return 0;
	}
	if (fr_filing_date(f, "filing.date", &d) == FR_OK) {
		*out = (long long)d * 86400 - 8 * 3600;
		return 0;
	}
	*out = (long long)fr_date_today() * 86400 - 8 * 3600;
	return 0;
}

/*
 * The whole validator (the same as `frfile validate`): a filing the
 * authority would return is not rendered.
 */
static int
validate(const struct fr_filing *f, const struct fr_schema *s,
    struct fr_diags *d)
{
	int rc = fr_validate(f, s, fr_date_today(), d);

	fr_diags_sort(d);
	return rc;
}

/*
 * The PIPIA: the assessment of the same inputs, and the report's own
 * data. Art. 9: the report is kept at least three years from its date.
 * A failing rule never blocks --final (the filing is due whatever else
 * is wrong, and a late filing is worse): the report states each open
 * failure with its remedy, owner and date from the treatment plan.
 * --final is refused only for a failure the plan gives no date.
 * Returns an exit code; *out is the context for pkg.pipia.
 */
static int
build_pipia(struct assess_inputs *ai, int final, const char *version,
    cJSON **out)
{
	struct assess a;
	cJSON *doc, *rep, *acc;
	const cJSON *t;
	char buf[FR_DATE_LEN];
	int date, y, m, d, until, n;

	*out = NULL;
	assess_run(&a, &ai->ctx, ai->catalogue);
	ai->catalogue = NULL;
	doc = assess_json(&a);
	if (final && (n = assess_undated_failures(&a)) > 0) {
		cli_err("--final refused: %d failed rule%s without a dated "
		    "remedy in the treatment plan:", n, n == 1 ? "" : "s");
		cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(doc,
		    "treatment"))
			if (cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(t,
			    "deadline")))
				cli_err("  %s (Art. %s)", cJSON_GetStringValue(
				    cJSON_GetObjectItemCaseSensitive(t, "rule")),
				    cJSON_GetStringValue(
				    cJSON_GetObjectItemCaseSensitive(t,
				    "article")));
		cli_err("set a deadline_days for each in forms/rules.json, or "
		    "render a --draft");
		cJSON_Delete(doc);
		assess_release(&a);
		return FR_EXIT_NO;
	}
	/*
	 * The final report states a conclusion on every finding: one that
	 * needs a human judgment is concluded by a reviewer first.
	 */
	if (final && a.report.counts[RULE_NEEDS_REVIEW] > 0) {
		n = (int)a.report.counts[RULE_NEEDS_REVIEW];
		cli_err("--final refused: %d finding%s need%s review, with no "
		    "conclusion recorded:", n, n == 1 ? "" : "s",
		    n == 1 ? "s" : "");
		cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(doc,
		    "rules")) {
			const cJSON *app = cJSON_GetObjectItemCaseSensitive(t,
			    "application");
			const cJSON *rv = cJSON_GetObjectItemCaseSensitive(t,
			    "review");
			char where[48] = "";

			if (strcmp(cJSON_GetStringValue(
			    cJSON_GetObjectItemCaseSensitive(t, "result")),
			    "needs_review") != 0)
				continue;
			if (cJSON_IsNumber(app))
				snprintf(where, sizeof where, " --application %d",
				    app->valueint);
			cli_err("  %s (Art. %s)%s%s: frfile review --rule %s%s "
			    "--conclusion pass|fail --by NAME --note TEXT",
			    cJSON_GetStringValue(
			    cJSON_GetObjectItemCaseSensitive(t, "id")),
			    cJSON_GetStringValue(
			    cJSON_GetObjectItemCaseSensitive(t, "article")),
			    cJSON_IsNumber(app) ? " application" : "", where +
			    (cJSON_IsNumber(app) ? strlen(" --application") : 0),
			    cJSON_GetStringValue(
			    cJSON_GetObjectItemCaseSensitive(t, "id")), where);
			if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(rv,
			    "stale")))
				cli_err("    (the conclusion recorded before was "
				    "made on evidence that has since changed)");
		}
		cli_err("record the conclusions in %s, or render a --draft",
		    ai->reviews_file);
		cJSON_Delete(doc);
		assess_release(&a);
		return FR_EXIT_NO;
	}
	assess_release(&a);
	cJSON_AddItemToObject(doc, "stored", fr_stored_json(&ai->stored));

	/* The report is dated when the assessment was completed. */
	if (fr_filing_date(ai->filing, "assessment.date", &date) != FR_OK)
		date = fr_date_today();
	fr_date_to_ymd(date, &y, &m, &d);
	if (m == 2 && d == 29)
		d = 28;
	until = fr_date_from_ymd(y + 3, m, d);

	rep = cJSON_AddObjectToObject(doc, "report");
	cJSON_AddStringToObject(rep, "version", version);
	cJSON_AddStringToObject(rep, "date", fr_date_format(date, buf));
	cJSON_AddItemToObject(rep, "date_text", assess_date_pair(date));
	cJSON_AddStringToObject(rep, "retain_until", fr_date_format(until, buf));
	cJSON_AddItemToObject(rep, "retain_until_text", assess_date_pair(until));
	cJSON_AddStringToObject(rep, "status", final ? "final" : "draft");
	cJSON_AddBoolToObject(rep, "final", final);
	cJSON_AddStringToObject(rep, "inputs_sha256", ai->hash);
	cJSON_AddBoolToObject(rep, "due_provisional", ai->due_provisional);
	/* Residual risks accepted, with who accepted them, when and why. */
	acc = cJSON_AddArrayToObject(rep, "accepted");
	cJSON_ArrayForEach(t, cJSON_GetObjectItemCaseSensitive(doc,
	    "acceptances"))
		cJSON_AddItemToArray(acc, cJSON_Duplicate(t, 1));
	*out = doc;
	return FR_EXIT_OK;
}

/*
 * The options into ra and ai; FR_EXIT_OK to go on, else the exit code
 * (--help included).
 */
static int
parse_args(int argc, char **argv, struct render_args *ra,
    struct assess_inputs *ai)
{
	/* In the order of PKG_PDF, PKG_XLSX, PKG_DOCX (bits 1, 2, 4). */
	static const char *const fmts[] = { "pdf", "xlsx", "docx", NULL };
	static const char *const langs[] = { "zh", "en", NULL };
	int c;

	cli_getopt_reset();
	while ((c = cli_getopts(argc, argv, render_opts, 0, &ra->common)) != -1) {
		switch (c) {
		case OPT_OUT:
			ra->out = optarg;
			break;
		case OPT_FORMAT:
			if (parse_list(optarg, fmts, &ra->formats) != 0)
				return cli_usage_error("--format: '%s': "
				    "expected pdf, xlsx, docx or a list such "
				    "as pdf,docx", optarg);
			break;
		case OPT_LANG:
			if (parse_list(optarg, langs, &ra->lang) != 0)
				return cli_usage_error("--lang: '%s': expected "
				    "zh, en or zh,en", optarg);
			break;
		case OPT_DRAFT:
			ra->draft = 1;
			break;
		case OPT_FINAL:
			ra->final = 1;
			break;
		case OPT_REPORT_VERSION:
			if (*optarg == '\0' || strlen(optarg) > 32)
				return cli_usage_error("--report-version: "
				    "expected a version of 1 to 32 characters");
			ra->report_version = optarg;
			break;
		case OPT_TYPE:
			if (strcmp(optarg, "initial") != 0 &&
			    strcmp(optarg, "change") != 0 &&
			    strcmp(optarg, "cancellation") != 0)
				return cli_usage_error("--type: '%s': expected "
				    "initial, change or cancellation", optarg);
			ra->type = optarg;
			break;
		case OPT_PREVIOUS:
			ra->previous = optarg;
			break;
		case OPT_REPLACE:
			ra->replace = 1;
			break;
		default:	/* the assessment's inputs; '?' is none */
			if (assess_inputs_option(ai, c, optarg) != 1)
				return FR_EXIT_USAGE;
		}
	}
	if (ra->common.help)
		return cli_help();
	if (optind + 1 != argc)
		return cli_usage_error(optind >= argc ? "a filing is required" :
		    "one filing only, got '%s'", argv[optind + (optind < argc)]);
	if (ra->out == NULL)
		return cli_usage_error("--out DIR is required");
	if (ra->final && ra->draft)
		return cli_usage_error("--final and --draft exclude each other");
	/*
	 * The final package is what is filed and kept (Art. 9): PDF, with
	 * the workbook. A Word file is a draft for review, masked and
	 * watermarked, and has no place in it.
	 */
	if (ra->final && (ra->formats & PKG_DOCX))
		return cli_usage_error("--final --format docx: a Word file is "
		    "always a draft; render the final package as pdf,xlsx and "
		    "the Word draft without --final into another directory");
	return FR_EXIT_OK;
}

/*
 * The filing, of the type asked for, valid against the schema; its
 * warnings are shown once. FR_EXIT_OK, or the exit code.
 */
static int
load_filing(const char *path, const struct render_args *ra,
    struct fr_filing **f, struct fr_schema **s, const char **ftype)
{
	struct fr_diags diags;
	int rc;

	fr_diags_init(&diags);
	/* The same exit code as validate for the same problem. */
	if ((rc = fr_filing_load(path, f, &diags)) != FR_OK ||
	    diags.errors > 0) {
		fr_diags_print(&diags, stderr, "frfile: render: ");
		rc = rc == FR_OK || rc == FR_EINVAL ? FR_EXIT_NO :
		    FR_EXIT_DATA;
		goto out;
	}
	*ftype = fr_filing_str(*f, "filing.type");
	if (*ftype == NULL)
		*ftype = "initial";
	rc = FR_EXIT_USAGE;
	if (ra->type != NULL && strcmp(ra->type, *ftype) != 0) {
		cli_err("%s: --type %s, but filing.type is '%s': render it "
		    "as %s, or set filing.type to %s first", path, ra->type,
		    *ftype, *ftype, ra->type);
		goto out;
	}
	if (ra->previous != NULL && strcmp(*ftype, "change") != 0) {
		cli_err("--previous: only a change is compared with the "
		    "filing as filed, and %s is of type %s", path, *ftype);
		goto out;
	}
	if (fr_schema_load(NULL, s, &diags) != FR_OK) {
		fr_diags_print(&diags, stderr, "frfile: render: ");
		rc = FR_EXIT_DATA;
		goto out;
	}
	if (validate(*f, *s, &diags) != FR_OK) {
		fr_diags_print(&diags, stderr, "frfile: render: ");
		cli_err("%s: not rendered: %zu problem%s to fix first", path,
		    diags.errors, diags.errors == 1 ? "" : "s");
		rc = FR_EXIT_NO;
		goto out;
	}
	/* Warnings do not stop the package; show them once. */
	if (diags.n > 0)
		fr_diags_print(&diags, stderr, "frfile: render: ");
	rc = FR_EXIT_OK;
out:
	fr_diags_release(&diags);
	return rc;
}

/* The files the package was made from, for the manifest; *n of them. */
static struct pkg_input *
package_inputs(const char *filing, const struct render_args *ra,
    const struct assess_inputs *ai, size_t *n)
{
	struct pkg_input *in = fr_xcalloc(ai->nfacts_paths + 4, sizeof *in);
	size_t k = 0, i;

	in[k].path = filing;
	in[k++].role = "filing";
	if (ra->previous != NULL) {
		in[k].path = ra->previous;
		in[k++].role = "previous";
	}
	for (i = 0; i < ai->nfacts_paths; i++) {
		in[k].path = ai->facts_paths[i];
		in[k++].role = "facts";
	}
	if (ai->ledger != NULL) {
		in[k].path = ai->ledger;
		in[k++].role = "ledger";
	} else if (ai->count_path != NULL) {
		in[k].path = ai->count_path;
		in[k++].role = "count";
	}
	/* The conclusions the PIPIA states, as they were when rendered. */
	if (ai->reviews_exist) {
		in[k].path = ai->reviews_file;
		in[k++].role = "reviews";
	}
	*n = k;
	return in;
}

/* What was written, as --json or one line a file. */
static void
print_result(const struct render_args *ra, const char *ftype,
    const struct fr_changes *changes, const struct assess_inputs *ai,
    const struct pkg_result *res)
{
	cJSON *o, *a;
	size_t i;

	if (!ra->common.json) {
		for (i = 0; i < res->n; i++)
			printf("%s/%s\t%lld bytes\n", ra->out, res->v[i].file,
			    res->v[i].size);
		return;
	}
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "out", ra->out);
	cJSON_AddStringToObject(o, "filing_type", ftype);
	if (ra->previous != NULL) {
		cJSON_AddNumberToObject(o, "changes", (double)changes->n);
		cJSON_AddNumberToObject(o, "substantive_changes",
		    (double)changes->substantive);
	}
	cJSON_AddBoolToObject(o, "draft", !ra->final);
	cJSON_AddItemToObject(o, "stored", fr_stored_json(&ai->stored));
	a = cJSON_AddArrayToObject(o, "files");
	for (i = 0; i < res->n; i++) {
		cJSON *e = cJSON_CreateObject();

		cJSON_AddStringToObject(e, "file", res->v[i].file);
		cJSON_AddStringToObject(e, "format", res->v[i].format);
		if (res->v[i].lang != NULL)
			cJSON_AddStringToObject(e, "lang", res->v[i].lang);
		cJSON_AddNumberToObject(e, "size", (double)res->v[i].size);
		cJSON_AddStringToObject(e, "sha256", res->v[i].sha256);
		cJSON_AddNumberToObject(e, "seconds", res->v[i].seconds);
		cJSON_AddItemToArray(a, e);
	}
	cli_print_json(o);
}

/* `frfile render FILING --out DIR`: the filing package, all or nothing. */
static int
render_exec(int argc, char **argv)
{
	struct render_args ra;
	struct fr_diags diags;
	struct fr_filing *f = NULL, *old = NULL;
	struct fr_schema *s = NULL;
	struct fr_change_rules *rules = NULL;
	struct fr_changes changes;
	const char *ftype = NULL, *filing, *v;
	char *rules_path = NULL;
	struct pkg p;
	struct pkg_result res;
	struct pkg_input *in = NULL;
	size_t nin = 0;
	int rc, have_pkg = 0;
	long long created;
	struct assess_inputs ai;
	cJSON *pipia = NULL;

	memset(&ra, 0, sizeof ra);
	ra.formats = PKG_PDF | PKG_XLSX;
	ra.lang = PKG_ZH;
	fr_diags_init(&diags);
	assess_inputs_init(&ai);
	fr_changes_init(&changes);
	memset(&res, 0, sizeof res);
	if ((rc = parse_args(argc, argv, &ra, &ai)) != FR_EXIT_OK ||
	    ra.common.help)
		goto out;
	filing = argv[optind];
	if ((rc = load_filing(filing, &ra, &f, &s, &ftype)) != FR_EXIT_OK)
		goto out;
	/* The stored count, the facts and the assessment's inputs, once. */
	ai.filing_path = filing;
	ai.strict_count = 1;
	ai.validated = 1;	/* validated above */
	ai.reviews_new_ok = ai.naccepted > 0;
	if ((rc = assess_inputs_load(&ai, NULL)) != FR_EXIT_OK)
		goto out;
	if (creation_time(f, &created) != 0) {
		rc = FR_EXIT_USAGE;
		goto out;
	}
	if ((rc = pkg_init(&p, f, s, &ai.pf, &ai.stored, created,
	    !ra.final)) != FR_OK) {
		if (rc == FR_EFORMAT)
			cli_err("forms/facts.json, forms/materials.json or "
			    "forms/articles.json: missing or not a JSON object "
			    "(is frfile installed completely?)");
		else
			cli_err("%s: the filing is not a JSON object", filing);
		rc = FR_EXIT_DATA;
		goto out;
	}
	have_pkg = 1;
	/* One figure, filed as it is: refused for --final, warned in a draft. */
	if (pkg_check(&p, ra.final, fr_date_today(), &diags) > 0) {
		fr_diags_print(&diags, stderr, "frfile: render: ");
		if (diags.errors > 0) {
			cli_err("%s: nothing written: %zu problem%s to fix before "
			    "the final package", ra.out, diags.errors,
			    diags.errors == 1 ? "" : "s");
			rc = FR_EXIT_NO;
			goto out;
		}
	}
	fr_diags_release(&diags);
	fr_diags_init(&diags);
	/* A cancellation has no impact assessment (no Attachment 3). */
	if (strcmp(ftype, "cancellation") != 0) {
		v = fr_filing_str(f, "assessment.version");
		if ((rc = build_pipia(&ai, ra.final, ra.report_version != NULL ?
		    ra.report_version : v != NULL && *v != '\0' ? v : "1.0",
		    &pipia)) != FR_EXIT_OK)
			goto out;
		p.pipia = pipia;
	}
	if (ra.previous != NULL) {
		/* The filing as filed, itemised against this one (Art. 15). */
		rules_path = fr_datafile("forms", "changes.json");
		if (fr_change_rules_load(rules_path, &rules, &diags) != FR_OK ||
		    fr_filing_load(ra.previous, &old, &diags) != FR_OK ||
		    diags.errors > 0) {
			fr_diags_print(&diags, stderr, "frfile: render: ");
			rc = FR_EXIT_DATA;
			goto out;
		}
		fr_filing_diff(fr_filing_root(old), fr_filing_root(f), rules,
		    &changes);
		pkg_set_changes(&p, &changes, fr_filing_root(old));
	}
	in = package_inputs(filing, &ra, &ai, &nin);
	if ((rc = pkg_write(&p, ra.out, ra.formats, ra.lang, ra.replace, in,
	    nin, &res, &diags)) != FR_OK) {
		fr_diags_print(&diags, stderr, "frfile: render: ");
		cli_err("%s: nothing written%s", ra.out, rc == FR_EEXIST ?
		    "; --replace replaces it" : "");
		rc = rc == FR_EEXIST ? FR_EXIT_NO : FR_EXIT_DATA;
		goto out;
	}
	print_result(&ra, ftype, &changes, &ai, &res);
	rc = FR_EXIT_OK;
out:
	if (have_pkg)
		pkg_release(&p);
	cJSON_Delete(pipia);
	assess_inputs_release(&ai);
	pkg_result_release(&res);
	fr_schema_free(s);
	fr_filing_free(f);
	fr_filing_free(old);
	fr_changes_release(&changes);
	fr_change_rules_free(rules);
	free(rules_path);
	fr_diags_release(&diags);
	free(in);
	return rc;
}

const struct cmd_entry cmd_render_entry = {
	.name = "render",
	.usage = "FILING",
	.summary = "write the filing package (Attachments 1-5, checklist): "
	    "PDF, XLSX, DOCX",
	.exec = render_exec,
	.opts = render_opts,
};
