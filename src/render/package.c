/*
 * package.c — builds the filing package's documents from the forms, the
 * templates, the filing and the facts, and writes them (see package.h).
 *
 * The forms decide which values each attachment shows and in what order;
 * this file only knows how to turn a form field into a row, a repeated
 * section into one block per application, and a table field into a grid.
 */
#include "render/package.h"

#include "core/date.h"
#include "core/filing.h"
#include "core/forms.h"
#include "core/fr.h"
#include "core/ident.h"
#include "render/pdf.h"
#include "render/pkgfacts.h"
#include "render/template.h"
#include "render/xlsx.h"

#include <cjson/cJSON.h>

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define ZH(lang) (strncmp((lang), "zh", 2) == 0)

static const char *const months_en[] = { "January", "February", "March",
	"April", "May", "June", "July", "August", "September", "October",
	"November", "December" };

/* 2026年11月27日 / 27 November 2026 (GB/T 9704 writes dates in full). */
static char *
fmt_date(const char *iso, const char *lang)
{
	int d, y, m, day;
	char buf[FR_DATE_LEN];

	if (fr_date_parse(iso, &d) != FR_OK)
		return fr_xstrdup(iso);
	fr_date_format(d, buf);
	y = (int)strtol(buf, NULL, 10);
	m = (int)strtol(buf + 5, NULL, 10);
	day = (int)strtol(buf + 8, NULL, 10);
	if (ZH(lang))
		return fr_xasprintf("%d年%d月%d日", y, m, day);
	return fr_xasprintf("%d %s %d", day, months_en[(m - 1) % 12], y);
}

char *
pkg_format(const struct pkg *p, const struct cJSON *v, const char *enum_name,
    int type, int mask, const char *lang)
{
	int zh = ZH(lang);

	if (v == NULL || cJSON_IsNull(v))
		return NULL;
	if (cJSON_IsString(v)) {
		const char *s = v->valuestring;

		if (*s == '\0')
			return NULL;
		if (enum_name != NULL) {
			const char *l = fr_enum_label(p->schema, enum_name, s,
			    zh ? "zh" : "en");

			return fr_xstrdup(l != NULL ? l : s);
		}
		if (type == FR_T_DATE)
			return fmt_date(s, lang);
		if (mask)
			return fr_mask_id(s);
		return fr_xstrdup(s);
	}
	if (cJSON_IsBool(v))
		return fr_xstrdup(cJSON_IsTrue(v) ? (zh ? "是" : "Yes") :
		    (zh ? "否" : "No"));
	if (cJSON_IsNumber(v)) {
		double d = v->valuedouble;

		if (d == floor(d) && fabs(d) < 1e15)
			return fr_xasprintf("%lld", (long long)d);
		return fr_xasprintf("%g", d);
	}
	if (cJSON_IsArray(v)) {
		const cJSON *it;
		char *out = NULL;

		cJSON_ArrayForEach(it, v) {
			char *t = pkg_format(p, it, enum_name, type, mask, lang);
			char *n;

			if (t == NULL)
				continue;
			n = out == NULL ? fr_xstrdup(t) : fr_xasprintf("%s%s%s",
			    out, zh ? "、" : ", ", t);
			free(out);
			free(t);
			out = n;
		}
		return out;
	}
	return NULL;
}

/* The filing tree with every leaf formatted for reading. */
static cJSON *
display(const struct pkg *p, const cJSON *v, const struct fr_schema_node *n,
    const char *lang)
{
	const cJSON *c;
	cJSON *o;

	if (cJSON_IsObject(v)) {
		o = cJSON_CreateObject();
		cJSON_ArrayForEach(c, v) {
			const struct fr_schema_node *cn = n != NULL ?
			    fr_schema_field(n, c->string) : NULL;

			cJSON_AddItemToObject(o, c->string,
			    display(p, c, cn, lang));
		}
		return o;
	}
	if (cJSON_IsArray(v)) {
		o = cJSON_CreateArray();
		cJSON_ArrayForEach(c, v)
			cJSON_AddItemToArray(o, display(p, c,
			    n != NULL ? n->items : NULL, lang));
		return o;
	}
	{
		int mask = n != NULL && n->validator != NULL &&
		    strcmp(n->validator, "id_number") == 0;
		char *s = pkg_format(p, v, n != NULL ? n->enum_name : NULL,
		    n != NULL ? (int)n->type : -1, mask, lang);

		o = s != NULL ? cJSON_CreateString(s) : cJSON_CreateString("");
		free(s);
		return o;
	}
}

int
pkg_init(struct pkg *p, const struct fr_filing *f, const struct fr_schema *s,
    const struct pkg_facts *pf, long long created, int draft)
{
	static const char *const langs[2] = { "zh", "en" };
	int i;

	memset(p, 0, sizeof *p);
	p->filing = f;
	p->schema = s;
	p->facts = pf;
	p->created = created;
	p->draft = draft;
	for (i = 0; i < 2; i++) {
		cJSON *ctx = cJSON_Duplicate(fr_filing_root(f), 1), *st;

		if (ctx == NULL || !cJSON_IsObject(ctx)) {
			cJSON_Delete(ctx);
			return FR_EINVAL;
		}
		cJSON_AddItemToObject(ctx, "display", display(p,
		    fr_filing_root(f), &s->root, langs[i]));
		if (pf != NULL && pf->merged != NULL)
			cJSON_AddItemToObject(ctx, "facts",
			    cJSON_Duplicate(pf->merged, 1));
		st = cJSON_AddObjectToObject(ctx, "stored");
		if (pf != NULL && pf->nfiles > 0)
			cJSON_AddNumberToObject(st, "individuals",
			    (double)pf->individuals);
		cJSON_AddStringToObject(st, "method", pkg_count_how_name(
		    pf != NULL ? pf->how : PKG_COUNT_NONE));
		cJSON_AddNumberToObject(st, "files",
		    pf != NULL ? (double)pf->nfiles : 0);
		p->ctx[i] = ctx;
	}
	return FR_OK;
}

void
pkg_release(struct pkg *p)
{
	cJSON_Delete(p->ctx[0]);
	cJSON_Delete(p->ctx[1]);
	memset(p, 0, sizeof *p);
}

const struct cJSON *
pkg_context(const struct pkg *p, const char *lang)
{
	return p->ctx[ZH(lang) ? 0 : 1];
}

/* --- shared document parts --------------------------------------------- */

static const char *
str_at(const struct pkg *p, const char *path)
{
	const char *s = fr_filing_str(p->filing, path);

	return s != NULL && *s != '\0' ? s : NULL;
}

/* Version line for the footer: the filing type and date. */
static char *
version(const struct pkg *p, const char *lang)
{
	const char *type = str_at(p, "filing.type");
	const char *date = str_at(p, "filing.date");
	const char *tl = type != NULL ? fr_enum_label(p->schema, "filing_type",
	    type, ZH(lang) ? "zh" : "en") : NULL;
	char *d = date != NULL ? fmt_date(date, lang) : NULL, *v;

	v = fr_xasprintf("%s%s%s", tl != NULL ? tl : "",
	    tl != NULL && d != NULL ? " " : "", d != NULL ? d : "");
	free(d);
	return v;
}

static struct doc *
new_doc(const struct pkg *p, const char *id, const char *lang,
    const char *title, const char *sheet)
{
	struct doc *d = doc_new(id, lang);
	const char *author = ZH(lang) ? str_at(p, "processor.name_zh") :
	    str_at(p, "processor.name_en");
	char *v = version(p, lang);

	if (author == NULL)
		author = str_at(p, "processor.name_zh");
	doc_set_meta(d, title, ZH(lang) ? "人脸识别技术应用备案" :
	    "Filing of a facial recognition technology application",
	    author, v);
	d->keywords = fr_xstrdup(ZH(lang) ? "人脸识别技术应用安全管理办法 备案" :
	    "facial recognition; filing; Art. 15");
	doc_set_sheet(d, sheet);
	d->created = p->created;
	d->draft = p->draft;
	free(v);
	return d;
}

static const char *
none_text(const char *lang)
{
	return ZH(lang) ? "无" : "None";
}

/* The stored quantity with how it was counted (Art. 15: individuals). */
static char *
quantity_text(const struct pkg *p, long long n, enum pkg_count_how how,
    const char *lang)
{
	int zh = ZH(lang);

	if (how == PKG_COUNT_NONE || n < 0)
		return fr_xstrdup(zh ? "未提供（须以 --facts 提供 frmatch 事实文件）" :
		    "not given (supply frmatch facts with --facts)");
	switch (how) {
	case PKG_COUNT_DEDUP:
		return fr_xasprintf(zh ? "%lld（按人员密钥去重）" :
		    "%lld (distinct persons by key)", n);
	case PKG_COUNT_SUM:
		return fr_xasprintf(zh ? "%lld（各存储数量之和，未去重）" :
		    "%lld (sum over stores, not de-duplicated)", n);
	case PKG_COUNT_MIXED:
		return fr_xasprintf(zh ? "%lld（部分按密钥去重，部分相加）" :
		    "%lld (partly de-duplicated by key, partly added)", n);
	default:
		return fr_xasprintf("%lld", n);
	}
}

static char *
fact_text(const struct pkg *p, const char *fact, const char *lang)
{
	const cJSON *v;

	if (p->facts == NULL || p->facts->nfiles == 0)
		return quantity_text(p, -1, PKG_COUNT_NONE, lang);
	if (strcmp(fact, "individuals") == 0)
		return quantity_text(p, p->facts->individuals, p->facts->how,
		    lang);
	v = fr_json_at(p->facts->merged, fact);
	return pkg_format(p, v, NULL, -1, 0, lang);
}

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
		o[i] = ZH(lang) ? e->v[i].zh : e->v[i].en;
	doc_kv_options(kv, o, e->n);
	free(o);
}

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
	hdr[0] = ZH(lang) ? "序号" : "No.";
	w[0] = 0.8;
	for (c = 0; c < f->ncolumns; c++) {
		hdr[c + 1] = ZH(lang) ? f->columns[c].label_zh :
		    f->columns[c].label_en;
		w[c + 1] = 1.5;
	}
	doc_heading(d, 3, ZH(lang) ? f->label_zh : f->label_en);
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
				cells[k + 1] = fr_xstrdup(none_text(lang));
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
		const char *label = ZH(lang) ? f->label_zh : f->label_en;
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
		    (ZH(lang) ? "事实文件未提供" : "not in the facts") :
		    none_text(lang));
		if (f->fact == NULL)
			enum_options(p, *kv, f->enum_name, lang);
		free(val);
	}
}

/* Per-application stored quantity from the facts of its devices. */
static void
app_quantity(const struct pkg *p, struct doc_block *kv, const cJSON *app,
    const char *lang)
{
	const cJSON *devs = cJSON_GetObjectItemCaseSensitive(app,
	    "fact_devices"), *it;
	const char **v;
	size_t n = 0;
	enum pkg_count_how how;
	long long q;
	char *t;

	if (p->facts == NULL || p->facts->nfiles == 0 || !cJSON_IsArray(devs))
		return;
	v = fr_xcalloc((size_t)cJSON_GetArraySize(devs) + 1, sizeof *v);
	cJSON_ArrayForEach(it, devs)
		if (cJSON_IsString(it))
			v[n++] = it->valuestring;
	q = pkg_facts_count_devices(p->facts, v, n, &how);
	free(v);
	if (q < 0)
		return;
	t = quantity_text(p, q, how, lang);
	doc_kv_row(kv, ZH(lang) ? "本应用存储人脸信息数量（人）" :
	    "Individuals stored by this application", t);
	free(t);
}

static void
facts_note(const struct pkg *p, struct doc *d, const char *lang)
{
	const struct pkg_facts *pf = p->facts;
	int zh = ZH(lang);
	char *t = NULL;

	if (pf == NULL || pf->nfiles == 0) {
		doc_note(d, zh ? "注：未提供 frmatch 事实文件，存储数量及设备保护措施须人工填写。" :
		    "Note: no frmatch facts were given; the stored quantity and "
		    "the devices' protection facts must be filled in by hand.");
		return;
	}
	switch (pf->how) {
	case PKG_COUNT_SINGLE:
		t = fr_xasprintf(zh ? "注：存储数量取自 1 个事实文件（%s），为该存储中的个人数量（第十五条：按个人计，不按图像或模板计）。" :
		    "Note: the stored quantity comes from one facts file (%s): "
		    "the individuals in that store (Art. 15 counts individuals, "
		    "not images or templates).", pf->files[0].device != NULL ?
		    pf->files[0].device : pf->files[0].path);
		break;
	case PKG_COUNT_DEDUP:
		t = fr_xasprintf(zh ? "注：存储数量为 %zu 个事实文件按人员密钥（HMAC-SHA256）去重后的个人数量，同一人在多台设备登记只计一次。" :
		    "Note: the stored quantity is the number of distinct "
		    "persons over %zu facts files, de-duplicated by person key "
		    "(HMAC-SHA256): one person enrolled on several devices "
		    "counts once.", pf->nfiles);
		break;
	case PKG_COUNT_SUM:
		t = fr_xasprintf(zh ? "注：所提供的 %zu 个事实文件均不含人员密钥，无法去重；存储数量为各文件数量之和，同一人在多台设备登记时会被重复计算。" :
		    "Note: none of the %zu facts files carries person keys, so "
		    "they cannot be de-duplicated: the stored quantity is the "
		    "sum of their counts, and a person enrolled on several "
		    "devices is counted more than once.", pf->nfiles);
		break;
	case PKG_COUNT_MIXED:
		t = fr_xasprintf(zh ? "注：%zu 个事实文件中部分含人员密钥并已去重，其余文件的数量直接相加，可能存在重复计算。" :
		    "Note: of the %zu facts files, those with person keys were "
		    "de-duplicated and the others' counts added: some persons "
		    "may be counted more than once.", pf->nfiles);
		break;
	case PKG_COUNT_NONE:
		break;
	}
	if (t != NULL)
		doc_note(d, t);
	free(t);
}

/*
 * The protection facts of the devices (docs/facts.md "protection"), under
 * the names of Art. 14's measures, so Attachment 2 states what the
 * stores actually do next to what the filing says they do.
 */
static void
protection_facts(const struct pkg *p, struct doc *d, struct doc_block **kv,
    const char *lang, size_t num)
{
	static const char *const cn[] = { "一", "二", "三", "四", "五", "六",
		"七", "八", "九", "十" };
	char *title;
	static const struct {
		const char *key, *zh, *en;
	} names[] = {
		{ "encryption", "数据加密", "Data encryption" },
		{ "audit_log", "安全审计", "Security audit" },
		{ "access_control", "访问控制", "Access control" },
		{ "authorization_management", "授权管理",
		  "Authorisation management" },
		{ "intrusion_detection", "入侵检测", "Intrusion detection" },
		{ "intrusion_prevention", "入侵防范", "Intrusion prevention" },
		{ "external_transmission", "对外传输", "External transmission" },
		{ "retention", "保存期限", "Retention" },
	};
	const cJSON *prot, *c, *g;
	int zh = ZH(lang);
	size_t i;

	if (p->facts == NULL || p->facts->merged == NULL)
		return;
	prot = cJSON_GetObjectItemCaseSensitive(p->facts->merged,
	    "protection");
	if (!cJSON_IsObject(prot) || prot->child == NULL)
		return;
	if (*kv == NULL)
		*kv = doc_kv(d);
	/* Numbered after the form's own sections. */
	title = zh ? fr_xasprintf("%s%s设备端保护措施（取自 frmatch 事实文件）",
	    num >= 1 && num <= 10 ? cn[num - 1] : "", num >= 1 && num <= 10 ?
	    "、" : "") : fr_xasprintf("%zu. Protection on the devices (from "
	    "the frmatch facts)", num);
	doc_kv_section(*kv, title);
	free(title);
	cJSON_ArrayForEach(c, prot) {
		const char *label = c->string;
		char *val = NULL;

		for (i = 0; i < sizeof names / sizeof names[0]; i++)
			if (strcmp(names[i].key, c->string) == 0)
				label = zh ? names[i].zh : names[i].en;
		if (cJSON_IsObject(c)) {
			cJSON_ArrayForEach(g, c) {
				char *t = pkg_format(p, g, NULL, -1, 0, lang), *n;

				if (t == NULL)
					continue;
				n = fr_xasprintf("%s%s%s: %s", val != NULL ? val :
				    "", val != NULL ? (zh ? "；" : "; ") : "",
				    g->string, t);
				free(val);
				free(t);
				val = n;
			}
		} else
			val = pkg_format(p, c, NULL, -1, 0, lang);
		doc_kv_row(*kv, label, val != NULL ? val : none_text(lang));
		free(val);
	}
}

static void
seal_block(const struct pkg *p, struct doc *d, const char *who_zh,
    const char *who_en, const char *lang, const char *datepath)
{
	struct doc_block *s = doc_signature(d);
	const char *date = str_at(p, datepath);
	char *dt = date != NULL ? fmt_date(date, lang) : NULL;

	doc_sign_line(s, ZH(lang) ? who_zh : who_en, NULL);
	doc_sign_seal(s, ZH(lang) ? "单位公章" : "Official seal");
	doc_sign_date(s, dt != NULL ? dt : (ZH(lang) ? "年    月    日" :
	    "Date:"));
	free(dt);
}

static const char *const slugs[6] = {
	"materials-checklist",
	"attachment-1-basic-information",
	"attachment-2-application-record",
	"attachment-3-pipia",
	"attachment-4-power-of-attorney",
	"attachment-5-letter-of-commitment",
};

struct doc *
pkg_form_doc(const struct pkg *p, int att, const char *lang,
    struct fr_diags *diags)
{
	const struct fr_form *form = fr_schema_form_n(p->schema, att);
	struct doc_block *kv = NULL;
	struct doc *d;
	char *sub, *sheet;
	size_t i;
	int zh = ZH(lang);

	if (form == NULL || att < 1 || att > 5) {
		fr_diag_add(diags, FR_SEV_ERROR, NULL, NULL, 0, 0,
		    "render.form", "no form for attachment %d in forms/", att);
		return NULL;
	}
	sub = fr_xasprintf(zh ? "附件%d" : "Attachment %d", att);
	sheet = fr_xasprintf(zh ? "附件%d" : "Attachment %d", att);
	d = new_doc(p, slugs[att], lang, zh ? form->title_zh : form->title_en,
	    sheet);
	doc_subtitle(d, sub)->align = DOC_LEFT;
	doc_title(d, zh ? form->title_zh : form->title_en);
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
				app_quantity(p, kv, it, lang);
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
	seal_block(p, d, "填报单位（盖章）：", "Processor (seal):", lang,
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
	int both = strcmp(lang, "zh-en") == 0, zh = ZH(lang);
	struct doc *d;
	char *title, *sheet;
	int rc;

	if (att != 4 && att != 5)
		return NULL;
	title = both ? fr_xasprintf("%s / %s",
	    form != NULL ? form->title_zh : "", form != NULL ?
	    form->title_en : "") : fr_xstrdup(form == NULL ? slugs[att] :
	    zh ? form->title_zh : form->title_en);
	sheet = fr_xasprintf(zh ? "附件%d" : "Attachment %d", att);
	d = new_doc(p, slugs[att], lang, title, sheet);
	free(title);
	free(sheet);
	rc = tmpl_render(d, slugs[att], zh ? "zh" : "en",
	    pkg_context(p, zh ? "zh" : "en"), diags);
	if (rc == FR_OK && both) {
		/* The English version follows the Chinese on a new page. */
		doc_pagebreak(d);
		doc_set_lang(d, "en");
		rc = tmpl_render(d, slugs[att], "en", pkg_context(p, "en"),
		    diags);
	}
	if (rc != FR_OK) {
		doc_free(d);
		return NULL;
	}
	return d;
}

struct doc *
pkg_checklist_doc(const struct pkg *p, const char *lang, int have_pipia,
    const char *const *files, struct fr_diags *diags)
{
	static const struct {
		int att;		/* generated attachment, 0: none */
		int seal;		/* must be signed/sealed and scanned */
		const char *zh, *en;
	} items[9] = {
		{ 1, 0, "个人信息处理者基本情况表（附件1）",
		  "Basic Information Form of the Personal Information Processor (Attachment 1)" },
		{ 2, 0, "人脸识别技术应用情况备案表（附件2）",
		  "Facial Recognition Technology Application Record Form (Attachment 2)" },
		{ 3, 0, "个人信息保护影响评估报告（附件3）",
		  "Personal Information Protection Impact Assessment report (Attachment 3)" },
		{ 0, 1, "统一社会信用代码证书原件或复印件扫描件（加盖公章）",
		  "Scan of the Unified Social Credit Code certificate, original or copy (with official seal)" },
		{ 0, 0, "法定代表人或主要负责人身份证件扫描件",
		  "Scan of the legal representative's or responsible person's identity document" },
		{ 0, 0, "经办人身份证件扫描件",
		  "Scan of the agent's identity document" },
		{ 4, 1, "经办人授权委托书扫描件（加盖公章，附件4）",
		  "Scan of the Power of Attorney for the agent (with official seal, Attachment 4)" },
		{ 5, 1, "承诺书扫描件（加盖公章，附件5）",
		  "Scan of the Letter of Commitment (with official seal, Attachment 5)" },
		{ 0, 0, "其他相关材料扫描件",
		  "Scans of other relevant materials" },
	};
	struct doc *d;
	struct doc_block *cl;
	int zh = ZH(lang);
	size_t i;
	char *intro;
	const char *name = str_at(p, "processor.name_zh");
	const char *auth = str_at(p, "filing.authority");

	(void)diags;
	d = new_doc(p, slugs[0], lang, zh ? "人脸识别技术应用备案材料清单" :
	    "Checklist of Filing Materials", zh ? "材料清单" : "Checklist");
	doc_title(d, zh ? "人脸识别技术应用备案材料清单" :
	    "Checklist of Filing Materials");
	intro = fr_xasprintf(zh ? "备案单位：%s。报送机关：%s。依据《人脸识别技术应用安全管理办法》第十五条及备案填报说明，备案须提交以下九项材料；本清单标明本次已生成的文件和须由本单位签字盖章后扫描上传的材料。" :
	    "Processor: %s. Authority: %s. Under Art. 15 of the Measures and "
	    "the filing instructions, a filing consists of the nine materials "
	    "below; this list shows which files were generated in this run "
	    "and which must be signed, sealed and scanned by the processor.",
	    name != NULL ? name : "", auth != NULL ? auth :
	    (zh ? "省级网信部门" : "the provincial cyberspace administration"));
	doc_para(d, intro);
	free(intro);
	cl = doc_checklist(d, zh ? "材料" : "Material");
	for (i = 0; i < 9; i++) {
		int gen = items[i].att != 0 && (items[i].att != 3 || have_pipia);
		const char *st;
		const char *note = items[i].att > 0 && gen ? files[items[i].att] :
		    NULL;
		char *extra = NULL;

		if (gen && items[i].seal)
			st = zh ? "已生成；待签字盖章后扫描" :
			    "generated; sign, seal and scan";
		else if (gen)
			st = zh ? "已生成" : "generated";
		else if (items[i].att == 3)
			st = zh ? "待编制" : "to be prepared";
		else if (items[i].seal)
			st = zh ? "待扫描（加盖公章）" : "to scan (with seal)";
		else if (i == 8)
			st = zh ? "按需提供" : "as needed";
		else
			st = zh ? "待扫描" : "to scan";
		if (items[i].att == 3 && !gen)
			note = zh ? "按 GB/T 39335 开展评估后编制" :
			    "prepare after the assessment (GB/T 39335)";
		if (i == 8 && str_at(p, "processing_rules.title") != NULL) {
			extra = fr_xasprintf(zh ? "如《%s》、告知书等" :
			    "e.g. %s, notices", str_at(p,
			    "processing_rules.title"));
			note = extra;
		}
		doc_check_item(cl, zh ? items[i].zh : items[i].en, gen, st, note);
		free(extra);
	}
	doc_note(d, zh ? "注：扫描件须清晰完整；加盖公章的材料先签字盖章再扫描。备案材料和处理记录至少保存三年（第九条）。" :
	    "Note: scans must be legible and complete; sign and seal before "
	    "scanning. Keep the filing materials and processing records for "
	    "at least three years (Art. 9).");
	return d;
}

/* --- writing ----------------------------------------------------------- */

void
pkg_result_release(struct pkg_result *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		free(r->v[i].file);
		free(r->v[i].lang);
	}
	free(r->v);
	memset(r, 0, sizeof *r);
}

struct stage {
	char *tmp, *final;
};

struct writer {
	const struct pkg *p;
	const char *dir;
	struct stage *st;
	size_t nst;
	struct pkg_result *res;
	struct pdf_fonts *fonts;
	struct fr_diags *diags;
};

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A new temporary file in the output directory, mode 0600. */
static char *
stage_tmp(struct writer *w, const char *name)
{
	char *tmp = fr_xasprintf("%s/.%s.tmp.XXXXXX", w->dir, name);
	int fd = mkstemp(tmp);

	if (fd == -1 || fchmod(fd, 0600) == -1) {
		char *final = fr_xasprintf("%s/%s", w->dir, name);

		fr_diag_add(w->diags, FR_SEV_ERROR, final, NULL, 0, 0,
		    "render.write", "cannot create: %s", strerror(errno));
		free(final);
		if (fd != -1) {
			close(fd);
			unlink(tmp);
		}
		free(tmp);
		return NULL;
	}
	close(fd);
	w->st = fr_xreallocarray(w->st, w->nst + 1, sizeof *w->st);
	w->st[w->nst].tmp = tmp;
	w->st[w->nst].final = fr_xasprintf("%s/%s", w->dir, name);
	w->nst++;
	return tmp;
}

static int
record(struct writer *w, const char *name, const char *tmp,
    const char *format, const char *lang, int att, double t0)
{
	struct pkg_output *o;
	char *buf = NULL;
	size_t len = 0;

	if (fr_read_file(tmp, 0, &buf, &len) != FR_OK) {
		fr_diag_add(w->diags, FR_SEV_ERROR, tmp, NULL, 0, 0,
		    "render.write", "cannot read back the output");
		return FR_EIO;
	}
	w->res->v = fr_xreallocarray(w->res->v, w->res->n + 1,
	    sizeof *w->res->v);
	o = &w->res->v[w->res->n++];
	memset(o, 0, sizeof *o);
	o->file = fr_xstrdup(name);
	o->format = format;
	o->lang = lang != NULL ? fr_xstrdup(lang) : NULL;
	o->attachment = att;
	o->size = (long long)len;
	pkg_sha256_hex(buf, len, o->sha256);
	o->seconds = now() - t0;
	free(buf);
	return FR_OK;
}

static int
write_buf(const char *path, const void *buf, size_t len)
{
	FILE *fp = fopen(path, "wb");
	int rc = FR_OK;

	if (fp == NULL)
		return FR_EIO;
	if (len > 0 && fwrite(buf, 1, len, fp) != len)
		rc = FR_EIO;
	if (fflush(fp) != 0 || fsync(fileno(fp)) != 0)
		rc = FR_EIO;
	if (fclose(fp) != 0)
		rc = FR_EIO;
	return rc;
}

static int
emit_pdf(struct writer *w, struct doc *d, const char *lang, int att)
{
	char *name = fr_xasprintf("%s.%s.pdf", d->id, lang), *tmp, *err = NULL;
	unsigned char *buf = NULL;
	size_t len = 0;
	double t0 = now();
	int rc;

	if (w->fonts == NULL && pdf_fonts_open(&w->fonts, &err) != FR_OK) {
		fr_diag_add(w->diags, FR_SEV_ERROR, NULL, NULL, 0, 0,
		    "render.font", "%s", err);
		free(err);
		free(name);
		return FR_ENOENT;
	}
	rc = pdf_render(w->fonts, d, &buf, &len, &err);
	if (rc != FR_OK) {
		fr_diag_add(w->diags, FR_SEV_ERROR, name, NULL, 0, 0,
		    "render.pdf", "%s", err != NULL ? err : "cannot render");
		free(err);
		free(name);
		return rc;
	}
	tmp = stage_tmp(w, name);
	if (tmp == NULL || write_buf(tmp, buf, len) != FR_OK) {
		if (tmp != NULL)
			fr_diag_add(w->diags, FR_SEV_ERROR, tmp, NULL, 0, 0,
			    "render.write", "cannot write: %s",
			    strerror(errno));
		free(buf);
		free(name);
		return FR_EIO;
	}
	free(buf);
	rc = record(w, name, tmp, "pdf", lang, att, t0);
	free(name);
	return rc;
}

static int
emit_xlsx(struct writer *w, struct doc **docs, size_t n, const char *lang)
{
	char *name = fr_xasprintf("filing-package.%s.xlsx", lang), *tmp;
	char *err = NULL, *title;
	struct xlsx_meta m;
	double t0 = now();
	int rc;

	tmp = stage_tmp(w, name);
	if (tmp == NULL) {
		free(name);
		return FR_EIO;
	}
	title = fr_xstrdup(ZH(lang) ? "人脸识别技术应用备案材料" :
	    "Facial recognition technology application filing");
	memset(&m, 0, sizeof m);
	m.title = title;
	m.subject = docs[0]->subject;
	m.author = docs[0]->author;
	m.company = docs[0]->author;
	m.keywords = docs[0]->keywords;
	m.created = w->p->created;
	rc = xlsx_write((const struct doc *const *)docs, n, &m, tmp, 0600,
	    &err);
	free(title);
	if (rc != FR_OK) {
		fr_diag_add(w->diags, FR_SEV_ERROR, name, NULL, 0, 0,
		    "render.xlsx", "%s", err != NULL ? err : "cannot write");
		free(err);
		free(name);
		return rc;
	}
	rc = record(w, name, tmp, "xlsx", lang, 0, t0);
	free(name);
	return rc;
}

static int
emit_manifest(struct writer *w, const struct pkg_input *in, size_t nin)
{
	cJSON *m = cJSON_CreateObject(), *a, *o;
	char *s = NULL, *tmp;
	size_t i;
	int rc = FR_OK;
	char when[64];
	struct tm tm;
	time_t t = (time_t)w->p->created + 8 * 3600;

	cJSON_AddStringToObject(m, "schema", "frfile-manifest/1");
	cJSON_AddStringToObject(m, "generator", "frfile " FR_VERSION);
	if (gmtime_r(&t, &tm) != NULL &&
	    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S+08:00", &tm) > 0)
		cJSON_AddStringToObject(m, "created", when);
	cJSON_AddBoolToObject(m, "draft", w->p->draft);
	cJSON_AddStringToObject(m, "retention",
	    "keep with the processing records for at least three years "
	    "(Art. 9)");
	o = cJSON_AddObjectToObject(m, "stored");
	if (w->p->facts != NULL && w->p->facts->nfiles > 0)
		cJSON_AddNumberToObject(o, "individuals",
		    (double)w->p->facts->individuals);
	else
		cJSON_AddNullToObject(o, "individuals");
	cJSON_AddStringToObject(o, "method", pkg_count_how_name(
	    w->p->facts != NULL ? w->p->facts->how : PKG_COUNT_NONE));
	a = cJSON_AddArrayToObject(m, "inputs");
	for (i = 0; i < nin; i++) {
		cJSON *e = cJSON_CreateObject();
		char *buf = NULL, hex[65];
		size_t len = 0;

		if (fr_read_file(in[i].path, 0, &buf, &len) != FR_OK) {
			fr_diag_add(w->diags, FR_SEV_ERROR, in[i].path, NULL, 0,
			    0, "render.input", "cannot read to hash it");
			cJSON_Delete(e);
			rc = FR_EIO;
			goto out;
		}
		pkg_sha256_hex(buf, len, hex);
		free(buf);
		cJSON_AddStringToObject(e, "role", in[i].role);
		cJSON_AddStringToObject(e, "path", in[i].path);
		cJSON_AddStringToObject(e, "sha256", hex);
		cJSON_AddNumberToObject(e, "size", (double)len);
		cJSON_AddItemToArray(a, e);
	}
	a = cJSON_AddArrayToObject(m, "outputs");
	for (i = 0; i < w->res->n; i++) {
		const struct pkg_output *po = &w->res->v[i];
		cJSON *e = cJSON_CreateObject();

		cJSON_AddStringToObject(e, "file", po->file);
		cJSON_AddStringToObject(e, "format", po->format);
		if (po->lang != NULL)
			cJSON_AddStringToObject(e, "lang", po->lang);
		if (po->attachment > 0)
			cJSON_AddNumberToObject(e, "attachment", po->attachment);
		cJSON_AddStringToObject(e, "sha256", po->sha256);
		cJSON_AddNumberToObject(e, "size", (double)po->size);
		cJSON_AddItemToArray(a, e);
	}
	s = cJSON_Print(m);
	tmp = stage_tmp(w, "manifest.json");
	if (tmp == NULL) {
		rc = FR_EIO;
		goto out;
	}
	{
		char *t2 = fr_xasprintf("%s\n", s);

		rc = write_buf(tmp, t2, strlen(t2));
		free(t2);
	}
	if (rc == FR_OK)
		rc = record(w, "manifest.json", tmp, "json", NULL, -1, now());
out:
	free(s);
	cJSON_Delete(m);
	return rc;
}

static const char *
lang_name(int l)
{
	return l == PKG_ZH ? "zh" : "en";
}

int
pkg_write(const struct pkg *p, const char *dir, int formats, int langs,
    const struct pkg_input *in, size_t nin, struct pkg_result *res,
    struct fr_diags *diags)
{
	struct writer w;
	struct doc *docs[10];
	const char *files[6];
	char *names[6];
	size_t i, nd;
	int rc = FR_OK, li, att, have_pipia, r3;
	int both = (langs & PKG_ZH) && (langs & PKG_EN);

	memset(&w, 0, sizeof w);
	memset(res, 0, sizeof *res);
	memset(names, 0, sizeof names);
	w.p = p;
	w.dir = dir;
	w.res = res;
	w.diags = diags;
	if (fr_mkdirs(dir, 0700) != FR_OK) {
		fr_diag_add(diags, FR_SEV_ERROR, dir, NULL, 0, 0,
		    "render.dir", "cannot create the directory: %s",
		    strerror(errno));
		return FR_EIO;
	}
	{
		struct stat st;

		if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
			fr_diag_add(diags, FR_SEV_ERROR, dir, NULL, 0, 0,
			    "render.dir", "not a directory");
			return FR_EIO;
		}
	}
	for (li = PKG_ZH; li <= PKG_EN && rc == FR_OK; li <<= 1) {
		const char *lang = lang_name(li);
		struct doc *pipia = NULL;

		if (!(langs & li))
			continue;
		nd = 0;
		memset(docs, 0, sizeof docs);
		r3 = pkg_attachment3(p, lang, &pipia, diags);
		if (r3 != FR_OK && r3 != FR_ENOENT) {
			rc = r3;
			break;
		}
		have_pipia = r3 == FR_OK && pipia != NULL;
		if (have_pipia) {
			/* The slot decides the file name, not the builder. */
			free(pipia->id);
			pipia->id = fr_xstrdup(slugs[3]);
		}
		for (att = 1; att <= 5 && rc == FR_OK; att++) {
			struct doc *d = NULL;

			if (att == 3)
				d = pipia;
			else if (att <= 2)
				d = pkg_form_doc(p, att, lang, diags);
			else
				d = pkg_letter_doc(p, att, lang, diags);
			if (d == NULL) {
				if (att != 3)
					rc = FR_EINVAL;
				continue;
			}
			free(names[att]);
			/* Letters in both languages go out as one bilingual
			 * file (below); the XLSX keeps one sheet per language. */
			if (formats & PKG_PDF)
				names[att] = fr_xasprintf("%s.%s.pdf",
				    slugs[att], att >= 4 && both ? "zh-en" :
				    lang);
			else
				names[att] = fr_xasprintf(
				    "filing-package.%s.xlsx", lang);
			if ((formats & PKG_PDF) && !(att >= 4 && both))
				rc = emit_pdf(&w, d, lang, att);
			docs[nd++] = d;
		}
		if (rc == FR_OK) {
			struct doc *cl;

			for (i = 0; i < 6; i++)
				files[i] = names[i] != NULL ? names[i] : "";
			cl = pkg_checklist_doc(p, lang, have_pipia, files, diags);
			if (formats & PKG_PDF)
				rc = emit_pdf(&w, cl, lang, 0);
			docs[nd++] = cl;
			/* The PIPIA's working sheets go into the workbook. */
			if (have_pipia && (formats & PKG_XLSX))
				nd += pkg_attachment3_sheets(p, lang, docs + nd,
				    sizeof docs / sizeof docs[0] - nd, diags);
		}
		if (rc == FR_OK && (formats & PKG_XLSX) && nd > 0)
			rc = emit_xlsx(&w, docs, nd, lang);
		for (i = 0; i < nd; i++)
			doc_free(docs[i]);
	}
	for (att = 4; both && rc == FR_OK && att <= 5 && (formats & PKG_PDF);
	    att++) {
		struct doc *d = pkg_letter_doc(p, att, "zh-en", diags);

		if (d == NULL) {
			rc = FR_EINVAL;
			break;
		}
		rc = emit_pdf(&w, d, "zh-en", att);
		doc_free(d);
	}
	if (rc == FR_OK)
		rc = emit_manifest(&w, in, nin);
	/* All or nothing: rename only when every file was staged. */
	for (i = 0; i < w.nst; i++) {
		if (rc == FR_OK && rename(w.st[i].tmp, w.st[i].final) != 0) {
			fr_diag_add(diags, FR_SEV_ERROR, w.st[i].final, NULL, 0,
			    0, "render.write", "cannot rename into place: %s",
			    strerror(errno));
			rc = FR_EIO;
		}
		if (rc != FR_OK)
			unlink(w.st[i].tmp);
		free(w.st[i].tmp);
		free(w.st[i].final);
	}
	free(w.st);
	for (i = 0; i < 6; i++)
		free(names[i]);
	pdf_fonts_free(w.fonts);
	if (rc != FR_OK)
		pkg_result_release(res);
	return rc;
}
