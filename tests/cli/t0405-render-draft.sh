#!/bin/sh
# --draft puts a watermark on every page; without it there is none.
. "$(dirname "$0")/lib.sh"

expect_exit 0 "$FRFILE" render "$SAMPLES/filing.json" --out "$T/d" --draft \
	--lang zh,en --format pdf
for p in "$T"/d/*.pdf; do
	pages=$(pdfinfo "$p" 2>/dev/null | awk '/^Pages:/ { print $2 }')
	# Diagonal text comes out one character a line: join the lines.
	marks=$(pdftotext -raw "$p" - 2>/dev/null | tr -d '\n ' |
		grep -o '草稿\|DRAFT' | wc -l)
	[ "$marks" -ge "$pages" ] || fail "$p: $marks watermarks on $pages pages"
done
expect_exit 0 "$FRFILE" render "$SAMPLES/filing.json" --out "$T/f" --format pdf
pdftotext -raw "$T/f/attachment-1-basic-information.zh.pdf" "$T/t" 2>/dev/null
expect_no_match "$T/t" '草稿'
jv "$T/d/manifest.json" '.draft' >"$T/v"
expect_match "$T/v" 'true'
exit 0
