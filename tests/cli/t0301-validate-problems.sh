#!/bin/sh
# Each problem is one line "frfile: validate: FILE:LINE:COL: PATH: what,
# expected"; all problems of a file come in one run; exit 1.
. "$(dirname "$0")/lib.sh"

b=$SAMPLES/broken
expect_exit 1 "$FRFILE" validate --today 2026-11-22 "$b/wrong-types.json"
expect_lines "$T/err" 4
expect_match "$T/err" "^frfile: validate: $b/wrong-types\.json:26:18: processor\.employees: expected a whole number, found a string$"
expect_match "$T/err" ":79:17: applications\[0\]\.method: 'verifcation' is not a known method; did you mean 'verification'\?$"
expect_match "$T/err" ":138:26: applications\[0\]\.raw_images_kept: expected true or false, found a string$"
expect_match "$T/err" ":174:21: applications\[1\]\.start_date: '2024-02-30' is not a date; expected YYYY-MM-DD$"
expect_match "$T/out" 'invalid, 4 errors, 0 warnings$'

expect_exit 1 "$FRFILE" validate "$b/uscc-check.json"
expect_match "$T/err" ":16:13: processor\.uscc: unified social credit code check character is 'N', expected 'M'"

expect_exit 1 "$FRFILE" validate "$b/uscc-orgcode.json"
expect_match "$T/err" "processor\.uscc: .*organisation code check digit \(character 17\) is '4', expected '2'"

expect_exit 1 "$FRFILE" validate "$b/contact-shapes.json"
expect_lines "$T/err" 3
expect_match "$T/err" ':20:20: processor\.postal_code: not a postal code; expected 6 digits$'
expect_match "$T/err" ':42:14: pi_protection_officer\.phone: not a telephone number'
expect_match "$T/err" ':59:14: contact\.email: not an e-mail address'

# Art. 13, Art. 7, Art. 6, Art. 8
expect_exit 1 "$FRFILE" validate "$b/prohibited-location.json"
expect_match "$T/err" ':209:25: applications\[1\]\.locations\[0\]\.place_type: Art\. 13 forbids .* Restroom'
expect_exit 1 "$FRFILE" validate "$b/minors-no-guardian.json"
expect_match "$T/err" ':290:37: applications\[2\]\.minors\.guardian_consent_process: missing: .*guardian.*\(Art\. 7\)$'
expect_exit 1 "$FRFILE" validate "$b/consent-no-withdrawal.json"
expect_match "$T/err" ':193:31: applications\[1\]\.consent\.withdrawal_channel: missing: .*withdraw.*\(Art\. 6\)$'
expect_exit 1 "$FRFILE" validate "$b/retention-missing.json"
expect_match "$T/err" ':255:5: applications\[2\]\.retention_days: missing \(required by attachments 2, 3\); expected: longest retention in days \(Art\. 8\)$'

# Every line of every broken sample names file:line:col and a JSON path.
for f in "$b"/*.json; do
	"$FRFILE" validate --today 2026-11-22 "$f" >"$T/out" 2>"$T/err"
	rc=$?
	[ "$rc" -eq 0 ] || [ "$rc" -eq 1 ] || [ "$rc" -eq 3 ] || fail "$f: exit $rc"
	[ -s "$T/err" ] || fail "$f: no problem reported"
	grep -Ev "^frfile: validate: $f:[0-9]+:[0-9]+: (warning: )?[^ ]*" "$T/err" >"$T/bad" || true
	[ ! -s "$T/bad" ] || { cat "$T/bad" >&2; fail "$f: line without position"; }
done
