/*
 * validate.c — the filing validator (see validate.h). Three passes over
 * the loaded filing: the schema walk (types, unknown keys, enumerations,
 * validators, always-required keys), the forms (what each attachment
 * needs), and the cross-field rules of the Measures.
 */
#include "core/validate.h"
#include "core/date.h"
#include "core/fr.h"
#include "core/ident.h"
#include "core/json_pos.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* A required value that is missing, merged over the schema and forms. */
struct req {
	char *path;
	int line, col;
	unsigned forms;		/* bit n: attachment n requires it */
	int schema;		/* the schema always requires it */
	const char *doc;
	size_t order;
};

struct vctx {
	const struct fr_filing *f;
	const struct fr_schema *s;
	const char *file;
	int today;
	struct fr_diags *d;
	struct req *reqs;
	size_t nreq, capreq;
};

/* A path buffer that grows and shrinks as the walk goes down and up. */
struct pbuf {
	char *s;
	size_t len, cap;
};

/* Starts a path buffer holding start; the caller frees p->s. */
static void
pb_init(struct pbuf *p, const char *start)
{
	p->len = strlen(start);
	p->cap = p->len + 64;
	p->s = fr_xmalloc(p->cap);
	memcpy(p->s, start, p->len + 1);
}

/* Cuts the path back to its first len bytes. */
static void
pb_cut(struct pbuf *p, size_t len)
{
	p->len = len;
	p->s[len] = '\0';
}

/* Appends member key to the path, quoted when it is odd. */
static void
pb_key(struct pbuf *p, const char *key)
{
	fr_json_path_key(&p->s, &p->len, &p->cap, key, strlen(key));
}

/* Appends array index i to the path. */
static void
pb_index(struct pbuf *p, size_t i)
{
	fr_json_path_index(&p->s, &p->len, &p->cap, i);
}

static void diag(struct vctx *, enum fr_severity, const char *path,
    const cJSON *at, int keypos, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

/*
 * Reports a problem at path with its code, placed at node at (at its key
 * when keypos is set), or without a place when at is NULL.
 */
static void
diag(struct vctx *v, enum fr_severity sev, const char *path, const cJSON *at,
    int keypos, const char *code, const char *fmt, ...)
{
	va_list ap;
	char *msg;
	int line = 0, col = 0;

	if (at != NULL) {
		if (keypos)
			fr_filing_node_key_pos(v->f, at, &line, &col);
		else
			fr_filing_node_pos(v->f, at, &line, &col);
	}
	va_start(ap, fmt);
	msg = fr_xvasprintf(fmt, ap);
	va_end(ap);
	fr_diag_add(v->d, sev, v->file, path, line, col, code, "%s", msg);
	free(msg);
}

/* A user's value for a message: short, printable, quoted. */
static char *
quote(const char *s)
{
	char buf[64];
	size_t i = 0;
	const unsigned char *p = (const unsigned char *)s;

	while (*p != '\0' && i < 40) {
		size_t n = 1;

		while (p[n] != '\0' && (p[n] & 0xc0) == 0x80)
			n++;
		if (*p < 0x20 || *p == 0x7f)
			buf[i++] = '?';
		else {
			memcpy(buf + i, p, n);
			i += n;
		}
		p += n;
	}
	buf[i] = '\0';
	return fr_xasprintf("'%s%s'", buf, *p ? "..." : "");
}

/* The kind of a JSON value, as a message names it. */
static const char *
json_type(const cJSON *j)
{
	if (cJSON_IsObject(j))
		return "an object";
	if (cJSON_IsArray(j))
		return "an array";
	if (cJSON_IsString(j))
		return "a string";
	if (cJSON_IsNumber(j))
		return "a number";
	if (cJSON_IsBool(j))
		return "true/false";
	return "null";
}

/* The kind of value schema type t expects, as a message names it. */
static const char *
want_type(enum fr_type t)
{
	switch (t) {
	case FR_T_OBJECT: return "an object";
	case FR_T_ARRAY: return "an array";
	case FR_T_STRING: return "a string";
	case FR_T_DATE: return "a date string YYYY-MM-DD";
	case FR_T_INTEGER: return "a whole number";
	case FR_T_NUMBER: return "a number";
	case FR_T_BOOLEAN: return "true or false";
	}
	return "?";
}

/*
 * Whether j is the JSON kind schema type t needs; a date is a string,
 * checked later.
 */
static int
type_ok(const cJSON *j, enum fr_type t)
{
	switch (t) {
	case FR_T_OBJECT: return cJSON_IsObject(j);
	case FR_T_ARRAY: return cJSON_IsArray(j);
	case FR_T_STRING:
	case FR_T_DATE: return cJSON_IsString(j);
	case FR_T_INTEGER:
	case FR_T_NUMBER: return cJSON_IsNumber(j);
	case FR_T_BOOLEAN: return cJSON_IsBool(j);
	}
	return 0;
}

/*
 * Records a required value missing at path, placed at node at, required by
 * the schema or by the attachments in bitmask form; report_reqs merges them.
 */
static void
add_req(struct vctx *v, const char *path, const cJSON *at, unsigned form,
    int schema, const char *doc)
{
	struct req *r;

	FR_GROW(v->reqs, v->capreq, v->nreq + 1, 32);
	r = &v->reqs[v->nreq];
	r->path = fr_xstrdup(path);
	fr_filing_node_pos(v->f, at, &r->line, &r->col);
	r->forms = form;
	r->schema = schema;
	r->doc = doc;
	r->order = v->nreq++;
}

/* Whether needle is in hay, ignoring ASCII case. */
static int
contains_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay != '\0'; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return 1;
	return 0;
}

/* The closest known member name, for "did you mean". */
static const char *
nearest(const struct fr_schema_node *obj, const char *key)
{
	const char *best = NULL;
	size_t i, dist, bestd = (size_t)-1, max;
	char lk[128], lf[128];

	for (i = 0; key[i] != '\0' && i < sizeof lk - 1; i++)
		lk[i] = (char)tolower((unsigned char)key[i]);
	lk[i] = '\0';
	max = strlen(lk) / 3;
	if (max < 2)
		max = 2;
	for (i = 0; i < obj->nfields; i++) {
		size_t k;

		for (k = 0; obj->fields[i].name[k] && k < sizeof lf - 1; k++)
			lf[k] = (char)tolower(
			    (unsigned char)obj->fields[i].name[k]);
		lf[k] = '\0';
		dist = fr_levenshtein(lk, lf);
		if (dist < bestd) {
			bestd = dist;
			best = obj->fields[i].name;
		}
	}
	return bestd <= max ? best : NULL;
}

/*
 * The value of enumeration e closest to val, for "did you mean"; NULL when
 * none is close enough.
 */
static const char *
nearest_enum(const struct fr_enum *e, const char *val)
{
	const char *best = NULL;
	size_t i, dist, bestd = (size_t)-1, max = strlen(val) / 3;

	if (max < 2)
		max = 2;
	if (strlen(val) > 64)
		return NULL;
	for (i = 0; i < e->n; i++) {
		dist = fr_levenshtein(val, e->v[i].value);
		if (dist < bestd) {
			bestd = dist;
			best = e->v[i].value;
		}
	}
	return bestd <= max ? best : NULL;
}

/*
 * A value typed as its label (the form shows labels; the filing holds
 * keys): the one value whose Chinese or English label is it, or holds
 * it (零售 in 批发和零售业). NULL when none or more than one.
 */
static const struct fr_enum_value *
enum_by_label(const struct fr_enum *e, const char *val)
{
	const struct fr_enum_value *hit = NULL;
	size_t i, n = strlen(val);
	int pass, hits;

	if (n < 2 || n > 128)
		return NULL;
	for (i = 0; i < e->n; i++)
		if ((e->v[i].zh != NULL && strcmp(e->v[i].zh, val) == 0) ||
		    (e->v[i].en != NULL && strcasecmp(e->v[i].en, val) == 0))
			return &e->v[i];
	/* A part of a label: long enough to mean something, and unique. */
	for (pass = 0; pass < 2; pass++) {
		hits = 0;
		for (i = 0; i < e->n; i++) {
			const char *l = pass == 0 ? e->v[i].zh : e->v[i].en;

			if (l == NULL || n < (pass == 0 ? 6u : 4u))
				continue;
			if ((pass == 0 && strstr(l, val) != NULL) ||
			    (pass == 1 && contains_ci(l, val))) {
				hit = &e->v[i];
				hits++;
			}
		}
		if (hits == 1)
			return hit;
	}
	return NULL;
}

/*
 * Reports a string that is not a value of its enumeration, suggesting the
 * value it is the label of, a close value, or the short list.
 */
static void
check_enum(struct vctx *v, const char *path, const cJSON *j,
    const char *enum_name)
{
	const struct fr_enum_value *lv;
	const struct fr_enum *e = fr_schema_enum(v->s, enum_name);
	const char *near;
	char *q, *list = NULL, *t;
	size_t i;

	if (e == NULL || fr_enum_find(e, j->valuestring) != NULL ||
	    j->valuestring[0] == '\0')
		return;
	q = quote(j->valuestring);
	if ((lv = enum_by_label(e, j->valuestring)) != NULL) {
		diag(v, FR_SEV_ERROR, path, j, 0, "enum", "%s is not a known "
		    "%s; did you mean '%s'? (%s: the filing holds the value, "
		    "the form shows its label)", q, enum_name, lv->value,
		    lv->zh != NULL ? lv->zh : lv->en);
	} else if ((near = nearest_enum(e, j->valuestring)) != NULL) {
		diag(v, FR_SEV_ERROR, path, j, 0, "enum", "%s is not a known "
		    "%s; did you mean '%s'?", q, enum_name, near);
	} else if (e->n <= 8) {
		for (i = 0; i < e->n; i++) {
			t = fr_xasprintf("%s%s%s", list ? list : "",
			    list ? ", " : "", e->v[i].value);
			free(list);
			list = t;
		}
		diag(v, FR_SEV_ERROR, path, j, 0, "enum", "%s is not a known "
		    "%s; expected one of %s", q, enum_name, list);
	} else
		diag(v, FR_SEV_ERROR, path, j, 0, "enum", "%s is not a known "
		    "%s (the values are listed in frfile-filing(5))", q,
		    enum_name);
	free(list);
	free(q);
}

/* Validators named in schema.json ("validator"): strings only. */
static void
check_validator(struct vctx *v, const char *path, const cJSON *j,
    const cJSON *parent, const char *name)
{
	const char *s = j->valuestring, *type;
	struct fr_ident_result r;
	char *msg, *masked;

	if (s[0] == '\0')
		return;
	if (strcmp(name, "uscc") == 0) {
		if (fr_uscc_check(s, &r) != FR_IDENT_OK) {
			msg = fr_ident_message(&r);
			if (r.status == FR_IDENT_LENGTH ||
			    r.status == FR_IDENT_CHARSET)
				diag(v, FR_SEV_ERROR, path, j, 0, "uscc",
				    "unified social credit code %s; expected "
				    "18 characters of 0-9 and A-Y without I O "
				    "S V Z (GB 32100)", msg);
			else
				diag(v, FR_SEV_ERROR, path, j, 0, "uscc",
				    "unified social credit code %s%s", msg,
				    r.status == FR_IDENT_CHECK ?
				    " (GB 32100)" : "");
			free(msg);
		}
	} else if (strcmp(name, "id_number") == 0) {
		type = fr_json_str(cJSON_GetObjectItemCaseSensitive(parent,
		    "id_type"));
		if (type == NULL || type[0] == '\0')
			type = "resident_id";
		if (fr_enum_find(fr_schema_enum(v->s, "id_type"), type) ==
		    NULL)
			return;	/* reported on id_type */
		if (fr_id_check(type, s, v->today, &r) == FR_IDENT_OK)
			return;
		masked = fr_mask_id(s);
		if (r.status == FR_IDENT_SHAPE)
			diag(v, FR_SEV_ERROR, path, j, 0, "id_number",
			    "%s does not have the shape of a %s number; "
			    "expected %s", masked, type,
			    fr_id_shape_text(type));
		else {
			msg = fr_ident_message(&r);
			diag(v, FR_SEV_ERROR, path, j, 0, "id_number",
			    "resident identity number %s: %s (GB 11643)",
			    masked, msg);
			free(msg);
		}
		free(masked);
	} else if (strcmp(name, "phone") == 0) {
		if (!fr_is_phone(s))
			diag(v, FR_SEV_ERROR, path, j, 0, "phone", "not a "
			    "telephone number; expected a mainland mobile "
			    "number (11 digits starting 13-19) or a landline "
			    "(area code 0xx or 0xxx, 7-8 digits, optional "
			    "extension)");
	} else if (strcmp(name, "mobile") == 0) {
		if (!fr_is_mobile(s))
			diag(v, FR_SEV_ERROR, path, j, 0, "mobile", "not a "
			    "mainland mobile number; expected 11 digits "
			    "starting 13-19");
	} else if (strcmp(name, "email") == 0) {
		if (!fr_is_email(s))
			diag(v, FR_SEV_ERROR, path, j, 0, "email", "not an "
			    "e-mail address; expected name@domain");
	} else if (strcmp(name, "postal_code") == 0) {
		if (!fr_is_postal_code(s))
			diag(v, FR_SEV_ERROR, path, j, 0, "postal_code",
			    "not a postal code; expected 6 digits");
	} else if (strcmp(name, "url") == 0) {
		if (!fr_is_url(s))
			diag(v, FR_SEV_ERROR, path, j, 0, "url", "not a web "
			    "address; expected http:// or https:// and a "
			    "host name");
	} else if (strcmp(name, "slug") == 0) {
		if (fr_re_match("[a-z0-9][a-z0-9_-]{0,63}", s) != 1)
			diag(v, FR_SEV_ERROR, path, j, 0, "slug", "not a "
			    "short identifier; expected lowercase letters, "
			    "digits, '-' and '_' (at most 64)");
	} else if (strcmp(name, "schema_version") == 0) {
		if (strcmp(s, FR_FILING_SCHEMA) != 0) {
			msg = quote(s);
			diag(v, FR_SEV_ERROR, path, j, 0, "schema", "unknown "
			    "format %s; expected '%s'", msg, FR_FILING_SCHEMA);
			free(msg);
		}
	}
}

static const char *const validators[] = {
	"uscc", "id_number", "phone", "mobile", "email", "postal_code", "url",
	"slug", "schema_version", NULL
};

int
fr_validator_known(const char *name)
{
	size_t i;

	for (i = 0; validators[i] != NULL; i++)
		if (strcmp(validators[i], name) == 0)
			return 1;
	return 0;
}

/* Pass 1: the value j at path p against schema node n. */
static void
walk(struct vctx *v, const cJSON *j, const struct fr_schema_node *n,
    const cJSON *parent, struct pbuf *p)
{
	const cJSON *c;
	const struct fr_schema_node *fn;
	const char *near;
	size_t i, save = p->len;
	long long ll;
	int date;
	char *q;

	if (cJSON_IsNull(j))
		return;		/* not filled in: the required checks say so */
	if (!type_ok(j, n->type)) {
		diag(v, FR_SEV_ERROR, p->s, j, 0, "type", "expected %s, found "
		    "%s", want_type(n->type), json_type(j));
		return;
	}
	switch (n->type) {
	case FR_T_OBJECT:
		for (c = j->child; c != NULL; c = c->next) {
			pb_key(p, c->string);
			if ((fn = fr_schema_field(n, c->string)) == NULL) {
				q = quote(c->string);
				if ((near = nearest(n, c->string)) != NULL)
					diag(v, FR_SEV_WARNING, p->s, c, 1,
					    "unknown_key", "unknown key %s "
					    "(ignored); did you mean '%s'?", q,
					    near);
				else
					diag(v, FR_SEV_WARNING, p->s, c, 1,
					    "unknown_key", "unknown key %s "
					    "(ignored)", q);
				free(q);
			} else
				walk(v, c, fn, j, p);
			pb_cut(p, save);
		}
		for (i = 0; i < n->nfields; i++) {
			fn = &n->fields[i];
			if (!fn->required)
				continue;
			c = cJSON_GetObjectItemCaseSensitive(j, fn->name);
			if (!fr_json_is_empty(c))
				continue;
			pb_key(p, fn->name);
			add_req(v, p->s, c ? c : j, 0, 1, fn->doc);
			pb_cut(p, save);
		}
		break;
	case FR_T_ARRAY:
		i = 0;
		for (c = j->child; c != NULL; c = c->next, i++) {
			pb_index(p, i);
			walk(v, c, n->items, j, p);
			pb_cut(p, save);
		}
		if (n->has_min && (double)i < n->min && i > 0)
			diag(v, FR_SEV_ERROR, p->s, j, 0, "min_items", "has %zu "
			    "elements; expected at least %.0f", i, n->min);
		if (n->has_min && n->min > 0 && i == 0)
			add_req(v, p->s, j, 0, 1, n->doc);
		break;
	case FR_T_STRING:
		if (n->enum_name != NULL)
			check_enum(v, p->s, j, n->enum_name);
		if (n->validator != NULL)
			check_validator(v, p->s, j, parent, n->validator);
		break;
	case FR_T_DATE:
		if (j->valuestring[0] != '\0' &&
		    fr_date_parse(j->valuestring, &date) != 0) {
			q = quote(j->valuestring);
			diag(v, FR_SEV_ERROR, p->s, j, 0, "date", "%s is not a "
			    "date; expected YYYY-MM-DD", q);
			free(q);
		}
		break;
	case FR_T_INTEGER:
		if (fr_json_int(j, &ll) != FR_OK) {
			diag(v, FR_SEV_ERROR, p->s, j, 0, "type", "expected a "
			    "whole number");
			break;
		}
		if ((n->has_min && (double)ll < n->min) ||
		    (n->has_max && (double)ll > n->max)) {
			if (n->has_min && n->has_max)
				diag(v, FR_SEV_ERROR, p->s, j, 0, "range",
				    "%lld is out of range; expected %.0f to "
				    "%.0f", ll, n->min, n->max);
			else if (n->has_max)
				diag(v, FR_SEV_ERROR, p->s, j, 0, "range",
				    "%lld is out of range; expected at most "
				    "%.0f", ll, n->max);
			else
				diag(v, FR_SEV_ERROR, p->s, j, 0, "range",
				    "%lld is out of range; expected at least "
				    "%.0f", ll, n->min);
		}
		break;
	case FR_T_NUMBER:
	case FR_T_BOOLEAN:
		break;
	}
}

/*
 * Pass 2 helper: follow rel from base. Returns the node, or NULL; then
 * *deepest is the last node that exists and p holds the path up to the
 * first missing member.
 */
static const cJSON *
follow(const cJSON *base, const char *rel, struct pbuf *p,
    const cJSON **deepest)
{
	const cJSON *n = base;
	const char *s = rel;
	char key[128];
	size_t k;

	*deepest = base;
	while (*s != '\0') {
		if (*s == '.')
			s++;
		k = strcspn(s, ".[");
		if (k == 0 || k >= sizeof key)
			return NULL;
		memcpy(key, s, k);
		key[k] = '\0';
		s += k;
		pb_key(p, key);
		n = cJSON_IsObject(n) ?
		    cJSON_GetObjectItemCaseSensitive(n, key) : NULL;
		if (fr_json_is_empty(n)) {
			if (n != NULL)
				*deepest = n;
			return NULL;
		}
		*deepest = n;
	}
	return n;
}

/*
 * Records each required field of a form section that is empty or missing
 * under base (whose path is bpath), for the form's attachment.
 */
static void
require_fields(struct vctx *v, const struct fr_form *fm,
    const struct fr_form_section *sec, const cJSON *base, const char *bpath)
{
	struct pbuf p;
	const cJSON *deep;
	size_t i;

	pb_init(&p, bpath);
	for (i = 0; i < sec->nfields; i++) {
		const struct fr_form_field *f = &sec->fields[i];

		if (!f->required || f->path == NULL)
			continue;
		pb_cut(&p, strlen(bpath));
		if (follow(base, f->path, &p, &deep) == NULL) {
			/* The path may stop short: describe what is missing. */
			const struct fr_schema_node *n =
			    fr_schema_lookup(v->s, p.s);

			add_req(v, p.s, deep, 1u << (fm->attachment & 31), 0,
			    n ? n->doc : NULL);
		}
	}
	free(p.s);
}

/* Pass 2: what each attachment needs. */
static void
check_forms(struct vctx *v)
{
	const cJSON *root = fr_filing_root(v->f), *arr, *el;
	struct pbuf p;
	size_t i, k, idx;

	for (i = 0; i < v->s->nforms; i++) {
		const struct fr_form *fm = &v->s->forms[i];

		for (k = 0; k < fm->nsections; k++) {
			const struct fr_form_section *sec = &fm->sections[k];

			if (sec->repeat == NULL) {
				require_fields(v, fm, sec, root, "");
				continue;
			}
			arr = fr_json_at(root, sec->repeat);
			if (!cJSON_IsArray(arr))
				continue;
			pb_init(&p, sec->repeat);
			for (el = arr->child, idx = 0; el; el = el->next, idx++) {
				pb_cut(&p, strlen(sec->repeat));
				pb_index(&p, idx);
				if (cJSON_IsObject(el))
					require_fields(v, fm, sec, el, p.s);
			}
			free(p.s);
		}
	}
}

/* Orders missing values by path, then as they were found, for qsort. */
static int
req_cmp(const void *a, const void *b)
{
	const struct req *x = a, *y = b;
	int c = strcmp(x->path, y->path);

	if (c != 0)
		return c;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* One message per missing path, naming every attachment that needs it. */
static void
report_reqs(struct vctx *v)
{
	size_t i, k;
	unsigned forms;
	int n;
	char list[128];
	size_t len;
	const char *doc;

	if (v->nreq > 0)
		qsort(v->reqs, v->nreq, sizeof *v->reqs, req_cmp);
	for (i = 0; i < v->nreq; i = k) {
		forms = 0;
		doc = NULL;
		for (k = i; k < v->nreq && strcmp(v->reqs[k].path,
		    v->reqs[i].path) == 0; k++) {
			forms |= v->reqs[k].forms;
			if (doc == NULL)
				doc = v->reqs[k].doc;
		}
		list[0] = '\0';
		len = 0;
		for (n = 1; n < 32; n++) {
			if (!(forms & (1u << n)))
				continue;
			len += (size_t)snprintf(list + len, sizeof list - len,
			    "%s%d", len ? ", " : "", n);
			if (len >= sizeof list)
				break;
		}
		fr_diag_add(v->d, FR_SEV_ERROR, v->file, v->reqs[i].path,
		    v->reqs[i].line, v->reqs[i].col, "required",
		    "missing (required%s%s)%s%s", forms ? (strchr(list, ',') ?
		    " by attachments " : " by attachment ") : "",
		    forms ? list : "", doc ? "; expected: " : "",
		    doc ? doc : "");
	}
	for (i = 0; i < v->nreq; i++)
		free(v->reqs[i].path);
	free(v->reqs);
	v->reqs = NULL;
	v->nreq = 0;
}

/* Whether j is JSON true. */
static int
truthy(const cJSON *j)
{
	return cJSON_IsTrue(j);
}

/*
 * Reports why (with code) at the first missing member on the way to
 * bpath.rel when the value there is missing or empty.
 */
static void
need(struct vctx *v, const cJSON *base, const char *bpath, const char *rel,
    const char *code, const char *why)
{
	const cJSON *deep;
	struct pbuf p;

	pb_init(&p, bpath);
	if (follow(base, rel, &p, &deep) == NULL)
		diag(v, FR_SEV_ERROR, p.s, deep, 0, code, "%s", why);
	free(p.s);
}

/*
 * Checks one location against Art. 13: a prohibited place type is an error,
 * and a public place needs its necessity, signage and collection area
 * stated.
 */
static void
check_location(struct vctx *v, const cJSON *loc, const char *path)
{
	const struct fr_enum_value *pt;
	const char *type = fr_json_str(fr_json_at(loc, "place_type"));
	struct pbuf p;

	pt = fr_enum_find(fr_schema_enum(v->s, "place_type"), type);
	if (fr_place_prohibited(v->s, loc)) {
		pb_init(&p, path);
		pb_key(&p, "place_type");
		diag(v, FR_SEV_ERROR, p.s, fr_json_at(loc, "place_type"), 0,
		    "art13.prohibited", "Art. 13 forbids facial recognition "
		    "devices in %s (%s); remove this location", pt->en, pt->zh);
		free(p.s);
		return;
	}
	/* The same definition of a public place as the rules (forms.h). */
	if (!fr_place_public(v->s, loc))
		return;
	/* Art. 13: public places only for public security, signed, bounded. */
	need(v, loc, path, "public_security_necessity", "art13.necessity",
	    "missing: a device in a public place needs its public-security "
	    "necessity stated (Art. 13)");
	need(v, loc, path, "signage", "art13.signage", "missing: a device in "
	    "a public place needs clear signage (Art. 13)");
	need(v, loc, path, "collection_area", "art13.area", "missing: a "
	    "device in a public place needs a defined collection area "
	    "(Art. 13)");
}

/*
 * Checks the duties of one application that relate several fields: minors
 * (Art. 7), consent (Art. 6), kept images and transmission (Art. 8), storage
 * abroad, an alternative (Art. 10) and its locations.
 */
static void
check_application(struct vctx *v, const cJSON *app, const char *path)
{
	const cJSON *j, *el;
	const struct fr_enum_value *lb;
	struct pbuf p;
	size_t i;
	const char *basis;

	pb_init(&p, path);
	/* Art. 7: under-14s only with a guardian's consent, own rules. */
	if (truthy(fr_json_at(app, "minors.under_14_possible"))) {
		need(v, app, path, "minors.guardian_consent_process",
		    "art7.guardian", "missing: under-14s may be enrolled, so "
		    "the parent's or guardian's consent process is required "
		    "(Art. 7)");
		need(v, app, path, "minors.dedicated_rules", "art7.rules",
		    "missing: under-14s may be enrolled, so dedicated "
		    "processing rules for minors are required (Art. 7)");
	} else if (cJSON_IsFalse(fr_json_at(app, "minors.under_14_possible"))) {
		j = fr_json_at(app, "subjects");
		for (el = cJSON_IsArray(j) ? j->child : NULL; el; el = el->next)
			if (fr_json_str(el) != NULL &&
			    (strcmp(el->valuestring, "minors") == 0 ||
			    strcmp(el->valuestring, "students") == 0)) {
				pb_cut(&p, strlen(path));
				pb_key(&p, "minors");
				pb_key(&p, "under_14_possible");
				diag(v, FR_SEV_WARNING, p.s,
				    fr_json_at(app, "minors.under_14_possible"), 0,
				    "art7.subjects", "is false although the "
				    "subjects include %s; check whether "
				    "under-14s can be enrolled (Art. 7)",
				    el->valuestring);
				break;
			}
	}
	/* Art. 6: consent must be separate and withdrawable. */
	lb = fr_enum_find(fr_schema_enum(v->s, "legal_basis"),
	    fr_json_str(fr_json_at(app, "legal_basis")));
	if (fr_enum_flag(lb, "consent")) {
		need(v, app, path, "consent.withdrawal_channel",
		    "art6.withdrawal", "missing: processing based on consent "
		    "needs a convenient way to withdraw it (Art. 6)");
		j = fr_json_at(app, "consent.separate");
		if (cJSON_IsFalse(j)) {
			pb_cut(&p, strlen(path));
			pb_key(&p, "consent");
			pb_key(&p, "separate");
			diag(v, FR_SEV_ERROR, p.s, j, 0, "art6.separate",
			    "consent to facial recognition must be separate "
			    "consent (Art. 6); expected true");
		} else
			need(v, app, path, "consent.separate", "art6.separate",
			    "missing: whether consent is separate (Art. 6)");
	}
	/* Art. 8: images are deleted unless there is a basis to keep them. */
	if (truthy(fr_json_at(app, "raw_images_kept")))
		need(v, app, path, "raw_images_basis", "art8.images",
		    "missing: face images are kept, so the basis (separate "
		    "consent or law) is required (Art. 8)");
	if (truthy(fr_json_at(app, "external_transmission.occurs"))) {
		basis = fr_json_str(fr_json_at(app, "external_transmission.basis"));
		if (basis == NULL || basis[0] == '\0' ||
		    strcmp(basis, "none") == 0) {
			pb_cut(&p, strlen(path));
			pb_key(&p, "external_transmission");
			pb_key(&p, "basis");
			diag(v, FR_SEV_ERROR, p.s,
			    fr_json_at(app, "external_transmission.basis") ?
			    fr_json_at(app, "external_transmission.basis") :
			    fr_json_at(app, "external_transmission"), 0, "art8.transmission",
			    "facial information leaves the device, so the "
			    "basis must be law or separate_consent (Art. 8)");
		}
		need(v, app, path, "external_transmission.recipients",
		    "art8.recipients", "missing: who receives the facial "
		    "information sent out (Art. 8)");
	}
	j = fr_json_at(app, "storage.in_china");
	if (cJSON_IsFalse(j)) {
		pb_cut(&p, strlen(path));
		pb_key(&p, "storage");
		pb_key(&p, "in_china");
		diag(v, FR_SEV_WARNING, p.s, j, 0, "storage.abroad", "facial "
		    "information stored outside mainland China needs the "
		    "cross-border procedures of the PIPL (Art. 38-40)");
	}
	j = fr_json_at(app, "alternatives.offered");
	if (cJSON_IsFalse(j)) {
		pb_cut(&p, strlen(path));
		pb_key(&p, "alternatives");
		pb_key(&p, "offered");
		diag(v, FR_SEV_WARNING, p.s, j, 0, "art10.alternative", "no "
		    "alternative to facial recognition; Art. 10 requires a "
		    "reasonable, convenient alternative where other ways work");
	}
	j = fr_json_at(app, "locations");
	for (el = cJSON_IsArray(j) ? j->child : NULL, i = 0; el;
	    el = el->next, i++) {
		if (!cJSON_IsObject(el))
			continue;
		pb_cut(&p, strlen(path));
		pb_key(&p, "locations");
		pb_index(&p, i);
		check_location(v, el, p.s);
	}
	free(p.s);
}

/*
 * A cancellation says what became of the stored facial information: Art.
 * 15 asks the processor to handle it according to law when the
 * application ends, and PIPL Art. 47 makes that deletion (or
 * anonymisation, or keeping it only where a law requires).
 */
static void
check_cancellation(struct vctx *v, const cJSON *root)
{
	const cJSON *j;
	const char *m;
	int dh, dt;

	need(v, root, "", "filing.cancellation.reason",
	    "cancellation.reason", "missing: the cancellation form states why "
	    "the application ended");
	need(v, root, "", "filing.cancellation.data_handling.method",
	    "cancellation.data_handling", "missing: how the stored facial "
	    "information was handled (deleted, anonymised or "
	    "transferred_by_law; Art. 15, PIPL Art. 47)");
	need(v, root, "", "filing.cancellation.data_handling.date",
	    "cancellation.data_handling", "missing: the day the stored facial "
	    "information was deleted, anonymised or transferred");
	if (fr_filing_date(v->f, "filing.cancellation.data_handling.date",
	    &dh) == FR_OK) {
		j = fr_json_at(root, "filing.cancellation.data_handling.date");
		if (fr_filing_date(v->f, "filing.termination_date", &dt) ==
		    FR_OK && dh < dt)
			diag(v, FR_SEV_ERROR,
			    "filing.cancellation.data_handling.date", j, 0,
			    "date.order", "is before filing.termination_date: "
			    "the information is handled when the application "
			    "has ended");
	}
	/*
	 * Art. 15 para. 2: the application has ended; none of it can still
	 * be operating in the filing that cancels it.
	 */
	j = fr_json_at(root, "applications");
	if (cJSON_IsArray(j)) {
		const cJSON *el, *st;
		struct pbuf p;
		size_t i = 0;

		for (el = j->child; el != NULL; el = el->next, i++) {
			st = fr_json_at(el, "status");
			if (fr_json_str(st) == NULL ||
			    strcmp(st->valuestring, "terminated") == 0)
				continue;
			pb_init(&p, "applications");
			pb_index(&p, i);
			pb_key(&p, "status");
			diag(v, FR_SEV_ERROR, p.s, st, 0, "cancellation.status",
			    "is %s, but a cancellation ends the application "
			    "(filing.termination_date); expected terminated",
			    st->valuestring);
			free(p.s);
		}
	}
	m = fr_json_str(fr_json_at(root, "filing.cancellation.data_handling.method"));
	j = fr_json_at(root, "filing.cancellation.data_handling.evidence");
	if (m != NULL && strcmp(m, "transferred_by_law") == 0 &&
	    (fr_json_str(j) == NULL || *fr_json_str(j) == '\0'))
		diag(v, FR_SEV_WARNING,
		    "filing.cancellation.data_handling.method",
		    fr_json_at(root, "filing.cancellation.data_handling.method"), 0,
		    "cancellation.evidence", "transferred_by_law: name the law "
		    "and the receipt in data_handling.evidence");
}

/* Pass 3: rules that relate several fields. */
static void
check_cross(struct vctx *v)
{
	const cJSON *root = fr_filing_root(v->f), *apps, *a, *b, *j;
	const char *uscc, *prov, *div, *type, *id, *id2;
	const struct fr_enum_value *pv;
	struct pbuf p;
	size_t i, k;
	int d1, d2;

	uscc = fr_json_str(fr_json_at(root, "processor.uscc"));
	prov = fr_json_str(fr_json_at(root, "processor.province"));
	if (uscc != NULL && prov != NULL && prov[0] != '\0' &&
	    fr_uscc_check(uscc, NULL) == FR_IDENT_OK &&
	    (pv = fr_enum_find(fr_schema_enum(v->s, "province"), prov)) !=
	    NULL) {
		div = fr_division_province(uscc + 2);
		if (div == NULL)
			diag(v, FR_SEV_WARNING, "processor.uscc",
			    fr_json_at(root, "processor.uscc"), 0, "uscc.division",
			    "division code %.6s is not a mainland province; "
			    "check the code and processor.province", uscc + 2);
		else if (strcmp(div, prov) != 0)
			diag(v, FR_SEV_WARNING, "processor.province",
			    fr_json_at(root, "processor.province"), 0,
			    "uscc.province", "is %s, but the USCC's division "
			    "code %.6s belongs to %s; the filing goes to the "
			    "authority where the processor is located", prov,
			    uscc + 2, div);
	}

	/* Art. 15: a change or cancellation refers to the earlier filing. */
	type = fr_json_str(fr_json_at(root, "filing.type"));
	if (type != NULL && strcmp(type, "change") == 0) {
		need(v, root, "", "filing.previous_reference", "filing.previous",
		    "missing: a change refers to the earlier filing");
		need(v, root, "", "filing.change_date", "filing.change_date",
		    "missing: the day of the change starts the 30 working "
		    "days (Art. 15)");
	} else if (type != NULL && strcmp(type, "cancellation") == 0) {
		need(v, root, "", "filing.previous_reference", "filing.previous",
		    "missing: a cancellation refers to the earlier filing");
		need(v, root, "", "filing.termination_date",
		    "filing.termination_date", "missing: the day the "
		    "application ended starts the 30 working days (Art. 15)");
		check_cancellation(v, root);
	}
	if (fr_filing_date(v->f, "filing.reached_date", &d1) == FR_OK &&
	    d1 > v->today)
		diag(v, FR_SEV_WARNING, "filing.reached_date",
		    fr_json_at(root, "filing.reached_date"), 0, "date.future",
		    "is in the future");
	if (fr_filing_date(v->f, "power_of_attorney.valid_from", &d1) ==
	    FR_OK && fr_filing_date(v->f, "power_of_attorney.valid_until",
	    &d2) == FR_OK && d2 < d1)
		diag(v, FR_SEV_ERROR, "power_of_attorney.valid_until",
		    fr_json_at(root, "power_of_attorney.valid_until"), 0, "date.order",
		    "is before valid_from");

	apps = fr_json_at(root, "applications");
	for (a = cJSON_IsArray(apps) ? apps->child : NULL, i = 0; a;
	    a = a->next, i++) {
		if (!cJSON_IsObject(a))
			continue;
		pb_init(&p, "applications");
		pb_index(&p, i);
		check_application(v, a, p.s);
		/* ids name applications in reports: they must be unique */
		id = fr_json_str(fr_json_at(a, "id"));
		for (b = apps->child, k = 0; id != NULL && id[0] && b != a;
		    b = b->next, k++) {
			id2 = fr_json_str(fr_json_at(b, "id"));
			if (id2 != NULL && strcmp(id, id2) == 0) {
				pb_key(&p, "id");
				j = fr_json_at(a, "id");
				diag(v, FR_SEV_ERROR, p.s, j, 0, "duplicate_id",
				    "'%s' is also the id of applications[%zu]; "
				    "expected a unique id", id, k);
				break;
			}
			if (k > 1000)
				break;	/* enough for any real filing */
		}
		free(p.s);
	}
}

/* Orders messages by line and column, those without a line last. */
static int
diag_cmp(const void *a, const void *b)
{
	const struct fr_diag *x = a, *y = b;
	long lx = x->line > 0 ? x->line : 0x7fffffff;
	long ly = y->line > 0 ? y->line : 0x7fffffff;

	if (lx != ly)
		return lx < ly ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return 0;
}

void
fr_diags_sort(struct fr_diags *d)
{
	struct fr_diag *tmp;
	size_t w, i, lo, mid, hi, a, b, k;

	if (d->n < 2)
		return;
	/* Bottom-up merge sort: stable, n log n for any number of problems. */
	tmp = fr_xreallocarray(NULL, d->n, sizeof *tmp);
	for (w = 1; w < d->n; w *= 2) {
		for (lo = 0; lo < d->n; lo += 2 * w) {
			mid = lo + w < d->n ? lo + w : d->n;
			hi = lo + 2 * w < d->n ? lo + 2 * w : d->n;
			a = lo;
			b = mid;
			k = lo;
			while (a < mid && b < hi)
				tmp[k++] = diag_cmp(&d->v[b], &d->v[a]) < 0 ?
				    d->v[b++] : d->v[a++];
			while (a < mid)
				tmp[k++] = d->v[a++];
			while (b < hi)
				tmp[k++] = d->v[b++];
		}
		for (i = 0; i < d->n; i++)
			d->v[i] = tmp[i];
	}
	free(tmp);
}

int
fr_validate(const struct fr_filing *f, const struct fr_schema *s, int today,
    struct fr_diags *d)
{
	struct vctx v;
	struct pbuf p;
	struct fr_diags local;
	const cJSON *root = fr_filing_root(f);
	size_t errors;
	int rc;

	if (d == NULL) {
		/* The caller wants only the answer: count in a private list. */
		fr_diags_init(&local);
		rc = fr_validate(f, s, today, &local);
		fr_diags_release(&local);
		return rc;
	}
	errors = d->errors;
	memset(&v, 0, sizeof v);
	v.f = f;
	v.s = s;
	v.file = fr_filing_name(f);
	v.today = today;
	v.d = d;
	if (!cJSON_IsObject(root)) {
		diag(&v, FR_SEV_ERROR, NULL, root, 0, "type", "expected a JSON "
		    "object at the top level, found %s", json_type(root));
		return FR_EINVAL;
	}
	pb_init(&p, "");
	walk(&v, root, &s->root, NULL, &p);
	free(p.s);
	check_forms(&v);
	report_reqs(&v);
	check_cross(&v);
	fr_diags_sort(d);
	return d->errors == errors ? FR_OK : FR_EINVAL;
}
