#!/bin/sh
# A filing typed on a Chinese keyboard: full-width punctuation is named at
# line:column with what to type instead; a file saved as GB18030 gets one
# line saying so and how to convert it; an enumeration value given as its
# Chinese or English label gets "did you mean" the value.
. "$(dirname "$0")/lib.sh"

S=$SAMPLES/filing.json
python3 - "$S" "$T" <<'PY' || fail "python"
import sys
s = open(sys.argv[1], encoding="utf-8").read()
t = sys.argv[2]
i = s.index('"industry"')
j = s.index(",", i)
open(t + "/comma.json", "w", encoding="utf-8").write(s[:j] + "\uff0c" + s[j + 1:])
open(t + "/quote.json", "w", encoding="utf-8").write(
    s[:i] + "\u201cindustry\u201d" + s[i + 10:])
k = s.index(":", i)
open(t + "/colon.json", "w", encoding="utf-8").write(s[:k] + "\uff1a" + s[k + 1:])
open(t + "/gbk.json", "wb").write(s.encode("gb18030"))
open(t + "/utf16.json", "wb").write(s.encode("utf-16"))
open(t + "/label.json", "w", encoding="utf-8").write(
    s.replace('"industry": "information_technology"', '"industry": "零售"'))
open(t + "/label-en.json", "w", encoding="utf-8").write(
    s.replace('"industry": "information_technology"',
              '"industry": "wholesale and retail"'))
PY
line=$(grep -n '"industry"' "$S" | cut -d: -f1)

expect_exit 3 "$FRFILE" validate "$T/comma.json"
expect_match "$T/err" "^frfile: validate: $T/comma\.json:$line:[0-9]+: processor: expected ',' or '\}' after an object member, found a full-width comma '，': type ',' instead \(the input method in English or half-width mode\)$"
expect_no_match "$T/err" "0xe"
expect_exit 3 "$FRFILE" validate "$T/quote.json"
expect_match "$T/err" "quote\.json:$line:5: processor: expected a member name in double quotes, found a Chinese opening quotation mark '“': type '\"' instead"
expect_exit 3 "$FRFILE" validate "$T/colon.json"
expect_match "$T/err" "colon\.json:$line:[0-9]+: processor: expected ':' after the member name, found a full-width colon '：': type ':' instead"

expect_exit 3 "$FRFILE" validate "$T/gbk.json"
expect_match "$T/err" "^frfile: validate: $T/gbk\.json: the file is GB18030 \(GBK\), not UTF-8: save it as UTF-8 in the editor, or convert it: iconv -f GB18030 -t UTF-8 $T/gbk\.json >NEW\.json$"
expect_eq 1 "$(grep -c '^frfile: validate:' "$T/err")" "one line for GB18030"
expect_exit 3 "$FRFILE" validate "$T/utf16.json"
expect_match "$T/err" "utf16\.json: the file is UTF-16, not UTF-8: save it as UTF-8, or convert it: iconv -f UTF-16 -t UTF-8"
expect_eq 1 "$(grep -c '^frfile: validate:' "$T/err")" "one line for UTF-16"

expect_exit 1 "$FRFILE" validate "$T/label.json"
expect_match "$T/err" "label\.json:$line:17: processor\.industry: '零售' is not a known industry; did you mean 'retail'\? \(批发和零售业: the filing holds the value, the form shows its label\)$"
expect_exit 1 "$FRFILE" validate "$T/label-en.json"
expect_match "$T/err" "processor\.industry: 'wholesale and retail' is not a known industry; did you mean 'retail'\?"
exit 0
