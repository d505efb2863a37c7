#!/bin/sh
# Identity numbers never appear in clear: neither in the lines on stderr
# nor in --json output.
. "$(dirname "$0")/lib.sh"

b=$SAMPLES/broken
expect_exit 1 "$FRFILE" validate --today 2026-11-22 "$b/id-checksum.json"
expect_lines "$T/err" 2
expect_match "$T/err" ':33:18: legal_representative\.id_number: resident identity number 3301\*\*\*\*\*\*\*\*\*\*1236: check character is .6., expected .5.'
expect_match "$T/err" ':49:18: agent\.id_number: resident identity number 3301\*\*\*\*\*\*\*\*\*\*0317: birth date .* in the future'
expect_no_match "$T/err" '330106197803151236|330105209211230317'

expect_exit 1 "$FRFILE" validate --json --today 2026-11-22 "$b/id-checksum.json"
expect_no_match "$T/out" '330106197803151236|330105209211230317'
expect_json "$T/out" '.problems[0].path, .problems[0].line, .problems[0].column' <<'EOF'
legal_representative.id_number
33
18
EOF

expect_exit 1 "$FRFILE" validate "$b/passport-shape.json"
expect_match "$T/err" 'contact\.id_number: E\*\*\*\*4 does not have the shape of a passport number'
expect_no_match "$T/err" 'E-1234'

# A wrong ID in a file that is otherwise fine, in every person block.
sed 's/330102198507092460/330102198507092461/; s/330108198802140574/330108198802140575/' \
	"$SAMPLES/filing.json" >"$T/f.json"
expect_exit 1 "$FRFILE" validate "$T/f.json"
expect_lines "$T/err" 2
expect_no_match "$T/err" '330102198507092461|330108198802140575'
expect_match "$T/err" 'pi_protection_officer\.id_number: resident identity number 3301\*\*\*\*\*\*\*\*\*\*2461'

# The birth date is compared with --today (or FRFILE_TODAY), in CST.
id=$(python3 -c "
s='33010520261201003'
w=[7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2]
print(s+'10X98765432'[sum(int(c)*x for c,x in zip(s,w))%11])")
sed "s/330105199211230311/$id/" "$SAMPLES/filing.json" >"$T/baby.json"
expect_exit 0 "$FRFILE" validate --today 2026-12-01 "$T/baby.json"
expect_exit 1 "$FRFILE" validate --today 2026-11-30 "$T/baby.json"
expect_match "$T/err" 'agent\.id_number: resident identity number 3301\*\*\*\*\*\*\*\*\*\*0031: birth date .* in the future'
FRFILE_TODAY=2026-11-30 expect_exit 1 "$FRFILE" validate "$T/baby.json"
FRFILE_TODAY=2026-12-01 expect_exit 0 "$FRFILE" validate "$T/baby.json"
