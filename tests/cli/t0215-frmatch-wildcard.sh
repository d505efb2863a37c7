#!/bin/sh
# Issue 15 items 1, 4 and 7 (frmatch): a template of denormals that
# matched every probe is refused on every path; ids holding \u0000,
# bytes after a JSON template, a template a few bytes too long; refused
# verify/delete of unknown persons are audited; a key file owned by
# another user is refused.
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 1
G="python3 $top/tests/cli/fmtmpl.py"

expect_exit 0 "$FRMATCH" init s.db --dim 64
for i in 1 2; do
	$G p$i.json 64 $i
	expect_exit 0 "$FRMATCH" enroll s.db --person P$i --template p$i.json
done
sum() { sha256sum s.db | cut -d' ' -f1; }
before=$(sum)

# The wildcard of the report: 64 float32 values of 1e-40.
python3 -c "import struct; open('w.f32','wb').write(struct.pack('<64f', *([1e-40]*64)))"
python3 -c "print('[' + ','.join(['1e-40']*64) + ']')" >w.json
python3 -c "import struct; open('big.f32','wb').write(struct.pack('<64f', *([3e38]*64)))"
bad() {
	pat=$1
	shift
	expect_exit 3 "$FRMATCH" "$@"
	expect_lines "$T/err" 1
	expect_match "$T/err" "$pat"
	[ "$(sum)" = "$before" ] || fail "store changed by: $*"
}
bad 'w\.f32: element 0 is denormal' enroll s.db --person W --template w.f32
bad 'w\.json: element 0 \(1e-40\) is below the smallest normal float32' \
	enroll s.db --person W --template w.json
bad "big\.f32: the template's length 2\.4e\+39 is not a normal float32" \
	enroll s.db --person W --template big.f32
bad 'w\.f32: element 0 is denormal' enroll s.db --person P1 --template w.f32 --add-template
bad 'w\.f32: element 0 is denormal' verify s.db --person P1 --probe w.f32
bad 'w\.json: element 0 \(1e-40\) is below' identify s.db --probe w.json --threshold 0.99
b64=$(base64 -w0 w.f32)
{
	python3 -c "import json; print(json.dumps({'person': 'A', 'template': json.load(open('p1.json'))}))"
	echo "{\"person\": \"W\", \"template_b64\": \"$b64\"}"
	echo "{\"person\": \"W2\", \"template\": $(cat w.json)}"
} >w.ndjson
expect_exit 3 "$FRMATCH" import s.db w.ndjson
expect_match "$T/err" '^frmatch: import: w\.ndjson:2: element 0 is denormal'
expect_match "$T/err" '^frmatch: import: w\.ndjson:3: element 0 \(1e-40\) is below'
expect_match "$T/err" 'w\.ndjson: 2 bad lines; nothing imported'
[ "$(sum)" = "$before" ] || fail "store changed by the import"
# A genuine probe still matches only its person.
expect_exit 0 "$FRMATCH" identify s.db --probe p1.json --threshold 0.99 --json
expect_eq '["P1"]' "$(json_get "$T/out" "[m['person'] for m in d['matches']]")"
before=$(sum)

# Item 7: NUL escapes in ids, named by line; two ids that differ after
# the NUL would have been one person.
t=$(cat p2.json)
printf '{"person": "Q", "template": %s}\n{"person": "A\\u0000X", "template": %s}\n{"person": "A\\u0000Y", "template": %s}\n' \
	"$t" "$t" "$t" >nul.ndjson
expect_exit 3 "$FRMATCH" import s.db nul.ndjson
expect_match "$T/err" 'nul\.ndjson:2: a string holds \\u0000 \(NUL\)'
expect_match "$T/err" 'nul\.ndjson:3: a string holds \\u0000 \(NUL\)'
[ "$(sum)" = "$before" ] || fail "store changed by the NUL import"
# A literal backslash before u0000 is text, not a NUL.
printf '{"person": "B\\\\u0000", "template": %s}\n' "$t" >bs.ndjson
expect_exit 0 "$FRMATCH" import s.db bs.ndjson

# Bytes after a JSON template; a raw template three bytes too long.
{ cat p1.json; printf ' garbage\n'; } >trail.json
expect_exit 3 "$FRMATCH" enroll s.db --person T --template trail.json
expect_match "$T/err" 'trail\.json: 9 bytes after the JSON array'
$G r.f32 64 5 - raw
{ cat r.f32; printf 'abc'; } >long.f32
expect_exit 3 "$FRMATCH" enroll s.db --person T --template long.f32
expect_match "$T/err" 'long\.f32: template is 259 bytes, 3 more than the 256 of 64'
expect_no_match "$T/err" 'truncated'
{ cat r.f32; head -c 4 r.f32; } >long2.f32
expect_exit 3 "$FRMATCH" verify s.db --person P1 --probe long2.f32
expect_match "$T/err" 'long2\.f32: template has 65 float32 values'

# Item 7: refused verify and delete of unknown persons leave an entry.
n0=$(sqlite3 s.db 'SELECT COUNT(*) FROM audit')
expect_exit 3 "$FRMATCH" verify s.db --person nobody --probe p1.json --operator eve
expect_lines "$T/err" 1
expect_match "$T/err" 'unknown person'
expect_exit 3 "$FRMATCH" delete s.db --person nobody --operator eve
expect_match "$T/err" 'unknown person'
expect_exit 0 "$FRMATCH" audit s.db --json
expect_eq "$((n0 + 2))" "$(jv "$T/out" '.count')"
expect_eq "verify eve refused: unknown person" \
	"$(json_get "$T/out" "' '.join([d['entries'][-2][k] for k in ('action', 'operator', 'outcome')])")"
expect_eq "delete eve refused: unknown person" \
	"$(json_get "$T/out" "' '.join([d['entries'][-1][k] for k in ('action', 'operator', 'outcome')])")"
expect_no_match "$T/out" 'nobody'
expect_exit 0 "$FRMATCH" audit s.db --verify

# Item 4: a key file owned by another user (not root) is refused; a
# symbolic link in place of the key file too.
if [ "$(id -u)" = 0 ]; then
	cp s.db.key k.save
	chown 12345 s.db.key
	expect_exit 3 "$FRMATCH" facts s.db
	expect_lines "$T/err" 1
	expect_match "$T/err" 's\.db\.key: owned by uid 12345, not by the user running this \(uid 0\) or root'
	chown 0 s.db.key
	expect_exit 0 "$FRMATCH" facts s.db
fi
mv s.db.key real.key
ln -s real.key s.db.key
expect_exit 3 "$FRMATCH" facts s.db
expect_match "$T/err" 's\.db\.key: cannot open: a symbolic link'
rm s.db.key
mv real.key s.db.key

# frfile count: the same NUL escapes in an NDJSON export, named by line.
printf 'org-secret-0123456789abcdef' >org
chmod 600 org
printf '{"id": "A\\u0000X"}\n{"id": "A\\u0000Y"}\n' >ids.ndjson
expect_exit 3 "$FRFILE" count --org-secret-file org ids.ndjson
expect_match "$T/err" 'ids\.ndjson:1: a string holds \\u0000 \(NUL\), which an id may not contain'
printf '{"id": "A\\\\u0000X"}\n{"id": "B"}\n' >ok.ndjson
expect_exit 0 "$FRFILE" count --org-secret-file org ok.ndjson --json
expect_eq 2 "$(jv "$T/out" '.individuals')"
