/*
 * factsdoc.h — reading a facts document (docs/facts.md) for counting:
 * the schema check, the store's identity, its stored-now count, its daily
 * history and, when present, the keyed person hashes with their dates.
 *
 * Ownership: fr_factsdoc_parse gives the caller a document to free with
 * fr_factsdoc_free (NULL is a no-op); the name and input are borrowed.
 */
#ifndef FR_FACTSDOC_H
#define FR_FACTSDOC_H

#include <stddef.h>

#include "core/count.h"
#include "core/diag.h"

#define FR_FACTS_SCHEMA "frmatch-facts/1"

struct fr_factskey {
	unsigned char key[FR_KEY_LEN];
	int from, until;		/* until FR_DATE_OPEN while stored */
};

struct fr_factsdoc {
	char *store_id, *device;	/* NULL when absent */
	long long individuals;
	int has_keys;
	char *secret_id;		/* keys.secret_id, NULL when absent */
	struct fr_factskey *persons;
	size_t npersons;
};

/*
 * FR_OK; FR_EFORMAT for a document of another (or no) schema; FR_EINVAL
 * for a bad value. Each problem goes to d with its JSON path.
 */
int fr_factsdoc_parse(const char *buf, size_t len, const char *name,
    struct fr_diags *d, struct fr_factsdoc **out);
void fr_factsdoc_free(struct fr_factsdoc *);

#endif
