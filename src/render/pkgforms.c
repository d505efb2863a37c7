/*
 * pkgforms.c — Attachments 1 and 2 (the forms of forms/attachment<N>.json:
 * a row per field, a block per application, a grid per table field) and
 * the letters, Attachments 4 and 5 (templates/).
 */
#include "render/package.h"
#include "render/pkgint.h"

#include "core/date.h"
#include "core/filing.h"
#include "core/forms.h"
#include "core/fr.h"
#include "core/stored.h"
#include "render/pkgfacts.h"
#include "render/template.h"

#include <cjson/cJSON.h>

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/*
 * The stored quantity as every document states it (Art. 15 para. 1
 * item 3): the one figure of p->stored, written the same everywhere.
 */
static char *
quantity_text(const struct pkg *p, const char *lang)
{
	if (p->stored == NULL || p->stored->individuals < 0)
		return fr_xstrdup(PKG_IS_ZH(lang) ? "尚未统计（提交前须统计）" :
		    "not yet counted (to be counted before submission)");
	return pkg_fmt_count(p->stored->individuals);
}

/*
 * A form field that reads the facts: the stored quantity, its date and
 * method, or a fact all devices share (NULL when the devices differ or
 * it is absent: the form then says so).
 */
static char *
fact_text(const struct pkg *p, const char *fact, const char *lang)
{
	const cJSON *v;
	char buf[FR_DATE_LEN];

	if (strcmp(fact, "individuals") == 0)
		return quantity_text(p, lang);
	if (strcmp(fact, "stored.as_of") == 0)
		return p->stored == NULL || p->stored->as_of < 0 ? NULL :
		    pkg_fmt_date(fr_date_format(p->stored->as_of, buf), lang);
	if (strcmp(fact, "stored.method") == 0)
		return p->stored == NULL || p->stored->individuals < 0 ? NULL :
		    fr_stored_method_text(p->stored, lang);
	if (p->facts == NULL || p->facts->nfiles == 0)
		return NULL;
	v = fr_json_at(p->facts->merged, fact);
	if (cJSON_IsString(v) && strstr(v->valuestring, " / ") != NULL)
		return NULL;
	return pkg_format(p, v, NULL, -1, 0, lang);
}

/*
 * Attaches the choices of the schema's enumeration name, in the language of
 * lang, to the last row of the key-value block (a drop-down in the
 * workbook); nothing without one.
 */
static void
enum_options(const struct pkg *p, struct doc_block *kv, const char *name,
    const char *lang)
{
	const struct fr_enum *e = name != NULL ? fr_schema_enum(p->schema,
	    name) : NULL;
	const char **o;
	size_t i;

	if (e == NULL || e->n == 0)
		return;
	o = fr_xcalloc(e->n, sizeof *o);
	for (i = 0; i < e->n; i++)
		o[i] = PKG_IS_ZH(lang) ? e->v[i].zh : e->v[i].en;
	doc_kv_options(kv, o, e->n);
	free(o);
}

/*
 * A table field as a heading and a numbered grid, a row per element of arr;
 * an empty cell shows the text for none.
 */
static void
table_field(const struct pkg *p, struct doc *d, const struct fr_form_field *f,
    const cJSON *arr, const char *lang)
{
	const char **hdr, **row;
	double *w;
	struct doc_block *g;
	const cJSON *it;
	size_t c, n = f->ncolumns + 1;

	hdr = fr_xcalloc(n, sizeof *hdr);
	row = fr_xcalloc(n, sizeof *row);
	w = fr_xcalloc(n, sizeof *w);
	hdr[0] = PKG_IS_ZH(lang) ? "序号" : "No.";
	w[0] = 0.8;
	for (c = 0; c < f->ncolumns; c++) {
		hdr[c + 1] = PKG_IS_ZH(lang) ? f->columns[c].label_zh :
		    f->columns[c].label_en;
		w[c + 1] = 1.5;
	}
	doc_heading(d, 3, PKG_IS_ZH(lang) ? f->label_zh : f->label_en);
	g = doc_grid(d, n, hdr, w);
	c = 0;
	cJSON_ArrayForEach(it, arr) {
		char **cells = fr_xcalloc(n, sizeof *cells);
		size_t k;

		cells[0] = fr_xasprintf("%zu", ++c);
		for (k = 0; k < f->ncolumns; k++) {
			const struct fr_form_field *col = &f->columns[k];

			cells[k + 1] = pkg_format(p, fr_json_at(it, col->path),
			    col->enum_name, col->node != NULL ?
			    (int)col->node->type : -1, col->mask, lang);
			if (cells[k + 1] == NULL)
				cells[k + 1] = fr_xstrdup(pkg_none_text(lang));
		}
		for (k = 0; k < n; k++)
			row[k] = cells[k];
		doc_grid_row(g, row);
		for (k = 0; k < n; k++)
			free(cells[k]);
		free(cells);
	}
	free(hdr);
	free(row);
	free(w);
}

/* The rows of one section (base: the filing root or one element). */
static void
fields(const struct pkg *p, struct doc *d, struct doc_block **kv,
    const struct fr_form_section *s, const cJSON *base, const char *lang)
{
	size_t i;

	for (i = 0; i < s->nfields; i++) {
		const struct fr_form_field *f = &s->fields[i];
		const char *label = PKG_IS_ZH(lang) ? f->label_zh : f->label_en;
		char *val;

		if (f->kind != NULL && strcmp(f->kind, "table") == 0) {
			const cJSON *arr = fr_json_at(base, f->path);

			if (cJSON_GetArraySize(arr) > 0) {
				table_field(p, d, f, arr, lang);
				*kv = NULL;
				continue;
			}
		}
		if (*kv == NULL)
			*kv = doc_kv(d);
		if (f->fact != NULL)
			val = fact_text(p, f->fact, lang);
		else
			val = pkg_format(p, fr_json_at(base, f->path),
			    f->enum_name, f->node != NULL ? (int)f->node->type :
			    -1, f->mask, lang);
		doc_kv_row(*kv, label, val != NULL ? val : f->fact != NULL ?
		    (PKG_IS_ZH(lang) ? "事实文件未提供" : "not in the facts") :
		    pkg_none_text(lang));
		if (f->fact == NULL)
			enum_options(p, *kv, f->enum_name, lang);
		free(val);
	}
}

/*
 * Per application: the individuals stored on the devices it names,
 * de-duplicated by key (a part of the stored quantity, which also
 * covers devices and exports no application names).
 */
static void
app_quantity(const struct pkg *p, struct doc_block *kv, int app,
    const char *lang)
{
	long long q;
	char *t;

	if (p->facts == NULL || p->facts->nfiles == 0)
		return;
	q = pkg_facts_app(p->facts, fr_filing_root(p->filing), app, NULL);
	if (q < 0)
		return;
	t = pkg_fmt_count(q);
	doc_kv_row(kv, PKG_IS_ZH(lang) ? "本应用设备存储人脸信息数量（人）" :
	    "Individuals stored on this application's devices", t);
	free(t);
}

/* How the stored quantity was obtained, under Attachment 2. */
static void
facts_note(const struct pkg *p, struct doc *d, const char *lang)
{
	const struct fr_stored *s = p->stored;
	int zh = PKG_IS_ZH(lang);
	char *m, *t, *day, buf[FR_DATE_LEN];

	if (s == NULL || s->individuals < 0) {
		doc_note(d, zh ? "注：存储人脸信息数量尚未统计，须在提交前按个人统计后填写。" :
		    "Note: the number of individuals whose facial information "
		    "is stored has not been counted yet; count it, by "
		    "individual, before submission.");
		return;
	}
	m = fr_stored_method_text(s, lang);
	day = pkg_fmt_date(fr_date_format(s->as_of, buf), lang);
	t = zh ? fr_xasprintf("注：存储人脸信息数量为截至%s，%s所得（第十五条按个人计，不按图像或模板计）。各应用的数量取自该应用所用设备，同一人只计一次。",
	    day, m) : fr_xasprintf("Note: the number of individuals whose "
	    "facial information is stored is as of %s: %s (Art. 15 counts "
	    "individuals, not images or templates). Each application's "
	    "figure comes from its own devices, a person counted once.",
	    day, m);
	doc_note(d, t);
	free(t);
	free(day);
	free(m);
}

/* The text of a {zh, en} pair in the language of lang, or NULL. */
static const char *
lang_text(const cJSON *pair, const char *lang)
{
	return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(pair,
	    PKG_IS_ZH(lang) ? "zh" : "en"));
}

/*
 * One fact as forms/facts.json words it: a value named under "values",
 * a boolean's "true"/"false" sentence, or "text" with {n} or {v}. NULL
 * for anything the data does not word: no key or raw value reaches a
 * document.
 */
static char *
part_text(const cJSON *part, const cJSON *v, const char *lang)
{
	const cJSON *vals = cJSON_GetObjectItemCaseSensitive(part, "values");
	const char *t;
	char *num, *out;

	if (cJSON_IsBool(v)) {
		t = lang_text(cJSON_GetObjectItemCaseSensitive(part,
		    cJSON_IsTrue(v) ? "true" : "false"), lang);
		return t != NULL ? fr_xstrdup(t) : NULL;
	}
	if (cJSON_IsString(v) && vals != NULL) {
		t = lang_text(cJSON_GetObjectItemCaseSensitive(vals,
		    v->valuestring), lang);
		return t != NULL ? fr_xstrdup(t) : NULL;
	}
	t = lang_text(cJSON_GetObjectItemCaseSensitive(part, "text"), lang);
	if (t == NULL)
		return NULL;
	if (cJSON_IsNumber(v) && v->valuedouble >= 0) {
		num = pkg_fmt_count((long long)v->valuedouble);
		out = pkg_subst(t, "{n}", num);
		free(num);
		return out;
	}
	if (cJSON_IsString(v) && strstr(t, "{v}") != NULL)
		return pkg_subst(t, "{v}", v->valuestring);
	return NULL;
}

/* A measure of one device as a sentence, or NULL when nothing is worded. */
static char *
measure_text(const cJSON *m, const cJSON *v, const char *lang)
{
	const cJSON *parts = cJSON_GetObjectItemCaseSensitive(m, "parts"), *pt;
	char *out = NULL, *t, *n;

	if (!cJSON_IsArray(parts))
		return part_text(m, v, lang);
	cJSON_ArrayForEach(pt, parts) {
		t = part_text(pt, cJSON_GetObjectItemCaseSensitive(v,
		    cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(pt,
		    "key"))), lang);
		if (t == NULL)
			continue;
		n = out == NULL ? t : fr_xasprintf("%s%s%s", out,
		    PKG_IS_ZH(lang) ? "，" : "; ", t);
		if (n != t) {
			free(out);
			free(t);
		}
		out = n;
	}
	return out;
}

/*
 * The protection facts of each device (docs/facts.md "protection") under
 * the names of Art. 14's measures, one device after another and never
 * added up: Attachment 2 states what each store does next to what the
 * filing says.
 */
static void
protection_facts(const struct pkg *p, struct doc *d, struct doc_block **kv,
    const char *lang, size_t num)
{
	static const char *const cn[] = { "一", "二", "三", "四", "五", "六",
		"七", "八", "九", "十" };
	const cJSON *measures = cJSON_GetObjectItemCaseSensitive(p->factsform,
	    "measures"), *m;
	int zh = PKG_IS_ZH(lang);
	char *title;
	size_t i;

	if (p->facts == NULL || p->facts->nfiles == 0 || measures == NULL)
		return;
	if (*kv == NULL)
		*kv = doc_kv(d);
	/* Numbered after the form's own sections. */
	title = zh ? fr_xasprintf("%s%s各设备的安全保护措施（按设备实测）",
	    num >= 1 && num <= 10 ? cn[num - 1] : "", num >= 1 && num <= 10 ?
	    "、" : "") : fr_xasprintf("%zu. Protection measures on each device "
	    "(as measured on the device)", num);
	doc_kv_section(*kv, title);
	free(title);
	for (i = 0; i < p->facts->nfiles; i++) {
		const struct pkg_facts_file *f = &p->facts->files[i];
		const cJSON *prot = cJSON_GetObjectItemCaseSensitive(f->tree,
		    "protection");
		char *cnt = pkg_fmt_count(f->individuals), *dev, *h;

		dev = pkg_subst(lang_text(cJSON_GetObjectItemCaseSensitive(
		    p->factsform, "device"), lang), "{device}",
		    f->device != NULL ? f->device : (zh ? "未命名" : "unnamed"));
		h = pkg_subst(lang_text(cJSON_GetObjectItemCaseSensitive(
		    p->factsform, "device_count"), lang), "{device}", dev);
		free(dev);
		dev = pkg_subst(h, "{n}", cnt);
		doc_kv_row(*kv, zh ? "设备" : "Device", dev);
		free(dev);
		free(h);
		free(cnt);
		cJSON_ArrayForEach(m, measures) {
			const char *key = cJSON_GetStringValue(
			    cJSON_GetObjectItemCaseSensitive(m, "key"));
			char *t = measure_text(m,
			    cJSON_GetObjectItemCaseSensitive(prot, key), lang);

			if (t == NULL)
				continue;
			doc_kv_row(*kv, lang_text(
			    cJSON_GetObjectItemCaseSensitive(m, "label"), lang),
			    t);
			free(t);
		}
	}
}

struct doc *
pkg_form_doc(const struct pkg *p, int att, const char *lang,
    struct fr_diags *diags)
{
	const struct fr_form *form = fr_schema_form_n(p->schema, att);
	struct doc_block *kv = NULL;
	struct doc *d;
	char *sub, *sheet, *dtitle;
	size_t i;
	int zh = PKG_IS_ZH(lang);

	if (form == NULL || att < 1 || att > 5) {
		fr_diag_add(diags, FR_SEV_ERROR, NULL, NULL, 0, 0,
		    "render.form", "no form for attachment %d in forms/", att);
		return NULL;
	}
	sub = fr_xasprintf(zh ? "附件%d" : "Attachment %d", att);
	sheet = fr_xasprintf(zh ? "附件%d" : "Attachment %d", att);
	dtitle = pkg_typed_title(p, zh ? form->title_zh : form->title_en, lang);
	d = pkg_new_doc(p, pkg_slugs[att], lang, dtitle, sheet);
	doc_subtitle(d, sub)->align = DOC_LEFT;
	doc_title(d, dtitle);
	free(dtitle);
	for (i = 0; i < form->nsections; i++) {
		const struct fr_form_section *s = &form->sections[i];
		const char *title = zh ? s->title_zh : s->title_en;

		if (s->repeat != NULL) {
			const cJSON *arr = fr_filing_get(p->filing, s->repeat);
			const cJSON *it;
			int k = 0, n = cJSON_GetArraySize(arr);

			cJSON_ArrayForEach(it, arr) {
				const char *nm = fr_json_str(
				    cJSON_GetObjectItemCaseSensitive(it,
				    zh ? "name" : "name_en"));
				char *h;

				if (nm == NULL || *nm == '\0')
					nm = fr_json_str(
					    cJSON_GetObjectItemCaseSensitive(it,
					    "name"));
				k++;
				h = fr_xasprintf(zh ? "%s（%d/%d）：%s" :
				    "%s (%d of %d): %s", title, k, n,
				    nm != NULL ? nm : "");
				if (kv == NULL)
					kv = doc_kv(d);
				doc_kv_section(kv, h);
				free(h);
				fields(p, d, &kv, s, it, lang);
				if (kv == NULL)
					kv = doc_kv(d);
				app_quantity(p, kv, k - 1, lang);
			}
			continue;
		}
		if (kv == NULL)
			kv = doc_kv(d);
		doc_kv_section(kv, title);
		fields(p, d, &kv, s, fr_filing_root(p->filing), lang);
	}
	if (att == 2) {
		protection_facts(p, d, &kv, lang, form->nsections + 1);
		facts_note(p, d, lang);
	}
	pkg_seal_block(p, d, "填报单位（盖章）：", "Processor (seal):", lang,
	    "filing.date");
	free(sub);
	free(sheet);
	return d;
}

struct doc *
pkg_letter_doc(const struct pkg *p, int att, const char *lang,
    struct fr_diags *diags)
{
	const struct fr_form *form = fr_schema_form_n(p->schema, att);
	int both = strcmp(lang, "zh-en") == 0, zh = PKG_IS_ZH(lang);
	struct doc *d;
	char *title, *sheet;
	int rc;

	if (att != 4 && att != 5)
		return NULL;
	title = both ? fr_xasprintf("%s / %s",
	    form != NULL ? form->title_zh : "", form != NULL ?
	    form->title_en : "") : fr_xstrdup(form == NULL ? pkg_slugs[att] :
	    zh ? form->title_zh : form->title_en);
	sheet = fr_xasprintf(zh ? "附件%d" : "Attachment %d", att);
	d = pkg_new_doc(p, pkg_slugs[att], lang, title, sheet);
	free(title);
	free(sheet);
	rc = tmpl_render(d, pkg_slugs[att], zh ? "zh" : "en",
	    pkg_context(p, zh ? "zh" : "en"), diags);
	if (rc == FR_OK && both) {
		/* The English version follows the Chinese on a new page. */
		doc_pagebreak(d);
		doc_set_lang(d, "en");
		rc = tmpl_render(d, pkg_slugs[att], "en", pkg_context(p, "en"),
		    diags);
	}
	if (rc != FR_OK) {
		doc_free(d);
		return NULL;
	}
	return d;
}

