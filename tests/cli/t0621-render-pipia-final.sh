#!/bin/sh
# The review workflow: --final is refused while a rule fails, unless
# --accept-risk names it; accepted risks are listed in the report; a
# failing filing's draft carries the treatment plan.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/assess-lib.sh"

# A measure of Art. 14 switched off: valid as a filing, failing as a rule.
variant "d['security_measures']['intrusion_detection']['implemented'] = False"
expect_exit 1 "$FRFILE" render "$T/f.json" --out "$T/pkg" --final --today $TODAY --count "$SAMPLES/count.json"
expect_match "$T/err" 'final refused: 1 failed rule'
expect_match "$T/err" 'art14\.intrusion_detection'
[ ! -d "$T/pkg" ] || [ -z "$(ls -A "$T/pkg")" ] || fail "output written although refused"

expect_exit 2 "$FRFILE" render "$T/f.json" --out "$T/pkg" --final --draft
expect_exit 2 "$FRFILE" render "$T/f.json" --out "$T/pkg" --accept-risk nope

# A draft of the failing filing: the finding and its treatment.
expect_exit 0 "$FRFILE" render "$T/f.json" --out "$T/d" --draft --today $TODAY \
	--format pdf --lang zh,en
pdftotext -raw "$T/d/attachment-3-pipia.zh.pdf" - 2>/dev/null | tr -d ' \n' >"$T/z"
expect_match "$T/z" '不符合'
expect_match "$T/z" '部署入侵检测措施'
expect_match "$T/z" '2026-12-28'
expect_match "$T/z" '草稿'
pdftotext -raw "$T/d/attachment-3-pipia.en.pdf" - 2>/dev/null | tr -d ' \n' >"$T/e"
expect_match "$T/e" 'Deployintrusiondetection'

# Accepted: --final goes through and the report lists the accepted risk.
expect_exit 0 "$FRFILE" render "$T/f.json" --out "$T/f" --final --today $TODAY --count "$SAMPLES/count.json" \
	--accept-risk art14.intrusion_detection --format pdf
pdftotext -raw "$T/f/attachment-3-pipia.zh.pdf" - 2>/dev/null | tr -d ' \n' >"$T/z"
expect_match "$T/z" '正式稿'
expect_match "$T/z" '已接受的风险.*第14条入侵检测'
expect_match "$T/z" '接受风险'
expect_no_match "$T/z" '已接受的风险无。'
# The clean sample can be final without accepting anything.
expect_exit 0 "$FRFILE" render "$SAMPLES/filing.json" --out "$T/s" --final \
	--today $TODAY --format pdf --count "$SAMPLES/count.json"
pdftotext -raw "$T/s/attachment-3-pipia.zh.pdf" - 2>/dev/null | tr -d ' \n' >"$T/z"
expect_match "$T/z" '已接受的风险无。'
