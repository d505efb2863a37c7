#!/bin/sh
# https facts endpoints: TLS verification is always on; a certificate the
# system does not trust fails with one line, and --ca-file trusts it.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/httpd-lib.sh"

command -v openssl >/dev/null || fail "openssl is not installed"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 \
    -addext subjectAltName=IP:127.0.0.1 -keyout "$T/key.pem" -out "$T/cert.pem" \
    >/dev/null 2>&1 || fail "openssl req"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=other \
    -addext subjectAltName=DNS:other.example -keyout "$T/key2.pem" -out "$T/cert2.pem" \
    >/dev/null 2>&1 || fail "openssl req 2"
start_httpd --fleet 2 --secret tls-organisation-secret-1 --tls "$T/cert.pem" "$T/key.pem"
U=https://127.0.0.1:$PORT/fleet/1
expect_exit 3 "$FRFILE" count --retries 0 "$U"
expect_match "$T/err" "^frfile: count: $U: SSL peer certificate or SSH remote key was not OK|certificate"
expect_lines "$T/err" 2
expect_exit 0 "$FRFILE" count --ca-file "$T/cert.pem" "$U" --json
expect_eq 100 "$(jv "$T/out" '.individuals')" "trusted"
# A CA that did not sign the server's certificate does not help.
expect_exit 3 "$FRFILE" count --retries 0 --ca-file "$T/cert2.pem" "$U"
exit 0
