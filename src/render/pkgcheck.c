/*
 * pkgcheck.c — whether the package can be filed as it is (pkg_check in
 * package.h): the checks a reviewer at the cyberspace administration
 * would make of the stored count before reading anything else.
 */
#include "render/package.h"
#include "render/pkgint.h"

#include "core/date.h"
#include "core/filing.h"
#include "core/fr.h"
#include "core/history.h"
#include "core/stored.h"
#include "render/pkgfacts.h"

#include <stdlib.h>

/* A count older than this on the filing date is not what is stored now. */
#define PKG_MAX_COUNT_AGE 30

size_t
pkg_check(const struct pkg *p, int final, int today, struct fr_diags *d)
{
	enum fr_severity sev = final ? FR_SEV_ERROR : FR_SEV_WARNING;
	const struct fr_stored *s = p->stored;
	const struct pkg_facts *pf = p->facts;
	const char *fd = pkg_str(p, "filing.date");
	char a[FR_DATE_LEN], b[FR_DATE_LEN];
	size_t n = 0;
	int day, age;

	/* A cancellation states what was deleted and when instead. */
	if (p->type == PKG_CANCELLATION)
		return 0;
	if (fd == NULL || fr_date_parse(fd, &day) != FR_OK)
		day = today;
	if (s == NULL || s->individuals < 0) {
		fr_diag_add(d, sev, NULL, NULL, 0, 0, "package.count",
		    "no stored count: record one with 'frfile count --record' "
		    "and give --ledger, or give --count with the output of "
		    "'frfile count --json', or --facts");
		return 1;
	}
	if (!s->complete) {
		fr_diag_add(d, sev, s->source, NULL, 0, 0, "package.partial",
		    "the stored count of %s is partial (some sources did not "
		    "answer): count every source again",
		    fr_date_format(s->as_of, a));
		n++;
	}
	age = fr_stored_age(s, day);
	if (age > PKG_MAX_COUNT_AGE) {
		fr_diag_add(d, sev, s->source, NULL, 0, 0, "package.stale",
		    "the stored count of %s is %d days old on the filing date "
		    "%s (at most %d): count again", fr_date_format(s->as_of, a),
		    age, fr_date_format(day, b), PKG_MAX_COUNT_AGE);
		n++;
	}
	if (p->type == PKG_INITIAL && !s->reached) {
		fr_diag_add(d, sev, s->source, NULL, 0, 0, "package.under",
		    "the stored count (%lld on %s) has not reached %lld, and no "
		    "recorded count has: an initial filing is not due (Art. 15)",
		    s->individuals, fr_date_format(s->as_of, a),
		    FR_THRESHOLD_DEFAULT);
		n++;
	}
	/*
	 * The facts' devices are part of what the count covered: more
	 * people on them than in the count, or (a count of those devices
	 * alone) any other figure, means one of the two is wrong.
	 */
	if (pf != NULL && pf->nfiles > 0 && s->from != FR_STORED_FACTS &&
	    (pf->how == PKG_COUNT_SINGLE || pf->how == PKG_COUNT_DEDUP)) {
		int same = s->cover.exports == 0 &&
		    s->cover.devices == (int)pf->nfiles && pf->as_of == s->as_of;

		if (pf->individuals > s->individuals || (same &&
		    pf->individuals != s->individuals)) {
			fr_diag_add(d, sev, s->source, NULL, 0, 0,
			    "package.disagree", "the facts files show %lld "
			    "individuals on their %zu device%s, but the stored "
			    "count of %s is %lld: count every source again on "
			    "one day", pf->individuals, pf->nfiles,
			    pf->nfiles == 1 ? "" : "s",
			    fr_date_format(s->as_of, a), s->individuals);
			n++;
		}
	}
	if (pf != NULL)
		n += pkg_facts_unmatched(pf, fr_filing_root(p->filing), sev, d);
	return n;
}
