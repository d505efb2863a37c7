#!/bin/sh
# Exports in the encodings Chinese systems write: GBK/GB18030 (detected
# when the bytes are not UTF-8, or named with --encoding), UTF-16 with a
# byte-order mark, UTF-8 with or without one. Ids are converted to UTF-8
# before they are keyed, so one person matches across encodings; -v says
# which encoding was read.
. "$(dirname "$0")/lib.sh"

# The same three people, 会员号 (member number) as the header.
printf '会员号,姓名\n会员-001,张三\n会员-002,李四\nM-003,王五\n会员-001,张三\n' >"$T/u8.csv"
iconv -f UTF-8 -t GBK "$T/u8.csv" >"$T/gbk.csv" || fail iconv
iconv -f UTF-8 -t UTF-16 "$T/u8.csv" >"$T/u16.csv" || fail iconv
{ printf '\376\377'; iconv -f UTF-8 -t UTF-16BE "$T/u8.csv"; } >"$T/u16be.csv"
printf '\357\273\277' | cat - "$T/u8.csv" >"$T/bom.csv"
cmp -s "$T/u8.csv" "$T/gbk.csv" && fail "gbk is utf-8?"

for f in u8 gbk u16 u16be bom; do
	expect_exit 0 "$FRFILE" count -v --id-column 会员号 "$T/$f.csv" --json
	expect_eq 3 "$(jv "$T/out" '.individuals')" "$f"
	expect_eq 4 "$(jv "$T/out" '.sources[0].rows')" "$f rows"
done
expect_exit 0 "$FRFILE" count -v --id-column 会员号 "$T/gbk.csv"
expect_match "$T/err" "gbk\.csv: csv( \(fast path\))?, 4 rows, 3 individuals, .*, encoding GB18030$"
expect_exit 0 "$FRFILE" count -v --id-column 会员号 "$T/u16.csv"
expect_match "$T/err" "u16\.csv: csv( \(fast path\))?, 4 rows, 3 individuals, .*, encoding UTF-16LE$"
expect_exit 0 "$FRFILE" count -v --id-column 会员号 "$T/bom.csv"
expect_match "$T/err" "encoding UTF-8 with BOM$"

# Across encodings one person is one person: all five files, 3 people,
# each in all five.
expect_exit 0 "$FRFILE" count --id-column 会员号 "$T/u8.csv" "$T/gbk.csv" \
    "$T/u16.csv" "$T/u16be.csv" "$T/bom.csv" --json
expect_eq 3 "$(jv "$T/out" '.individuals')" "across encodings"
expect_eq 3 "$(jv "$T/out" '.in_multiple_sources')" "in several"

# From a pipe too, and with the encoding named.
cat "$T/gbk.csv" | expect_exit 0 "$FRFILE" count --id-column 会员号 - --json
expect_eq 3 "$(jv "$T/out" '.individuals')" "gbk on a pipe"
expect_eq GB18030 "$(jv "$T/out" '.sources[0].encoding')" "pipe encoding"
expect_exit 0 "$FRFILE" count --encoding GBK --id-column 会员号 "$T/gbk.csv" --json
expect_eq GBK "$(jv "$T/out" '.sources[0].encoding')" "named"
expect_exit 0 "$FRFILE" count --encoding UTF-16 --id-column 会员号 "$T/u16.csv" --json
expect_eq 3 "$(jv "$T/out" '.individuals')" "named utf-16"

# The column that is not there: the columns found, in UTF-8.
expect_exit 3 "$FRFILE" count --id-column 会员编号 "$T/gbk.csv"
expect_match "$T/err" "gbk\.csv:1: no id column '会员编号' in the header row \(columns: '会员号', '姓名'\)$"

# Refusals: bytes in no encoding tried, a wrong --encoding, an unknown
# one, UTF-16 without its byte-order mark.
printf 'id\nA\n\200\201\n' >"$T/bad.csv"
expect_exit 3 "$FRFILE" count "$T/bad.csv"
expect_match "$T/err" "bad\.csv: line 3: neither UTF-8 nor GB18030 \(byte 6\); give the encoding the export was saved in with --encoding$"
expect_exit 3 "$FRFILE" count --encoding UTF-8 --id-column 会员号 "$T/gbk.csv"
expect_match "$T/err" "gbk\.csv: line 1: not UTF-8 \(byte 1\); give the encoding the export was saved in with --encoding, such as GB18030$"
expect_exit 3 "$FRFILE" count --encoding KLINGON "$T/u8.csv"
expect_match "$T/err" "u8\.csv: --encoding: 'KLINGON' is not an encoding iconv knows"
iconv -f UTF-8 -t UTF-16LE "$T/u8.csv" >"$T/nobom.csv"
expect_exit 3 "$FRFILE" count "$T/nobom.csv"
expect_match "$T/err" "nobom\.csv: binary data, or UTF-16 text without a byte-order mark \(then give --encoding UTF-16LE or UTF-16BE\), not an export"
expect_exit 0 "$FRFILE" count --encoding UTF-16LE --id-column 会员号 "$T/nobom.csv" --json
expect_eq 3 "$(jv "$T/out" '.individuals')" "named utf-16le"
exit 0
