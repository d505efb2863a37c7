#!/bin/sh
# Art. 14: each of the six measures, missing from the filing or
# contradicted by the facts.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/assess-lib.sh"

for m in encryption security_audit access_control authorization_management \
    intrusion_detection intrusion_prevention; do
	variant "d['security_measures']['$m']['implemented'] = False"
	expect_exit 1 "$FRFILE" assess "$T/f.json" --today $TODAY --json
	expect_eq fail "$(rule "$T/out" art14.$m None)" "$m"
	expect_eq 1 "$(json_get "$T/out" "len([r for r in d['rules'] if r['result']=='fail'])")" "only $m fails"
	expect_eq 1 "$(jv "$T/out" '.risk[0].inputs.art14_missing')"
	expect_eq high "$(json_get "$T/out" "[f['level'] for f in d['risk'][0]['factors'] if f['factor']=='network'][0]")"
	variant "del d['security_measures']['$m']"
	expect_exit 1 "$FRFILE" assess "$T/f.json" --today $TODAY --json
	expect_match "$T/err" "security_measures\\.$m: missing"
	# Declared without naming the document that carries it: review.
	variant "del d['security_measures']['$m']['document']"
	expect_exit 0 "$FRFILE" assess "$T/f.json" --today $TODAY --json
	expect_eq undocumented "$(reason "$T/out" art14.$m None)" "$m bare"
	variant "d['security_measures']['$m']['document'] = {'title': '制度', 'version': ''}"
	expect_exit 0 "$FRFILE" assess "$T/f.json" --today $TODAY --json
	expect_eq needs_review "$(rule "$T/out" art14.$m None)" "$m no version"
	variant "d['security_measures']['$m']['document'] = {'title': '制度', 'date': '2026-01-02'}"
	expect_exit 0 "$FRFILE" assess "$T/f.json" --today $TODAY --json
	expect_eq documented "$(reason "$T/out" art14.$m None)" "$m dated"
done
# Declared encrypted, but the store's facts show no encryption.
expect_exit 1 "$FRFILE" assess "$SAMPLES/filing.json" --today $TODAY \
    --facts "$FX/facts-noenc.json" --json
expect_eq fail "$(rule "$T/out" art14.encryption None)"
expect_eq measured_defect "$(reason "$T/out" art14.encryption None)"
evidence "$T/out" art14.encryption None >"$T/ev"
expect_match "$T/ev" 'protection\.encryption=null'
expect_exit 1 "$FRFILE" assess "$SAMPLES/filing.json" --today $TODAY \
    --facts "$FX/facts-audit-broken.json" --json
expect_eq fail "$(rule "$T/out" art14.security_audit None)"
