/*
 * test_linebreak.c — line filling and the Chinese line-start/line-end
 * rules, with fixed widths (a Chinese character 1, a Latin letter 0.5,
 * a space 0.25) so the expected lines can be worked out by hand.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "core/fr.h"
#include "render/font.h"
#include "render/linebreak.h"

/* Lines of s at width w, joined with '|'. */
static char *
wrap(const char *s, double w)
{
	struct lb_atom *a;
	struct lb_line *l;
	size_t n, nl, i, k;
	char *out = fr_xcalloc(1, strlen(s) * 2 + 16);
	size_t o = 0;

	n = lb_atoms(s, strlen(s), "zh", &a);
	for (i = 0; i < n; i++)
		a[i].w = a[i].newline ? 0 : a[i].cp == ' ' ? 0.25 :
		    font_is_cjk(a[i].cp, 1) ? 1 : 0.5;
	nl = lb_fill(a, n, w, w, 0.5, &l);
	for (i = 0; i < nl; i++) {
		if (i > 0)
			out[o++] = '|';
		for (k = l[i].start; k < l[i].end; k++) {
			memcpy(out + o, s + a[k].off, a[k].len);
			o += a[k].len;
		}
		if (l[i].hyphen)
			out[o++] = '-';
	}
	out[o] = '\0';
	free(a);
	free(l);
	return out;
}

static void
test_linebreak__table(void **state)
{
	static const struct {
		const char *in;
		double w;
		const char *out;
		const char *why;
	} rows[] = {
		{ "一二三四，五六", 4, "一二三|四，五六", "comma never starts a line" },
		{ "applications", 3, "appli-|catio-|ns", "a Latin word broken with a hyphen" },
		{ "((abcd", 1.5, "((|ab-|cd", "no hyphen after a bracket, outside the word" },
		{ "一二三（四五", 4, "一二三|（四五", "opening bracket never ends a line" },
		{ "你好。世界", 2, "你|好。|世界", "full stop stays with its character" },
		{ "一二三、四五", 3, "一二|三、四|五", "enumeration comma" },
		{ "甲乙丙》丁", 3, "甲乙|丙》丁", "closing title mark" },
		{ "甲乙丙：丁", 3, "甲乙|丙：丁", "full-width colon" },
		{ "甲乙丙？丁", 3, "甲乙|丙？丁", "full-width question mark" },
		{ "甲乙“丙丁", 3, "甲乙|“丙丁", "opening quote" },
		{ "hello world again", 3, "hello|world|again", "Latin breaks at spaces" },
		{ "ab\ncd", 10, "ab|cd", "hard line break" },
		{ "abcdefghij", 2, "abc-|def-|ghij", "emergency break in a long word" },
		{ "", 5, "", "empty text is one empty line" },
		{ "短", 5, "短", "fits" },
		{ "依据GB/T 35273的规定", 5, "依据GB/T|35273的规|定", "mixed scripts" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		char *got = wrap(rows[i].in, rows[i].w);

		if (strcmp(got, rows[i].out) != 0)
			fail_msg("%s: '%s' at %.1f: got '%s', expected '%s'",
			    rows[i].why, rows[i].in, rows[i].w, got,
			    rows[i].out);
		free(got);
	}
}

/* At every width, no line starts with closing punctuation and none ends
 * with an opening one, and no character is lost. */
static void
test_linebreak__kinsoku_all_widths(void **state)
{
	static const char *text = "本单位（示例科技有限公司）承诺：所提交的材料"
	    "真实、准确、完整；如有变更，将在30个工作日内办理变更手续。"
	    "《办法》第十五条规定“备案”事项！是否？是。";
	double w;

	(void)state;
	for (w = 3; w <= 20; w += 1) {
		struct lb_atom *a;
		struct lb_line *l;
		size_t n, nl, i, k, total = 0;

		n = lb_atoms(text, strlen(text), "zh", &a);
		for (i = 0; i < n; i++)
			a[i].w = font_is_cjk(a[i].cp, 1) ? 1 : 0.5;
		nl = lb_fill(a, n, w, w, 0, &l);
		for (i = 0; i < nl; i++) {
			assert_true(l[i].end > l[i].start);
			if (lb_no_start(a[l[i].start].cp))
				fail_msg("width %.0f: line %zu starts with a "
				    "closing mark", w, i + 1);
			if (i + 1 < nl && lb_no_end(a[l[i].end - 1].cp))
				fail_msg("width %.0f: line %zu ends with an "
				    "opening mark", w, i + 1);
			assert_true(l[i].width <= w + 1e-9);
			for (k = l[i].start; k < l[i].end; k++)
				total++;
		}
		assert_int_equal(total, n);
		assert_true(l[nl - 1].last);
		free(a);
		free(l);
	}
}

static void
test_linebreak__sets(void **state)
{
	static const uint32_t start[] = { 0xFF0C, 0x3002, 0x3001, 0xFF1B,
	    0xFF1A, 0xFF1F, 0xFF01, 0xFF09, 0x300B, 0x300D, 0x300F, 0x201D };
	static const uint32_t end[] = { 0xFF08, 0x300A, 0x300C, 0x300E,
	    0x201C, 0x3010 };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof start / sizeof start[0]; i++) {
		assert_true(lb_no_start(start[i]));
		assert_false(lb_no_end(start[i]));
	}
	for (i = 0; i < sizeof end / sizeof end[0]; i++) {
		assert_true(lb_no_end(end[i]));
		assert_false(lb_no_start(end[i]));
	}
	assert_false(lb_no_start(0x4E00));
	assert_false(lb_no_end(0x4E00));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_linebreak__table),
		cmocka_unit_test(test_linebreak__kinsoku_all_widths),
		cmocka_unit_test(test_linebreak__sets),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
