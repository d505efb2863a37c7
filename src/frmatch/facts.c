/*
 * facts.c — the facts document (docs/facts.md, schema frmatch-facts/1).
 *
 * Every statement in "protection" is checked, not assumed: the file modes
 * are read from disk, the audit chain is verified on the spot, and the
 * encryption is the one the store was opened with. frfile's count and
 * Article 14 checks rely on these facts.
 */
#include "frmatch/facts.h"
#include "frmatch/crypto.h"
#include "core/date.h"
#include "core/factsdoc.h"
#include "core/hmac.h"
#include "core/fr.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct keyrow {
	char key[2 * FM_HASH_LEN + 1];
	int from, until;
};

struct keyacc {
	struct fr_hmac *k;
	struct keyrow *v;
	size_t n, cap;
};

/*
 * Persons walk: adds the person's key under the organisation secret, with
 * the enrolment and deletion days. Returns 0 to go on.
 */
static int
key_cb(const char *person, int from, int until, void *arg)
{
	struct keyacc *a = arg;
	unsigned char h[FM_HASH_LEN];

	if (a->n == a->cap) {
		a->cap = a->cap ? 2 * a->cap : 1024;
		a->v = fr_xreallocarray(a->v, a->cap, sizeof *a->v);
	}
	fr_person_key(a->k, person, strlen(person), h);
	fr_hex(h, sizeof h, a->v[a->n].key);
	a->v[a->n].from = from;
	a->v[a->n].until = until;
	a->n++;
	return 0;
}

/* Sorted by key: the order then says nothing about enrolment order. */
static int
keyrow_cmp(const void *x, const void *y)
{
	const struct keyrow *a = x, *b = y;
	int c = strcmp(a->key, b->key);

	if (c != 0)
		return c;
	return (a->from > b->from) - (a->from < b->from);
}

/* Adds date d under k in o, or null when d is negative (none). */
static void
add_date(cJSON *o, const char *k, int d)
{
	char buf[FR_DATE_LEN];

	if (d < 0)
		cJSON_AddNullToObject(o, k);
	else
		cJSON_AddStringToObject(o, k, fr_date_format(d, buf));
}

/* A file mode as four octal digits, e.g. "0600"; caller frees. */
static char *
mode_str(unsigned m)
{
	return fr_xasprintf("%04o", m);
}

/*
 * generated_at: reproducible documents when the build or test asks for
 * it; a --today other than the clock's day pins the time to that day's
 * start, so the facts never claim a later day than they describe.
 */
static void
generated_at(int today, char now[32])
{
	time_t t = time(NULL);
	const char *sde;
	long long v;

	if ((sde = getenv("SOURCE_DATE_EPOCH")) != NULL &&
	    fr_parse_ll(sde, 0, 253402300799LL, &v) == FR_OK)
		t = (time_t)v;
	else if (fr_date_from_time(t) != today)
		t = (time_t)today * 86400 - 8 * 3600;
	fr_time_iso_cst(t, now);
}

/* "protection": what the store does for Art. 14, as frfile's rules read it. */
static void
add_protection(cJSON *doc, const struct fm_store_info *in,
    const struct fm_facts_opts *o, const struct fm_audit_check *ck,
    unsigned smode, unsigned kmode)
{
	cJSON *p, *x;
	char *m1, *m2;

	p = cJSON_AddObjectToObject(doc, "protection");
	x = cJSON_AddObjectToObject(p, "encryption");
	cJSON_AddStringToObject(x, "algorithm", "AES-256-GCM");
	cJSON_AddStringToObject(x, "scope", "templates and person ids");
	m2 = mode_str(kmode);
	m1 = fr_xasprintf("separate key file, mode %s", m2);
	cJSON_AddStringToObject(x, "key_storage", m1);
	free(m1);
	cJSON_AddStringToObject(x, "nonce", "random 96-bit per record");
	cJSON_AddStringToObject(x, "record_binding",
	    "store id and row bound as associated data");
	cJSON_AddStringToObject(x, "person_lookup",
	    "HMAC-SHA256 under a key derived from the store key");
	x = cJSON_AddObjectToObject(p, "access_control");
	m1 = mode_str(smode);
	cJSON_AddStringToObject(x, "store_file_mode", m1);
	cJSON_AddStringToObject(x, "key_file_mode", m2);
	cJSON_AddBoolToObject(x, "key_file_private", (kmode & 077) == 0);
	cJSON_AddBoolToObject(x, "store_file_private", (smode & 077) == 0);
	cJSON_AddStringToObject(x, "enforcement",
	    "key files that are symbolic links, owned by another user or "
	    "readable by group or others are refused");
	free(m1);
	free(m2);
	x = cJSON_AddObjectToObject(p, "authorization_management");
	cJSON_AddStringToObject(x, "operator_identification",
	    "every operation records its operator in the audit log");
	cJSON_AddStringToObject(x, "facts_service",
	    o->serving ? "bearer token, constant-time comparison" :
	    "not running");
	x = cJSON_AddObjectToObject(p, "audit_log");
	cJSON_AddBoolToObject(x, "enabled", 1);
	cJSON_AddNumberToObject(x, "entries", (double)ck->entries);
	/* The head and count let frfile's ledger see a store rolled back
	 * as a whole, which nothing inside the file can show. */
	cJSON_AddStringToObject(x, "head", ck->head);
	cJSON_AddBoolToObject(x, "chain_verified", ck->verified);
	cJSON_AddStringToObject(x, "chain",
	    "SHA-256 hash chain with a keyed head");
	if (!ck->verified)
		cJSON_AddStringToObject(x, "problem", ck->problem);
	cJSON_AddStringToObject(x, "person_ids", "keyed hashes only");
	x = cJSON_AddObjectToObject(p, "intrusion_detection");
	cJSON_AddStringToObject(x, "record_tampering",
	    "GCM authentication of every record and an HMAC over every "
	    "person row's clear columns, on every read");
	cJSON_AddStringToObject(x, "audit_tampering",
	    "hash chain verified when facts are generated");
	x = cJSON_AddObjectToObject(p, "intrusion_prevention");
	cJSON_AddStringToObject(x, "network_exposure", o->serving ?
	    "GET /facts only (no enrolment or matching over the network)" :
	    "none");
	if (o->serving)
		cJSON_AddStringToObject(x, "listen", o->serving);
	cJSON_AddStringToObject(x, "deletion",
	    "freed pages overwritten (secure_delete) and vacuumed");
	cJSON_AddStringToObject(p, "external_transmission", "none");
	x = cJSON_AddObjectToObject(p, "retention");
	cJSON_AddStringToObject(x, "policy", "each person carries a deadline "
	    "(enrolment date plus retention days); purge deletes on or after "
	    "it; consent withdrawal deletes at once");
	cJSON_AddNumberToObject(x, "default_days", in->retention_days);
}

int
fm_facts_build(struct fm_store *s, const struct fm_facts_opts *o, void **out,
    struct fm_err *e)
{
	const struct fm_store_info *in = fm_store_info(s);
	struct fm_stats st;
	struct fm_audit_check ck;
	struct fm_day_count *hist = NULL;
	struct keyacc ka = { NULL, NULL, 0, 0 };
	cJSON *doc, *h, *keys, *arr;
	char now[32], buf[FR_DATE_LEN];
	unsigned smode = 0, kmode = 0;
	size_t nh = 0, i;
	int rc, today = fr_date_today();

	if ((rc = fm_store_stats(s, today, &st, e)) != FR_OK ||
	    (rc = fm_store_history(s, &hist, &nh, e)) != FR_OK ||
	    (rc = fm_store_audit_walk(s, NULL, NULL, &ck, e)) != FR_OK)
		goto fail;
	if (o->org_secret != NULL) {
		ka.k = fr_hmac_new(o->org_secret, o->org_secret_len);
		if ((rc = fm_store_persons(s, key_cb, &ka, e)) != FR_OK)
			goto fail;
		qsort(ka.v, ka.n, sizeof *ka.v, keyrow_cmp);
	}
	fm_store_modes(s, &smode, &kmode);
	generated_at(today, now);

	doc = cJSON_CreateObject();
	cJSON_AddStringToObject(doc, "schema", FR_FACTS_SCHEMA);
	cJSON_AddStringToObject(doc, "store_id", in->store_id);
	cJSON_AddStringToObject(doc, "device", in->device);
	cJSON_AddStringToObject(doc, "generated_at", now);
	cJSON_AddStringToObject(doc, "as_of", fr_date_format(today, buf));
	cJSON_AddNumberToObject(doc, "store_schema_version", in->schema);
	cJSON_AddNumberToObject(doc, "dimension", in->dim);
	cJSON_AddNumberToObject(doc, "individuals", (double)st.individuals);
	cJSON_AddNumberToObject(doc, "templates", (double)st.templates);
	cJSON_AddNumberToObject(doc, "minors_under_14", (double)st.minors);
	cJSON_AddNumberToObject(doc, "minors_without_guardian_consent",
	    (double)st.minors_no_guardian);
	cJSON_AddNumberToObject(doc, "without_consent_reference",
	    (double)st.without_consent);
	add_date(doc, "oldest_enrolment", st.oldest);
	add_date(doc, "newest_enrolment", st.newest);
	cJSON_AddNumberToObject(doc, "expired_pending_purge",
	    (double)st.expired);
	cJSON_AddNumberToObject(doc, "deleted_on_withdrawal",
	    (double)st.withdrawn);
	cJSON_AddNumberToObject(doc, "deleted_on_retention", (double)st.purged);
	cJSON_AddBoolToObject(doc, "raw_images_stored", 0);
	arr = cJSON_AddArrayToObject(doc, "history");
	for (i = 0; i < nh; i++) {
		h = cJSON_CreateObject();
		cJSON_AddStringToObject(h, "date",
		    fr_date_format(hist[i].date, buf));
		cJSON_AddNumberToObject(h, "individuals",
		    (double)hist[i].individuals);
		cJSON_AddItemToArray(arr, h);
	}

	add_protection(doc, in, o, &ck, smode, kmode);

	if (o->org_secret != NULL) {
		char sid[17];

		keys = cJSON_AddObjectToObject(doc, "keys");
		cJSON_AddStringToObject(keys, "algorithm", "HMAC-SHA256");
		fr_secret_id(o->org_secret, o->org_secret_len, sid);
		cJSON_AddStringToObject(keys, "secret_id", sid);
		arr = cJSON_AddArrayToObject(keys, "persons");
		for (i = 0; i < ka.n; i++) {
			h = cJSON_CreateObject();
			cJSON_AddStringToObject(h, "key", ka.v[i].key);
			add_date(h, "from", ka.v[i].from);
			add_date(h, "until", ka.v[i].until);
			cJSON_AddItemToArray(arr, h);
		}
	}
	*out = doc;
	rc = FR_OK;
fail:
	free(hist);
	free(ka.v);
	fr_hmac_free(ka.k);
	return rc;
}
