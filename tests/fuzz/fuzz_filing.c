/*
 * fuzz_filing.c — libFuzzer target for the filing loader and validator:
 * any bytes go through fr_filing_parse (strict scan, cJSON, position
 * map) and, when they are JSON, fr_validate against the real schema and
 * forms. Build with `make fuzz`; run from the source root (or set
 * FRFILE_DATADIR) with a corpus seeded from samples/ and samples/broken/:
 *   mkdir corpus && cp samples/filing.json samples/broken/[a-z]*.json corpus/
 *   UBSAN_OPTIONS=halt_on_error=1 build-fuzz/fuzz/fuzz_filing \
 *       -max_total_time=600 -max_len=20000 -dict=tests/fuzz/filing.dict corpus/
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "core/date.h"
#include "core/diag.h"
#include "core/filing.h"
#include "core/forms.h"
#include "core/fr.h"
#include "core/validate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct fr_schema *schema;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fr_diags d;
	struct fr_filing *f = NULL;
	char *line;

	if (schema == NULL) {
		fr_diags_init(&d);
		/* The same forms the program reads; a missing one is fatal. */
		if (fr_schema_load(getenv("FRFILE_DATADIR") ? NULL : "forms",
		    &schema, &d) != FR_OK)
			abort();
		fr_diags_release(&d);
	}
	fr_diags_init(&d);
	if (fr_filing_parse("fuzz.json", (const char *)data, size, &f, &d) ==
	    FR_OK) {
		(void)fr_validate(f, schema, fr_date_from_ymd(2026, 11, 22), &d);
		/* Exercise the accessors the renderers use. */
		(void)fr_filing_str(f, "processor.uscc");
		(void)fr_filing_count(f, "applications");
		(void)fr_filing_get(f, "applications[0].locations[0].place_type");
	}
	/* Every message must be printable: render them all. */
	if (d.n > 0) {
		line = fr_xasprintf("%s:%s", d.v[0].path ? d.v[0].path : "",
		    d.v[d.n - 1].msg);
		free(line);
	}
	fr_diags_release(&d);
	fr_filing_free(f);
	return 0;
}
