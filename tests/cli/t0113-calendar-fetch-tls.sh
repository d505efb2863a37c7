#!/bin/sh
# frfile calendar fetch over https verifies the certificate: a server with
# a self-signed certificate is refused, and accepted with --ca-file.
. "$(dirname "$0")/lib.sh"
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY

command -v openssl >/dev/null || fail "openssl is not installed"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$T/key.pem" \
    -out "$T/cert.pem" -days 2 -subj /CN=127.0.0.1 \
    -addext subjectAltName=IP:127.0.0.1 >/dev/null 2>&1 || fail "openssl req"
mkdir -p "$T/www"
printf '{"year": 2027, "days": [{"name": "元旦", "date": "2027-01-01", "isOffDay": true}]}\n' >"$T/www/2027.json"
cat >"$T/server.py" <<'PY'
import http.server, ssl, sys, os
d, cert, key, portfile = sys.argv[1:5]
os.chdir(d)
class H(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *a): pass
s = http.server.HTTPServer(("127.0.0.1", 0), H)
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(cert, key)
s.socket = ctx.wrap_socket(s.socket, server_side=True)
with open(portfile + ".tmp", "w") as f: f.write(str(s.server_address[1]))
os.rename(portfile + ".tmp", portfile)
s.serve_forever()
PY
python3 "$T/server.py" "$T/www" "$T/cert.pem" "$T/key.pem" "$T/port" &
srv=$!
trap 'kill $srv 2>/dev/null; rm -rf "$T"' EXIT
i=0
while [ ! -s "$T/port" ]; do
	i=$((i + 1)); [ $i -gt 100 ] && fail "server did not start"; sleep 0.1
done
url=https://127.0.0.1:$(cat "$T/port")/2027.json

expect_exit 3 "$FRFILE" calendar fetch "$url" --timeout 10
expect_lines "$T/err" 1
expect_match "$T/err" "^frfile: calendar: $url: .*(certificate|SSL)"
test -e "$XDG_DATA_HOME/frfile/calendar/2027.json" && fail "unverified fetch stored a file"
expect_exit 0 "$FRFILE" calendar fetch "$url" --ca-file "$T/cert.pem" --timeout 10
expect_match "$T/out" '^imported 2027'
exit 0
