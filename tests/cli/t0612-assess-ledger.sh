#!/bin/sh
# Art. 15 from the ledger: the count and the crossing day come from the
# ledger, the due date is 30 working days later, and a recorded
# submission satisfies the rule.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/assess-lib.sh"

L=$T/ledger.db
variant "d['filing']['date'] = ''" "d['filing']['reached_date'] = ''" \
    "d['assessment']['date'] = '2026-08-01'"
expect_exit 0 "$FRFILE" record 90000 --date 2026-09-01 --ledger "$L"
expect_exit 0 "$FRFILE" record 101000 --date 2026-09-02 --ledger "$L"
# Within the period: open, with the due date.
expect_exit 0 "$FRFILE" assess "$T/f.json" --ledger "$L" --today 2026-09-10 --json
expect_eq needs_review "$(rule "$T/out" art15.filing None)"
evidence "$T/out" art15.filing None >"$T/ev"
expect_match "$T/ev" '^ledger individuals=101000'
expect_match "$T/ev" '^ledger reached=2026-09-02'
# 30 working days after 2026-09-02, across the National Day holiday.
due=$("$FRFILE" deadline reached 2026-09-02 --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["due"])')
expect_eq "$due" "$(json_get "$T/out" "[r['due'] for r in d['rules'] if r['id']=='art15.filing'][0]")"
expect_exit 0 "$FRFILE" assess "$T/f.json" --ledger "$L" --today 2026-09-10
expect_match "$T/out" "^        due: $due"
# Past the due date and not filed: failed, to be treated at once.
expect_exit 1 "$FRFILE" assess "$T/f.json" --ledger "$L" --today 2026-10-22 --json
expect_eq fail "$(rule "$T/out" art15.filing None)"
expect_eq overdue "$(reason "$T/out" art15.filing None)"
expect_eq 2026-10-22 "$(json_get "$T/out" "[t['deadline'] for t in d['treatment'] if t['rule']=='art15.filing'][0]")"
# Submitted: the rule passes.
expect_exit 0 "$FRFILE" event submitted --date 2026-09-20 --ledger "$L"
expect_exit 0 "$FRFILE" assess "$T/f.json" --ledger "$L" --today 2026-09-25 --json
expect_eq pass "$(rule "$T/out" art15.filing None)"
# A ledger that is not there is an error, not an empty count.
expect_exit 3 "$FRFILE" assess "$T/f.json" --ledger "$T/none.db"
