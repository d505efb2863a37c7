/*
 * fuzz_stored.c — the saved count reader (core/stored.h,
 * fr_stored_from_count_json) on arbitrary input: a record whose
 * invariants hold, or diagnostics naming the problem; never a crash or a
 * leak. An accepted record is then written as JSON and in words.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "core/diag.h"
#include "core/fr.h"
#include "core/history.h"
#include "core/stored.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fr_stored s;
	struct fr_diags d;
	char *zh, *en;
	int rc;

	fr_stored_init(&s);
	fr_diags_init(&d);
	rc = fr_stored_from_count_json(&s, (const char *)data, size, "fuzz",
	    FR_THRESHOLD_DEFAULT, &d);
	if (rc != FR_OK) {
		if (d.errors == 0 || s.individuals != -1)
			abort();
	} else {
		if (s.individuals < 0 || s.as_of < 0 || d.errors != 0 ||
		    (s.individuals >= FR_THRESHOLD_DEFAULT && !s.reached) ||
		    s.cover.devices + s.cover.exports != s.cover.total)
			abort();
		cJSON_Delete(fr_stored_json(&s));
		zh = fr_stored_method_text(&s, "zh");
		en = fr_stored_method_text(&s, "en");
		if (zh == NULL || en == NULL)
			abort();
		free(zh);
		free(en);
	}
	fr_stored_release(&s);
	fr_diags_release(&d);
	return 0;
}
