/*
 * idpat.h — a PCRE2 pattern that extracts or normalises person ids in an
 * export (--id-pattern): the first capture group is the id, or the whole
 * match when the pattern has no group. "^0*([0-9]+)$" drops leading
 * zeros; "card:([A-Z0-9]+)" pulls the id out of a longer cell.
 *
 * Ownership: fr_idpat_new returns a pattern freed with fr_idpat_free
 * (NULL is a no-op) and, on error, a message the caller frees. The result
 * of fr_idpat_apply points into the subject. Not for use by two threads.
 */
#ifndef FR_IDPAT_H
#define FR_IDPAT_H

#include <stddef.h>

struct fr_idpat;

struct fr_idpat *fr_idpat_new(const char *pattern, char **err);
void fr_idpat_free(struct fr_idpat *);
/* FR_OK and the id; FR_ENOENT when the subject does not match. */
int fr_idpat_apply(struct fr_idpat *, const char *s, size_t n,
    const char **id, size_t *idlen);

#endif
