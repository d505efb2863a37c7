/*
 * idscan.h — the fast path for a big CSV export already in memory (a
 * mapped file or an HTTP body) whose ids need no dates and no pattern.
 *
 * Several threads read the whole body, each taking the rows whose id
 * falls in its share (a cheap hash of the id picks the share), so every
 * distinct id belongs to one thread and no merge is needed. Each thread
 * de-duplicates its rows on keyed fingerprints (fpset.h) and remembers
 * where each distinct id first appears; fr_idscan_key then hashes those,
 * and only those, with HMAC-SHA256 into a struct fr_count. Clear ids are
 * never copied: the scan keeps offsets into the caller's data.
 *
 * The fast path reads the simple, common case of RFC 4180 only: no
 * quotes anywhere in the body, and a CR only as part of a CRLF. Anything
 * else — quotes, a lone CR, a short row, an empty or over-long id — makes
 * it decline before anything is counted, and the caller reads the data
 * with the full reader (idread.h), which gives the exact diagnostics.
 * Both paths count the same rows the same way; a fuzz target checks it.
 *
 * Ownership: the data and the options must outlive the struct fr_idscan
 * (the offsets point into the data); fr_idscan_free
 * (NULL is a no-op) releases the result.
 */
#ifndef FR_IDSCAN_H
#define FR_IDSCAN_H

#include <stddef.h>

struct fr_count;
struct fr_hmac;
struct fr_idread_opts;

struct fr_idscan_opts {
	int threads;		/* 1 or more */
	int keep_firsts;	/* remember first occurrences (for fr_idscan_key) */
	/* Called now and then by one thread with the bytes read so far. */
	void (*progress)(void *arg, size_t done);
	void *progress_arg;
};

struct fr_idscan;

/*
 * Scan a whole CSV document, read as the reader options say: the header
 * row (and a byte-order mark) goes through the full reader to find the
 * id column, the rows through the fast path. Date columns and
 * skip_invalid are for the full reader. FR_OK and *out, or FR_EINVAL
 * when the data is not for the fast path (*out is NULL then).
 */
int fr_idscan_csv(const char *data, size_t len, const struct fr_idread_opts *,
    const struct fr_idscan_opts *, struct fr_idscan **out);
size_t fr_idscan_rows(const struct fr_idscan *);
size_t fr_idscan_distinct(const struct fr_idscan *);
size_t fr_idscan_memory(const struct fr_idscan *);
/*
 * HMAC every distinct id (the scan must have kept first occurrences) and
 * add the keys, undated, to the count's current source. The fingerprints
 * are freed first; the counts stay.
 */
void fr_idscan_key(struct fr_idscan *, const struct fr_hmac *,
    struct fr_count *);
void fr_idscan_free(struct fr_idscan *);

#endif
