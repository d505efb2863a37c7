/*
 * test_notify.c — alert bodies and signatures, one row per service, with
 * the signatures recomputed independently (Python's hmac/base64) for a
 * pinned time.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "core/fr.h"
#include "core/notify.h"

static void
test_notify__build(void **state)
{
	static const struct {
		const char *fmt, *url, *secret, *want_url, *want_body;
	} rows[] = {
		{ "dingtalk", "https://oapi.dingtalk.com/robot/send?access_token=T",
		  "SECabc123",
		  "https://oapi.dingtalk.com/robot/send?access_token=T"
		  "&timestamp=1700000000123"
		  "&sign=etIBQNvdgq9e1O4P4gRnRS05m9vXVgr6%2F5xt3Azj2s8%3D",
		  "{\"msgtype\":\"text\",\"text\":{\"content\":\"FRFILE OK: x\"}}" },
		{ "dingtalk", "http://h/send", NULL, "http://h/send",
		  "{\"msgtype\":\"text\",\"text\":{\"content\":\"FRFILE OK: x\"}}" },
		{ "feishu", "https://open.feishu.cn/open-apis/bot/v2/hook/X",
		  "SECabc123", "https://open.feishu.cn/open-apis/bot/v2/hook/X",
		  "{\"timestamp\":\"1700000000\",\"sign\":"
		  "\"UqhI0v4zAkSwI4hNYBuHQvnrAqshA0UaeBGHCUMPX70=\","
		  "\"msg_type\":\"text\",\"content\":{\"text\":\"FRFILE OK: x\"}}" },
		{ "wecom", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K",
		  NULL, "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=K",
		  "{\"msgtype\":\"text\",\"text\":{\"content\":\"FRFILE OK: x\"}}" },
		{ "slack", "https://hooks.slack.com/services/A/B/C", NULL,
		  "https://hooks.slack.com/services/A/B/C",
		  "{\"text\":\"FRFILE OK: x\"}" },
		{ "json", "http://h/", NULL, "http://h/",
		  "{\"status\":\"FRFILE OK: x\"}" },
	};
	enum fr_notify_fmt f;
	char *url, *body;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		assert_int_equal(fr_notify_fmt_parse(rows[i].fmt, &f), FR_OK);
		assert_string_equal(fr_notify_fmt_name(f), rows[i].fmt);
		fr_notify_build(f, rows[i].url, rows[i].secret,
		    rows[i].secret ? strlen(rows[i].secret) : 0, "FRFILE OK: x",
		    NULL, 1700000000123LL, &url, &body);
		assert_string_equal(url, rows[i].want_url);
		assert_string_equal(body, rows[i].want_body);
		free(url);
		free(body);
	}
	assert_int_equal(fr_notify_fmt_parse("telegram", &f), FR_EINVAL);
}

static void
test_notify__reply(void **state)
{
	static const struct { const char *fmt, *body; int rc; } rows[] = {
		{ "dingtalk", "{\"errcode\":0,\"errmsg\":\"ok\"}", FR_OK },
		{ "dingtalk", "{\"errcode\":310000,\"errmsg\":\"sign not match\"}", FR_EINVAL },
		{ "wecom", "{\"errcode\":93000,\"errmsg\":\"invalid webhook url\"}", FR_EINVAL },
		{ "feishu", "{\"code\":0,\"msg\":\"success\"}", FR_OK },
		{ "feishu", "{\"code\":19021,\"msg\":\"sign match fail\"}", FR_EINVAL },
		{ "feishu", "{\"StatusCode\":0}", FR_OK },
		{ "slack", "ok", FR_OK },
		{ "json", "{\"errcode\":1}", FR_OK },
	};
	enum fr_notify_fmt f;
	char *why;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		fr_notify_fmt_parse(rows[i].fmt, &f);
		assert_int_equal(fr_notify_reply_ok(f, rows[i].body, &why), rows[i].rc);
		if (rows[i].rc != FR_OK)
			assert_non_null(strstr(why, "refused the message"));
		free(why);
	}
	why = fr_notify_state_key("https://x/?access_token=SECRET");
	assert_null(strstr(why, "SECRET"));
	assert_int_equal(strlen(why), 7 + 16);
	free(why);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_notify__build),
		cmocka_unit_test(test_notify__reply),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
