#!/bin/sh
# frfile check: counts reached before 2025-06-01 (the 2025-07-14 rule),
# a crossing day that is only bounded, and a due date in a year that is
# not loaded (UNKNOWN naming the year, or provisional).
. "$(dirname "$0")/lib.sh"

L=$T/ledger.db
rec() { "$FRFILE" record "$@" --ledger "$L" --today 2026-12-31 >/dev/null || fail "record $*"; }

rec 150000 --date 2025-03-01
expect_exit 1 "$FRFILE" check --ledger "$L" --today 2025-06-15
expect_match "$T/out" '^FRFILE WARNING: filing due 2025-07-14 \(Monday\), 21 working days left \(the 2025-07-14 rule for counts reached before 2025-06-01\); the 100000 line was reached by 2025-03-01 \(no earlier count below it; the day may be earlier\)'

# A gap: last complete count below on 06-01, first over on 06-20: the
# deadline counts from 06-02, the earliest possible day.
L=$T/gap.db
rec 90000 --date 2025-06-01
rec 95000 --date 2025-06-10 --partial
rec 101000 --date 2025-06-20
expect_exit 0 "$FRFILE" ledger --ledger "$L" --today 2025-06-20 --json
expect_eq 2025-06-02 "$(json_get "$T/out" "d['derived']['crossing_date']")" "earliest day"
expect_eq false "$(json_get "$T/out" "d['derived']['crossing_exact']")" "exact"
expect_exit 1 "$FRFILE" check --ledger "$L" --today 2025-06-20
expect_match "$T/out" 'filing due 2025-07-14 \(Monday\), .*reached on 2025-06-02 at the earliest \(exact day unknown: last count below on 2025-06-01, first at or over on 2025-06-20\)'

# Crossing on 2026-11-20: the due date falls in 2027.
L=$T/late.db
rec 99000 --date 2026-11-19
rec 100001 --date 2026-11-20
expect_exit 3 "$FRFILE" check --ledger "$L" --today 2026-11-23
expect_lines "$T/out" 1
expect_match "$T/out" '^FRFILE UNKNOWN: calendar year 2027 is not loaded: .*frfile calendar import FILE'
expect_exit 3 "$FRFILE" check --ledger "$L" --today 2026-11-23 --json
expect_eq 2027 "$(json_get "$T/out" "d['missing_year']")" "missing year"
expect_exit 1 "$FRFILE" check --ledger "$L" --today 2026-11-23 --assume-weekends
expect_match "$T/out" 'filing due 2027-01-01 \(Friday\), 29 working days left;.*\(provisional: '
expect_exit 1 "$FRFILE" check --ledger "$L" --today 2026-11-23 --assume-weekends --json
expect_eq true "$(json_get "$T/out" "d['provisional']")" provisional
exit 0
