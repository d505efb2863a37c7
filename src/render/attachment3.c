/*
 * attachment3.c — Attachment 3, the personal information protection
 * impact assessment report (PIPIA; Art. 9, Art. 15 para. 1 item 5), and its
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
#include "core/date.h"
#include "core/fr.h"
#include "render/pkgint.h"
#include "render/template.h"

/* The non-empty string at o.a, or at o.a.b when b is given; NULL otherwise. */
static const char *
str_at(const struct cJSON *o, const char *a, const char *b)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, a);

	if (b != NULL)
		v = cJSON_GetObjectItemCaseSensitive(v, b);
	return cJSON_IsString(v) && *v->valuestring ? v->valuestring : NULL;
}

/*
 * The reader's words for key in a table of forms/facts.json, in the
 * language of lang; NULL when it has none.
 */
static const char *
word(const struct pkg *p, const char *table, const char *key,
    const char *lang)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(
	    cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(
	    p->factsform, table), key), PKG_IS_ZH(lang) ? "zh" : "en"));
}

/* "设备“gate-hq-01”" from a facts source "facts FILE (DEVICE)". */
static char *
device_of(const struct pkg *p, const char *source, const char *lang)
{
	const char *o = strrchr(source, '('), *c = strrchr(source, ')');
	const char *t = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(
	    cJSON_GetObjectItemCaseSensitive(p->factsform, "device"),
	    PKG_IS_ZH(lang) ? "zh" : "en"));
	char *dev, *out;

	if (o == NULL || c == NULL || c < o || t == NULL)
		return fr_xstrdup(PKG_IS_ZH(lang) ? "设备" : "A device");
	dev = fr_xstrndup(o + 1, (size_t)(c - o - 1));
	out = pkg_subst(t, "{device}", dev);
	free(dev);
	return out;
}

/*
 * One piece of evidence as a sentence for a reader: the form's label of
 * a filing field, or the facts' and the ledger's own words, with the
 * value as the forms show it. Paths and keys stay in the machine column
 * of the workbook and in assess --json; what has no words is said
 * generally rather than printed raw.
 */
static char *
evidence_text(const struct pkg *p, const cJSON *ev, const char *lang)
{
	const char *src = cJSON_GetStringValue(
	    cJSON_GetObjectItemCaseSensitive(ev, "source"));
	const char *path = cJSON_GetStringValue(
	    cJSON_GetObjectItemCaseSensitive(ev, "path"));
	const char *raw = cJSON_GetStringValue(
	    cJSON_GetObjectItemCaseSensitive(ev, "value"));
	int zh = PKG_IS_ZH(lang), missing;
	cJSON *v = NULL;
	char *label = NULL, *val = NULL, *out;
	const char *w;

	if (src == NULL || path == NULL)
		return fr_xstrdup("");
	missing = raw == NULL || strcmp(raw, "(missing)") == 0;
	/* A bare date is text, not the number cJSON would read from it. */
	if (!missing && fr_date_parse(raw, &(int){ 0 }) == FR_OK)
		v = cJSON_CreateString(raw);
	else if (!missing)
		v = cJSON_ParseWithOpts(raw, NULL, 1);
	if (strcmp(src, "filing") == 0) {
		w = word(p, "filing", path, lang);
		label = w != NULL ? fr_xstrdup(w) : pkg_path_label(p, path,
		    lang);
		if (label == NULL)
			label = fr_xstrdup(zh ? "备案材料相关填写项" :
			    "the filing's entry");
		if (!missing && v != NULL)
			val = pkg_path_value(p, path, v, lang);
	} else {
		int facts = strncmp(src, "facts", 5) == 0;
		const char *table = facts ? "facts" : "ledger";

		w = word(p, table, path, lang);
		if (facts) {
			char *dev = device_of(p, src, lang);

			label = fr_xasprintf(zh ? "%s%s" : "%s: %s", dev,
			    w != NULL ? w : (zh ? "的统计事实" : "a measured fact"));
			free(dev);
		} else {
			const char *sw = word(p, "sources", src, lang);

			label = fr_xasprintf(zh ? "%s：%s" : "%s: %s",
			    sw != NULL ? sw : (zh ? "统计" : "count"),
			    w != NULL ? w : (zh ? "相关记录" : "a record"));
		}
		if (cJSON_IsNumber(v) && v->valuedouble >= 0)
			val = pkg_fmt_count((long long)v->valuedouble);
		else if (cJSON_IsString(v) && fr_date_parse(v->valuestring,
		    &(int){ 0 }) == FR_OK)
			val = pkg_fmt_date(v->valuestring, lang);
		else if (cJSON_IsBool(v))
			val = fr_xstrdup(cJSON_IsTrue(v) ? (zh ? "是" : "yes") :
			    (zh ? "否" : "no"));
	}
	if (missing && strcmp(src, "filing") != 0)
		out = fr_xasprintf(zh ? "%s尚无记录" : "%s: none recorded", label);
	else if (missing)
		out = fr_xasprintf(zh ? "%s未填写" : "%s: not given", label);
	else if (val != NULL)
		out = fr_xasprintf(zh ? "%s为%s" : "%s: %s", label, val);
	else
		out = fr_xstrdup(label);
	free(label);
	free(val);
	cJSON_Delete(v);
	return out;
}

/* The machine form of one piece of evidence, for the workbook. */
static char *
evidence_machine(const cJSON *ev)
{
	const char *src = cJSON_GetStringValue(
	    cJSON_GetObjectItemCaseSensitive(ev, "source"));
	const char *path = cJSON_GetStringValue(
	    cJSON_GetObjectItemCaseSensitive(ev, "path"));
	const char *val = cJSON_GetStringValue(
	    cJSON_GetObjectItemCaseSensitive(ev, "value"));

	return fr_xasprintf("%s: %s = %s", src != NULL ? src : "",
	    path != NULL ? path : "", val != NULL ? val : "");
}

/*
 * The template context: the filing's (with display, facts), plus pipia,
 * whose rules' evidence carries "text" (for the page) and "machine"
 * (for the workbook's evidence column).
 */
static cJSON *
context(const struct pkg *p, const char *lang)
{
	cJSON *ctx = cJSON_Duplicate(pkg_context(p, lang), 1);
	cJSON *view = assess_view(p->pipia, lang), *r, *ev;

	cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(view, "rules"))
		cJSON_ArrayForEach(ev, cJSON_GetObjectItemCaseSensitive(r,
		    "evidence")) {
			char *t = evidence_text(p, ev, lang);
			char *m = evidence_machine(ev);

			cJSON_AddStringToObject(ev, "text", t);
			cJSON_AddStringToObject(ev, "machine", m);
			free(t);
			free(m);
		}
	cJSON_AddItemToObject(ctx, "pipia", view);
	return ctx;
}

/*
 * A new assessment document with its metadata: the processor as author (its
 * Chinese name when it has no English one), the report's version, keywords,
 * sheet name, creation time and draft mark.
 */
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
