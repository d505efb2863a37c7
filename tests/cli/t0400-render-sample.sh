#!/bin/sh
# frfile render on the sample filing, both languages, both formats: every
# filled value of Attachments 1 and 2 is in the PDF text and in the XLSX
# cells, every font is an embedded subset whose ToUnicode map poppler
# reads without a warning, qpdf finds nothing wrong, every file is 0600,
# and manifest.json hashes what was written.
. "$(dirname "$0")/lib.sh"

expect_exit 0 "$FRFILE" render "$SAMPLES/filing.json" --out "$T/pkg" \
	--lang zh,en --today 2026-11-27
for f in attachment-1-basic-information.zh.pdf \
	attachment-1-basic-information.en.pdf \
	attachment-2-application-record.zh.pdf \
	attachment-2-application-record.en.pdf \
	attachment-3-pipia.zh.pdf attachment-3-pipia.en.pdf \
	attachment-4-power-of-attorney.zh-en.pdf \
	attachment-5-letter-of-commitment.zh-en.pdf \
	materials-checklist.zh.pdf materials-checklist.en.pdf \
	filing-package.zh.xlsx filing-package.en.xlsx manifest.json; do
	[ -f "$T/pkg/$f" ] || fail "$f not written"
	expect_file_mode "$T/pkg/$f" 600
done
n=$(ls -A "$T/pkg" | wc -l)
expect_eq 13 "$n" "files in the package"

for p in "$T"/pkg/*.pdf; do
	qpdf --check "$p" >"$T/qpdf" 2>&1 || { cat "$T/qpdf"; fail "qpdf: $p"; }
	pdffonts "$p" 2>/dev/null | awk 'NR > 2 && ($(NF-4) != "yes" || $(NF-3) != "yes") { bad = 1 }
		END { exit bad }' || { pdffonts "$p"; fail "$p: a font is not an embedded subset"; }
	# Text maps back to Unicode by the book: poppler has nothing to say
	# about the fonts' ToUnicode maps, and the text comes out.
	pdffonts "$p" >/dev/null 2>"$T/fonts.err"
	[ ! -s "$T/fonts.err" ] || { cat "$T/fonts.err" >&2; fail "$p: pdffonts warns"; }
	pdftotext "$p" - 2>"$T/text.err" >/dev/null
	[ ! -s "$T/text.err" ] || { head -3 "$T/text.err" >&2; fail "$p: pdftotext warns"; }
	nf=$(pdffonts "$p" 2>/dev/null | awk 'NR > 2' | wc -l)
	[ "$nf" -ge 2 ] || fail "$p: expected Chinese and Latin fonts, got $nf"
	size=$(stat -c %s "$p")
	# The PIPIA runs to twenty pages and more: it has a larger budget.
	case $p in
	*attachment-3-pipia*) max=409600 ;;
	*) max=204800 ;;
	esac
	[ "$size" -lt "$max" ] || fail "$p: $size bytes, expected < $max"
done

check=$(dirname "$0")/render-check.py
for l in zh en; do
	for a in 1 2; do
		f=$(ls "$T"/pkg/attachment-$a-*.$l.pdf)
		pdftotext -raw "$f" "$T/text" 2>/dev/null
		python3 "$check" pdf "$top" "$SAMPLES/filing.json" $l "$T/text" $a ||
			fail "$f: values missing"
	done
	python3 "$check" xlsx "$top" "$SAMPLES/filing.json" $l \
		"$T/pkg/filing-package.$l.xlsx" 1 2 || fail "$l xlsx: values missing"
done

# The letters: Chinese first, English after, names and the date line.
pdftotext -raw "$T/pkg/attachment-5-letter-of-commitment.zh-en.pdf" "$T/l5" 2>/dev/null
expect_match "$T/l5" '承诺书'
expect_match "$T/l5" 'Letter of Commitment'
expect_match "$T/l5" '杭州栖霞湾智能科技有限公司'
expect_match "$T/l5" '91330106MA2H7Q4K4M'
expect_match "$T/l5" '2026年11月27日'
expect_match "$T/l5" '27 November 2026'
expect_match "$T/l5" '第十四条'
expect_match "$T/l5" '第 1 页 共 [0-9]+ 页 / Page 1 of [0-9]+'
pdftotext -raw "$T/pkg/attachment-4-power-of-attorney.zh-en.pdf" "$T/l4" 2>/dev/null
expect_match "$T/l4" '周亦川'
expect_match "$T/l4" '3301\*+0311'
expect_no_match "$T/l4" '330105199211230311'
expect_match "$T/l4" '2027年5月19日'
expect_match "$T/l4" 'Power of Attorney'

# The checklist names all nine materials and what was generated.
pdftotext -raw "$T/pkg/materials-checklist.zh.pdf" - 2>/dev/null |
	tr -d ' \n' >"$T/cl"
for s in 附件1 附件2 附件3 统一社会信用代码证书 法定代表人 经办人身份证件 授权委托书 承诺书 其他相关材料; do
	expect_match "$T/cl" "$s"
done
expect_match "$T/cl" 'attachment-1-basic-information\.zh\.pdf'

# PDF metadata in Unicode, creation date from the filing date (CST).
pdfinfo "$T/pkg/attachment-1-basic-information.zh.pdf" >"$T/info" 2>/dev/null
expect_match "$T/info" '^Title: +个人信息处理者基本情况表'
expect_match "$T/info" '^Author: +杭州栖霞湾智能科技有限公司'
expect_match "$T/info" '^CreationDate: .*Nov 2[67] .*2026'

# The XLSX opens: sheets, a frozen header, A4 fitted to width, validation.
python3 - "$T/pkg/filing-package.zh.xlsx" <<'PY' || fail "xlsx structure"
import sys, zipfile, xml.etree.ElementTree as ET
z = zipfile.ZipFile(sys.argv[1])
ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
wb = ET.fromstring(z.read("xl/workbook.xml"))
names = [s.get("name") for s in wb.find("m:sheets", ns)]
assert names[:8] == ["附件1", "附件2", "附件3 影响评估", "附件4", "附件5",
    "材料清单", "风险登记表", "数据映射表"], names
s = z.read("xl/worksheets/sheet1.xml").decode()
assert 'state="frozen"' in s and 'paperSize="9"' in s and 'fitToHeight="0"' in s, "print setup"
assert "<dataValidation " in s, "no drop-down lists"
core = z.read("docProps/core.xml").decode()
assert "人脸识别技术应用备案材料" in core and "2026-11-26T16:00:00Z" in core, core
PY

# manifest.json: the SHA-256 and size of each output and of the input.
python3 - "$T/pkg" "$SAMPLES/filing.json" <<'PY' || fail "manifest"
import hashlib, json, os, sys
d = sys.argv[1]
m = json.load(open(os.path.join(d, "manifest.json")))
assert m["schema"] == "frfile-manifest/1"
files = {o["file"] for o in m["outputs"]}
assert files == set(os.listdir(d)) - {"manifest.json"}, files
for o in m["outputs"]:
    b = open(os.path.join(d, o["file"]), "rb").read()
    assert hashlib.sha256(b).hexdigest() == o["sha256"], o["file"]
    assert len(b) == o["size"], o["file"]
i = m["inputs"][0]
assert i["role"] == "filing"
assert i["sha256"] == hashlib.sha256(open(sys.argv[2], "rb").read()).hexdigest()
PY
exit 0
