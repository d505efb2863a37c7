/*
 * attachment3.c — Attachment 3, the personal information protection
 * impact assessment report (PIPIA; Art. 9, Art. 15 item 5), and its
 * working sheets (risk register, data map) for the workbook.
 *
 * Everything the report says comes from templates/ (the prose a lawyer
 * edits) filled with the filing and one language's view of the
 * assessment document (core/assess.h). Nothing here decides a finding:
 * it only hands the templates what the rules and the risk grading found.
 */
#include "render/package.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "core/assess.h"
#include "core/fr.h"
#include "render/template.h"

static const char *
str_at(const struct cJSON *o, const char *a, const char *b)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, a);

	if (b != NULL)
		v = cJSON_GetObjectItemCaseSensitive(v, b);
	return cJSON_IsString(v) && *v->valuestring ? v->valuestring : NULL;
}

/* The template context: the filing's (with display, facts), plus pipia. */
static cJSON *
context(const struct pkg *p, const char *lang)
{
	cJSON *ctx = cJSON_Duplicate(pkg_context(p, lang), 1);

	cJSON_AddItemToObject(ctx, "pipia", assess_view(p->pipia, lang));
	return ctx;
}

static struct doc *
new_doc(const struct pkg *p, const char *id, const char *lang,
    const char *title, const char *sheet)
{
	const cJSON *root = pkg_context(p, lang);
	const char *author = strcmp(lang, "zh") == 0 ?
	    str_at(root, "processor", "name_zh") :
	    str_at(root, "processor", "name_en");
	const char *version = str_at(p->pipia, "report", "version");
	struct doc *d = doc_new(id, lang);

	if (author == NULL)
		author = str_at(root, "processor", "name_zh");
	doc_set_meta(d, title, strcmp(lang, "zh") == 0 ?
	    "个人信息保护影响评估报告" :
	    "Personal information protection impact assessment",
	    author, version);
	d->keywords = fr_xstrdup(strcmp(lang, "zh") == 0 ?
	    "个人信息保护影响评估 GB/T 39335-2020 人脸识别" :
	    "PIPIA; GB/T 39335-2020; facial recognition; Art. 9");
	doc_set_sheet(d, sheet);
	d->created = p->created;
	d->draft = p->draft;
	return d;
}

int
pkg_attachment3(const struct pkg *p, const char *lang, struct doc **out,
    struct fr_diags *d)
{
	struct doc *doc;
	cJSON *ctx;
	int rc;

	*out = NULL;
	if (p->pipia == NULL)
		return FR_ENOENT;
	doc = new_doc(p, "attachment-3-pipia", lang,
	    strcmp(lang, "zh") == 0 ? "个人信息保护影响评估报告" :
	    "Personal Information Protection Impact Assessment Report",
	    strcmp(lang, "zh") == 0 ? "附件3 影响评估" : "Attachment 3 PIPIA");
	ctx = context(p, lang);
	rc = tmpl_render(doc, "attachment-3-pipia", lang, ctx, d);
	cJSON_Delete(ctx);
	if (rc != FR_OK) {
		doc_free(doc);
		return rc;
	}
	*out = doc;
	return FR_OK;
}

size_t
pkg_attachment3_sheets(const struct pkg *p, const char *lang,
    struct doc **out, size_t max, struct fr_diags *d)
{
	static const struct {
		const char *tmpl;
		const char *zh, *en;	/* sheet names (<= 31 characters) */
	} sheets[] = {
		{ "attachment-3-risk-register", "风险登记表", "Risk register" },
		{ "attachment-3-data-map", "数据映射表", "Data map" },
	};
	cJSON *ctx;
	size_t i, n = 0;
	int zh = strcmp(lang, "zh") == 0;

	if (p->pipia == NULL)
		return 0;
	ctx = context(p, lang);
	for (i = 0; i < sizeof sheets / sizeof sheets[0] && n < max; i++) {
		struct doc *doc = new_doc(p, sheets[i].tmpl, lang,
		    zh ? sheets[i].zh : sheets[i].en,
		    zh ? sheets[i].zh : sheets[i].en);

		if (tmpl_render(doc, sheets[i].tmpl, lang, ctx, d) != FR_OK) {
			doc_free(doc);
			continue;
		}
		out[n++] = doc;
	}
	cJSON_Delete(ctx);
	return n;
}
