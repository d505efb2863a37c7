/*
 * review.h — recorded review conclusions: the review file
 * (NAME.reviews.json beside the filing NAME.json, schema
 * "frfile-reviews/1") that says who concluded what about a finding that
 * needs human judgement, on which day, why, and on which evidence.
 *
 * A finding that needs review (Art. 13 public-security necessity, Art. 4
 * least impact, ...) is concluded pass or fail; an application's
 * residual risk ("risk.<application id>") is accepted. Each record keeps
 * the SHA-256 of the evidence it was made on: when the evidence changes
 * the record is stale and the finding needs review again. A failure
 * measured from facts or found by validation is never overturned: only a
 * finding whose result is "needs review" takes a conclusion.
 *
 * Ownership: struct review_set owns its records and every string in
 * them (review_set_release). Parsing and hashing never print.
 */
#ifndef FR_REVIEW_H
#define FR_REVIEW_H

#include <stddef.h>

#include "core/diag.h"
#include "core/risk.h"
#include "core/rules.h"

#define REVIEW_SCHEMA	"frfile-reviews/1"
#define REVIEW_HASH_LEN	65	/* SHA-256 in hex, and NUL */

enum review_conclusion {
	REVIEW_PASS = 0,	/* the finding meets the Measures */
	REVIEW_FAIL,		/* it does not: a treatment item */
	REVIEW_ACCEPT,		/* an application's residual risk accepted */
};

struct review {
	char *rule;		/* "art13.public_necessity", "risk.office-access" */
	int app;		/* application index, -1 for the processor */
	char *app_id;		/* the application's id then, or NULL */
	enum review_conclusion conclusion;
	char *by;		/* who concluded */
	char *note;		/* why */
	int date;		/* the day of the conclusion */
	char hash[REVIEW_HASH_LEN];	/* the evidence it was made on */
};

struct review_set {
	struct review *v;
	size_t n;
};

void review_set_init(struct review_set *);
void review_set_release(struct review_set *);

/*
 * Reads a review file's text. name is the file, for diagnostics: one per
 * problem, naming the JSON path and what was expected. FR_EFORMAT when
 * the text is not a review file; the set is then empty.
 */
int review_set_parse(struct review_set *, const char *name,
    const char *text, size_t len, struct fr_diags *);
/* Appends a copy of r (its strings are copied). */
void review_set_add(struct review_set *, const struct review *r);
/* The review file's text, ending in a newline; the caller frees it. */
char *review_set_text(const struct review_set *);

/*
 * The record in force for a finding: the last one for rule at app (by
 * the application's id when both have one, else by index), or for
 * "risk.<id>" the last one of that id. NULL when none.
 */
const struct review *review_find(const struct review_set *,
    const char *rule, int app, const char *app_id);

/*
 * Whether a conclusion fits the kind of record: accept for a residual
 * risk (risk.<application id>) only, pass or fail for a rule the code
 * knows. FR_EINVAL with a diagnostic (file NULL) when not.
 */
int review_check_kind(const char *rule, enum review_conclusion,
    struct fr_diags *);

struct assess;

/*
 * Makes r ready to record against an assessment: finds its finding (or
 * the application of a residual risk), refuses a finding that does not
 * need review (a measured failure is remedied, never overturned), and
 * fills r->app, r->app_id (borrowed from the filing) and r->hash.
 * Give it an assessment run without the review file for a finding, with
 * it for a residual risk. FR_OK, else FR_EINVAL or FR_ENOENT with one
 * diagnostic.
 */
int review_prepare(struct review *r, const struct assess *,
    struct fr_diags *);

/* The review file of a filing: NAME.reviews.json for NAME.json. */
char *review_path_for(const char *filing);

/* "pass", "fail", "accept"; parse returns -1 when unknown. */
const char *review_conclusion_name(enum review_conclusion);
int review_conclusion_parse(const char *);

/*
 * SHA-256 (hex) of a finding's evidence: rule, application and each
 * piece's kind (filing, facts, ledger), path and value. The facts file's
 * own name is left out: the same facts under another name are the same
 * evidence.
 */
void review_hash_finding(const struct rule_result *,
    char out[REVIEW_HASH_LEN]);
/* SHA-256 (hex) of an application's residual grading, inputs included. */
void review_hash_risk(const struct risk_input *, const struct risk_result *,
    char out[REVIEW_HASH_LEN]);

#endif
