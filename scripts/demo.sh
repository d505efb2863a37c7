#!/bin/sh
# make demo: the main job on sample data — the statutory deadlines of each
# event on the official calendar, then a fictional processor's ledger and
# the monitoring check as a cron job would run it on several days.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
F=${FRFILE:-$top/build/frfile}
T=$(mktemp -d "${TMPDIR:-/tmp}/frfile-demo.XXXXXX")
trap 'rm -rf "$T"' EXIT
FRFILE_LEDGER=$T/ledger.db
XDG_DATA_HOME=$T/xdg
export FRFILE_LEDGER XDG_DATA_HOME
unset FRFILE_TODAY

echo "== Deadlines (Art. 15 of the Measures; filing instructions), counted in"
echo "== working days on the State Council calendar, the event's day not counted"
printf '\n%-12s %-11s %-10s %-10s %-9s %s\n' EVENT DATE DUE WEEKDAY "WORKDAYS" RULE
for row in "reached 2025-03-01" "reached 2025-06-01" "reached 2025-09-15" \
    "change 2025-12-20" "termination 2026-01-20" "submitted 2025-09-25" \
    "returned 2026-02-10"; do
	# shellcheck disable=SC2086
	"$F" deadline $row --json | python3 -c '
import json, sys
d = json.load(sys.stdin)
print("%-12s %-11s %-10s %-10s %-9s %s" % (d["event"], d["date"], d["due"],
      d["due_weekday"], d["working_days"], d["rule"]))' || exit 1
done
echo
"$F" deadline reached 2025-09-15 || exit 1
"$F" deadline reached 2026-11-20 --assume-weekends || exit 1

echo
echo "== A sample ledger: nightly counts of a fictional processor"
for c in "2025-09-01 82000" "2025-09-08 91500" "2025-09-12 97800" \
    "2025-09-15 100420"; do
	set -- $c
	"$F" record "$2" --date "$1" --source nightly --today "$1" >/dev/null || exit 1
done
"$F" ledger --today 2025-09-15 || exit 1

echo
echo "== The cron check on a few days (exit codes: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN)"
for day in 2025-09-10 2025-09-16 2025-10-27 2025-11-05; do
	printf '%s  ' "$day"
	"$F" check --today "$day" --warn-count 95000
	echo "            exit $?"
done
echo
"$F" event submitted --date 2025-10-20 --today 2025-10-20 >/dev/null || exit 1
printf '%s  ' 2025-10-21
"$F" check --today 2025-10-21
echo "            exit $?"
"$F" event completed --date 2025-11-03 --today 2025-11-03 >/dev/null || exit 1
printf '%s  ' 2025-11-05
"$F" check --today 2025-11-05
echo "            exit $?"
exit 0
