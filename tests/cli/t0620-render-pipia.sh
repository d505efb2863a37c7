#!/bin/sh
# Attachment 3, the PIPIA, in PDF and XLSX, both languages: the findings,
# the risk levels, the cover data (version, retain-until = date + 3
# years, inputs' hash), a clean qpdf check, and the risk register and
# data map as worksheets.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/assess-lib.sh"

expect_exit 0 "$FRFILE" render "$SAMPLES/filing.json" --out "$T/pkg" \
	--lang zh,en --today $TODAY --report-version 2.1
for l in zh en; do
	p=$T/pkg/attachment-3-pipia.$l.pdf
	[ -f "$p" ] || fail "$p not written"
	expect_file_mode "$p" 600
	qpdf --check "$p" >"$T/qpdf" 2>&1 || { cat "$T/qpdf"; fail "qpdf: $p"; }
	pdftotext -raw "$p" - 2>/dev/null | tr -d ' ' >"$T/$l.txt"
	tr -d '\n' <"$T/$l.txt" >"$T/$l.joined"
done
h=$(sha256sum "$SAMPLES/filing.json" | cut -d' ' -f1)
Z=$T/zh.txt
expect_match "$Z" '个人信息保护影响评估报告'
expect_match "$Z" '2\.1'
expect_match "$Z" '2026年11月10日'
expect_match "$Z" '至2029年11月10日'
expect_match "$T/zh.joined" "$h"
for s in 审批页 评估团队 评估依据 GB/T39335-2020 数据映射表 生命周期处理情况 \
    处理目的和处理方式是否合法、正当、必要 对个人权益的影响 \
    泄露、篡改、丢失、毁损 保护措施是否合法、有效 合规分析 风险判定准则 \
    风险登记表 风险处置计划 已接受的残余风险 残余风险 评估结论 评估的更新 \
    数据录入 识别比对 结果处理 风险应对 保密管理 自动化决策 技术提供方 \
    杭州青木感知设备有限公司 限制个人自主决定权 人身财产受损; do
	expect_match "$T/zh.joined" "$s"
done
# Findings: every rule's title and result; the risk levels of the register.
expect_match "$T/zh.joined" '不在宾馆客房、公共浴室、更衣室、卫生间等场所安装设备'
expect_match "$Z" '第13条'
expect_match "$Z" '符合'
lv=$("$FRFILE" assess "$SAMPLES/filing.json" --today $TODAY --json |
	python3 -c 'import json,sys; d=json.load(sys.stdin); print(" ".join(r["level"] for r in d["risk"]))')
zhl=$(echo "$lv" | sed 's/low/低/g; s/medium/中/g; s/high/高/g; s/severe/严重/g')
set -- $zhl
for a in 办公区门禁人脸核验 生产园区考勤打卡 前台访客身份核验; do
	grep -Eq "^$a.*$1" "$Z" || fail "risk register: $a is not $1"
	shift
done
E=$T/en.txt
for s in 'PersonalInformationProtectionImpactAssessmentReport' 'Retainuntil' \
    '10November2029' 'Riskregister' 'Treatmentplan' 'Residualrisk' \
    'Compliance,articlebyarticle' 'Thefourquestionsoftheimpactassessment\(Article9\)' \
    'Officeaccesscontrol' 'Whentheassessmentmustberedone'; do
	expect_match "$T/en.joined" "$s"
done
expect_match "$T/en.joined" "$h"
# The workbook: the register and the data map as worksheets with rows.
python3 - "$T/pkg/filing-package.zh.xlsx" "$T/pkg/filing-package.en.xlsx" <<'PY' || fail "xlsx sheets"
import sys, zipfile, re
for path, reg, dm, app in ((sys.argv[1], "风险登记表", "数据映射表", "前台访客身份核验"),
                           (sys.argv[2], "Risk register", "Data map", "Visitor verification at reception")):
    z = zipfile.ZipFile(path)
    wb = z.read("xl/workbook.xml").decode()
    names = re.findall(r'<sheet name="([^"]*)"', wb)
    assert reg in names and dm in names, names
    strings = z.read("xl/sharedStrings.xml").decode()
    for n, sheet in ((names.index(reg) + 1, reg), (names.index(dm) + 1, dm)):
        x = z.read("xl/worksheets/sheet%d.xml" % n).decode()
        rows = x.count("<row ")
        assert rows >= 4, (sheet, rows)
    assert app in strings, app
PY
