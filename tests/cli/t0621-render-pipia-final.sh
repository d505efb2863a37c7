#!/bin/sh
# The final PIPIA: a failing rule never blocks --final (the filing is due
# whatever else is wrong); the report states each open failure with its
# remedy, owner and date. --final is refused only for a failure with no
# dated remedy. --accept-risk naming a rule writes nothing; an accepted
# residual risk shows who accepted it.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/assess-lib.sh"

# A measure of Art. 14 switched off: valid as a filing, failing as a rule.
variant "d['security_measures']['intrusion_detection']['implemented'] = False"
expect_exit 0 "$FRFILE" render "$T/f.json" --out "$T/f" --final --today $TODAY \
	--count "$SAMPLES/count.json" --format pdf --lang zh,en
pdftotext -raw "$T/f/attachment-3-pipia.zh.pdf" - 2>/dev/null | tr -d ' \n' >"$T/z"
expect_match "$T/z" '正式稿'
expect_match "$T/z" '不符合'
expect_match "$T/z" '部署入侵检测措施'
expect_match "$T/z" '2026年12月28日'
expect_match "$T/z" '信息安全部门'
expect_match "$T/z" '均未予接受'
expect_match "$T/z" '已接受的残余风险无。'
pdftotext -raw "$T/f/attachment-3-pipia.en.pdf" - 2>/dev/null | tr -d ' \n' >"$T/e"
expect_match "$T/e" 'Deployintrusiondetection'
expect_match "$T/e" '28December2026'

# A rule named to --accept-risk: refused with its article, nothing written.
expect_exit 2 "$FRFILE" render "$T/f.json" --out "$T/r" --final \
	--count "$SAMPLES/count.json" --today $TODAY --accept-risk art14.intrusion_detection \
	--accepted-by x --accept-reason y
expect_match "$T/err" 'duty under Art\. 14 of the Measures'
[ ! -e "$T/r" ] || fail "output written although refused"
expect_exit 2 "$FRFILE" render "$T/f.json" --out "$T/pkg" --final --draft

# A failure whose remedy has no date (deadline_days null): --final refused.
mkdir -p "$T/data/forms" "$T/data/templates"
cp -r "$top/forms/." "$T/data/forms/"
cp -r "$top/templates/." "$T/data/templates/"
cp -r "$top/data" "$T/data/" 2>/dev/null || true
python3 - "$T/data/forms/rules.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d['rules']['art14.intrusion_detection']['deadline_days'] = None
json.dump(d, open(sys.argv[1], 'w'), ensure_ascii=False)
PY
FRFILE_DATADIR=$T/data
export FRFILE_DATADIR
expect_exit 1 "$FRFILE" render "$T/f.json" \
	--out "$T/u" --final --today $TODAY --format pdf \
	--count "$SAMPLES/count.json"
expect_match "$T/err" 'final refused: 1 failed rule without a dated remedy'
expect_match "$T/err" 'art14\.intrusion_detection \(Art\. 14\)'
[ ! -e "$T/u" ] || fail "output written although refused"
expect_exit 0 "$FRFILE" render "$T/f.json" \
	--out "$T/u" --draft --today $TODAY --format pdf
pdftotext -raw "$T/u/attachment-3-pipia.zh.pdf" - 2>/dev/null | tr -d ' \n' >"$T/z"
expect_match "$T/z" '未定期限'
unset FRFILE_DATADIR

# An accepted residual risk: who, when, why in the report. --accept-risk
# records it in the review file (here one of the test's own, so that
# nothing is written beside the sample), which the manifest hashes.
expect_exit 0 "$FRFILE" render "$SAMPLES/filing.json" --out "$T/s" --final \
	--today $TODAY --format pdf --count "$SAMPLES/count.json" \
	--accept-risk risk.visitor-reception --reviews "$T/rv.json" \
	--accepted-by 林秋远 --accept-reason 残余风险在可接受范围内
[ ! -e "$SAMPLES/filing.reviews.json" ] || fail "written beside the sample"
expect_eq accept "$(json_get "$T/rv.json" "d['reviews'][0]['conclusion']")"
expect_eq risk.visitor-reception "$(json_get "$T/rv.json" "d['reviews'][0]['rule']")"
expect_eq "$(sha256sum <"$T/rv.json" | cut -d' ' -f1)" \
    "$(json_get "$T/s/manifest.json" "[i['sha256'] for i in d['inputs'] if i['role']=='reviews'][0]")"
pdftotext -raw "$T/s/attachment-3-pipia.zh.pdf" - 2>/dev/null | tr -d ' \n' >"$T/z"
expect_match "$T/z" '已接受的残余风险'
expect_match "$T/z" '前台访客身份核验中林秋远2026年11月28日残余风险在可接受范围内'
# Read back without --accept-risk: the acceptance stays on the record.
expect_exit 0 "$FRFILE" assess "$SAMPLES/filing.json" --today $TODAY \
	--count "$SAMPLES/count.json" --reviews "$T/rv.json" --json
expect_eq 林秋远 "$(json_get "$T/out" "d['acceptances'][0]['accepted_by']")"
