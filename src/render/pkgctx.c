/*
 * pkgctx.c — what every document of the package shares: values formatted
 * for reading (enumeration labels, dates written out, masked or full
 * identity numbers), the template context of each language, and the
 * document frame (metadata, footer version, seal block).
 */
#include "render/package.h"
#include "render/pkgint.h"

#include "core/date.h"
#include "core/fdiff.h"
#include "core/filing.h"
#include "core/forms.h"
#include "core/fr.h"
#include "core/ident.h"
#include "core/stored.h"
#include "render/pkgfacts.h"

#include <cjson/cJSON.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PKG_IS_ZH(lang) (strncmp((lang), "zh", 2) == 0)

static const char *const months_en[] = { "January", "February", "March",
	"April", "May", "June", "July", "August", "September", "October",
	"November", "December" };

/* 2026年11月27日 / 27 November 2026 (GB/T 9704 writes dates in full). */
char *
pkg_fmt_date(const char *iso, const char *lang)
{
	int d, y, m, day;
	char buf[FR_DATE_LEN];

	if (fr_date_parse(iso, &d) != FR_OK)
		return fr_xstrdup(iso);
	fr_date_format(d, buf);
	y = (int)strtol(buf, NULL, 10);
	m = (int)strtol(buf + 5, NULL, 10);
	day = (int)strtol(buf + 8, NULL, 10);
	if (PKG_IS_ZH(lang))
		return fr_xasprintf("%d年%d月%d日", y, m, day);
	return fr_xasprintf("%d %s %d", day, months_en[(m - 1) % 12], y);
}

char *
pkg_format(const struct pkg *p, const struct cJSON *v, const char *enum_name,
    int type, int mask, const char *lang)
{
	int zh = PKG_IS_ZH(lang);

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
			return pkg_fmt_date(s, lang);
		/*
		 * Identity numbers: masked in a draft, in full in the final
		 * package, where the authority matches them to the scans of
		 * the documents (Attachments 1 and 4).
		 */
		if (mask && p->draft)
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

char *
pkg_fmt_count(long long n)
{
	char digits[32], *out;
	size_t len, i, o = 0;

	if (n < 0)
		return fr_xstrdup("");
	len = (size_t)snprintf(digits, sizeof digits, "%lld", n);
	out = fr_xmalloc(len + len / 3 + 1);
	for (i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = digits[i];
	}
	out[o] = '\0';
	return out;
}

/*
 * "stored" of the template context: the figure as every document writes
 * it, its date and how it was obtained, in words; absent values are left
 * out so that {{#if stored.individuals}} can tell.
 */
static void
stored_context(const struct pkg *p, cJSON *st, const char *lang)
{
	const struct fr_stored *s = p->stored;
	char buf[FR_DATE_LEN], *t;

	if (s == NULL || s->individuals < 0)
		return;
	t = pkg_fmt_count(s->individuals);
	cJSON_AddStringToObject(st, "individuals", t);
	free(t);
	if (s->as_of >= 0) {
		t = pkg_fmt_date(fr_date_format(s->as_of, buf), lang);
		cJSON_AddStringToObject(st, "as_of", t);
		free(t);
	}
	t = fr_stored_method_text(s, lang);
	cJSON_AddStringToObject(st, "method", t);
	free(t);
	cJSON_AddBoolToObject(st, "complete", s->complete);
	if (s->crossing >= 0) {
		t = pkg_fmt_date(fr_date_format(s->crossing, buf), lang);
		cJSON_AddStringToObject(st, "crossing", t);
		free(t);
	}
}

/* A data file of forms/ as a JSON object, or NULL. */
static cJSON *
load_form(const char *name)
{
	char *path = fr_datafile("forms", name), *buf = NULL;
	size_t len = 0;
	cJSON *o = NULL;

	if (fr_read_file(path, 1u << 20, &buf, &len) == FR_OK)
		o = cJSON_ParseWithLength(buf, len);
	free(buf);
	free(path);
	if (!cJSON_IsObject(o)) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

/*
 * "art" of the template context: how a document cites each provision of
 * forms/articles.json, so that templates cite through the data and a
 * provision the file does not hold is a missing value. Keys are the
 * article, "_" paragraph, "_" item ("15_1_3"); a whole article ("15") is
 * there for every article the file has a provision of. Chinese cites
 * 第十五条第一款第（三）项, English Article 15, paragraph 1, item 3.
 */
static cJSON *
articles_context(const cJSON *articles, const char *lang)
{
	const cJSON *pv;
	cJSON *o = cJSON_CreateObject();
	int zh = strcmp(lang, "zh") == 0;

	cJSON_ArrayForEach(pv, cJSON_GetObjectItemCaseSensitive(articles,
	    "provisions")) {
		const cJSON *a = cJSON_GetObjectItemCaseSensitive(pv, "article");
		const cJSON *pa = cJSON_GetObjectItemCaseSensitive(pv,
		    "paragraph");
		const cJSON *it = cJSON_GetObjectItemCaseSensitive(pv, "item");
		const char *ref = cJSON_GetStringValue(
		    cJSON_GetObjectItemCaseSensitive(
		    cJSON_GetObjectItemCaseSensitive(pv, "ref"), "zh"));
		char key[32], *whole, *v;
		const char *tiao;

		if (!cJSON_IsNumber(a) || ref == NULL ||
		    (tiao = strstr(ref, "条")) == NULL)
			continue;
		/* The whole article: the Chinese reference up to 条. */
		snprintf(key, sizeof key, "%d", a->valueint);
		whole = zh ? fr_xstrndup(ref, (size_t)(tiao - ref) +
		    strlen("条")) : fr_xasprintf("Article %d", a->valueint);
		if (cJSON_GetObjectItemCaseSensitive(o, key) == NULL)
			cJSON_AddStringToObject(o, key, whole);
		if (!cJSON_IsNumber(pa)) {
			free(whole);
			continue;
		}
		if (cJSON_IsNumber(it)) {
			snprintf(key, sizeof key, "%d_%d_%d", a->valueint,
			    pa->valueint, it->valueint);
			v = zh ? fr_xstrdup(ref) : fr_xasprintf("%s, paragraph "
			    "%d, item %d", whole, pa->valueint, it->valueint);
		} else {
			snprintf(key, sizeof key, "%d_%d", a->valueint,
			    pa->valueint);
			v = zh ? fr_xstrdup(ref) : fr_xasprintf("%s, paragraph "
			    "%d", whole, pa->valueint);
		}
		if (cJSON_GetObjectItemCaseSensitive(o, key) == NULL)
			cJSON_AddStringToObject(o, key, v);
		free(v);
		free(whole);
	}
	return o;
}

int
pkg_init(struct pkg *p, const struct fr_filing *f, const struct fr_schema *s,
    const struct pkg_facts *pf, const struct fr_stored *stored,
    long long created, int draft)
{
	static const char *const langs[2] = { "zh", "en" };
	cJSON *articles;
	int i;

	memset(p, 0, sizeof *p);
	p->filing = f;
	p->schema = s;
	p->facts = pf;
	p->stored = stored;
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
		stored_context(p, st, langs[i]);
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
	if ((articles = load_form("articles.json")) == NULL)
		return FR_EFORMAT;
	for (i = 0; i < 2; i++)
		cJSON_AddItemToObject(p->ctx[i], "art",
		    articles_context(articles, langs[i]));
	cJSON_Delete(articles);
	if ((p->factsform = load_form("facts.json")) == NULL ||
	    (p->materials = load_form("materials.json")) == NULL)
		return FR_EFORMAT;
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
	cJSON_Delete(p->factsform);
	cJSON_Delete(p->materials);
	memset(p, 0, sizeof *p);
}

const struct cJSON *
pkg_context(const struct pkg *p, const char *lang)
{
	return p->ctx[PKG_IS_ZH(lang) ? 0 : 1];
}

const char *
pkg_str(const struct pkg *p, const char *path)
{
	const char *s = fr_filing_str(p->filing, path);

	return s != NULL && *s != '\0' ? s : NULL;
}

/* Version line for the footer: the filing type and date. */
static char *
version(const struct pkg *p, const char *lang)
{
	const char *type = pkg_str(p, "filing.type");
	const char *date = pkg_str(p, "filing.date");
	const char *tl = type != NULL ? fr_enum_label(p->schema, "filing_type",
	    type, PKG_IS_ZH(lang) ? "zh" : "en") : NULL;
	char *d = date != NULL ? pkg_fmt_date(date, lang) : NULL, *v;

	v = fr_xasprintf("%s%s%s", tl != NULL ? tl : "",
	    tl != NULL && d != NULL ? " " : "", d != NULL ? d : "");
	free(d);
	return v;
}

struct doc *
pkg_new_doc(const struct pkg *p, const char *id, const char *lang,
    const char *title, const char *sheet)
{
	struct doc *d = doc_new(id, lang);
	const char *author = PKG_IS_ZH(lang) ? pkg_str(p, "processor.name_zh") :
	    pkg_str(p, "processor.name_en");
	char *v = version(p, lang);

	if (author == NULL)
		author = pkg_str(p, "processor.name_zh");
	doc_set_meta(d, title, PKG_IS_ZH(lang) ? "人脸识别技术应用备案" :
	    "Filing of a facial recognition technology application",
	    author, v);
	d->keywords = fr_xstrdup(PKG_IS_ZH(lang) ? "人脸识别技术应用安全管理办法 备案" :
	    "facial recognition; filing; Art. 15");
	doc_set_sheet(d, sheet);
	d->created = p->created;
	d->draft = p->draft;
	free(v);
	return d;
}

const char *
pkg_none_text(const char *lang)
{
	return PKG_IS_ZH(lang) ? "无" : "None";
}

void
pkg_seal_block(const struct pkg *p, struct doc *d, const char *who_zh,
    const char *who_en, const char *lang, const char *datepath)
{
	struct doc_block *s = doc_signature(d);
	const char *date = pkg_str(p, datepath);
	char *dt = date != NULL ? pkg_fmt_date(date, lang) : NULL;

	doc_sign_line(s, PKG_IS_ZH(lang) ? who_zh : who_en, NULL);
	doc_sign_seal(s, PKG_IS_ZH(lang) ? "单位公章" : "Official seal");
	doc_sign_date(s, dt != NULL ? dt : (PKG_IS_ZH(lang) ? "年    月    日" :
	    "Date:"));
	free(dt);
}

const char *const pkg_slugs[PKG_NDOCS] = {
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
char *
pkg_typed_title(const struct pkg *p, const char *title, const char *lang)
{
	if (p->type == PKG_INITIAL)
		return fr_xstrdup(title);
	if (PKG_IS_ZH(lang))
		return fr_xasprintf("%s（%s）", title,
		    p->type == PKG_CHANGE ? "变更备案" : "注销备案");
	return fr_xasprintf("%s (%s)", title,
	    p->type == PKG_CHANGE ? "amendment" : "cancellation");
}

char *
pkg_subst(const char *text, const char *name, const char *value)
{
	char *out = fr_xstrdup(text), *at;
	size_t n = strlen(name), skip = 0;

	/* Not again inside what was put in: a value may hold the name. */
	while ((at = strstr(out + skip, name)) != NULL) {
		char *o = fr_xasprintf("%.*s%s%s", (int)(at - out), out, value,
		    at + n);

		skip = (size_t)(at - out) + strlen(value);
		free(out);
		out = o;
	}
	return out;
}
