#!/bin/sh
# Issue 15 item 4: `check --notify URL` shows the webhook's access token
# to anyone running ps for the whole run. The attack: read the running
# check's command line. With --notify-file (a 0600 file) or
# FRFILE_NOTIFY_URL the token is not there. Alerts to the Chinese
# services are in Chinese unless --notify-lang en.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/httpd-lib.sh"

start_httpd --log "$T/hooks.log"
FRFILE_LEDGER=$T/ledger.db
export FRFILE_LEDGER
touch "$T/hooks.log"
"$FRFILE" record 90000 --date 2025-06-01 --today 2025-06-01 >/dev/null || fail record
last() { tail -n 1 "$T/hooks.log" >"$T/last.json"; json_get "$T/last.json" "$1"; }

# cmdline_during ARGS...: run check in the background against the slow
# hook and print its command line while it waits for the reply.
cmdline_during() {
	"$FRFILE" check --today 2025-06-05 --warn-count 80000 "$@" >/dev/null 2>&1 &
	pid=$!
	i=0
	: >"$T/cmdline"
	# Until check has started (a loaded machine can take seconds to
	# exec it) and while it runs.
	while [ $i -lt 400 ] && kill -0 $pid 2>/dev/null; do
		tr '\0' ' ' <"/proc/$pid/cmdline" >"$T/cmdline.new" 2>/dev/null
		grep -q 'frfile check ' "$T/cmdline.new" && mv "$T/cmdline.new" "$T/cmdline"
		grep -q 'frfile check ' "$T/cmdline" && break
		i=$((i + 1))
		sleep 0.05
	done
	wait $pid
	cat "$T/cmdline"
}

# The attack on the old way: the token is in the process's command line.
cmdline_during --notify "$BASE/slow/json?access_token=tok-in-argv" >"$T/seen"
expect_match "$T/seen" 'tok-in-argv'

# From a file: not in the command line, and the alert is sent.
printf '%s\n' "$BASE/slow/wecom?key=tok-in-file" >"$T/hook.url"
chmod 600 "$T/hook.url"
"$FRFILE" check --today 2025-06-05 >/dev/null   # back to OK, remembered
cmdline_during --notify-file "$T/hook.url" --notify-format wecom >"$T/seen"
expect_match "$T/seen" 'notify-file'
expect_no_match "$T/seen" 'tok-in-file'
expect_eq "/slow/wecom" "$(last "d['path']")" "posted from the file's URL"
expect_eq '人脸识别备案检查 警告：2025-06-01存储90000人，已达到预警数80000，未达到100000人' \
    "$(last "d['body']['text']['content']")" "Chinese by default"

# From the environment (not shown by ps): the same.
FRFILE_NOTIFY_URL="$BASE/hook/feishu?t=tok-in-env" expect_exit 1 \
    "$FRFILE" check --today 2025-06-06 --warn-count 80000 --notify-format feishu --notify-lang en
expect_eq '/hook/feishu' "$(last "d['path']")" "posted from the environment"
expect_eq 'FRFILE WARNING: 90000 individuals on 2025-06-01, at or over the warning count 80000, below the 100000 line' \
    "$(last "d['body']['content']['text']")" "--notify-lang en"
expect_no_match "$T/err" 'tok-in-env'

# A URL file others can read protects no token: refused, one line.
chmod 644 "$T/hook.url"
expect_exit 3 "$FRFILE" check --today 2025-06-05 --notify-file "$T/hook.url"
expect_lines "$T/err" 1
expect_match "$T/err" '^frfile: check: --notify-file: .*readable or writable by group or others'
expect_no_match "$T/err" 'tok-in-file'
chmod 600 "$T/hook.url"
expect_exit 3 "$FRFILE" check --notify-file "$T/none.url"
expect_match "$T/err" 'none.url'
printf 'ftp://x/\n' >"$T/ftp.url"; chmod 600 "$T/ftp.url"
expect_exit 3 "$FRFILE" check --notify-file "$T/ftp.url"
expect_match "$T/err" '--notify-file: expected an http:// or https:// URL'
expect_exit 3 "$FRFILE" check --notify-file "$T/hook.url" --notify "$BASE/x"
expect_match "$T/err" 'give one'
expect_exit 3 "$FRFILE" check --notify-file "$T/hook.url" --notify-lang fr
expect_match "$T/err" "not zh or en"
# The help says where the URL should come from.
"$FRFILE" check --help >"$T/help"
expect_match "$T/help" 'FRFILE_NOTIFY_URL'
expect_match "$T/help" 'visible'
exit 0
