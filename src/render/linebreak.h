/*
 * linebreak.h — line breaking for mixed Chinese and Latin text.
 *
 * Break opportunities come from libunibreak (UAX #14); on top of them the
 * Chinese line-start and line-end rules (禁则, GB/T 15834 usage): no line
 * starts with closing or separating punctuation such as ，。、；：？！）》」』
 * and no line ends with an opening one such as （《「『“. Filling is greedy
 * over atoms (one per character) whose widths the caller measured, so the
 * same code serves the PDF back end and the unit tests. Only linebreak.c
 * includes libunibreak's header.
 *
 * Ownership: lb_atoms and lb_fill return arrays the caller frees.
 */
#ifndef FR_RENDER_LINEBREAK_H
#define FR_RENDER_LINEBREAK_H

#include <stddef.h>
#include <stdint.h>

enum lb_break { LB_MUST, LB_ALLOW, LB_NO };

struct lb_atom {
	size_t off, len;	/* bytes of the character in the text */
	uint32_t cp;
	double w;		/* width, filled in by the caller */
	enum lb_break brk;	/* may the line break after this atom? */
	int space;		/* a space: stretches, hangs at line end */
	int newline;		/* a hard line break: never drawn */
	int font;		/* for the caller (font role) */
};

struct lb_line {
	size_t start, end;	/* atoms [start, end), trailing spaces left out */
	double width;		/* natural width of those atoms */
	int last;		/* last line of a paragraph (do not justify) */
	int hyphen;		/* broken inside a Latin word: draw a hyphen */
};

/* Is cp forbidden at the start (closing punctuation) / end of a line? */
int lb_no_start(uint32_t cp);
int lb_no_end(uint32_t cp);

/* Split text into atoms with their break opportunities; returns count. */
size_t lb_atoms(const char *s, size_t len, const char *lang,
    struct lb_atom **out);

/*
 * Greedy fill: the first line is first_w wide, the others w. A word wider
 * than a line is broken between characters (still honouring the no-start
 * rule where it can); a Latin word so broken gets a hyphen (the line
 * leaves room for it: hyphen_w). Returns the number of lines (>= 1).
 */
size_t lb_fill(const struct lb_atom *a, size_t n, double first_w, double w,
    double hyphen_w, struct lb_line **out);

#endif
