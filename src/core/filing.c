/*
 * filing.c — loading a filing description: the strict scan (json_pos.c)
 * first, for positions and the problems cJSON would hide, then cJSON for
 * the tree; the two walk the text in the same order, so the n-th value
 * the scanner saw is the n-th node of a pre-order walk of the tree.
 */
#include "core/filing.h"
#include "core/date.h"
#include "core/fr.h"
#include "core/json_pos.h"

#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct nodepos {
	const cJSON *node;
	struct fr_jpos pos;
};

struct fr_filing {
	char *name;
	cJSON *root;
	struct nodepos *map;	/* sorted by node address */
	size_t n;
};

/*
 * Lists the nodes from node down in pre-order, the scanner's order, into out
 * (at most max of them), counting them all in *i.
 */
static void
collect(const cJSON *node, const cJSON **out, size_t *i, size_t max)
{
	const cJSON *c;

	if (*i < max)
		out[*i] = node;
	(*i)++;
	if (cJSON_IsArray(node) || cJSON_IsObject(node))
		for (c = node->child; c != NULL; c = c->next)
			collect(c, out, i, max);
}

/* Orders the position map by node address, for qsort and bsearch. */
static int
nodepos_cmp(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)((const struct nodepos *)a)->node;
	uintptr_t y = (uintptr_t)((const struct nodepos *)b)->node;

	return x < y ? -1 : x > y;
}

int
fr_filing_parse(const char *name, const char *buf, size_t len,
    struct fr_filing **out, struct fr_diags *d)
{
	struct fr_filing *f = NULL;
	struct fr_jpos *pos = NULL;
	const cJSON **order = NULL;
	size_t n = 0, skip = 0, i, got = 0;
	int rc;

	*out = NULL;
	if ((rc = fr_json_scan(buf, len, name, d, &pos, &n, &skip)) != FR_OK)
		goto out;
	f = fr_xcalloc(1, sizeof *f);
	f->name = fr_xstrdup(name ? name : "-");
	f->root = cJSON_ParseWithLength(buf + skip, len - skip);
	if (f->root == NULL) {
		/* The scanner accepts a subset of what cJSON does. */
		fr_diag_add(d, FR_SEV_ERROR, name, NULL, 0, 0, "json.syntax",
		    "the JSON parser refused the file after the scanner "
		    "accepted it");
		rc = FR_EFORMAT;
		goto out;
	}
	order = fr_xreallocarray(NULL, n ? n : 1, sizeof *order);
	collect(f->root, order, &got, n);
	if (got != n) {
		fr_diag_add(d, FR_SEV_ERROR, name, NULL, 0, 0, "json.syntax",
		    "the JSON parser saw %zu values where the scanner saw %zu",
		    got, n);
		rc = FR_EFORMAT;
		goto out;
	}
	f->map = fr_xreallocarray(NULL, n ? n : 1, sizeof *f->map);
	for (i = 0; i < n; i++) {
		f->map[i].node = order[i];
		f->map[i].pos = pos[i];
	}
	f->n = n;
	qsort(f->map, n, sizeof *f->map, nodepos_cmp);
	*out = f;
	f = NULL;
	rc = FR_OK;
out:
	free(order);
	free(pos);
	fr_filing_free(f);
	return rc;
}

int
fr_filing_load(const char *path, struct fr_filing **out, struct fr_diags *d)
{
	struct stat st;
	char *buf = NULL;
	size_t len = 0;
	int rc;

	*out = NULL;
	/* One byte over the limit is enough to say "too large". */
	rc = fr_read_file(path, FR_JSON_MAX_SIZE + 1, &buf, &len);
	if (rc == FR_ERANGE) {
		fr_diag_add(d, FR_SEV_ERROR, path, NULL, 0, 0, "json.size",
		    "file is larger than the limit of %u bytes (16 MiB)",
		    FR_JSON_MAX_SIZE);
		return FR_EFORMAT;
	}
	if (rc != FR_OK) {
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
			fr_diag_add(d, FR_SEV_ERROR, path, NULL, 0, 0, "io",
			    "cannot read: is a directory, expected a JSON file");
		else
			fr_diag_add(d, FR_SEV_ERROR, path, NULL, 0, 0, "io",
			    "cannot read: %s", rc == FR_ENOENT ?
			    "no such file" : fr_strerror(rc));
		return FR_EIO;
	}
	rc = fr_filing_parse(path, buf, len, out, d);
	free(buf);
	return rc;
}

void
fr_filing_free(struct fr_filing *f)
{
	if (f == NULL)
		return;
	cJSON_Delete(f->root);
	free(f->map);
	free(f->name);
	free(f);
}

const char *
fr_filing_name(const struct fr_filing *f)
{
	return f->name;
}

const struct cJSON *
fr_filing_root(const struct fr_filing *f)
{
	return f->root;
}

/* A member by exact (case-sensitive) name; the first of duplicates. */
static const cJSON *
member(const cJSON *o, const char *key, size_t keylen)
{
	const cJSON *c;

	if (!cJSON_IsObject(o))
		return NULL;
	for (c = o->child; c != NULL; c = c->next)
		if (c->string != NULL && strlen(c->string) == keylen &&
		    memcmp(c->string, key, keylen) == 0)
			return c;
	return NULL;
}

const struct cJSON *
fr_json_at(const struct cJSON *base, const char *path)
{
	const cJSON *n = base;
	const char *p = path;
	char *key = NULL;
	size_t klen, kcap = 0;
	unsigned long long idx;

	while (n != NULL && *p != '\0') {
		if (*p == '.')
			p++;
		if (p[0] == '[' && p[1] == '"') {
			/* ["odd key"], with \" and \\ escaped */
			p += 2;
			klen = 0;
			while (*p != '\0' && *p != '"') {
				if (*p == '\\' && p[1] != '\0')
					p++;
				FR_GROW(key, kcap, klen + 2, 32);
				key[klen++] = *p++;
			}
			if (p[0] != '"' || p[1] != ']') {
				n = NULL;
				break;
			}
			p += 2;
			n = member(n, key ? key : "", klen);
		} else if (*p == '[') {
			p++;
			if (*p < '0' || *p > '9') {
				n = NULL;
				break;
			}
			idx = 0;
			while (*p >= '0' && *p <= '9' && idx < 100000000ULL)
				idx = idx * 10 + (unsigned long long)(*p++ - '0');
			if (*p != ']' || !cJSON_IsArray(n)) {
				n = NULL;
				break;
			}
			p++;
			for (n = n->child; n != NULL && idx > 0; n = n->next)
				idx--;
		} else {
			klen = strcspn(p, ".[");
			if (klen == 0) {
				n = NULL;
				break;
			}
			n = member(n, p, klen);
			p += klen;
		}
	}
	free(key);
	return n;
}

const struct cJSON *
fr_filing_get(const struct fr_filing *f, const char *path)
{
	return fr_json_at(f->root, path);
}

const char *
fr_json_str(const struct cJSON *n)
{
	return cJSON_IsString(n) ? n->valuestring : NULL;
}

/* A JSON boolean as 0/1; FR_ENOENT when absent or null, FR_EINVAL otherwise. */
static int
json_bool(const struct cJSON *n, int *out)
{
	if (n == NULL || cJSON_IsNull(n))
		return FR_ENOENT;
	if (!cJSON_IsBool(n))
		return FR_EINVAL;
	*out = cJSON_IsTrue(n) ? 1 : 0;
	return FR_OK;
}

int
fr_json_int(const struct cJSON *n, long long *out)
{
	double v;

	if (n == NULL || cJSON_IsNull(n))
		return FR_ENOENT;
	if (!cJSON_IsNumber(n))
		return FR_EINVAL;
	v = n->valuedouble;
	/* Whole numbers only, within what a double holds exactly. */
	if (!(v >= -9007199254740992.0 && v <= 9007199254740992.0) ||
	    v != (double)(long long)v)
		return FR_EINVAL;
	*out = (long long)v;
	return FR_OK;
}

int
fr_json_is_empty(const struct cJSON *n)
{
	if (n == NULL || cJSON_IsNull(n))
		return 1;
	if (cJSON_IsString(n))
		return n->valuestring == NULL || n->valuestring[0] == '\0';
	if (cJSON_IsArray(n))
		return n->child == NULL;
	return 0;
}

const char *
fr_filing_str(const struct fr_filing *f, const char *path)
{
	return fr_json_str(fr_filing_get(f, path));
}

int
fr_filing_bool(const struct fr_filing *f, const char *path, int *out)
{
	return json_bool(fr_filing_get(f, path), out);
}

int
fr_filing_int(const struct fr_filing *f, const char *path, long long *out)
{
	return fr_json_int(fr_filing_get(f, path), out);
}

int
fr_filing_date(const struct fr_filing *f, const char *path, int *out)
{
	const cJSON *n = fr_filing_get(f, path);

	if (n == NULL || cJSON_IsNull(n) ||
	    (cJSON_IsString(n) && n->valuestring[0] == '\0'))
		return FR_ENOENT;
	if (!cJSON_IsString(n) || fr_date_parse(n->valuestring, out) != 0)
		return FR_EINVAL;
	return FR_OK;
}

size_t
fr_filing_count(const struct fr_filing *f, const char *path)
{
	const cJSON *n = fr_filing_get(f, path);

	return cJSON_IsArray(n) ? (size_t)cJSON_GetArraySize(n) : 0;
}

/*
 * Where a node of the filing's tree stands in the text, or NULL when it is
 * not one.
 */
static const struct nodepos *
find_pos(const struct fr_filing *f, const cJSON *node)
{
	struct nodepos key;

	if (node == NULL || f->n == 0)
		return NULL;
	key.node = node;
	return bsearch(&key, f->map, f->n, sizeof *f->map, nodepos_cmp);
}

int
fr_filing_node_pos(const struct fr_filing *f, const struct cJSON *node,
    int *line, int *col)
{
	const struct nodepos *p = find_pos(f, node);

	*line = p ? p->pos.line : 0;
	*col = p ? p->pos.col : 0;
	return p ? FR_OK : FR_ENOENT;
}

int
fr_filing_node_key_pos(const struct fr_filing *f, const struct cJSON *node,
    int *line, int *col)
{
	const struct nodepos *p = find_pos(f, node);

	if (p == NULL) {
		*line = *col = 0;
		return FR_ENOENT;
	}
	*line = p->pos.key_line ? p->pos.key_line : p->pos.line;
	*col = p->pos.key_line ? p->pos.key_col : p->pos.col;
	return FR_OK;
}

int
fr_filing_pos(const struct fr_filing *f, const char *path, int *line,
    int *col)
{
	return fr_filing_node_pos(f, fr_filing_get(f, path), line, col);
}
