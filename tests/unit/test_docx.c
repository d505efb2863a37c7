/*
 * test_docx.c — the Word back end on a small document built in the test:
 * every part of the zip is well-formed XML that libxml2 parses; text is
 * escaped, control characters left out and line breaks kept; headings
 * take the heading styles; a grid's header row repeats and its
 * workbook-only column stays out, and a table with nothing to show is
 * left out; the watermark is there even when the document is not marked
 * a draft (a DOCX is always one); the same document gives the same bytes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <zip.h>

#include "core/fr.h"
#include "render/doc.h"
#include "render/docx.h"

/* A part of the DOCX as a string (caller frees), NULL when absent. */
static char *
part(const unsigned char *buf, size_t len, const char *name)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *z;
	zip_file_t *f;
	zip_stat_t st;
	char *out = NULL;

	zip_error_init(&ze);
	src = zip_source_buffer_create(buf, len, 0, &ze);
	assert_non_null(src);
	z = zip_open_from_source(src, ZIP_RDONLY, &ze);
	assert_non_null(z);
	if (zip_stat(z, name, 0, &st) == 0 &&
	    (f = zip_fopen(z, name, 0)) != NULL) {
		out = fr_xmalloc(st.size + 1);
		assert_int_equal(zip_fread(f, out, st.size),
		    (zip_int64_t)st.size);
		out[st.size] = '\0';
		zip_fclose(f);
	}
	zip_close(z);
	zip_error_fini(&ze);
	return out;
}

static struct doc *
sample(void)
{
	static const char *const hdr[3] = { "项目", "证据", "结论" };
	static const double wid[3] = { 1, 0, 2 };
	struct doc *d = doc_new("t", "zh");
	struct doc_block *b;
	const char *row[3] = { "A & B < C", "filing.processor.uscc", "通过" };

	d->created = 1764172800;
	d->draft = 0;
	doc_set_meta(d, "测试文书", "主题", "作者", "1.0");
	doc_pagebreak(d);
	doc_title(d, "测试文书");
	doc_heading(d, 1, "一、概述");
	doc_heading(d, 2, "（一）范围");
	doc_para(d, "第一行\n第二行\x01，带控制字符。");
	b = doc_kv(d);
	doc_kv_section(b, "一、单位");
	doc_kv_row(b, "名称", "杭州某公司");
	b = doc_grid(d, 3, hdr, wid);
	doc_grid_row(b, row);
	doc_pagebreak(d);
	b = doc_checklist(d, NULL);
	doc_check_item(b, "附件1", 1, "已生成", NULL);
	doc_check_item(b, "营业执照", 0, "待扫描", "加盖公章");
	b = doc_signature(d);
	doc_sign_line(b, "委托单位（盖章）：", NULL);
	doc_sign_seal(b, "单位公章");
	doc_sign_date(b, "年 月 日");
	return d;
}

static void
test_docx__parts_parse(void **state)
{
	static const char *const names[] = { "[Content_Types].xml",
	    "_rels/.rels", "docProps/core.xml", "docProps/app.xml",
	    "word/_rels/document.xml.rels", "word/document.xml",
	    "word/styles.xml", "word/settings.xml", "word/fontTable.xml",
	    "word/header1.xml", "word/footer1.xml", NULL };
	struct doc *d = sample();
	unsigned char *buf = NULL;
	size_t len = 0, i;
	char *err = NULL, *x;

	(void)state;
	assert_int_equal(docx_render(d, &buf, &len, &err), FR_OK);
	assert_null(err);
	for (i = 0; names[i] != NULL; i++) {
		xmlDocPtr xd;

		x = part(buf, len, names[i]);
		assert_non_null(x);
		xd = xmlReadMemory(x, (int)strlen(x), names[i], NULL,
		    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
		if (xd == NULL)
			fail_msg("%s is not well-formed", names[i]);
		xmlFreeDoc(xd);
		free(x);
	}
	free(buf);
	doc_free(d);
}

static void
test_docx__content(void **state)
{
	struct doc *d = sample();
	unsigned char *buf = NULL;
	size_t len = 0;
	char *err = NULL, *x, *h, *f, *p;

	(void)state;
	assert_int_equal(docx_render(d, &buf, &len, &err), FR_OK);
	x = part(buf, len, "word/document.xml");
	assert_non_null(strstr(x, "<w:pStyle w:val=\"Heading1\"/>"));
	assert_non_null(strstr(x, "<w:pStyle w:val=\"Heading2\"/>"));
	assert_non_null(strstr(x, "<w:pStyle w:val=\"Title\"/>"));
	assert_non_null(strstr(x, "A &amp; B &lt; C"));
	assert_non_null(strstr(x, "第一行</w:t><w:br/>"));
	assert_non_null(strstr(x, "第二行，带控制字符。"));
	assert_null(strchr(x, '\x01'));
	/* The evidence column (width 0) is for the workbook only. */
	assert_null(strstr(x, "证据"));
	assert_null(strstr(x, "filing.processor"));
	assert_non_null(strstr(x, "<w:tblHeader/>"));
	assert_non_null(strstr(x, "\u2611 "));
	assert_non_null(strstr(x, "\u2610 "));
	/* One page break: none before the first block. */
	p = strstr(x, "w:type=\"page\"");
	assert_non_null(p);
	assert_null(strstr(p + 1, "w:type=\"page\""));
	assert_true(p > strstr(x, "Heading1"));
	h = part(buf, len, "word/header1.xml");
	assert_non_null(strstr(h, "string=\"草稿\""));
	f = part(buf, len, "word/footer1.xml");
	assert_non_null(strstr(f, " PAGE "));
	assert_non_null(strstr(f, " NUMPAGES "));
	assert_non_null(strstr(f, "测试文书  1.0"));
	free(f);
	free(h);
	free(x);
	x = part(buf, len, "docProps/core.xml");
	assert_non_null(strstr(x, "2025-11-26T16:00:00Z"));
	assert_non_null(strstr(x, "<dc:title>测试文书</dc:title>"));
	free(x);
	free(buf);
	doc_free(d);
}

/* Tables with nothing to show on a page are left out, not left empty. */
static void
test_docx__empty_tables(void **state)
{
	static const char *const hdr[1] = { "证据" };
	static const double wid[1] = { 0 };
	struct doc *d = doc_new("e", "en");
	unsigned char *buf = NULL;
	size_t len = 0;
	char *err = NULL, *x;
	xmlDocPtr xd;

	(void)state;
	doc_kv(d);
	doc_grid(d, 1, hdr, wid);
	doc_para(d, "After.");
	assert_int_equal(docx_render(d, &buf, &len, &err), FR_OK);
	x = part(buf, len, "word/document.xml");
	assert_null(strstr(x, "<w:tbl>"));
	assert_non_null(strstr(x, "After."));
	xd = xmlReadMemory(x, (int)strlen(x), "document.xml", NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	assert_non_null(xd);
	xmlFreeDoc(xd);
	free(x);
	x = part(buf, len, "word/header1.xml");
	assert_non_null(strstr(x, "string=\"DRAFT\""));
	free(x);
	free(buf);
	doc_free(d);
}

static void
test_docx__reproducible(void **state)
{
	struct doc *d = sample();
	unsigned char *a = NULL, *b = NULL;
	size_t la = 0, lb = 0;
	char *err = NULL;

	(void)state;
	assert_int_equal(docx_render(d, &a, &la, &err), FR_OK);
	assert_int_equal(docx_render(d, &b, &lb, &err), FR_OK);
	assert_int_equal(la, lb);
	assert_memory_equal(a, b, la);
	free(a);
	free(b);
	doc_free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_docx__parts_parse),
		cmocka_unit_test(test_docx__content),
		cmocka_unit_test(test_docx__empty_tables),
		cmocka_unit_test(test_docx__reproducible),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
