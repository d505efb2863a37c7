/*
 * rules.h — the compliance check: one rule per obligation of the Measures
 * for the Security Management of Facial Recognition Technology
 * Applications that a machine can test, evaluated against the filing
 * description and the matcher's facts (docs/facts.md).
 *
 * Facts beat declarations: where the filing says one thing and a facts
 * document says another, the rule follows the facts and its evidence
 * names both.
 *
 * Only the evaluation is here. Titles, remedies, owners, how a fix is
 * verified and the prose for each reason code live in forms/rules.json so
 * that lawyers can edit them; rules_catalogue_check() tells whether the
 * data file and the code agree.
 *
 * Ownership: struct rules_report owns its results and every string in
 * them (rules_report_release). Rule ids and articles are static strings.
 * The filing and facts are cJSON trees passed as void * (cJSON stays out
 * of this header); the context borrows them.
 */
#ifndef FR_RULES_H
#define FR_RULES_H

#include <stddef.h>

#include "core/diag.h"
#include "core/risk.h"

enum rule_status {
	RULE_PASS = 0,
	RULE_FAIL,
	RULE_NEEDS_REVIEW,
	RULE_NOT_APPLICABLE,
};

/* The Art. 15 filing threshold: individuals, not images or templates. */
#define RULES_FILING_THRESHOLD 100000LL

/* Where a piece of evidence came from and what it said. */
struct rule_evidence {
	char *source;	/* "filing", or the facts file (and device) */
	char *path;	/* JSON path or fact name */
	char *value;	/* the value as JSON text, "(missing)" when absent */
};

#define RULE_MAX_EVIDENCE 4

struct rule_result {
	const char *id;		/* "art13.prohibited_place" */
	const char *article;	/* "13" */
	int app;		/* application index, -1 for the processor */
	enum rule_status status;
	const char *reason;	/* reason code, prose in forms/rules.json */
	struct rule_evidence ev[RULE_MAX_EVIDENCE];
	int nev;
	int due;		/* a statutory due date, or -1 */
	/*
	 * What decided the result, as a sentence for a reader ([0] zh,
	 * [1] en), or NULL: documents show this, never the evidence paths.
	 */
	char *say[2];
};

struct rules_advice;

struct rules_report {
	struct rule_result *v;
	size_t n, cap;
	size_t counts[4];	/* by enum rule_status */
	struct rules_advice *advice;
	size_t nadvice;
};

struct fr_factsdoc;
struct fr_schema;
struct review_set;
struct fr_stored;

/* One facts document (docs/facts.md), read by core/factsdoc.h. */
struct rules_facts_doc {
	char *name;		/* file name, for evidence */
	struct fr_factsdoc *doc;	/* owned */
	void *json;		/* doc's cJSON tree, borrowed from doc */
};

struct rules_ctx {
	const void *filing;	/* borrowed cJSON of the filing description */
	struct rules_facts_doc *facts;	/* borrowed array */
	size_t nfacts;
	int today;
	/*
	 * From the ledger when there is one (else -1): the day the stored
	 * count first reached 100,000, the filing's due date, the count.
	 */
	int reached;
	int due;
	int reached_from_ledger;	/* reached came from the ledger */
	/*
	 * The stored quantity (core/stored.h), the one figure of Art. 15
	 * every rule reads; NULL when none was given. Estimates in the
	 * filing are never taken for it.
	 */
	const struct fr_stored *stored;
	/*
	 * Per application (napps entries, or NULL): the individuals stored
	 * on its devices, de-duplicated by key; -1 where no facts match.
	 */
	const long long *app_stored;
	int filed_date;		/* the ledger's submitted/completed day, or -1 */
	/*
	 * Working days from the due date to the day the filing was (or is
	 * dated to be) submitted, when that is after the due date; else -1.
	 * Counted by the caller on the official calendar (Art. 15).
	 */
	int filed_late_days;
	int filed_on;		/* the submission day late_days counts to */
	/*
	 * The filing schema (forms/schema.json): place types (Art. 13) and
	 * legal bases are read from its enumerations, as validate does.
	 * Borrowed; NULL reads no flags (every place private, no basis).
	 */
	const struct fr_schema *schema;
	/* Measured facts of the ledger file, when one was given. */
	int ledger_mode;	/* permission bits, or -1 */
	int ledger_owner_ok;	/* owned by the runner or root */
	/*
	 * The review file's records (core/review.h), borrowed, or NULL:
	 * assess_run gives a needs-review finding its conclusion and an
	 * application's residual risk (never a rule) its acceptance.
	 */
	const struct review_set *reviews;
};

void rules_ctx_init(struct rules_ctx *);

/*
 * Parse a facts document with fr_factsdoc_parse: refuses a schema it
 * does not know. On error returns FR_EFORMAT/FR_EINVAL with a diagnostic
 * naming the file.
 */
int rules_facts_parse(struct rules_facts_doc *, const char *name,
    const char *text, size_t len, struct fr_diags *);
void rules_facts_release(struct rules_facts_doc *);

/* Evaluate every rule. The report is initialised by this call. */
void rules_run(const struct rules_ctx *, struct rules_report *);
void rules_report_release(struct rules_report *);

/* The number of applications in the filing (at least 0). */
int rules_napps(const struct rules_ctx *);
/* An application's name (borrowed), or NULL. */
const char *rules_app_name(const struct rules_ctx *, int app);
/* Its English name (name_en), or NULL. */
const char *rules_app_name_en(const struct rules_ctx *, int app);

/* An application's id ("office-access"), or NULL. */
const char *rules_app_id(const struct rules_ctx *, int app);

/*
 * Advice that is never a failure (Art. 11: prefer the national identity
 * channels): app index, code, per application; rules_run fills it.
 */
struct rules_advice {
	int app;
	const char *code;	/* "art11.national_channels" */
	const char *article;	/* "11" */
};

/*
 * The risk inputs of one application, derived from the filing, the facts
 * and the rule results. With treated set, every failed rule is taken as
 * fixed (the planned treatment: a duty is remedied, never accepted),
 * giving the residual risk.
 */
void rules_risk_input(const struct rules_ctx *, const struct rules_report *,
    int app, int treated, struct risk_input *);

/*
 * One ground of a risk level: what in the filing, the facts or the
 * findings set a dimension's or a factor's level. Turned into a sentence
 * with the forms' labels by assess.c (prose in forms/rules.json).
 */
struct rules_ground {
	int factor;		/* 0 a dimension, 1 a likelihood factor */
	int index;		/* enum risk_dimension or enum risk_factor */
	const char *code;	/* "not_stated", "finding_fails", ... */
	const char *table;	/* the forms' table field ("locations"), or NULL */
	const char *path;	/* the field's path in the forms, or NULL */
	int in_app;		/* path is relative to an application */
	const char *name;	/* the table row's name, or NULL */
	const char *enum_name;	/* the value's enumeration, or NULL */
	const char *value;	/* the value, or NULL */
	const char *rule;	/* the rule whose finding it is, or NULL */
};

struct rules_grounds {
	struct rules_ground *v;
	size_t n;
};

/*
 * The grounds of every dimension and factor of application app above
 * its base level (low): the same inputs rules_risk_input reads. Strings
 * are borrowed from the filing and static tables.
 */
void rules_risk_grounds(const struct rules_ctx *, const struct rules_report *,
    int app, int treated, const struct risk_result *, struct rules_grounds *);
void rules_grounds_release(struct rules_grounds *);

/* Every rule id the code knows, NULL-terminated (for the data check). */
extern const char *const rules_ids[];
/* Every reason code a rule can give, NULL-terminated. */
extern const char *const rules_reasons[];
/* The article of a rule id ("art7.x" -> "7"), or NULL when unknown. */
const char *rules_article_of(const char *id);

/* Stable names: "pass", "fail", "needs_review", "not_applicable". */
const char *rule_status_name(enum rule_status);

#endif
