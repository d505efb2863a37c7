#!/bin/sh
# frfile calendar import: validation (year, dates of another year,
# duplicates, contradictions, make-up weekdays), nothing written on error,
# and an imported year used by deadline and overriding a built-in one.
. "$(dirname "$0")/lib.sh"

caldir=$XDG_DATA_HOME/frfile/calendar

bad() {	# bad NAME JSON ERE: refused, one line per problem, nothing written
	printf '%s\n' "$2" >"$T/$1.json"
	expect_exit 3 "$FRFILE" calendar import "$T/$1.json"
	expect_match "$T/err" "$3"
	test -e "$caldir" && ls "$caldir" | grep -q . && fail "$1: something was written"
	return 0
}
bad other-year '{"year":2027,"days":[{"name":"元旦","date":"2026-01-01","isOffDay":true}]}' \
    "^frfile: calendar: .*/other-year.json: days\[0\]\.date: 2026-01-01 is not in 2027, the file's year$"
bad dup '{"year":2027,"days":[{"name":"元旦","date":"2027-01-01","isOffDay":true},{"name":"元旦","date":"2027-01-01","isOffDay":true}]}' \
    'days\[1\]\.date: 2027-01-01 is listed twice \(see days\[0\]\)$'
bad contra '{"year":2027,"days":[{"name":"春节","date":"2027-02-06","isOffDay":true},{"name":"春节","date":"2027-02-06","isOffDay":false}]}' \
    'days\[1\]\.date: 2027-02-06 is both a day off and a make-up working day'
bad makeup '{"year":2027,"days":[{"name":"春节","date":"2027-02-08","isOffDay":false}]}' \
    'days\[0\]\.date: 2027-02-08 is a Monday; a make-up working day must be a Saturday or Sunday'
bad baddate '{"year":2027,"days":[{"name":"x","date":"2027-02-30","isOffDay":true}]}' \
    "days\[0\]\.date: '2027-02-30' is not a valid date"
bad noyear '{"days":[{"name":"x","date":"2027-01-01","isOffDay":true}]}' \
    'year: missing'
bad notjson '{"year": 2027, "days": [' 'not valid JSON'
# Several problems: one line each.
bad several '{"year":2027,"days":[{"name":"a","date":"2026-12-31","isOffDay":true},{"name":"b","date":"2027-01-04","isOffDay":false},{"name":"c","date":"2027-01-01","isOffDay":"yes"}]}' 'days\[0\]'
expect_lines "$T/err" 3
expect_exit 3 "$FRFILE" calendar import "$T/missing.json"
expect_match "$T/err" 'missing.json: cannot read: no such file'

# A good 2027 file (fictional: only the test needs it).
cat >"$T/2027.json" <<'JSON'
{"year": 2027, "papers": ["https://example.invalid/2027"], "days": [
 {"name": "元旦", "date": "2027-01-01", "isOffDay": true},
 {"name": "测试", "date": "2027-01-04", "isOffDay": true},
 {"name": "测试", "date": "2027-01-09", "isOffDay": false}]}
JSON
expect_exit 3 "$FRFILE" deadline reached 2026-11-20
expect_exit 0 "$FRFILE" calendar import "$T/2027.json"
expect_match "$T/out" '^imported 2027: 2 day\(s\) off, 1 make-up working day\(s\)'
cmp "$T/2027.json" "$caldir/2027.json" || fail "stored file differs"
expect_exit 0 "$FRFILE" deadline reached 2026-11-20 --json
# 30 working days: 2026-12-31 is the 29th; 01-01 and 01-04 are off.
expect_eq 2027-01-05 "$(jv "$T/out" '.due')" "due with 2027 loaded"
expect_eq false "$(jv "$T/out" '.provisional')" provisional
expect_exit 0 "$FRFILE" calendar show 2027 --json
expect_eq imported "$(jv "$T/out" '.origin')" origin

# An import overrides a built-in year.
cat >"$T/2025.json" <<'JSON'
{"year": 2025, "days": [{"name": "元旦", "date": "2025-01-01", "isOffDay": true}]}
JSON
expect_exit 0 "$FRFILE" calendar import - <"$T/2025.json"
expect_match "$T/out" 'overrides the built-in year'
expect_exit 0 "$FRFILE" deadline reached 2025-06-01 --json
expect_eq 2025-07-11 "$(jv "$T/out" '.due')" "due with the override"
exit 0
