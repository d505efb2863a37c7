/*
 * stored.c — the stored-quantity record (see stored.h).
 */
#include "core/stored.h"

#include <cjson/cJSON.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/filing.h"
#include "core/fr.h"

void
fr_stored_init(struct fr_stored *s)
{
	memset(s, 0, sizeof *s);
	s->from = FR_STORED_NONE;
	s->individuals = -1;
	s->as_of = -1;
	s->crossing = -1;
	s->peak = -1;
}

void
fr_stored_release(struct fr_stored *s)
{
	free(s->source);
	fr_stored_init(s);
}

const char *
fr_stored_from_name(enum fr_stored_from f)
{
	switch (f) {
	case FR_STORED_LEDGER:
		return "ledger";
	case FR_STORED_COUNT:
		return "count";
	case FR_STORED_FACTS:
		return "facts";
	case FR_STORED_NONE:
		break;
	}
	return "none";
}

/*
 * What a recorded count covered, from the ledger's source description:
 * "count: 5 sources: 4 devices, 1 export" (older ledgers say only
 * "count: 5 sources").
 */
static void
cover_parse(const char *s, struct fr_stored_cover *c)
{
	const char *p;
	int n;

	memset(c, 0, sizeof *c);
	if (s == NULL)
		return;
	if (sscanf(s, "count: %d source", &n) == 1 && n > 0)
		c->total = n;
	if ((p = strstr(s, "sources: ")) != NULL ||
	    (p = strstr(s, "source: ")) != NULL) {
		p = strchr(p, ':') + 1;
		if (sscanf(p, " %d device", &n) == 1)
			c->devices = n;
		if ((p = strchr(p, ',')) != NULL &&
		    sscanf(p + 1, " %d export", &n) == 1)
			c->exports = n;
	}
}

int
fr_stored_from_history(struct fr_stored *s, const struct fr_history *h,
    long long threshold, int today, const char *ledger_path)
{
	struct fr_ledger_state st;
	const struct fr_observation *last = NULL;
	size_t i;

	fr_stored_release(s);
	fr_ledger_derive(h, threshold, today, &st);
	for (i = 0; i < h->nobs; i++)
		if (h->obs[i].date <= today)
			last = &h->obs[i];
	if (last == NULL)
		return FR_ENOENT;
	s->from = FR_STORED_LEDGER;
	s->individuals = last->individuals;
	s->as_of = last->date;
	s->complete = !last->partial;
	s->crossing = st.crossed ? st.crossing_date : -1;
	s->reached = st.crossed;
	s->peak = st.max_individuals;
	cover_parse(last->source, &s->cover);
	if (ledger_path != NULL)
		s->source = fr_xstrdup(ledger_path);
	return FR_OK;
}

/* Reports a bad member (path) of the count's JSON; FR_EINVAL for rc. */
static int
bad(struct fr_diags *d, const char *name, const char *path, const char *what)
{
	fr_diag_add(d, FR_SEV_ERROR, name, path, 0, 0, "stored.count",
	    "%s", what);
	return FR_EINVAL;
}

int
fr_stored_from_count_json(struct fr_stored *s, const char *buf, size_t len,
    const char *name, long long threshold, struct fr_diags *d)
{
	const char *end = NULL;
	cJSON *root = cJSON_ParseWithLengthOpts(buf, len, &end, 0), *v, *src;
	const cJSON *it;
	long long peak;
	int rc = FR_OK, day;

	fr_stored_release(s);
	/* Nothing but white space may follow the object. */
	while (root != NULL && end != NULL && end < buf + len &&
	    strchr(" \t\r\n", *end) != NULL && *end != '\0')
		end++;
	if (root != NULL && end != buf + len) {
		cJSON_Delete(root);
		root = NULL;
	}
	if (!cJSON_IsObject(root)) {
		cJSON_Delete(root);
		fr_diag_add(d, FR_SEV_ERROR, name, NULL, 0, 0, "stored.count",
		    "not the JSON of 'frfile count --json' (expected an "
		    "object with individuals, date and complete)");
		return FR_EFORMAT;
	}
	v = cJSON_GetObjectItemCaseSensitive(root, "individuals");
	if (!cJSON_IsNumber(v) || v->valuedouble < 0 ||
	    v->valuedouble > 1e12 || v->valuedouble != (double)(long long)
	    v->valuedouble)
		rc = bad(d, name, "individuals", "expected a whole number of "
		    "individuals");
	else
		s->individuals = (long long)v->valuedouble;
	v = cJSON_GetObjectItemCaseSensitive(root, "date");
	if (!cJSON_IsString(v) || fr_date_parse(v->valuestring, &day) !=
	    FR_OK || day < 0)
		rc = bad(d, name, "date", "expected the count's date "
		    "(YYYY-MM-DD, 1970 or later)");
	else
		s->as_of = day;
	v = cJSON_GetObjectItemCaseSensitive(root, "complete");
	if (!cJSON_IsBool(v))
		rc = bad(d, name, "complete", "expected true or false");
	else
		s->complete = cJSON_IsTrue(v);
	v = cJSON_GetObjectItemCaseSensitive(root, "crossing_date");
	if (cJSON_IsString(v)) {
		if (fr_date_parse(v->valuestring, &day) != FR_OK || day < 0)
			rc = bad(d, name, "crossing_date", "expected a date "
			    "(YYYY-MM-DD, 1970 or later) or null");
		else
			s->crossing = day;
	} else if (v != NULL && !cJSON_IsNull(v))
		rc = bad(d, name, "crossing_date", "expected a date "
		    "(YYYY-MM-DD, 1970 or later) or null");
	v = cJSON_GetObjectItemCaseSensitive(root, "peak_individuals");
	if (v != NULL && !cJSON_IsNull(v)) {
		if (fr_json_int(v, &peak) != FR_OK || peak < 0 ||
		    peak > 1000000000000LL)
			rc = bad(d, name, "peak_individuals", "expected a whole "
			    "number of individuals or null");
		else
			s->peak = peak;
	}
	src = cJSON_GetObjectItemCaseSensitive(root, "sources");
	cJSON_ArrayForEach(it, src) {
		const char *t = cJSON_GetStringValue(
		    cJSON_GetObjectItemCaseSensitive(it, "type"));

		s->cover.total++;
		if (t != NULL && strcmp(t, "facts") == 0)
			s->cover.devices++;
		else
			s->cover.exports++;
	}
	cJSON_Delete(root);
	if (rc != FR_OK) {
		fr_stored_init(s);
		return rc;
	}
	s->from = FR_STORED_COUNT;
	s->reached = s->crossing >= 0 || s->individuals >= threshold ||
	    s->peak >= threshold;
	s->source = fr_xstrdup(name);
	return FR_OK;
}

void
fr_stored_from_facts(struct fr_stored *s, long long individuals,
    int ndevices, int as_of, long long threshold)
{
	fr_stored_release(s);
	s->from = FR_STORED_FACTS;
	s->individuals = individuals;
	s->as_of = as_of;
	s->complete = 1;
	s->reached = individuals >= threshold;
	s->cover.devices = ndevices;
	s->cover.total = ndevices;
}

int
fr_stored_age(const struct fr_stored *s, int day)
{
	if (s->individuals < 0 || s->as_of < 0)
		return -1;
	return day - s->as_of;
}

void *
fr_stored_json(const struct fr_stored *s)
{
	cJSON *o = cJSON_CreateObject(), *c;
	char d[FR_DATE_LEN];

	if (s->individuals >= 0)
		cJSON_AddNumberToObject(o, "individuals",
		    (double)s->individuals);
	else
		cJSON_AddNullToObject(o, "individuals");
	if (s->as_of >= 0)
		cJSON_AddStringToObject(o, "as_of", fr_date_format(s->as_of, d));
	else
		cJSON_AddNullToObject(o, "as_of");
	cJSON_AddStringToObject(o, "from", fr_stored_from_name(s->from));
	cJSON_AddBoolToObject(o, "complete", s->individuals >= 0 &&
	    s->complete);
	if (s->crossing >= 0)
		cJSON_AddStringToObject(o, "crossing_date",
		    fr_date_format(s->crossing, d));
	else
		cJSON_AddNullToObject(o, "crossing_date");
	cJSON_AddBoolToObject(o, "reached", s->reached);
	c = cJSON_AddObjectToObject(o, "sources");
	cJSON_AddNumberToObject(c, "devices", s->cover.devices);
	cJSON_AddNumberToObject(c, "exports", s->cover.exports);
	if (s->cover.total > 0)
		cJSON_AddNumberToObject(c, "total", s->cover.total);
	return o;
}

/* "4台人脸识别设备和1份业务系统导出名单" / "4 devices and 1 export". */
static char *
cover_text(const struct fr_stored_cover *c, int zh)
{
	const char *ds = c->devices == 1 ? "" : "s";
	const char *es = c->exports == 1 ? "" : "s";

	if (c->devices > 0 && c->exports > 0)
		return zh ? fr_xasprintf("%d台人脸识别设备和%d份业务系统导出名单",
		    c->devices, c->exports) : fr_xasprintf("%d facial "
		    "recognition device%s and %d system export%s", c->devices,
		    ds, c->exports, es);
	if (c->devices > 0)
		return zh ? fr_xasprintf("%d台人脸识别设备", c->devices) :
		    fr_xasprintf("%d facial recognition device%s", c->devices,
		    ds);
	if (c->exports > 0)
		return zh ? fr_xasprintf("%d份业务系统导出名单", c->exports) :
		    fr_xasprintf("%d system export%s", c->exports, es);
	if (c->total > 0)
		return zh ? fr_xasprintf("%d个数据来源", c->total) :
		    fr_xasprintf("%d source%s", c->total,
		    c->total == 1 ? "" : "s");
	return NULL;
}

char *
fr_stored_method_text(const struct fr_stored *s, const char *lang)
{
	int zh = strncmp(lang, "zh", 2) == 0;
	char *cov, *t;

	if (s->individuals < 0)
		return fr_xstrdup(zh ? "未统计" : "not counted");
	cov = cover_text(&s->cover, zh);
	if (zh)
		t = fr_xasprintf("对%s中存储的人脸信息按个人去重统计，同一人在多处存储只计一次%s",
		    cov != NULL ? cov : "全部存储", s->complete ? "" :
		    "；部分来源未能统计，数量为下限");
	else
		t = fr_xasprintf("individuals counted over %s, a person "
		    "stored in several places once%s",
		    cov != NULL ? cov : "every store", s->complete ? "" :
		    "; some sources could not be counted, so this is a lower "
		    "bound");
	free(cov);
	return t;
}
