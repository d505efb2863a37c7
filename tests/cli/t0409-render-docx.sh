#!/bin/sh
# frfile render --format docx: every document of the package as a Word
# draft beside the PDFs, with the same base names, 0600, in the manifest.
# Debian's python3 reads each file back with python-docx (python3-docx):
# every filled value of Attachments 1 and 2, the stored count and the
# dates are in the text; headings carry the heading styles (with outline
# levels, for Word's navigation pane); tables are tables whose header rows
# repeat; A4 with the PDF's margins; the footer has the title, version and
# PAGE/NUMPAGES fields; the header the watermark; fonts named for a
# Chinese Windows; document properties set; identity numbers masked.
# --final --format docx is refused. LibreOffice converts one document per
# language to PDF (its own profile under $T, so tests run in parallel),
# and the pages have the expected text and page numbers.
. "$(dirname "$0")/lib.sh"

PY=/usr/bin/python3
$PY -c 'import docx' 2>/dev/null || fail "python3-docx is not installed (scripts/deps.sh)"
command -v soffice >/dev/null || fail "LibreOffice is not installed (scripts/deps.sh)"
check=$(dirname "$0")/render-check.py

# A Word file is always a draft: not in the final package.
expect_exit 2 "$FRFILE" render "$SAMPLES/filing.json" --out "$T/final" \
	--format pdf,docx --final --count "$SAMPLES/count.json" --today 2026-11-27
expect_match "$T/err" 'docx: a Word file is always a draft'
[ ! -e "$T/final" ] || fail "--final --format docx wrote $T/final"

expect_exit 0 "$FRFILE" render "$SAMPLES/filing.json" --out "$T/pkg" \
	--format pdf,docx --lang zh,en --count "$SAMPLES/count.json" \
	--today 2026-11-27 --json
n=0
for b in attachment-1-basic-information.zh attachment-1-basic-information.en \
	attachment-2-application-record.zh attachment-2-application-record.en \
	attachment-3-pipia.zh attachment-3-pipia.en \
	attachment-4-power-of-attorney.zh-en \
	attachment-5-letter-of-commitment.zh-en \
	materials-checklist.zh materials-checklist.en; do
	for e in pdf docx; do
		[ -f "$T/pkg/$b.$e" ] || fail "$b.$e not written"
		expect_file_mode "$T/pkg/$b.$e" 600
		n=$((n + 1))
	done
done
expect_eq 21 "$(ls -A "$T/pkg" | wc -l)" "files in the package (with manifest.json)"

# Word alone: the same names, nothing else.
expect_exit 0 "$FRFILE" render "$SAMPLES/filing.json" --out "$T/w" \
	--format docx --lang en --count "$SAMPLES/count.json" --today 2026-11-27
ls "$T/w" >"$T/names"
expect_lines "$T/names" 7
expect_no_match "$T/names" '\.(pdf|xlsx)$'
expect_match "$T/names" '^attachment-5-letter-of-commitment\.en\.docx$'

# Every filled value of Attachments 1 and 2, in both languages; and the
# check can fail: English values are not in the Chinese file.
for l in zh en; do
	for a in 1 2; do
		f=$(ls "$T"/pkg/attachment-$a-*.$l.docx)
		$PY "$check" docx "$top" "$SAMPLES/filing.json" $l "$f" $a ||
			fail "$f: values missing"
	done
done
! $PY "$check" docx "$top" "$SAMPLES/filing.json" en \
	"$T/pkg/attachment-1-basic-information.zh.docx" 1 2>/dev/null ||
	fail "render-check.py docx finds English values in the Chinese file"

# Structure, properties, count, dates and masking, file by file.
$PY - "$T/pkg" <<'PY' || fail "docx structure"
import glob, os, re, sys, zipfile
import docx
from docx.oxml.ns import qn

d = sys.argv[1]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
count = "118,609"
problems = []

def need(cond, what):
    if not cond:
        problems.append(what)

def text_of(doc):
    out = []
    def walk(c):
        for p in c.paragraphs:
            out.append(p.text)
        for t in c.tables:
            for r in t.rows:
                for cell in r.cells:
                    walk(cell)
    walk(doc)
    return "\n".join(out)

for path in sorted(glob.glob(os.path.join(d, "*.docx"))):
    name = os.path.basename(path)
    lang = name.split(".")[-2]
    doc = docx.Document(path)
    text = text_of(doc)
    z = zipfile.ZipFile(path)
    allxml = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xml"))
    cp = doc.core_properties
    need(cp.title and all(t in text for t in cp.title.split(" / ")),
         f"{name}: title property {cp.title!r}")
    need(cp.author in ("杭州栖霞湾智能科技有限公司", "Hangzhou Qixiawan Intelligent Technology Co., Ltd."),
         f"{name}: author {cp.author!r}")
    need(cp.subject and cp.keywords, f"{name}: subject and keywords")
    need(str(cp.created) == "2026-11-26 16:00:00", f"{name}: created {cp.created}")
    need(cp.content_status in ("草稿", "Draft"), f"{name}: status {cp.content_status!r}")
    # Identity numbers masked, never in full, anywhere in the file.
    need("330105199211230311" not in allxml, f"{name}: an identity number in full")
    # A4 with the PDF's margins (page.h: 30/26/30/28 mm).
    s = doc.sections[0]
    need((s.page_width, s.page_height) == (11906 * 635, 16838 * 635), f"{name}: not A4")
    need([round(x / 36000) for x in (s.top_margin, s.right_margin, s.bottom_margin,
         s.left_margin)] == [30, 26, 30, 28], f"{name}: margins")
    # Footer: the title and version, and the page as fields.
    ftr = s.footer._element.xml
    instr = " ".join(e.text for e in s.footer._element.iter(W + "instrText"))
    need("PAGE" in instr.split() and "NUMPAGES" in instr.split(), f"{name}: footer fields {instr!r}")
    need(cp.title in "".join(p.text for p in s.footer.paragraphs), f"{name}: footer title")
    need(cp.version and cp.version in "".join(p.text for p in s.footer.paragraphs),
         f"{name}: footer version {cp.version!r}")
    # The watermark: Word's VML text shape in the header.
    hdr = s.header._element.xml
    mark = {"zh": "草稿", "en": "DRAFT", "zh-en": "草稿 DRAFT"}[lang]
    need(f'string="{mark}"' in hdr and "PowerPlusWaterMarkObject" in hdr, f"{name}: watermark")
    # Fonts for a Chinese Windows: Song body, Hei headings, Latin in TNR.
    st = z.read("word/styles.xml").decode()
    need(re.search(r'<w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" '
         r'w:hAnsi="Times New Roman" w:eastAsia="宋体"', st), f"{name}: default fonts")
    need(re.search(r'w:styleId="Heading1".*?<w:outlineLvl w:val="0"/>.*?w:eastAsia="黑体"', st, re.S),
         f"{name}: heading 1 style")
    # No program text: no snake_case key in the document.
    need(not re.search(r"\b[a-z]+_[a-z_]+\b", text),
         f"{name}: program text: {re.findall(r'[a-z]+_[a-z_]+', text)[:3]}")
    # Tables: every table is a real table; grid and checklist headers repeat.
    hdrs = [t for t in doc.tables
            if t.rows[0]._tr.trPr is not None and t.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None]
    if name.startswith("attachment-3"):
        heads = {p.style.name for p in doc.paragraphs if p.style.name.startswith("Heading")}
        need({"Heading 1", "Heading 2"} <= heads, f"{name}: heading styles {heads}")
        need(len(hdrs) >= 5, f"{name}: {len(hdrs)} tables with a repeating header")
        need(count in text, f"{name}: the stored count")
    if name.startswith("attachment-2"):
        need(any(p.style.name == "Heading 3" for p in doc.paragraphs), f"{name}: no Heading 3")
        need(len(hdrs) >= 2, f"{name}: {len(hdrs)} tables with a repeating header")
        need(count in text, f"{name}: the stored count")
    if name.startswith("attachment-1"):
        need(sum(len(t.rows) for t in doc.tables) >= 20, f"{name}: the form is not a table")
        need(count in text, f"{name}: the stored count")
    if name.startswith("materials-checklist"):
        need(len(hdrs) == 1 and len(doc.tables[0].columns) == 4, f"{name}: checklist table")
        need(re.search(r"attachment-1-basic-information\.(zh|en)\.pdf", text), f"{name}: file names")
    if name.startswith("attachment-4"):
        need(re.search(r"3301\*+0311", text), f"{name}: masked identity number")
        need(re.search(r"\d{4}年\d{1,2}月\d{1,2}日", text), f"{name}: a Chinese date")
    if name.startswith("attachment-5"):
        need(count in text, f"{name}: the stored count")
        need("2026年11月27日" in text and "27 November 2026" in text, f"{name}: the dates")
        need("Letter of Commitment" in text and "承诺书" in text, f"{name}: both languages")
for p in problems:
    print(p, file=sys.stderr)
sys.exit(1 if problems else 0)
PY

# The manifest lists the Word files with their hashes.
python3 - "$T/pkg" <<'PY' || fail "manifest"
import hashlib, json, os, sys
d = sys.argv[1]
m = json.load(open(os.path.join(d, "manifest.json")))
assert m["draft"] is True
outs = {o["file"]: o for o in m["outputs"]}
assert set(outs) == set(os.listdir(d)) - {"manifest.json"}, outs
docx = [f for f in outs if f.endswith(".docx")]
assert len(docx) == 10, docx
for f in docx:
    b = open(os.path.join(d, f), "rb").read()
    assert outs[f]["format"] == "docx" and outs[f]["sha256"] == hashlib.sha256(b).hexdigest(), f
PY

# Reproducible: the same input gives the same bytes.
expect_exit 0 "$FRFILE" render "$SAMPLES/filing.json" --out "$T/again" \
	--format docx --lang en --count "$SAMPLES/count.json" --today 2026-11-27
cmp -s "$T/w/attachment-3-pipia.en.docx" "$T/again/attachment-3-pipia.en.docx" ||
	fail "the same input gave another DOCX"

# LibreOffice opens them: one document a language, converted to PDF with
# a profile of this test's own.
mkdir -p "$T/conv"
soffice -env:UserInstallation="file://$T/lo" --headless --convert-to pdf \
	--outdir "$T/conv" "$T/pkg/attachment-2-application-record.zh.docx" \
	"$T/pkg/attachment-5-letter-of-commitment.zh-en.docx" \
	"$T/pkg/materials-checklist.en.docx" >"$T/lo.log" 2>&1 ||
	{ cat "$T/lo.log" >&2; fail "soffice --convert-to pdf"; }
for b in attachment-2-application-record.zh attachment-5-letter-of-commitment.zh-en \
	materials-checklist.en; do
	p=$T/conv/$b.pdf
	[ -f "$p" ] || { cat "$T/lo.log" >&2; fail "LibreOffice did not convert $b"; }
	pages=$(pdfinfo "$p" 2>/dev/null | awk '/^Pages:/ { print $2 }')
	pdftotext -layout "$p" "$T/$b.txt" 2>/dev/null
	case $b in
	*.zh)
		[ "$pages" -ge 3 ] || fail "$b: $pages pages"
		expect_match "$T/$b.txt" '人脸识别技术应用情况备案表'
		expect_match "$T/$b.txt" "第 ?$pages ?页 ?共 ?$pages ?页"
		expect_match "$T/$b.txt" '118,609'
		;;
	*.zh-en)
		[ "$pages" -ge 3 ] || fail "$b: $pages pages"
		expect_match "$T/$b.txt" '杭州栖霞湾智能科技有限公司'
		expect_match "$T/$b.txt" 'Letter of Commitment'
		expect_match "$T/$b.txt" "第 ?2 ?页 ?共 ?$pages ?页 ?/ ?Page 2 of $pages"
		;;
	*.en)
		expect_eq 1 "$pages" "$b: pages"
		expect_match "$T/$b.txt" 'Checklist of Filing Materials'
		expect_match "$T/$b.txt" 'Page 1 of 1'
		expect_match "$T/$b.txt" 'Draft for review'
		;;
	esac
done
exit 0
