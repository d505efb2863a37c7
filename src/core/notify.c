/*
 * notify.c — alert messages and signatures for the chat services
 * (notify.h). Building is pure (the time is a parameter); sending is
 * net/fetch.c's fr_http_post.
 */
#include "core/notify.h"
#include "core/fr.h"
#include "core/hmac.h"
#include "core/secret.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

static const char *const names[] = {
	[FR_NOTIFY_JSON] = "json",
	[FR_NOTIFY_DINGTALK] = "dingtalk",
	[FR_NOTIFY_WECOM] = "wecom",
	[FR_NOTIFY_FEISHU] = "feishu",
	[FR_NOTIFY_SLACK] = "slack",
};

int
fr_notify_fmt_parse(const char *s, enum fr_notify_fmt *f)
{
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(s, names[i]) == 0) {
			*f = (enum fr_notify_fmt)i;
			return FR_OK;
		}
	return FR_EINVAL;
}

const char *
fr_notify_fmt_name(enum fr_notify_fmt f)
{
	return (size_t)f < sizeof names / sizeof names[0] ? names[f] : "?";
}

/* Percent-encoding of base64's '+', '/' and '=' for a query string. */
static char *
urlencode_b64(const char *s)
{
	char *out = fr_xmalloc(3 * strlen(s) + 1), *p = out;

	for (; *s != '\0'; s++) {
		if (*s == '+' || *s == '/' || *s == '=') {
			snprintf(p, 4, "%%%02X", (unsigned char)*s);
			p += 3;
		} else
			*p++ = *s;
	}
	*p = '\0';
	return out;
}

/* The HMAC-SHA256 of msg under key, in base64; caller frees. */
static char *
sign_b64(const void *key, size_t keylen, const void *msg, size_t len)
{
	unsigned char mac[FR_SHA256_LEN];

	fr_hmac_sha256(key, keylen, msg, len, mac);
	return fr_base64(mac, sizeof mac);
}

/*
 * "TIMESTAMP\nSECRET": what DingTalk signs and what Feishu keys with;
 * the caller frees it with fr_secret_free.
 */
static char *
ts_secret(long long ts, const char *secret, size_t len, size_t *outlen)
{
	char *head = fr_xasprintf("%lld\n", ts);
	size_t hl = strlen(head);
	char *s = fr_xmalloc(hl + len + 1);

	memcpy(s, head, hl);
	memcpy(s + hl, secret, len);
	s[hl + len] = '\0';
	*outlen = hl + len;
	free(head);
	return s;
}

void
fr_notify_build(enum fr_notify_fmt f, const char *url, const char *secret,
    size_t secretlen, const char *text, const void *extra, long long now_ms,
    char **url_out, char **body_out)
{
	cJSON *o = cJSON_CreateObject(), *t;
	const cJSON *e;
	char *sig, *enc, *sts;
	size_t stslen;

	*url_out = NULL;
	switch (f) {
	case FR_NOTIFY_DINGTALK:
	case FR_NOTIFY_WECOM:
		cJSON_AddStringToObject(o, "msgtype", "text");
		t = cJSON_AddObjectToObject(o, "text");
		cJSON_AddStringToObject(t, "content", text);
		if (f == FR_NOTIFY_DINGTALK && secret != NULL) {
			sts = ts_secret(now_ms, secret, secretlen, &stslen);
			sig = sign_b64(secret, secretlen, sts, stslen);
			enc = urlencode_b64(sig);
			*url_out = fr_xasprintf("%s%ctimestamp=%lld&sign=%s", url,
			    strchr(url, '?') ? '&' : '?', now_ms, enc);
			free(enc);
			free(sig);
			fr_secret_free(sts, stslen);	/* holds the secret */
		}
		break;
	case FR_NOTIFY_FEISHU:
		if (secret != NULL) {
			char ts[32];

			snprintf(ts, sizeof ts, "%lld", now_ms / 1000);
			sts = ts_secret(now_ms / 1000, secret, secretlen, &stslen);
			sig = sign_b64(sts, stslen, "", 0);
			cJSON_AddStringToObject(o, "timestamp", ts);
			cJSON_AddStringToObject(o, "sign", sig);
			free(sig);
			fr_secret_free(sts, stslen);
		}
		cJSON_AddStringToObject(o, "msg_type", "text");
		t = cJSON_AddObjectToObject(o, "content");
		cJSON_AddStringToObject(t, "text", text);
		break;
	case FR_NOTIFY_SLACK:
		cJSON_AddStringToObject(o, "text", text);
		break;
	case FR_NOTIFY_JSON:
		cJSON_AddStringToObject(o, "status", text);
		if (extra != NULL)
			cJSON_ArrayForEach(e, (const cJSON *)extra)
				if (strcmp(e->string, "status") != 0)
					cJSON_AddItemToObject(o, e->string,
					    cJSON_Duplicate(e, 1));
		break;
	}
	if (*url_out == NULL)
		*url_out = fr_xstrdup(url);
	*body_out = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
}

int
fr_notify_reply_ok(enum fr_notify_fmt f, const char *body, char **why)
{
	cJSON *o;
	const cJSON *code, *msg;
	int rc = FR_OK;

	*why = NULL;
	if (f != FR_NOTIFY_DINGTALK && f != FR_NOTIFY_WECOM &&
	    f != FR_NOTIFY_FEISHU)
		return FR_OK;
	if ((o = cJSON_Parse(body)) == NULL)
		return FR_OK;	/* not JSON: the HTTP status said enough */
	if (f == FR_NOTIFY_FEISHU) {
		code = cJSON_GetObjectItemCaseSensitive(o, "code");
		if (code == NULL)
			code = cJSON_GetObjectItemCaseSensitive(o, "StatusCode");
		msg = cJSON_GetObjectItemCaseSensitive(o, "msg");
		if (msg == NULL)
			msg = cJSON_GetObjectItemCaseSensitive(o, "StatusMessage");
	} else {
		code = cJSON_GetObjectItemCaseSensitive(o, "errcode");
		msg = cJSON_GetObjectItemCaseSensitive(o, "errmsg");
	}
	if (cJSON_IsNumber(code) && code->valuedouble != 0) {
		*why = fr_xasprintf("%s refused the message: code %.0f%s%.200s",
		    fr_notify_fmt_name(f), code->valuedouble,
		    cJSON_IsString(msg) ? ": " : "",
		    cJSON_IsString(msg) ? msg->valuestring : "");
		rc = FR_EINVAL;
	}
	cJSON_Delete(o);
	return rc;
}

char *
fr_notify_state_key(const char *url)
{
	unsigned char d[FR_SHA256_LEN];
	char hex[2 * FR_SHA256_LEN + 1];

	/* The URL itself may carry an access token: keep only a hash. */
	fr_sha256(url, strlen(url), d);
	fr_hex(d, sizeof d, hex);
	hex[16] = '\0';
	return fr_xasprintf("notify:%s", hex);
}
