#!/bin/sh
# frfile render of a change (变更备案) with --previous: the statement of
# changes comes first and itemises what fdiff found against the filing as
# filed, under the forms' labels, old value → new value, with the basis;
# Attachments 1 and 2 are marked as the amendment; the letter speaks of
# the amendment; the checklist, the XLSX and the manifest follow the type.
. "$(dirname "$0")/lib.sh"

# The filing as filed, with two more substantive changes: the main
# business, and an application that has since ended.
python3 - "$SAMPLES/filing.json" "$T/old.json" <<'PY'
import copy, json, sys
d = json.load(open(sys.argv[1]))
d["processor"]["main_business"] = "智能楼宇软件研发"
a = copy.deepcopy(d["applications"][0])
a.update(id="meeting-signin", name="会议室签到", name_en="Meeting room sign-in")
d["applications"].append(a)
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False, indent=2)
PY
expect_exit 0 "$FRFILE" render "$SAMPLES/filing-amended.json" \
	--previous "$T/old.json" --out "$T/pkg" --lang zh,en --json
expect_eq change "$(jv "$T/out" '.filing_type')" "filing_type"
# Five: the main business, a location added, an application ended, and
# the processing rules' new version and date (Art. 15 para. 1 item 4).
expect_eq 5 "$(jv "$T/out" '.substantive_changes')" "substantive"
for f in change-statement.zh.pdf change-statement.en.pdf \
	attachment-1-basic-information.zh.pdf \
	attachment-2-application-record.en.pdf \
	attachment-4-power-of-attorney.zh-en.pdf \
	attachment-5-letter-of-commitment.zh-en.pdf \
	materials-checklist.zh.pdf filing-package.zh.xlsx \
	filing-package.en.xlsx manifest.json; do
	[ -f "$T/pkg/$f" ] || fail "$f not written"
	expect_file_mode "$T/pkg/$f" 600
done
for p in "$T"/pkg/*.pdf; do
	qpdf --check "$p" >"$T/qpdf" 2>&1 || { cat "$T/qpdf"; fail "qpdf: $p"; }
done

# Chinese: lines joined, so a value wrapped in its cell still matches.
pdftotext -raw "$T/pkg/change-statement.zh.pdf" - 2>/dev/null | tr -d '\n ' >"$T/zh"
expect_match "$T/zh" '人脸识别技术应用变更备案说明'
expect_match "$T/zh" '原备案编号浙网信人脸备〔2026〕0417号'
expect_match "$T/zh" '变更生效日期2026年12月21日'
expect_match "$T/zh" '访客核验新增滨江分部前台访客区'
expect_match "$T/zh" '实质性变更5项'
# The substantive rows: the form's label, before, after, basis.
expect_match "$T/zh" '主营业务智能楼宇软件研发智能楼宇软件研发与运营服务'
expect_match "$T/zh" '人脸识别技术应用「前台访客身份核验」：安装位置第2项（新增）（无）位置：滨江分部前台访客区'
expect_match "$T/zh" '第十三条、第十五条第一款第（二）项'
expect_match "$T/zh" '处理规则版本V2\.0V2\.1第十五条第一款第（四）项'
expect_match "$T/zh" '人脸识别技术应用「会议室签到」（删除）会议室签到（无）'
# The minor change, listed apart; the bookkeeping counted, not listed.
expect_match "$T/zh" '（二）其他变更.*报告版本2\.02\.1'
expect_no_match "$T/zh" 'processing_rules'
expect_match "$T/zh" '另有5项备案办理信息'
expect_no_match "$T/zh" 'filing\.change_summary'
expect_match "$T/zh" '单位公章'

pdftotext -raw "$T/pkg/change-statement.en.pdf" - 2>/dev/null | tr '\n' ' ' >"$T/en"
expect_match "$T/en" 'Statement of Changes to the Filing'
expect_match "$T/en" 'Change effective from 21 December 2026'
expect_match "$T/en" 'Main business'
expect_match "$T/en" 'Visitor verification at reception": Locations, item 2 \(added\)'
expect_match "$T/en" 'V2\.0 V2\.1'
expect_match "$T/en" 'application "Meeting room sign-in" \(removed\) Meeting room sign- ?in \(none\)'

pdftotext -raw "$T/pkg/attachment-1-basic-information.zh.pdf" - 2>/dev/null >"$T/a1"
expect_match "$T/a1" '个人信息处理者基本情况表（变更备案）'
pdftotext -raw "$T/pkg/attachment-2-application-record.en.pdf" - 2>/dev/null >"$T/a2"
expect_match "$T/a2" '\(amendment\)'
pdftotext -raw "$T/pkg/attachment-5-letter-of-commitment.zh-en.pdf" - 2>/dev/null | tr -d '\n' >"$T/l5"
expect_match "$T/l5" '变更备案（原备案编号：浙网信人脸备〔2026〕0417号；变更生效日期：2026年12月21日）'
expect_match "$T/l5" '变更备案材料及《变更说明》所列变更事项真实'
pdftotext -raw "$T/pkg/materials-checklist.zh.pdf" - 2>/dev/null | tr -d '\n ' >"$T/cl"
expect_match "$T/cl" '变更备案材料清单'
expect_match "$T/cl" '变更备案说明（加盖公章）'
expect_match "$T/cl" 'change-statement\.zh\.pdf'

# The workbook has the statement's sheet; the manifest says what it is.
python3 - "$T/pkg" <<'PY' || fail "xlsx sheets or manifest"
import json, re, sys, zipfile
d = sys.argv[1]
for lang, name in (("zh", "变更说明"), ("en", "Statement of changes")):
    wb = zipfile.ZipFile(f"{d}/filing-package.{lang}.xlsx").read("xl/workbook.xml").decode()
    names = re.findall(r'<sheet name="([^"]*)"', wb)
    assert names[0] == name, names
m = json.load(open(f"{d}/manifest.json"))
assert m["filing_type"] == "change", m["filing_type"]
assert [i["role"] for i in m["inputs"]] == ["filing", "previous"], m["inputs"]
docs = {o.get("document") for o in m["outputs"]}
assert "change-statement" in docs, docs
PY
