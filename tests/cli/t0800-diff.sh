#!/bin/sh
# frfile diff: classification, array matching by id, masking, due date,
# exit codes and bad input.
. "$(dirname "$0")/lib.sh"

S=$SAMPLES/filing.json
python3 - "$S" "$T" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d['contact']['phone'] = '0571-80000009'        # minor
d['applications'].reverse()                     # reordering: no change
json.dump(d, open(sys.argv[2] + '/minor.json', 'w'), ensure_ascii=False)
d['applications'][0]['purpose'] = '新的处理目的。'  # substantive
d['legal_representative']['id_number'] = '11010519491231002X'
d['filing']['change_date'] = '2026-03-02'
json.dump(d, open(sys.argv[2] + '/subst.json', 'w'), ensure_ascii=False)
PY

expect_exit 0 "$FRFILE" diff "$S" "$S"
expect_match "$T/out" '^No changes\.$'

expect_exit 0 "$FRFILE" diff "$S" "$T/minor.json"
expect_match "$T/out" '^minor +changed contact\.phone$'
expect_match "$T/out" '^No amendment is needed\.$'
expect_no_match "$T/out" 'applications\['

expect_exit 1 "$FRFILE" diff "$S" "$T/subst.json" --json
expect_eq true "$(jv "$T/out" '.amendment_required')" amendment_required
expect_eq 2 "$(jv "$T/out" '.substantive')" substantive
# 30 working days after 2026-03-02 on the 2026 calendar (04-06 is Qingming).
expect_eq 2026-04-14 "$(jv "$T/out" '.due')" due
expect_eq applications[0].purpose \
    "$(json_get "$T/out" "[c['path'] for c in d['changes'] if c['rule']=='applications[*].purpose'][0]")"
# ID numbers never appear in clear.
expect_no_match "$T/out" '11010519491231002X'
expect_match "$T/out" '1101\*+002X'

expect_exit 1 "$FRFILE" diff "$S" "$T/subst.json"
expect_match "$T/out" 'An amendment is due by 2026-04-14 \(Tuesday\)'
expect_no_match "$T/out" '11010519491231002X'

# --date overrides; a year not loaded is said, the diff still printed.
expect_exit 1 "$FRFILE" diff "$S" "$T/subst.json" --date 2027-03-01
expect_match "$T/err" 'calendar year 2027 is not loaded'
expect_exit 1 "$FRFILE" diff "$S" "$T/subst.json" --date 2027-03-01 --assume-weekends --json
expect_eq true "$(jv "$T/out" '.provisional')" provisional

# Bad input: one line, non-zero.
printf '{"a": 1,, }' >"$T/broken.json"
expect_exit 3 "$FRFILE" diff "$S" "$T/broken.json"
expect_match "$T/err" 'broken\.json:1:'
expect_exit 3 "$FRFILE" diff "$S" "$T/missing.json"
expect_match "$T/err" 'missing\.json'
expect_exit 2 "$FRFILE" diff "$S"
expect_exit 2 "$FRFILE" diff "$S" "$S" --date 2026-02-30
echo '{"schema":"x"}' >"$T/rules.json"
expect_exit 3 "$FRFILE" diff "$S" "$S" --rules "$T/rules.json"
expect_match "$T/err" 'rules\.json: schema: expected'
