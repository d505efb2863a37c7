/*
 * pkgfacts.c — facts files for the documents: the stored quantity
 * (de-duplicated by person key where the files carry keys) and a merged
 * facts tree for the forms' "fact" fields (see pkgfacts.h).
 */
#include "render/pkgfacts.h"

#include "core/date.h"
#include "core/factsdoc.h"
#include "core/fr.h"
#include "core/hmac.h"

#include <cjson/cJSON.h>

#include <stdlib.h>
#include <string.h>

void
pkg_sha256_hex(const void *data, size_t len, char out[65])
{
	unsigned char md[FR_SHA256_LEN];

	fr_sha256(data, len, md);
	fr_hex(md, FR_SHA256_LEN, out);
}

void
pkg_facts_init(struct pkg_facts *pf)
{
	memset(pf, 0, sizeof *pf);
}

void
pkg_facts_release(struct pkg_facts *pf)
{
	size_t i;

	for (i = 0; i < pf->nfiles; i++) {
		free(pf->files[i].path);
		free(pf->files[i].device);
		free(pf->files[i].secret_id);
		free(pf->files[i].keys);
		cJSON_Delete(pf->files[i].tree);
	}
	free(pf->files);
	cJSON_Delete(pf->merged);
	memset(pf, 0, sizeof *pf);
}

/* 1 when item is one of the " / "-separated entries of list. */
static int
listed(const char *list, const char *item)
{
	size_t n = strlen(item);
	const char *p = list;

	for (;;) {
		if (strncmp(p, item, n) == 0 && (p[n] == '\0' ||
		    strncmp(p + n, " / ", 3) == 0))
			return 1;
		if ((p = strstr(p, " / ")) == NULL)
			return 0;
		p += 3;
	}
}

/*
 * Merge one file's tree into the merged one: numbers are added, booleans
 * combined (raw_images_stored and other "is there any" facts with OR,
 * "is it in place" facts with AND), differing strings listed once each.
 */
static void
merge(cJSON *into, const cJSON *from)
{
	const cJSON *c;

	cJSON_ArrayForEach(c, from) {
		cJSON *have = cJSON_GetObjectItemCaseSensitive(into, c->string);

		if (c->string == NULL || strcmp(c->string, "keys") == 0 ||
		    strcmp(c->string, "history") == 0)
			continue;
		if (have == NULL) {
			cJSON_AddItemToObject(into, c->string,
			    cJSON_Duplicate(c, 1));
			continue;
		}
		if (cJSON_IsObject(have) && cJSON_IsObject(c))
			merge(have, c);
		else if (cJSON_IsNumber(have) && cJSON_IsNumber(c))
			cJSON_SetNumberValue(have, have->valuedouble +
			    c->valuedouble);
		else if (cJSON_IsBool(have) && cJSON_IsBool(c)) {
			int any = strcmp(c->string, "raw_images_stored") == 0 ||
			    strstr(c->string, "minors") != NULL;
			int v = any ? (cJSON_IsTrue(have) || cJSON_IsTrue(c)) :
			    (cJSON_IsTrue(have) && cJSON_IsTrue(c));

			cJSON_ReplaceItemInObjectCaseSensitive(into, c->string,
			    cJSON_CreateBool(v));
		} else if (cJSON_IsString(have) && cJSON_IsString(c) &&
		    !listed(have->valuestring, c->valuestring)) {
			char *s = fr_xasprintf("%s / %s", have->valuestring,
			    c->valuestring);

			cJSON_ReplaceItemInObjectCaseSensitive(into, c->string,
			    cJSON_CreateString(s));
			free(s);
		}
	}
}

/*
 * Reads and parses one facts file into ff: its size, hash, device, as-of
 * day and the keys of the persons stored on the earlier of that day and
 * today; adds its tree, less keys and history, to *merged. An error code,
 * with a diagnostic, on bad input.
 */
static int
load_one(struct pkg_facts_file *ff, const char *path, int today,
    cJSON **merged, struct fr_diags *d)
{
	struct fr_factsdoc *doc = NULL;
	char *buf = NULL;
	size_t len = 0;
	int rc;

	memset(ff, 0, sizeof *ff);
	ff->path = fr_xstrdup(path);
	if (fr_read_file(path, 256u << 20, &buf, &len) != FR_OK) {
		fr_diag_add(d, FR_SEV_ERROR, path, NULL, 0, 0, "facts.read",
		    "cannot read the facts file");
		return FR_EIO;
	}
	ff->size = (long long)len;
	pkg_sha256_hex(buf, len, ff->sha256);
	rc = fr_factsdoc_parse(buf, len, path, d, &doc);
	free(buf);
	if (rc != FR_OK)
		return rc;
	ff->individuals = doc->individuals;
	ff->as_of = -1;
	{
		const char *a = cJSON_GetStringValue(
		    cJSON_GetObjectItemCaseSensitive(doc->root, "as_of"));
		char day[FR_DATE_LEN];

		if (a == NULL && (a = cJSON_GetStringValue(
		    cJSON_GetObjectItemCaseSensitive(doc->root,
		    "generated_at"))) != NULL && strlen(a) >= 10) {
			memcpy(day, a, 10);
			day[10] = '\0';
			a = day;
		}
		if (a != NULL && fr_date_parse(a, &ff->as_of) != FR_OK)
			ff->as_of = -1;
	}
	if (ff->as_of >= 0 && ff->as_of < today)
		today = ff->as_of;
	if (doc->device != NULL)
		ff->device = fr_xstrdup(doc->device);
	if (doc->secret_id != NULL)
		ff->secret_id = fr_xstrdup(doc->secret_id);
	if (doc->has_keys) {
		ff->keyed = 1;
		ff->nkeys = fr_factsdoc_keys_kept(doc, today, &ff->keys);
	}
	if (*merged == NULL)
		*merged = cJSON_CreateObject();
	/* The keys and the history stay out of the documents. */
	merge(*merged, doc->root);
	ff->tree = cJSON_Duplicate(doc->root, 1);
	cJSON_DeleteItemFromObjectCaseSensitive(ff->tree, "keys");
	cJSON_DeleteItemFromObjectCaseSensitive(ff->tree, "history");
	fr_factsdoc_free(doc);
	return FR_OK;
}

/* Count over a subset of files (sel[i] != 0). */
static long long
count(const struct pkg_facts *pf, const int *sel, enum pkg_count_how *how)
{
	unsigned char (*all)[FR_KEY_LEN];
	size_t n = 0, i, distinct = 0, files = 0, keyed = 0;
	long long sum = 0;

	for (i = 0; i < pf->nfiles; i++) {
		if (!sel[i])
			continue;
		files++;
		if (pf->files[i].keyed) {
			keyed++;
			n += pf->files[i].nkeys;
		} else
			sum += pf->files[i].individuals;
	}
	if (files == 0) {
		*how = PKG_COUNT_NONE;
		return -1;
	}
	if (files == 1) {
		/* One store: its own count is exact. */
		for (i = 0; i < pf->nfiles; i++)
			if (sel[i]) {
				*how = PKG_COUNT_SINGLE;
				return pf->files[i].individuals;
			}
	}
	/*
	 * Each file's keys are sorted and unique: merge them, counting each
	 * key once. Linear in the keys for the few files a document usually
	 * has; many files fall back to one sort of all the keys.
	 */
	if (keyed <= 16) {
		const struct pkg_facts_file *f[16];
		size_t pos[16], nf = 0, k;
		const unsigned char *last = NULL;

		for (i = 0; i < pf->nfiles; i++)
			if (sel[i] && pf->files[i].keyed) {
				f[nf] = &pf->files[i];
				pos[nf++] = 0;
			}
		for (;;) {
			const unsigned char *min = NULL;
			size_t m = 0;

			for (k = 0; k < nf; k++)
				if (pos[k] < f[k]->nkeys && (min == NULL ||
				    memcmp(f[k]->keys[pos[k]], min, FR_KEY_LEN) < 0)) {
					min = f[k]->keys[pos[k]];
					m = k;
				}
			if (min == NULL)
				break;
			pos[m]++;
			if (last == NULL || memcmp(min, last, FR_KEY_LEN) != 0)
				distinct++;
			last = min;
		}
	} else {
		all = fr_xcalloc(n + 1, sizeof *all);
		for (i = 0, n = 0; i < pf->nfiles; i++)
			if (sel[i] && pf->files[i].keyed) {
				memcpy(all[n], pf->files[i].keys,
				    pf->files[i].nkeys * sizeof *all);
				n += pf->files[i].nkeys;
			}
		qsort(all, n, sizeof *all, fr_factskey_cmp);
		for (i = 0; i < n; i++)
			if (i == 0 || fr_factskey_cmp(all[i], all[i - 1]) != 0)
				distinct++;
		free(all);
	}
	*how = keyed == files ? PKG_COUNT_DEDUP : keyed == 0 ? PKG_COUNT_SUM :
	    PKG_COUNT_MIXED;
	return (long long)distinct + sum;
}

int
pkg_facts_load(struct pkg_facts *pf, const char *const *paths, size_t n,
    int today, struct fr_diags *d)
{
	const char *secret = NULL;
	int *sel, rc = FR_OK, r;
	size_t i;

	pf->files = fr_xcalloc(n + 1, sizeof *pf->files);
	pf->as_of = -1;
	for (i = 0; i < n; i++) {
		r = load_one(&pf->files[i], paths[i], today, &pf->merged, d);
		pf->nfiles = i + 1;
		if (r != FR_OK && rc == FR_OK)
			rc = r;
		if (r == FR_OK) {
			int a = pf->files[i].as_of >= 0 &&
			    pf->files[i].as_of < today ? pf->files[i].as_of :
			    today;

			if (pf->as_of < 0 || a < pf->as_of)
				pf->as_of = a;
		}
	}
	if (rc != FR_OK)
		return rc;
	/*
	 * Keys made with different organisation secrets cannot be compared:
	 * the same person would count twice. Refuse rather than guess.
	 */
	for (i = 0; i < n; i++) {
		const char *sid = pf->files[i].secret_id;

		if (!pf->files[i].keyed || sid == NULL)
			continue;
		if (secret == NULL)
			secret = sid;
		else if (strcmp(secret, sid) != 0) {
			fr_diag_add(d, FR_SEV_ERROR, paths[i], "keys.secret_id",
			    0, 0, "facts.secret", "person keys were made with "
			    "another organisation secret than the first keyed "
			    "file's; they cannot be de-duplicated together");
			rc = FR_EINVAL;
		}
	}
	if (rc != FR_OK)
		return rc;
	sel = fr_xcalloc(n + 1, sizeof *sel);
	for (i = 0; i < n; i++)
		sel[i] = 1;
	pf->individuals = n > 0 ? count(pf, sel, &pf->how) : 0;
	if (n == 0)
		pf->how = PKG_COUNT_NONE;
	free(sel);
	if (pf->merged != NULL) {
		cJSON_DeleteItemFromObjectCaseSensitive(pf->merged,
		    "individuals");
		cJSON_AddNumberToObject(pf->merged, "individuals",
		    (double)pf->individuals);
	}
	return FR_OK;
}

long long
pkg_facts_count_devices(const struct pkg_facts *pf,
    const char *const *devices, size_t n, enum pkg_count_how *how)
{
	int *sel = fr_xcalloc(pf->nfiles + 1, sizeof *sel);
	long long c;
	size_t i, k;

	for (i = 0; i < pf->nfiles; i++)
		for (k = 0; k < n; k++)
			if (pf->files[i].device != NULL &&
			    strcmp(pf->files[i].device, devices[k]) == 0)
				sel[i] = 1;
	c = count(pf, sel, how);
	free(sel);
	return c;
}

/* The fact_devices of application app, NULL-terminated (caller frees). */
static const char **
app_devices(const cJSON *filing, int app, size_t *n)
{
	const cJSON *apps = cJSON_GetObjectItemCaseSensitive(filing,
	    "applications");
	const cJSON *devs = cJSON_GetObjectItemCaseSensitive(
	    cJSON_GetArrayItem(apps, app), "fact_devices"), *it;
	const char **v;

	*n = 0;
	v = fr_xcalloc((size_t)cJSON_GetArraySize(devs) + 1, sizeof *v);
	cJSON_ArrayForEach(it, devs)
		if (cJSON_IsString(it) && *it->valuestring != '\0')
			v[(*n)++] = it->valuestring;
	return v;
}

long long
pkg_facts_app(const struct pkg_facts *pf, const cJSON *filing, int app,
    enum pkg_count_how *how)
{
	enum pkg_count_how h = PKG_COUNT_NONE;
	size_t n;
	const char **v = app_devices(filing, app, &n);
	long long q = -1;

	if (n > 0 && pf->nfiles > 0)
		q = pkg_facts_count_devices(pf, v, n, &h);
	free(v);
	if (h == PKG_COUNT_SUM || h == PKG_COUNT_MIXED)
		q = -1;
	if (how != NULL)
		*how = q < 0 ? PKG_COUNT_NONE : h;
	return q;
}

size_t
pkg_facts_unmatched(const struct pkg_facts *pf, const cJSON *filing,
    enum fr_severity sev, struct fr_diags *d)
{
	const cJSON *apps = cJSON_GetObjectItemCaseSensitive(filing,
	    "applications");
	size_t i, k, n, bad = 0;
	int a, napps = cJSON_GetArraySize(apps), named;

	if (pf->nfiles == 0)
		return 0;
	/* A device an application names, with no facts. */
	for (a = 0; a < napps; a++) {
		const char **v = app_devices(filing, a, &n);

		for (k = 0; k < n; k++) {
			for (i = 0; i < pf->nfiles; i++)
				if (pf->files[i].device != NULL &&
				    strcmp(pf->files[i].device, v[k]) == 0)
					break;
			if (i == pf->nfiles) {
				char *path = fr_xasprintf(
				    "applications[%d].fact_devices[%zu]", a, k);

				fr_diag_add(d, sev, NULL, path, 0, 0,
				    "facts.unmatched", "device '%s' has no "
				    "facts: give its facts file, or correct the "
				    "device name", v[k]);
				free(path);
				bad++;
			}
		}
		free(v);
	}
	/* Facts of a device no application names. */
	for (i = 0; i < pf->nfiles; i++) {
		named = 0;
		for (a = 0; a < napps && !named; a++) {
			const char **v = app_devices(filing, a, &n);

			for (k = 0; k < n; k++)
				if (pf->files[i].device != NULL &&
				    strcmp(pf->files[i].device, v[k]) == 0)
					named = 1;
			free(v);
		}
		if (!named) {
			fr_diag_add(d, sev, pf->files[i].path, "device", 0, 0,
			    "facts.unmatched", "device '%s' is named by no "
			    "application's fact_devices: its people still "
			    "count, but no application shows them",
			    pf->files[i].device != NULL ? pf->files[i].device :
			    "(unnamed)");
			bad++;
		}
	}
	return bad;
}
