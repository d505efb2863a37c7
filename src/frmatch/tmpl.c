/*
 * tmpl.c — template and import-line parsers (see tmpl.h).
 */
#include "frmatch/tmpl.h"
#include "core/date.h"
#include "core/fr.h"

#include <cjson/cJSON.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/*
 * Denormal elements are refused, and so is a norm that is not a normal
 * float32: scaling such a vector to unit length overflows, and the
 * resulting infinities score NaN or infinity against every probe (a
 * template that would match everyone).
 */
int
fm_tmpl_check(const float *v, size_t dim, struct fm_err *e)
{
	double s = 0, norm;
	size_t i;
	int nonzero = 0;

	for (i = 0; i < dim; i++) {
		if (isnan(v[i])) {
			fm_seterr(e, "element %zu is NaN", i);
			return FR_EINVAL;
		}
		if (isinf(v[i])) {
			fm_seterr(e, "element %zu is infinite", i);
			return FR_EINVAL;
		}
		if (fpclassify(v[i]) == FP_SUBNORMAL) {
			fm_seterr(e, "element %zu is denormal (%g); expected 0 "
			    "or a magnitude of at least %g", i, (double)v[i],
			    (double)FLT_MIN);
			return FR_EINVAL;
		}
		if (v[i] != 0.0f)
			nonzero = 1;
		s += (double)v[i] * v[i];
	}
	if (!nonzero) {
		fm_seterr(e, "the template is all zeros (no direction to "
		    "compare)");
		return FR_EINVAL;
	}
	norm = sqrt(s);
	if (!(norm >= FLT_MIN && norm <= FLT_MAX)) {
		fm_seterr(e, "the template's length %g is not a normal float32 "
		    "(expected %g to %g)", norm, (double)FLT_MIN,
		    (double)FLT_MAX);
		return FR_EINVAL;
	}
	return FR_OK;
}

/* Little-endian float32 regardless of the host's byte order. */
static float
le_float(const unsigned char *p)
{
	uint32_t u = (uint32_t)p[0] | (uint32_t)p[1] << 8 |
	    (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
	float f;

	memcpy(&f, &u, sizeof f);
	return f;
}

/* A JSON array of dim numbers as a checked template; caller frees *out. */
static int
from_json_array(const cJSON *a, size_t dim, float **out, struct fm_err *e)
{
	const cJSON *it;
	float *v;
	size_t i = 0;
	int n = cJSON_GetArraySize(a);

	if ((size_t)n != dim) {
		fm_seterr(e, "template has %d values, the store's dimension "
		    "is %zu", n, dim);
		return FR_EINVAL;
	}
	v = fr_xmalloc(dim * sizeof *v);
	cJSON_ArrayForEach(it, a) {
		if (!cJSON_IsNumber(it)) {
			fm_seterr(e, "element %zu is not a number", i);
			free(v);
			return FR_EINVAL;
		}
		if (!isfinite(it->valuedouble) ||
		    fabs(it->valuedouble) > 3.4e38) {
			fm_seterr(e, "element %zu is not a finite float32", i);
			free(v);
			return FR_EINVAL;
		}
		/* A value that float32 rounds to zero or to a denormal. */
		if (it->valuedouble != 0 && fabs(it->valuedouble) < FLT_MIN) {
			fm_seterr(e, "element %zu (%g) is below the smallest "
			    "normal float32 (%g)", i, it->valuedouble,
			    (double)FLT_MIN);
			free(v);
			return FR_EINVAL;
		}
		v[i++] = (float)it->valuedouble;
	}
	if (fm_tmpl_check(v, dim, e) != FR_OK) {
		free(v);
		return FR_EINVAL;
	}
	*out = v;
	return FR_OK;
}

/* The raw template: dim little-endian float32s, checked; caller frees *out. */
static int
from_raw(const unsigned char *p, size_t len, size_t dim, float **out,
    struct fm_err *e)
{
	float *v;
	size_t i;

	if (len < 4 * dim) {
		fm_seterr(e, "truncated template: %zu bytes, expected %zu "
		    "(%zu little-endian float32 values)", len, 4 * dim, dim);
		return FR_EINVAL;
	}
	/* Too long is not truncated: say by how much. */
	if (len > 4 * dim && len % 4 == 0) {
		fm_seterr(e, "template has %zu float32 values, the store's "
		    "dimension is %zu", len / 4, dim);
		return FR_EINVAL;
	}
	if (len > 4 * dim) {
		fm_seterr(e, "template is %zu bytes, %zu more than the %zu of "
		    "%zu little-endian float32 values", len, len - 4 * dim,
		    4 * dim, dim);
		return FR_EINVAL;
	}
	v = fr_xmalloc(dim * sizeof *v);
	for (i = 0; i < dim; i++)
		v[i] = le_float(p + 4 * i);
	if (fm_tmpl_check(v, dim, e) != FR_OK) {
		free(v);
		return FR_EINVAL;
	}
	*out = v;
	return FR_OK;
}

/* 1 when the n bytes at p are all white space (or n is 0), else 0. */
static int
blank(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\n' &&
		    p[i] != '\r')
			return 0;
	return 1;
}

/*
 * 1 when a JSON text holds the escape \u0000 in a string: cJSON would
 * end the string there, so "A\u0000X" and "A\u0000Y" would both be "A".
 */
static int
has_nul_escape(const char *p, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i++) {
		if (p[i] != '\\')
			continue;
		if (p[i + 1] == 'u' && i + 5 < len &&
		    memcmp(p + i + 2, "0000", 4) == 0)
			return 1;
		i++;	/* skip the escaped character, e.g. the \ of \\ */
	}
	return 0;
}

int
fm_tmpl_parse(const void *buf, size_t len, size_t dim, float **out,
    struct fm_err *e)
{
	const unsigned char *p = buf;
	size_t i = 0;
	cJSON *j;
	int rc;

	*out = NULL;
	if (len == 0) {
		fm_seterr(e, "empty template");
		return FR_EINVAL;
	}
	while (i < len && (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' ||
	    p[i] == '\r'))
		i++;
	if (i < len && p[i] == '[') {
		const char *end = NULL;
		size_t rest;

		j = cJSON_ParseWithLengthOpts((const char *)p, len, &end, 0);
		rest = j != NULL ? len - (size_t)(end - (const char *)p) : 0;
		if (j != NULL && cJSON_IsArray(j) && blank(end, rest)) {
			rc = from_json_array(j, dim, out, e);
			cJSON_Delete(j);
			return rc;
		}
		cJSON_Delete(j);
		/* Raw floats can begin with the byte '[' (0x5b). */
		if (len == 4 * dim)
			return from_raw(p, len, dim, out, e);
		if (j != NULL && rest > 0) {
			fm_seterr(e, "%zu byte%s after the JSON array (at byte "
			    "%zu); expected nothing but white space", rest,
			    rest == 1 ? "" : "s", len - rest);
			return FR_EINVAL;
		}
		fm_seterr(e, "not a JSON array of numbers nor %zu bytes of "
		    "raw float32 (found %zu bytes)", 4 * dim, len);
		return FR_EINVAL;
	}
	return from_raw(p, len, dim, out, e);
}

/* The value of a base64 digit, standard or URL-safe; -1 if none. */
static int
b64val(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+' || c == '-')
		return 62;
	if (c == '/' || c == '_')
		return 63;
	return -1;
}

int
fm_base64_decode(const char *s, size_t len, unsigned char **out,
    size_t *outlen)
{
	unsigned char *buf;
	uint32_t acc = 0;
	size_t i, n = 0;
	int bits = 0, v;

	while (len > 0 && s[len - 1] == '=')
		len--;
	buf = fr_xmalloc(len / 4 * 3 + 3);
	for (i = 0; i < len; i++) {
		if ((v = b64val((unsigned char)s[i])) < 0) {
			free(buf);
			return FR_EINVAL;
		}
		acc = acc << 6 | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			buf[n++] = (unsigned char)(acc >> bits);
		}
	}
	if (bits >= 6) {	/* one stray character: not base64 */
		free(buf);
		return FR_EINVAL;
	}
	*out = buf;
	*outlen = n;
	return FR_OK;
}

void
fm_import_rec_release(struct fm_import_rec *r)
{
	if (r == NULL)
		return;
	free(r->person);
	free(r->tmpl);
	free(r->consent);
	free(r->guardian_consent);
	free(r->device);
	memset(r, 0, sizeof *r);
}

/* A string or null for key k; max bytes. */
static int
opt_text(const cJSON *it, const char *k, size_t max, char **out,
    struct fm_err *e)
{
	if (*out != NULL) {
		fm_seterr(e, "%s: given twice", k);
		return FR_EINVAL;
	}
	if (cJSON_IsNull(it))
		return FR_OK;
	if (!cJSON_IsString(it) || !fm_text_ok(it->valuestring, max)) {
		fm_seterr(e, "%s: expected a string of 1 to %zu printable "
		    "bytes or null", k, max);
		return FR_EINVAL;
	}
	*out = fr_xstrdup(it->valuestring);
	return FR_OK;
}

int
fm_import_parse(const char *line, size_t len, size_t dim,
    struct fm_import_rec *r, struct fm_err *e)
{
	const cJSON *it;
	const char *end = NULL;
	cJSON *j;
	unsigned char *raw = NULL;
	size_t rawlen;
	long long ll;
	int rc = FR_EINVAL, have_tmpl = 0;

	memset(r, 0, sizeof *r);
	r->enrolled = -1;
	r->retention_days = -1;
	if (memchr(line, '\0', len) != NULL) {
		fm_seterr(e, "a NUL byte in the line");
		return FR_EINVAL;
	}
	if (has_nul_escape(line, len)) {
		fm_seterr(e, "a string holds \\u0000 (NUL), which no id, "
		    "reference or label may contain");
		return FR_EINVAL;
	}
	if ((j = cJSON_ParseWithLengthOpts(line, len, &end, 0)) == NULL) {
		fm_seterr(e, "not valid JSON");
		return FR_EINVAL;
	}
	if (!blank(end, len - (size_t)(end - line))) {
		fm_seterr(e, "bytes after the JSON object (at byte %zu); one "
		    "object per line", (size_t)(end - line));
		goto out;
	}
	if (!cJSON_IsObject(j)) {
		fm_seterr(e, "expected a JSON object, one person per line");
		goto out;
	}
	cJSON_ArrayForEach(it, j) {
		const char *k = it->string;
		const cJSON *prev;

		/* JSON allows a key twice; a record must not be ambiguous. */
		for (prev = j->child; prev != it; prev = prev->next)
			if (strcmp(prev->string, k) == 0) {
				fm_seterr(e, "%.40s: given twice", k);
				goto out;
			}
		if (strcmp(k, "person") == 0) {
			if (r->person != NULL || !cJSON_IsString(it) ||
			    !fm_text_ok(it->valuestring, FM_PERSON_MAX)) {
				fm_seterr(e, "person: expected one string of 1 "
				    "to %d printable bytes", FM_PERSON_MAX);
				goto out;
			}
			r->person = fr_xstrdup(it->valuestring);
		} else if (strcmp(k, "template") == 0 ||
		    strcmp(k, "template_b64") == 0) {
			if (have_tmpl++) {
				fm_seterr(e, "give one of template and "
				    "template_b64");
				goto out;
			}
			if (k[8] == '\0') {
				if (!cJSON_IsArray(it)) {
					fm_seterr(e, "template: expected an "
					    "array of numbers");
					goto out;
				}
				if (from_json_array(it, dim, &r->tmpl, e)
				    != FR_OK)
					goto out;
				continue;
			}
			if (!cJSON_IsString(it) ||
			    fm_base64_decode(it->valuestring,
			    strlen(it->valuestring), &raw, &rawlen) != FR_OK) {
				fm_seterr(e, "template_b64: expected base64 of "
				    "raw little-endian float32");
				goto out;
			}
			if (from_raw(raw, rawlen, dim, &r->tmpl, e) != FR_OK)
				goto out;
		} else if (strcmp(k, "enrolled") == 0) {
			if (!cJSON_IsString(it) ||
			    fr_date_parse(it->valuestring, &r->enrolled)
			    != FR_OK) {
				fm_seterr(e, "enrolled: expected a date "
				    "YYYY-MM-DD");
				goto out;
			}
		} else if (strcmp(k, "consent") == 0) {
			if (opt_text(it, k, FM_REF_MAX, &r->consent, e) != 0)
				goto out;
		} else if (strcmp(k, "guardian_consent") == 0) {
			if (opt_text(it, k, FM_REF_MAX, &r->guardian_consent,
			    e) != 0)
				goto out;
		} else if (strcmp(k, "device") == 0) {
			if (opt_text(it, k, FM_REF_MAX, &r->device, e) != 0)
				goto out;
		} else if (strcmp(k, "minor") == 0) {
			if (!cJSON_IsBool(it)) {
				fm_seterr(e, "minor: expected true or false");
				goto out;
			}
			r->minor = cJSON_IsTrue(it);
		} else if (strcmp(k, "retention_days") == 0) {
			if (!cJSON_IsNumber(it) || !(it->valuedouble >= 1 &&
			    it->valuedouble <= FM_RETENTION_MAX) ||
			    it->valuedouble != floor(it->valuedouble)) {
				fm_seterr(e, "retention_days: expected a whole "
				    "number from 1 to %d", FM_RETENTION_MAX);
				goto out;
			}
			ll = (long long)it->valuedouble;
			r->retention_days = (int)ll;
		} else {
			fm_seterr(e, "unknown key \"%.40s\"", k);
			goto out;
		}
	}
	if (r->person == NULL) {
		fm_seterr(e, "person: missing");
		goto out;
	}
	if (!have_tmpl) {
		fm_seterr(e, "template: missing (give template or "
		    "template_b64)");
		goto out;
	}
	rc = FR_OK;
out:
	free(raw);
	cJSON_Delete(j);
	if (rc != FR_OK)
		fm_import_rec_release(r);
	return rc;
}
