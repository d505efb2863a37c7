#!/bin/sh
# Citations: every reference to an article of the Measures in the
# templates, forms, man pages and --help points at a provision that
# forms/articles.json holds (article, paragraph, item), and the wrong
# citations once found are gone. (Each rule's citation and the words it
# relies on are checked in tests/unit/test_rules.c.)
. "$(dirname "$0")/lib.sh"

# Every text that cites the Measures, one file each (a clause never runs
# from one file into the next): templates, forms, man pages, every verb's
# --help, validate's messages and assess's report.
mkdir -p "$T/txt"
for c in $("$FRFILE" --help 2>&1 | awk '/^  [a-z]/ {print $1}'); do
	"$FRFILE" "$c" --help >"$T/txt/frfile-$c" 2>&1
done
for c in $("$FRMATCH" --help 2>&1 | awk '/^  [a-z]/ {print $1}'); do
	"$FRMATCH" "$c" --help >"$T/txt/frmatch-$c" 2>&1
done
[ "$(ls "$T/txt" | wc -l)" -gt 20 ] || fail "too few verbs' help"
for f in "$SAMPLES"/broken/*.json; do
	"$FRFILE" validate --today 2026-11-22 "$f" >/dev/null 2>>"$T/txt/validate"
done
"$FRFILE" assess "$SAMPLES/filing.json" --today 2026-11-28 >"$T/txt/assess" 2>&1
expect_match "$T/txt/validate" 'Art\. 13'
python3 "$top/tests/cli/citations.py" "$top/forms/articles.json" \
    "$top"/templates/*.tmpl $(ls "$top"/forms/*.json | grep -v articles.json) \
    "$top"/man/*.[15] "$T"/txt/* >"$T/bad" 2>"$T/n" ||
	{ cat "$T/bad" "$T/n"; fail "a citation points at a provision that does not say what is claimed"; }

# The checker catches a wrong citation: separate consent is Art. 6, not 5.
printf 'Consent is obtained separately (Art. 5).\n' >"$T/wrong"
expect_exit 1 python3 "$top/tests/cli/citations.py" "$top/forms/articles.json" "$T/wrong"
expect_match "$T/out" 'Art\. 5'

# Templates cite through forms/articles.json ({{art.15_1_3}}), never by
# hand: no literal citation of the Measures outside a comment.
for f in "$top"/templates/*.tmpl; do
	sed 's/{{![^}]*}}//g' "$f" | grep -E '第[一二三四五六七八九十]+条|Art(icle|\.) [0-9]' |
	    grep -vE '个人信息保护法》第|Personal Information Protection Law|PIPL Art' >"$T/lit" &&
		{ cat "$T/lit"; fail "$(basename "$f") cites the Measures by hand"; }
done
grep -q '{{art\.' "$top/templates/attachment-5-letter-of-commitment.zh.tmpl" ||
	fail "the letter does not cite through the data"
# A provision the data does not hold stops the render, naming the line.
mkdir -p "$T/data"
cp -r "$top/forms" "$top/templates" "$T/data/"
sed -i 's/{{art\.12}}/{{art.12_3}}/' "$T/data/templates/attachment-5-letter-of-commitment.zh.tmpl"
FRFILE_DATADIR=$T/data expect_exit 3 "$FRFILE" render "$SAMPLES/filing.json" --out "$T/pkg" --format pdf
expect_match "$T/err" 'attachment-5-letter-of-commitment\.zh\.tmpl:[0-9]+.*art\.12_3'
[ ! -e "$T/pkg" ] || fail "a package was written"
# The same citation is written out in each language.
expect_exit 0 "$FRFILE" render "$SAMPLES/filing.json" --out "$T/ok" --format pdf --lang zh,en
pdftotext -raw "$T/ok/attachment-5-letter-of-commitment.zh-en.pdf" - | tr -d '\n' >"$T/zh"
cp "$T/zh" "$T/en"
expect_match "$T/zh" '（《办法》第十六条第二款）'
expect_match "$T/en" '\(Article 16, ?paragraph 2\)'

# All the texts at once, for the wrong citations once found.
{
	cat "$top"/templates/*.tmpl "$top"/forms/changes.json \
	    "$top"/forms/rules.json "$top"/man/frfile.1 "$top"/man/frmatch.1
	cat "$T"/txt/*
} >"$T/all" 2>&1
# Wrong citations once found (issue 13) stay gone.
expect_no_match "$T/all" '第十五条第（'
expect_no_match "$T/all" '备案材料和处理记录至少保存三年'
expect_no_match "$T/all" '备案信息发生实质性变更的。$'
"$FRMATCH" enroll --help >"$T/h" 2>&1
expect_match "$T/h" "separate consent's reference \(Art\. 6\)"
expect_match "$T/h" 'under 14 \(Art\. 7\)'
expect_no_match "$T/all" '不留存原始人脸图像.*第八条'
expect_eq 4 "$(jv "$top/forms/rules.json" '.rules."art4.raw_images".article')"
