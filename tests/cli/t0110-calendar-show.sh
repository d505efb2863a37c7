#!/bin/sh
# frfile calendar show/list: the built-in years as data files.
. "$(dirname "$0")/lib.sh"

expect_exit 0 "$FRFILE" calendar show 2025
expect_match "$T/out" '^  2025-01-28 … 2025-02-04   8 days  春节$'
expect_match "$T/out" '^  2025-01-26 Sunday +春节$'
expect_match "$T/out" '^working days in 2025: 248$'
expect_match "$T/out" 'content_6986383'

expect_exit 0 "$FRFILE" calendar show 2026 --json
expect_json "$T/out" '.year, .working_days, .makeup_days, .origin' <<'EOF'
2026
248
6
built-in
EOF
expect_eq 2026-02-28 "$(json_get "$T/out" "[x['date'] for x in d['days'] if not x['is_off_day']][2]")" "third make-up day"
expect_eq 251 "$("$FRFILE" calendar show 2024 --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["working_days"])')" "2024"

expect_exit 0 "$FRFILE" calendar list
expect_lines "$T/out" 3
expect_match "$T/out" '^2024  built-in'

expect_exit 3 "$FRFILE" calendar show 2027
expect_lines "$T/err" 1
expect_match "$T/err" 'calendar year 2027 is not loaded'
expect_exit 2 "$FRFILE" calendar show next
expect_match "$T/err" "YEAR: 'next' is not a year"
expect_exit 2 "$FRFILE" calendar
expect_exit 2 "$FRFILE" calendar frobnicate 1
expect_match "$T/err" "unknown subcommand 'frobnicate'"
exit 0
