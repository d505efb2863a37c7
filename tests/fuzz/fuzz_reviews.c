/*
 * fuzz_reviews.c — the review file reader (core/review.h,
 * review_set_parse) on arbitrary input: records whose invariants hold,
 * or diagnostics naming the file and the problem; never a crash or a
 * leak. An accepted set is written back and must read back the same.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/diag.h"
#include "core/fr.h"
#include "core/review.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct review_set s, b;
	struct fr_diags d;
	char *t;
	size_t k;
	int rc;

	fr_diags_init(&d);
	rc = review_set_parse(&s, "fuzz", (const char *)data, size, &d);
	if (rc != FR_OK) {
		if (d.errors == 0 || s.n != 0)
			abort();
	} else {
		for (k = 0; k < s.n; k++)
			if (s.v[k].rule == NULL || *s.v[k].by == '\0' ||
			    *s.v[k].note == '\0' || strlen(s.v[k].hash) != 64 ||
			    s.v[k].app < -1 || review_check_kind(s.v[k].rule,
			    s.v[k].conclusion, NULL) != FR_OK)
				abort();
		t = review_set_text(&s);
		if (review_set_parse(&b, "again", t, strlen(t), NULL) != FR_OK ||
		    b.n != s.n)
			abort();
		for (k = 0; k < s.n; k++)
			if (strcmp(b.v[k].rule, s.v[k].rule) != 0 ||
			    strcmp(b.v[k].note, s.v[k].note) != 0 ||
			    b.v[k].date != s.v[k].date ||
			    b.v[k].app != s.v[k].app)
				abort();
		free(t);
		review_set_release(&b);
	}
	review_set_release(&s);
	fr_diags_release(&d);
	return 0;
}
