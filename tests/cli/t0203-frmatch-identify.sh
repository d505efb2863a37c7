#!/bin/sh
# identify --json prints {"matches": [{"person", "score"}]} best first,
# honours --top and --threshold, reports each person once.
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 1
G="python3 $top/tests/cli/fmtmpl.py"

expect_exit 0 "$FRMATCH" init s.db --dim 96
i=1
while [ $i -le 30 ]; do
	$G p$i.json 96 $i
	echo "{\"person\": \"P-$i\", \"template\": $(cat p$i.json)}"
	i=$((i + 1))
done >in.ndjson
expect_exit 0 "$FRMATCH" import s.db in.ndjson
# A second template of P-7 close to the probe: still one entry for P-7.
$G p7b.json 96 7 3
expect_exit 0 "$FRMATCH" enroll s.db --person P-7 --template p7b.json --add-template

$G probe.json 96 7 9
expect_exit 0 "$FRMATCH" identify s.db --probe probe.json --json
expect_eq '"P-7"' "$(json_get "$T/out" "json.dumps(d['matches'][0]['person'])")"
expect_eq 1 "$(jv "$T/out" '.matches|length')"

# Everyone, best first, each once, at most --top.
expect_exit 0 "$FRMATCH" identify s.db --probe probe.json --threshold -1 --top 10 --json
python3 - "$T/out" <<'PY' || fail "matches not sorted/unique/limited"
import json, sys
m = json.load(open(sys.argv[1]))["matches"]
assert len(m) == 10, len(m)
s = [x["score"] for x in m]
assert s == sorted(s, reverse=True), s
assert len({x["person"] for x in m}) == 10
assert m[0]["person"] == "P-7"
PY
expect_exit 0 "$FRMATCH" identify s.db --probe probe.json
expect_match "$T/out" '^1	0\.9[0-9]+	P-7$'

# A stranger: no match, exit 1.
$G stranger.json 96 999
expect_exit 1 "$FRMATCH" identify s.db --probe stranger.json --json
expect_eq 0 "$(jv "$T/out" '.matches|length')"
expect_exit 2 "$FRMATCH" identify s.db --probe probe.json --top 0
expect_exit 2 "$FRMATCH" identify s.db

# The audit log holds no person id.
expect_exit 0 "$FRMATCH" audit s.db
expect_no_match "$T/out" 'P-[0-9]'
expect_match "$T/out" 'identify	-	1 match at threshold'
