/*
 * notify.h — chat and webhook alerts for `frfile check --notify`: each
 * service's own message format and, where it has one, its signing scheme.
 *
 *   dingtalk  {"msgtype":"text","text":{"content":…}}; with a secret the
 *             URL gets &timestamp=MS&sign=S, S = urlencode(base64(
 *             HMAC-SHA256(key = secret, msg = MS "\n" secret))), MS the
 *             time in milliseconds.
 *   feishu    {"msg_type":"text","content":{"text":…}}; with a secret the
 *             body gets "timestamp" (seconds, a string) and "sign" =
 *             base64(HMAC-SHA256(key = T "\n" secret, msg = empty)): the
 *             string DingTalk signs is Feishu's key.
 *   wecom     {"msgtype":"text","text":{"content":…}} (the key is in the URL)
 *   slack     {"text":…} (incoming webhook)
 *   json      {"state":…,"exit_code":…,"status":…} plus the check's fields
 *
 * Ownership: strings in are borrowed; *url and *body out are the caller's.
 */
#ifndef FR_NOTIFY_H
#define FR_NOTIFY_H

#include <stddef.h>

enum fr_notify_fmt {
	FR_NOTIFY_JSON,
	FR_NOTIFY_DINGTALK,
	FR_NOTIFY_WECOM,
	FR_NOTIFY_FEISHU,
	FR_NOTIFY_SLACK,
};

int fr_notify_fmt_parse(const char *, enum fr_notify_fmt *);	/* FR_EINVAL */
const char *fr_notify_fmt_name(enum fr_notify_fmt);

/*
 * The request to send. text is the status line; extra (a cJSON object,
 * void * to keep cJSON out of this header, may be NULL) is merged into
 * the json format's body. now_ms is the current Unix time in
 * milliseconds (a parameter so tests can pin it). secret may be NULL.
 */
void fr_notify_build(enum fr_notify_fmt, const char *url, const char *secret,
    size_t secretlen, const char *text, const void *extra, long long now_ms,
    char **url_out, char **body_out);

/*
 * The services answer 200 even when they refuse a message and say so in
 * the body (DingTalk and WeCom "errcode", Feishu "code"): FR_OK, or
 * FR_EINVAL with a one-line *why the caller frees.
 */
int fr_notify_reply_ok(enum fr_notify_fmt, const char *body, char **why);

/* The state key for the ledger: "notify:" and 16 hex digits of the URL's hash. */
char *fr_notify_state_key(const char *url);

#endif
