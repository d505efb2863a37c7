/*
 * template.h — prose templates (templates/NAME.LANG.tmpl) filled from the
 * filing and the facts, then turned into document blocks.
 *
 * Lawyers edit the prose without recompiling, so the language is small:
 *
 *   {{path.to.value}}     the value (strings as they are, integers without
 *                         decimals, booleans 是/否 or yes/no); a missing
 *                         value is an error naming the template line
 *   {{path ?? text}}      the value, or text when it is missing or empty
 *   {{#if path}}..{{else}}..{{/if}}      truthy: present, not false, not
 *   {{#unless path}}..{{/unless}}        0, not "", not an empty array
 *   {{#each path}}..{{/each}}            an array; inside, names are looked
 *                         up in the item first, then outwards; {{.}} is the
 *                         item, {{@number}} counts from 1, {{@index}} from 0,
 *                         {{#if @last}} and {{#if @first}} work
 *   {{! comment }}
 *
 * A line ending in {{...}} block tags only (#if, /if, #each, ...) leaves no
 * blank line behind. Inserted values have line breaks turned into spaces, so
 * a value cannot start a markup line (but a '|' or '::' inside a value on a
 * @row or @kv line does split it).
 *
 * The expanded text is a line markup (tmpl_to_doc):
 *   # Title            ## Heading 1    ### Heading 2    #### Heading 3
 *   @subtitle text     a line above the title ("附件1")
 *   > note             small explanatory text
 *   - item             a paragraph without first-line indent
 *   @left / @right / @center text       an aligned line (@left: flush
 *                                       left, as the addressee of a letter)
 *   @sign label [:: value]              signature lines (consecutive ones
 *   @seal label / @date text            form one signature block)
 *   @kv label :: value                  key-value rows (consecutive ones
 *   @kvsection text                     form one table; a section row)
 *   @grid 1*No. | 3*Name | Role         a grid: header cells, optional
 *   @row 1 | 门禁 | technology          relative widths "N*"; then rows
 *   @pagebreak
 *   blank line         ends a paragraph; the lines of a paragraph are
 *                      joined (with a space in English, without in Chinese)
 *
 * Ownership: tmpl_expand returns text the caller frees. The context is a
 * borrowed cJSON tree.
 */
#ifndef FR_RENDER_TEMPLATE_H
#define FR_RENDER_TEMPLATE_H

#include <stddef.h>

#include "core/diag.h"
#include "render/doc.h"

struct cJSON;

/* Expand src (name is used in messages). Returns 0 or FR_EINVAL. */
int tmpl_expand(const char *src, const char *name, const struct cJSON *ctx,
    const char *lang, char **out, struct fr_diags *);

/* Append the blocks a markup text describes. */
void tmpl_to_doc(struct doc *, const char *text);

/*
 * Load templates/NAME.LANG.tmpl from the data directory, expand it and
 * append its blocks. Returns 0, FR_ENOENT or FR_EINVAL (diagnostics).
 */
int tmpl_render(struct doc *, const char *name, const char *lang,
    const struct cJSON *ctx, struct fr_diags *);

#endif
