#!/bin/sh
# A reason for every grade: each impact dimension and likelihood factor
# carries reasons, {zh, en} sentences naming by their form labels the
# inputs that set the level; empty only at the base level (low). They
# show in the text output and in the PIPIA's worksheets.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/assess-lib.sh"

# check_reasons FILE: every dimension and factor, before and after
# treatment: reasons empty exactly at the base level, each a {zh, en}
# pair of sentences without program text (paths, keys, codes).
check_reasons() {
	python3 - "$1" <<'PY' || fail "reasons: $1"
import json, re, sys
d = json.load(open(sys.argv[1]))
bad = re.compile(r"[a-z]+_[a-z]+|[a-z]+\.[a-z]+|\[\d+\]|\b(true|false|null)\b")
n = 0
for g in d["risk"]:
    for grading in (g, g["residual"]):
        for x in grading["dimensions"] + grading["factors"]:
            rs = x["reasons"]
            if (x["level"] == "low") != (len(rs) == 0):
                sys.exit("%s %s: level %s with %d reasons" % (
                    g["application"], x.get("dimension", x.get("factor")),
                    x["level"], len(rs)))
            for r in rs:
                if set(r) != {"zh", "en"} or not r["zh"] or not r["en"]:
                    sys.exit("not a {zh, en} pair: %r" % r)
                if bad.search(r["en"]) or bad.search(r["zh"]):
                    sys.exit("program text in %r" % r)
                n += 1
if n == 0:
    sys.exit("no reasons at all")
PY
}

# factor FILE APP NAME: "level|en reasons joined by ; |zh reasons"
factor() {
	json_get "$1" "(lambda x: x['level'] + '|' + '; '.join(r['en'] for r in x['reasons']) + '|' + '；'.join(r['zh'] for r in x['reasons']))([f for f in d['risk'][$2]['factors'] + d['risk'][$2]['dimensions'] if f.get('factor', f.get('dimension')) == '$3'][0])"
}

# The sample: sensitive facial information raises autonomy and distress
# to medium; everything at low has no reason.
expect_exit 0 "$FRFILE" assess "$SAMPLES/filing.json" --today $TODAY --json
check_reasons "$T/out"
expect_eq 'low||' "$(factor "$T/out" 0 people)"
expect_eq 'medium|Facial information is sensitive personal information and cannot be changed once leaked|人脸信息属于敏感个人信息，一经泄露无法更改' \
    "$(factor "$T/out" 0 autonomy)"
expect_eq 'medium|Scenario: Access control|“应用场景”为“门禁通行”' \
    "$(factor "$T/out" 0 property)"

# Two optional fields left empty: people and third parties is high, and
# the reasons name the two fields by the labels of the forms.
variant "del d['security_measures']['staff_training']" \
    "del d['security_measures']['confidentiality_agreements']"
expect_exit 0 "$FRFILE" assess "$T/f.json" --today $TODAY --json
check_reasons "$T/out"
expect_eq 'high|Training is not stated; Confidentiality agreements is not stated|未填写“人员培训”；未填写“保密协议”' \
    "$(factor "$T/out" 0 people)"
# The text output says it beside the factor, in either language.
expect_exit 0 "$FRFILE" assess "$T/f.json" --today $TODAY
expect_match "$T/out" '^        People and third parties high: Training is not stated; Confidentiality agreements is not stated$'
expect_exit 0 "$FRFILE" assess "$T/f.json" --today $TODAY --lang zh
expect_match "$T/out" '^        参与人员与第三方 high: 未填写“人员培训”；未填写“保密协议”$'
# Confidentiality agreements answered "no" are said so.
variant "d['security_measures']['confidentiality_agreements'] = False"
expect_exit 0 "$FRFILE" assess "$T/f.json" --today $TODAY --json
expect_eq 'medium|Confidentiality agreements: no|“保密协议”为否' \
    "$(factor "$T/out" 0 people)"

# A failing duty names the finding (its title and article); once the
# treatment remedies it, the residual factor is low without a reason.
variant "d['security_measures']['intrusion_detection']['implemented'] = False"
expect_exit 1 "$FRFILE" assess "$T/f.json" --today $TODAY --json
check_reasons "$T/out"
expect_eq 'high|Intrusion detection fails (Art. 14)|“入侵检测”检查结果为不符合（第14条）' \
    "$(factor "$T/out" 1 network)"
expect_eq 0 "$(json_get "$T/out" "len([f for f in d['risk'][1]['residual']['factors'] if f['factor']=='network'][0]['reasons'])")"

# A public place names the location and its kind.
variant "l = d['applications'][2]['locations'][0]" "l['public'] = True" \
    "l['place_type'] = 'hotel_lobby'" "l['public_security_necessity'] = '安保需要'"
expect_exit 0 "$FRFILE" assess "$T/f.json" --today $TODAY --json
check_reasons "$T/out"
expect_eq 'high|Place of the location “总部前台访客区” is Hotel lobby, a public place|位置“总部前台访客区”的“场所类型”为“宾馆大堂”，属于公共场所' \
    "$(factor "$T/out" 2 autonomy)"

# The PIPIA's worksheets give the reasons beside each level.
variant "del d['security_measures']['staff_training']" \
    "del d['security_measures']['confidentiality_agreements']"
expect_exit 0 "$FRFILE" render "$T/f.json" --today $TODAY --out "$T/pkg" \
    --format pdf --lang zh,en --count "$SAMPLES/count.json"
pdftotext -raw "$T/pkg/attachment-3-pipia.zh.pdf" - 2>/dev/null | tr -d ' \n' >"$T/z"
expect_match "$T/z" '定级依据'
expect_match "$T/z" '参与人员与第三方高未填写“人员培训”；未填写“保密协议”'
expect_match "$T/z" '引发差别性待遇低基准水平'
pdftotext -raw "$T/pkg/attachment-3-pipia.en.pdf" - 2>/dev/null | tr -s ' \n' ' ' >"$T/e"
expect_match "$T/e" 'Why this level'
expect_match "$T/e" 'People and third parties high Training is not stated; Confidentiality agreements is not stated'
expect_no_match "$T/e" 'staff_training|confidentiality_agreements|security_measures'
# And the workbook's risk register, one row per dimension and factor
# (Debian's python3 reads it: python3-openpyxl).
expect_exit 0 "$FRFILE" render "$T/f.json" --today $TODAY --out "$T/x" \
    --format xlsx --lang zh --count "$SAMPLES/count.json"
/usr/bin/python3 - "$T/x/filing-package.zh.xlsx" >"$T/rows" <<'PY' || fail "cannot read the workbook"
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["风险登记表"]
for row in ws.iter_rows(values_only=True):
    print("|".join(str(c) for c in row if c is not None))
PY
expect_match "$T/rows" '^办公区门禁人脸核验\|参与人员与第三方\|高\|未填写“人员培训”；未填写“保密协议”$'
expect_match "$T/rows" '^办公区门禁人脸核验\|引发差别性待遇\|低\|基准水平$'
exit 0
