#!/bin/sh
# A change rendered without --previous still makes the statement of
# changes from filing.change_summary, and says that no itemised
# comparison was given instead of showing an empty table.
. "$(dirname "$0")/lib.sh"

expect_exit 0 "$FRFILE" render "$SAMPLES/filing-amended.json" \
	--out "$T/pkg" --lang zh,en --format pdf
pdftotext -raw "$T/pkg/change-statement.zh.pdf" - 2>/dev/null | tr -d '\n ' >"$T/zh"
expect_match "$T/zh" '变更事项概述访客核验新增滨江分部前台访客区'
expect_match "$T/zh" '逐项比对结果未提供逐项比对'
expect_match "$T/zh" '本次未提供原备案信息的逐项比对'
expect_no_match "$T/zh" '变更前'
pdftotext -raw "$T/pkg/change-statement.en.pdf" - 2>/dev/null | tr '\n' ' ' >"$T/en"
expect_match "$T/en" 'No itemised comparison with the filing as filed was given'
for p in "$T"/pkg/*.pdf; do
	qpdf --check "$p" >"$T/qpdf" 2>&1 || { cat "$T/qpdf"; fail "qpdf: $p"; }
done

# Compared with itself: the table says there is nothing, not an empty grid.
expect_exit 0 "$FRFILE" render "$SAMPLES/filing-amended.json" \
	--previous "$SAMPLES/filing-amended.json" --out "$T/same" --format pdf
pdftotext -raw "$T/same/change-statement.zh.pdf" - 2>/dev/null | tr -d '\n ' >"$T/same.txt"
expect_match "$T/same.txt" '实质性变更0项，其他变更0项'
expect_match "$T/same.txt" '经逐项比对，未发现实质性变更事项。'
expect_no_match "$T/same.txt" '变更前'
