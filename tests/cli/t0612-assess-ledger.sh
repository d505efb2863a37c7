#!/bin/sh
# Art. 15 from the ledger: the count and the crossing day come from the
# ledger, the due date is 30 working days later, and a recorded
# submission satisfies the rule.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/assess-lib.sh"

L=$T/ledger.db
# 30 working days after 2026-09-02, across the National Day holiday.
due=$("$FRFILE" deadline reached 2026-09-02 --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["due"])')
variant "d['filing']['date'] = '$due'" "d['filing']['reached_date'] = ''" \
    "d['assessment']['date'] = '2026-08-01'"
expect_exit 0 "$FRFILE" record 90000 --date 2026-09-01 --ledger "$L"
expect_exit 0 "$FRFILE" record 101000 --date 2026-09-02 --ledger "$L"
# Within the period: open, with the due date.
expect_exit 0 "$FRFILE" assess "$T/f.json" --ledger "$L" --today 2026-09-10 --json
expect_eq needs_review "$(rule "$T/out" art15.filing None)"
evidence "$T/out" art15.filing None >"$T/ev"
expect_match "$T/ev" '^ledger individuals=101000'
expect_match "$T/ev" '^ledger reached=2026-09-02'
expect_eq "$due" "$(json_get "$T/out" "[r['due'] for r in d['rules'] if r['id']=='art15.filing'][0]")"
expect_exit 0 "$FRFILE" assess "$T/f.json" --ledger "$L" --today 2026-09-10
expect_match "$T/out" "^        due: $due"
# Submitted in time: the rule passes.
cp "$L" "$T/ontime.db" && cp "$L.key" "$T/ontime.db.key"
expect_exit 0 "$FRFILE" event submitted --date 2026-09-20 --ledger "$T/ontime.db"
expect_exit 0 "$FRFILE" assess "$T/f.json" --ledger "$T/ontime.db" --today 2026-09-25 --json
expect_eq pass "$(rule "$T/out" art15.filing None)"
# Submitted long after the due date: a failure that says how late.
expect_exit 0 "$FRFILE" event submitted --date 2026-12-24 --today 2026-12-28 --ledger "$L"
expect_exit 1 "$FRFILE" assess "$T/f.json" --ledger "$L" --today 2026-12-28 --json
expect_eq fail "$(rule "$T/out" art15.filing None)"
expect_eq filed_late "$(reason "$T/out" art15.filing None)"
json_get "$T/out" "[r['detail']['en'] for r in d['rules'] if r['id']=='art15.filing'][0]" >"$T/say"
expect_match "$T/say" "submitted on 2026-12-24, [0-9]+ working days after the due date of $due"
# Art. 14: the ledger file is measured too; open to others, it fails.
chmod 0644 "$L"
expect_exit 1 "$FRFILE" assess "$T/f.json" --ledger "$L" --today 2026-12-28 --json
expect_eq measured_defect "$(reason "$T/out" art14.access_control None)"
chmod 0600 "$L"
expect_exit 1 "$FRFILE" assess "$T/f.json" --ledger "$L" --today 2026-12-28 --json
expect_eq documented "$(reason "$T/out" art14.access_control None)"
# A ledger that is not there is an error, not an empty count.
expect_exit 3 "$FRFILE" assess "$T/f.json" --ledger "$T/none.db"
