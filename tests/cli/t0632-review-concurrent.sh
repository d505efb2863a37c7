#!/bin/sh
# Two reviewers at once: frfile review reads the review file, adds a
# record and writes it back, under a lock on its directory, so 2 x 8
# conclusions recorded in parallel are all kept.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/assess-lib.sh"

C="--count $SAMPLES/count.json"
lobby_variant
loop() {
	i=0
	while [ $i -lt 8 ]; do
		"$FRFILE" review "$T/f.json" --today $TODAY $C \
		    --rule art13.public_necessity --application 2 \
		    --conclusion pass --by "$1" --note "$1 $i" \
		    >/dev/null 2>>"$T/err.$1" || echo "$1 $i" >>"$T/fail"
		i=$((i + 1))
	done
}
loop 林秋远 &
a=$!
loop 沈月华 &
b=$!
wait $a
wait $b
[ ! -e "$T/fail" ] || { cat "$T/fail" "$T"/err.* >&2; fail "some reviews failed"; }
expect_exit 0 "$FRFILE" review "$T/f.json" --today $TODAY $C --list --json
expect_eq 16 "$(jv "$T/out" 'length')" "records kept"
expect_eq "8 8" "$(jv "$T/out" '[map(select(.by == "林秋远")), map(select(.by == "沈月华"))] | map(length) | join(" ")')" "per reviewer"
expect_eq 1 "$(jv "$T/out" 'map(select(.status == "in_force")) | length')" "one in force"
# No lock file is left beside the filing.
expect_eq "f.json f.reviews.json" "$(cd "$T" && ls f.json f.reviews.json* | tr '\n' ' ' | sed 's/ $//')"
exit 0
