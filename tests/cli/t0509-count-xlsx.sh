#!/bin/sh
# count reads XLSX workbooks as Excel-compatible software writes them
# (built here with libxlsxwriter, tests/cli/mkxlsx.c): text and numeric
# ids are one person, numbers lose ".0", date cells and serials are dates,
# rounded 18-digit ids and missing columns or sheets are errors that say
# where. Content decides: a workbook named .csv is still a workbook.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/httpd-lib.sh"

command -v cc >/dev/null || fail "needs cc for tests/cli/mkxlsx.c"
# shellcheck disable=SC2046
cc -O1 -o "$T/mkxlsx" "$top/tests/cli/mkxlsx.c" \
    $(pkg-config --cflags --libs xlsxwriter) || fail "cannot build mkxlsx"
mk() { "$T/mkxlsx" "$1" || fail "mkxlsx $1"; }
TAB=$(printf '\t')
row() { (IFS=$TAB; printf '%s\n' "$*"); }

# Five rows, four people: ZX-1 twice; the number 1234567890 and the text
# "1234567890" are one person; 139012345678.0 is the id 139012345678.
{
	row s:name s:person_id s:enrolled
	row s:a s:ZX-1 d:2025-07-01
	row s:b n:1234567890 t:45839
	row s:c s:1234567890 s:2025/7/1
	row s:d n:139012345678.0 "s:2025年7月2日"
	row s:e s:ZX-1 d:2025-07-03
	echo
	row s:f s:ZX-2 s:2025-07-04T02:00:00Z
} | mk "$T/m.xlsx"
expect_exit 0 "$FRFILE" count "$T/m.xlsx" --json
expect_json "$T/out" '.individuals, .sources[0].rows, .sources[0].type' <<'EOF'
4
6
xlsx
EOF
# A numeric id column: one warning, on the first numeric cell's row.
expect_match "$T/err" "m\.xlsx:3: warning: the id column holds numbers: an id that began with 0 has lost its leading zeros"
expect_lines "$T/err" 1

# Dated: date cells, serials, text dates in three spellings, an ISO time
# (02:00Z is 10:00 in Beijing): four people by 2025-07-04.
expect_exit 0 "$FRFILE" count "$T/m.xlsx" --from-column enrolled \
    --threshold 4 --json
expect_eq 2025-07-04 "$(jv "$T/out" '.crossing_date')" crossing
expect_exit 0 "$FRFILE" count "$T/m.xlsx" --from-column 3 --threshold 2 --json
expect_eq 2025-07-01 "$(jv "$T/out" '.crossing_date')" "by number"

# The same people in a CSV export match the workbook's, under the run's key.
printf 'person_id\n1234567890\n139012345678\nZX-9\n' >"$T/e.csv"
expect_exit 0 "$FRFILE" count "$T/m.xlsx" "$T/e.csv" --json
expect_eq 5 "$(jv "$T/out" '.individuals')" "with csv"
expect_eq 2 "$(jv "$T/out" '.in_multiple_sources')" "in both"

# Fetched over HTTP (no extension in the URL): the body decides.
mkdir "$T/www" && cp "$T/m.xlsx" "$T/www/members"
start_httpd --dir "$T/www" --token s3cret-token
FRFILE_TOKEN=s3cret-token expect_exit 0 "$FRFILE" count --timeout 5 \
    --retries 0 "$BASE/f/members" "$T/e.csv" --json
expect_eq 5 "$(jv "$T/out" '.individuals')" "over http"
expect_eq xlsx "$(jv "$T/out" '.sources[0].type')" "http type"

# Content, not the name: a workbook called .csv, or given as csv:.
cp "$T/m.xlsx" "$T/members.csv"
expect_exit 0 "$FRFILE" count "$T/members.csv" --json
expect_eq 4 "$(jv "$T/out" '.individuals')" "named .csv"
expect_eq xlsx "$(jv "$T/out" '.sources[0].type')" "type .csv"
expect_exit 0 "$FRFILE" count "csv:$T/m.xlsx" --json
expect_eq 4 "$(jv "$T/out" '.individuals')" "forced csv:"
# Standard input (a pipe) is read whole.
cat "$T/m.xlsx" | expect_exit 0 "$FRFILE" count - --json
expect_eq 4 "$(jv "$T/out" '.individuals')" "stdin"

# The issue's case: --no-header on a workbook counts its rows, not zip
# fragments: 50 people and the header row, which is one more "id".
{
	row s:person_id
	i=1
	while [ $i -le 50 ]; do row "s:P$i"; row "s:P$i"; i=$((i + 1)); done
} | mk "$T/fifty.xlsx"
expect_exit 0 "$FRFILE" count "$T/fifty.xlsx" --json
expect_eq 50 "$(jv "$T/out" '.individuals')" fifty
expect_exit 0 "$FRFILE" count --no-header "$T/fifty.xlsx" --json
expect_eq 51 "$(jv "$T/out" '.individuals')" "fifty, no header"

# Sheets: the first by default, another by name; a missing one listed.
{
	echo "#sheet 说明"
	row "s:this sheet explains the export"
	echo "#sheet 会员"
	row s:会员号
	row s:A1
	row s:A2
	row s:A1
} | mk "$T/sheets.xlsx"
expect_exit 0 "$FRFILE" count --sheet 会员 --id-column 会员号 "$T/sheets.xlsx" --json
expect_eq 2 "$(jv "$T/out" '.individuals')" "--sheet"
expect_exit 3 "$FRFILE" count --sheet members "$T/sheets.xlsx"
expect_match "$T/err" "sheets\.xlsx: no sheet 'members' in the workbook \(sheets: '说明', '会员'\)$"
expect_exit 3 "$FRFILE" count "$T/sheets.xlsx"
expect_match "$T/err" "sheets\.xlsx:1: no 'person_id' or 'id' column in the header row \(columns: 'this sheet explains the export'\); name the id column with --id-column, or give --no-header$"
expect_exit 3 "$FRFILE" count --id-column 手机号 "$T/m.xlsx"
expect_match "$T/err" "m\.xlsx:1: no id column '手机号' in the header row \(columns: 'name', 'person_id', 'enrolled'\)$"

# An 18-digit ID number stored as a number has lost digits: an error
# naming the cell, whatever --skip-invalid says.
{
	row s:person_id
	row s:110105199001011234
	row n:110105199001011234
} | mk "$T/long.xlsx"
expect_exit 3 "$FRFILE" count --skip-invalid "$T/long.xlsx"
expect_match "$T/err" "long\.xlsx:3: cell A3: a numeric id of more than 15 digits: Excel keeps only 15 significant digits, so it has probably been rounded; format the id column as text"
expect_no_match "$T/err" '11010519'
expect_no_match "$T/out" 'individuals'

# Bad cells are row errors with the cell; --skip-invalid skips them.
{
	row s:person_id s:enrolled
	row s:P1 s:2025-13-01
	row b:1 d:2025-07-01
	row s:P3 n:3000000
	row s:P4 d:2025-07-01
} | mk "$T/bad.xlsx"
expect_exit 3 "$FRFILE" count --from-column enrolled "$T/bad.xlsx"
expect_match "$T/err" "bad\.xlsx:2: enrolment date '2025-13-01' is not a date"
expect_exit 0 "$FRFILE" count --skip-invalid --from-column enrolled "$T/bad.xlsx" --json
expect_eq 1 "$(jv "$T/out" '.individuals')" "skip-invalid"
expect_eq 3 "$(jv "$T/out" '.invalid_rows_skipped')" "skipped"
expect_match "$T/err" "bad\.xlsx:3: warning: cell A3 holds TRUE or FALSE, not an id$"
expect_match "$T/err" "bad\.xlsx:4: warning: cell B4: '3000000' is not a date \(an Excel serial date from 1 to 2958465\)$"

# A cell longer than any id is an error that says so, even when it is
# the row's only value (it was once taken for an empty cell).
long=$(head -c 5000 /dev/zero | tr '\0' 'x')
{
	row s:person_id
	row s:P1
	row "s:$long"
} | mk "$T/long.xlsx"
expect_exit 3 "$FRFILE" count "$T/long.xlsx"
expect_match "$T/err" "long\.xlsx:3: .*longer than an id or date can be"
expect_exit 0 "$FRFILE" count --skip-invalid "$T/long.xlsx" --json
expect_eq 1 "$(jv "$T/out" '.invalid_rows_skipped')" "long cell skipped"

# A ZIP that is no workbook, and a damaged one, are refused.
printf 'person_id\nP1\n' >"$T/ids.txt"
(cd "$T" && zip -q plain.zip ids.txt) || fail zip
expect_exit 3 "$FRFILE" count "$T/plain.zip"
expect_match "$T/err" "plain\.zip: a ZIP archive but not an Excel workbook \(no xl/workbook\.xml\)$"
head -c 2000 "$T/m.xlsx" >"$T/cut.xlsx"
expect_exit 3 "$FRFILE" count "$T/cut.xlsx"
expect_match "$T/err" "cut\.xlsx: a damaged ZIP archive: "
expect_exit 3 "$FRFILE" count "xlsx:$T/e.csv"
expect_match "$T/err" "e\.csv: not an XLSX workbook \(not a ZIP archive\)$"
exit 0
