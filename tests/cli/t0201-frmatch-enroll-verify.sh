#!/bin/sh
# enroll takes raw float32, JSON and standard input; verify answers with
# a score and a decision (exit 0 match, 1 no match).
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 1
G="python3 $top/tests/cli/fmtmpl.py"

expect_exit 0 "$FRMATCH" init s.db --dim 128
$G a.json 128 1
$G a.f32 128 1 - raw
$G b.f32 128 2 - raw
$G c.json 128 3
$G probe-a.json 128 1 5
$G probe-b.f32 128 2 6 raw

expect_exit 0 "$FRMATCH" enroll s.db --person alice --template a.json --consent C-1 --date 2025-01-02
expect_match "$T/out" '^enrolled: 1 template stored \(enrolled 2025-01-02\)$'
expect_exit 0 "$FRMATCH" enroll s.db --person bob --template b.f32 --json
expect_match "$T/out" '"action":[[:space:]]*"enroll"'
expect_exit 0 sh -c "\"$FRMATCH\" enroll s.db --person carol --minor --guardian-consent G-9 --template - <c.json"
# A second template for alice (raw this time).
expect_exit 0 "$FRMATCH" enroll s.db --person alice --template a.f32 --add-template

expect_exit 0 "$FRMATCH" verify s.db --person alice --probe probe-a.json --json
expect_eq true "$(jv "$T/out" '.match')"
python3 -c "import json,sys; s=json.load(open(sys.argv[1]))['score']; sys.exit(0 if 0.9 < s <= 1.0001 else 1)" "$T/out" ||
	fail "alice's score is not high"
expect_exit 1 "$FRMATCH" verify s.db --person bob --probe probe-a.json --json
expect_eq false "$(jv "$T/out" '.match')"
expect_exit 0 "$FRMATCH" verify s.db --person bob --probe probe-b.f32
expect_match "$T/out" '^match: score 0\.9[0-9]*, threshold 0\.5000$'
# A threshold above the score turns it into a no.
expect_exit 1 "$FRMATCH" verify s.db --person bob --probe probe-b.f32 --threshold 0.999
expect_exit 2 "$FRMATCH" verify s.db --person bob --probe probe-b.f32 --threshold 2
expect_exit 2 "$FRMATCH" verify s.db --person bob

expect_exit 0 "$FRMATCH" facts s.db --json
expect_json "$T/out" '.individuals, .templates, .minors_under_14,
    .minors_without_guardian_consent, .oldest_enrolment' <<'EOF'
3
4
1
0
2025-01-02
EOF

# The operator goes into the audit log.
FRMATCH_OPERATOR=ops-7 "$FRMATCH" verify s.db --person bob --probe probe-b.f32 >/dev/null ||
	fail "verify failed"
expect_exit 0 "$FRMATCH" audit s.db
expect_match "$T/out" '	ops-7	verify	[0-9a-f]{16}	match'
expect_exit 0 "$FRMATCH" enroll s.db --person dave --template c.json --operator desk-2
expect_exit 0 "$FRMATCH" audit s.db --json
expect_eq desk-2 "$(jv "$T/out" '.entries[-1].operator')"
