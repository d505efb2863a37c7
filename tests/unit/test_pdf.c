/*
 * test_pdf.c — the PDF back end on documents built in the test: a grid
 * longer than a page repeats its header on every page, a cell taller than
 * a page is split without losing text, Chinese lines never start with
 * closing punctuation, and the same document gives the same bytes.
 * Text is read back with pdftotext (poppler-utils).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/fr.h"
#include "render/doc.h"
#include "render/linebreak.h"
#include "render/font.h"
#include "render/pdf.h"

static struct pdf_fonts *fonts;

static int
setup(void **state)
{
	char *err = NULL;

	(void)state;
	if (pdf_fonts_open(&fonts, &err) != FR_OK) {
		fprintf(stderr, "%s\n", err);
		free(err);
		return -1;
	}
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	pdf_fonts_free(fonts);
	return 0;
}

/* Render d and return pdftotext -raw output (pages split by \f). */
static char *
text_of(const struct doc *d, size_t *pdflen, unsigned char **pdfout)
{
	unsigned char *buf = NULL;
	size_t len = 0, n = 0;
	char *err = NULL, path[] = "/tmp/frfile-test-pdf.XXXXXX", *cmd, *out;
	FILE *fp;
	int fd;

	assert_int_equal(pdf_render(fonts, d, &buf, &len, &err), FR_OK);
	fd = mkstemp(path);
	assert_true(fd != -1);
	assert_int_equal(write(fd, buf, len), (ssize_t)len);
	close(fd);
	cmd = fr_xasprintf("pdftotext -raw '%s' - 2>/dev/null", path);
	fp = popen(cmd, "r");
	assert_non_null(fp);
	out = fr_xmalloc(1 << 20);
	n = fread(out, 1, (1 << 20) - 1, fp);
	out[n] = '\0';
	pclose(fp);
	unlink(path);
	free(cmd);
	if (pdflen != NULL)
		*pdflen = len;
	if (pdfout != NULL)
		*pdfout = buf;
	else
		free(buf);
	return out;
}

static size_t
count(const char *hay, const char *needle)
{
	size_t n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

static void
test_pdf__grid_header_repeats(void **state)
{
	static const char *const hdr[] = { "序号", "HDRCOL", "说明" };
	static const double w[] = { 0.5, 2, 3 };
	struct doc *d = doc_new("t", "zh");
	struct doc_block *g;
	char *text, *p;
	size_t i, pages;

	(void)state;
	doc_title(d, "表格测试");
	g = doc_grid(d, 3, hdr, w);
	for (i = 0; i < 80; i++) {
		char num[16], name[32];
		const char *row[3];

		snprintf(num, sizeof num, "%zu", i + 1);
		snprintf(name, sizeof name, "ROW%03zu", i + 1);
		row[0] = num;
		row[1] = name;
		row[2] = "门禁终端本地加密存储区，总部机房不保存人脸模板。";
		doc_grid_row(g, row);
	}
	text = text_of(d, NULL, NULL);
	pages = count(text, "\f");
	assert_true(pages >= 3);
	/* The header on every page, every row exactly once. */
	for (p = text, i = 0; i < pages; i++) {
		char *ff = strchr(p, '\f');

		*ff = '\0';
		if (strstr(p, "HDRCOL") == NULL)
			fail_msg("page %zu has no header row", i + 1);
		p = ff + 1;
	}
	free(text);
	text = text_of(d, NULL, NULL);
	for (i = 0; i < 80; i++) {
		char name[32];

		snprintf(name, sizeof name, "ROW%03zu", i + 1);
		assert_int_equal(count(text, name), 1);
	}
	free(text);
	doc_free(d);
}

static void
test_pdf__tall_cell_splits(void **state)
{
	struct doc *d = doc_new("t", "en");
	struct doc_block *kv = doc_kv(d);
	char *big = fr_xstrdup(""), *text;
	size_t i;

	(void)state;
	for (i = 0; i < 400; i++) {
		char *n = fr_xasprintf("%s word%03zu", big, i);

		free(big);
		big = n;
	}
	doc_kv_row(kv, "Label", big);
	text = text_of(d, NULL, NULL);
	assert_true(count(text, "\f") >= 2);
	for (i = 0; i < 400; i++) {
		char w[16];

		snprintf(w, sizeof w, "word%03zu", i);
		if (count(text, w) != 1)
			fail_msg("%s appears %zu times", w, count(text, w));
	}
	free(text);
	free(big);
	doc_free(d);
}

static void
test_pdf__kinsoku_in_output(void **state)
{
	struct doc *d = doc_new("t", "zh");
	char *text, *line, *rest;
	size_t i, lines;

	(void)state;
	for (i = 0; i < 12; i++)
		doc_para(d, "本单位承诺：所提交的材料真实、准确、完整；如有变更，"
		    "将在三十个工作日内办理变更手续。《办法》第十五条规定"
		    "“备案”事项（含变更、注销）！是否？是。");
	text = text_of(d, NULL, NULL);
	/*
	 * Nothing to check without the text: pdftotext missing or the
	 * characters not extractable must fail, not pass.
	 */
	for (i = 0, rest = text; (rest = strstr(rest, "本单位承诺")) != NULL;
	    rest++)
		i++;
	if (i != 12)
		fail_msg("the text has %zu of the 12 paragraphs: '%.200s'", i,
		    text);
	rest = text;
	lines = 0;
	while ((line = strsep(&rest, "\n")) != NULL) {
		uint32_t cp;

		if (*line == '\0' || *line == '\f')
			continue;
		lines++;
		font_utf8_next(line, strlen(line), &cp);
		if (lb_no_start(cp))
			fail_msg("a line starts with a closing mark: %s", line);
	}
	/* Each paragraph wraps: the rule was tested at line starts. */
	if (lines <= 12)
		fail_msg("only %zu lines: no paragraph wrapped", lines);
	free(text);
	doc_free(d);
}

static void
test_pdf__reproducible(void **state)
{
	struct doc *d = doc_new("t", "zh-en");
	unsigned char *a, *b;
	size_t la, lb;
	char *t1, *t2;

	(void)state;
	d->created = 1764000000;
	d->draft = 1;
	doc_set_meta(d, "标题 Title", "主题", "作者", "v1");
	doc_para(d, "中文段落，English words 与数字 12345。");
	doc_set_lang(d, "en");
	doc_para(d, "An English paragraph after the Chinese one.");
	t1 = text_of(d, &la, &a);
	t2 = text_of(d, &lb, &b);
	assert_int_equal(la, lb);
	assert_memory_equal(a, b, la);
	assert_non_null(strstr(t1, "中文段落，English words 与数字 12345。"));
	assert_non_null(strstr(t1, "第 1 页 共 1 页 / Page 1 of 1"));
	free(a);
	free(b);
	free(t1);
	free(t2);
	doc_free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pdf__grid_header_repeats),
		cmocka_unit_test(test_pdf__tall_cell_splits),
		cmocka_unit_test(test_pdf__kinsoku_in_output),
		cmocka_unit_test(test_pdf__reproducible),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
