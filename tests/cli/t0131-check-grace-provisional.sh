#!/bin/sh
# frfile check: counts reached before 2025-06-01 (the 2025-07-14 rule),
# a crossing day that is only bounded, and a due date in a year that is
# not loaded (counted Monday to Friday, provisional, never OK, naming
# the year to load; --assume-weekends is accepted and changes nothing).
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
expect_eq 2025-06-02 "$(jv "$T/out" '.derived.crossing_date')" "earliest day"
expect_eq false "$(jv "$T/out" '.derived.crossing_exact')" "exact"
expect_exit 1 "$FRFILE" check --ledger "$L" --today 2025-06-20
expect_match "$T/out" 'filing due 2025-07-14 \(Monday\), .*reached on 2025-06-02 at the earliest \(exact day unknown: last count below on 2025-06-01, first at or over on 2025-06-20\)'

# Crossing on 2026-11-20: the due date falls in 2027.
L=$T/late.db
rec 99000 --date 2026-11-19
rec 100001 --date 2026-11-20
expect_exit 1 "$FRFILE" check --ledger "$L" --today 2026-11-23
expect_lines "$T/out" 1
expect_match "$T/out" "^FRFILE WARNING: filing due 2027-01-01 \\(Friday\\), 29 working days left; .*; provisional: calendar year 2027 is not loaded and was counted Monday to Friday; load it with 'frfile calendar fetch --year 2027' \\|"
expect_exit 1 "$FRFILE" check --ledger "$L" --today 2026-11-23 --json
expect_eq 2027 "$(jv "$T/out" '.missing_year')" "missing year"
expect_eq true "$(jv "$T/out" '.provisional')" provisional
cp "$T/out" "$T/plain.json"
expect_exit 1 "$FRFILE" check --ledger "$L" --today 2026-11-23 --assume-weekends --json
cmp -s "$T/out" "$T/plain.json" || fail "--assume-weekends changed the answer"
# Far from the due date (-w 5) it is still WARNING: a guess is never OK.
expect_exit 1 "$FRFILE" check --ledger "$L" --today 2026-11-23 -w 5 -c 1
expect_match "$T/out" '^FRFILE WARNING: .*provisional'
# Once the year is loaded the answer is exact.
mkdir -p "$XDG_DATA_HOME/frfile/calendar"
printf '{"year": 2027, "papers": [], "days": [{"name": "元旦", "date": "2027-01-01", "isOffDay": true}]}\n' >"$XDG_DATA_HOME/frfile/calendar/2027.json"
expect_exit 0 "$FRFILE" check --ledger "$L" --today 2026-11-23 -w 5 -c 1 --json
expect_eq false "$(jv "$T/out" '.provisional')" provisional
expect_eq 2027-01-04 "$(jv "$T/out" '.due')" "due with 2027 loaded"
exit 0
