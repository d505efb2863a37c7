#!/bin/sh
# Art. 13: a device in a hotel room, public bath, changing room or
# restroom fails, naming the location.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/assess-lib.sh"

for place in hotel_room public_bath changing_room restroom; do
	variant "d['applications'][1]['locations'][0]['place_type'] = '$place'"
	expect_exit 1 "$FRFILE" assess "$T/f.json" --today $TODAY --json
	expect_eq fail "$(rule "$T/out" art13.prohibited_place 1)" "$place"
	expect_match "$T/out" "applications\\[1\\]\\.locations\\[0\\]\\.place_type"
	expect_eq pass "$(rule "$T/out" art13.prohibited_place 0)" "other app"
	# It becomes a treatment item due at once.
	expect_eq "$TODAY" "$(json_get "$T/out" "[t['deadline'] for t in d['treatment'] if t['rule']=='art13.prohibited_place'][0]")"
done
expect_exit 1 "$FRFILE" assess "$T/f.json" --today $TODAY
expect_match "$T/out" '^FAIL +art13\.prohibited_place .*restroom|place where Art\. 13 forbids'
