/*
 * font.h — font files and HarfBuzz subsetting for the PDF back end.
 *
 * libharu 2.3.0 embeds a whole CJK TrueType collection badly (many Chinese
 * characters come out blank), so every font is first cut down with the
 * HarfBuzz subsetter to exactly the code points a document uses and the
 * small TTF is handed to libharu (DESIGN.md, "Known pitfall"). Only
 * font.c includes HarfBuzz headers.
 *
 * Ownership: font_open_role gives a font the caller frees with font_free
 * (NULL is a no-op); font_subset_temp returns a path the caller unlinks
 * and frees.
 */
#ifndef FR_RENDER_FONT_H
#define FR_RENDER_FONT_H

#include <stddef.h>
#include <stdint.h>

/* The four faces a document uses. */
enum font_role {
	FONT_SONG,	/* Chinese body text: AR PL UMing (Ming/Song style) */
	FONT_HEI,	/* Chinese headings and labels: WenQuanYi Micro Hei */
	FONT_SERIF,	/* Latin body text: Liberation Serif / DejaVu Serif */
	FONT_SANS,	/* Latin headings and labels: Liberation Sans Bold */
	FONT_NROLES
};

struct font;

void font_free(struct font *);
const char *font_path(const struct font *);
unsigned font_index(const struct font *);

/* Does the font have a glyph for the code point? */
int font_has(const struct font *, uint32_t cp);

/*
 * Subset the font to the given code points and write it to a new temporary
 * file (mkstemp, mode 0600). Returns 0 or an fr_err.
 */
int font_subset_temp(const struct font *, const uint32_t *cps, size_t n,
    char **path);

/*
 * The font files for each role: $FRFILE_FONT_SONG (_HEI, _SERIF, _SANS)
 * when set, else the first candidate that exists. Returns 0 or FR_ENOENT
 * and sets *missing to the variable's name or the role's description.
 */
int font_open_role(enum font_role, struct font **, const char **missing);

/*
 * Is the code point set in the Chinese face? CJK ideographs, kana,
 * full-width forms and CJK punctuation always are; quotation marks, dashes
 * and the ellipsis follow the text's language (zh != 0: Chinese).
 */
int font_is_cjk(uint32_t cp, int zh);

/* Decode one UTF-8 character; returns its length (>= 1, 1 on bad input
 * with *cp = U+FFFD). */
size_t font_utf8_next(const char *s, size_t len, uint32_t *cp);

#endif
