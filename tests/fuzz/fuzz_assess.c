/*
 * fuzz_assess.c — libFuzzer target for the assessment: the input is split
 * at the first NUL into a filing description and a facts document; any
 * filing must give a complete assessment (every result valid, the risk
 * inside its scales, the JSON document built) and any facts document must
 * parse or give a diagnostic, never a crash or a leak.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "core/assess.h"
#include "core/date.h"
#include "core/diag.h"
#include "core/fr.h"
#include "core/rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	const char *s = (const char *)data, *nul = memchr(data, 0, len);
	size_t flen = nul ? (size_t)(nul - s) : len;
	struct rules_facts_doc f;
	struct rules_ctx c;
	struct fr_diags d;
	struct assess a;
	cJSON *filing, *doc;
	size_t k;
	int i, have_facts = 0;

	fr_diags_init(&d);
	rules_ctx_init(&c);
	c.today = fr_date_from_ymd(2026, 11, 22);
	if (nul != NULL) {
		if (rules_facts_parse(&f, "fuzz-facts.json", nul + 1,
		    len - flen - 1, &d) == FR_OK)
			have_facts = 1;
		else if (d.n == 0)
			abort();
	}
	filing = cJSON_ParseWithLength(s, flen);
	if (filing != NULL) {
		c.filing = filing;
		if (have_facts) {
			c.facts = &f;
			c.nfacts = 1;
		}
		/* A catalogue is not needed to grade: an empty one will do. */
		assess_run(&a, &c, cJSON_CreateObject());
		for (k = 0; k < a.report.n; k++)
			if ((int)a.report.v[k].status < 0 ||
			    a.report.v[k].status > RULE_NOT_APPLICABLE)
				abort();
		for (i = 0; i < a.napps; i++)
			if (a.risk[i].level > RISK_LEVEL_SEVERE ||
			    a.risk[i].level != risk_matrix(a.risk[i].impact,
			    a.risk[i].likelihood))
				abort();
		doc = assess_json(&a);
		cJSON_Delete(assess_view(doc, "zh"));
		cJSON_Delete(doc);
		assess_release(&a);
		cJSON_Delete(filing);
	}
	if (have_facts)
		rules_facts_release(&f);
	fr_diags_release(&d);
	return 0;
}
