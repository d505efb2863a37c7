#!/bin/sh
# frfile record / event / ledger: what is stored comes back, the file is
# 0600, and bad input is refused with one line and nothing written.
. "$(dirname "$0")/lib.sh"

L=$T/sub/ledger.db
FRFILE_TODAY=2025-08-01
export FRFILE_TODAY

# Bad input first: nothing may be created.
for cnt in -5 -1 -0 -00 abc 12x 1.5 ""; do
	expect_exit 2 "$FRFILE" record "$cnt" --date 2025-06-01 --ledger "$L"
	expect_lines "$T/err" 1
	expect_match "$T/err" "^frfile: record: N: '$cnt' (is negative|is not a whole number|has a minus sign)"
done
for d in 2025-02-30 2025-13-01 tomorrow; do
	expect_exit 2 "$FRFILE" record 5 --date "$d" --ledger "$L"
	expect_lines "$T/err" 1
	expect_match "$T/err" "^frfile: record: --date: '$d' is not a valid date, expected YYYY-MM-DD$"
	expect_exit 2 "$FRFILE" event submitted --date "$d" --ledger "$L"
	expect_lines "$T/err" 1
done
expect_exit 2 "$FRFILE" record 5 --date 2025-08-02 --ledger "$L"
expect_match "$T/err" 'is in the future'
expect_exit 2 "$FRFILE" event approved --date 2025-06-01 --ledger "$L"
expect_lines "$T/err" 1
expect_match "$T/err" "^frfile: event: unknown event 'approved', expected submitted, returned, completed, failed, changed or terminated$"
expect_exit 2 "$FRFILE" record 5 --crossing-date 2025-07-01 --date 2025-06-01 --ledger "$L"
expect_match "$T/err" 'is after the count'
test -e "$L" && fail "bad input created the ledger"
test -e "$T/sub" && fail "bad input created the directory"

# Reading a ledger that does not exist: one line, exit 3, nothing created.
expect_exit 3 "$FRFILE" ledger --ledger "$L"
expect_lines "$T/err" 1
expect_match "$T/err" 'no ledger here'
test -e "$L" && fail "ledger created the file"

expect_exit 0 "$FRFILE" record 90000 --date 2025-06-01 --source fleet --ledger "$L"
expect_match "$T/out" "^recorded 90000 individuals on 2025-06-01 in $L$"
expect_file_mode "$L" 600
expect_exit 0 "$FRFILE" record 100200 --date 2025-06-05 --partial --crossing-date 2025-06-04 --ledger "$L" --json
expect_eq true "$(jv "$T/out" '.partial')" partial
expect_exit 0 "$FRFILE" event submitted --date 2025-07-25 --note "online, 个人信息保护业务系统" --ledger "$L"
# Default date is today (China Standard Time).
FRFILE_LEDGER=$L expect_exit 0 "$FRFILE" record 100300

expect_exit 0 "$FRFILE" ledger --ledger "$L" --json
expect_json "$T/out" '(.observations|length), .observations[2].date,
    .observations[0].source, .observations[1].crossing_date,
    .events[0].note, .derived.crossing_date,
    .derived.crossing_how, .derived.status,
    .derived.check.state' <<'EOF'
3
2025-08-01
fleet
2025-06-04
online, 个人信息保护业务系统
2025-06-04
recorded
submitted
OK
EOF
expect_exit 0 "$FRFILE" ledger --ledger "$L"
expect_match "$T/out" '^  2025-06-05        100200  -  partial  crossed on 2025-06-04$'
expect_match "$T/out" '^  filing status  submitted on 2025-07-25$'
# --today looks at the past: before the crossing.
expect_exit 0 "$FRFILE" ledger --ledger "$L" --today 2025-06-02 --json
expect_eq false "$(jv "$T/out" '.derived.crossed')" "crossed as of 06-02"
exit 0
