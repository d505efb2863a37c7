/*
 * test_xlsx.c — the XLSX back end on documents built in the test, read
 * back from the workbook's XML (libzip, libxml2): every label beside its
 * value, grid rows under their header, sheet names Excel accepts, the
 * hidden sheet of drop-down choices, the document properties with the
 * pinned creation time, mode 0600, an existing file refused and left
 * alone, and the same document giving the same bytes.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zip.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "core/fr.h"
#include "render/doc.h"
#include "render/xlsx.h"

#define NS "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

static char dir[] = "/tmp/test_xlsx.XXXXXX";

static int
setup(void **state)
{
	(void)state;
	return mkdtemp(dir) != NULL ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	return rmdir(dir);
}

/* The bytes of member name of the workbook at path (NUL-terminated). */
static char *
member(const char *path, const char *name, size_t *lenp)
{
	zip_t *z;
	zip_file_t *zf;
	zip_stat_t st;
	char *buf;
	int err = 0;

	z = zip_open(path, ZIP_RDONLY, &err);
	assert_non_null(z);
	if (zip_stat(z, name, 0, &st) != 0)
		fail_msg("%s has no %s", path, name);
	buf = fr_xmalloc(st.size + 1);
	zf = zip_fopen(z, name, 0);
	assert_non_null(zf);
	assert_int_equal(zip_fread(zf, buf, st.size), (zip_int64_t)st.size);
	buf[st.size] = '\0';
	zip_fclose(zf);
	zip_close(z);
	if (lenp != NULL)
		*lenp = st.size;
	return buf;
}

static xmlDocPtr
member_xml(const char *path, const char *name)
{
	size_t len;
	char *buf = member(path, name, &len);
	xmlDocPtr x = xmlReadMemory(buf, (int)len, name, NULL, XML_PARSE_NONET);

	free(buf);
	assert_non_null(x);
	return x;
}

/* The string value of an XPath expression (x: prefix for the main ns). */
static char *
xpath_str(xmlDocPtr x, const char *expr)
{
	xmlXPathContextPtr c = xmlXPathNewContext(x);
	xmlXPathObjectPtr o;
	xmlChar *s;
	char *r;

	xmlXPathRegisterNs(c, BAD_CAST "x", BAD_CAST NS);
	xmlXPathRegisterNs(c, BAD_CAST "dc",
	    BAD_CAST "http://purl.org/dc/elements/1.1/");
	xmlXPathRegisterNs(c, BAD_CAST "dcterms",
	    BAD_CAST "http://purl.org/dc/terms/");
	o = xmlXPathEvalExpression(BAD_CAST expr, c);
	assert_non_null(o);
	s = xmlXPathCastToString(o);
	r = fr_xstrdup((const char *)s);
	xmlFree(s);
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(c);
	return r;
}

/*
 * The text of cell ref ("B3") of worksheet n (1-based), through the
 * shared strings; NULL when the cell is empty or absent.
 */
static char *
cell(const char *path, int n, const char *ref)
{
	char *name = fr_xasprintf("xl/worksheets/sheet%d.xml", n), *e, *v;
	xmlDocPtr ws = member_xml(path, name), ss;
	long idx;

	e = fr_xasprintf("string(//x:c[@r='%s']/@t)", ref);
	v = xpath_str(ws, e);
	free(e);
	if (strcmp(v, "s") != 0) {
		free(v);
		e = fr_xasprintf("string(//x:c[@r='%s']/x:v)", ref);
		v = xpath_str(ws, e);
		free(e);
		xmlFreeDoc(ws);
		free(name);
		if (*v == '\0') {
			free(v);
			return NULL;
		}
		return v;
	}
	free(v);
	e = fr_xasprintf("string(//x:c[@r='%s']/x:v)", ref);
	v = xpath_str(ws, e);
	free(e);
	idx = strtol(v, NULL, 10);
	free(v);
	xmlFreeDoc(ws);
	free(name);
	ss = member_xml(path, "xl/sharedStrings.xml");
	e = fr_xasprintf("string(/x:sst/x:si[%ld])", idx + 1);
	v = xpath_str(ss, e);
	free(e);
	xmlFreeDoc(ss);
	return v;
}

/* The reference of the first cell of worksheet n whose text is s. */
static char *
find(const char *path, int n, const char *s)
{
	xmlDocPtr ss = member_xml(path, "xl/sharedStrings.xml"), ws;
	char *e, *v, *name;

	e = fr_xasprintf("count(/x:sst/x:si[string(.)='%s']"
	    "/preceding-sibling::x:si)", s);
	v = xpath_str(ss, e);
	free(e);
	xmlFreeDoc(ss);
	name = fr_xasprintf("xl/worksheets/sheet%d.xml", n);
	ws = member_xml(path, name);
	e = fr_xasprintf("string(//x:c[@t='s' and x:v='%s'][1]/@r)", v);
	free(v);
	v = xpath_str(ws, e);
	free(e);
	xmlFreeDoc(ws);
	free(name);
	if (*v == '\0')
		fail_msg("sheet %d has no cell '%s'", n, s);
	return v;
}

/* The cell at column col of the row of ref ("A7", 'B' -> "B7"). */
static char *
beside(const char *ref, char col)
{
	const char *p = ref;

	while (*p >= 'A' && *p <= 'Z')
		p++;
	return fr_xasprintf("%c%s", col, p);
}

static void
assert_cell(const char *path, int n, const char *ref, const char *want)
{
	char *got = cell(path, n, ref);

	if (got == NULL || strcmp(got, want) != 0)
		fail_msg("sheet %d %s: got '%s', expected '%s'", n, ref,
		    got != NULL ? got : "(empty)", want);
	free(got);
}

/* A record form: a title, a key-value table with a choice, a grid. */
static struct doc *
form(const char *id, const char *sheet)
{
	static const char *const opts[] = { "是", "否" };
	static const char *const hdr[] = { "设备", "人数", "备注" };
	static const char *const r1[] = { "gate-01", "118,609", "主入口" };
	static const char *const r2[] = { "gate-02", "2,048", "" };
	struct doc *d = doc_new(id, "zh");
	struct doc_block *b;

	d->created = 1764000000;
	doc_set_meta(d, "人脸识别技术应用备案表", "备案", "某某有限公司",
	    "v1");
	if (sheet != NULL)
		doc_set_sheet(d, sheet);
	doc_title(d, "人脸识别技术应用备案表");
	b = doc_kv(d);
	doc_kv_section(b, "一、基本情况");
	doc_kv_row(b, "单位名称", "某某有限公司");
	doc_kv_row(b, "是否向境外提供", "否");
	doc_kv_options(b, opts, 2);
	doc_kv_row(b, "存储人数", "118,609");
	b = doc_grid(d, 3, hdr, NULL);
	doc_grid_row(b, r1);
	doc_grid_row(b, r2);
	return d;
}

static char *
write_book(const struct doc *const *docs, size_t n, const char *name)
{
	struct xlsx_meta m = { "备案材料", "主题", "某某有限公司", "人脸识别",
	    "某某有限公司", 1764000000 };
	char *path = fr_xasprintf("%s/%s", dir, name), *err = NULL;
	int rc = xlsx_write(docs, n, &m, path, 0600, &err);

	if (rc != FR_OK)
		fail_msg("xlsx_write: %s", err != NULL ? err : "?");
	return path;
}

/* Every label sits beside its value; grid rows sit under the header. */
static void
test_xlsx__cells(void **state)
{
	struct doc *d = form("attachment-2", "备案表");
	const struct doc *docs[] = { d };
	char *path = write_book(docs, 1, "cells.xlsx"), *r, *b;
	struct stat st;

	(void)state;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_cell(path, 1, "A1", "人脸识别技术应用备案表");
	r = find(path, 1, "单位名称");
	assert_true(r[0] == 'A');
	b = beside(r, 'B');
	assert_cell(path, 1, b, "某某有限公司");
	free(b);
	free(r);
	r = find(path, 1, "存储人数");
	b = beside(r, 'B');
	assert_cell(path, 1, b, "118,609");
	free(b);
	free(r);
	/* The section row before the rows, the header before the grid. */
	r = find(path, 1, "设备");
	assert_true(r[0] == 'A');
	b = beside(r, 'B');
	assert_cell(path, 1, b, "人数");
	free(b);
	b = fr_xasprintf("A%ld", strtol(r + 1, NULL, 10) + 1);
	assert_cell(path, 1, b, "gate-01");
	free(b);
	b = fr_xasprintf("C%ld", strtol(r + 1, NULL, 10) + 1);
	assert_cell(path, 1, b, "主入口");
	free(b);
	b = fr_xasprintf("B%ld", strtol(r + 1, NULL, 10) + 2);
	assert_cell(path, 1, b, "2,048");
	free(b);
	free(r);
	r = find(path, 1, "一、基本情况");
	b = find(path, 1, "单位名称");
	assert_true(strtol(r + 1, NULL, 10) < strtol(b + 1, NULL, 10));
	free(r);
	free(b);
	unlink(path);
	free(path);
	doc_free(d);
}

/*
 * The workbook: sheets named from the documents (Excel's forbidden
 * characters replaced, cut to 31 characters, a clash numbered), the
 * hidden sheet of choices the validation refers to, and the properties.
 */
static void
test_xlsx__workbook(void **state)
{
	struct doc *a = form("a", "a/b:c"), *b = form("b",
	    "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三"),
	    *c = form("c", "a/b:c");
	const struct doc *docs[] = { a, b, c };
	char *path = write_book(docs, 3, "book.xlsx"), *s, *x;
	xmlDocPtr wb, core, ws;

	(void)state;
	wb = member_xml(path, "xl/workbook.xml");
	s = xpath_str(wb, "string(//x:sheet[1]/@name)");
	assert_string_equal(s, "a_b_c");
	free(s);
	s = xpath_str(wb, "string(//x:sheet[2]/@name)");
	assert_string_equal(s,
	    "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一");
	free(s);
	s = xpath_str(wb, "string(//x:sheet[3]/@name)");
	assert_string_equal(s, "3");
	free(s);
	s = xpath_str(wb, "string(//x:sheet[4]/@name)");
	assert_string_equal(s, "lists");
	free(s);
	s = xpath_str(wb, "string(//x:sheet[4]/@state)");
	assert_string_equal(s, "hidden");
	free(s);
	xmlFreeDoc(wb);

	/* The choice of the second row: a list on the hidden sheet. */
	ws = member_xml(path, "xl/worksheets/sheet1.xml");
	s = xpath_str(ws, "string(//x:dataValidation/@type)");
	assert_string_equal(s, "list");
	free(s);
	s = xpath_str(ws, "string(//x:dataValidation/x:formula1)");
	assert_non_null(strstr(s, "lists!"));
	free(s);
	s = xpath_str(ws, "string(//x:dataValidation/@sqref)");
	x = find(path, 1, "是否向境外提供");
	{
		char *want = beside(x, 'B');

		assert_string_equal(s, want);
		free(want);
	}
	free(x);
	free(s);
	xmlFreeDoc(ws);
	assert_cell(path, 4, "A1", "是");
	assert_cell(path, 4, "A2", "否");

	core = member_xml(path, "docProps/core.xml");
	s = xpath_str(core, "string(//dc:title)");
	assert_string_equal(s, "备案材料");
	free(s);
	s = xpath_str(core, "string(//dc:creator)");
	assert_string_equal(s, "某某有限公司");
	free(s);
	s = xpath_str(core, "string(//dcterms:created)");
	assert_string_equal(s, "2025-11-24T16:00:00Z");
	free(s);
	xmlFreeDoc(core);
	unlink(path);
	free(path);
	doc_free(a);
	doc_free(b);
	doc_free(c);
}

/* An existing file is refused and left as it was; nothing else made. */
static void
test_xlsx__refuses_existing(void **state)
{
	struct doc *d = form("a", NULL);
	const struct doc *docs[] = { d };
	struct xlsx_meta m = { "t", NULL, NULL, NULL, NULL, -1 };
	char *path = fr_xasprintf("%s/there.xlsx", dir), *err = NULL, *buf;
	size_t len;
	FILE *fp;

	(void)state;
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("a scan put there by hand\n", fp);
	fclose(fp);
	assert_int_equal(xlsx_write(docs, 1, &m, path, 0600, &err), FR_EIO);
	assert_non_null(err);
	assert_non_null(strstr(err, "there.xlsx"));
	free(err);
	assert_int_equal(fr_read_file(path, 0, &buf, &len), FR_OK);
	assert_string_equal(buf, "a scan put there by hand\n");
	free(buf);
	unlink(path);
	free(path);
	doc_free(d);
}

/* The same documents and creation time give the same bytes. */
static void
test_xlsx__reproducible(void **state)
{
	struct doc *d = form("a", NULL);
	const struct doc *docs[] = { d };
	char *p1 = write_book(docs, 1, "r1.xlsx"), *p2, *b1, *b2;
	size_t l1, l2;

	(void)state;
	sleep(1);	/* a clock that leaked in would show */
	p2 = write_book(docs, 1, "r2.xlsx");
	assert_int_equal(fr_read_file(p1, 0, &b1, &l1), FR_OK);
	assert_int_equal(fr_read_file(p2, 0, &b2, &l2), FR_OK);
	assert_int_equal(l1, l2);
	assert_memory_equal(b1, b2, l1);
	free(b1);
	free(b2);
	unlink(p1);
	unlink(p2);
	free(p1);
	free(p2);
	doc_free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xlsx__cells),
		cmocka_unit_test(test_xlsx__workbook),
		cmocka_unit_test(test_xlsx__refuses_existing),
		cmocka_unit_test(test_xlsx__reproducible),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
