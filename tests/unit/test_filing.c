/*
 * test_filing.c — the loader's accessors and positions, the schema and
 * forms as loaded from forms/, and the validator on the sample filing and
 * every deliberately broken sample (one row per file: the problem it must
 * produce, where, and the answer).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "core/date.h"
#include "core/filing.h"
#include "core/forms.h"
#include "core/fr.h"
#include "core/validate.h"

/* Tests run from the source tree (tests/run.sh does cd there). */
#define SAMPLES "samples"
#define FORMS "forms"

static int
today(void)
{
	int d;

	assert_int_equal(fr_date_parse("2026-11-22", &d), FR_OK);
	return d;
}

static void
test_filing__accessors(void **state)
{
	static const char doc[] =
	    "{\n"
	    "  \"processor\": {\"uscc\": \"X\", \"employees\": 12},\n"
	    "  \"applications\": [\n"
	    "    {\"id\": \"a\", \"ok\": true, \"n\": 1.5, \"d\": \"2025-06-01\"},\n"
	    "    {\"id\": \"b\", \"odd key\": null}\n"
	    "  ]\n"
	    "}\n";
	struct fr_diags d;
	struct fr_filing *f;
	long long ll;
	int b, line, col, date;

	(void)state;
	fr_diags_init(&d);
	assert_int_equal(fr_filing_parse("t.json", doc, strlen(doc), &f, &d),
	    FR_OK);
	assert_int_equal(d.n, 0);
	assert_string_equal(fr_filing_name(f), "t.json");
	assert_string_equal(fr_filing_str(f, "processor.uscc"), "X");
	assert_null(fr_filing_str(f, "processor.employees"));
	assert_null(fr_filing_str(f, "processor.nothing"));
	assert_int_equal(fr_filing_int(f, "processor.employees", &ll), FR_OK);
	assert_int_equal(ll, 12);
	assert_int_equal(fr_filing_int(f, "applications[0].n", &ll), FR_EINVAL);
	assert_int_equal(fr_filing_int(f, "applications[0].id", &ll),
	    FR_EINVAL);
	assert_int_equal(fr_filing_bool(f, "applications[0].ok", &b), FR_OK);
	assert_true(b);
	assert_int_equal(fr_filing_bool(f, "applications[1].ok", &b),
	    FR_ENOENT);
	assert_int_equal(fr_filing_date(f, "applications[0].d", &date), FR_OK);
	assert_int_equal(fr_filing_date(f, "applications[0].id", &date),
	    FR_EINVAL);
	assert_string_equal(fr_filing_str(f, "applications[1].id"), "b");
	assert_null(fr_filing_get(f, "applications[2].id"));
	assert_null(fr_filing_get(f, "applications[x]"));
	assert_null(fr_filing_get(f, "processor[0]"));
	assert_non_null(fr_filing_get(f, "applications[1][\"odd key\"]"));
	assert_int_equal(fr_filing_count(f, "applications"), 2);
	assert_int_equal(fr_filing_count(f, "processor"), 0);
	assert_ptr_equal(fr_filing_get(f, ""), fr_filing_root(f));

	assert_int_equal(fr_filing_pos(f, "processor.employees", &line, &col),
	    FR_OK);
	assert_int_equal(line, 2);
	assert_int_equal(col, 43);
	assert_int_equal(fr_filing_node_key_pos(f,
	    fr_filing_get(f, "processor.employees"), &line, &col), FR_OK);
	assert_int_equal(line, 2);
	assert_int_equal(col, 30);
	assert_int_equal(fr_filing_pos(f, "applications[1]", &line, &col),
	    FR_OK);
	assert_int_equal(line, 5);
	assert_int_equal(col, 5);
	assert_int_equal(fr_filing_pos(f, "nothing", &line, &col), FR_ENOENT);
	assert_int_equal(line, 0);
	fr_filing_free(f);
	fr_filing_free(NULL);
	fr_diags_release(&d);
}

static void
test_filing__load_errors(void **state)
{
	static const struct {
		const char *file;
		int rc;
		const char *code;
	} rows[] = {
		{ SAMPLES "/filing.json", FR_OK, NULL },
		{ SAMPLES "/broken/syntax-error.json", FR_EFORMAT, "json.syntax" },
		{ SAMPLES "/broken/not-json.json", FR_EFORMAT, "json.syntax" },
		{ SAMPLES "/broken/nul-byte.json", FR_EFORMAT, "json.nul" },
		{ SAMPLES "/broken/invalid-utf8.json", FR_EFORMAT, "json.utf8" },
		{ SAMPLES "/broken/deep-nesting.json", FR_EFORMAT, "json.depth" },
		{ SAMPLES "/broken/duplicate-key.json", FR_OK,
		    "json.duplicate_key" },
		{ SAMPLES "/no-such-file.json", FR_EIO, "io" },
	};
	struct fr_diags d;
	struct fr_filing *f;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		fr_diags_init(&d);
		if (fr_filing_load(rows[i].file, &f, &d) != rows[i].rc)
			fail_msg("%s: want rc %d", rows[i].file, rows[i].rc);
		if (rows[i].code == NULL)
			assert_int_equal(d.n, 0);
		else if (d.n == 0 || strcmp(d.v[0].code, rows[i].code) != 0)
			fail_msg("%s: want %s", rows[i].file, rows[i].code);
		assert_true(rows[i].rc == FR_OK ? f != NULL : f == NULL);
		fr_filing_free(f);
		fr_diags_release(&d);
	}
}

/* Every key, enum and validator the forms and schema name exists. */
static void
check_node(const struct fr_schema *s, const struct fr_schema_node *n)
{
	size_t i;

	if (n->validator != NULL && !fr_validator_known(n->validator))
		fail_msg("unknown validator %s", n->validator);
	if (n->enum_name != NULL && fr_schema_enum(s, n->enum_name) == NULL)
		fail_msg("unknown enum %s", n->enum_name);
	if (n->doc == NULL && n->parent != NULL && n->name != NULL)
		fail_msg("%s has no doc", n->name);
	for (i = 0; i < n->nfields; i++)
		check_node(s, &n->fields[i]);
	if (n->items != NULL)
		check_node(s, n->items);
}

static void
test_filing__schema(void **state)
{
	struct fr_diags d;
	struct fr_schema *s;
	const struct fr_schema_node *n;
	const struct fr_form *fm;
	size_t i, k, m;

	(void)state;
	fr_diags_init(&d);
	assert_int_equal(fr_schema_load(FORMS, &s, &d), FR_OK);
	assert_int_equal(d.n, 0);
	check_node(s, &s->root);
	assert_int_equal(s->nforms, 5);
	for (i = 1; i <= 5; i++) {
		fm = fr_schema_form_n(s, (int)i);
		assert_non_null(fm);
		assert_non_null(fm->title_zh);
		for (k = 0; k < fm->nsections; k++)
			for (m = 0; m < fm->sections[k].nfields; m++) {
				const struct fr_form_field *f =
				    &fm->sections[k].fields[m];

				assert_true(f->node != NULL || f->fact != NULL);
				if (f->validator != NULL)
					assert_true(fr_validator_known(
					    f->validator));
			}
	}
	/* The keys the issue names, and lookups with and without indexes. */
	assert_non_null(fr_schema_lookup(s, "processor.uscc"));
	assert_non_null(fr_schema_lookup(s, "legal_representative.id_number"));
	assert_non_null(fr_schema_lookup(s, "pi_protection_officer.phone"));
	assert_non_null(fr_schema_lookup(s, "agent.id_type"));
	n = fr_schema_lookup(s, "applications[].locations[].place_type");
	assert_non_null(n);
	assert_string_equal(n->enum_name, "place_type");
	assert_ptr_equal(fr_schema_lookup(s,
	    "applications[3].locations[0].place_type"), n);
	assert_non_null(fr_schema_lookup(s, "security_measures.encryption"));
	assert_non_null(fr_schema_lookup(s, "filing.previous_reference"));
	assert_null(fr_schema_lookup(s, "processor.nothing"));
	assert_null(fr_schema_lookup(s, "processor[]"));
	assert_string_equal(fr_enum_label(s, "province", "zhejiang", "zh"),
	    "浙江省");
	assert_string_equal(fr_enum_label(s, "method", "identification", "en"),
	    "Identification (1:N)");
	assert_null(fr_enum_label(s, "province", "atlantis", "en"));
	assert_true(fr_enum_flag(fr_enum_find(fr_schema_enum(s, "place_type"),
	    "restroom"), "prohibited"));
	assert_false(fr_enum_flag(fr_enum_find(fr_schema_enum(s, "place_type"),
	    "office"), "prohibited"));
	assert_non_null(fr_schema_form(s, "attachment4"));
	assert_null(fr_schema_form(s, "attachment9"));
	fr_schema_free(s);
	fr_schema_free(NULL);
	fr_diags_release(&d);
}

static void
test_filing__validate_samples(void **state)
{
	static const struct {
		const char *file;
		int rc;			/* fr_validate's answer */
		const char *code;	/* a problem that must be reported */
		const char *path;
		int line;
		size_t errors, warnings;
	} rows[] = {
		{ "filing.json", FR_OK, NULL, NULL, 0, 0, 0 },
		{ "broken/uscc-check.json", FR_EINVAL, "uscc", "processor.uscc",
		    16, 1, 0 },
		{ "broken/uscc-orgcode.json", FR_EINVAL, "uscc",
		    "processor.uscc", 16, 1, 0 },
		{ "broken/id-checksum.json", FR_EINVAL, "id_number",
		    "legal_representative.id_number", 33, 2, 0 },
		{ "broken/passport-shape.json", FR_EINVAL, "id_number",
		    "contact.id_number", 57, 1, 0 },
		{ "broken/prohibited-location.json", FR_EINVAL,
		    "art13.prohibited", "applications[1].locations[0].place_type",
		    209, 1, 0 },
		{ "broken/minors-no-guardian.json", FR_EINVAL, "art7.guardian",
		    "applications[2].minors.guardian_consent_process", 290, 1, 0 },
		{ "broken/consent-no-withdrawal.json", FR_EINVAL,
		    "art6.withdrawal", "applications[1].consent.withdrawal_channel",
		    193, 1, 0 },
		{ "broken/retention-missing.json", FR_EINVAL, "required",
		    "applications[2].retention_days", 255, 1, 0 },
		{ "broken/province-mismatch.json", FR_OK, "uscc.province",
		    "processor.province", 21, 0, 1 },
		{ "broken/unknown-key.json", FR_OK, "unknown_key",
		    "processor.postal_cdoe", 20, 0, 2 },
		{ "broken/contact-shapes.json", FR_EINVAL, "phone",
		    "pi_protection_officer.phone", 42, 3, 0 },
		{ "broken/wrong-types.json", FR_EINVAL, "enum",
		    "applications[0].method", 79, 4, 0 },
	};
	struct fr_diags d;
	struct fr_filing *f;
	struct fr_schema *s;
	char *path;
	size_t i, k;
	int rc, found;

	(void)state;
	fr_diags_init(&d);
	assert_int_equal(fr_schema_load(FORMS, &s, &d), FR_OK);
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		path = fr_xasprintf("%s/%s", SAMPLES, rows[i].file);
		fr_diags_init(&d);
		assert_int_equal(fr_filing_load(path, &f, &d), FR_OK);
		rc = fr_validate(f, s, today(), &d);
		if (rc != rows[i].rc || d.errors != rows[i].errors ||
		    d.warnings != rows[i].warnings) {
			fr_diags_print(&d, stderr, "  ");
			fail_msg("%s: rc %d, %zu errors, %zu warnings", path,
			    rc, d.errors, d.warnings);
		}
		for (k = 0, found = 0; rows[i].code && k < d.n; k++)
			if (strcmp(d.v[k].code, rows[i].code) == 0 &&
			    strcmp(d.v[k].path, rows[i].path) == 0 &&
			    d.v[k].line == rows[i].line)
				found = 1;
		if (rows[i].code != NULL && !found) {
			fr_diags_print(&d, stderr, "  ");
			fail_msg("%s: no %s at %s line %d", path, rows[i].code,
			    rows[i].path, rows[i].line);
		}
		/* No identity number in clear in any message. */
		for (k = 0; k < d.n; k++) {
			assert_null(strstr(d.v[k].msg, "330106197803151236"));
			assert_null(strstr(d.v[k].msg, "330105209211230317"));
		}
		fr_filing_free(f);
		fr_diags_release(&d);
		free(path);
	}
	fr_schema_free(s);
}

/* Cross-field rules on small edits of the sample, one row each. */
static void
test_filing__cross_rules(void **state)
{
	static const struct {
		const char *path;	/* set this value ... */
		const char *json;	/* ... to this JSON */
		const char *code;	/* and expect this problem */
		int error;
	} rows[] = {
		{ "applications[0].locations[0].place_type", "\"hotel_room\"",
		    "art13.prohibited", 1 },
		{ "applications[0].locations[0].place_type", "\"public_bath\"",
		    "art13.prohibited", 1 },
		{ "applications[0].locations[0].place_type", "\"changing_room\"",
		    "art13.prohibited", 1 },
		{ "applications[0].locations[0].place_type", "\"transport_hub\"",
		    "art13.necessity", 1 },
		{ "applications[0].minors.under_14_possible", "true",
		    "art7.guardian", 1 },
		{ "applications[0].minors.under_14_possible", "true",
		    "art7.rules", 1 },
		{ "applications[0].consent.withdrawal_channel", "null",
		    "art6.withdrawal", 1 },
		{ "applications[0].consent.separate", "false",
		    "art6.separate", 1 },
		{ "applications[0].raw_images_kept", "true", "art8.images", 1 },
		{ "applications[0].external_transmission.occurs", "true",
		    "art8.transmission", 1 },
		{ "applications[0].retention_days", "null", "required", 1 },
		{ "applications[0].retention_days", "0", "range", 1 },
		{ "applications[1].id", "\"office-access\"", "duplicate_id", 1 },
		{ "filing.type", "\"change\"", "filing.previous", 1 },
		{ "filing.type", "\"cancellation\"", "filing.termination_date", 1 },
		{ "processor.province", "\"guangdong\"", "uscc.province", 0 },
		{ "applications[0].storage.in_china", "false", "storage.abroad", 0 },
		{ "applications[0].alternatives.offered", "false",
		    "art10.alternative", 0 },
		{ "schema", "\"frfile-filing/9\"", "schema", 1 },
		{ "applications", "[]", "required", 1 },
		{ "processor", "[]", "type", 1 },
		{ "power_of_attorney.valid_until", "\"2026-01-01\"",
		    "date.order", 1 },
	};
	struct fr_diags d;
	struct fr_filing *f;
	struct fr_schema *s;
	char *buf, *text;
	size_t len, i, k;
	cJSON *root, *parent, *val;
	char *last, *ppath;
	int found;

	(void)state;
	fr_diags_init(&d);
	assert_int_equal(fr_schema_load(FORMS, &s, &d), FR_OK);
	assert_int_equal(fr_read_file(SAMPLES "/filing.json", 0, &buf, &len),
	    FR_OK);
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		root = cJSON_Parse(buf);
		/* split "a.b[0].c" into parent "a.b[0]" and member "c" */
		ppath = fr_xstrdup(rows[i].path);
		last = strrchr(ppath, '.');
		parent = root;
		if (last != NULL) {
			*last++ = '\0';
			parent = (cJSON *)fr_json_at(root, ppath);
		} else
			last = ppath;
		assert_non_null(parent);
		val = cJSON_Parse(rows[i].json);
		assert_true(cJSON_ReplaceItemInObjectCaseSensitive(parent,
		    last, val));
		text = cJSON_Print(root);
		fr_diags_init(&d);
		assert_int_equal(fr_filing_parse("t.json", text, strlen(text),
		    &f, &d), FR_OK);
		fr_validate(f, s, today(), &d);
		for (k = 0, found = 0; k < d.n; k++)
			if (strcmp(d.v[k].code, rows[i].code) == 0 &&
			    (d.v[k].sev == FR_SEV_ERROR) == rows[i].error &&
			    d.v[k].line > 0)
				found = 1;
		if (!found) {
			fr_diags_print(&d, stderr, "  ");
			fail_msg("%s = %s: no %s %s", rows[i].path,
			    rows[i].json, rows[i].error ? "error" : "warning",
			    rows[i].code);
		}
		fr_filing_free(f);
		fr_diags_release(&d);
		free(text);
		free(ppath);
		cJSON_Delete(root);
	}
	free(buf);
	fr_schema_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_filing__accessors),
		cmocka_unit_test(test_filing__load_errors),
		cmocka_unit_test(test_filing__schema),
		cmocka_unit_test(test_filing__validate_samples),
		cmocka_unit_test(test_filing__cross_rules),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
