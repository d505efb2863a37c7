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
#include "core/fdiff.h"
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
	{
		const char *t = fr_filing_str(f, "filing.type");

		p->type = t == NULL ? PKG_INITIAL : strcmp(t, "change") == 0 ?
		    PKG_CHANGE : strcmp(t, "cancellation") == 0 ?
		    PKG_CANCELLATION : PKG_INITIAL;
	}
	for (i = 0; i < 2; i++) {
		cJSON *ctx = cJSON_Duplicate(fr_filing_root(f), 1), *st, *is;

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
		/* Templates branch on the type ({{#if is.change}}). */
		is = cJSON_AddObjectToObject(ctx, "is");
		cJSON_AddBoolToObject(is, "initial", p->type == PKG_INITIAL);
		cJSON_AddBoolToObject(is, "change", p->type == PKG_CHANGE);
		cJSON_AddBoolToObject(is, "cancellation",
		    p->type == PKG_CANCELLATION);
		{
			static const char *const how[] = { "deleted",
				"anonymised", "transferred_by_law" };
			const char *m = fr_filing_str(f,
			    "filing.cancellation.data_handling.method");
			cJSON *h = cJSON_AddObjectToObject(ctx, "handled");
			size_t k;

			for (k = 0; k < 3; k++)
				cJSON_AddBoolToObject(h, how[k], m != NULL &&
				    strcmp(m, how[k]) == 0);
		}
		p->ctx[i] = ctx;
	}
	pkg_set_changes(p, NULL, NULL);
	return FR_OK;
}

const char *
pkg_type_name(enum pkg_type t)
{
	switch (t) {
	case PKG_CHANGE:
		return "change";
	case PKG_CANCELLATION:
		return "cancellation";
	case PKG_INITIAL:
		break;
	}
	return "initial";
}

void
pkg_set_changes(struct pkg *p, const struct fr_changes *ch,
    const cJSON *old_root)
{
	int i;

	p->changes = ch;
	p->old_root = old_root;
	for (i = 0; i < 2; i++) {
		cJSON *a;

		cJSON_DeleteItemFromObjectCaseSensitive(p->ctx[i], "amendment");
		a = cJSON_AddObjectToObject(p->ctx[i], "amendment");
		cJSON_AddBoolToObject(a, "compared", ch != NULL);
		cJSON_AddNumberToObject(a, "substantive",
		    ch != NULL ? (double)ch->substantive : 0);
		cJSON_AddNumberToObject(a, "minor", ch != NULL ?
		    (double)(ch->n - ch->substantive) : 0);
	}
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

static const char *const slugs[PKG_NDOCS] = {
	"materials-checklist",
	"attachment-1-basic-information",
	"attachment-2-application-record",
	"attachment-3-pipia",
	"attachment-4-power-of-attorney",
	"attachment-5-letter-of-commitment",
	"change-statement",
	"cancellation-application",
};

/* "（变更备案）" after a form's title when it is not an initial filing. */
static char *
typed_title(const struct pkg *p, const char *title, const char *lang)
{
	if (p->type == PKG_INITIAL)
		return fr_xstrdup(title);
	if (ZH(lang))
		return fr_xasprintf("%s（%s）", title,
		    p->type == PKG_CHANGE ? "变更备案" : "注销备案");
	return fr_xasprintf("%s (%s)", title,
	    p->type == PKG_CHANGE ? "amendment" : "cancellation");
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
	int zh = ZH(lang);

	if (form == NULL || att < 1 || att > 5) {
		fr_diag_add(diags, FR_SEV_ERROR, NULL, NULL, 0, 0,
		    "render.form", "no form for attachment %d in forms/", att);
		return NULL;
	}
	sub = fr_xasprintf(zh ? "附件%d" : "Attachment %d", att);
	sheet = fr_xasprintf(zh ? "附件%d" : "Attachment %d", att);
	dtitle = typed_title(p, zh ? form->title_zh : form->title_en, lang);
	d = new_doc(p, slugs[att], lang, dtitle, sheet);
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
	const char *l = ZH(lang) ? f->label_zh : f->label_en, *after;
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
			return fr_xasprintf(ZH(lang) ? "%s第%lld项" :
			    "%s, item %lld", l, k + 1);
		}
		for (c = 0; c < f->ncolumns; c++)
			if (f->columns[c].path != NULL &&
			    strcmp(f->columns[c].path, after) == 0)
				return fr_xasprintf(ZH(lang) ? "%s第%lld项·%s" :
				    "%s, item %lld: %s", l, k + 1,
				    ZH(lang) ? f->columns[c].label_zh :
				    f->columns[c].label_en);
	}
	return fr_xasprintf("%s (%s)", l, rest);
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
					return fr_xasprintf(ZH(lang) ?
					    "%s（%s）" : "%s (%s)",
					    unnumbered(ZH(lang) ? s->title_zh :
					    s->title_en), path);
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
		const char *nm = ZH(lang) ? NULL : fr_json_str(
		    cJSON_GetObjectItemCaseSensitive(it, "name_en"));

		if (nm == NULL || *nm == '\0')
			nm = fr_json_str(cJSON_GetObjectItemCaseSensitive(it,
			    "name"));

		out = fr_xasprintf(ZH(lang) ? "%s「%s」%s%s" : "%s \"%s\"%s%s",
		    unnumbered(ZH(lang) ? bsec->title_zh : bsec->title_en),
		    nm != NULL ? nm : "", l != NULL ? (ZH(lang) ? "：" : ": ") :
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
	int zh = ZH(lang);
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
	int zh = ZH(lang);

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
	int zh = ZH(lang);
	struct doc *d;
	size_t i, nbook = 0;

	d = new_doc(p, slugs[PKG_DOC_CHANGES], lang, zh ?
	    "人脸识别技术应用变更备案说明" :
	    "Statement of Changes to the Filing", zh ? "变更说明" :
	    "Statement of changes");
	if (tmpl_render(d, slugs[PKG_DOC_CHANGES], zh ? "zh" : "en",
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
	int zh = ZH(lang);
	struct doc *d;

	d = new_doc(p, slugs[PKG_DOC_CANCEL], lang, zh ?
	    "人脸识别技术应用注销备案申请表" :
	    "Application for Cancellation of the Filing", zh ? "注销申请表" :
	    "Cancellation");
	if (tmpl_render(d, slugs[PKG_DOC_CANCEL], zh ? "zh" : "en",
	    pkg_context(p, lang), diags) != FR_OK) {
		doc_free(d);
		return NULL;
	}
	return d;
}

/* One material of the checklist. */
struct material {
	int doc;		/* generated document (PKG_DOC_*, 1..5), -1: none */
	int seal;		/* must be signed/sealed and scanned */
	int kind;		/* M_* below */
	const char *zh, *en;
};

enum { M_SCAN, M_PIPIA, M_OTHER, M_EVIDENCE, M_PREVIOUS };

/* Art. 15 and the filing instructions: the nine materials of a filing. */
static const struct material filing_items[] = {
	{ 1, 0, M_SCAN, "个人信息处理者基本情况表（附件1）",
	  "Basic Information Form of the Personal Information Processor (Attachment 1)" },
	{ 2, 0, M_SCAN, "人脸识别技术应用情况备案表（附件2）",
	  "Facial Recognition Technology Application Record Form (Attachment 2)" },
	{ 3, 0, M_PIPIA, "个人信息保护影响评估报告（附件3）",
	  "Personal Information Protection Impact Assessment report (Attachment 3)" },
	{ -1, 1, M_SCAN, "统一社会信用代码证书原件或复印件扫描件（加盖公章）",
	  "Scan of the Unified Social Credit Code certificate, original or copy (with official seal)" },
	{ -1, 0, M_SCAN, "法定代表人或主要负责人身份证件扫描件",
	  "Scan of the legal representative's or responsible person's identity document" },
	{ -1, 0, M_SCAN, "经办人身份证件扫描件",
	  "Scan of the agent's identity document" },
	{ 4, 1, M_SCAN, "经办人授权委托书扫描件（加盖公章，附件4）",
	  "Scan of the Power of Attorney for the agent (with official seal, Attachment 4)" },
	{ 5, 1, M_SCAN, "承诺书扫描件（加盖公章，附件5）",
	  "Scan of the Letter of Commitment (with official seal, Attachment 5)" },
	{ -1, 0, M_OTHER, "其他相关材料扫描件",
	  "Scans of other relevant materials" },
};

/*
 * A cancellation identifies the processor and the earlier filing, states
 * the termination and shows how the facial information was handled
 * (Art. 15); the application forms and the assessment are not filed again.
 */
static const struct material cancel_items[] = {
	{ PKG_DOC_CANCEL, 1, M_SCAN, "人脸识别技术应用注销备案申请表（加盖公章）",
	  "Application for Cancellation of the Filing (with official seal)" },
	{ 1, 0, M_SCAN, "个人信息处理者基本情况表（附件1）",
	  "Basic Information Form of the Personal Information Processor (Attachment 1)" },
	{ -1, 0, M_PREVIOUS, "原备案编号及备案证明材料",
	  "Reference and proof of the earlier filing" },
	{ -1, 0, M_EVIDENCE, "人脸信息删除、匿名化处理或依法移交的证明材料扫描件",
	  "Scan of the record showing the facial information was deleted, anonymised or transferred" },
	{ -1, 1, M_SCAN, "统一社会信用代码证书原件或复印件扫描件（加盖公章）",
	  "Scan of the Unified Social Credit Code certificate, original or copy (with official seal)" },
	{ -1, 0, M_SCAN, "法定代表人或主要负责人身份证件扫描件",
	  "Scan of the legal representative's or responsible person's identity document" },
	{ -1, 0, M_SCAN, "经办人身份证件扫描件",
	  "Scan of the agent's identity document" },
	{ 4, 1, M_SCAN, "经办人授权委托书扫描件（加盖公章，附件4）",
	  "Scan of the Power of Attorney for the agent (with official seal, Attachment 4)" },
	{ -1, 0, M_OTHER, "其他相关材料扫描件",
	  "Scans of other relevant materials" },
};

static void
check_material(const struct pkg *p, struct doc_block *cl,
    const struct material *m, int have_pipia, const char *const *files,
    const char *lang)
{
	int zh = ZH(lang);
	int gen = m->doc >= 0 && (m->doc != 3 || have_pipia);
	const char *st, *note = gen ? files[m->doc] : NULL;
	const char *text = zh ? m->zh : m->en;
	char *extra = NULL, *t = NULL;

	if (gen && m->seal)
		st = zh ? "已生成；待签字盖章后扫描" :
		    "generated; sign, seal and scan";
	else if (gen)
		st = zh ? "已生成" : "generated";
	else if (m->kind == M_PIPIA)
		st = zh ? "待编制" : "to be prepared";
	else if (m->seal)
		st = zh ? "待扫描（加盖公章）" : "to scan (with seal)";
	else if (m->kind == M_OTHER)
		st = zh ? "按需提供" : "as needed";
	else if (m->kind == M_PREVIOUS)
		st = zh ? "待提供" : "to supply";
	else
		st = zh ? "待扫描" : "to scan";
	if (m->kind == M_PIPIA && !gen)
		note = p->type == PKG_CHANGE ? (zh ?
		    "处理目的、处理方式发生变化的，须重新开展评估（第九条，GB/T 39335）" :
		    "assess again where the purpose or method of processing "
		    "changed (Art. 9, GB/T 39335)") : (zh ?
		    "按 GB/T 39335 开展评估后编制" :
		    "prepare after the assessment (GB/T 39335)");
	if (m->kind == M_OTHER && p->type != PKG_CANCELLATION &&
	    str_at(p, "processing_rules.title") != NULL) {
		extra = fr_xasprintf(zh ? "如《%s》、告知书等" :
		    "e.g. %s, notices", str_at(p, "processing_rules.title"));
		note = extra;
	}
	if (m->kind == M_EVIDENCE)
		note = str_at(p, "filing.cancellation.data_handling.evidence");
	if (m->kind == M_PREVIOUS)
		note = str_at(p, "filing.previous_reference");
	/* An amendment files the forms as they are after the change. */
	if (p->type == PKG_CHANGE && (m->doc == 1 || m->doc == 2)) {
		t = fr_xasprintf(zh ? "%s（变更后）" : "%s, as amended", text);
		text = t;
	}
	doc_check_item(cl, text, gen, st, note);
	free(extra);
	free(t);
}

struct doc *
pkg_checklist_doc(const struct pkg *p, const char *lang, int have_pipia,
    const char *const *files, struct fr_diags *diags)
{
	static const struct material changes_item = { PKG_DOC_CHANGES, 1,
		M_SCAN, "人脸识别技术应用变更备案说明（加盖公章）",
		"Statement of Changes to the Filing (with official seal)" };
	const struct material *items = filing_items;
	size_t n = sizeof filing_items / sizeof filing_items[0], i;
	struct doc *d;
	struct doc_block *cl;
	int zh = ZH(lang);
	char *intro, *title;
	const char *name = str_at(p, "processor.name_zh");
	const char *auth = str_at(p, "filing.authority");
	const char *prev = str_at(p, "filing.previous_reference");

	(void)diags;
	if (p->type == PKG_CANCELLATION) {
		items = cancel_items;
		n = sizeof cancel_items / sizeof cancel_items[0];
	}
	title = fr_xstrdup(p->type == PKG_CHANGE ? (zh ?
	    "人脸识别技术应用变更备案材料清单" :
	    "Checklist of Materials for an Amendment of the Filing") :
	    p->type == PKG_CANCELLATION ? (zh ?
	    "人脸识别技术应用注销备案材料清单" :
	    "Checklist of Materials for the Cancellation of the Filing") :
	    (zh ? "人脸识别技术应用备案材料清单" :
	    "Checklist of Filing Materials"));
	d = new_doc(p, slugs[0], lang, title, zh ? "材料清单" : "Checklist");
	doc_title(d, title);
	free(title);
	if (p->type == PKG_CHANGE)
		intro = fr_xasprintf(zh ? "备案单位：%s。报送机关：%s。原备案编号：%s。依据《人脸识别技术应用安全管理办法》第十五条，备案信息发生实质性变更的，应当自变更之日起30个工作日内办理变更备案手续。变更备案提交《变更说明》及变更后的备案材料；本清单标明本次已生成的文件和须由本单位签字盖章后扫描上传的材料。" :
		    "Processor: %s. Authority: %s. Earlier filing: %s. Under "
		    "Art. 15 of the Measures, a substantive change of the filed "
		    "information is filed as an amendment within 30 working "
		    "days of the change, with a statement of changes and the "
		    "filing materials as amended; this list shows which files "
		    "were generated in this run and which must be signed, "
		    "sealed and scanned by the processor.",
		    name != NULL ? name : "", auth != NULL ? auth :
		    (zh ? "省级网信部门" : "the provincial cyberspace administration"),
		    prev != NULL ? prev : (zh ? "未填写" : "not given"));
	else if (p->type == PKG_CANCELLATION)
		intro = fr_xasprintf(zh ? "备案单位：%s。报送机关：%s。原备案编号：%s。依据《人脸识别技术应用安全管理办法》第十五条，终止应用人脸识别技术的，应当自终止之日起30个工作日内办理注销备案手续，并依法处理人脸信息。注销备案须提交以下材料；本清单标明本次已生成的文件和须由本单位签字盖章后扫描上传的材料。" :
		    "Processor: %s. Authority: %s. Earlier filing: %s. Under "
		    "Art. 15 of the Measures, a processor that stops applying "
		    "facial recognition technology cancels its filing within 30 "
		    "working days of the termination and handles the facial "
		    "information according to law. A cancellation consists of "
		    "the materials below; this list shows which files were "
		    "generated in this run and which must be signed, sealed and "
		    "scanned by the processor.",
		    name != NULL ? name : "", auth != NULL ? auth :
		    (zh ? "省级网信部门" : "the provincial cyberspace administration"),
		    prev != NULL ? prev : (zh ? "未填写" : "not given"));
	else
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
	if (p->type == PKG_CHANGE)
		check_material(p, cl, &changes_item, have_pipia, files, lang);
	for (i = 0; i < n; i++)
		check_material(p, cl, &items[i], have_pipia, files, lang);
	/* Art. 9 para. 2 speaks of the PIPIA and the processing records. */
	doc_note(d, zh ? "注：扫描件须清晰完整；加盖公章的材料先签字盖章再扫描。个人信息保护影响评估报告和处理情况记录至少保存三年（第九条第二款）。" :
	    "Note: scans must be legible and complete; sign and seal before "
	    "scanning. Keep the impact assessment report and the processing "
	    "records for at least three years (Art. 9 para. 2).");
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

/* slot: PKG_DOC_* or 1..5; -1 the manifest, -2 the workbook. */
static int
record(struct writer *w, const char *name, const char *tmp,
    const char *format, const char *lang, int slot, double t0)
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
	o->attachment = slot >= 1 && slot <= 5 ? slot : slot == -1 ? -1 : 0;
	o->document = slot >= 0 && slot < PKG_NDOCS ? slugs[slot] :
	    slot == -2 ? "filing-package" : NULL;
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
	rc = record(w, name, tmp, "xlsx", lang, -2, t0);
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
	cJSON_AddStringToObject(m, "filing_type", pkg_type_name(w->p->type));
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
		if (po->document != NULL)
			cJSON_AddStringToObject(e, "document", po->document);
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

/* The documents of each type, in the order of the package. */
static const int order_initial[] = { 1, 2, 3, 4, 5, -1 };
static const int order_change[] = { PKG_DOC_CHANGES, 1, 2, 3, 4, 5, -1 };
static const int order_cancel[] = { PKG_DOC_CANCEL, 1, 4, -1 };

/* Letters in both languages go out as one bilingual PDF. */
static int
bilingual(int slot)
{
	return slot == 4 || slot == 5;
}

int
pkg_write(const struct pkg *p, const char *dir, int formats, int langs,
    const struct pkg_input *in, size_t nin, struct pkg_result *res,
    struct fr_diags *diags)
{
	struct writer w;
	/* Every document, plus the PIPIA's two working sheets. */
	struct doc *docs[PKG_NDOCS + 3];
	const char *files[PKG_NDOCS];
	char *names[PKG_NDOCS];
	const int *order = p->type == PKG_CHANGE ? order_change :
	    p->type == PKG_CANCELLATION ? order_cancel : order_initial;
	size_t i, nd;
	int rc = FR_OK, li, k, slot, have_pipia = 0, r3;
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

		if (!(langs & li))
			continue;
		nd = 0;
		memset(docs, 0, sizeof docs);
		have_pipia = 0;
		for (k = 0; order[k] != -1 && rc == FR_OK; k++) {
			struct doc *d = NULL;

			slot = order[k];
			if (slot == 3) {
				r3 = pkg_attachment3(p, lang, &d, diags);
				if (r3 != FR_OK && r3 != FR_ENOENT) {
					rc = r3;
					break;
				}
				if (r3 != FR_OK || d == NULL)
					continue;
				have_pipia = 1;
				/* The slot decides the file name, not the
				 * builder. */
				free(d->id);
				d->id = fr_xstrdup(slugs[3]);
			} else if (slot <= 2)
				d = pkg_form_doc(p, slot, lang, diags);
			else if (slot <= 5)
				d = pkg_letter_doc(p, slot, lang, diags);
			else if (slot == PKG_DOC_CHANGES)
				d = pkg_changes_doc(p, lang, diags);
			else
				d = pkg_cancel_doc(p, lang, diags);
			if (d == NULL) {
				rc = FR_EINVAL;
				break;
			}
			free(names[slot]);
			if (formats & PKG_PDF)
				names[slot] = fr_xasprintf("%s.%s.pdf",
				    slugs[slot], bilingual(slot) && both ?
				    "zh-en" : lang);
			else
				names[slot] = fr_xasprintf(
				    "filing-package.%s.xlsx", lang);
			if ((formats & PKG_PDF) && !(bilingual(slot) && both))
				rc = emit_pdf(&w, d, lang, slot);
			docs[nd++] = d;
		}
		if (rc == FR_OK) {
			struct doc *cl;

			for (i = 0; i < PKG_NDOCS; i++)
				files[i] = names[i] != NULL ? names[i] : "";
			cl = pkg_checklist_doc(p, lang, have_pipia, files, diags);
			if (formats & PKG_PDF)
				rc = emit_pdf(&w, cl, lang, PKG_DOC_CHECKLIST);
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
	for (k = 0; both && rc == FR_OK && order[k] != -1 &&
	    (formats & PKG_PDF); k++) {
		struct doc *d;

		if (!bilingual(order[k]))
			continue;
		d = pkg_letter_doc(p, order[k], "zh-en", diags);
		if (d == NULL) {
			rc = FR_EINVAL;
			break;
		}
		rc = emit_pdf(&w, d, "zh-en", order[k]);
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
	for (i = 0; i < PKG_NDOCS; i++)
		free(names[i]);
	pdf_fonts_free(w.fonts);
	if (rc != FR_OK)
		pkg_result_release(res);
	return rc;
}
