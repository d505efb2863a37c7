#!/bin/sh
# frfile calendar fetch --year YEAR: the holiday-cn file of that year from
# the default URL template, or one given by --url-template or
# FRFILE_CALENDAR_URL (tested on loopback); a file of another year is
# refused; `fetch URL` keeps working.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/httpd-lib.sh"
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY

mkdir -p "$T/www"
printf '{"year": 2027, "papers": ["https://example.invalid/2027"], "days": [{"name": "元旦", "date": "2027-01-01", "isOffDay": true}]}\n' >"$T/www/2027.json"
printf '{"year": 2028, "papers": [], "days": [{"name": "元旦", "date": "2028-01-03", "isOffDay": true}]}\n' >"$T/www/2028.json"
cp "$T/www/2027.json" "$T/www/2029.json"	# the wrong year inside
start_httpd --dir "$T/www"
caldir=$XDG_DATA_HOME/frfile/calendar

# The default template is the holiday-cn data set's, shown by --help.
"$FRFILE" calendar --help >"$T/help"
expect_match "$T/help" 'https://raw.githubusercontent.com/NateScarlet/holiday-cn/master/'
expect_match "$T/help" 'FRFILE_CALENDAR_URL'

expect_exit 0 "$FRFILE" calendar fetch --year 2027 --url-template "$BASE/f/{year}.json"
expect_match "$T/out" "^imported 2027: 1 day\\(s\\) off, 0 make-up working day\\(s\\), .* into $caldir/2027.json"
cmp -s "$T/www/2027.json" "$caldir/2027.json" || fail "stored file differs"

FRFILE_CALENDAR_URL="$BASE/f/{year}.json" expect_exit 0 "$FRFILE" calendar fetch --year 2028
expect_match "$T/out" '^imported 2028'

# A file of another year than asked: nothing imported.
expect_exit 3 "$FRFILE" calendar fetch --year 2029 --url-template "$BASE/f/{year}.json"
expect_lines "$T/err" 1
expect_match "$T/err" 'the file is the calendar of 2027, not of 2029; nothing imported'
test -e "$caldir/2029.json" && fail "2029 imported"
expect_exit 3 "$FRFILE" calendar fetch --year 2030 --url-template "$BASE/f/{year}.json"
expect_match "$T/err" 'HTTP 404'

# Usage.
expect_exit 2 "$FRFILE" calendar fetch --year 2027 --url-template "$BASE/f/2027.json"
expect_match "$T/err" "has no \\{year\\}"
expect_exit 2 "$FRFILE" calendar fetch "$BASE/f/2027.json" --year 2027
expect_match "$T/err" 'give a URL or --year, not both'
expect_exit 2 "$FRFILE" calendar show 2027 --year 2027
expect_exit 2 "$FRFILE" calendar fetch --year 27
# fetch URL as before.
rm "$caldir/2027.json"
expect_exit 0 "$FRFILE" calendar fetch "$BASE/f/2027.json"
expect_match "$T/out" '^imported 2027'
exit 0
