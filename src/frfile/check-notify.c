/*
 * check-notify.c — alerts for `frfile check` (check-notify.h). The
 * message formats and signatures are core/notify.c; the POST is
 * net/fetch.c. The ledger remembers the last state sent per webhook under
 * a hash of its URL (URLs carry access tokens: they are never stored).
 */
#include "cli/cli.h"
#include "core/date.h"
#include "core/fr.h"
#include "core/notify.h"
#include "core/secret.h"
#include "frfile/check-notify.h"
#include "net/fetch.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

int
frf_notify_option(struct frf_notify *n, int c, const char *arg)
{
	enum fr_notify_fmt f;

	switch (c) {
	case FRF_OPT_NOTIFY:
		n->url = arg;
		return 1;
	case FRF_OPT_NOTIFY_FILE:
		n->file = arg;
		return 1;
	case FRF_OPT_NOTIFY_LANG:
		if (strcmp(arg, "zh") != 0 && strcmp(arg, "en") != 0) {
			cli_usage_error("--notify-lang: '%s' is not zh or en",
			    arg);
			return -1;
		}
		n->lang = arg;
		return 1;
	case FRF_OPT_NOTIFY_FORMAT:
		if (fr_notify_fmt_parse(arg, &f) != FR_OK) {
			cli_usage_error("--notify-format: '%s' is not one of "
			    "dingtalk, wecom, feishu, slack, json", arg);
			return -1;
		}
		n->format = arg;
		return 1;
	case FRF_OPT_SECRET_FILE:
		n->secret_file = arg;
		return 1;
	case FRF_OPT_NOTIFY_CA:
		n->ca_file = arg;
		return 1;
	}
	return 0;
}

void
frf_notify_release(struct frf_notify *n)
{
	if (n->owned != NULL)
		fr_secret_free(n->owned, strlen(n->owned));
	n->owned = NULL;
}

int
frf_notify_ready(struct frf_notify *n)
{
	enum fr_notify_fmt f = FR_NOTIFY_JSON;
	const char *env = getenv("FRFILE_NOTIFY_URL"), *from = "--notify";
	char *err = NULL;
	size_t len = 0;

	if (n->url != NULL && n->file != NULL)
		return cli_usage_error("--notify and --notify-file: give one");
	if (n->file != NULL) {
		/* The URL carries the access token: a private file. */
		if (fr_secret_read(n->file, 8, 4096, 1, &n->owned, &len,
		    &err) != FR_OK) {
			cli_err("--notify-file: %s", err);
			free(err);
			return FR_EXIT_DATA;
		}
		n->url = n->owned;
		from = "--notify-file";
	} else if (n->url == NULL && env != NULL && *env != '\0') {
		n->owned = fr_xstrdup(env);
		n->url = n->owned;
		from = "FRFILE_NOTIFY_URL";
	}
	if (n->url == NULL) {
		if (n->format || n->secret_file || n->ca_file || n->lang)
			return cli_usage_error("--notify-format, --notify-lang, "
			    "--secret-file and --ca-file are for "
			    "--notify-file (or FRFILE_NOTIFY_URL)");
		return FR_EXIT_OK;
	}
	if (strncmp(n->url, "https://", 8) != 0 &&
	    strncmp(n->url, "http://", 7) != 0)
		return cli_usage_error("%s: expected an http:// or https:// "
		    "URL", from);
	if (n->format != NULL)
		fr_notify_fmt_parse(n->format, &f);
	if (n->secret_file != NULL && f != FR_NOTIFY_DINGTALK &&
	    f != FR_NOTIFY_FEISHU)
		return cli_usage_error("--secret-file: only DingTalk and "
		    "Feishu sign their messages");
	return FR_EXIT_OK;
}

/* The status line without performance data, for people to read. */
static char *
human_line(const struct fr_check_result *res, int zh)
{
	static const char *const names_zh[] = { "正常", "警告", "严重",
	    "未知" };
	char *line, *bar;

	if (zh && res->message_zh != NULL)
		return fr_xasprintf("人脸识别备案检查 %s：%s",
		    names_zh[res->state <= FR_CHECK_UNKNOWN ? res->state :
		    FR_CHECK_UNKNOWN], res->message_zh);
	line = fr_check_line(res);
	if ((bar = strstr(line, " | ")) != NULL)
		*bar = '\0';
	return line;
}

/* The check's result as an alert's structured fields; caller frees. */
static cJSON *
fields(const struct fr_check_result *res, int today)
{
	cJSON *o = cJSON_CreateObject();
	char b[FR_DATE_LEN];

	cJSON_AddStringToObject(o, "state", fr_check_state_name(res->state));
	cJSON_AddNumberToObject(o, "exit_code", res->state);
	cJSON_AddStringToObject(o, "message", res->message ? res->message : "");
	cJSON_AddStringToObject(o, "today", fr_date_format(today, b));
	if (res->individuals >= 0)
		cJSON_AddNumberToObject(o, "individuals",
		    (double)res->individuals);
	else
		cJSON_AddNullToObject(o, "individuals");
	if (res->has_due) {
		cJSON_AddStringToObject(o, "due", fr_date_format(res->due, b));
		cJSON_AddNumberToObject(o, "workdays_left", res->workdays_left);
	}
	return o;
}

int
frf_notify_run(const struct frf_notify *n, struct ledger *l,
    const struct fr_check_result *res, int today)
{
	struct fr_fetch_opts fo;
	struct fr_diags d;
	struct timeval tv;
	enum fr_notify_fmt f = FR_NOTIFY_JSON;
	const char *state = fr_check_state_name(res->state);
	char *key = NULL, *prev = NULL, *secret = NULL, *err = NULL;
	char *text = NULL, *url = NULL, *body = NULL, *reply = NULL;
	char *why = NULL, *shown = NULL;
	cJSON *extra = NULL;
	size_t secretlen = 0;
	long status = 0;
	int rc = -1, get;

	if (n->url == NULL)
		return 0;
	fr_diags_init(&d);
	if (n->format != NULL)
		fr_notify_fmt_parse(n->format, &f);
	key = fr_notify_state_key(n->url);
	get = ledger_state_get(l, key, &prev, &d);
	if (get != FR_OK && get != FR_ENOENT) {
		cli_err("--notify: %s", d.n ? d.v[0].msg : fr_strerror(get));
		goto out;
	}
	/* Only changes are news; a first run says something only if not OK. */
	if ((prev != NULL && strcmp(prev, state) == 0) ||
	    (prev == NULL && res->state == FR_CHECK_OK)) {
		rc = 0;
		if (prev == NULL && ledger_state_set(l, key, state, &d) != FR_OK) {
			cli_err("--notify: %s", d.n ? d.v[0].msg : "ledger");
			rc = -1;
		}
		goto out;
	}
	if (n->secret_file != NULL && fr_secret_read(n->secret_file, 1, 4096,
	    1, &secret, &secretlen, &err) != FR_OK) {
		cli_err("--secret-file: %s", err);
		goto out;
	}
	/* Chinese chat services get Chinese unless --notify-lang en. */
	text = human_line(res, n->lang != NULL ? strcmp(n->lang, "zh") == 0 :
	    f == FR_NOTIFY_DINGTALK || f == FR_NOTIFY_WECOM ||
	    f == FR_NOTIFY_FEISHU);
	extra = fields(res, today);
	gettimeofday(&tv, NULL);
	fr_notify_build(f, n->url, secret, secretlen, text, extra,
	    (long long)tv.tv_sec * 1000 + tv.tv_usec / 1000, &url, &body);
	fr_fetch_opts_init(&fo);
	fo.ca_file = n->ca_file;
	fo.timeout_ms = 15000;
	fo.retries = 1;
	fo.max_bytes = 64 << 10;
	shown = fr_url_redact(n->url);
	if (fr_http_post(url, "application/json; charset=utf-8", body, &fo,
	    &status, &reply, &err) != FR_OK) {
		cli_err("--notify: %s: %s (state %s not sent)", shown, err, state);
		goto out;
	}
	if (fr_notify_reply_ok(f, reply, &why) != FR_OK) {
		cli_err("--notify: %s: %s (state %s not sent)", shown, why, state);
		goto out;
	}
	if (ledger_state_set(l, key, state, &d) != FR_OK) {
		cli_err("--notify: sent, but the ledger did not keep it: %s",
		    d.n ? d.v[0].msg : "error");
		goto out;
	}
	rc = 0;
out:
	fr_secret_free(secret, secretlen);
	cJSON_Delete(extra);
	fr_diags_release(&d);
	free(key);
	free(prev);
	free(err);
	free(text);
	free(url);
	free(body);
	free(reply);
	free(why);
	free(shown);
	return rc;
}
