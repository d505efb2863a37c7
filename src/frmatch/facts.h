/*
 * facts.h — the facts document of one store (docs/facts.md): aggregate
 * counts, the daily history, the protection measures actually in force,
 * and on request keyed hashes of person ids for de-duplication.
 */
#ifndef FM_FACTS_H
#define FM_FACTS_H

#include <stddef.h>

#include "frmatch/fm.h"
#include "frmatch/store.h"

struct fm_facts_opts {
	const unsigned char *org_secret;	/* NULL: no keys */
	size_t org_secret_len;
	const char *serving;	/* "127.0.0.1:8080" while served, or NULL */
};

/* Build the document; *out is a cJSON object (void * keeps cJSON out). */
int fm_facts_build(struct fm_store *, const struct fm_facts_opts *,
    void **out, struct fm_err *);

#endif
