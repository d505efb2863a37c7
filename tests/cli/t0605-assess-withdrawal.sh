#!/bin/sh
# Art. 6: consent without a withdrawal channel, and consent not separate.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/assess-lib.sh"

# validate rejects both (Art. 6); assess validates first and names them.
variant "d['applications'][0]['consent']['withdrawal_channel'] = ''" \
    "d['applications'][2]['consent']['separate'] = False"
expect_exit 1 "$FRFILE" assess "$T/f.json" --today $TODAY --json
expect_match "$T/err" 'applications\[0\]\.consent\.withdrawal_channel: missing'
expect_match "$T/err" 'applications\[2\]\.consent\.separate: consent to facial recognition must be separate'
expect_match "$T/err" 'not assessed: 2 problems'
# Consent on record missing for enrolled persons: a fact, not a filing error.
expect_exit 0 "$FRFILE" assess "$SAMPLES/filing.json" --today $TODAY --json \
    --facts "$FX/facts-clean.json"
expect_eq pass "$(rule "$T/out" art6.withdrawal 1)"
# Not consent-based: Art. 6 does not apply.
variant "d['applications'][0]['legal_basis'] = 'hr_management'" \
    "d['applications'][0]['consent']['withdrawal_channel'] = ''"
expect_exit 0 "$FRFILE" assess "$T/f.json" --today $TODAY --json
expect_eq not_applicable "$(rule "$T/out" art6.withdrawal 0)"
