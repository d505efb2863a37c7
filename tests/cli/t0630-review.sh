#!/bin/sh
# frfile review: a conclusion recorded on a needs-review finding (Art. 13,
# a device in a public place) shows in assess --json, in the text output
# and in the PIPIA beside the finding; a later change to that location
# makes it stale; a measured failure cannot be concluded; render --final
# needs every needs-review finding concluded; the manifest hashes the
# review file.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/assess-lib.sh"

C="--count $SAMPLES/count.json"
# The visitor kiosk moved into a hotel lobby: a public place.
lobby_variant
expect_exit 0 "$FRFILE" assess "$T/f.json" --today $TODAY $C --json
expect_eq needs_review "$(rule "$T/out" art13.public_necessity 2)"

# Refused: usage (exit 2), nothing written.
while IFS='|' read -r args code pattern; do
	# shellcheck disable=SC2086
	expect_exit "$code" "$FRFILE" review "$T/f.json" --today $TODAY $C $args
	expect_match "$T/err" "$pattern"
	[ ! -e "$T/f.reviews.json" ] || fail "$args: review file written"
done <<'ROWS'
--rule art13.public_necessity --application 2 --conclusion accept --by x --note y|2|a duty is remedied, not accepted
--rule risk.visitor-reception --conclusion pass --by x --note y|2|risk\.visitor-reception is a residual risk: it is accepted
--rule art99.x --conclusion pass --by x --note y|2|'art99\.x' is neither a rule id
--rule art13.public_necessity --application 2 --conclusion maybe --by x --note y|2|--conclusion: 'maybe': expected pass, fail or accept
--rule art13.public_necessity --application 2 --conclusion pass --note y|2|expected --rule ID, --conclusion
--rule art13.public_necessity --application 2 --conclusion pass --by x --note y --date 2026-12-31|2|--date: 2026-12-31 is in the future
--rule art13.public_necessity --conclusion pass --by x --note y|1|found per application: give --application N \(needs review for 2\)
--rule art13.signage --application 2 --conclusion pass --by x --note y|1|art13\.signage for application 2: the finding is pass, not one that needs review
--rule risk.no-such --conclusion accept --by x --note y|1|the filing has no application with id 'no-such'
ROWS

# Recorded: atomically, 0600, beside the filing.
expect_exit 0 "$FRFILE" review "$T/f.json" --today $TODAY $C \
    --rule art13.public_necessity --application 2 --conclusion pass \
    --by 林秋远 --note '经法务评估，为维护公共安全所必需' --date 2026-11-27
expect_match "$T/out" 'f\.reviews\.json: recorded pass art13\.public_necessity \[2 前台访客身份核验\] by 林秋远 on 2026-11-27'
expect_file_mode "$T/f.reviews.json" 600
ls "$T" | grep -q '\.tmp' && fail "temporary file left"
expect_eq frfile-reviews/1 "$(json_get "$T/f.reviews.json" "d['schema']")"
expect_eq visitor-reception "$(json_get "$T/f.reviews.json" "d['reviews'][0]['application_id']")"

# assess --json: the conclusion is the result, with who, when and why.
expect_exit 0 "$FRFILE" assess "$T/f.json" --today $TODAY $C --json
expect_eq pass "$(rule "$T/out" art13.public_necessity 2)"
R="[r for r in d['rules'] if r['id']=='art13.public_necessity' and r['application']==2][0]['review']"
expect_eq 林秋远 "$(json_get "$T/out" "$R['by']")"
expect_eq 2026-11-27 "$(json_get "$T/out" "$R['date']")"
expect_eq pass "$(json_get "$T/out" "$R['conclusion']")"
expect_eq 经法务评估，为维护公共安全所必需 "$(json_get "$T/out" "$R['note']")"
expect_eq false "$(json_get "$T/out" "$R['stale']")"
expect_eq 0 "$(json_get "$T/out" "d['summary']['needs_review']")"
expect_eq 1 "$(json_get "$T/out" "d['summary']['reviewed']")"
# The text output, in both languages, beside the finding.
expect_exit 0 "$FRFILE" assess "$T/f.json" --today $TODAY $C
grep -A5 '^PASS    art13.public_necessity' "$T/out" >"$T/t"
expect_match "$T/t" 'Reviewed: 林秋远 concluded “pass” on 27 November 2026\. Reason: 经法务评估'
expect_exit 0 "$FRFILE" assess "$T/f.json" --today $TODAY $C --lang zh
expect_match "$T/out" '复核结论：林秋远于2026年11月27日认定为“符合”。理由：经法务评估，为维护公共安全所必需'
# --list: in force.
expect_exit 0 "$FRFILE" review "$T/f.json" --today $TODAY $C --list
expect_match "$T/out" '^2026-11-27  in_force   pass    art13\.public_necessity \[2\] by 林秋远'

# render --final: concluded, so accepted; the PIPIA shows the conclusion
# beside the finding and in the table of conclusions; the manifest
# hashes the review file.
expect_exit 0 "$FRFILE" render "$T/f.json" --today $TODAY $C --out "$T/pkg" \
    --final --format pdf --lang zh,en
pdftotext -raw "$T/pkg/attachment-3-pipia.zh.pdf" - 2>/dev/null | tr -d ' \n' >"$T/z"
expect_match "$T/z" '复核结论：林秋远于2026年11月27日认定为“符合”。理由：经法务评估，为维护公共安全所必需'
expect_match "$T/z" '第13条公共场所安装以维护公共安全所必需为限前台访客身份核验符合林秋远2026年11月27日经法务评估'
pdftotext -raw "$T/pkg/attachment-3-pipia.en.pdf" - 2>/dev/null | tr -s ' \n' ' ' >"$T/e"
expect_match "$T/e" 'Reviewed: 林秋远 concluded “pass” on 27 November 2026'
expect_match "$T/e" 'Review conclusions'
expect_no_match "$T/e" 'art13|public_necessity|needs_review|true|false'
expect_eq "$(sha256sum <"$T/f.reviews.json" | cut -d' ' -f1)" \
    "$(json_get "$T/pkg/manifest.json" "[i['sha256'] for i in d['inputs'] if i['role']=='reviews'][0]")"

# The location changes: the review is stale, the finding needs review
# again, and --final is refused (one line per finding, nothing written).
python3 "$top/tests/cli/variant.py" "$T/f.json" "$T/f.json" \
    "d['applications'][2]['locations'][0]['address'] = '浙江省杭州市滨江区江南大道 1 号一层大堂'"
expect_exit 0 "$FRFILE" assess "$T/f.json" --today $TODAY $C --json
expect_eq needs_review "$(rule "$T/out" art13.public_necessity 2)"
expect_eq true "$(json_get "$T/out" "$R['stale']")"
expect_eq 1 "$(json_get "$T/out" "d['summary']['stale_reviews']")"
expect_exit 0 "$FRFILE" assess "$T/f.json" --today $TODAY $C
expect_match "$T/out" 'STALE REVIEW: The conclusion of 林秋远 on 27 November 2026 \(“pass”\) was made on facts that have since changed'
expect_exit 0 "$FRFILE" review "$T/f.json" --today $TODAY $C --list
expect_match "$T/out" '^2026-11-27  stale      pass    art13\.public_necessity'
expect_exit 1 "$FRFILE" render "$T/f.json" --today $TODAY $C --out "$T/p2" \
    --final --format pdf
expect_match "$T/err" '--final refused: 1 finding needs review'
expect_match "$T/err" 'art13\.public_necessity \(Art\. 13\) application 2: frfile review --rule art13\.public_necessity --application 2'
expect_match "$T/err" 'made on evidence that has since changed'
[ ! -e "$T/p2" ] || fail "written although refused"
# A draft shows the stale conclusion, in words.
expect_exit 0 "$FRFILE" render "$T/f.json" --today $TODAY $C --out "$T/p2" \
    --format pdf --lang zh
pdftotext -raw "$T/p2/attachment-3-pipia.zh.pdf" - 2>/dev/null | tr -d ' \n' >"$T/z"
expect_match "$T/z" '林秋远于2026年11月27日作出的复核结论（“符合”）所依据的情况此后已有变化'
expect_match "$T/z" '已失效，待重新复核'
# Concluded again, on the new location: in force, final accepted.
expect_exit 0 "$FRFILE" review "$T/f.json" --today $TODAY $C \
    --rule art13.public_necessity --application 2 --conclusion pass \
    --by 林秋远 --note '新址仍为酒店大堂，复核后维持原结论'
expect_exit 0 "$FRFILE" review "$T/f.json" --today $TODAY $C --list --json
expect_eq "superseded in_force" "$(json_get "$T/out" "' '.join(r['status'] for r in d)")"
expect_exit 0 "$FRFILE" render "$T/f.json" --today $TODAY $C --out "$T/p2" \
    --final --format pdf

# Concluded fail: a treatment item like any failure.
cp "$T/f.json" "$T/g.json"
expect_exit 0 "$FRFILE" review "$T/g.json" --today $TODAY $C \
    --rule art13.public_necessity --application 2 --conclusion fail \
    --by 林秋远 --note '酒店大堂并非为公共安全所必需'
expect_exit 1 "$FRFILE" assess "$T/g.json" --today $TODAY $C --json
expect_eq fail "$(rule "$T/out" art13.public_necessity 2)"
expect_eq 1 "$(json_get "$T/out" "len([t for t in d['treatment'] if t['rule']=='art13.public_necessity'])")"

# A failure measured from facts is never overturned: an Art. 14 measure
# declared without its document needs review, and is concluded; facts
# showing no encryption make it a measured failure: the review is then
# stale and ignored, and a new one is refused.
variant "del d['security_measures']['encryption']['document']"
expect_exit 0 "$FRFILE" assess "$T/f.json" --today $TODAY --json
expect_eq needs_review "$(rule "$T/out" art14.encryption None)"
expect_exit 0 "$FRFILE" review "$T/f.json" --today $TODAY --reviews "$T/enc.json" \
    --rule art14.encryption --conclusion pass --by 沈月华 --note '已查阅加密方案'
expect_exit 0 "$FRFILE" assess "$T/f.json" --today $TODAY --reviews "$T/enc.json" --json
expect_eq pass "$(rule "$T/out" art14.encryption None)"
expect_exit 1 "$FRFILE" assess "$T/f.json" --today $TODAY --reviews "$T/enc.json" \
    --facts "$FX/facts-noenc.json" --json
expect_eq fail "$(rule "$T/out" art14.encryption None)"
expect_eq true "$(json_get "$T/out" "[r for r in d['rules'] if r['id']=='art14.encryption'][0]['review']['stale']")"
expect_exit 1 "$FRFILE" review "$T/f.json" --today $TODAY --reviews "$T/enc.json" \
    --facts "$FX/facts-noenc.json" --rule art14.encryption --conclusion pass \
    --by 沈月华 --note x
expect_match "$T/err" 'art14\.encryption: the finding is fail, not one that needs review; only a needs-review finding can be concluded \(a failure is remedied, never overturned\)'
expect_eq 1 "$(json_get "$T/enc.json" "len(d['reviews'])")"
# A failure found by validation: not assessed, nothing recorded.
rm -f "$T/f.reviews.json"
variant "d['applications'][2]['locations'][0]['public'] = True"
expect_exit 1 "$FRFILE" review "$T/f.json" --today $TODAY \
    --rule art13.public_necessity --application 2 --conclusion pass --by x --note y
expect_match "$T/err" 'not assessed'
[ ! -e "$T/f.reviews.json" ] || fail "recorded on an invalid filing"

# A bad review file: one line naming the file, the JSON path and what was
# expected; nothing assessed.
cp "$SAMPLES/filing.json" "$T/h.json"
while IFS='|' read -r body pattern; do
	printf '%s\n' "$body" >"$T/h.reviews.json"
	expect_exit 3 "$FRFILE" assess "$T/h.json" --today $TODAY
	expect_match "$T/err" "$pattern"
	[ "$(wc -l <"$T/err")" -le 2 ] || fail "more than one line per problem"
done <<'ROWS'
{|h\.reviews\.json: not JSON: expected a review file
[]|h\.reviews\.json: expected an object with schema and reviews
{"schema": "x", "reviews": []}|h\.reviews\.json: schema: expected "frfile-reviews/1"
{"schema": "frfile-reviews/1"}|h\.reviews\.json: reviews: expected an array
{"schema": "frfile-reviews/1", "reviews": [1]}|h\.reviews\.json: reviews\[0\]: expected an object
{"schema": "frfile-reviews/1", "reviews": [{"rule": "x"}]}|reviews\[0\]\.rule: expected a rule id
{"schema": "frfile-reviews/1", "reviews": [{"rule": "art15.filing", "conclusion": "ok"}]}|reviews\[0\]\.conclusion: expected pass, fail or accept
{"schema": "frfile-reviews/1", "reviews": [{"rule": "art15.filing", "conclusion": "accept"}]}|reviews\[0\]\.conclusion: accept is only for an application's residual risk
{"schema": "frfile-reviews/1", "reviews": [{"rule": "art15.filing", "conclusion": "pass", "application": -3}]}|reviews\[0\]\.application: expected an application number
{"schema": "frfile-reviews/1", "reviews": [{"rule": "art15.filing", "conclusion": "pass", "by": "x", "note": "y", "date": "2026-02-30"}]}|reviews\[0\]\.date: expected a date YYYY-MM-DD
{"schema": "frfile-reviews/1", "reviews": [{"rule": "art15.filing", "conclusion": "pass", "by": "x", "note": "y", "date": "2026-02-03", "evidence_sha256": "ab"}]}|reviews\[0\]\.evidence_sha256: expected the SHA-256
ROWS
# A --reviews FILE that does not exist is an error, not an empty review.
expect_exit 3 "$FRFILE" assess "$SAMPLES/filing.json" --today $TODAY --reviews "$T/nope.json"
expect_match "$T/err" 'nope\.json: no such review file'
[ ! -e "$SAMPLES/filing.reviews.json" ] || fail "written beside the sample"
exit 0
