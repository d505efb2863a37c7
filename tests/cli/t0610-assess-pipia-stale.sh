#!/bin/sh
# Art. 9: the PIPIA is older than a change of purpose or method, or than
# a major incident; or there is none.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/assess-lib.sh"

variant "d['filing']['type'] = 'change'" "d['filing']['change_date'] = '2026-11-15'"
expect_exit 1 "$FRFILE" assess "$T/f.json" --today $TODAY --json
expect_eq fail "$(rule "$T/out" art9.pipia_current None)"
expect_eq older_than_change "$(reason "$T/out" art9.pipia_current None)"
evidence "$T/out" art9.pipia_current None >"$T/ev"
expect_match "$T/ev" 'filing\.change_date="2026-11-15"'

variant "d['incidents'] = [{'date': '2026-11-12', 'description': '终端被盗', 'affected_individuals': 40, 'measures': '远程擦除', 'reported_to': '浙江省网信办'}]"
expect_exit 1 "$FRFILE" assess "$T/f.json" --today $TODAY --json
expect_eq older_than_incident "$(reason "$T/out" art9.pipia_current None)"
expect_eq true "$(json_get "$T/out" "d['risk'][0]['inputs']['incidents_here']")"

# A minor incident (not reported, few people) does not force a redo.
variant "d['incidents'] = [{'date': '2026-11-12', 'description': '误删', 'affected_individuals': 3, 'measures': '', 'reported_to': ''}]"
expect_exit 0 "$FRFILE" assess "$T/f.json" --today $TODAY --json
expect_eq pass "$(rule "$T/out" art9.pipia_current None)"

variant "del d['assessment']['date']"
expect_exit 1 "$FRFILE" assess "$T/f.json" --today $TODAY --json
expect_eq fail "$(rule "$T/out" art9.pipia_done None)"
variant "d['assessment']['date'] = '2026-12-30'"
expect_exit 1 "$FRFILE" assess "$T/f.json" --today $TODAY --json
expect_eq future_date "$(reason "$T/out" art9.pipia_done None)"
