/*
 * assess-load.c — reads what an assessment needs and reports each problem
 * as one line naming the file. Shared by `frfile assess` and the PIPIA
 * report of `frfile render`, so both see exactly the same inputs.
 */
#include "frfile/assess-load.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/assess.h"
#include "core/calendar.h"
#include "core/date.h"
#include "core/deadline.h"
#include "core/diag.h"
#include "core/filing.h"
#include "core/forms.h"
#include "core/fr.h"
#include "core/hmac.h"
#include "core/history.h"
#include "core/validate.h"
#include "store/ledger.h"
#include "frfile/common.h"

#define ASSESS_MAX_INPUT (64u << 20)	/* a filing or facts file larger is refused */

void
assess_inputs_init(struct assess_inputs *in)
{
	memset(in, 0, sizeof *in);
	in->reviews_lock = -1;
	rules_ctx_init(&in->ctx);
	fr_stored_init(&in->stored);
	pkg_facts_init(&in->pf);
}

/* One more --facts file, in the order given. */
static void
add_facts(struct assess_inputs *in, const char *path)
{
	in->facts_paths = fr_xreallocarray(in->facts_paths,
	    in->nfacts_paths + 1, sizeof *in->facts_paths);
	in->facts_paths[in->nfacts_paths++] = fr_xstrdup(path);
}

/*
 * ID[,ID…] of --accept-risk: each must be risk.<application id>. A rule
 * id is refused with its article: the duties of the Measures are
 * remedied, never accepted (usage error, nothing written).
 */
static int
accept_risk(struct assess_inputs *in, const char *list)
{
	const char *p = list, *e, *art;
	char *id;

	while (*p != '\0') {
		e = strchr(p, ',');
		if (e == NULL)
			e = p + strlen(p);
		id = fr_xstrndup(p, (size_t)(e - p));
		/*
		 * The duties of the Measures cannot be accepted: a failing
		 * rule is remedied by a dated treatment. Only the residual
		 * risk of an application after treatment is accepted.
		 */
		if ((art = rules_article_of(id)) != NULL) {
			cli_usage_error("--accept-risk: %s is a duty under "
			    "Art. %s of the Measures; a duty is remedied, not "
			    "accepted (only an application's residual risk, "
			    "risk.<application id>, can be accepted)", id, art);
			free(id);
			return FR_EINVAL;
		}
		if (strncmp(id, "risk.", 5) != 0 || id[5] == '\0') {
			cli_usage_error("--accept-risk: '%s' is not "
			    "risk.<application id>", id);
			free(id);
			return FR_EINVAL;
		}
		in->accepted = fr_xreallocarray(in->accepted,
		    in->naccepted + 1, sizeof *in->accepted);
		in->accepted[in->naccepted++] = id;
		p = *e == ',' ? e + 1 : e;
	}
	if (in->naccepted == 0) {
		cli_usage_error("--accept-risk: expected risk.<application id>");
		return FR_EINVAL;
	}
	return FR_OK;
}

int
assess_inputs_option(struct assess_inputs *in, int c, const char *arg)
{
	switch (c) {
	case AI_OPT_FACTS:
		add_facts(in, arg);
		return 1;
	case AI_OPT_LEDGER:
		in->ledger = arg;
		return 1;
	case AI_OPT_COUNT:
		in->count_path = arg;
		return 1;
	case AI_OPT_REVIEWS:
		in->reviews_path = arg;
		return 1;
	case AI_OPT_ACCEPT:
		return accept_risk(in, arg) == FR_OK ? 1 : -1;
	case AI_OPT_ACCEPTED_BY:
		in->accepted_by = arg;
		return 1;
	case AI_OPT_ACCEPT_REASON:
		in->accept_reason = arg;
		return 1;
	}
	return 0;
}

/*
 * --accept-risk names applications of the filing, and says who accepts
 * the residual risk and why (Art. 9 item 4 asks whether the measures fit
 * the risk; the residual risk is the processor's decision, on the
 * record).
 */
static int
check_acceptances(struct assess_inputs *in)
{
	size_t k;
	int i, found;
	const char *aid;

	if (in->naccepted == 0)
		return FR_EXIT_OK;
	if (in->accepted_by == NULL || *in->accepted_by == '\0' ||
	    in->accept_reason == NULL || *in->accept_reason == '\0')
		return cli_usage_error("--accept-risk needs --accepted-by NAME "
		    "and --accept-reason TEXT: who accepts the residual risk, "
		    "and why");
	for (k = 0; k < in->naccepted; k++) {
		found = 0;
		for (i = 0; i < rules_napps(&in->ctx); i++)
			if ((aid = rules_app_id(&in->ctx, i)) != NULL &&
			    strcmp(aid, in->accepted[k] + 5) == 0)
				found = 1;
		if (!found)
			return cli_usage_error("--accept-risk: %s: the filing "
			    "has no application with id '%s'", in->accepted[k],
			    in->accepted[k] + 5);
	}
	return FR_EXIT_OK;
}

/*
 * Locks the review file's directory (flock, released on exit or by
 * assess_inputs_release) so that two verbs writing the file, each reading
 * it first, cannot lose each other's records. No lock file is left.
 */
static int
lock_reviews(struct assess_inputs *in)
{
	char *copy = fr_xstrdup(in->reviews_file);
	const char *dir = dirname(copy);
	int rc = FR_EXIT_OK;

	in->reviews_lock = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (in->reviews_lock == -1 || flock(in->reviews_lock, LOCK_EX) != 0) {
		cli_err("%s: cannot lock the directory of %s: %s", dir,
		    in->reviews_file, strerror(errno));
		rc = FR_EXIT_DATA;
	}
	free(copy);
	return rc;
}

/*
 * Reads the review file (in->reviews_file, resolved from reviews_path or
 * the filing's name) into in->reviews; a missing default file is no
 * review. Prints each problem; returns an exit code.
 */
static int
load_reviews(struct assess_inputs *in)
{
	struct fr_diags d;
	char *text = NULL;
	size_t len;
	int rc;

	if (in->reviews_file == NULL)
		in->reviews_file = in->reviews_path != NULL ?
		    fr_xstrdup(in->reviews_path) :
		    review_path_for(in->filing_path);
	/* A verb that may write the file holds the lock from here on. */
	if ((in->reviews_new_ok || in->naccepted > 0) &&
	    in->reviews_lock == -1 && (rc = lock_reviews(in)) != FR_EXIT_OK)
		return rc;
	rc = fr_read_file(in->reviews_file, ASSESS_MAX_INPUT, &text, &len);
	if (rc == FR_ENOENT || (rc == FR_EIO && access(in->reviews_file,
	    F_OK) != 0))
		return FR_EXIT_OK;	/* no review yet */
	if (rc != FR_OK) {
		cli_err("%s: cannot read: %s", in->reviews_file,
		    fr_strerror(rc));
		return FR_EXIT_DATA;
	}
	in->reviews_exist = 1;
	fr_diags_init(&d);
	rc = review_set_parse(&in->reviews, in->reviews_file, text, len, &d);
	if (rc != FR_OK)
		frf_print_diags(&d);
	fr_diags_release(&d);
	free(text);
	return rc == FR_OK ? FR_EXIT_OK : FR_EXIT_DATA;
}

int
assess_inputs_filing(struct assess_inputs *in, int argc, char **argv)
{
	if (argc - optind != 1)
		return cli_usage_error(argc - optind == 0 ?
		    "expected a filing description" :
		    "expected one filing description, got %d", argc - optind);
	in->filing_path = argv[optind];
	return FR_EXIT_OK;
}

int
assess_inputs_save_reviews(struct assess_inputs *in)
{
	char *t = review_set_text(&in->reviews);
	int rc;

	rc = fr_write_file_atomic(in->reviews_file, t, strlen(t), 0600);
	free(t);
	if (rc != FR_OK) {
		cli_err("%s: cannot write: %s", in->reviews_file,
		    fr_strerror(rc));
		return FR_EXIT_DATA;
	}
	in->reviews_exist = 1;
	return FR_EXIT_OK;
}

/*
 * --accept-risk is a shorthand for `frfile review --conclusion accept`:
 * each acceptance is recorded in the review file, on the residual
 * grading of today's assessment, and read back from there.
 */
static int
record_acceptances(struct assess_inputs *in)
{
	struct assess a;
	struct fr_diags d;
	struct review r;
	size_t k;
	int rc = FR_EXIT_OK;

	if (in->naccepted == 0)
		return FR_EXIT_OK;
	assess_run(&a, &in->ctx, cJSON_Duplicate(in->catalogue, 1));
	fr_diags_init(&d);
	for (k = 0; k < in->naccepted; k++) {
		memset(&r, 0, sizeof r);
		r.rule = in->accepted[k];
		r.conclusion = REVIEW_ACCEPT;
		r.by = (char *)in->accepted_by;
		r.note = (char *)in->accept_reason;
		r.date = in->ctx.today;
		if (review_prepare(&r, &a, &d) != FR_OK) {
			frf_print_diags(&d);
			rc = FR_EXIT_USAGE;
			goto out;
		}
		review_set_add(&in->reviews, &r);
	}
	rc = assess_inputs_save_reviews(in);
out:
	fr_diags_release(&d);
	assess_release(&a);
	return rc;
}

/* The count, the day the line was reached and the filing, from the ledger. */
static int
load_ledger(struct assess_inputs *in)
{
	struct fr_diags d;
	struct ledger *l = NULL;
	struct fr_history h;
	struct fr_ledger_state st;
	int rc;

	fr_diags_init(&d);
	memset(&h, 0, sizeof h);
	if ((rc = ledger_open(in->ledger, LEDGER_READ, &l, &d)) != FR_OK ||
	    (rc = ledger_history(l, &h, &d)) != FR_OK) {
		frf_print_diags(&d);
		goto out;
	}
	fr_ledger_derive(&h, FR_THRESHOLD_DEFAULT, in->ctx.today, &st);
	(void)fr_stored_from_history(&in->stored, &h, FR_THRESHOLD_DEFAULT,
	    in->ctx.today, in->ledger);
	if (st.crossed && st.crossing_date >= 0) {
		in->ctx.reached = st.crossing_date;
		in->ctx.reached_from_ledger = 1;
	}
	if (st.completed_date >= 0)
		in->ctx.filed_date = st.completed_date;
	else if (st.submitted_date >= 0)
		in->ctx.filed_date = st.submitted_date;
out:
	fr_history_release(&h);
	ledger_close(l);
	fr_diags_release(&d);
	return rc;
}

/*
 * Art. 15: the filing is due 30 working days after the day the line was
 * reached (or on the fixed grace date). A year the calendar lacks is
 * counted on weekends only and the result marked provisional.
 */
static void
compute_due(struct assess_inputs *in, struct fr_calendar *cal)
{
	struct fr_deadline dl;
	int rc;

	rc = fr_deadline(cal, FR_DL_REACHED, in->ctx.reached, 0, &dl);
	if (rc == FR_ENOCAL) {
		rc = fr_deadline(cal, FR_DL_REACHED, in->ctx.reached, 1, &dl);
		in->due_provisional = 1;
	}
	if (rc == FR_OK)
		in->ctx.due = dl.due;
}

/*
 * Art. 15: how many working days after the due date the filing was
 * submitted (the ledger's day, else the filing's own date once it has
 * come), counted on the official calendar.
 */
static void
filed_late(struct assess_inputs *in, struct fr_calendar *cal)
{
	const cJSON *fd = cJSON_GetObjectItemCaseSensitive(
	    cJSON_GetObjectItemCaseSensitive(in->ctx.filing, "filing"), "date");
	int on = in->ctx.filed_date, n, prov = 0;

	if (on < 0 && cJSON_IsString(fd) &&
	    fr_date_parse(fd->valuestring, &on) == FR_OK &&
	    on > in->ctx.today)
		on = -1;
	if (on < 0 || in->ctx.due < 0 || on <= in->ctx.due)
		return;
	if (fr_cal_workdays_between(cal, in->ctx.due, on, 0, &n, &prov) !=
	    FR_OK && fr_cal_workdays_between(cal, in->ctx.due, on, 1, &n,
	    &prov) != FR_OK)
		n = -1;
	if (prov)
		in->due_provisional = 1;
	in->ctx.filed_on = on;
	in->ctx.filed_late_days = n;
}

/* Measured: the ledger file's mode and owner (Art. 14 access control). */
static void
ledger_facts(struct assess_inputs *in)
{
	struct stat st;

	if (in->ledger == NULL || stat(in->ledger, &st) != 0)
		return;
	in->ctx.ledger_mode = (int)(st.st_mode & 07777);
	in->ctx.ledger_owner_ok = st.st_uid == getuid() || st.st_uid == 0;
}

/*
 * The stored quantity when the ledger gave none: a saved count, else the
 * facts de-duplicated by key. The facts are read for the documents in
 * any case (per-application figures, protection facts).
 */
static int
load_stored(struct assess_inputs *in)
{
	struct fr_diags d;
	char *buf = NULL;
	size_t len = 0;
	int rc = FR_OK, i, n;

	fr_diags_init(&d);
	if (pkg_facts_load(&in->pf, (const char *const *)in->facts_paths,
	    in->nfacts_paths, in->ctx.today, &d) != FR_OK) {
		frf_print_diags(&d);
		rc = FR_EINVAL;
		goto out;
	}
	if (in->stored.individuals >= 0) {
		if (in->count_path != NULL)
			cli_err("warning: --count %s: the ledger's latest count "
			    "is used instead", in->count_path);
	} else if (in->count_path != NULL) {
		if ((rc = fr_read_file(in->count_path, ASSESS_MAX_INPUT, &buf,
		    &len)) != FR_OK) {
			cli_err("%s: cannot read: %s", in->count_path,
			    fr_strerror(rc));
			goto out;
		}
		if ((rc = fr_stored_from_count_json(&in->stored, buf, len,
		    in->count_path, FR_THRESHOLD_DEFAULT, &d)) != FR_OK) {
			frf_print_diags(&d);
			goto out;
		}
	} else if (in->pf.nfiles > 0) {
		if (in->pf.how == PKG_COUNT_SUM || in->pf.how == PKG_COUNT_MIXED) {
			cli_err("%s%zu facts files without person keys cannot be "
			    "de-duplicated, and their sum would count a person "
			    "on two devices twice: make them with 'frmatch facts "
			    "--with-keys', or give the count with --ledger or "
			    "--count%s", in->strict_count ? "" : "warning: ",
			    in->pf.nfiles, in->strict_count ? "" :
			    " (the stored count is taken as unknown)");
			if (in->strict_count) {
				rc = FR_EINVAL;
				goto out;
			}
		} else
			fr_stored_from_facts(&in->stored, in->pf.individuals,
		    (int)in->pf.nfiles, in->pf.as_of, FR_THRESHOLD_DEFAULT);
	}
	if (in->ctx.reached < 0 && in->stored.crossing >= 0)
		in->ctx.reached = in->stored.crossing;
	in->ctx.stored = &in->stored;
	/* Per application: the facts of the devices it names. */
	n = rules_napps(&in->ctx);
	if (n > 0 && in->pf.nfiles > 0) {
		in->app_stored = fr_xcalloc((size_t)n, sizeof *in->app_stored);
		for (i = 0; i < n; i++)
			in->app_stored[i] = pkg_facts_app(&in->pf,
			    in->ctx.filing, i, NULL);
		in->ctx.app_stored = in->app_stored;
	}
out:
	free(buf);
	fr_diags_release(&d);
	return rc;
}

/* Appends len bytes of text to all, *n bytes long; returns the grown buffer. */
static char *
append(char *all, size_t *n, const char *text, size_t len)
{
	all = fr_xrealloc(all, *n + len + 1);
	memcpy(all + *n, text, len);
	*n += len;
	return all;
}

int
assess_inputs_load(struct assess_inputs *in, const char *rules_path)
{
	struct fr_calendar *cal;
	struct fr_diags d;
	char *text = NULL;
	size_t len, k;
	int rc = FR_OK;
	unsigned char dig[FR_SHA256_LEN];
	/*
	 * The inputs' digest is SHA-256 of the filing's bytes followed by
	 * each facts file's: with the filing alone, sha256sum's answer.
	 */
	char *all = NULL;
	size_t nall = 0;

	fr_diags_init(&d);
	if ((rc = fr_read_file(in->filing_path, ASSESS_MAX_INPUT, &text, &len))
	    != FR_OK) {
		cli_err("%s: cannot read: %s", in->filing_path,
		    fr_strerror(rc));
		rc = FR_EXIT_DATA;
		goto out;
	}
	all = append(all, &nall, text, len);
	if (fr_schema_load(NULL, &in->schema, &d) != FR_OK) {
		frf_print_diags(&d);
		rc = FR_EXIT_DATA;
		goto out;
	}
	/*
	 * Validate first, as `frfile validate` and `render` do, with the
	 * same exit code for the same problem: 1 for a filing the validator
	 * rejects, 3 for one that cannot be read as JSON at all.
	 */
	rc = fr_filing_parse(in->filing_path, text, len, &in->filing, &d);
	if (rc == FR_OK && !in->validated)
		rc = fr_validate(in->filing, in->schema, fr_date_today(), &d);
	fr_diags_sort(&d);
	if (rc == FR_OK && d.errors == 0)
		rc = FR_EXIT_OK;
	else if (rc == FR_OK || rc == FR_EINVAL)
		rc = FR_EXIT_NO;
	else
		rc = FR_EXIT_DATA;
	if (!in->validated || rc != FR_EXIT_OK)
		frf_print_diags(&d);
	if (rc == FR_EXIT_NO)
		cli_err("%s: not assessed: %zu problem%s to fix first (frfile "
		    "validate)", in->filing_path, d.errors,
		    d.errors == 1 ? "" : "s");
	fr_diags_release(&d);
	fr_diags_init(&d);
	if (rc != FR_EXIT_OK)
		goto out;
	if (!cJSON_IsObject(fr_filing_root(in->filing))) {
		cli_err("%s: expected a JSON object", in->filing_path);
		rc = FR_EXIT_NO;
		goto out;
	}
	free(text);
	text = NULL;
	in->ctx.filing = fr_filing_root(in->filing);
	in->ctx.schema = in->schema;

	if (in->nfacts_paths > 0)
		in->facts = fr_xcalloc(in->nfacts_paths, sizeof *in->facts);
	for (k = 0; k < in->nfacts_paths; k++) {
		if ((rc = fr_read_file(in->facts_paths[k], ASSESS_MAX_INPUT, &text,
		    &len)) != FR_OK) {
			cli_err("%s: cannot read: %s", in->facts_paths[k],
			    fr_strerror(rc));
			rc = FR_EXIT_DATA;
			goto out;
		}
		all = append(all, &nall, text, len);
		rc = rules_facts_parse(&in->facts[k], in->facts_paths[k], text,
		    len, &d);
		free(text);
		text = NULL;
		if (rc != FR_OK) {
			frf_print_diags(&d);
			rc = FR_EXIT_DATA;
			goto out;
		}
		in->ctx.nfacts = k + 1;
	}
	in->ctx.facts = in->facts;
	in->ctx.today = fr_date_today();
	if ((rc = check_acceptances(in)) != FR_EXIT_OK)
		goto out;
	if ((rc = load_reviews(in)) != FR_EXIT_OK)
		goto out;
	in->ctx.reviews = &in->reviews;

	if (in->ledger != NULL && load_ledger(in) != FR_OK) {
		rc = FR_EXIT_DATA;
		goto out;
	}
	ledger_facts(in);
	if (load_stored(in) != FR_OK) {
		rc = FR_EXIT_DATA;
		goto out;
	}
	/* Without a ledger crossing, the filing's own reached_date. */
	if (in->ctx.reached < 0) {
		const cJSON *f = cJSON_GetObjectItemCaseSensitive(
		    in->ctx.filing, "filing");
		const cJSON *rd = cJSON_GetObjectItemCaseSensitive(f,
		    "reached_date");
		int day;

		if (cJSON_IsString(rd) &&
		    fr_date_parse(rd->valuestring, &day) == FR_OK)
			in->ctx.reached = day;
	}
	/* One calendar for the due date and the days filed late. */
	cal = fr_calendar_new();
	(void)fr_calendar_load_default(cal, NULL);
	if (in->ctx.reached >= 0)
		compute_due(in, cal);
	filed_late(in, cal);
	fr_calendar_free(cal);

	if (assess_catalogue_load(rules_path, &in->catalogue, &d) != FR_OK) {
		frf_print_diags(&d);
		rc = FR_EXIT_DATA;
		goto out;
	}
	fr_sha256(all != NULL ? all : "", nall, dig);
	fr_hex(dig, sizeof dig, in->hash);
	if ((rc = record_acceptances(in)) != FR_EXIT_OK)
		goto out;
	if (in->reviews_path != NULL && !in->reviews_exist &&
	    !in->reviews_new_ok) {
		cli_err("%s: no such review file (frfile review records one)",
		    in->reviews_path);
		rc = FR_EXIT_DATA;
	}
out:
	free(all);
	free(text);
	fr_diags_release(&d);
	return rc;
}

void
assess_inputs_release(struct assess_inputs *in)
{
	size_t k;

	if (in->reviews_lock != -1)
		close(in->reviews_lock);	/* and so unlocked */
	in->reviews_lock = -1;

	for (k = 0; k < in->nfacts_paths; k++) {
		if (in->facts != NULL)
			rules_facts_release(&in->facts[k]);
		free(in->facts_paths[k]);
	}
	free(in->facts);
	free(in->facts_paths);
	for (k = 0; k < in->naccepted; k++)
		free(in->accepted[k]);
	free(in->accepted);
	review_set_release(&in->reviews);
	free(in->reviews_file);
	fr_schema_free(in->schema);
	free(in->app_stored);
	fr_stored_release(&in->stored);
	pkg_facts_release(&in->pf);
	fr_filing_free(in->filing);
	assess_catalogue_free(in->catalogue);
	memset(in, 0, sizeof *in);
}
