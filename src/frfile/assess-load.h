/*
 * assess-load.h — gathering what an assessment reads (the filing, facts
 * documents, the ledger, the rule catalogue, accepted risks) for the
 * commands that assess: `frfile assess`, `frfile review` and the PIPIA of
 * `frfile render`.
 * Problems are reported on stderr as one line each.
 *
 * Ownership: struct assess_inputs owns everything it loads; borrowed are
 * filing_path and ledger (argv strings).
 */
#ifndef FRFILE_ASSESS_LOAD_H
#define FRFILE_ASSESS_LOAD_H

#include <stddef.h>

#include "cli/cli.h"
#include "core/filing.h"
#include "core/review.h"
#include "core/rules.h"
#include "core/stored.h"
#include "render/pkgfacts.h"

struct assess_inputs {
	const char *filing_path;
	const char *ledger;
	const char *count_path;	/* a saved `frfile count --json` */
	/*
	 * Several facts files without keys and no other count: 1 refuses
	 * (render: the figure would be wrong in a document), 0 leaves the
	 * count unknown with a warning (assess: the other rules still run).
	 */
	int strict_count;
	char **facts_paths;
	size_t nfacts_paths;
	char **accepted;	/* "risk.<application id>" */
	size_t naccepted;
	const char *accepted_by;	/* --accepted-by (argv) */
	const char *accept_reason;	/* --accept-reason (argv) */
	/*
	 * The review file: --reviews FILE, else NAME.reviews.json beside
	 * the filing when it exists. --accept-risk records its acceptances
	 * there (written when loading), then reads them back as any other.
	 */
	const char *reviews_path;	/* --reviews (argv), or NULL */
	char *reviews_file;		/* the file read (and written) */
	int reviews_exist;		/* it exists (now) */
	int reviews_new_ok;		/* a missing --reviews FILE is made */
	int reviews_lock;		/* its directory, locked, or -1 */
	struct review_set reviews;
	struct fr_schema *schema;
	int validated;		/* the caller has validated the filing */

	struct fr_filing *filing;
	struct rules_facts_doc *facts;
	struct rules_ctx ctx;
	void *catalogue;	/* cJSON of forms/rules.json */
	char hash[65];		/* SHA-256 of the filing and facts, hex */
	int due_provisional;	/* the due date assumed weekends-only */
	/*
	 * The stored quantity: the ledger's latest observation, else the
	 * saved count, else the facts de-duplicated by key; and the facts
	 * as the documents read them (per device, de-duplicated).
	 */
	struct fr_stored stored;
	struct pkg_facts pf;
	long long *app_stored;	/* per application, -1 without facts */
};

/*
 * The options that say what an assessment reads, the same in assess,
 * review and render (each command lists those it takes, with its own
 * words): their getopt codes, and assess_inputs_option to take one.
 */
enum {
	AI_OPT_FACTS = CLI_OPT_FIRST_COMMAND + 0x90,
	AI_OPT_LEDGER,
	AI_OPT_COUNT,
	AI_OPT_REVIEWS,
	AI_OPT_ACCEPT,
	AI_OPT_ACCEPTED_BY,
	AI_OPT_ACCEPT_REASON,
};

void assess_inputs_init(struct assess_inputs *);
/* 1: c was one of the AI_OPT_ codes, taken; 0: not one; -1: bad (said). */
int assess_inputs_option(struct assess_inputs *, int c, const char *arg);
/*
 * After the options: the one operand, the filing description, into
 * in->filing_path; a usage error (said) for none or several.
 */
int assess_inputs_filing(struct assess_inputs *, int argc, char **argv);
/* Writes in->reviews to in->reviews_file atomically (0600); exit code. */
int assess_inputs_save_reviews(struct assess_inputs *);

/*
 * Validates the filing first (as `frfile validate` and `render` do) and
 * loads everything; prints the problems. Returns an exit code: 0, 1 for
 * a filing validate rejects, 2 for an acceptance that does not fit the
 * filing, 3 for unreadable input. rules_path NULL: installed.
 * Several facts files without person keys and no ledger or count are
 * refused (3): their sum would count a person on two devices twice.
 * The review file is read, and --accept-risk's acceptances are added to
 * it and written; in->ctx.reviews then holds them for assess_run.
 */
int assess_inputs_load(struct assess_inputs *, const char *rules_path);
void assess_inputs_release(struct assess_inputs *);

#endif
