#!/bin/sh
# Art. 8: retention missing in the filing, or records past retention in
# the facts.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/assess-lib.sh"

variant "del d['applications'][2]['retention_days']"
expect_exit 1 "$FRFILE" assess "$T/f.json" --today $TODAY --json
expect_match "$T/err" 'not assessed: '
variant "d['applications'][2]['retention_days'] = 0"
expect_exit 1 "$FRFILE" assess "$T/f.json" --today $TODAY --json
expect_match "$T/err" 'not assessed: '

expect_exit 1 "$FRFILE" assess "$SAMPLES/filing.json" --today $TODAY \
    --facts "$FX/facts-expired.json" --json
expect_eq fail "$(rule "$T/out" art8.retention 1)"
expect_eq facts_expired "$(reason "$T/out" art8.retention 1)"
evidence "$T/out" art8.retention 1 >"$T/ev"
expect_match "$T/ev" 'attend-park-01.*expired_pending_purge=12'
# The treatment says how to verify the fix.
expect_match "$T/out" 'no record past its retention period remains'
