#!/bin/sh
# init writes filing.json (every key of the schema) and GUIDE.md, mode
# 0600, never overwrites; the skeleton is JSON that validate reads and
# finds incomplete (exit 1, not 3).
. "$(dirname "$0")/lib.sh"

expect_exit 0 "$FRFILE" init "$T/new"
expect_file_mode "$T/new/filing.json" 600
expect_file_mode "$T/new/GUIDE.md" 600
expect_match "$T/new/GUIDE.md" '^## What to fill first'
expect_json "$T/new/filing.json" '.schema, .filing.type, .processor.uscc,
    (.applications[0] | has("retention_days"), .retention_days),
    .applications[0].locations[0].place_type, .incidents' <<'EOF'
frfile-filing/1
initial

true
null

[]
EOF
# every key of the sample is in the skeleton
python3 - "$SAMPLES/filing.json" "$T/new/filing.json" <<'PY' || fail "skeleton lacks keys of the sample"
import json, sys
def keys(v, p=""):
    out = set()
    if isinstance(v, dict):
        for k, x in v.items():
            out.add(p + "." + k)
            out |= keys(x, p + "." + k)
    elif isinstance(v, list):
        for x in v:
            out |= keys(x, p + "[]")
    return out
a = keys(json.load(open(sys.argv[1])))
b = keys(json.load(open(sys.argv[2])))
missing = sorted(a - b)
if missing:
    print(missing)
    sys.exit(1)
PY

expect_exit 1 "$FRFILE" validate "$T/new/filing.json"
expect_match "$T/err" 'processor\.uscc: missing \(required by attachments 1, 2, 4, 5\)'
expect_no_match "$T/err" 'unknown key'

# never overwrites, and leaves the files as they were
echo '{"mine": true}' >"$T/new/filing.json"
expect_exit 3 "$FRFILE" init "$T/new"
expect_match "$T/err" 'filing\.json: exists; not overwritten'
expect_eq '{"mine": true}' "$(cat "$T/new/filing.json")" content

# only a GUIDE.md there: also refused, nothing written
mkdir "$T/g" && echo keep >"$T/g/GUIDE.md"
expect_exit 3 "$FRFILE" init "$T/g"
[ ! -e "$T/g/filing.json" ] || fail "filing.json written next to an existing GUIDE.md"

expect_exit 0 "$FRFILE" init --json "$T/j"
expect_eq "$T/j/filing.json" "$(jv "$T/out" '.filing')" json
expect_exit 2 "$FRFILE" init
expect_exit 2 "$FRFILE" init a b
