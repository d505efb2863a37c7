#!/bin/sh
# Issue 15 items 3 and 4 (serve): 100 slow connections from 127.0.0.2 (one
# header byte every 3 s) no longer stall the service: one address gets at
# most --max-per-address slots, a request that has not fully arrived
# within --request-timeout is cut, and a request with the token from
# 127.0.0.1 is answered within two seconds. A 16 KB query string gets 414
# at once. No core dumps; a token of white space is refused.
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 1
command -v curl >/dev/null || fail "curl is needed"

expect_exit 0 "$FRMATCH" init s.db --dim 64
printf 'test-token-0123456789abcdef\n' >token
chmod 600 token
TOK=test-token-0123456789abcdef

# A token of blanks guards nothing.
printf '                    \n' >blank
chmod 600 blank
expect_exit 3 "$FRMATCH" serve s.db --listen 127.0.0.1:0 --token-file blank
expect_lines "$T/err" 1
expect_match "$T/err" 'blank: holds only white space'
expect_exit 2 "$FRMATCH" serve s.db --token-file token --request-timeout 0

"$FRMATCH" serve s.db --listen 127.0.0.1:0 --token-file token \
	--request-timeout 4 2>log &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$T"' EXIT
i=0
while ! grep -q 'listening on' log && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\) .*/\1/p' log)
[ -n "$port" ] || { cat log; fail "server did not start"; }

# No core file, whatever the shell's limit.
expect_match /proc/$pid/limits '^Max core file size +0 +0 '

python3 "$top/tests/cli/slowclients.py" "$port" "$TOK" 8 >slow ||
	fail "slowclients.py failed"
cat slow >&2
kept=$(sed -n 's/^open_after_1s //p' slow)
[ "$kept" -le 8 ] || fail "127.0.0.2 kept $kept connections, expected at most 8"
[ "$kept" -ge 1 ] || fail "no slow connection was accepted: the attack did not run"
expect_match slow '^answer 200 [01]\.[0-9]+$'
expect_match slow '^open_after_wait 0$'
expect_match log 'connections? cut: no complete request within 4 s'

# 16 KB of query string: 414 at once.
q=$(python3 -c "print('a' * 16384)")
out=$(curl -s -m 5 -o /dev/null -w '%{http_code} %{time_total}' \
	-H "Authorization: Bearer $TOK" "http://127.0.0.1:$port/facts?q=$q")
case $out in
414\ 0.*|414\ 1.*) ;;
*) fail "16 KB query: got '$out', expected 414 within a second" ;;
esac
# Still serving.
expect_eq 200 "$(curl -s -m 5 -o /dev/null -w '%{http_code}' \
	-H "Authorization: Bearer $TOK" "http://127.0.0.1:$port/facts")"
kill $pid
wait $pid || fail "serve did not stop cleanly"
