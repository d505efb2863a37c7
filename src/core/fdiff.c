/*
 * fdiff.c — structural diff of two filing descriptions with the
 * substantive/minor classification of forms/changes.json.
 */
#include "core/fdiff.h"
#include "core/fr.h"
#include "core/json_pos.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

enum rule_class { CLASS_SUBSTANTIVE, CLASS_MINOR, CLASS_BAND };

struct change_rule {
	char *pattern;
	enum rule_class cls;
	double *bands;
	size_t nbands;
	char *basis_en, *basis_zh;
};

struct fr_change_rules {
	struct change_rule *v;
	size_t n;
	struct change_rule def;
	struct change_rule stored;	/* "stored_count", a band rule */
	int has_stored;
};

/* Frees what a change rule holds, not the rule itself. */
static void
rule_release(struct change_rule *r)
{
	free(r->pattern);
	free(r->bands);
	free(r->basis_en);
	free(r->basis_zh);
}

void
fr_change_rules_free(struct fr_change_rules *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->n; i++)
		rule_release(&r->v[i]);
	rule_release(&r->def);
	rule_release(&r->stored);
	free(r->v);
	free(r);
}

/*
 * Reads one rule of the change classification from o into *r (where names it
 * in messages); need_path is set for entries of the rules list, which match
 * a path. FR_OK, or FR_EINVAL with each problem in d; what *r holds is then
 * for rule_release.
 */
static int
parse_rule(const cJSON *o, const char *file, const char *where,
    struct change_rule *r, int need_path, struct fr_diags *d)
{
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(o, "path");
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(o, "class");
	const cJSON *en = cJSON_GetObjectItemCaseSensitive(o, "basis_en");
	const cJSON *zh = cJSON_GetObjectItemCaseSensitive(o, "basis_zh");
	const cJSON *b = cJSON_GetObjectItemCaseSensitive(o, "bands"), *e;
	int bad = 0;

	memset(r, 0, sizeof *r);
	if (need_path && !cJSON_IsString(p)) {
		fr_diag_add(d, FR_SEV_ERROR, file, where, 0, 0, NULL,
		    "path is missing, expected a path pattern");
		bad = 1;
	}
	if (!cJSON_IsString(c) || (strcmp(c->valuestring, "substantive") &&
	    strcmp(c->valuestring, "minor") && strcmp(c->valuestring, "band"))) {
		fr_diag_add(d, FR_SEV_ERROR, file, where, 0, 0, NULL,
		    "class must be substantive, minor or band");
		bad = 1;
	}
	if (!cJSON_IsString(en) || !cJSON_IsString(zh)) {
		fr_diag_add(d, FR_SEV_ERROR, file, where, 0, 0, NULL,
		    "basis_en and basis_zh are needed");
		bad = 1;
	}
	if (bad)
		return FR_EINVAL;
	r->pattern = fr_xstrdup(need_path ? p->valuestring : "default");
	r->cls = c->valuestring[0] == 's' ? CLASS_SUBSTANTIVE :
	    c->valuestring[0] == 'm' ? CLASS_MINOR : CLASS_BAND;
	r->basis_en = fr_xstrdup(en->valuestring);
	r->basis_zh = fr_xstrdup(zh->valuestring);
	if (r->cls == CLASS_BAND) {
		if (!cJSON_IsArray(b) || cJSON_GetArraySize(b) < 2) {
			fr_diag_add(d, FR_SEV_ERROR, file, where, 0, 0, NULL,
			    "a band rule needs bands, an ascending list of "
			    "at least two numbers");
			return FR_EINVAL;
		}
		r->bands = fr_xcalloc((size_t)cJSON_GetArraySize(b),
		    sizeof *r->bands);
		cJSON_ArrayForEach(e, b) {
			if (!cJSON_IsNumber(e) || (r->nbands > 0 &&
			    e->valuedouble <= r->bands[r->nbands - 1])) {
				fr_diag_add(d, FR_SEV_ERROR, file, where, 0, 0,
				    NULL, "bands must be ascending numbers");
				return FR_EINVAL;
			}
			r->bands[r->nbands++] = e->valuedouble;
		}
	}
	return FR_OK;
}

int
fr_change_rules_parse(const char *buf, const char *file,
    struct fr_change_rules **out, struct fr_diags *d)
{
	struct fr_change_rules *r = fr_xcalloc(1, sizeof *r);
	cJSON *root = cJSON_Parse(buf);
	const cJSON *rules, *def, *schema, *e;
	int rc = FR_EINVAL;
	size_t i = 0;

	*out = NULL;
	if (root == NULL) {
		fr_diag_add(d, FR_SEV_ERROR, file, NULL, 0, 0, NULL,
		    "not valid JSON");
		goto out;
	}
	schema = cJSON_GetObjectItemCaseSensitive(root, "schema");
	if (!cJSON_IsString(schema) ||
	    strcmp(schema->valuestring, "frfile-changes/1") != 0) {
		fr_diag_add(d, FR_SEV_ERROR, file, "schema", 0, 0, NULL,
		    "expected \"frfile-changes/1\"");
		goto out;
	}
	def = cJSON_GetObjectItemCaseSensitive(root, "default");
	rules = cJSON_GetObjectItemCaseSensitive(root, "rules");
	if (!cJSON_IsObject(def) || !cJSON_IsArray(rules)) {
		fr_diag_add(d, FR_SEV_ERROR, file, NULL, 0, 0, NULL,
		    "expected a default object and a rules array");
		goto out;
	}
	if (parse_rule(def, file, "default", &r->def, 0, d) != FR_OK)
		goto out;
	/*
	 * The stored count is not a field of the filing but of the ledger;
	 * its bands say when a later count changes the filed figure.
	 */
	if ((e = cJSON_GetObjectItemCaseSensitive(root, "stored_count")) !=
	    NULL) {
		if (parse_rule(e, file, "stored_count", &r->stored, 0, d) !=
		    FR_OK)
			goto out;
		if (r->stored.cls != CLASS_BAND) {
			fr_diag_add(d, FR_SEV_ERROR, file, "stored_count", 0, 0,
			    NULL, "class must be band");
			goto out;
		}
		r->has_stored = 1;
	}
	r->v = fr_xcalloc((size_t)cJSON_GetArraySize(rules) + 1, sizeof *r->v);
	cJSON_ArrayForEach(e, rules) {
		char where[32];

		snprintf(where, sizeof where, "rules[%zu]", i++);
		if (parse_rule(e, file, where, &r->v[r->n], 1, d) != FR_OK) {
			rule_release(&r->v[r->n]);
			goto out;
		}
		r->n++;
	}
	*out = r;
	r = NULL;
	rc = FR_OK;
out:
	cJSON_Delete(root);
	fr_change_rules_free(r);
	return rc;
}

int
fr_change_rules_stored_bands(const struct fr_change_rules *r,
    const double **bands, size_t *n, const char **basis_en,
    const char **basis_zh)
{
	if (r == NULL || !r->has_stored)
		return FR_ENOENT;
	*bands = r->stored.bands;
	*n = r->stored.nbands;
	if (basis_en != NULL)
		*basis_en = r->stored.basis_en;
	if (basis_zh != NULL)
		*basis_zh = r->stored.basis_zh;
	return FR_OK;
}

int
fr_change_rules_load(const char *path, struct fr_change_rules **out,
    struct fr_diags *d)
{
	char *buf;
	int rc;

	*out = NULL;
	if ((rc = fr_read_file(path, 1 << 20, &buf, NULL)) != FR_OK) {
		fr_diag_add(d, FR_SEV_ERROR, path, NULL, 0, 0, NULL,
		    "cannot read the change classification: %s",
		    fr_strerror(rc));
		return FR_EIO;
	}
	rc = fr_change_rules_parse(buf, path, out, d);
	free(buf);
	return rc;
}

int
fr_path_match(const char *p, const char *s)
{
	for (; *p != '\0'; p++, s++) {
		if (p[0] == '*' && p[1] == '*') {
			for (;; s++) {
				if (fr_path_match(p + 2, s))
					return 1;
				if (*s == '\0')
					return 0;
			}
		}
		if (*p == '*') {
			for (;; s++) {
				if (fr_path_match(p + 1, s))
					return 1;
				if (*s == '\0' || *s == '.' || *s == '[')
					return 0;
			}
		}
		if (*p != *s)
			return 0;
	}
	return *s == '\0';
}

/* "applications[2].locations[0].x" → "applications[*].locations[*].x" */
static char *
generic_path(const char *path)
{
	char *g = fr_xmalloc(strlen(path) + 1), *o = g;

	while (*path != '\0') {
		if (*path == '[' && path[1] >= '0' && path[1] <= '9') {
			*o++ = '[';
			*o++ = '*';
			while (*path != ']' && *path != '\0')
				path++;
			continue;
		}
		*o++ = *path++;
	}
	*o = '\0';
	return g;
}

/*
 * The rule for a changed path: the first whose pattern matches the path with
 * its indices starred, else the default.
 */
static const struct change_rule *
classify(const struct fr_change_rules *r, const char *path)
{
	char *g = generic_path(path);
	const struct change_rule *hit = &r->def;
	size_t i;

	for (i = 0; i < r->n; i++)
		if (fr_path_match(r->v[i].pattern, g)) {
			hit = &r->v[i];
			break;
		}
	free(g);
	return hit;
}

/* The band of r that holds v: the last i with bands[i] <= v, 0 below all. */
static size_t
band_of(const struct change_rule *r, double v)
{
	size_t i = 0;

	while (i + 1 < r->nbands && v >= r->bands[i + 1])
		i++;
	return i;
}

/* Appends a change classified by r (named rule); takes o and n. */
static void
push(struct fr_changes *c, const struct change_rule *r, const char *rule,
    enum fr_change_kind kind, const char *path, int subst, cJSON *o,
    cJSON *n)
{
	struct fr_change *e;

	FR_GROW(c->v, c->cap, c->n + 1, 16);
	e = &c->v[c->n++];
	e->kind = kind;
	e->path = fr_xstrdup(path);
	e->substantive = subst;
	e->rule = rule;
	e->basis_en = r->basis_en;
	e->basis_zh = r->basis_zh;
	e->old_value = o;
	e->new_value = n;
	c->substantive += subst;
}

/*
 * Records a change at path from o to n (NULL for added or removed), copying
 * both; substantive as its rule says, and for a band rule when the number
 * moves to another band or either side is not a number.
 */
static void
add(struct fr_changes *c, const struct fr_change_rules *rules,
    enum fr_change_kind kind, const char *path, const cJSON *o,
    const cJSON *n)
{
	const struct change_rule *r = classify(rules, path);
	int subst;

	if (r->cls == CLASS_BAND)
		subst = !cJSON_IsNumber(o) || !cJSON_IsNumber(n) ||
		    band_of(r, o->valuedouble) != band_of(r, n->valuedouble);
	else
		subst = r->cls == CLASS_SUBSTANTIVE;
	push(c, r, r->pattern, kind, path, subst,
	    o ? cJSON_Duplicate(o, 1) : NULL, n ? cJSON_Duplicate(n, 1) : NULL);
}

/* The path to member key of path, quoted when key is odd; caller frees. */
static char *
join_key(const char *path, const char *key)
{
	char *buf = NULL;
	size_t len = 0, cap = 0;

	if (*path != '\0') {
		cap = strlen(path) + 1;
		buf = fr_xmalloc(cap);
		memcpy(buf, path, cap);
		len = cap - 1;
	}
	fr_json_path_key(&buf, &len, &cap, key, strlen(key));
	return buf;
}

/* The path to element i of path; caller frees. */
static char *
join_index(const char *path, size_t i)
{
	char *buf = NULL;
	size_t len = strlen(path), cap = len + 1;

	buf = fr_xmalloc(cap);
	memcpy(buf, path, cap);
	fr_json_path_index(&buf, &len, &cap, i);
	return buf;
}

/* Blank values ("", null, absent) are the same thing in a filing. */
static int
blank(const cJSON *v)
{
	return v == NULL || cJSON_IsNull(v) ||
	    (cJSON_IsString(v) && v->valuestring[0] == '\0');
}

/*
 * What identifies an element of a list: its id, else its name, with that
 * key's name in *which; NULL when it has neither or is not an object.
 */
static const char *
identity(const cJSON *o, const char **which)
{
	static const char *keys[] = { "id", "name" };
	const cJSON *k;
	size_t i;

	if (!cJSON_IsObject(o))
		return NULL;
	for (i = 0; i < 2; i++) {
		k = cJSON_GetObjectItemCaseSensitive(o, keys[i]);
		if (cJSON_IsString(k) && k->valuestring[0] != '\0') {
			*which = keys[i];
			return k->valuestring;
		}
	}
	return NULL;
}

/* The element of arr with the same identity as x, or NULL. */
static const cJSON *
find_peer(const cJSON *arr, const cJSON *x, size_t xi, int by_identity)
{
	const char *which = NULL, *id, *w2 = NULL, *id2;
	const cJSON *e;

	if (!by_identity)
		return cJSON_GetArrayItem(arr, (int)xi);
	id = identity(x, &which);
	cJSON_ArrayForEach(e, arr) {
		id2 = identity(e, &w2);
		if (id2 != NULL && strcmp(which, w2) == 0 &&
		    strcmp(id, id2) == 0)
			return e;
	}
	return NULL;
}

/* Whether every element of arr has an id or a name. */
static int
all_identified(const cJSON *arr)
{
	const cJSON *e;
	const char *w;

	cJSON_ArrayForEach(e, arr)
		if (identity(e, &w) == NULL)
			return 0;
	return 1;
}

/* Whether arr holds no objects and no arrays. */
static int
all_scalars(const cJSON *arr)
{
	const cJSON *e;

	cJSON_ArrayForEach(e, arr)
		if (cJSON_IsObject(e) || cJSON_IsArray(e))
			return 0;
	return 1;
}

/* Whether arr holds an element equal to x. */
static int
contains(const cJSON *arr, const cJSON *x)
{
	const cJSON *e;

	cJSON_ArrayForEach(e, arr)
		if (cJSON_Compare(e, x, 1))
			return 1;
	return 0;
}

static void diff_value(const cJSON *, const cJSON *, const char *,
    const struct fr_change_rules *, struct fr_changes *);

/*
 * Records the changes from array o to n at path: a list of scalars compares
 * as a set, elements that all have an id or name are matched by it, others
 * by position.
 */
static void
diff_array(const cJSON *o, const cJSON *n, const char *path,
    const struct fr_change_rules *r, struct fr_changes *c)
{
	const cJSON *e, *peer;
	size_t i;
	int by_id;
	char *p;

	if (all_scalars(o) && all_scalars(n)) {
		/* A list of channels or items: order carries no meaning. */
		int same = cJSON_GetArraySize(o) == cJSON_GetArraySize(n);

		cJSON_ArrayForEach(e, o)
			same = same && contains(n, e);
		if (!same)
			add(c, r, FR_CHANGE_CHANGED, path, o, n);
		return;
	}
	by_id = all_identified(o) && all_identified(n);
	i = 0;
	cJSON_ArrayForEach(e, n) {
		p = join_index(path, i);
		peer = find_peer(o, e, i, by_id);
		if (peer == NULL)
			add(c, r, FR_CHANGE_ADDED, p, NULL, e);
		else
			diff_value(peer, e, p, r, c);
		free(p);
		i++;
	}
	i = 0;
	cJSON_ArrayForEach(e, o) {
		if (find_peer(n, e, i, by_id) == NULL) {
			p = join_index(path, i);
			add(c, r, FR_CHANGE_REMOVED, p, e, NULL);
			free(p);
		}
		i++;
	}
}

/*
 * Records in c every change from o to n below path, classified by r; a blank
 * value counts as absent.
 */
static void
diff_value(const cJSON *o, const cJSON *n, const char *path,
    const struct fr_change_rules *r, struct fr_changes *c)
{
	const cJSON *e, *peer;
	char *p;

	if (blank(o) && blank(n))
		return;
	if (blank(o)) {
		add(c, r, FR_CHANGE_ADDED, path, NULL, n);
		return;
	}
	if (blank(n)) {
		add(c, r, FR_CHANGE_REMOVED, path, o, NULL);
		return;
	}
	if (cJSON_IsObject(o) && cJSON_IsObject(n)) {
		cJSON_ArrayForEach(e, n) {
			p = join_key(path, e->string);
			diff_value(cJSON_GetObjectItemCaseSensitive(o,
			    e->string), e, p, r, c);
			free(p);
		}
		cJSON_ArrayForEach(e, o) {
			peer = cJSON_GetObjectItemCaseSensitive(n, e->string);
			if (peer == NULL && !blank(e)) {
				p = join_key(path, e->string);
				add(c, r, FR_CHANGE_REMOVED, p, e, NULL);
				free(p);
			}
		}
		return;
	}
	if (cJSON_IsArray(o) && cJSON_IsArray(n)) {
		diff_array(o, n, path, r, c);
		return;
	}
	if (!cJSON_Compare(o, n, 1))
		add(c, r, FR_CHANGE_CHANGED, path, o, n);
}

void
fr_changes_init(struct fr_changes *c)
{
	memset(c, 0, sizeof *c);
}

void
fr_changes_release(struct fr_changes *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		free(c->v[i].path);
		cJSON_Delete(c->v[i].old_value);
		cJSON_Delete(c->v[i].new_value);
	}
	free(c->v);
	memset(c, 0, sizeof *c);
}

int
fr_changes_add_stored(struct fr_changes *c, const struct fr_change_rules *r,
    long long filed, long long counted)
{
	if (r == NULL || !r->has_stored)
		return FR_ENOENT;
	push(c, &r->stored, FR_STORED_COUNT_PATH, FR_CHANGE_CHANGED,
	    FR_STORED_COUNT_PATH, band_of(&r->stored, (double)filed) !=
	    band_of(&r->stored, (double)counted),
	    cJSON_CreateNumber((double)filed),
	    cJSON_CreateNumber((double)counted));
	return FR_OK;
}

void
fr_filing_diff(const cJSON *old_root, const cJSON *new_root,
    const struct fr_change_rules *r, struct fr_changes *c)
{
	diff_value(old_root, new_root, "", r, c);
}
