#!/bin/sh
# Art. 15 para. 1: filed within 30 working days of reaching 100,000. Each
# row: the filing's dates, the day assessed, the result and reason. A
# filing submitted after the due date is a failure whose sentence says
# how many working days late (checked against the calendar data), and
# like any failure it leaves the package to be rendered.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/assess-lib.sh"

while IFS='|' read -r reached date today code result reason; do
	variant "d['filing']['reached_date'] = '$reached'" \
	    "d['filing']['date'] = '$date'"
	expect_exit "$code" "$FRFILE" assess "$T/f.json" --today "$today" --json
	expect_eq "$result" "$(rule "$T/out" art15.filing None)" "$reached $date $today"
	expect_eq "$reason" "$(reason "$T/out" art15.filing None)" "$reached $date $today"
done <<'ROWS'
2026-10-19|2026-12-20|2026-12-10|1|fail|overdue
2026-10-19|2026-11-27|2026-11-20|0|needs_review|in_preparation
2026-10-19|2026-12-04|2026-11-20|1|fail|planned_late
2026-10-19|2026-11-27|2026-11-28|0|pass|filed
2026-01-05|2026-08-20|2026-11-28|1|fail|filed_late
ROWS
# Overdue: the treatment item is due at once.
variant "d['filing']['date'] = '2026-12-20'"
expect_exit 1 "$FRFILE" assess "$T/f.json" --today 2026-12-10 --json
expect_eq 2026-11-30 "$(json_get "$T/out" "[r['due'] for r in d['rules'] if r['id']=='art15.filing'][0]")"
expect_eq 2026-12-10 "$(json_get "$T/out" "[t['deadline'] for t in d['treatment'] if t['rule']=='art15.filing'][0]")"

# Late: the number of working days, counted on the official calendar.
variant "d['filing']['reached_date'] = '2026-01-05'" "d['filing']['date'] = '2026-08-20'"
expect_exit 1 "$FRFILE" assess "$T/f.json" --today 2026-11-28 --json
due=$(json_get "$T/out" "[r['due'] for r in d['rules'] if r['id']=='art15.filing'][0]")
n=$(python3 - "$top/data/calendar/2026.json" "$due" 2026-08-20 <<'PY'
import datetime, json, sys
cal = {d["date"]: d["isOffDay"] for d in json.load(open(sys.argv[1]))["days"]}
a = datetime.date.fromisoformat(sys.argv[2])
b = datetime.date.fromisoformat(sys.argv[3])
n = 0
while a < b:
    a += datetime.timedelta(days=1)
    s = a.isoformat()
    n += (not cal[s]) if s in cal else a.weekday() < 5
print(n)
PY
)
json_get "$T/out" "[r['detail']['en'] for r in d['rules'] if r['id']=='art15.filing'][0]" >"$T/say"
expect_match "$T/say" "submitted on 2026-08-20, $n working days after the due date of $due"
json_get "$T/out" "[r['detail']['zh'] for r in d['rules'] if r['id']=='art15.filing'][0]" >"$T/say"
expect_match "$T/say" "晚于${due}的备案期限${n}个工作日"
# It does not block the final package.
printf '{"individuals": 156300, "complete": true, "date": "2026-11-27", "crossing_date": "2026-01-05", "sources": []}\n' >"$T/late-count.json"
expect_exit 0 "$FRFILE" render "$T/f.json" --out "$T/pkg" --final \
    --today 2026-11-28 --format pdf --count "$T/late-count.json"
pdftotext -raw "$T/pkg/attachment-3-pipia.zh.pdf" - 2>/dev/null | tr -d ' \n' >"$T/z"
expect_match "$T/z" "${n}个工作日"

# Estimates are not what is stored: with only the filing's estimates the
# count is unknown, however large or small they are.
variant "d['filing']['date'] = '2027-01-20'" "d['filing']['reached_date'] = ''" \
    "d['applications'][2]['subjects_estimated'] = 1000"
expect_exit 0 "$FRFILE" assess "$T/f.json" --today 2026-12-10 --json
expect_eq needs_review "$(rule "$T/out" art15.filing None)"
expect_eq no_count "$(reason "$T/out" art15.filing None)"
expect_no_match "$T/out" 'subjects_estimated.*[0-9]'
# Under the line by the facts: not applicable.
expect_exit 0 "$FRFILE" assess "$T/f.json" --today 2026-12-10 \
    --facts "$FX/facts-clean.json" --json
expect_eq not_applicable "$(rule "$T/out" art15.filing None)"
expect_exit 0 "$FRFILE" assess "$T/f.json" --today 2026-12-10 \
    --facts "$FX/facts-big.json" --json
expect_eq needs_review "$(rule "$T/out" art15.filing None)"
evidence "$T/out" art15.filing None >"$T/ev"
expect_match "$T/ev" '^facts individuals=120000'
# "Reaches 100,000" is at least, not more than: a saved count of exactly
# 100,000 has reached the line; 99,999 has not.
for n in 100000 99999; do
	printf '{"individuals": %d, "complete": true, "date": "2026-12-01", "crossing_date": null, "sources": []}\n' $n >"$T/c$n.json"
done
expect_exit 0 "$FRFILE" assess "$T/f.json" --today 2026-12-10 \
    --count "$T/c100000.json" --json
expect_eq needs_review "$(rule "$T/out" art15.filing None)"
expect_eq true "$(jv "$T/out" '.stored.reached')"
expect_exit 0 "$FRFILE" assess "$T/f.json" --today 2026-12-10 \
    --count "$T/c99999.json" --json
expect_eq not_applicable "$(rule "$T/out" art15.filing None)"
# A broken saved count is refused naming the file and the field.
printf '{"individuals": -3, "date": "12/01/2026"}\n' >"$T/bad.json"
expect_exit 3 "$FRFILE" assess "$T/f.json" --today 2026-12-10 --count "$T/bad.json"
expect_match "$T/err" 'bad\.json: individuals: expected a whole number'
expect_match "$T/err" 'bad\.json: date: expected'
expect_match "$T/err" 'bad\.json: complete: expected'
exit 0
