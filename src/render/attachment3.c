/*
 * attachment3.c — the hook where Attachment 3, the personal information
 * protection impact assessment report (Art. 9, Art. 15 item 5), joins the
 * filing package.
 *
 * The package calls pkg_attachment3 once per language. Returning a
 * document (built with doc.h, typically from templates/ with
 * tmpl_render and pkg_context) makes the package render it as
 * attachment-3-pipia.LANG.pdf, add it to the workbook and tick it in the
 * materials checklist. Until the assessment module provides it, the
 * checklist marks the report "to be prepared".
 */
#include "render/package.h"

#include "core/fr.h"

int
pkg_attachment3(const struct pkg *p, const char *lang, struct doc **out,
    struct fr_diags *d)
{
	(void)p;
	(void)lang;
	(void)d;
	*out = NULL;
	return FR_ENOENT;
}
