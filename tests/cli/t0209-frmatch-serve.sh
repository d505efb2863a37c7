#!/bin/sh
# serve: GET /facts with the bearer token only; 401 without or with a
# wrong token, 404 elsewhere, 405 for other methods; keeps serving under
# 200 requests 20 at a time and malformed requests; stops on SIGTERM;
# logs no id and no token; refuses a non-loopback address by default.
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 1
command -v curl >/dev/null || fail "curl is needed"
G="python3 $top/tests/cli/fmtmpl.py"

expect_exit 0 "$FRMATCH" init s.db --dim 64
$G a.json 64 1
expect_exit 0 "$FRMATCH" enroll s.db --person SERVE-ID-1 --template a.json
printf 'test-token-0123456789abcdef\n' >token
chmod 600 token
printf 'org-secret-0123456789abcdef' >org
chmod 600 org
TOK=test-token-0123456789abcdef

expect_exit 2 "$FRMATCH" serve s.db --listen 0.0.0.0:0 --token-file token
expect_match "$T/err" 'not a loopback address; give --allow-remote'
expect_exit 2 "$FRMATCH" serve s.db --listen nonsense --token-file token
expect_exit 2 "$FRMATCH" serve s.db
chmod 644 token
expect_exit 3 "$FRMATCH" serve s.db --listen 127.0.0.1:0 --token-file token
expect_match "$T/err" 'token: readable or writable by group or others'
chmod 600 token

# 20 clients at once from one address: above the default per-address cap.
"$FRMATCH" serve s.db --listen 127.0.0.1:0 --token-file token --timeout 2 \
	--max-per-address 32 \
	--org-secret-file org 2>log &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$T"' EXIT
i=0
while ! grep -q 'listening on' log && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\) .*/\1/p' log)
[ -n "$port" ] || { cat log; fail "server did not start"; }
U=http://127.0.0.1:$port

code() { curl -s -o body -w '%{http_code}' "$@"; }
expect_eq 200 "$(code -H "Authorization: Bearer $TOK" $U/facts)"
expect_eq 1 "$(jv body '.individuals')"
expect_eq '"none"' "$(json_get body "json.dumps(d['protection']['external_transmission'])")"
expect_eq 401 "$(code $U/facts)"
expect_eq 401 "$(code -H "Authorization: Bearer wrong-token-0123456789abcd" $U/facts)"
expect_eq 401 "$(code -H "Authorization: Bearer ${TOK}x" $U/facts)"
expect_eq 401 "$(code -H "Authorization: Basic $TOK" $U/facts)"
expect_eq 404 "$(code -H "Authorization: Bearer $TOK" $U/)"
expect_eq 404 "$(code -H "Authorization: Bearer $TOK" $U/facts/x)"
expect_eq 404 "$(code -H "Authorization: Bearer $TOK" $U/enroll)"
expect_eq 405 "$(code -X POST -d '{}' -H "Authorization: Bearer $TOK" $U/facts)"
expect_eq 405 "$(code -X DELETE -H "Authorization: Bearer $TOK" $U/facts)"
expect_eq 405 "$(code -X PUT --data-binary @a.json $U/facts)"
expect_eq 200 "$(code -H "Authorization: Bearer $TOK" "$U/facts?with_keys=1")"
want=$(python3 -c "import hmac,hashlib; print(hmac.new(b'org-secret-0123456789abcdef', b'SERVE-ID-1', hashlib.sha256).hexdigest())")
expect_eq "$want" "$(jv body '.keys.persons[0].key')"
expect_eq 400 "$(code -H "Authorization: Bearer $TOK" "$U/facts?with_keys=yes")"

# 200 requests, 20 at a time.
seq 200 | xargs -P 20 -I{} curl -s -o /dev/null -w '%{http_code}\n' \
	-H "Authorization: Bearer $TOK" $U/facts >codes
expect_eq 200 "$(grep -c '^200$' codes)"

# Malformed requests: garbage, no request line end, huge headers, a long
# URL, a body on GET, slowloris; the server must answer or drop them.
python3 - "$port" <<'PY' || fail "malformed requests"
import socket, sys, threading
port = int(sys.argv[1])
def send(data, wait=True):
    s = socket.create_connection(("127.0.0.1", port))
    s.settimeout(5)
    try:
        s.sendall(data)
        if wait:
            s.recv(100)
    except (socket.timeout, ConnectionError):
        pass
    s.close()
cases = [b"\x00\xff\xfe garbage\r\n\r\n", b"GET\r\n\r\n", b"GET /facts HTTP/9.9\r\n\r\n",
         b"GET /facts HTTP/1.1\r\nHost: x\r\nX: " + b"a" * 100000 + b"\r\n\r\n",
         b"GET /" + b"a" * 50000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
         b"GET /facts HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello",
         b"GET /facts HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
         b"\r\n" * 1000, bytes(range(256)) * 10, b"GET /facts HTTP/1.1\r\n"]
threads = [threading.Thread(target=send, args=(c,)) for c in cases * 3]
for t in threads: t.start()
for t in threads: t.join()
PY
expect_eq 200 "$(code -H "Authorization: Bearer $TOK" $U/facts)"
kill -0 $pid || fail "server died"

kill -TERM $pid
wait $pid
rc=$?
expect_eq 0 "$rc" "exit status after SIGTERM"
expect_match log 'SIGTERM received, stopping'
expect_match log ' GET /facts 200 '
expect_match log ' GET /facts 401 '
expect_match log ' POST /facts 405 '
expect_no_match log 'SERVE-ID|test-token|org-secret'
