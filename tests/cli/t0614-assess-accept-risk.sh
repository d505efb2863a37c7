#!/bin/sh
# An accepted risk stays a failed rule (exit 1) but its treatment item is
# "accept", it keeps its risk in the residual, and others are treated.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/assess-lib.sh"

variant "d['applications'][1]['raw_images_kept'] = True" \
    "d['applications'][1]['consent']['withdrawal_channel'] = ''"
expect_exit 1 "$FRFILE" assess "$T/f.json" --today $TODAY --json \
    --accept-risk art8.raw_images
expect_eq accept "$(json_get "$T/out" "[t['decision'] for t in d['treatment'] if t['rule']=='art8.raw_images'][0]")"
expect_eq treat "$(json_get "$T/out" "[t['decision'] for t in d['treatment'] if t['rule']=='art6.withdrawal'][0]")"
expect_eq true "$(json_get "$T/out" "d['risk'][1]['residual']['inputs']['raw_images']")"
expect_eq 0 "$(json_get "$T/out" "d['risk'][1]['residual']['inputs']['consent_defects']")"
expect_eq 1 "$(json_get "$T/out" "d['summary']['accepted']")"
# Without acceptance the planned treatment removes both.
expect_exit 1 "$FRFILE" assess "$T/f.json" --today $TODAY --json
expect_eq false "$(json_get "$T/out" "d['risk'][1]['residual']['inputs']['raw_images']")"
expect_exit 1 "$FRFILE" assess "$T/f.json" --today $TODAY --lang zh
expect_match "$T/out" '留存原始人脸图像'
