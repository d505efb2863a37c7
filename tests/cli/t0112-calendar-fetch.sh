#!/bin/sh
# frfile calendar fetch from an HTTP server the test starts on loopback:
# a good file, a 404, a body over the size limit, a redirect to another
# host or port, a non-http URL, and a file that fails validation.
. "$(dirname "$0")/lib.sh"
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY

mkdir -p "$T/www"
cat >"$T/www/2027.json" <<'JSON'
{"year": 2027, "papers": ["https://example.invalid/2027"], "days": [
 {"name": "元旦", "date": "2027-01-01", "isOffDay": true}]}
JSON
printf '{"year": 2027, "days": [{"name": "x", "date": "2028-01-01", "isOffDay": true}]}\n' >"$T/www/bad.json"
python3 -c 'import sys; sys.stdout.write("{\"year\": 2027, \"pad\": \"" + "x" * 5000 + "\"}")' >"$T/www/big.json"

cat >"$T/server.py" <<'PY'
import http.server, socketserver, sys, os
os.chdir(sys.argv[1])
class H(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *a): pass
    def do_GET(self):
        port = self.server.server_address[1]
        if self.path == "/elsewhere":
            self.send_response(302)
            self.send_header("Location", "http://localhost:%d/2027.json" % port)
            self.end_headers(); return
        if self.path == "/otherport":
            self.send_response(302)
            self.send_header("Location", "http://127.0.0.1:%d/2027.json" % (port + 1))
            self.end_headers(); return
        if self.path == "/same":
            self.send_response(301)
            self.send_header("Location", "/2027.json")
            self.end_headers(); return
        return super().do_GET()
s = socketserver.TCPServer(("127.0.0.1", 0), H)
with open(sys.argv[2] + ".tmp", "w") as f: f.write(str(s.server_address[1]))
os.rename(sys.argv[2] + ".tmp", sys.argv[2])
s.serve_forever()
PY
python3 "$T/server.py" "$T/www" "$T/port" &
srv=$!
trap 'kill $srv 2>/dev/null; rm -rf "$T"' EXIT
i=0
while [ ! -s "$T/port" ]; do
	i=$((i + 1)); [ $i -gt 100 ] && fail "server did not start"; sleep 0.1
done
url=http://127.0.0.1:$(cat "$T/port")
caldir=$XDG_DATA_HOME/frfile/calendar

expect_exit 3 "$FRFILE" calendar fetch "$url/missing.json"
expect_lines "$T/err" 1
expect_match "$T/err" "^frfile: calendar: $url/missing.json: the server answered HTTP 404, expected 200$"

expect_exit 3 "$FRFILE" calendar fetch "$url/big.json" --max-size 4096
expect_lines "$T/err" 1
expect_match "$T/err" 'the response is larger than the limit of 4096 bytes'

expect_exit 3 "$FRFILE" calendar fetch "$url/elsewhere"
expect_match "$T/err" "^frfile: calendar: $url/elsewhere: redirect to another host \\(localhost\\) refused$"

# The fleet's rule (one GET path): another port is another origin too.
expect_exit 3 "$FRFILE" calendar fetch "$url/otherport"
expect_lines "$T/err" 1
expect_match "$T/err" 'redirect to another host \(127\.0\.0\.1\) refused'
test -e "$XDG_DATA_HOME/frfile/calendar/2027.json" && fail "a refused redirect wrote a file"

expect_exit 3 "$FRFILE" calendar fetch "file:///etc/passwd"
expect_match "$T/err" 'not an http or https URL'
expect_exit 3 "$FRFILE" calendar fetch "$url/bad.json"
expect_match "$T/err" "bad.json: days\[0\]\.date: 2028-01-01 is not in 2027"
test -e "$caldir/2027.json" && fail "a refused fetch wrote a file"

expect_exit 0 "$FRFILE" calendar fetch "$url/same" --timeout 10
expect_match "$T/out" '^imported 2027: 1 day\(s\) off'
cmp "$T/www/2027.json" "$caldir/2027.json" || fail "stored file differs"
expect_exit 0 "$FRFILE" deadline reached 2026-11-20 --json
expect_eq false "$(jv "$T/out" '.provisional')" provisional
exit 0
