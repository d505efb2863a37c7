#!/bin/sh
# frfile render of a cancellation (注销备案): the application for
# cancellation states the earlier filing, the termination date, the
# reason and how and when the stored facial information was handled;
# the package is that form with Attachments 1 and 4 and a checklist of
# what a cancellation needs; no Attachment 2 or 5.
. "$(dirname "$0")/lib.sh"

expect_exit 0 "$FRFILE" render "$SAMPLES/filing-cancellation.json" \
	--type cancellation --out "$T/pkg" --lang zh,en
for f in cancellation-application.zh.pdf cancellation-application.en.pdf \
	attachment-1-basic-information.zh.pdf \
	attachment-1-basic-information.en.pdf \
	attachment-4-power-of-attorney.zh-en.pdf \
	materials-checklist.zh.pdf materials-checklist.en.pdf \
	filing-package.zh.xlsx filing-package.en.xlsx manifest.json; do
	[ -f "$T/pkg/$f" ] || fail "$f not written"
	expect_file_mode "$T/pkg/$f" 600
done
expect_eq 10 "$(ls -A "$T/pkg" | wc -l)" "files in the package"
for p in "$T"/pkg/*.pdf; do
	qpdf --check "$p" >"$T/qpdf" 2>&1 || { cat "$T/qpdf"; fail "qpdf: $p"; }
done

pdftotext -raw "$T/pkg/cancellation-application.zh.pdf" - 2>/dev/null | tr -d '\n ' >"$T/zh"
expect_match "$T/zh" '人脸识别技术应用注销备案申请表'
expect_match "$T/zh" '原备案编号浙网信人脸备〔2026〕0417号'
expect_match "$T/zh" '终止应用日期2027年2月26日'
expect_match "$T/zh" '终止原因总部园区门禁系统更换为工卡与二维码通行方式'
expect_match "$T/zh" '处理方式已删除'
expect_match "$T/zh" '处理完成日期2027年3月1日'
expect_match "$T/zh" 'QXW-SEC-2027-011'
expect_match "$T/zh" '存储的人脸信息已全部删除'
expect_match "$T/zh" '1\.办公区门禁人脸核验；2\.生产园区考勤打卡'
pdftotext -raw "$T/pkg/cancellation-application.en.pdf" - 2>/dev/null | tr '\n' ' ' >"$T/en"
expect_match "$T/en" 'Application for Cancellation of the Filing'
expect_match "$T/en" 'Terminated on 26 February 2027'
expect_match "$T/en" 'Handled by Deleted'
expect_match "$T/en" 'Completed on 1 March 2027'
expect_match "$T/en" 'deleted beyond recovery'

pdftotext -raw "$T/pkg/materials-checklist.zh.pdf" - 2>/dev/null | tr -d '\n ' >"$T/cl"
expect_match "$T/cl" '注销备案材料清单'
expect_match "$T/cl" '注销备案申请表（加盖公章）'
expect_match "$T/cl" '人脸信息删除、匿名化处理或依法移交的证明材料'
expect_no_match "$T/cl" '承诺书'
pdftotext -raw "$T/pkg/attachment-4-power-of-attorney.zh-en.pdf" - 2>/dev/null | tr -d '\n' >"$T/l4"
expect_match "$T/l4" '办理人脸识别技术应用注销备案（原备案编号'

python3 - "$T/pkg" <<'PY' || fail "xlsx sheets or manifest"
import json, re, sys, zipfile
d = sys.argv[1]
for lang, first in (("zh", "注销申请表"), ("en", "Cancellation")):
    wb = zipfile.ZipFile(f"{d}/filing-package.{lang}.xlsx").read("xl/workbook.xml").decode()
    names = re.findall(r'<sheet name="([^"]*)"', wb)
    assert names[0] == first and len([n for n in names if n != "lists"]) == 4, names
m = json.load(open(f"{d}/manifest.json"))
assert m["filing_type"] == "cancellation"
atts = sorted(o["attachment"] for o in m["outputs"] if "attachment" in o)
assert atts == [1, 1, 4], atts
PY
