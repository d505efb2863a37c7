#!/bin/sh
# check --notify posts the status line only when the state changes (the
# last state sent is kept in the ledger), in each service's format, signed
# for DingTalk and Feishu; a receiver on loopback checks body, headers and
# signature. A refused post is one line and is retried on the next run.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/httpd-lib.sh"

start_httpd --hook-secret SEC-hook-secret-1 --log "$T/hooks.log"
secret_file "$T/hook.secret" "SEC-hook-secret-1"
secret_file "$T/wrong.secret" "SEC-not-the-secret"
FRFILE_LEDGER=$T/ledger.db
export FRFILE_LEDGER
touch "$T/hooks.log"
posts() { wc -l <"$T/hooks.log" | tr -d ' '; }
last() { tail -n 1 "$T/hooks.log" >"$T/last.json"; json_get "$T/last.json" "$1"; }
"$FRFILE" record 90000 --date 2025-06-01 --today 2025-06-01 >/dev/null || fail record

n=0
for fmt in dingtalk feishu wecom slack json; do
	sec=""
	case $fmt in dingtalk|feishu) sec="--secret-file $T/hook.secret" ;; esac
	url="$BASE/hook/$fmt?access_token=tok-$fmt"
	# First run, OK: nothing to say, the state is remembered.
	expect_exit 0 "$FRFILE" check --today 2025-06-05 --notify "$url" --notify-format $fmt $sec
	expect_eq $n "$(posts)" "$fmt: first OK posts nothing"
	expect_exit 1 "$FRFILE" check --today 2025-06-05 --warn-count 80000 \
	    --notify "$url" --notify-format $fmt $sec
	n=$((n + 1))
	expect_eq $n "$(posts)" "$fmt: OK -> WARNING posts"
	expect_eq '[]' "$(last "d['problems']")" "$fmt: receiver's verdict"
	expect_eq "/hook/$fmt" "$(last "d['path']")" "$fmt: path"
	case $fmt in
	dingtalk|wecom) txt=$(last "d['body']['text']['content']") ;;
	feishu) txt=$(last "d['body']['content']['text']") ;;
	slack) txt=$(last "d['body']['text']") ;;
	json) txt=$(last "d['body']['status']")
	      expect_eq WARNING "$(last "d['body']['state']")" "json state"
	      expect_eq 90000 "$(last "d['body']['individuals']")" "json individuals" ;;
	esac
	# The Chinese services get Chinese by default (--notify-lang).
	case $fmt in
	dingtalk|wecom|feishu) want="人脸识别备案检查 警告：2025-06-01存储90000人，已达到预警数80000，未达到100000人" ;;
	*) want="FRFILE WARNING: 90000 individuals on 2025-06-01, at or over the warning count 80000, below the 100000 line" ;;
	esac
	expect_eq "$want" "$txt" "$fmt: text"
	# Unchanged: no post, however often cron runs it.
	expect_exit 1 "$FRFILE" check --today 2025-06-06 --warn-count 80000 \
	    --notify "$url" --notify-format $fmt $sec
	expect_eq $n "$(posts)" "$fmt: unchanged posts nothing"
	# Back to OK: that is news too.
	expect_exit 0 "$FRFILE" check --today 2025-06-06 --notify "$url" --notify-format $fmt $sec
	n=$((n + 1))
	expect_eq $n "$(posts)" "$fmt: WARNING -> OK posts"
done
grep -q 'tok-' "$T/err" && fail "a webhook token in a message"

# A wrong signing secret: the service refuses, the check's exit stays the
# state, one line says so, and the next run tries again.
for fmt in dingtalk feishu; do
	url="$BASE/hook/$fmt?access_token=tok-$fmt"
	expect_exit 1 "$FRFILE" check --today 2025-06-07 --warn-count 80000 \
	    --notify "$url" --notify-format $fmt --secret-file "$T/wrong.secret"
	expect_match "$T/err" "^frfile: check: --notify: $BASE/hook/$fmt: $fmt refused the message: code [0-9]+: bad sign"
	expect_lines "$T/err" 1
	expect_no_match "$T/err" "tok-$fmt"
	expect_exit 1 "$FRFILE" check --today 2025-06-07 --warn-count 80000 \
	    --notify "$url" --notify-format $fmt --secret-file "$T/hook.secret"
	expect_eq '[]' "$(last "d['problems']")" "$fmt: retried and accepted"
done
# Nobody listening: one line, state unchanged exit code.
expect_exit 1 "$FRFILE" check --today 2025-06-07 --warn-count 80000 \
    --notify http://127.0.0.1:1/hook --notify-format slack
expect_match "$T/err" '^frfile: check: --notify: http://127\.0\.0\.1:1/hook: .*\(state WARNING not sent\)$'

# Usage: format names, secrets only where the service signs.
expect_exit 3 "$FRFILE" check --notify "$BASE/x" --notify-format telegram
expect_match "$T/err" "not one of dingtalk, wecom, feishu, slack, json"
expect_exit 3 "$FRFILE" check --notify "$BASE/x" --notify-format slack --secret-file "$T/hook.secret"
expect_exit 3 "$FRFILE" check --notify-format slack
expect_exit 3 "$FRFILE" check --notify ftp://x/
exit 0
