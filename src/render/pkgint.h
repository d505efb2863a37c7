/*
 * pkgint.h — what the parts of the package (pkgctx.c, pkgforms.c,
 * pkgchange.c, checklist.c, pkgwrite.c, attachment3.c) share and no
 * one else needs.
 */
#ifndef FR_RENDER_PKGINT_H
#define FR_RENDER_PKGINT_H

#include <string.h>

#include "render/package.h"

#define PKG_IS_ZH(lang) (strncmp((lang), "zh", 2) == 0)

/* File names of the documents, by slot (PKG_DOC_*, 1..5). */
extern const char *const pkg_slugs[PKG_NDOCS];

/* 2026年11月27日 / 27 November 2026; a value that is no date, copied. */
char *pkg_fmt_date(const char *iso, const char *lang);
/* A filing string at path, NULL when absent or empty (borrowed). */
const char *pkg_str(const struct pkg *, const char *path);
/* 无 / None. */
const char *pkg_none_text(const char *lang);
/*
 * A new document with the package's metadata: the processor as author,
 * the filing type and date as version, the draft mark and the pinned
 * creation time.
 */
struct doc *pkg_new_doc(const struct pkg *, const char *id, const char *lang,
    const char *title, const char *sheet);
/* The seal block that closes a form: who signs, the seal, the date. */
void pkg_seal_block(const struct pkg *, struct doc *, const char *who_zh,
    const char *who_en, const char *lang, const char *datepath);
/* "（变更备案）" after a form's title when it is not an initial filing. */
char *pkg_typed_title(const struct pkg *, const char *title,
    const char *lang);

struct cJSON;

/*
 * A filing path named for a reader by the longest form field holding it
 * ("应用「前台访客身份核验」：存储方式"); NULL when no form shows it.
 */
char *pkg_path_label(const struct pkg *, const char *path, const char *lang);
/* A filing value as the forms show it (labels, 是/否, dates). */
char *pkg_path_value(const struct pkg *, const char *path,
    const struct cJSON *v, const char *lang);

#endif
