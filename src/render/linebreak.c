/*
 * linebreak.c — UAX #14 break opportunities (libunibreak) plus the Chinese
 * line-start/line-end rules, and greedy line filling (see linebreak.h).
 */
#include "render/linebreak.h"

#include "core/fr.h"
#include "render/font.h"

#include <linebreak.h>

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/*
 * Characters that must not begin a line: closing brackets and quotes,
 * sentence and clause punctuation, iteration marks and small kana
 * (the customary 行首禁则 set, Chinese and full-width forms).
 */
static const uint32_t no_start[] = {
	0x0021, 0x0029, 0x002C, 0x002E, 0x003A, 0x003B, 0x003F, 0x005D,
	0x007D, 0x00B7, 0x2019, 0x201D, 0x2026, 0x2030, 0x2032, 0x2033,
	0x203A, 0x2103, 0x3001, 0x3002, 0x3005, 0x3009, 0x300B, 0x300D,
	0x300F, 0x3011, 0x3015, 0x3017, 0x3019, 0x301B, 0x301E, 0x301F,
	0x30FC, 0xFE50, 0xFE51, 0xFE52, 0xFE54, 0xFE55, 0xFE56, 0xFE57,
	0xFE5A, 0xFE5C, 0xFE5E, 0xFF01, 0xFF02, 0xFF05, 0xFF07, 0xFF09,
	0xFF0C, 0xFF0E, 0xFF1A, 0xFF1B, 0xFF1F, 0xFF3D, 0xFF5D, 0xFF60,
	0xFF63, 0xFF64,
};

/* Characters that must not end a line: opening brackets and quotes. */
static const uint32_t no_end[] = {
	0x0028, 0x005B, 0x007B, 0x2018, 0x201C, 0x2039, 0x3008, 0x300A,
	0x300C, 0x300E, 0x3010, 0x3014, 0x3016, 0x3018, 0x301A, 0x301D,
	0xFE59, 0xFE5B, 0xFE5D, 0xFF04, 0xFF08, 0xFF3B, 0xFF5B, 0xFF5F,
	0xFFE1, 0xFFE5,
};

/* Whether cp is in the sorted table v of n code points (a binary search). */
static int
in(const uint32_t *v, size_t n, uint32_t cp)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (v[mid] == cp)
			return 1;
		if (v[mid] < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

int
lb_no_start(uint32_t cp)
{
	return in(no_start, sizeof no_start / sizeof no_start[0], cp);
}

int
lb_no_end(uint32_t cp)
{
	return in(no_end, sizeof no_end / sizeof no_end[0], cp);
}

static pthread_once_t once = PTHREAD_ONCE_INIT;

/* Initialises libunibreak's tables, once per process. */
static void
init(void)
{
	init_linebreak();
}

size_t
lb_atoms(const char *s, size_t len, const char *lang, struct lb_atom **out)
{
	struct lb_atom *a;
	char *brks;
	size_t n = 0, off, k;

	pthread_once(&once, init);
	a = fr_xcalloc(len + 1, sizeof *a);
	brks = fr_xmalloc(len + 1);
	if (len > 0)
		set_linebreaks_utf8((const utf8_t *)s, len, lang, brks);
	for (off = 0; off < len; ) {
		uint32_t cp;
		size_t l = font_utf8_next(s + off, len - off, &cp);
		struct lb_atom *t = &a[n++];
		char b = brks[off + l - 1];

		t->off = off;
		t->len = l;
		t->cp = cp;
		t->space = cp == ' ' || cp == '\t' || cp == 0x3000 ||
		    cp == '\n' || cp == '\r';
		t->newline = cp == '\n';
		t->brk = b == LINEBREAK_MUSTBREAK ? LB_MUST :
		    b == LINEBREAK_ALLOWBREAK ? LB_ALLOW : LB_NO;
		off += l;
	}
	/* UAX #14 reports a mandatory break at the end of the text. */
	if (n > 0 && !a[n - 1].newline && a[n - 1].brk == LB_MUST)
		a[n - 1].brk = LB_ALLOW;
	/* The Chinese rules, which UAX #14 leaves to tailoring. */
	for (k = 0; k + 1 < n; k++) {
		if (a[k].brk != LB_ALLOW)
			continue;
		if (lb_no_start(a[k + 1].cp) || lb_no_end(a[k].cp))
			a[k].brk = LB_NO;
	}
	free(brks);
	*out = a;
	return n;
}

/*
 * Appends the line of atoms s..e-1 to *v, less its trailing spaces, with
 * its natural width; last marks a paragraph's last line.
 */
static void
push(struct lb_line **v, size_t *n, size_t *cap, const struct lb_atom *a,
    size_t s, size_t e, int last)
{
	struct lb_line *l;
	size_t i;

	FR_GROW(*v, *cap, *n + 1, 8);
	/* Trailing spaces hang in the margin: not drawn, not counted. */
	while (e > s && a[e - 1].space)
		e--;
	l = &(*v)[(*n)++];
	l->start = s;
	l->end = e;
	l->last = last;
	l->hyphen = 0;
	l->width = 0;
	for (i = s; i < e; i++)
		l->width += a[i].w;
}

/* Whether cp is an ASCII letter, where a Latin word may be hyphenated. */
static int
latin(uint32_t cp)
{
	return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
}

/* The total width of atoms s..e-1. */
static double
line_w(const struct lb_atom *a, size_t s, size_t e)
{
	double x = 0;

	for (; s < e; s++)
		x += a[s].w;
	return x;
}

size_t
lb_fill(const struct lb_atom *a, size_t n, double first_w, double w,
    double hyphen_w, struct lb_line **out)
{
	struct lb_line *v = NULL;
	size_t nl = 0, cap = 0, s = 0, i, brk;
	int have_brk;
	double cur = 0, max = first_w;

	i = 0;
	have_brk = 0;
	brk = 0;
	while (i < n) {
		if (a[i].newline) {
			push(&v, &nl, &cap, a, s, i, 1);
			s = ++i;
			cur = 0;
			have_brk = 0;
			max = w;
			continue;
		}
		if (cur + a[i].w > max + 1e-6 && !a[i].space && i > s) {
			size_t e;

			int hy = 0;

			if (have_brk)
				e = brk + 1;
			else {
				/* Emergency break inside a word; keep a
				 * closing mark with the character before. */
				e = i;
				while (e > s + 1 && lb_no_start(a[e].cp))
					e--;
				/*
				 * Inside a Latin word: a hyphen says the word
				 * goes on ("applica-tions"), with room made for
				 * it on the line.
				 */
				if (latin(a[e - 1].cp) && latin(a[e].cp)) {
					while (e > s + 2 && line_w(a, s, e) +
					    hyphen_w > max + 1e-6)
						e--;
					/* Stepping back may leave the word. */
					hy = latin(a[e - 1].cp) &&
					    latin(a[e].cp);
				}
			}
			push(&v, &nl, &cap, a, s, e, 0);
			v[nl - 1].hyphen = hy;
			s = e;
			while (s < n && a[s].space && !a[s].newline)
				s++;
			i = s;
			cur = 0;
			have_brk = 0;
			max = w;
			continue;
		}
		cur += a[i].w;
		if (a[i].brk == LB_ALLOW || a[i].space) {
			have_brk = 1;
			brk = i;
		}
		i++;
	}
	if (s < n || nl == 0)
		push(&v, &nl, &cap, a, s, n, 1);
	else if (nl > 0)
		v[nl - 1].last = 1;
	*out = v;
	return nl;
}
