/*
 * fuzz_factsdoc.c — libFuzzer target for the facts document reader: any
 * input is a document whose invariants hold, or diagnostics; never a
 * crash or a leak.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "core/count.h"
#include "core/diag.h"
#include "core/factsdoc.h"
#include "core/fr.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct fr_factsdoc *f = NULL;
	struct fr_diags d;
	size_t i;

	fr_diags_init(&d);
	if (fr_factsdoc_parse((const char *)data, len, "fuzz.json", &d,
	    &f) == FR_OK) {
		if (f == NULL || d.errors != 0 || f->individuals < 0)
			abort();
		for (i = 0; i < f->npersons; i++)
			if (f->persons[i].until <= f->persons[i].from)
				abort();
	} else if (f != NULL || d.errors == 0)
		abort();
	fr_factsdoc_free(f);
	fr_diags_release(&d);
	return 0;
}
