/*
 * count.h — distinct individuals over many sources, without clear ids.
 *
 * Every person is a 32-byte key (HMAC-SHA256 of the person id under the
 * organisation secret), so one person enrolled on five devices is one
 * person (Measures Art. 15 counts individuals, not images or devices).
 * Sources are added one after another: fr_count_begin_source, then any
 * number of fr_count_add / fr_count_add_dated for that source. A key seen
 * twice in one source counts once for it.
 *
 * Dated keys carry the interval [from, until) during which the person's
 * facial information was stored (docs/facts.md); a person is "stored now"
 * when an interval covers the count's today, and undated keys are stored
 * now by definition. fr_count_crossing sweeps the merged intervals to find
 * the first day the distinct count reached a threshold, exactly.
 *
 * A lone export is the one exception: with nothing to match it against,
 * it is counted by number (fr_count_add_unkeyed), never keyed.
 *
 * Ownership: struct fr_count is opaque; fr_count_free(NULL) is a no-op.
 * Keys are copied. The set never holds or returns clear ids.
 */
#ifndef FR_COUNT_H
#define FR_COUNT_H

#include <limits.h>
#include <stddef.h>

#define FR_KEY_LEN 32
#define FR_DATE_OPEN INT_MAX	/* "until": still stored */

struct fr_count;

/* today: the day "stored now" refers to (a CST day number). */
struct fr_count *fr_count_new(int today);
void fr_count_free(struct fr_count *);

/* Start the next source; returns its index (0, 1, …). */
int fr_count_begin_source(struct fr_count *);
/* Room for n more keys, so that adding them never grows the set. */
void fr_count_reserve(struct fr_count *, size_t n);
/* An undated key: stored now, history unknown. */
void fr_count_add(struct fr_count *, const unsigned char key[FR_KEY_LEN]);
/* The same for n keys; faster (prefetching) for big exports. */
#define FR_COUNT_BATCH 32
void fr_count_add_many(struct fr_count *,
    const unsigned char (*keys)[FR_KEY_LEN], size_t n);
/*
 * A dated key: stored on days from <= d < until (until FR_DATE_OPEN while
 * stored). Returns FR_EINVAL, adding nothing, when until <= from.
 */
int fr_count_add_dated(struct fr_count *, const unsigned char key[FR_KEY_LEN],
    int from, int until);

/*
 * n distinct persons of the current source that have no keys: a lone
 * export is counted on fingerprints (fpset.h) alone, there being nothing
 * to match it with. Only for a count of one source, which stays the only
 * one: FR_EINVAL, adding nothing, when the count has keys or more
 * sources; a later fr_count_begin_source aborts.
 */
int fr_count_add_unkeyed(struct fr_count *, size_t n);

/* Distinct persons stored now, over all sources. */
size_t fr_count_total(const struct fr_count *);
/* Distinct persons stored now in one source. */
size_t fr_count_source(const struct fr_count *, int src);
/* Persons stored now in more than one source. */
size_t fr_count_multi(const struct fr_count *);
/* Distinct persons ever seen (stored now or deleted). */
size_t fr_count_keys(const struct fr_count *);
/* Distinct persons with no dated interval at all. */
size_t fr_count_undated(const struct fr_count *);
/* Bytes the set holds (for the benchmark's bytes per id). */
size_t fr_count_memory(const struct fr_count *);

/*
 * The first day, on or before the count's today, on which at least
 * threshold distinct persons were stored (days after today are ignored).
 * FR_OK and *date; FR_ENOENT when the dated history never reaches it;
 * FR_EINVAL when some key is undated (its history is unknown, so no exact
 * day can be given). *peak, when not NULL, gets the highest daily count.
 */
int fr_count_crossing(const struct fr_count *, size_t threshold, int *date,
    size_t *peak);
/* Distinct persons stored on a given day (dated keys only). */
size_t fr_count_on(const struct fr_count *, int date);

#endif
