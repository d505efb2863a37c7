#!/bin/sh
# Art. 7: the facts show under-14s without guardian consent. The filing
# declares a guardian process, but facts beat declarations.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/assess-lib.sh"

expect_exit 1 "$FRFILE" assess "$SAMPLES/filing.json" --today $TODAY \
    --facts "$FX/facts-minors.json" --facts "$FX/facts-clean.json" --json
expect_eq fail "$(rule "$T/out" art7.guardian_consent 2)"
expect_eq facts_minors "$(reason "$T/out" art7.guardian_consent 2)"
evidence "$T/out" art7.guardian_consent 2 >"$T/ev"
expect_match "$T/ev" 'reception-kiosk-01.* minors_without_guardian_consent=3'
expect_match "$T/ev" '^filing applications\[2\]\.minors'
# The store belongs to the kiosk (fact_devices): no processor-level row.
expect_eq absent "$(rule "$T/out" art7.guardian_consent None)"
# Declared only: under-14s possible but no guardian process.
variant "d['applications'][0]['minors'] = {'under_14_possible': True, 'guardian_consent_process': '', 'dedicated_rules': ''}"
# validate rejects that filing; assess validates first (rule: unit test).
expect_exit 1 "$FRFILE" assess "$T/f.json" --today $TODAY --json
expect_match "$T/err" 'not assessed: '
expect_match "$T/err" 'guardian_consent_process: missing' 
# A clean facts file changes nothing.
expect_exit 0 "$FRFILE" assess "$SAMPLES/filing.json" --today $TODAY \
    --facts "$FX/facts-clean.json"
