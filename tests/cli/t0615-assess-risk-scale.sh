#!/bin/sh
# GB/T 39335 adjustments end to end: 500,000 sensitive subjects raise the
# impact, 1,000,000 set the likelihood to at least medium, 10,000,000 to
# at least high, each with its reason; payment raises property harm.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/assess-lib.sh"

variant "d['applications'][0]['subjects_estimated'] = 600000"
expect_exit 0 "$FRFILE" assess "$T/f.json" --today $TODAY --json
expect_eq high "$(jv "$T/out" '.risk[0].impact')"
expect_eq sensitive_scale "$(jv "$T/out" '.risk[0].adjustments[0].code')"
expect_match "$T/out" '500,000 people or more: impact one level up'

variant "d['applications'][0]['subjects_estimated'] = 2000000"
expect_exit 0 "$FRFILE" assess "$T/f.json" --today $TODAY --json
expect_eq medium "$(jv "$T/out" '.risk[0].likelihood')"
expect_eq medium "$(jv "$T/out" '.risk[0].level')"
expect_match "$T/out" '"code":[[:space:]]*"scale_medium"'

variant "d['applications'][0]['subjects_estimated'] = 12000000" \
    "d['applications'][0]['scenario'] = 'payment'"
expect_exit 0 "$FRFILE" assess "$T/f.json" --today $TODAY --json
expect_json "$T/out" '.risk[0].likelihood, .risk[0].impact, .risk[0].level,
    .summary.risk_level' <<'EOF'
high
severe
severe
severe
EOF
expect_match "$T/out" '"code":[[:space:]]*"scale_high"'
