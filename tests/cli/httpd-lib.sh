# httpd-lib.sh — sourced by count/notify CLI tests after lib.sh: starts
# tests/cli/httpd.py on a free loopback port and stops it on exit.
#   start_httpd [httpd.py options]   sets PORT and BASE (http://127.0.0.1:PORT)
start_httpd() {
	python3 "$top/tests/cli/httpd.py" --port-file "$T/port" "$@" \
	    >"$T/httpd.log" 2>&1 &
	HTTPD_PID=$!
	trap 'kill $HTTPD_PID 2>/dev/null; wait $HTTPD_PID 2>/dev/null; rm -rf "$T"' EXIT
	i=0
	while [ ! -s "$T/port" ]; do
		i=$((i + 1))
		[ $i -gt 100 ] && { cat "$T/httpd.log" >&2; fail "httpd did not start"; }
		sleep 0.1
	done
	PORT=$(cat "$T/port")
	BASE=http://127.0.0.1:$PORT
}

# A fresh 0600 secret file: secret_file PATH TEXT
secret_file() {
	printf '%s\n' "$2" >"$1"
	chmod 600 "$1"
}
