#!/bin/sh
# import: NDJSON, template or template_b64, all or nothing; bad lines are
# reported with their line numbers and nothing is imported.
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 1

expect_exit 0 "$FRMATCH" init s.db --dim 64
python3 - <<'PY'
import base64, json, random, struct
out = open("good.ndjson", "w")
for i in range(200):
    r = random.Random(i)
    v = [r.gauss(0, 1) for _ in range(64)]
    rec = {"person": "I-%03d" % i, "enrolled": "2025-0%d-1%d" % (1 + i % 9, i % 10),
           "consent": "C-%d" % i, "minor": i % 50 == 0,
           "guardian_consent": ("G-%d" % i) if i % 100 == 0 else None,
           "retention_days": 365}
    if i % 2:
        rec["template"] = v
    else:
        rec["template_b64"] = base64.b64encode(struct.pack("<64f", *v)).decode()
    out.write(json.dumps(rec) + "\n")
    if i == 10:
        out.write("\n")
PY
expect_exit 0 "$FRMATCH" import s.db good.ndjson --json
expect_eq 200 "$(jv "$T/out" '.imported')"
expect_exit 0 "$FRMATCH" facts s.db --json
expect_json "$T/out" '.individuals, .minors_under_14,
    .minors_without_guardian_consent' <<'EOF'
200
4
2
EOF
expect_exit 0 "$FRMATCH" audit s.db --verify
expect_match "$T/out" '200 entries'

sum() { sha256sum s.db | cut -d' ' -f1; }
before=$(sum)
python3 - <<'PY'
import json
v = [0.5] * 64
lines = [
    {"person": "N-1", "template": v},
    {"person": "N-2", "template": v[:63]},
    {"person": "N-3", "template": v, "minor": "no"},
    {"person": "I-005", "template": v},
    {"person": "N-5", "template": v, "enrolled": "2025-02-30"},
    {"person": "N-6", "template": v, "colour": "red"},
    {"template": v},
    {"person": "N-8", "template_b64": "AAAA"},
    {"person": "N-9", "template": v, "guardian_consent": "G"},
]
with open("bad.ndjson", "w") as f:
    for l in lines:
        f.write(json.dumps(l) + "\n")
    f.write("{not json\n")
PY
expect_exit 3 "$FRMATCH" import s.db bad.ndjson
expect_match "$T/err" '^frmatch: import: bad\.ndjson:2: template has 63 values, the store.s dimension is 64$'
expect_match "$T/err" 'bad\.ndjson:3: minor: expected true or false'
expect_match "$T/err" 'bad\.ndjson:4: person already enrolled'
expect_match "$T/err" 'bad\.ndjson:5: enrolled: expected a date YYYY-MM-DD'
expect_match "$T/err" 'bad\.ndjson:6: unknown key "colour"'
expect_match "$T/err" 'bad\.ndjson:7: person: missing'
expect_match "$T/err" 'bad\.ndjson:8: truncated template: 3 bytes'
expect_match "$T/err" 'bad\.ndjson:9: guardian_consent is for a minor'
expect_match "$T/err" 'bad\.ndjson:10: not valid JSON'
expect_match "$T/err" 'nothing imported'
[ "$(sum)" = "$before" ] || fail "store changed by a failed import"

# A duplicate inside one file.
python3 -c "
import json; v=[0.25]*64
print(json.dumps({'person':'D-1','template':v})); print(json.dumps({'person':'D-1','template':v}))" >dup.ndjson
expect_exit 3 "$FRMATCH" import s.db dup.ndjson
expect_match "$T/err" 'dup\.ndjson:2: person already enrolled'
[ "$(sum)" = "$before" ] || fail "store changed by a failed import"

# Standard input.
python3 -c "
import json; print(json.dumps({'person':'S-1','template':[0.1]*64}))" >one.ndjson
expect_exit 0 sh -c "\"$FRMATCH\" import s.db - <one.ndjson"
expect_match "$T/out" '^imported 1 person in '
