#!/bin/sh
# Bad input: malformed CSV and NDJSON lines (file and line), empty ids, a
# facts document of an unknown schema or without keys: one line each,
# non-zero exit, no observation added: with --record the ledger keeps the
# failure and its reason instead (check reports it). --skip-invalid counts
# and reports.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/httpd-lib.sh"

secret_file "$T/secret" "test-organisation-secret-1234"
L="$T/ledger.db"
printf 'person_id\nok-1\n' >"$T/good.csv"
"$FRFILE" count --org-secret-file "$T/secret" "$T/good.csv" --record --ledger "$L" >/dev/null ||
	fail "first record"
nfail=0

bad() {	# bad FILE-CONTENT EXPECTED-STDERR-ERE [options]
	printf "$1" >"$T/in.$3"
	wantre=$2
	shift 3
	expect_exit 3 "$FRFILE" count --org-secret-file "$T/secret" "$@" "$T/in.$ext" \
	    --record --ledger "$L"
	expect_match "$T/err" "$wantre"
	nfail=$((nfail + 1))
	"$FRFILE" ledger --ledger "$L" --json >"$T/l.json" || fail "ledger after: $wantre"
	expect_eq 1 "$(jv "$T/l.json" '.observations|length')" "observations after: $wantre"
	expect_eq $nfail "$(jv "$T/l.json" '.failed_counts|length')" "failures after: $wantre"
	jv "$T/l.json" '.failed_counts[-1].reason' >"$T/reason"
	expect_match "$T/reason" '^1 of 1 sources failed; '
}
ext=csv
bad 'person_id\nsecret-a\n"unterminated\n' 'in\.csv:3: quoted field not closed at end of input$' csv
bad 'person_id\n"x"y\n' 'in\.csv:2: unexpected character after a closing quote$' csv
bad 'a,person_id\n1,x\n2\n' 'in\.csv:3: expected at least 2 fields, found 1$' csv
bad 'person_id\nx\n  \n' 'in\.csv:3: empty id$' csv
bad 'person_id,b\nx,1\n,2\n' 'in\.csv:3: empty id$' csv
bad 'name\nx\n' "in\.csv:1: no 'person_id' or 'id' column" csv
ext=ndjson
bad '{"id":"a"}\n{"id":"b"\n' 'in\.ndjson:2: invalid JSON$' ndjson
bad '{"id":"a"}\n{"id":""}\n' 'in\.ndjson:2: empty id$' ndjson
bad '{"id":"a"}\n{"name":"b"}\n' "in\\.ndjson:2: no field 'id'$" ndjson
ext=json
bad '{"schema":"frmatch-facts/9","individuals":1}' "in\\.json: schema: unknown schema 'frmatch-facts/9', expected \"frmatch-facts/1\"" json
bad '{"schema":"frmatch-facts/1","individuals":1}' 'in\.json: keys: missing: counting across stores needs the keyed person hashes' json
bad '{"individuals":1}' 'in\.json: schema: missing' json
bad '{"schema":"frmatch-facts/1","individuals":1,"keys":{"algorithm":"HMAC-SHA256","secret_id":"0000000000000000","persons":[]}}' \
    "keys.secret_id: '0000000000000000' is not the organisation secret's" json
# One line for each problem plus the summary; no clear id in messages.
expect_lines "$T/err" 2
expect_exit 3 "$FRFILE" count --org-secret-file "$T/secret" "$T/nonexistent.csv"
expect_match "$T/err" 'nonexistent\.csv: No such file or directory'

# Mistakes that would echo an id are reported without it: a file with no
# header row, a date column that holds ids.
printf 'secret-id-1\nsecret-id-2\n' >"$T/nohdr.csv"
expect_exit 3 "$FRFILE" count --org-secret-file "$T/secret" "$T/nohdr.csv" --json
expect_match "$T/err" "nohdr\.csv:1: no 'person_id' or 'id' column in the header row \(columns: \(a cell with digits, not shown\)\); .*--no-header$"
expect_exit 3 "$FRFILE" count --org-secret-file "$T/secret" --no-header \
    --from-column 1 "$T/nohdr.csv" --json
expect_match "$T/err" 'nohdr\.csv:1: enrolment date is not a date \(YYYY-MM-DD, .*\); the value is not shown'
expect_exit 3 "$FRFILE" count --org-secret-file "$T/secret" --no-header -v \
    --id-pattern '^x' "$T/nohdr.csv" --json
expect_match "$T/err" 'nohdr\.csv:1: id does not match --id-pattern$'
expect_no_match "$T/err" 'secret-id'
expect_no_match "$T/out" 'secret-id'

# --skip-invalid: counted, reported with file:line, the rest counted.
printf 'person_id,x\nsecret-a,1\n"bad"x,2\n,3\nsecret-b\nsecret-a,4\n' >"$T/mixed.csv"
expect_exit 0 "$FRFILE" count --org-secret-file "$T/secret" --skip-invalid "$T/mixed.csv" --json
expect_eq 2 "$(jv "$T/out" '.individuals')" "skip: counted"
expect_eq 2 "$(jv "$T/out" '.invalid_rows_skipped')" "skip: skipped"
expect_match "$T/err" 'mixed\.csv:3: warning: unexpected character after a closing quote$'
expect_match "$T/err" 'mixed\.csv:4: warning: empty id$'
expect_no_match "$T/err" 'secret-'
expect_no_match "$T/out" 'secret-'
# --allow-partial: the good source counts, the result says partial.
expect_exit 0 "$FRFILE" count --org-secret-file "$T/secret" --allow-partial \
    "$T/good.csv" "$T/in.json" --json --record --ledger "$L"
expect_eq false "$(jv "$T/out" '.complete')" "partial: complete"
expect_eq 1 "$(jv "$T/out" '.individuals')" "partial: individuals"
expect_eq "[\"$T/in.json\"]" "$(jv "$T/out" '.failed_sources')" "partial: failed"
expect_eq "1|1" "$(sqlite3 "$L" 'select individuals, partial from observations order by id desc limit 1')" \
    "partial in ledger"

# A malformed header row cannot be skipped: without it no column is found.
printf '"x"y,person_id\na,P1\n' >"$T/badhead.csv"
expect_exit 3 "$FRFILE" count --skip-invalid "$T/badhead.csv"
expect_match "$T/err" "badhead\.csv:1: the header row: unexpected character after a closing quote"
expect_no_match "$T/err" "needs a header row"
# A malformed data row is skipped.
printf 'person_id\n"P1"x\nP2\n' >"$T/badrow.csv"
expect_exit 0 "$FRFILE" count --skip-invalid "$T/badrow.csv" --json
expect_eq 1 "$(jv "$T/out" '.individuals')" "bad row skipped"
exit 0
