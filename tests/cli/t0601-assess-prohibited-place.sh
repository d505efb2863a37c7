#!/bin/sh
# Art. 13 para. 2: a device in a hotel room, public bath, changing room or
# restroom. validate rejects the filing, and assess validates first with
# the same exit code and the same line, naming the location (the rule
# itself is in tests/unit/test_rules.c).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/assess-lib.sh"

for place in hotel_room public_bath changing_room restroom; do
	variant "d['applications'][1]['locations'][0]['place_type'] = '$place'"
	expect_exit 1 "$FRFILE" validate "$T/f.json"
	cp "$T/err" "$T/verr"
	expect_exit 1 "$FRFILE" assess "$T/f.json" --today $TODAY --json
	[ -s "$T/out" ] && fail "$place: assessed although invalid"
	expect_match "$T/err" "applications\\[1\\]\\.locations\\[0\\]\\.place_type: Art\\. 13 forbids"
	expect_match "$T/err" 'not assessed: 1 problem to fix first'
	sed 's/^frfile: validate: //' "$T/verr" >"$T/v1"
	grep 'Art\. 13 forbids' "$T/err" | sed 's/^frfile: assess: //' >"$T/a1"
	cmp -s "$T/v1" "$T/a1" || fail "$place: assess and validate word it differently"
done
