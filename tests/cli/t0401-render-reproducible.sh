#!/bin/sh
# With SOURCE_DATE_EPOCH the package is the same bytes every time, and the
# PDF and XLSX carry that date (China Standard Time).
. "$(dirname "$0")/lib.sh"

SOURCE_DATE_EPOCH=1764000000	# 2025-11-25T00:00:00+08:00
export SOURCE_DATE_EPOCH
expect_exit 0 "$FRFILE" render "$SAMPLES/filing.json" --out "$T/a" --lang zh,en
sleep 1
expect_exit 0 "$FRFILE" render "$SAMPLES/filing.json" --out "$T/b" --lang zh,en
for f in "$T"/a/*; do
	cmp -s "$f" "$T/b/$(basename "$f")" || fail "$(basename "$f") differs between runs"
done
pdfinfo "$T/a/attachment-1-basic-information.zh.pdf" >"$T/info" 2>/dev/null
expect_match "$T/info" '^CreationDate: .*Nov 24 .*2025'
unzip -p "$T/a/filing-package.zh.xlsx" docProps/core.xml >"$T/core"
expect_match "$T/core" '2025-11-24T16:00:00Z'

# A bad SOURCE_DATE_EPOCH is refused, nothing written.
SOURCE_DATE_EPOCH=yesterday expect_exit 2 "$FRFILE" render "$SAMPLES/filing.json" --out "$T/c"
expect_match "$T/err" 'SOURCE_DATE_EPOCH'
[ ! -e "$T/c" ] || [ -z "$(ls -A "$T/c")" ] || fail "files written with a bad SOURCE_DATE_EPOCH"
exit 0
