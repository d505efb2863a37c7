#!/bin/sh
# Art. 6: consent without a withdrawal channel, and consent not separate.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/assess-lib.sh"

variant "d['applications'][0]['consent']['withdrawal_channel'] = ''" \
    "d['applications'][2]['consent']['separate'] = False"
expect_exit 1 "$FRFILE" assess "$T/f.json" --today $TODAY --json
expect_eq fail "$(rule "$T/out" art6.withdrawal 0)"
expect_eq pass "$(rule "$T/out" art6.withdrawal 1)"
expect_eq fail "$(rule "$T/out" art6.separate_consent 2)"
expect_eq declared_false "$(reason "$T/out" art6.separate_consent 2)"
# Not consent-based: Art. 6 does not apply.
variant "d['applications'][0]['legal_basis'] = 'hr_management'" \
    "d['applications'][0]['consent']['withdrawal_channel'] = ''"
expect_exit 0 "$FRFILE" assess "$T/f.json" --today $TODAY --json
expect_eq not_applicable "$(rule "$T/out" art6.withdrawal 0)"
