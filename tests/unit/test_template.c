/*
 * test_template.c — the template language: values, defaults, conditions,
 * loops, errors with line numbers, and the line markup to blocks.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "core/diag.h"
#include "core/fr.h"
#include "render/doc.h"
#include "render/template.h"

static const char *ctx_json =
    "{\"processor\": {\"name_zh\": \"栖霞湾科技\", \"employees\": 2860,"
    " \"ratio\": 0.5, \"listed\": false, \"website\": \"\"},"
    " \"apps\": [{\"name\": \"门禁\"}, {\"name\": \"考勤\"}],"
    " \"tags\": [\"a\", \"b\"], \"empty\": []}";

static void
test_template__expand(void **state)
{
	static const struct {
		const char *tmpl, *lang, *out;
	} rows[] = {
		{ "{{processor.name_zh}}", "zh", "栖霞湾科技" },
		{ "{{ processor.employees }}人", "zh", "2860人" },
		{ "{{processor.ratio}}", "en", "0.5" },
		{ "{{processor.listed}}", "zh", "否" },
		{ "{{processor.listed}}", "en", "No" },
		{ "{{processor.website ?? 无}}", "zh", "无" },
		{ "{{processor.fax ?? n/a}}", "en", "n/a" },
		{ "{{tags}}", "zh", "a、b" },
		{ "{{tags}}", "en", "a, b" },
		{ "{{#if processor.listed}}L{{else}}N{{/if}}", "zh", "N" },
		{ "{{#unless processor.website}}none{{/unless}}", "en", "none" },
		{ "{{#if empty}}x{{else}}y{{/if}}", "en", "y" },
		{ "{{#each apps}}{{@number}}.{{name}}{{#unless @last}};{{/unless}}{{/each}}",
		  "zh", "1.门禁;2.考勤" },
		{ "{{#each tags}}[{{.}}@{{processor.employees}}]{{/each}}", "en",
		  "[a@2860][b@2860]" },
		{ "a\n{{#if processor.name_zh}}\nb\n{{/if}}\nc\n", "zh", "a\nb\nc\n" },
		{ "{{! a comment }}x", "en", "x" },
	};
	cJSON *ctx = cJSON_Parse(ctx_json);
	size_t i;

	(void)state;
	assert_non_null(ctx);
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char *out = NULL;
		struct fr_diags d;

		fr_diags_init(&d);
		if (tmpl_expand(rows[i].tmpl, "t", ctx, rows[i].lang, &out,
		    &d) != FR_OK)
			fail_msg("'%s': %s", rows[i].tmpl,
			    d.n > 0 ? d.v[0].msg : "?");
		if (strcmp(out, rows[i].out) != 0)
			fail_msg("'%s': got '%s', expected '%s'", rows[i].tmpl,
			    out, rows[i].out);
		free(out);
		fr_diags_release(&d);
	}
	cJSON_Delete(ctx);
}

static void
test_template__errors(void **state)
{
	static const struct {
		const char *tmpl;
		int line;
		const char *msg;
	} rows[] = {
		{ "x\n{{processor.fax}}", 2, "{{processor.fax}} has no value" },
		{ "{{#if a}}x", 1, "is not closed" },
		{ "\n\n{{/if}}", 3, "unexpected {{/if}}" },
		{ "{{#loop a}}{{/loop}}", 1, "unknown block" },
		{ "{{a", 1, "unclosed" },
		{ "{{#each processor}}{{/each}}", 1, "not an array" },
		{ "{{processor}}", 1, "has no value" },
	};
	cJSON *ctx = cJSON_Parse(ctx_json);
	size_t i;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char *out = NULL;
		struct fr_diags d;

		fr_diags_init(&d);
		assert_int_equal(tmpl_expand(rows[i].tmpl, "t", ctx, "zh",
		    &out, &d), FR_EINVAL);
		assert_null(out);
		assert_int_equal(d.n, 1);
		if (strstr(d.v[0].msg, rows[i].msg) == NULL ||
		    d.v[0].line != rows[i].line)
			fail_msg("'%s': got line %d '%s', expected line %d "
			    "'%s'", rows[i].tmpl, d.v[0].line, d.v[0].msg,
			    rows[i].line, rows[i].msg);
		fr_diags_release(&d);
	}
	cJSON_Delete(ctx);
}

static void
test_template__markup(void **state)
{
	struct doc *d = doc_new("t", "zh");
	static const char *text =
	    "@subtitle 附件5\n# 承诺书\n\n## 一、总则\n第一行\n第二行 Latin\nwords\n\n"
	    "- 条目\n> 注释\n@right 2026年11月27日\n@sign 单位（盖章）\n"
	    "@sign 法定代表人 :: 林秋远\n@seal 盖章\n@date 年 月 日\n@pagebreak\n"
	    "\\# 不是标题\n";

	(void)state;
	tmpl_to_doc(d, text);
	assert_int_equal(d->n, 10);
	assert_int_equal(d->blocks[0]->kind, DOC_SUBTITLE);
	assert_int_equal(d->blocks[1]->kind, DOC_TITLE);
	assert_string_equal(d->blocks[1]->text, "承诺书");
	assert_int_equal(d->blocks[2]->kind, DOC_HEADING);
	assert_int_equal(d->blocks[3]->kind, DOC_PARA);
	assert_string_equal(d->blocks[3]->text, "第一行第二行 Latin words");
	assert_int_equal(d->blocks[3]->indent, 2);
	assert_int_equal(d->blocks[4]->indent, 0);
	assert_int_equal(d->blocks[5]->kind, DOC_NOTE);
	assert_int_equal(d->blocks[6]->align, DOC_RIGHT);
	assert_int_equal(d->blocks[7]->kind, DOC_SIGNATURE);
	assert_int_equal(d->blocks[7]->nsign, 2);
	assert_string_equal(d->blocks[7]->sign[1].value, "林秋远");
	assert_string_equal(d->blocks[7]->seal, "盖章");
	assert_string_equal(d->blocks[7]->date, "年 月 日");
	assert_int_equal(d->blocks[8]->kind, DOC_PAGEBREAK);
	doc_free(d);
	d = doc_new("t", "zh");
	tmpl_to_doc(d, "\\# 不是标题\n");
	assert_int_equal(d->n, 1);
	assert_string_equal(d->blocks[0]->text, "# 不是标题");
	doc_free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_template__expand),
		cmocka_unit_test(test_template__errors),
		cmocka_unit_test(test_template__markup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
