#!/bin/sh
# Raw face images kept (Art. 8, GB/T 41819): declared or shown by facts.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/assess-lib.sh"

variant "d['applications'][1]['raw_images_kept'] = True"
expect_exit 1 "$FRFILE" assess "$T/f.json" --today $TODAY --json
expect_match "$T/err" 'not assessed: '
variant "d['applications'][1]['raw_images_kept'] = True" \
    "d['applications'][1]['raw_images_basis'] = 'kept for audit'"
expect_exit 1 "$FRFILE" assess "$T/f.json" --today $TODAY --json
expect_eq fail "$(rule "$T/out" art4.raw_images 1)"
expect_eq true "$(jv "$T/out" '.risk[1].inputs.raw_images')"
expect_eq high "$(json_get "$T/out" "[x['level'] for x in d['risk'][1]['dimensions'] if x['dimension']=='reputation'][0]")"

expect_exit 1 "$FRFILE" assess "$SAMPLES/filing.json" --today $TODAY \
    --facts "$FX/facts-raw.json" --json
expect_eq fail "$(rule "$T/out" art4.raw_images 0)"
expect_eq facts_contradict "$(reason "$T/out" art4.raw_images 0)"
evidence "$T/out" art4.raw_images 0 >"$T/ev"
expect_match "$T/ev" 'gate-hq-02.*raw_images_stored=true'
expect_match "$T/ev" '^filing applications\[0\]\.raw_images_kept=false'
