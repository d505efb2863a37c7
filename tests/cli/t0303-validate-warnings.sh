#!/bin/sh
# Warnings do not fail validation: unknown keys (with the nearest known
# key) and a province that differs from the USCC's division code.
. "$(dirname "$0")/lib.sh"

b=$SAMPLES/broken
expect_exit 0 "$FRFILE" validate "$b/unknown-key.json"
expect_lines "$T/err" 2
expect_match "$T/err" ":20:5: warning: processor\.postal_cdoe: unknown key 'postal_cdoe' \(ignored\); did you mean 'postal_code'\?$"
expect_match "$T/err" ":313:7: warning: applications\[2\]\.retension_rule: unknown key 'retension_rule' \(ignored\); did you mean 'retention_rule'\?$"
expect_match "$T/out" 'valid, 0 errors, 2 warnings$'

expect_exit 0 "$FRFILE" validate "$b/province-mismatch.json"
expect_match "$T/err" ":21:17: warning: processor\.province: is jiangsu, but the USCC's division code 330106 belongs to zhejiang"

expect_exit 0 "$FRFILE" validate --json "$b/unknown-key.json"
expect_eq 2 "$(jv "$T/out" '.warnings')" warnings
expect_eq warning "$(jv "$T/out" '.problems[1].severity')" severity
