#!/bin/sh
# Art. 13: public-space devices need signage and a collection area, and
# their necessity for public security goes to a reviewer.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/assess-lib.sh"

variant "l = d['applications'][2]['locations'][0]" \
    "l['public'] = True" "l['signage'] = ''" \
    "l['public_security_necessity'] = '大堂为开放公共区域，需核验进入人员身份'"
expect_exit 1 "$FRFILE" assess "$T/f.json" --today $TODAY --json
expect_eq fail "$(rule "$T/out" art13.signage 2)"
expect_eq no_signage "$(reason "$T/out" art13.signage 2)"
expect_eq needs_review "$(rule "$T/out" art13.public_necessity 2)"
expect_eq not_applicable "$(rule "$T/out" art13.signage 0)" "private office"

variant "l = d['applications'][2]['locations'][0]" \
    "l['place_type'] = 'public_space'" "l['collection_area'] = ''"
expect_exit 1 "$FRFILE" assess "$T/f.json" --today $TODAY --json
expect_eq no_collection_area "$(reason "$T/out" art13.signage 2)"
expect_eq fail "$(rule "$T/out" art13.public_necessity 2)" "necessity not stated"
