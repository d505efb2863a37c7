#!/bin/sh
# The review workflow: --final is refused while a rule fails, unless
# --accept-risk names it; accepted risks are listed in the report; a
# failing filing's draft carries the treatment plan.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/assess-lib.sh"

variant "d['applications'][1]['locations'][0]['place_type'] = 'restroom'"
expect_exit 1 "$FRFILE" render "$T/f.json" --out "$T/pkg" --final --today $TODAY
expect_match "$T/err" 'final refused: 1 failed rule'
expect_match "$T/err" 'art13\.prohibited_place'
[ ! -d "$T/pkg" ] || [ -z "$(ls -A "$T/pkg")" ] || fail "output written although refused"

expect_exit 2 "$FRFILE" render "$T/f.json" --out "$T/pkg" --final --draft
expect_exit 2 "$FRFILE" render "$T/f.json" --out "$T/pkg" --accept-risk nope

# A draft of the failing filing: the finding and its treatment.
expect_exit 0 "$FRFILE" render "$T/f.json" --out "$T/d" --draft --today $TODAY \
	--format pdf --lang zh,en
pdftotext -raw "$T/d/attachment-3-pipia.zh.pdf" - 2>/dev/null | tr -d ' \n' >"$T/z"
expect_match "$T/z" '不符合'
expect_match "$T/z" '立即拆除或停用上述场所内的人脸识别设备'
expect_match "$T/z" "$TODAY"
expect_match "$T/z" '草稿'
pdftotext -raw "$T/d/attachment-3-pipia.en.pdf" - 2>/dev/null | tr -d ' \n' >"$T/e"
expect_match "$T/e" 'Removeordisablethedevicesinthoseplacesatonce'

# Accepted: --final goes through and the report lists the accepted risk.
expect_exit 0 "$FRFILE" render "$T/f.json" --out "$T/f" --final --today $TODAY \
	--accept-risk art13.prohibited_place --format pdf
pdftotext -raw "$T/f/attachment-3-pipia.zh.pdf" - 2>/dev/null | tr -d ' \n' >"$T/z"
expect_match "$T/z" '正式稿'
expect_match "$T/z" '已接受的风险.*第13条不在宾馆客房'
expect_match "$T/z" '接受风险'
expect_no_match "$T/z" '已接受的风险无。'
# The clean sample can be final without accepting anything.
expect_exit 0 "$FRFILE" render "$SAMPLES/filing.json" --out "$T/s" --final \
	--today $TODAY --format pdf
pdftotext -raw "$T/s/attachment-3-pipia.zh.pdf" - 2>/dev/null | tr -d ' \n' >"$T/z"
expect_match "$T/z" '已接受的风险无。'
