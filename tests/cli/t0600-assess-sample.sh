#!/bin/sh
# The bundled sample passes every rule once its filing date has come,
# lists every rule the code knows, and grades three applications.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/assess-lib.sh"

expect_exit 0 "$FRFILE" assess "$SAMPLES/filing.json" --today $TODAY --json
cp "$T/out" "$T/a.json"
expect_json "$T/a.json" '.summary.fail, (.risk|length), .schema' <<'EOF'
0
3
frfile-assess/1
EOF
# Every rule id appears, with an article, a result and evidence.
for id in art2.scope art4.purpose art4.necessity art4.least_impact art5.notice \
    art5.accessibility art6.separate_consent art6.withdrawal \
    art7.guardian_consent art7.minor_rules art8.transmission \
    art8.retention art4.raw_images art9.pipia_done art9.pipia_current \
    art9.records_kept art10.alternative art12.voluntary \
    art13.prohibited_place art13.signage art13.public_necessity \
    art14.encryption art14.security_audit art14.access_control \
    art14.authorization_management art14.intrusion_detection \
    art14.intrusion_prevention art15.filing; do
	n=$(json_get "$T/a.json" "len([r for r in d['rules'] if r['id']=='$id'])")
	[ "$n" -ge 1 ] || fail "rule $id missing from --json"
done
bad=$(json_get "$T/a.json" "[r['id'] for r in d['rules'] if r['result'] not in ('pass','fail','needs_review','not_applicable') or not r['evidence'] or not r['title']['zh'] or not r['title']['en']]")
expect_eq "[]" "$bad" "rules without result, evidence or title"
# The visitor kiosk may enrol under-14s: impact raised one level, stated.
expect_eq vulnerable "$(json_get "$T/a.json" "[a['code'] for a in d['risk'][2]['adjustments'] if a['applies_to']=='impact'][0]")"
expect_match "$T/a.json" '"reason":'
# Text output: the summary and the overall risk.
expect_exit 0 "$FRFILE" assess "$SAMPLES/filing.json" --today $TODAY
expect_match "$T/out" '^rules: [0-9]+ checked: [0-9]+ pass, 0 fail'
expect_match "$T/out" '^overall risk: (low|medium|high|severe)'
# Before the filing date the count is over the line and the filing is in
# preparation, within the 30 working days: open for review, not failed.
expect_exit 0 "$FRFILE" assess "$SAMPLES/filing.json" --today 2026-11-22
expect_match "$T/out" '^REVIEW +art15\.filing'
expect_match "$T/out" '^        due: 2026-11-30'
