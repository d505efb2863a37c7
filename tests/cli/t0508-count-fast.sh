#!/bin/sh
# A big CSV file or HTTP body goes through the fast path (several threads,
# no copies of the ids); whatever it reads must count exactly as the full
# reader does (standard input from a pipe takes the full reader; from a
# file, it is mapped like one). Files the fast path declines (a quote, a lone CR, a bad row far down) still count
# right, and errors still name the line.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/httpd-lib.sh"

secret_file "$T/secret" "test-organisation-secret-1234"
# 120,000 rows (3 MB) over 40,000 ids, CRLF, a BOM, a date column first,
# blanks around some ids, blank lines, no final line end.
python3 - "$T/big.csv" <<'PY'
import sys
with open(sys.argv[1], "w", newline="") as f:
    f.write("\ufeffenrolled,person_id,device\r\n")
    for i in range(120000):
        n = (i * 7919) % 40000
        pad = " " if i % 5 == 0 else ""
        f.write("2026-01-%02d,%sP-%06d%s,gate-%d\r\n" % (i % 28 + 1, pad, n, pad, i % 7))
        if i % 10000 == 0:
            f.write("\r\n")
    f.write("2026-02-01,P-999999,gate-1")
PY
# piped FILE CMD...: CMD with FILE on standard input through a pipe.
mkfifo "$T/fifo"
piped() {
	f=$1
	shift
	cat "$f" >"$T/fifo" &
	"$@" <"$T/fifo"
	wait
}
count() {
	expect_exit 0 "$FRFILE" count --org-secret-file "$T/secret" "$@" --json
	echo "$(jv "$T/out" '.individuals') $(jv "$T/out" '.sources[0].rows')"
}
expect_eq "40001 120001" "$(count "$T/big.csv")" "file, alone"
expect_eq "40001 120001" "$(count "csv:-" <"$T/big.csv")" "stdin from the file, alone"
expect_eq "40001 120001" "$(piped "$T/big.csv" count "csv:-")" "stdin from a pipe, alone"
expect_eq "40001 120001" "$(piped "$T/big.csv" count --threads 4 "csv:-")" "a pipe, 4 threads"
expect_eq "40001 120001" "$(piped "$T/big.csv" count --threads 1 "csv:-")" "a pipe, 1 thread"
expect_eq "40001 120001" "$(count --threads 1 "$T/big.csv")" "one thread"
expect_eq "40001 120001" "$(count --threads 3 "$T/big.csv")" "three threads"
expect_exit 2 "$FRFILE" count --threads 0 --org-secret-file "$T/secret" "$T/big.csv"
expect_match "$T/err" "threads: '0' is not a whole number from 1 to 1024"
piped "$T/big.csv" expect_exit 0 "$FRFILE" count -v --org-secret-file "$T/secret" "$T/big.csv" "csv:-"
expect_match "$T/err" 'big\.csv: csv \(fast path\), 120001 rows, 40001 individuals'
expect_match "$T/err" '\(stdin\): csv, 120001 rows, 40001 individuals'
expect_exit 0 "$FRFILE" count -v --org-secret-file "$T/secret" "csv:-" <"$T/big.csv"
expect_match "$T/err" '\(stdin\): csv \(fast path\), 120001 rows, 40001 individuals'
# Standard input part read already: the rest is counted, not the file.
printf 'first\nsecond\nsecond\n' >"$T/part.csv"
expect_exit 0 sh -c 'read -r x; exec "$@"' sh "$FRFILE" count --json \
    --org-secret-file "$T/secret" --no-header "csv:-" <"$T/part.csv"
expect_eq 1 "$(jv "$T/out" '.individuals')" "part-read stdin"
expect_no_match "$T/err" 'P-0' 
# With a second source every distinct id is keyed; the overlap shows the
# keys are the same as the full reader's.
printf 'person_id\nP-000001\nnobody\n' >"$T/two.csv"
expect_exit 0 "$FRFILE" count --org-secret-file "$T/secret" "$T/big.csv" "$T/two.csv" --json
expect_eq 40002 "$(jv "$T/out" '.individuals')" "file, keyed"
expect_eq 1 "$(jv "$T/out" '.in_multiple_sources')" "file, overlap"
piped "$T/big.csv" expect_exit 0 "$FRFILE" count --org-secret-file "$T/secret" \
    "$T/big.csv" "csv:-" --json
expect_eq 40001 "$(jv "$T/out" '.individuals')" "file and stdin"
expect_eq 40001 "$(jv "$T/out" '.in_multiple_sources')" "file and stdin overlap"
expect_no_match "$T/out" 'P-0'

# Declined: a quoted cell near the end (the full reader reads it).
cp "$T/big.csv" "$T/quoted.csv"
printf '\r\n2026-02-02,"P-888888",gate-1\r\n' >>"$T/quoted.csv"
expect_eq "40002 120002" "$(count "$T/quoted.csv")" "quoted"
expect_exit 0 "$FRFILE" count -v --org-secret-file "$T/secret" "$T/quoted.csv"
expect_no_match "$T/err" 'fast path' 
# A lone CR ends a row for the full reader.
cp "$T/big.csv" "$T/cr.csv"
printf '\r\n2026-02-02,P-777777,gate-1\r2026-02-02,P-666666,gate-2\n' >>"$T/cr.csv"
expect_eq "40003 120003" "$(count "$T/cr.csv")" "lone CR"
# A bad row far down: the full reader names its line, nothing is counted.
cp "$T/big.csv" "$T/bad.csv"
printf '\r\n2026-02-02\r\n' >>"$T/bad.csv"
expect_exit 3 "$FRFILE" count --org-secret-file "$T/secret" "$T/bad.csv"
expect_match "$T/err" 'bad\.csv:120015: expected at least 2 fields, found 1'
expect_exit 0 "$FRFILE" count --org-secret-file "$T/secret" --skip-invalid "$T/bad.csv" --json
expect_eq 40001 "$(jv "$T/out" '.individuals')" "skip-invalid"

# Long ids through the full reader's batch (NDJSON, standard input).
python3 -c '
import json
for i in range(1000):
    print(json.dumps({"id": ("L%d-" % (i % 250)) + "x" * (i % 3) * 9000}))
' >"$T/long.ndjson"
expect_exit 0 "$FRFILE" count --org-secret-file "$T/secret" ndjson:- --json <"$T/long.ndjson"
expect_eq 750 "$(jv "$T/out" '.individuals')" "long ids, alone"
expect_exit 0 "$FRFILE" count --org-secret-file "$T/secret" ndjson:- "$T/long.ndjson" \
    --json <"$T/long.ndjson"
expect_eq 750 "$(jv "$T/out" '.individuals')" "long ids, keyed"
expect_eq 750 "$(jv "$T/out" '.in_multiple_sources')" "long ids, overlap"

# An export served over HTTP is in memory: the same fast path.
mkdir "$T/www"
cp "$T/big.csv" "$T/www/big.csv"
secret_file "$T/token" "s3cret-token"
start_httpd --dir "$T/www" --token s3cret-token
expect_exit 0 "$FRFILE" count -v --org-secret-file "$T/secret" --token-file "$T/token" \
    "csv:$BASE/f/big.csv" "$T/two.csv" --json
expect_eq 40002 "$(jv "$T/out" '.individuals')" "http, keyed"
expect_match "$T/err" 'big\.csv: csv \(fast path\), 120001 rows, 40001 individuals'
exit 0
