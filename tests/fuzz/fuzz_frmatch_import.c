/*
 * fuzz_frmatch_import.c — libFuzzer target for frmatch's parsers: the
 * template parser (raw float32 or JSON, dimension 64) and the NDJSON
 * import line parser, including base64. The parsers belong to frmatch,
 * so they are compiled in here.
 *
 *   make fuzz && build-fuzz/fuzz/fuzz_frmatch_import -max_total_time=60
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "frmatch/tmpl.c"
#include "frmatch/fmutil.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fm_import_rec r;
	struct fm_err e;
	const uint8_t *p, *nl;
	float *v = NULL;
	unsigned char *b = NULL;
	size_t n;

	if (fm_tmpl_parse(data, size, 64, &v, &e) == FR_OK) {
		if (fm_tmpl_check(v, 64, &e) != FR_OK)
			abort();	/* parse must only return checked data */
		free(v);
	}
	for (p = data; p < data + size; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(data + size - p));
		if (nl == NULL)
			nl = data + size;
		if (fm_import_parse((const char *)p, (size_t)(nl - p), 64, &r,
		    &e) == FR_OK) {
			if (r.person == NULL || r.tmpl == NULL)
				abort();
			fm_import_rec_release(&r);
		}
	}
	if (fm_base64_decode((const char *)data, size, &b, &n) == FR_OK)
		free(b);
	return 0;
}
