/*
 * checklist.c — the checklist of the materials a filing, an amendment or
 * a cancellation consists of, marking what this run generated and what
 * the processor must sign, seal and scan.
 */
#include "render/package.h"
#include "render/pkgint.h"

#include "core/filing.h"
#include "core/fr.h"

#include <cjson/cJSON.h>

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The text of a {zh, en} pair in the language of lang; "" when it has none. */
static const char *
lang_of(const cJSON *pair, const char *lang)
{
	const char *t = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(
	    pair, PKG_IS_ZH(lang) ? "zh" : "en"));

	return t != NULL ? t : "";
}

/* The slot (PKG_DOC_*, 1..5) of a document slug, or -1. */
static int
slot_of(const char *slug)
{
	int i;

	for (i = 0; slug != NULL && i < PKG_NDOCS; i++)
		if (strcmp(pkg_slugs[i], slug) == 0)
			return i;
	return -1;
}

/* One material of forms/materials.json, with what this run made of it. */
static void
check_material(const struct pkg *p, struct doc_block *cl, const cJSON *m,
    int have_pipia, const char *const *files, const char *lang)
{
	int zh = PKG_IS_ZH(lang);
	int slot = slot_of(cJSON_GetStringValue(
	    cJSON_GetObjectItemCaseSensitive(m, "document")));
	int seal = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(m, "seal"));
	const char *kind = cJSON_GetStringValue(
	    cJSON_GetObjectItemCaseSensitive(m, "kind"));
	int gen = slot >= 0 && (slot != 3 || have_pipia) && *files[slot];
	const char *st, *note = gen ? files[slot] : NULL;
	const char *text = lang_of(m, lang);
	char *extra = NULL, *t = NULL;

	if (kind == NULL)
		kind = "scan";
	if (gen && seal)
		st = zh ? "已生成；待签字盖章后扫描" :
		    "generated; sign, seal and scan";
	else if (gen)
		st = zh ? "已生成" : "generated";
	else if (strcmp(kind, "pipia") == 0)
		st = zh ? "待编制" : "to be prepared";
	else if (seal)
		st = zh ? "待扫描（加盖公章）" : "to scan (with seal)";
	else if (strcmp(kind, "other") == 0)
		st = zh ? "按需提供" : "as needed";
	else if (strcmp(kind, "previous") == 0)
		st = zh ? "待提供" : "to supply";
	else
		st = zh ? "待扫描" : "to scan";
	if (strcmp(kind, "pipia") == 0 && !gen)
		note = p->type == PKG_CHANGE ? (zh ?
		    "处理目的、处理方式发生变化的，须重新开展评估（第九条第二款，GB/T 39335）" :
		    "assess again where the purpose or method of processing "
		    "changed (Art. 9 para. 2, GB/T 39335)") : (zh ?
		    "按 GB/T 39335 开展评估后编制" :
		    "prepare after the assessment (GB/T 39335)");
	if (strcmp(kind, "other") == 0 && p->type != PKG_CANCELLATION &&
	    pkg_str(p, "processing_rules.title") != NULL) {
		extra = fr_xasprintf(zh ? "如《%s》、告知书等" :
		    "e.g. %s, notices", pkg_str(p, "processing_rules.title"));
		note = extra;
	}
	if (strcmp(kind, "evidence") == 0)
		note = pkg_str(p, "filing.cancellation.data_handling.evidence");
	if (strcmp(kind, "previous") == 0)
		note = pkg_str(p, "filing.previous_reference");
	/* An amendment files the forms as they are after the change. */
	if (p->type == PKG_CHANGE && (slot == 1 || slot == 2)) {
		t = fr_xasprintf(zh ? "%s（变更后）" : "%s, as amended", text);
		text = t;
	}
	doc_check_item(cl, text, gen, st, note);
	free(extra);
	free(t);
}

/* Adds each material of a list of forms/materials.json to the checklist. */
static void
add_items(const struct pkg *p, struct doc_block *cl, const cJSON *items,
    int have_pipia, const char *const *files, const char *lang)
{
	const cJSON *m;

	cJSON_ArrayForEach(m, items)
		check_material(p, cl, m, have_pipia, files, lang);
}

struct doc *
pkg_checklist_doc(const struct pkg *p, const char *lang, int have_pipia,
    const char *const *files, struct fr_diags *diags)
{
	const cJSON *type = cJSON_GetObjectItemCaseSensitive(p->materials,
	    pkg_type_name(p->type)), *items;
	struct doc *d;
	struct doc_block *cl;
	int zh = PKG_IS_ZH(lang);
	char *a, *b, *intro;
	const char *name = pkg_str(p, "processor.name_zh");
	const char *auth = pkg_str(p, "filing.authority");
	const char *prev = pkg_str(p, "filing.previous_reference");
	const char *title = lang_of(cJSON_GetObjectItemCaseSensitive(type,
	    "title"), lang);

	if (!cJSON_IsObject(type)) {
		fr_diag_add(diags, FR_SEV_ERROR, "forms/materials.json",
		    pkg_type_name(p->type), 0, 0, "render.materials",
		    "no checklist for this filing type");
		return NULL;
	}
	d = pkg_new_doc(p, pkg_slugs[0], lang, title,
	    zh ? "材料清单" : "Checklist");
	doc_title(d, title);
	a = pkg_subst(lang_of(cJSON_GetObjectItemCaseSensitive(type, "intro"), lang),
	    "{processor}", name != NULL ? name : "");
	b = pkg_subst(a, "{authority}", auth != NULL ? auth : (zh ? "省级网信部门" :
	    "the provincial cyberspace administration"));
	intro = pkg_subst(b, "{previous}", prev != NULL ? prev :
	    (zh ? "未填写" : "not given"));
	doc_para(d, intro);
	free(a);
	free(b);
	free(intro);
	cl = doc_checklist(d, zh ? "材料" : "Material");
	add_items(p, cl, cJSON_GetObjectItemCaseSensitive(type, "first"),
	    have_pipia, files, lang);
	/* "items": "initial" takes another type's list. */
	items = cJSON_GetObjectItemCaseSensitive(type, "items");
	if (cJSON_IsString(items))
		items = cJSON_GetObjectItemCaseSensitive(
		    cJSON_GetObjectItemCaseSensitive(p->materials,
		    items->valuestring), "items");
	add_items(p, cl, items, have_pipia, files, lang);
	doc_note(d, lang_of(cJSON_GetObjectItemCaseSensitive(p->materials,
	    "note"), lang));
	return d;
}
