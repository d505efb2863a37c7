/*
 * font.c — open font files and subset them with HarfBuzz (see font.h).
 * The only file that includes HarfBuzz headers.
 */
#include "render/font.h"

#include "core/cleanup.h"
#include "core/fr.h"

#include <hb.h>
#include <hb-subset.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct font {
	char *path;
	unsigned index;
	hb_blob_t *blob;
	hb_face_t *face;
	hb_font_t *font;
};

/* Open face `index` of a font file (a .ttc holds several). */
static struct font *
font_open_file(const char *path, unsigned index)
{
	struct font *f;
	hb_blob_t *blob;

	blob = hb_blob_create_from_file_or_fail(path);
	if (blob == NULL)
		return NULL;
	f = fr_xcalloc(1, sizeof *f);
	f->path = fr_xstrdup(path);
	f->index = index;
	f->blob = blob;
	f->face = hb_face_create(blob, index);
	f->font = hb_font_create(f->face);
	if (hb_face_get_glyph_count(f->face) == 0) {
		font_free(f);
		return NULL;
	}
	return f;
}

void
font_free(struct font *f)
{
	if (f == NULL)
		return;
	hb_font_destroy(f->font);
	hb_face_destroy(f->face);
	hb_blob_destroy(f->blob);
	free(f->path);
	free(f);
}

const char *
font_path(const struct font *f)
{
	return f->path;
}

unsigned
font_index(const struct font *f)
{
	return f->index;
}

int
font_has(const struct font *f, uint32_t cp)
{
	hb_codepoint_t g;

	return hb_font_get_nominal_glyph(f->font, cp, &g) && g != 0;
}

int
font_subset_temp(const struct font *f, const uint32_t *cps, size_t n,
    char **pathp)
{
	hb_subset_input_t *in = NULL;
	hb_face_t *sub = NULL;
	hb_blob_t *blob = NULL;
	const char *data;
	unsigned int len = 0;
	const char *tmpdir = getenv("TMPDIR");
	char *path = NULL;
	size_t i, off;
	int fd = -1, rc = FR_EIO;

	*pathp = NULL;
	in = hb_subset_input_create_or_fail();
	if (in == NULL)
		goto out;
	for (i = 0; i < n; i++)
		hb_set_add(hb_subset_input_unicode_set(in), cps[i]);
	/* Viewers hint on their own; dropping the TrueType instructions
	 * keeps each PDF small. */
	hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_NO_HINTING);
	sub = hb_subset_or_fail(f->face, in);
	if (sub == NULL)
		goto out;
	blob = hb_face_reference_blob(sub);
	data = hb_blob_get_data(blob, &len);
	if (data == NULL || len == 0)
		goto out;
	path = fr_xasprintf("%s/frfile-font.XXXXXX",
	    tmpdir != NULL && *tmpdir != '\0' ? tmpdir : "/tmp");
	fd = mkstemp(path);
	if (fd == -1)
		goto out;
	fr_cleanup_add(path);
	for (off = 0; off < len; ) {
		ssize_t w = write(fd, data + off, len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			goto out;
		off += (size_t)w;
	}
	if (close(fd) != 0) {
		fd = -1;
		goto out;
	}
	fd = -1;
	*pathp = path;
	path = NULL;
	rc = FR_OK;
out:
	if (fd != -1)
		close(fd);
	if (path != NULL) {
		unlink(path);
		fr_cleanup_remove(path);
		free(path);
	}
	hb_blob_destroy(blob);
	hb_face_destroy(sub);
	hb_subset_input_destroy(in);
	return rc;
}

struct candidate {
	const char *path;
	unsigned index;
};

static const struct candidate song[] = {
	{ "/usr/share/fonts/truetype/arphic/uming.ttc", 0 },
	{ NULL, 0 }
};
static const struct candidate hei[] = {
	{ "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0 },
	{ "/usr/share/fonts/truetype/arphic/uming.ttc", 0 },
	{ NULL, 0 }
};
static const struct candidate serif[] = {
	{ "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf", 0 },
	{ "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf", 0 },
	{ "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", 0 },
	{ NULL, 0 }
};
static const struct candidate sans[] = {
	{ "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf", 0 },
	{ "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf", 0 },
	{ "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", 0 },
	{ NULL, 0 }
};

int
font_open_role(enum font_role role, struct font **fp, const char **missing)
{
	static const struct {
		const struct candidate *c;
		const char *env;
		const char *what;
	} roles[FONT_NROLES] = {
		{ song, "FRFILE_FONT_SONG", "AR PL UMing (fonts-arphic-uming)" },
		{ hei, "FRFILE_FONT_HEI", "WenQuanYi Micro Hei (fonts-wqy-microhei)" },
		{ serif, "FRFILE_FONT_SERIF", "Liberation Serif (fonts-liberation2) or DejaVu Serif" },
		{ sans, "FRFILE_FONT_SANS", "Liberation Sans Bold (fonts-liberation2) or DejaVu Sans Bold" },
	};
	const char *env = getenv(roles[role].env);
	const struct candidate *c;

	*fp = NULL;
	if (env != NULL && *env != '\0') {
		/* Asked for by name: no silent fallback to another face. */
		if ((*fp = font_open_file(env, 0)) == NULL) {
			if (missing != NULL)
				*missing = roles[role].env;
			return FR_ENOENT;
		}
		return FR_OK;
	}
	for (c = roles[role].c; *fp == NULL && c->path != NULL; c++)
		*fp = font_open_file(c->path, c->index);
	if (*fp == NULL) {
		if (missing != NULL)
			*missing = roles[role].what;
		return FR_ENOENT;
	}
	return FR_OK;
}

int
font_is_cjk(uint32_t cp, int zh)
{
	if ((cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x2E80 && cp <= 0x303F) ||
	    (cp >= 0x3040 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7AF) ||
	    (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE10 && cp <= 0xFE1F) ||
	    (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFFEF) ||
	    (cp >= 0x20000 && cp <= 0x3FFFF))
		return 1;
	/* In Chinese text curly quotes, the em dash, the ellipsis and the
	 * middle dot are full-width marks (GB/T 15834). */
	if (zh && (cp == 0x2018 || cp == 0x2019 || cp == 0x201C ||
	    cp == 0x201D || cp == 0x2014 || cp == 0x2026 || cp == 0x00B7 ||
	    cp == 0x2022 || cp == 0x25A1 || cp == 0x25A0 || cp == 0x2460))
		return 1;
	return 0;
}

size_t
font_utf8_next(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n, i;
	uint32_t c;

	if (len == 0) {
		*cp = 0;
		return 0;
	}
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if ((u[0] & 0xE0) == 0xC0) {
		n = 2;
		c = u[0] & 0x1F;
	} else if ((u[0] & 0xF0) == 0xE0) {
		n = 3;
		c = u[0] & 0x0F;
	} else if ((u[0] & 0xF8) == 0xF0) {
		n = 4;
		c = u[0] & 0x07;
	} else
		goto bad;
	if (n > len)
		goto bad;
	for (i = 1; i < n; i++) {
		if ((u[i] & 0xC0) != 0x80)
			goto bad;
		c = (c << 6) | (u[i] & 0x3F);
	}
	if ((n == 2 && c < 0x80) || (n == 3 && c < 0x800) ||
	    (n == 4 && c < 0x10000) || c > 0x10FFFF ||
	    (c >= 0xD800 && c <= 0xDFFF))
		goto bad;
	*cp = c;
	return n;
bad:
	*cp = 0xFFFD;
	return 1;
}
