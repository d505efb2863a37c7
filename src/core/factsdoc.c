/*
 * factsdoc.c — the facts document reader used by count, render and
 * assess (factsdoc.h). Readers refuse a schema they do not know
 * (docs/facts.md): counting from a document whose meaning may have
 * changed would be a silent undercount. The checks are the same for
 * every reader so that a facts file one command accepts, the others do.
 */
#include "core/factsdoc.h"
#include "core/date.h"
#include "core/fr.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A copy of the string member k of o, or NULL; caller frees. */
static char *
opt_string(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	return cJSON_IsString(v) ? fr_xstrdup(v->valuestring) : NULL;
}

/*
 * Reads keys.persons (a key, from and until dates each) into f; at the first
 * bad entry, one diagnostic and FR_EINVAL.
 */
static int
parse_persons(const cJSON *arr, const char *name, struct fr_diags *d,
    struct fr_factsdoc *f)
{
	const cJSON *p, *v;
	size_t i = 0, n = (size_t)cJSON_GetArraySize(arr);
	char path[64];
	struct fr_factskey *k;

	f->persons = fr_xcalloc(n ? n : 1, sizeof *f->persons);
	cJSON_ArrayForEach(p, arr) {
		k = &f->persons[i];
		snprintf(path, sizeof path, "keys.persons[%zu]", i);
		if (!cJSON_IsObject(p)) {
			fr_diag_add(d, FR_SEV_ERROR, name, path, 0, 0, "facts.type",
			    "expected an object");
			return FR_EINVAL;
		}
		v = cJSON_GetObjectItemCaseSensitive(p, "key");
		if (!cJSON_IsString(v) ||
		    fr_unhex(v->valuestring, FR_KEY_LEN, k->key) != FR_OK) {
			fr_diag_add(d, FR_SEV_ERROR, name, path, 0, 0, "facts.key",
			    "key: expected 64 hex digits");
			return FR_EINVAL;
		}
		v = cJSON_GetObjectItemCaseSensitive(p, "from");
		if (!cJSON_IsString(v) ||
		    fr_date_parse(v->valuestring, &k->from) != FR_OK) {
			fr_diag_add(d, FR_SEV_ERROR, name, path, 0, 0, "facts.date",
			    "from: expected a date YYYY-MM-DD");
			return FR_EINVAL;
		}
		v = cJSON_GetObjectItemCaseSensitive(p, "until");
		if (v == NULL || cJSON_IsNull(v))
			k->until = FR_DATE_OPEN;
		else if (!cJSON_IsString(v) ||
		    fr_date_parse(v->valuestring, &k->until) != FR_OK) {
			fr_diag_add(d, FR_SEV_ERROR, name, path, 0, 0, "facts.date",
			    "until: expected a date YYYY-MM-DD or null");
			return FR_EINVAL;
		} else if (k->until <= k->from) {
			fr_diag_add(d, FR_SEV_ERROR, name, path, 0, 0, "facts.date",
			    "until: must be after from");
			return FR_EINVAL;
		}
		i++;
	}
	f->npersons = i;
	return FR_OK;
}

int
fr_factsdoc_parse(const char *buf, size_t len, const char *name,
    struct fr_diags *d, struct fr_factsdoc **out)
{
	cJSON *root = NULL;
	const cJSON *v, *keys;
	const char *end = NULL;
	struct fr_factsdoc *f = NULL;
	int rc = FR_EINVAL;

	*out = NULL;
	root = cJSON_ParseWithLengthOpts(buf, len, &end, 0);
	if (root == NULL) {
		fr_diag_add(d, FR_SEV_ERROR, name, NULL, 0, 0, "facts.json",
		    "not valid JSON near byte %ld",
		    end != NULL ? (long)(end - buf) : 0L);
		rc = FR_EFORMAT;
		goto out;
	}
	if (!cJSON_IsObject(root)) {
		fr_diag_add(d, FR_SEV_ERROR, name, NULL, 0, 0, "facts.json",
		    "expected a JSON object");
		rc = FR_EFORMAT;
		goto out;
	}
	v = cJSON_GetObjectItemCaseSensitive(root, "schema");
	if (!cJSON_IsString(v)) {
		fr_diag_add(d, FR_SEV_ERROR, name, "schema", 0, 0, "facts.schema",
		    "missing; expected \"%s\"", FR_FACTS_SCHEMA);
		rc = FR_EFORMAT;
		goto out;
	}
	if (strcmp(v->valuestring, FR_FACTS_SCHEMA) != 0) {
		fr_diag_add(d, FR_SEV_ERROR, name, "schema", 0, 0, "facts.schema",
		    "unknown schema '%.64s', expected \"%s\"", v->valuestring,
		    FR_FACTS_SCHEMA);
		rc = FR_EFORMAT;
		goto out;
	}
	f = fr_xcalloc(1, sizeof *f);
	f->store_id = opt_string(root, "store_id");
	f->device = opt_string(root, "device");
	v = cJSON_GetObjectItemCaseSensitive(root, "individuals");
	if (!cJSON_IsNumber(v) || v->valuedouble < 0 ||
	    v->valuedouble != floor(v->valuedouble) || v->valuedouble > 1e15) {
		fr_diag_add(d, FR_SEV_ERROR, name, "individuals", 0, 0,
		    "facts.type", "expected a whole number of persons");
		goto out;
	}
	f->individuals = (long long)v->valuedouble;
	keys = cJSON_GetObjectItemCaseSensitive(root, "keys");
	if (keys != NULL && !cJSON_IsNull(keys)) {
		if (!cJSON_IsObject(keys)) {
			fr_diag_add(d, FR_SEV_ERROR, name, "keys", 0, 0,
			    "facts.type", "expected an object");
			goto out;
		}
		v = cJSON_GetObjectItemCaseSensitive(keys, "algorithm");
		if (!cJSON_IsString(v) || strcmp(v->valuestring, "HMAC-SHA256")) {
			fr_diag_add(d, FR_SEV_ERROR, name, "keys.algorithm", 0, 0,
			    "facts.keys", "expected \"HMAC-SHA256\"");
			goto out;
		}
		f->secret_id = opt_string(keys, "secret_id");
		v = cJSON_GetObjectItemCaseSensitive(keys, "persons");
		if (!cJSON_IsArray(v)) {
			fr_diag_add(d, FR_SEV_ERROR, name, "keys.persons", 0, 0,
			    "facts.type", "expected an array");
			goto out;
		}
		if ((rc = parse_persons(v, name, d, f)) != FR_OK)
			goto out;
		f->has_keys = 1;
	}
	rc = FR_OK;
	f->root = root;
	root = NULL;
	*out = f;
	f = NULL;
out:
	fr_factsdoc_free(f);
	cJSON_Delete(root);
	return rc;
}

void
fr_factsdoc_free(struct fr_factsdoc *f)
{
	if (f == NULL)
		return;
	free(f->store_id);
	free(f->device);
	free(f->secret_id);
	free(f->persons);
	cJSON_Delete(f->root);
	free(f);
}

int
fr_factskey_cmp(const void *a, const void *b)
{
	return memcmp(a, b, FR_KEY_LEN);
}

size_t
fr_factsdoc_keys_kept(const struct fr_factsdoc *f, int day,
    unsigned char (**out)[FR_KEY_LEN])
{
	unsigned char (*k)[FR_KEY_LEN];
	size_t i, n = 0, w;

	k = fr_xcalloc(f->npersons ? f->npersons : 1, sizeof *k);
	for (i = 0; i < f->npersons; i++)
		/*
		 * Stored on from <= day < until (docs/facts.md): enrolled by
		 * then, and not yet deleted (until FR_DATE_OPEN: never).
		 */
		if (f->persons[i].from <= day && f->persons[i].until > day)
			memcpy(k[n++], f->persons[i].key, FR_KEY_LEN);
	qsort(k, n, sizeof *k, fr_factskey_cmp);
	for (i = w = 0; i < n; i++)
		if (w == 0 || memcmp(k[i], k[w - 1], FR_KEY_LEN) != 0)
			memmove(k[w++], k[i], FR_KEY_LEN);
	*out = k;
	return w;
}

int
fr_factsdoc_audit(const struct fr_factsdoc *f, char head[65],
    long long *entries)
{
	const cJSON *a, *h, *n;
	size_t i;

	head[0] = '\0';
	*entries = -1;
	a = cJSON_GetObjectItemCaseSensitive(f->root, "protection");
	a = cJSON_GetObjectItemCaseSensitive(a, "audit_log");
	h = cJSON_GetObjectItemCaseSensitive(a, "head");
	n = cJSON_GetObjectItemCaseSensitive(a, "entries");
	if (h == NULL)
		return FR_ENOENT;
	if (!cJSON_IsString(h) || strlen(h->valuestring) != 64 ||
	    !cJSON_IsNumber(n) || n->valuedouble < 0 ||
	    n->valuedouble > 9007199254740992.0 ||
	    n->valuedouble != (double)(long long)n->valuedouble)
		return FR_EINVAL;
	for (i = 0; i < 64; i++) {
		char c = h->valuestring[i];

		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
		    (c >= 'A' && c <= 'F')))
			return FR_EINVAL;
		head[i] = (char)(c >= 'A' && c <= 'F' ? c - 'A' + 'a' : c);
	}
	head[64] = '\0';
	*entries = (long long)n->valuedouble;
	return FR_OK;
}
