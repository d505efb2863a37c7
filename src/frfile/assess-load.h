/*
 * assess-load.h — gathering what an assessment reads (the filing, facts
 * documents, the ledger, the rule catalogue, accepted risks) for the
 * commands that assess: `frfile assess` and the PIPIA of `frfile render`.
 * Problems are reported on stderr as one line each.
 *
 * Ownership: struct assess_inputs owns everything it loads; borrowed are
 * filing_path and ledger (argv strings).
 */
#ifndef FRFILE_ASSESS_LOAD_H
#define FRFILE_ASSESS_LOAD_H

#include <stddef.h>

#include "core/filing.h"
#include "core/rules.h"

struct assess_inputs {
	const char *filing_path;
	const char *ledger;
	char **facts_paths;
	size_t nfacts_paths;
	char **accepted;
	size_t naccepted;

	struct fr_filing *filing;
	struct rules_facts_doc *facts;
	struct rules_ctx ctx;
	void *catalogue;	/* cJSON of forms/rules.json */
	char hash[65];		/* SHA-256 of the filing and facts, hex */
	int due_provisional;	/* the due date assumed weekends-only */
};

void assess_inputs_init(struct assess_inputs *);
void assess_inputs_add_facts(struct assess_inputs *, const char *path);
/* ID[,ID…]: each must be a known rule id (else a usage error). */
int assess_inputs_accept(struct assess_inputs *, const char *list);
/* Loads everything; prints the problems. rules_path NULL: installed. */
int assess_inputs_load(struct assess_inputs *, const char *rules_path);
void assess_inputs_release(struct assess_inputs *);

#endif
