#!/bin/sh
# --format and --lang choose the files; the names stay the same whatever
# else is asked; --json lists what was written with sizes and hashes.
. "$(dirname "$0")/lib.sh"

expect_exit 0 "$FRFILE" render "$SAMPLES/filing.json" --out "$T/x" --format xlsx --lang en --json
ls "$T/x" >"$T/names"
expect_lines "$T/names" 2
expect_match "$T/names" '^filing-package\.en\.xlsx$'
expect_match "$T/names" '^manifest\.json$'
expect_eq "filing-package.en.xlsx" "$(jv "$T/out" '.files[0].file')"
h=$(sha256sum "$T/x/filing-package.en.xlsx" | cut -d' ' -f1)
expect_eq "$h" "$(jv "$T/out" '.files[0].sha256')" "sha256 in --json"

expect_exit 0 "$FRFILE" render "$SAMPLES/filing.json" --out "$T/p" --format pdf
ls "$T/p" >"$T/names"
expect_lines "$T/names" 7
expect_match "$T/names" '^attachment-3-pipia\.zh\.pdf$'
expect_match "$T/names" '^attachment-4-power-of-attorney\.zh\.pdf$'
expect_match "$T/names" '^attachment-5-letter-of-commitment\.zh\.pdf$'
expect_match "$T/out" 'attachment-1-basic-information\.zh\.pdf'

# English alone: English letters, English footer.
expect_exit 0 "$FRFILE" render "$SAMPLES/filing.json" --out "$T/e" --format pdf --lang en
pdftotext -raw "$T/e/attachment-5-letter-of-commitment.en.pdf" "$T/t" 2>/dev/null
expect_match "$T/t" 'Page 1 of [0-9]+'
expect_no_match "$T/t" '第 1 页'
expect_match "$T/t" '\(Article 14\)'
exit 0
