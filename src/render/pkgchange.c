/*
 * pkgchange.c — the documents of an amendment and a cancellation
 * (Art. 15 para. 2): the statement of changes, itemised against the
 * filing as filed (core/fdiff.h), and the application for cancellation.
 */
#include "render/package.h"
#include "render/pkgint.h"

#include "core/fdiff.h"
#include "core/filing.h"
#include "core/forms.h"
#include "core/fr.h"
#include "render/template.h"

#include <cjson/cJSON.h>

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* --- amendment and cancellation ------------------------------------------ */

/*
 * The rest of path after prefix when prefix is a whole leading part of it
 * ("locations" of "locations[1].name", not of "locations_note"); NULL
 * otherwise. A leading '.' of the rest is skipped.
 */
static const char *
rel_after(const char *path, const char *prefix)
{
	size_t n = strlen(prefix);

	if (strncmp(path, prefix, n) != 0 ||
	    (path[n] != '\0' && path[n] != '.' && path[n] != '['))
		return NULL;
	return path[n] == '.' ? path + n + 1 : path + n;
}

/* "[12]..." → 12 and the rest after "]" (and its '.'); -1 if not one. */
static long long
index_of(const char *s, const char **rest)
{
	const char *e;
	char buf[24];
	long long k;

	if (*s != '[' || (e = strchr(s, ']')) == NULL ||
	    (size_t)(e - s - 1) >= sizeof buf || e - s < 2)
		return -1;
	memcpy(buf, s + 1, (size_t)(e - s - 1));
	buf[e - s - 1] = '\0';
	if (fr_parse_ll(buf, 0, 1000000, &k) != FR_OK)
		return -1;
	*rest = e[1] == '.' ? e + 2 : e + 1;
	return k;
}

/* A section title without its number ("二、", "2. "): the label names it. */
static const char *
unnumbered(const char *t)
{
	static const char *const cn[] = { "一", "二", "三", "四", "五", "六",
		"七", "八", "九", "十" };
	const char *s = t;
	size_t i;

	for (i = 0; i < 10; i++)
		if (strncmp(t, cn[i], strlen(cn[i])) == 0 &&
		    strncmp(t + strlen(cn[i]), "、", strlen("、")) == 0)
			return t + strlen(cn[i]) + strlen("、");
	while (*s >= '0' && *s <= '9')
		s++;
	if (s != t && s[0] == '.' && s[1] == ' ')
		return s + 2;
	return t;
}

/* A field's label, with the table row and column when the path goes on. */
static char *
field_label(const struct fr_form_field *f, const char *rest,
    const char *lang, const struct fr_form_field **table)
{
	const char *l = PKG_IS_ZH(lang) ? f->label_zh : f->label_en, *after;
	long long k;
	size_t c;

	if (*rest == '\0') {
		if (f->ncolumns > 0)
			*table = f;
		return fr_xstrdup(l);
	}
	if (f->ncolumns > 0 && (k = index_of(rest, &after)) >= 0) {
		if (*after == '\0') {
			*table = f;
			return fr_xasprintf(PKG_IS_ZH(lang) ? "%s第%lld项" :
			    "%s, item %lld", l, k + 1);
		}
		for (c = 0; c < f->ncolumns; c++)
			if (f->columns[c].path != NULL &&
			    strcmp(f->columns[c].path, after) == 0)
				return fr_xasprintf(PKG_IS_ZH(lang) ? "%s第%lld项·%s" :
				    "%s, item %lld: %s", l, k + 1,
				    PKG_IS_ZH(lang) ? f->columns[c].label_zh :
				    f->columns[c].label_en);
		/* A part of the row the form has no column for. */
		return fr_xasprintf(PKG_IS_ZH(lang) ? "%s第%lld项" :
		    "%s, item %lld", l, k + 1);
	}
	return fr_xstrdup(l);
}

/*
 * A path no form shows (processing_rules.version): named by the section
 * that shows its siblings, with the path itself, so the reader can find it.
 */
static char *
sibling_label(const struct pkg *p, const char *path, const char *lang)
{
	const char *dot = strrchr(path, '.');
	size_t fi, si, i, n;

	if (dot == NULL || strchr(path, '[') != NULL)
		return NULL;
	n = (size_t)(dot - path) + 1;
	for (fi = 0; fi < p->schema->nforms; fi++) {
		const struct fr_form *fm = &p->schema->forms[fi];

		for (si = 0; si < fm->nsections; si++) {
			const struct fr_form_section *s = &fm->sections[si];

			for (i = 0; s->repeat == NULL && i < s->nfields; i++)
				if (s->fields[i].path != NULL &&
				    strncmp(s->fields[i].path, path, n) == 0)
					return fr_xstrdup(unnumbered(
					    PKG_IS_ZH(lang) ? s->title_zh :
					    s->title_en));
		}
	}
	return NULL;
}

/*
 * The label the forms give a changed path: the longest form field that
 * holds it, with the application's name for a repeated section. NULL when
 * no form shows the path. root: the tree the path's indexes refer to.
 */
static char *
change_label(const struct pkg *p, const cJSON *root, const char *path,
    const char *lang, const struct fr_form_field **table)
{
	const struct fr_form_field *best = NULL;
	const struct fr_form_section *bsec = NULL;
	const char *brest = NULL;
	long long bidx = -1;
	size_t fi, si, i, blen = 0;
	char *l, *out;

	for (fi = 0; fi < p->schema->nforms; fi++) {
		const struct fr_form *fm = &p->schema->forms[fi];

		for (si = 0; si < fm->nsections; si++) {
			const struct fr_form_section *s = &fm->sections[si];
			const char *base = path, *r;
			long long k = -1;

			if (s->repeat != NULL) {
				if ((r = rel_after(path, s->repeat)) == NULL ||
				    (k = index_of(r, &base)) < 0)
					continue;
				if (*base == '\0' && bsec == NULL) {
					bsec = s;
					bidx = k;
				}
			}
			for (i = 0; i < s->nfields; i++) {
				const struct fr_form_field *f = &s->fields[i];

				if (f->path == NULL ||
				    (r = rel_after(base, f->path)) == NULL ||
				    strlen(f->path) <= blen)
					continue;
				best = f;
				bsec = s;
				brest = r;
				bidx = k;
				blen = strlen(f->path);
			}
		}
	}
	if (bsec == NULL)
		return sibling_label(p, path, lang);
	l = best != NULL ? field_label(best, brest, lang, table) : NULL;
	if (bsec->repeat != NULL) {
		const cJSON *it = cJSON_GetArrayItem(fr_json_at(root,
		    bsec->repeat), (int)bidx);
		const char *nm = PKG_IS_ZH(lang) ? NULL : fr_json_str(
		    cJSON_GetObjectItemCaseSensitive(it, "name_en"));

		if (nm == NULL || *nm == '\0')
			nm = fr_json_str(cJSON_GetObjectItemCaseSensitive(it,
			    "name"));

		out = fr_xasprintf(PKG_IS_ZH(lang) ? "%s「%s」%s%s" : "%s \"%s\"%s%s",
		    unnumbered(PKG_IS_ZH(lang) ? bsec->title_zh : bsec->title_en),
		    nm != NULL ? nm : "", l != NULL ? (PKG_IS_ZH(lang) ? "：" : ": ") :
		    "", l != NULL ? l : "");
		free(l);
		return out;
	}
	return l;
}

/* A changed value as the forms show it; objects as "label: value; ...". */
static char *
change_value(const struct pkg *p, const char *path, const cJSON *v,
    const struct fr_form_field *table, const char *lang)
{
	const struct fr_schema_node *n = fr_schema_lookup(p->schema, path);
	int zh = PKG_IS_ZH(lang);
	const cJSON *c;
	const char *nm;
	char *out = NULL, *t;

	if (v == NULL)
		return fr_xstrdup(zh ? "（无）" : "(none)");
	/* A whole application added or removed: its name says which. */
	if (cJSON_IsObject(v) && table == NULL &&
	    (nm = fr_json_str(cJSON_GetObjectItemCaseSensitive(v,
	    !zh && cJSON_GetObjectItemCaseSensitive(v, "name_en") != NULL ?
	    "name_en" : "name"))) != NULL && *nm != '\0')
		return fr_xstrdup(nm);
	if (cJSON_IsObject(v)) {
		cJSON_ArrayForEach(c, v) {
			const struct fr_schema_node *cn = n != NULL ?
			    fr_schema_field(n, c->string) : NULL;
			const char *label = c->string;
			size_t k;
			char *nw;

			/* A table row shows the columns the form gives it. */
			for (k = 0; table != NULL && k < table->ncolumns; k++)
				if (table->columns[k].path != NULL &&
				    strcmp(table->columns[k].path,
				    c->string) == 0)
					break;
			if (table != NULL && k == table->ncolumns)
				continue;
			if (table != NULL)
				label = zh ? table->columns[k].label_zh :
				    table->columns[k].label_en;
			if (cJSON_IsObject(c) || (cJSON_IsArray(c) &&
			    cJSON_IsObject(c->child)))
				continue;
			t = pkg_format(p, c, cn != NULL ? cn->enum_name : NULL,
			    cn != NULL ? (int)cn->type : -1, cn != NULL &&
			    cn->validator != NULL &&
			    strcmp(cn->validator, "id_number") == 0, lang);
			if (t == NULL)
				continue;
			nw = fr_xasprintf("%s%s%s%s%s", out != NULL ? out : "",
			    out != NULL ? (zh ? "；" : "; ") : "", label,
			    zh ? "：" : ": ", t);
			free(out);
			free(t);
			out = nw;
		}
		return out != NULL ? out : fr_xstrdup(zh ? "（无）" : "(none)");
	}
	if (cJSON_IsArray(v) && cJSON_IsObject(v->child))
		return fr_xasprintf(zh ? "%d项" : "%d items",
		    cJSON_GetArraySize(v));
	/* A list of enumerated values: the element's labels. */
	if (n != NULL && n->enum_name == NULL && n->items != NULL)
		n = n->items;
	t = pkg_format(p, v, n != NULL ? n->enum_name : NULL, n != NULL ?
	    (int)n->type : -1, n != NULL && n->validator != NULL &&
	    strcmp(n->validator, "id_number") == 0, lang);
	return t != NULL ? t : fr_xstrdup(zh ? "（空）" : "(empty)");
}

/* The filing's own bookkeeping (type, dates, references): not listed. */
static int
bookkeeping(const struct fr_change *c)
{
	return fr_path_match("filing", c->path) ||
	    fr_path_match("filing.**", c->path) ||
	    fr_path_match("schema", c->path);
}

/*
 * Adds the grid of the changes that are substantive (or, with substantive
 * 0, are not), leaving out the filing's bookkeeping; a line saying there
 * are none when no row is left.
 */
static void
change_rows(const struct pkg *p, struct doc *d, int substantive,
    const char *lang)
{
	static const double w[5] = { 0.75, 2.2, 2.0, 2.3, 1.9 };
	const char *hzh[5] = { "序号", "变更事项", "变更前", "变更后",
		"认定依据" };
	const char *hen[5] = { "No.", "Item", "Before", "After", "Basis" };
	struct doc_block *g = NULL;
	size_t i, k = 0;
	int zh = PKG_IS_ZH(lang);

	for (i = 0; i < p->changes->n; i++) {
		const struct fr_change *c = &p->changes->v[i];
		const struct fr_form_field *table = NULL;
		const cJSON *root = c->kind == FR_CHANGE_REMOVED ?
		    p->old_root : fr_filing_root(p->filing);
		char *cells[5];
		const char *row[5];
		size_t j;

		if (c->substantive != substantive || bookkeeping(c))
			continue;
		if (g == NULL)
			g = doc_grid(d, 5, zh ? hzh : hen, w);
		cells[0] = fr_xasprintf("%zu", ++k);
		cells[1] = change_label(p, root, c->path, lang, &table);
		if (cells[1] == NULL)
			cells[1] = fr_xstrdup(c->path);
		else if (c->kind != FR_CHANGE_CHANGED) {
			char *t = fr_xasprintf(zh ? "%s（%s）" : "%s (%s)",
			    cells[1], c->kind == FR_CHANGE_ADDED ?
			    (zh ? "新增" : "added") : (zh ? "删除" : "removed"));

			free(cells[1]);
			cells[1] = t;
		}
		cells[2] = change_value(p, c->path, c->old_value, table, lang);
		cells[3] = change_value(p, c->path, c->new_value, table, lang);
		cells[4] = fr_xstrdup(zh ? c->basis_zh : c->basis_en);
		for (j = 0; j < 5; j++)
			row[j] = cells[j];
		doc_grid_row(g, row);
		for (j = 0; j < 5; j++)
			free(cells[j]);
	}
	if (g == NULL)
		doc_para(d, substantive ? (zh ?
		    "经逐项比对，未发现实质性变更事项。" :
		    "The comparison found no substantive change.") : (zh ?
		    "无。" : "None."));
}

struct doc *
pkg_changes_doc(const struct pkg *p, const char *lang, struct fr_diags *diags)
{
	int zh = PKG_IS_ZH(lang);
	struct doc *d;
	size_t i, nbook = 0;

	d = pkg_new_doc(p, pkg_slugs[PKG_DOC_CHANGES], lang, zh ?
	    "人脸识别技术应用变更备案说明" :
	    "Statement of Changes to the Filing", zh ? "变更说明" :
	    "Statement of changes");
	if (tmpl_render(d, pkg_slugs[PKG_DOC_CHANGES], zh ? "zh" : "en",
	    pkg_context(p, lang), diags) != FR_OK)
		goto fail;
	if (p->changes == NULL) {
		doc_para(d, zh ? "本次未提供原备案信息的逐项比对（未使用 --previous 指定原备案文件），变更事项以上表“变更事项概述”为准。" :
		    "No itemised comparison with the filing as filed was given "
		    "(no --previous file); the changes are those stated in the "
		    "summary above.");
	} else {
		doc_heading(d, 3, zh ? "（一）实质性变更" :
		    "(a) Substantive changes");
		change_rows(p, d, 1, lang);
		doc_heading(d, 3, zh ? "（二）其他变更（不属于实质性变更）" :
		    "(b) Other changes (not substantive)");
		change_rows(p, d, 0, lang);
		for (i = 0; i < p->changes->n; i++)
			nbook += bookkeeping(&p->changes->v[i]);
		if (nbook > 0) {
			char *t = fr_xasprintf(zh ? "注：另有 %zu 项备案办理信息（备案类型、日期、原备案编号等）随本次变更备案更新，未列入上表。" :
			    "Note: %zu further items of the filing's own "
			    "bookkeeping (type, dates, previous reference) "
			    "change with this amendment and are not listed.",
			    nbook);

			doc_note(d, t);
			free(t);
		}
	}
	if (tmpl_render(d, "change-statement-end", zh ? "zh" : "en",
	    pkg_context(p, lang), diags) != FR_OK)
		goto fail;
	return d;
fail:
	doc_free(d);
	return NULL;
}

struct doc *
pkg_cancel_doc(const struct pkg *p, const char *lang, struct fr_diags *diags)
{
	int zh = PKG_IS_ZH(lang);
	struct doc *d;

	d = pkg_new_doc(p, pkg_slugs[PKG_DOC_CANCEL], lang, zh ?
	    "人脸识别技术应用注销备案申请表" :
	    "Application for Cancellation of the Filing", zh ? "注销申请表" :
	    "Cancellation");
	if (tmpl_render(d, pkg_slugs[PKG_DOC_CANCEL], zh ? "zh" : "en",
	    pkg_context(p, lang), diags) != FR_OK) {
		doc_free(d);
		return NULL;
	}
	return d;
}

char *
pkg_path_label(const struct pkg *p, const char *path, const char *lang)
{
	const struct fr_form_field *table = NULL;

	return change_label(p, fr_filing_root(p->filing), path, lang, &table);
}

char *
pkg_path_value(const struct pkg *p, const char *path, const cJSON *v,
    const char *lang)
{
	return change_value(p, path, v, NULL, lang);
}
