/*
 * forms.c — loading forms/schema.json and forms/attachment<N>.json into
 * the structures of forms.h, and looking things up in them.
 */
#include "core/forms.h"
#include "core/fr.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name;
	enum fr_type type;
} types[] = {
	{ "object", FR_T_OBJECT }, { "array", FR_T_ARRAY },
	{ "string", FR_T_STRING }, { "date", FR_T_DATE },
	{ "integer", FR_T_INTEGER }, { "number", FR_T_NUMBER },
	{ "boolean", FR_T_BOOLEAN },
};

/* The string member key of o, or NULL when absent or not a string. */
static const char *
jstr(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* Whether member key of o is true; absent or anything else is false. */
static int
jbool(const cJSON *o, const char *key)
{
	return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, key));
}

/* Frees the fields and items below a schema node, not the node itself. */
static void
node_release(struct fr_schema_node *n)
{
	size_t i;

	for (i = 0; i < n->nfields; i++)
		node_release(&n->fields[i]);
	free(n->fields);
	if (n->items != NULL) {
		node_release(n->items);
		free(n->items);
	}
}

/* Build one node from its JSON; "def" members are expanded in place. */
static int
build_node(struct fr_schema_node *n, const char *name, const cJSON *j,
    const cJSON *defs, const struct fr_schema_node *parent, const char *file,
    struct fr_diags *d, int depth)
{
	const cJSON *f, *c, *v;
	const char *t, *def;
	size_t i;

	memset(n, 0, sizeof *n);
	n->name = name;
	n->parent = parent;
	if (depth > 16 || !cJSON_IsObject(j)) {
		fr_diag_add(d, FR_SEV_ERROR, file, name, 0, 0, "schema",
		    "schema node is not an object (or nests too deep)");
		return FR_EFORMAT;
	}
	t = jstr(j, "type");
	for (i = 0; t != NULL && i < sizeof types / sizeof types[0]; i++)
		if (strcmp(types[i].name, t) == 0)
			break;
	if (t == NULL || i == sizeof types / sizeof types[0]) {
		fr_diag_add(d, FR_SEV_ERROR, file, name, 0, 0, "schema",
		    "unknown type '%s'", t ? t : "(none)");
		return FR_EFORMAT;
	}
	n->type = types[i].type;
	n->required = jbool(j, "required");
	n->enum_name = jstr(j, "enum");
	n->validator = jstr(j, "validator");
	n->example = jstr(j, "example");
	n->doc = jstr(j, "doc");
	n->def = cJSON_GetObjectItemCaseSensitive(j, "default");
	if (cJSON_IsNumber(v = cJSON_GetObjectItemCaseSensitive(j, "min"))) {
		n->has_min = 1;
		n->min = v->valuedouble;
	}
	if (cJSON_IsNumber(v = cJSON_GetObjectItemCaseSensitive(j, "max"))) {
		n->has_max = 1;
		n->max = v->valuedouble;
	}
	v = cJSON_GetObjectItemCaseSensitive(j, "skeleton_items");
	n->skeleton_items = cJSON_IsNumber(v) ? v->valueint : -1;
	f = cJSON_GetObjectItemCaseSensitive(j, "fields");
	if ((def = jstr(j, "def")) != NULL) {
		const cJSON *dj = cJSON_GetObjectItemCaseSensitive(defs, def);

		if (dj == NULL) {
			fr_diag_add(d, FR_SEV_ERROR, file, name, 0, 0,
			    "schema", "unknown def '%s'", def);
			return FR_EFORMAT;
		}
		f = cJSON_GetObjectItemCaseSensitive(dj, "fields");
	}
	if (n->type == FR_T_OBJECT && cJSON_IsObject(f)) {
		n->nfields = (size_t)cJSON_GetArraySize(f);
		n->fields = fr_xcalloc(n->nfields ? n->nfields : 1,
		    sizeof *n->fields);
		for (i = 0, c = f->child; c != NULL; c = c->next, i++)
			if (build_node(&n->fields[i], c->string, c, defs, n,
			    file, d, depth + 1) != FR_OK) {
				n->nfields = i + 1;
				return FR_EFORMAT;
			}
	}
	if (n->type == FR_T_ARRAY) {
		v = cJSON_GetObjectItemCaseSensitive(j, "items");
		n->items = fr_xcalloc(1, sizeof *n->items);
		if (v == NULL || build_node(n->items, NULL, v, defs, n, file,
		    d, depth + 1) != FR_OK)
			return FR_EFORMAT;
		if (n->skeleton_items < 0)
			n->skeleton_items = n->items->type == FR_T_OBJECT;
	}
	return FR_OK;
}

const struct fr_schema_node *
fr_schema_field(const struct fr_schema_node *n, const char *name)
{
	size_t i;

	if (n == NULL || n->type != FR_T_OBJECT)
		return NULL;
	for (i = 0; i < n->nfields; i++)
		if (strcmp(n->fields[i].name, name) == 0)
			return &n->fields[i];
	return NULL;
}

/* Walk a path from a node: "a.b[].c", "a.b[3].c", "[]" for items. */
static const struct fr_schema_node *
lookup_from(const struct fr_schema_node *n, const char *path)
{
	const char *p = path;
	char key[128];
	size_t k;

	while (n != NULL && *p != '\0') {
		if (*p == '.')
			p++;
		if (*p == '[') {
			p++;
			while (*p >= '0' && *p <= '9')
				p++;
			if (*p != ']' || n->type != FR_T_ARRAY)
				return NULL;
			p++;
			n = n->items;
			continue;
		}
		k = strcspn(p, ".[");
		if (k == 0 || k >= sizeof key)
			return NULL;
		memcpy(key, p, k);
		key[k] = '\0';
		p += k;
		n = fr_schema_field(n, key);
	}
	return n;
}

const struct fr_schema_node *
fr_schema_lookup(const struct fr_schema *s, const char *path)
{
	return lookup_from(&s->root, path);
}

const struct fr_enum *
fr_schema_enum(const struct fr_schema *s, const char *name)
{
	size_t i;

	for (i = 0; name != NULL && i < s->nenums; i++)
		if (strcmp(s->enums[i].name, name) == 0)
			return &s->enums[i];
	return NULL;
}

const struct fr_enum_value *
fr_enum_find(const struct fr_enum *e, const char *value)
{
	size_t i;

	for (i = 0; e != NULL && value != NULL && i < e->n; i++)
		if (strcmp(e->v[i].value, value) == 0)
			return &e->v[i];
	return NULL;
}

const char *
fr_enum_label(const struct fr_schema *s, const char *enum_name,
    const char *value, const char *lang)
{
	const struct fr_enum_value *v =
	    fr_enum_find(fr_schema_enum(s, enum_name), value);

	if (v == NULL)
		return NULL;
	return lang != NULL && strcmp(lang, "en") == 0 ? v->en : v->zh;
}

int
fr_enum_flag(const struct fr_enum_value *v, const char *flag)
{
	return v != NULL && jbool(v->json, flag);
}

/*
 * Art. 13, defined once from the schema's place_type flags for both the
 * validator and the rules: a place is public when its type is marked
 * public or the location says "public": true (a JSON boolean, nothing
 * else); prohibited when its type is marked prohibited.
 */
int
fr_place_public(const struct fr_schema *s, const struct cJSON *loc)
{
	const cJSON *pt, *pub;

	if (!cJSON_IsObject(loc))
		return 0;
	pt = cJSON_GetObjectItemCaseSensitive(loc, "place_type");
	pub = cJSON_GetObjectItemCaseSensitive(loc, "public");
	if (cJSON_IsTrue(pub))
		return 1;
	return s != NULL && cJSON_IsString(pt) && fr_enum_flag(fr_enum_find(
	    fr_schema_enum(s, "place_type"), pt->valuestring), "public");
}

int
fr_place_prohibited(const struct fr_schema *s, const struct cJSON *loc)
{
	const cJSON *pt;

	if (!cJSON_IsObject(loc) || s == NULL)
		return 0;
	pt = cJSON_GetObjectItemCaseSensitive(loc, "place_type");
	return cJSON_IsString(pt) && fr_enum_flag(fr_enum_find(
	    fr_schema_enum(s, "place_type"), pt->valuestring), "prohibited");
}

const struct fr_form *
fr_schema_form(const struct fr_schema *s, const char *id)
{
	size_t i;

	for (i = 0; i < s->nforms; i++)
		if (strcmp(s->forms[i].id, id) == 0)
			return &s->forms[i];
	return NULL;
}

const struct fr_form *
fr_schema_form_n(const struct fr_schema *s, int n)
{
	size_t i;

	for (i = 0; i < s->nforms; i++)
		if (s->forms[i].attachment == n)
			return &s->forms[i];
	return NULL;
}

/* The zh and en strings of o's label object key, each NULL when missing. */
static void
label(const cJSON *o, const char *key, const char **zh, const char **en)
{
	const cJSON *l = cJSON_GetObjectItemCaseSensitive(o, key);

	*zh = jstr(l, "zh");
	*en = jstr(l, "en");
}

/* Frees a form field's columns, and theirs, not the field itself. */
static void
field_release(struct fr_form_field *f)
{
	size_t i;

	for (i = 0; i < f->ncolumns; i++)
		field_release(&f->columns[i]);
	free(f->columns);
}

/*
 * Builds one form field from its JSON, finding its path in the schema from
 * base (the root, or a repeated section's item) and checking its enum; a
 * table's columns are fields of the array's items. FR_OK, or FR_EFORMAT with
 * a line in d.
 */
static int
build_field(struct fr_schema *s, struct fr_form_field *f, const cJSON *j,
    const struct fr_schema_node *base, const char *file, const char *where,
    struct fr_diags *d)
{
	const cJSON *cols, *c;
	size_t i;

	memset(f, 0, sizeof *f);
	f->path = jstr(j, "path");
	f->fact = jstr(j, "fact");
	label(j, "label", &f->label_zh, &f->label_en);
	f->kind = jstr(j, "kind") ? jstr(j, "kind") : "value";
	f->required = jbool(j, "required");
	f->mask = jbool(j, "mask");
	if ((f->path == NULL) == (f->fact == NULL) || f->label_zh == NULL ||
	    f->label_en == NULL) {
		fr_diag_add(d, FR_SEV_ERROR, file, where, 0, 0, "form",
		    "a field needs exactly one of path and fact, and labels "
		    "zh and en");
		return FR_EFORMAT;
	}
	if (f->path != NULL) {
		if ((f->node = lookup_from(base, f->path)) == NULL) {
			fr_diag_add(d, FR_SEV_ERROR, file, where, 0, 0, "form",
			    "field path '%s' is not in schema.json", f->path);
			return FR_EFORMAT;
		}
		f->validator = f->node->validator;
		f->enum_name = f->node->enum_name;
		if (f->node->type == FR_T_ARRAY && f->node->items != NULL &&
		    f->enum_name == NULL)
			f->enum_name = f->node->items->enum_name;
	}
	if (jstr(j, "validator") != NULL)
		f->validator = jstr(j, "validator");
	if (jstr(j, "enum") != NULL)
		f->enum_name = jstr(j, "enum");
	if (f->enum_name != NULL && fr_schema_enum(s, f->enum_name) == NULL) {
		fr_diag_add(d, FR_SEV_ERROR, file, where, 0, 0, "form",
		    "unknown enum '%s'", f->enum_name);
		return FR_EFORMAT;
	}
	cols = cJSON_GetObjectItemCaseSensitive(j, "columns");
	if (strcmp(f->kind, "table") == 0) {
		if (f->node == NULL || f->node->type != FR_T_ARRAY ||
		    !cJSON_IsArray(cols)) {
			fr_diag_add(d, FR_SEV_ERROR, file, where, 0, 0, "form",
			    "a table field needs an array path and columns");
			return FR_EFORMAT;
		}
		f->ncolumns = (size_t)cJSON_GetArraySize(cols);
		f->columns = fr_xcalloc(f->ncolumns ? f->ncolumns : 1,
		    sizeof *f->columns);
		for (i = 0, c = cols->child; c != NULL; c = c->next, i++)
			if (build_field(s, &f->columns[i], c, f->node->items,
			    file, where, d) != FR_OK) {
				f->ncolumns = i + 1;
				return FR_EFORMAT;
			}
	}
	return FR_OK;
}

/*
 * Builds a form (one attachment) from its JSON: its title and its sections,
 * whose fields must be in the schema. FR_OK, or FR_EFORMAT with a line in d;
 * what fm holds is freed with the schema.
 */
static int
build_form(struct fr_schema *s, struct fr_form *fm, const cJSON *j,
    const char *file, struct fr_diags *d)
{
	const cJSON *secs, *sj, *fj, *fields, *v;
	struct fr_form_section *sec;
	const struct fr_schema_node *base;
	size_t i, k;

	fm->id = jstr(j, "id");
	v = cJSON_GetObjectItemCaseSensitive(j, "attachment");
	fm->attachment = cJSON_IsNumber(v) ? v->valueint : 0;
	label(j, "title", &fm->title_zh, &fm->title_en);
	secs = cJSON_GetObjectItemCaseSensitive(j, "sections");
	if (fm->id == NULL || fm->attachment < 1 || !cJSON_IsArray(secs) ||
	    fm->title_zh == NULL || fm->title_en == NULL) {
		fr_diag_add(d, FR_SEV_ERROR, file, NULL, 0, 0, "form",
		    "a form needs id, attachment, title and sections");
		return FR_EFORMAT;
	}
	fm->nsections = (size_t)cJSON_GetArraySize(secs);
	fm->sections = fr_xcalloc(fm->nsections ? fm->nsections : 1,
	    sizeof *fm->sections);
	for (i = 0, sj = secs->child; sj != NULL; sj = sj->next, i++) {
		sec = &fm->sections[i];
		sec->id = jstr(sj, "id");
		label(sj, "title", &sec->title_zh, &sec->title_en);
		sec->repeat = jstr(sj, "repeat");
		base = &s->root;
		if (sec->repeat != NULL) {
			base = fr_schema_lookup(s, sec->repeat);
			if (base == NULL || base->type != FR_T_ARRAY) {
				fr_diag_add(d, FR_SEV_ERROR, file, sec->id, 0, 0,
				    "form", "repeat '%s' is not an array in "
				    "schema.json", sec->repeat);
				return FR_EFORMAT;
			}
			base = base->items;
		}
		fields = cJSON_GetObjectItemCaseSensitive(sj, "fields");
		if (sec->id == NULL || !cJSON_IsArray(fields)) {
			fr_diag_add(d, FR_SEV_ERROR, file, NULL, 0, 0, "form",
			    "a section needs id and fields");
			return FR_EFORMAT;
		}
		sec->nfields = (size_t)cJSON_GetArraySize(fields);
		sec->fields = fr_xcalloc(sec->nfields ? sec->nfields : 1,
		    sizeof *sec->fields);
		for (k = 0, fj = fields->child; fj != NULL; fj = fj->next, k++)
			if (build_field(s, &sec->fields[k], fj, base, file,
			    sec->id, d) != FR_OK) {
				sec->nfields = k + 1;
				return FR_EFORMAT;
			}
	}
	return FR_OK;
}

/*
 * Reads and parses a JSON file of the forms directory, or returns NULL with
 * *rc set and a line in d. Caller frees with cJSON_Delete.
 */
static cJSON *
read_json(const char *path, struct fr_diags *d, int *rc)
{
	char *buf = NULL;
	size_t len;
	cJSON *j;

	if ((*rc = fr_read_file(path, 4u << 20, &buf, &len)) != FR_OK) {
		fr_diag_add(d, FR_SEV_ERROR, path, NULL, 0, 0, "io",
		    "cannot read: %s (is the data directory installed? "
		    "FRFILE_DATADIR overrides it)", fr_strerror(*rc));
		*rc = FR_EIO;
		return NULL;
	}
	j = cJSON_ParseWithLength(buf, len);
	free(buf);
	if (j == NULL) {
		fr_diag_add(d, FR_SEV_ERROR, path, NULL, 0, 0, "schema",
		    "not valid JSON");
		*rc = FR_EFORMAT;
	}
	return j;
}

int
fr_schema_load(const char *dir, struct fr_schema **out, struct fr_diags *d)
{
	static const char *const ids[] = FR_FORM_IDS;
	const size_t nids = sizeof ids / sizeof ids[0];
	struct fr_schema *s = fr_xcalloc(1, sizeof *s);
	const cJSON *enums, *e, *v, *defs;
	char *dd = NULL, *path = NULL;
	size_t i, k;
	int rc = FR_OK;

	*out = NULL;
	if (dir == NULL) {
		dd = fr_datadir();
		dir = path = fr_xasprintf("%s/forms", dd);
		free(dd);
	}
	dd = fr_xasprintf("%s/schema.json", dir);
	if ((s->doc = read_json(dd, d, &rc)) == NULL)
		goto out;
	enums = cJSON_GetObjectItemCaseSensitive(s->doc, "enums");
	s->nenums = (size_t)cJSON_GetArraySize(enums);
	s->enums = fr_xcalloc(s->nenums ? s->nenums : 1, sizeof *s->enums);
	for (i = 0, e = enums ? enums->child : NULL; e; e = e->next, i++) {
		s->enums[i].name = e->string;
		s->enums[i].n = (size_t)cJSON_GetArraySize(e);
		s->enums[i].v = fr_xcalloc(s->enums[i].n ? s->enums[i].n : 1,
		    sizeof *s->enums[i].v);
		for (k = 0, v = e->child; v; v = v->next, k++) {
			s->enums[i].v[k].value = jstr(v, "value");
			s->enums[i].v[k].zh = jstr(v, "zh");
			s->enums[i].v[k].en = jstr(v, "en");
			s->enums[i].v[k].json = v;
			if (s->enums[i].v[k].value == NULL ||
			    s->enums[i].v[k].zh == NULL ||
			    s->enums[i].v[k].en == NULL) {
				fr_diag_add(d, FR_SEV_ERROR, dd, e->string, 0,
				    0, "schema", "enum value needs value, zh "
				    "and en");
				rc = FR_EFORMAT;
				goto out;
			}
		}
	}
	defs = cJSON_GetObjectItemCaseSensitive(s->doc, "defs");
	rc = build_node(&s->root, NULL,
	    cJSON_GetObjectItemCaseSensitive(s->doc, "root"), defs, NULL, dd,
	    d, 0);
	if (rc != FR_OK)
		goto out;
	s->formdocs = fr_xcalloc(nids, sizeof *s->formdocs);
	s->forms = fr_xcalloc(nids, sizeof *s->forms);
	for (i = 0; i < nids; i++) {
		free(dd);
		dd = fr_xasprintf("%s/%s.json", dir, ids[i]);
		if ((s->formdocs[i] = read_json(dd, d, &rc)) == NULL)
			goto out;
		s->nforms = i + 1;
		if ((rc = build_form(s, &s->forms[i], s->formdocs[i], dd, d)) !=
		    FR_OK)
			goto out;
	}
out:
	free(dd);
	free(path);
	if (rc != FR_OK) {
		fr_schema_free(s);
		return rc;
	}
	*out = s;
	return FR_OK;
}

void
fr_schema_free(struct fr_schema *s)
{
	size_t i, k, m;

	if (s == NULL)
		return;
	for (i = 0; i < s->nforms; i++) {
		for (k = 0; k < s->forms[i].nsections; k++) {
			for (m = 0; m < s->forms[i].sections[k].nfields; m++)
				field_release(&s->forms[i].sections[k].fields[m]);
			free(s->forms[i].sections[k].fields);
		}
		free(s->forms[i].sections);
		cJSON_Delete(s->formdocs[i]);
	}
	free(s->forms);
	free(s->formdocs);
	for (i = 0; i < s->nenums; i++)
		free(s->enums[i].v);
	free(s->enums);
	node_release(&s->root);
	cJSON_Delete(s->doc);
	free(s);
}
