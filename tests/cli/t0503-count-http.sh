#!/bin/sh
# Facts over HTTP: bearer token from a file or FRFILE_TOKEN, keys made
# elsewhere de-duplicate against exports hashed here; a wrong token (401),
# a redirect to another host, an endless body and a server that never
# answers each fail with one line, a non-zero exit and the ledger unchanged.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/httpd-lib.sh"

secret_file "$T/secret" "test-organisation-secret-1234"
secret_file "$T/token" "s3cret-token"
secret_file "$T/badtoken" "wrong-token"
mkdir "$T/www"
# A facts document with keys made by another program (Python's hmac).
python3 - "$T/www/a.json" <<'PY'
import hashlib, hmac, json, sys
sec = b"test-organisation-secret-1234"
k = lambda i: hmac.new(sec, i.encode(), hashlib.sha256).hexdigest()
json.dump({"schema": "frmatch-facts/1", "device": "gate-01", "individuals": 2,
    "keys": {"algorithm": "HMAC-SHA256",
             "secret_id": hashlib.sha256(sec).hexdigest()[:16],
             "persons": [{"key": k("p1"), "from": "2025-01-01", "until": None},
                         {"key": k("p2"), "from": "2025-01-03", "until": None},
                         {"key": k("p9"), "from": "2025-01-02", "until": "2025-01-03"}]}},
    open(sys.argv[1], "w"))
PY
printf 'person_id\np2\np3\n' >"$T/export.csv"
start_httpd --dir "$T/www" --token s3cret-token
L="$T/ledger.db"
C="$FRFILE count --org-secret-file $T/secret --timeout 5 --retries 0"

expect_exit 0 $C --token-file "$T/token" "$BASE/f/a.json" "$T/export.csv" --json \
    --record --ledger "$L"
expect_json "$T/out" '.individuals, .in_multiple_sources, .sources[0].device,
    .sources[0].individuals' <<'EOF'
3
1
gate-01
2
EOF
nobs0=$("$FRFILE" ledger --ledger "$L" --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["observations"]))')
# The token from the environment; a same-host redirect is followed.
FRFILE_TOKEN=s3cret-token expect_exit 0 $C "$BASE/redirect-same" --json
expect_eq 2 "$(jv "$T/out" '.individuals')" "env token, redirect"
# A 503 is retried with backoff.
expect_exit 0 $C --retries 2 --token-file "$T/token" "$BASE/flaky/a.json" --json
expect_eq 2 "$(jv "$T/out" '.individuals')" "retried"

nogood() {	# nogood ERE ARGS...: exit 3, one error line, no observation;
	# $took: the count's own seconds
	wantre=$1
	shift
	t0=$(date +%s)
	expect_exit 3 $C "$@" --record --ledger "$L"
	took=$(($(date +%s) - t0))
	expect_match "$T/err" "$wantre"
	expect_lines "$T/err" 2
	# No observation, but the failure and its reason (check reports it).
	"$FRFILE" ledger --ledger "$L" --json >"$T/l.json" || fail "ledger after: $wantre"
	expect_eq "$nobs0" "$(jv "$T/l.json" '.observations|length')" "observations after: $wantre"
	jv "$T/l.json" '.failed_counts[-1].reason' >"$T/reason"
	expect_no_match "$T/reason" 's3cret-token|wrong-token'
	expect_no_match "$T/err" 's3cret-token|wrong-token'
}
nogood "^frfile: count: $BASE/f/a\\.json: HTTP 401: the bearer token was refused" \
    --token-file "$T/badtoken" "$BASE/f/a.json"
nogood "HTTP 401" "$BASE/f/a.json"
nogood "redirect-other: redirect to another host \\(localhost\\) refused" \
    --token-file "$T/token" "$BASE/redirect-other"
nogood "huge: response larger than the limit of 1048576 bytes" \
    --token-file "$T/token" --max-bytes 1048576 "$BASE/huge"
nogood "hang: no complete answer within 1000 ms" --timeout 1 "$BASE/hang"
[ "$took" -le 4 ] || fail "the time-out took too long"
nogood "connect|Connection refused|Couldn't connect" "http://127.0.0.1:1/facts"
# The query (where tokens may live) is not repeated in messages.
expect_exit 3 $C --token-file "$T/token" "$BASE/f/nothere.json?access_token=abc123"
expect_match "$T/err" 'f/nothere\.json: HTTP 404$'
expect_no_match "$T/err" 'abc123'
# A token on the command line is not an option; a token file must be private.
expect_exit 2 $C --token s3cret-token "$BASE/f/a.json"
chmod 640 "$T/token"
expect_exit 3 $C --token-file "$T/token" "$BASE/f/a.json"
expect_match "$T/err" 'token: .*chmod 600'
# --allow-partial keeps the good source and says partial.
chmod 600 "$T/token"
expect_exit 0 $C --allow-partial --token-file "$T/token" "$BASE/f/a.json" \
    "$BASE/f/missing.json" "$T/export.csv" --json
expect_eq false "$(jv "$T/out" '.complete')" "partial"
expect_eq 3 "$(jv "$T/out" '.individuals')" "partial count"
exit 0
