#!/bin/sh
# An invalid filing is refused with one line per problem (file, JSON path,
# line:column) and exit 1; nothing is written. Bad options exit 2, an
# unreadable filing 3.
. "$(dirname "$0")/lib.sh"

python3 - "$SAMPLES/filing.json" "$T/bad.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
del d["processor"]["uscc"]
d["agent"]["phone"] = ""
d["applications"][1]["purpose"] = ""
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False, indent=2)
PY
expect_exit 1 "$FRFILE" render "$T/bad.json" --out "$T/pkg"
expect_match "$T/err" 'bad\.json:.*processor\.uscc'
expect_match "$T/err" 'agent\.phone'
expect_match "$T/err" 'applications\[1\]\.purpose'
expect_match "$T/err" 'not rendered'
[ ! -e "$T/pkg" ] || [ -z "$(ls -A "$T/pkg")" ] || fail "output written for an invalid filing"

expect_exit 2 "$FRFILE" render "$SAMPLES/filing.json"
expect_match "$T/err" '--out DIR is required'
expect_exit 2 "$FRFILE" render --out "$T/pkg"
expect_match "$T/err" 'a filing is required'
expect_exit 2 "$FRFILE" render "$SAMPLES/filing.json" --out "$T/pkg" --format pdf,doc
expect_match "$T/err" "--format: 'pdf,doc'"
expect_exit 2 "$FRFILE" render "$SAMPLES/filing.json" --out "$T/pkg" --lang fr
expect_match "$T/err" "--lang: 'fr'"
expect_exit 2 "$FRFILE" render "$SAMPLES/filing.json" --out "$T/pkg" --lang zh,zh
expect_exit 3 "$FRFILE" render "$T/missing.json" --out "$T/pkg"
expect_match "$T/err" 'missing\.json'
printf '{"schema": ' >"$T/trunc.json"
expect_exit 3 "$FRFILE" render "$T/trunc.json" --out "$T/pkg"
expect_match "$T/err" 'trunc\.json:1:'
expect_exit 0 "$FRFILE" render --help
expect_match "$T/out" '^usage: frfile render FILING --out DIR'
exit 0
