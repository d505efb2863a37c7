/*
 * assess.h — the whole assessment: the compliance rules (rules.h), the
 * GB/T 39335-2020 risk of each application before and after the planned
 * treatment (risk.h), and the treatment plan, joined with the prose of
 * forms/rules.json into one JSON document (schema "frfile-assess/1").
 *
 * That document is what `frfile assess --json` prints and what the PIPIA
 * report (Attachment 3) is written from, so the two never disagree.
 *
 * Ownership: struct assess borrows the rules context (and through it the
 * filing and facts) and owns the catalogue given to assess_run, the rule
 * report and the risk arrays; assess_release frees them. assess_json
 * returns a new cJSON tree (as void *) the caller deletes.
 */
#ifndef FR_ASSESS_H
#define FR_ASSESS_H

#include "core/diag.h"
#include "core/risk.h"
#include "core/rules.h"

struct review;

struct assess_review {
	const struct review *rev;	/* borrowed from ctx->reviews, or NULL */
	int stale;
};

struct assess {
	const struct rules_ctx *ctx;
	struct rules_report report;
	int napps;
	struct risk_input *in;		/* per application, now */
	struct risk_result *risk;
	struct risk_input *in_res;	/* after the planned treatment */
	struct risk_result *residual;
	enum risk_level level;		/* the highest application level */
	enum risk_level residual_level;
	void *catalogue;		/* cJSON of forms/rules.json */
	/*
	 * The review in force for each rule result (parallel to
	 * report.v) and for each application's residual risk (napps), or
	 * NULL without a review file. A stale review no longer matches the
	 * evidence (or the finding is no longer one that needs review): the
	 * result is then the rule's own.
	 */
	struct assess_review *rv;
	struct assess_review *acc;
};

/*
 * Loads forms/rules.json (path NULL: the installed one) and checks that it
 * has a title, remedy, owner and verification for every rule the code
 * knows and prose for every reason and adjustment. FR_EFORMAT with one
 * diagnostic per gap.
 */
int assess_catalogue_load(const char *path, void **catalogue,
    struct fr_diags *);
void assess_catalogue_free(void *catalogue);

/* Runs everything; takes ownership of catalogue (even on failure). */
int assess_run(struct assess *, const struct rules_ctx *, void *catalogue);
void assess_release(struct assess *);

/* The assessment document, "frfile-assess/1". */
void *assess_json(const struct assess *);

/*
 * One language's view of an assessment document (for templates): every
 * {zh, en} pair replaced by lang's text, and "_text" labels beside each
 * level and result. A new tree the caller deletes.
 */
void *assess_view(const void *doc, const char *lang);

/*
 * The number of failed rules the treatment plan gives no date to remedy
 * (the catalogue's deadline_days is null and no statutory due date
 * applies). `render --final` refuses only these: a failing rule never
 * blocks the final package, a failure without a dated remedy does.
 */
int assess_undated_failures(const struct assess *);

/*
 * The SHA-256 (hex) of application app's residual grading: what an
 * acceptance of its residual risk is made on (core/review.h).
 */
void assess_risk_hash(const struct assess *, int app, char out[65]);

/*
 * A day written out in both languages, {"zh": "2026年11月22日", "en":
 * "22 November 2026"} (a cJSON object, declared void *; caller frees).
 */
void *assess_date_pair(int day);

#endif
