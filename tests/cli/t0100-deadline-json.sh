#!/bin/sh
# frfile deadline: JSON for each event (due date, working days, rule),
# the grace rule, the sentence with weekdays, and --assume-weekends.
. "$(dirname "$0")/lib.sh"

# event date due working_days rule (dates counted from the State Council
# notices by hand: see tests/unit/test_deadline.c)
while read -r ev date due wd rule; do
	expect_exit 0 "$FRFILE" deadline "$ev" "$date" --json
	expect_eq "$ev $date $due $wd $rule false" "$(jv "$T/out" \
	    '[.event, .date, .due, .working_days, .rule, .provisional] |
	    map(tostring) | join(" ")')" "$ev $date: event date due working_days rule provisional"
done <<'ROWS'
reached 2025-06-01 2025-07-14 30 counted
reached 2025-05-31 2025-07-14 30 grace
reached 2024-01-15 2025-07-14 30 grace
reached 2025-06-10 2025-07-22 30 counted
reached 2025-09-15 2025-10-31 30 counted
change 2024-12-31 2025-02-18 30 counted
termination 2026-01-20 2026-03-09 30 counted
submitted 2025-09-25 2025-10-22 15 counted
returned 2026-02-10 2026-03-02 10 counted
ROWS

# The sentence names the weekdays.
expect_exit 0 "$FRFILE" deadline reached 2025-06-10
expect_match "$T/out" '^reached 2025-06-10 \(Tuesday\): file the application by 2025-07-22 \(Tuesday\), the 30th working day after\.$'
expect_exit 0 "$FRFILE" deadline reached 2025-03-01
expect_match "$T/out" 'by 2025-07-14 \(Monday\), the fixed date'
expect_exit 0 "$FRFILE" deadline submitted 2025-08-01
expect_match "$T/out" 'review ends on 2025-08-22 \(Friday\)'

# A year that is not loaded: one line naming it and how to load it.
expect_exit 3 "$FRFILE" deadline reached 2026-11-20
expect_lines "$T/err" 1
expect_match "$T/err" '^frfile: deadline: calendar year 2027 is not loaded: .*frfile calendar import FILE.*--assume-weekends'
test -s "$T/out" && fail "output on error"

# --assume-weekends computes anyway and says provisional.
expect_exit 0 "$FRFILE" deadline reached 2026-11-20 --assume-weekends --json
expect_json "$T/out" '.due, .provisional, .assumed_years' provisional <<'EOF'
2027-01-01
true
2027
EOF
expect_exit 0 "$FRFILE" deadline reached 2026-11-20 --assume-weekends
expect_match "$T/out" '^Provisional: the calendar for 2027 is not loaded'
# Inside loaded years it stays exact.
expect_exit 0 "$FRFILE" deadline reached 2025-06-10 --assume-weekends --json
expect_eq false "$(jv "$T/out" '.provisional')" "not provisional"
exit 0
