/*
 * fuzz_template.c — the template language and its line markup on
 * arbitrary input: parse, expand against a small filing-like context and
 * turn the result into document blocks.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "core/diag.h"
#include "core/fr.h"
#include "render/doc.h"
#include "render/template.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static cJSON *ctx;
	struct fr_diags d;
	struct doc *doc;
	char *src, *out = NULL;

	if (ctx == NULL)
		ctx = cJSON_Parse("{\"a\": {\"b\": \"x\", \"n\": 3, \"t\": true},"
		    " \"l\": [1, \"two\", {\"c\": false}], \"e\": []}");
	src = fr_xstrndup((const char *)data, size);
	fr_diags_init(&d);
	doc = doc_new("fuzz", size > 0 && data[0] & 1 ? "en" : "zh");
	if (tmpl_expand(src, "fuzz", ctx, doc->lang, &out, &d) == FR_OK)
		tmpl_to_doc(doc, out);
	tmpl_to_doc(doc, src);
	free(out);
	free(src);
	doc_free(doc);
	fr_diags_release(&d);
	return 0;
}
