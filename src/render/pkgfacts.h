/*
 * pkgfacts.h — the matcher facts (docs/facts.md) as the documents need
 * them: the stored quantity for Attachment 2 and the protection facts.
 *
 * Art. 15 counts individuals, not images: with several facts files the
 * quantity is the number of distinct keyed person hashes stored now
 * (keys.persons[] with until null or later than today). Files without keys
 * cannot be de-duplicated: their counts are added, and the documents say
 * so (how == PKG_COUNT_SUM or PKG_COUNT_MIXED).
 *
 * Ownership: pkg_facts_release frees everything inside the struct; the
 * merged cJSON tree belongs to the struct.
 */
#ifndef FR_RENDER_PKGFACTS_H
#define FR_RENDER_PKGFACTS_H

#include <stddef.h>

#include "core/count.h"
#include "core/diag.h"

struct cJSON;

enum pkg_count_how {
	PKG_COUNT_NONE,		/* no facts given */
	PKG_COUNT_SINGLE,	/* one file: its "individuals" */
	PKG_COUNT_DEDUP,	/* distinct person keys over all files */
	PKG_COUNT_SUM,		/* no keys: the files' counts added */
	PKG_COUNT_MIXED,	/* keys where present, plus the others' counts */
};

struct pkg_facts_file {
	char *path;
	char *device;		/* NULL when absent */
	char *secret_id;	/* keys.secret_id, NULL when absent */
	char sha256[65];
	long long size;
	long long individuals;
	int keyed;
	unsigned char (*keys)[FR_KEY_LEN];	/* person keys stored now, sorted, unique */
	size_t nkeys;
	int as_of;		/* the day the facts describe, -1 unknown */
	struct cJSON *tree;	/* this device's facts, without keys and history */
};

struct pkg_facts {
	struct pkg_facts_file *files;
	size_t nfiles;
	long long individuals;	/* the stored quantity */
	enum pkg_count_how how;
	int as_of;		/* the earliest day the files describe, or -1 */
	struct cJSON *merged;	/* facts-shaped tree for "fact" fields */
};

void pkg_facts_init(struct pkg_facts *);
void pkg_facts_release(struct pkg_facts *);

/*
 * Read the facts files (core/factsdoc.h checks each); today (a day
 * number) decides which keys are stored now, or a file's own day
 * ("as_of") when that is earlier: facts say nothing of later days. Returns 0, FR_EIO or
 * FR_EINVAL / FR_EFORMAT (diagnostics).
 */
int pkg_facts_load(struct pkg_facts *, const char *const *paths, size_t n,
    int today, struct fr_diags *);

/*
 * The stored quantity over the files whose "device" is one of devices
 * (an application's fact_devices). Returns -1 when no file matches;
 * *how says how it was counted.
 */
long long pkg_facts_count_devices(const struct pkg_facts *,
    const char *const *devices, size_t n, enum pkg_count_how *how);

/*
 * The same for application app of the filing (its fact_devices).
 * Returns -1 when it names no device with facts, or when its files
 * cannot be de-duplicated (no keys). how may be NULL.
 */
long long pkg_facts_app(const struct pkg_facts *, const struct cJSON *filing,
    int app, enum pkg_count_how *how);

/*
 * Devices of the facts that no application's fact_devices names, and
 * devices named by an application with no facts: one diagnostic each,
 * of severity sev. Returns how many.
 */
size_t pkg_facts_unmatched(const struct pkg_facts *, const struct cJSON *filing,
    enum fr_severity sev, struct fr_diags *);

/* SHA-256 of a buffer as 64 lowercase hex digits plus NUL. */
void pkg_sha256_hex(const void *data, size_t len, char out[65]);

#endif
