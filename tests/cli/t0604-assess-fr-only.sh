#!/bin/sh
# Art. 10: facial recognition as the only way to verify identity.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/assess-lib.sh"

variant "d['applications'][1]['alternatives'] = {'offered': False, 'description': ''}"
expect_exit 1 "$FRFILE" assess "$T/f.json" --today $TODAY --json
expect_eq fail "$(rule "$T/out" art10.alternative 1)"
expect_eq fr_only "$(reason "$T/out" art10.alternative 1)"
expect_eq fail "$(rule "$T/out" art12.voluntary 1)" "no real choice"
# The risk sees it: autonomy is high for that application.
expect_eq high "$(json_get "$T/out" "[x['level'] for x in d['risk'][1]['dimensions'] if x['dimension']=='autonomy'][0]")"
expect_eq true "$(jv "$T/out" '.risk[1].inputs.no_alternative')"
expect_eq false "$(jv "$T/out" '.risk[1].residual.inputs.no_alternative')"
variant "del d['applications'][1]['alternatives']"
expect_exit 1 "$FRFILE" assess "$T/f.json" --today $TODAY --json
expect_match "$T/err" 'not assessed: '
