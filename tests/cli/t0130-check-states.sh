#!/bin/sh
# frfile check: every state of the monitoring check, its status line,
# performance data and exit code (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN).
# Expected due dates and working-day counts were counted independently
# on the 2025 notice.
. "$(dirname "$0")/lib.sh"

FRFILE_LEDGER=$T/ledger.db
export FRFILE_LEDGER
rec() { "$FRFILE" record "$1" --date "$2" --today "$2" >/dev/null || fail "record $*"; }
ev() { "$FRFILE" event "$1" --date "$2" --today "$2" >/dev/null || fail "event $*"; }
chk() {	# chk EXIT TODAY [ARGS...]: one line, exit as expected
	want=$1 today=$2
	shift 2
	expect_exit "$want" "$FRFILE" check --today "$today" --max-age 3650 "$@"
	expect_lines "$T/out" 1
	expect_match "$T/out" '^FRFILE (OK|WARNING|CRITICAL|UNKNOWN): .* \| individuals=([0-9]+|U) workdays_left=(-?[0-9]+|U)$'
}

# Nothing recorded.
chk 3 2025-06-01
expect_match "$T/out" '^FRFILE UNKNOWN: nothing recorded: no ledger at '
test -e "$FRFILE_LEDGER" && fail "check created the ledger"

# Below the line: OK; WARNING from --warn-count.
rec 90000 2025-06-01
chk 0 2025-06-05
expect_match "$T/out" '^FRFILE OK: 90000 individuals on 2025-06-01, below the 100000 line \| individuals=90000 workdays_left=U$'
chk 1 2025-06-05 --warn-count 90000
expect_match "$T/out" '^FRFILE WARNING: 90000 individuals on 2025-06-01, at or over the warning count 90000'
chk 0 2025-06-05 --warn-count 90001
expect_exit 0 "$FRFILE" check --today 2025-06-05 --json
expect_json "$T/out" '.state, .individuals, has("workdays_left"), .workdays_left' <<'EOF'
OK
90000
true
null
EOF

# Reached on 2025-06-10 (exact: a count below on 06-09): due 2025-07-22.
rec 99000 2025-06-09
rec 100000 2025-06-10
chk 1 2025-06-10
expect_match "$T/out" '^FRFILE WARNING: filing due 2025-07-22 \(Tuesday\), 30 working days left; the 100000 line was reached on 2025-06-10 \| individuals=100000 workdays_left=30$'
chk 0 2025-06-10 -w 29
expect_match "$T/out" '^FRFILE OK: filing due 2025-07-22 \(Tuesday\), 30 working days left'
chk 1 2025-06-11 -w 29
expect_match "$T/out" 'workdays_left=29$'
chk 2 2025-07-15
expect_match "$T/out" '^FRFILE CRITICAL: filing due 2025-07-22 \(Tuesday\), 5 working days left'
chk 1 2025-07-15 -c 4
chk 2 2025-07-25
expect_match "$T/out" '^FRFILE CRITICAL: filing overdue by 3 working days: was due 2025-07-22 \(Tuesday\);.* workdays_left=-3$'
expect_exit 2 "$FRFILE" check --today 2025-07-25 --json
expect_json "$T/out" '.overdue, .workdays_left, .due' <<'EOF'
true
-3
2025-07-22
EOF
# --threshold moves the line (for tests and future rules).
chk 0 2025-07-25 --threshold 200000
expect_match "$T/out" 'below the 200000 line'

# Submitted and waiting: OK until the 15-working-day review has passed.
ev submitted 2025-07-01
chk 0 2025-07-10
expect_match "$T/out" '^FRFILE OK: filing submitted on 2025-07-01, under review until 2025-07-22 \(Tuesday\)'
chk 1 2025-07-25
expect_match "$T/out" 'review ended 2025-07-22 \(Tuesday\) with no result recorded'

# Returned for improvement: 10 working days, same -w/-c logic.
ev returned 2025-07-10
chk 1 2025-07-11
expect_match "$T/out" '^FRFILE WARNING: supplement due 2025-07-24 \(Thursday\), 9 working days left; returned for improvement on 2025-07-10'
chk 0 2025-07-11 -w 8 -c 2
chk 2 2025-07-28
expect_match "$T/out" 'supplement overdue by 2 working days'

# Completed.
ev completed 2025-07-20
chk 0 2025-07-28
expect_match "$T/out" '^FRFILE OK: filing completed on 2025-07-20 with 100000 individuals \|'

# Changed after completion: amendment due in 30 working days.
ev changed 2025-09-01
chk 1 2025-09-02
expect_match "$T/out" '^FRFILE WARNING: amendment due 2025-10-17 \(Friday\), 29 working days left; substantive change on 2025-09-01'
ev submitted 2025-09-10
ev completed 2025-09-20
chk 0 2025-10-01

# Terminated: cancellation due in 30 working days.
ev terminated 2025-11-03
chk 1 2025-11-04
expect_match "$T/out" '^FRFILE WARNING: cancellation due 2025-12-15 \(Monday\), 29 working days left; application terminated on 2025-11-03'

# Failed: a new filing is needed.
ev failed 2025-12-01
chk 2 2025-12-02
expect_match "$T/out" '^FRFILE CRITICAL: filing review failed on 2025-12-01: a new filing is needed'
# --today in the past sees only what was known then.
chk 0 2025-06-05

# Bad arguments are UNKNOWN (3), never CRITICAL.
for a in "-w -1" "-w x" "-c 1.5" "--warn-count 0" "--threshold -5" "--today 2025-02-30" "--bogus"; do
	# shellcheck disable=SC2086
	expect_exit 3 "$FRFILE" check $a
	expect_match "$T/err" '^frfile: check: '
done
# Due on a Friday, checked the Saturday after: overdue, though no
# working day has passed yet (not "overdue by 0 working days").
FRFILE_LEDGER=$T/friday.db
rec 120000 2026-10-23
chk 2 2026-12-05
expect_match "$T/out" '^FRFILE CRITICAL: filing overdue: was due 2026-12-04 \(Friday\);.* workdays_left=0$'
chk 2 2026-12-07
expect_match "$T/out" '^FRFILE CRITICAL: filing overdue by 1 working day: was due 2026-12-04'
exit 0
