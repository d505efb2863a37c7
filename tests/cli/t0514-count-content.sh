#!/bin/sh
# What the bytes are decides, never the name: binary files are refused
# saying what they look like, and no count comes from them. Ids a
# spreadsheet has damaged (scientific notation, ".0" on a long number)
# are errors naming the line, never a quiet count; dates as Excel and
# Chinese systems write them are read.
. "$(dirname "$0")/lib.sh"

printf 'person_id\nP1\n' >"$T/ok.csv"
refused() {	# FILE WHAT
	expect_exit 3 "$FRFILE" count "$T/$1" --json
	expect_match "$T/err" "$1: $2, not an export: no ids are read from it$"
	expect_eq "[]" "$(json_get "$T/out" "[s['individuals'] for s in d['sources'] if s['individuals']]")" "$1: nothing counted"
}
printf '%%PDF-1.7\n%%\342\343\n1 0 obj\n<<>>\nendobj\n' >"$T/members.csv"
refused members.csv "a PDF document"
printf 'person_id\nP1\n' | gzip >"$T/ids.csv"
refused ids.csv "a gzip-compressed file"
printf '\320\317\021\340\241\261\032\341rest' >"$T/old.xlsx"
refused old.xlsx "an Excel 97-2003 workbook \(\.xls\) or another Office 97 file; save it as \.xlsx or CSV"
printf 'person_id\nP1\0\0\0\377\nP2\n' >"$T/nul.csv"
refused nul.csv "binary data \(it holds NUL bytes\)"
# Forcing a format does not make binary data text.
expect_exit 3 "$FRFILE" count "csv:$T/members.csv"
expect_match "$T/err" "members\.csv: a PDF document, not an export"
# Through a pipe as well.
expect_exit 3 sh -c "cat '$T/members.csv' | '$FRFILE' count -"
expect_match "$T/err" "\(stdin\): a PDF document, not an export"
# A SQLite file that is not given as a store, fetched or piped, is named.
printf 'SQLite format 3\0rest' >"$T/s.db"
expect_exit 3 sh -c "cat '$T/s.db' | '$FRFILE' count -"
expect_match "$T/err" "\(stdin\): a SQLite database, not an export \(a frmatch store on this machine is counted as store:PATH\)$"

# The issue's case: Excel turned 13950112345 into 1.39501E+10; three rows
# must not quietly count as two people, --skip-invalid or not.
printf 'person_id\n1.39501E+10\n1.39501E+10\n13950112346\n' >"$T/sci.csv"
expect_exit 3 "$FRFILE" count "$T/sci.csv"
expect_match "$T/err" "sci\.csv:2: an id in scientific notation \(like 1\.39501E\+10\): Excel probably rounded the ids; format the id column as text and export again$"
expect_exit 3 "$FRFILE" count --skip-invalid "$T/sci.csv"
expect_no_match "$T/out" individuals
printf 'person_id\n13950112345.0\n' >"$T/dec.csv"
expect_exit 3 "$FRFILE" count "$T/ok.csv" "$T/dec.csv"
expect_match "$T/err" "dec\.csv:2: a long numeric id ending in '\.0': Excel \(or another tool\) probably turned the ids into numbers"
printf '{"person_id":"4.4E+17"}\n' >"$T/sci.ndjson"
expect_exit 3 "$FRFILE" count "$T/sci.ndjson"
expect_match "$T/err" "sci\.ndjson:1: an id in scientific notation"
# Deep in a big file (the fast path declines and the full reader finds it).
awk 'BEGIN { print "person_id"; for (i = 0; i < 200000; i++) print "ZX-" i % 70000;
    print "1.2E+17" }' >"$T/big.csv"
expect_exit 3 "$FRFILE" count "$T/big.csv"
expect_match "$T/err" "big\.csv:200002: an id in scientific notation"
# Short numbers with ".0" and other columns with E+ are not ids damaged.
printf 'person_id,score\n12.0,1E+3\nA-1,2.0\n' >"$T/fine.csv"
expect_exit 0 "$FRFILE" count "$T/fine.csv" --json
expect_eq 2 "$(jv "$T/out" '.individuals')" "not damaged"

# The issue's dates: 2025/7/1 and friends are dates; with --skip-invalid
# nobody is dropped. A bad one shows its value and line.
printf 'person_id,enrolled\nP1,2025/7/1\nP2,2025-7-2\nP3,2025年7月3日\nP4,2025.07.04\nP5,2025/7/5 9:30\n' >"$T/dates.csv"
expect_exit 0 "$FRFILE" count --skip-invalid --from-column enrolled \
    --threshold 5 "$T/dates.csv" --json
expect_json "$T/out" '.individuals, .invalid_rows_skipped, .crossing_date' <<'EOF'
5
0
2025-07-05
EOF
printf 'person_id,enrolled\nP1,2025/7/1\nP2,2025/2/30\n' >"$T/baddate.csv"
expect_exit 3 "$FRFILE" count --from-column enrolled "$T/baddate.csv"
expect_match "$T/err" "baddate\.csv:3: enrolment date '2025/2/30' is not a date \(YYYY-MM-DD, YYYY/M/D, YYYY\.MM\.DD, YYYY年M月D日 or an ISO 8601 time\)$"
exit 0
