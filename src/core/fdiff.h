/*
 * fdiff.h — what changed between two filing descriptions, and whether each
 * change is substantive (Art. 15: an amendment is due within 30 working
 * days of a substantive change of the filed information).
 *
 * The classification is data (forms/changes.json): an ordered list of
 * path patterns, each with a class (substantive, minor, or band: a number
 * that is substantive only when it moves to another band) and the basis,
 * in English and Chinese. A change no rule matches counts as substantive.
 *
 * Arrays of objects are matched by their "id" member, else by "name",
 * else by position, so reordering applications is not a change; arrays of
 * scalars are compared as sets.
 *
 * Ownership: fr_change_rules_load returns rules the caller frees with
 * fr_change_rules_free; struct fr_changes owns every string and value it
 * holds (fr_changes_release).
 */
#ifndef FR_FDIFF_H
#define FR_FDIFF_H

#include <stddef.h>

#include "core/diag.h"

struct cJSON;
struct fr_change_rules;

enum fr_change_kind { FR_CHANGE_CHANGED, FR_CHANGE_ADDED, FR_CHANGE_REMOVED };

struct fr_change {
	enum fr_change_kind kind;
	char *path;		/* in the new file (the old one for removals) */
	int substantive;
	const char *rule;	/* the matching pattern, or "default" */
	const char *basis_en;	/* borrowed from the rules */
	const char *basis_zh;
	struct cJSON *old_value;	/* NULL for additions */
	struct cJSON *new_value;	/* NULL for removals */
};

struct fr_changes {
	struct fr_change *v;
	size_t n, cap;
	size_t substantive;
};

int fr_change_rules_load(const char *path, struct fr_change_rules **out,
    struct fr_diags *);
int fr_change_rules_parse(const char *buf, const char *file,
    struct fr_change_rules **out, struct fr_diags *);
void fr_change_rules_free(struct fr_change_rules *);
/*
 * The bands of the stored count (the file's "stored_count" rule): a later
 * count in another band than the filed figure is a substantive change
 * (Art. 15 para. 1 item 3, para. 2). FR_OK with the bands (borrowed), or
 * FR_ENOENT when the file has none.
 */
int fr_change_rules_stored_bands(const struct fr_change_rules *,
    const double **bands, size_t *n, const char **basis_en,
    const char **basis_zh);

/*
 * The stored count as a change (path FR_STORED_COUNT_PATH): the filed
 * figure against a later count, substantive when the two lie in different
 * bands of the "stored_count" rule. FR_ENOENT when the file has none.
 */
#define FR_STORED_COUNT_PATH "stored_count"
int fr_changes_add_stored(struct fr_changes *, const struct fr_change_rules *,
    long long filed, long long counted);

/* Glob over a path whose indices are written [*]: * is one key, ** any rest. */
int fr_path_match(const char *pattern, const char *path);

void fr_changes_init(struct fr_changes *);
void fr_changes_release(struct fr_changes *);
/* Compares two filing trees; the result lists changes in document order. */
void fr_filing_diff(const struct cJSON *old_root, const struct cJSON *new_root,
    const struct fr_change_rules *, struct fr_changes *);

#endif
