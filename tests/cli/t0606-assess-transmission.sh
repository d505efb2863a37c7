#!/bin/sh
# Art. 8: facial information sent over the internet needs a legal basis
# or separate consent; the facts can contradict the filing.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/assess-lib.sh"

variant "d['applications'][0]['external_transmission'] = {'occurs': True, 'basis': 'none', 'recipients': 'vendor cloud', 'description': ''}"
expect_exit 1 "$FRFILE" assess "$T/f.json" --today $TODAY --json
expect_eq fail "$(rule "$T/out" art8.transmission 0)"
expect_eq no_basis "$(reason "$T/out" art8.transmission 0)"
expect_eq true "$(json_get "$T/out" "d['risk'][0]['inputs']['internet_exposed']")"

variant "d['applications'][0]['external_transmission'] = {'occurs': True, 'basis': 'separate_consent', 'recipients': 'group HQ', 'description': ''}"
expect_exit 0 "$FRFILE" assess "$T/f.json" --today $TODAY --json
expect_eq pass "$(rule "$T/out" art8.transmission 0)"

# The filing says nothing leaves the device; the facts say otherwise.
expect_exit 1 "$FRFILE" assess "$SAMPLES/filing.json" --today $TODAY \
    --facts "$FX/facts-transmit.json" --json
expect_eq fail "$(rule "$T/out" art8.transmission 0)"
expect_eq facts_contradict "$(reason "$T/out" art8.transmission 0)"
evidence "$T/out" art8.transmission 0 >"$T/ev"
expect_match "$T/ev" 'protection\.external_transmission="cloud sync to vendor"'
expect_match "$T/ev" '^filing applications\[0\]\.external_transmission'
