/*
 * factsdoc.h — the one reader of a facts document (docs/facts.md), for
 * counting, rendering and assessing alike: the schema check, the store's
 * identity, its stored-now count and, when present, the keyed person
 * hashes with their dates; the whole tree stays available for callers
 * that read the other facts (protection, minors, retention).
 *
 * Ownership: fr_factsdoc_parse gives the caller a document to free with
 * fr_factsdoc_free (NULL is a no-op); the name and input are borrowed.
 * root and every node under it belong to the document. cJSON is referred
 * to as struct cJSON so that this header does not pull in cJSON.h.
 */
#ifndef FR_FACTSDOC_H
#define FR_FACTSDOC_H

#include <stddef.h>

#include "core/count.h"
#include "core/diag.h"

#define FR_FACTS_SCHEMA "frmatch-facts/1"

struct cJSON;

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
	struct cJSON *root;		/* the whole document */
};

/*
 * FR_OK; FR_EFORMAT for a document of another (or no) schema; FR_EINVAL
 * for a bad value. Each problem goes to d with its JSON path.
 */
int fr_factsdoc_parse(const char *buf, size_t len, const char *name,
    struct fr_diags *d, struct fr_factsdoc **out);
void fr_factsdoc_free(struct fr_factsdoc *);

/*
 * The keys of the persons stored on day (from <= day < until, until open
 * while stored), sorted and each once: a person listed twice in one store is still one
 * person. *out is the caller's to free; returns how many.
 */
size_t fr_factsdoc_keys_kept(const struct fr_factsdoc *, int day,
    unsigned char (**out)[FR_KEY_LEN]);

/*
 * The store's audit log as the facts state it (protection.audit_log.head,
 * 64 hex digits, and .entries): FR_OK; FR_ENOENT when the facts carry no
 * head (an older frmatch); FR_EINVAL when they carry a bad one.
 */
int fr_factsdoc_audit(const struct fr_factsdoc *, char head[65],
    long long *entries);

/* Order of two person keys (FR_KEY_LEN bytes each), for qsort. */
int fr_factskey_cmp(const void *, const void *);

#endif
