#!/bin/sh
# Art. 15: over the line and not filed, with the due date (30 working
# days after the day 100,000 was reached).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/assess-lib.sh"

variant "d['filing']['date'] = ''"
expect_exit 1 "$FRFILE" assess "$T/f.json" --today 2026-12-10 --json
expect_eq fail "$(rule "$T/out" art15.filing None)"
expect_eq overdue "$(reason "$T/out" art15.filing None)"
expect_eq 2026-11-30 "$(json_get "$T/out" "[r['due'] for r in d['rules'] if r['id']=='art15.filing'][0]")"
# Overdue: the treatment item is due at once.
expect_eq 2026-12-10 "$(json_get "$T/out" "[t['deadline'] for t in d['treatment'] if t['rule']=='art15.filing'][0]")"
# Within the 30 working days: open, for review, not a breach.
expect_exit 0 "$FRFILE" assess "$T/f.json" --today 2026-11-20 --json
expect_eq needs_review "$(rule "$T/out" art15.filing None)"
expect_eq not_filed "$(reason "$T/out" art15.filing None)"
# A planned submission within the period, and one after it.
variant "d['filing']['date'] = '2026-11-27'"
expect_exit 0 "$FRFILE" assess "$T/f.json" --today 2026-11-20 --json
expect_eq in_preparation "$(reason "$T/out" art15.filing None)"
variant "d['filing']['date'] = '2026-12-04'"
expect_exit 1 "$FRFILE" assess "$T/f.json" --today 2026-11-20 --json
expect_eq fail "$(rule "$T/out" art15.filing None)"
expect_eq planned_late "$(reason "$T/out" art15.filing None)"

# Estimates are not what is stored: with only the filing's estimates the
# count is unknown, however large or small they are.
variant "d['filing']['date'] = ''" "d['filing']['reached_date'] = ''" \
    "d['applications'][2]['subjects_estimated'] = 1000"
expect_exit 0 "$FRFILE" assess "$T/f.json" --today 2026-12-10 --json
expect_eq needs_review "$(rule "$T/out" art15.filing None)"
expect_eq no_count "$(reason "$T/out" art15.filing None)"
expect_no_match "$T/out" 'subjects_estimated.*[0-9]'
# Under the line by the facts: not applicable.
expect_exit 0 "$FRFILE" assess "$T/f.json" --today 2026-12-10 \
    --facts "$FX/facts-clean.json" --json
expect_eq not_applicable "$(rule "$T/out" art15.filing None)"
# Facts over the line beat the estimate.
# (The crossing day is unknown, so no due date: open for review.)
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
expect_eq true "$(json_get "$T/out" "d['stored']['reached']")"
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
