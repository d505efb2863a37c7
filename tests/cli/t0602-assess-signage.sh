#!/bin/sh
# Art. 13 is defined once, from the schema, for validate and the rules:
# a hospital (waiting areas are public places, 公共场所卫生管理条例 Art. 2)
# and a shop are public whatever "public" says; a public place without
# signage is one problem in both, named by validate, and assess refuses it.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/assess-lib.sh"

while IFS='|' read -r place public; do
	variant "l = d['applications'][2]['locations'][0]" \
	    "l['place_type'] = '$place'" "l['public'] = $public" \
	    "l['signage'] = ''" \
	    "l['public_security_necessity'] = '候诊区人员密集，需核验进入人员身份'"
	expect_exit 1 "$FRFILE" validate "$T/f.json"
	expect_match "$T/err" 'locations\[0\]\.signage: missing: a device in a public place'
	expect_eq 1 "$(grep -c 'public place' "$T/err")" "$place: one problem"
	expect_exit 1 "$FRFILE" assess "$T/f.json" --today $TODAY --json
	expect_match "$T/err" 'not assessed: 1 problem'
	# With signage the rules see the same public place.
	variant "l = d['applications'][2]['locations'][0]" \
	    "l['place_type'] = '$place'" "l['public'] = $public" \
	    "l['public_security_necessity'] = '候诊区人员密集，需核验进入人员身份'"
	expect_exit 0 "$FRFILE" assess "$T/f.json" --today $TODAY --json
	expect_eq pass "$(rule "$T/out" art13.signage 2)" "$place"
	expect_eq needs_review "$(rule "$T/out" art13.public_necessity 2)" "$place"
done <<'ROWS'
hospital|False
retail|False
reception|True
ROWS
# A private place: not public for either.
expect_eq not_applicable "$(rule "$T/out" art13.signage 0)" "private office"
