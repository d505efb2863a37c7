#!/bin/sh
# Art. 8: facial information sent over the internet needs a legal basis
# or separate consent; the facts can contradict the filing.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/assess-lib.sh"

variant "d['applications'][0]['external_transmission'] = {'occurs': True, 'basis': 'none', 'recipients': 'vendor cloud', 'description': ''}"
expect_exit 1 "$FRFILE" assess "$T/f.json" --today $TODAY --json
expect_match "$T/err" 'not assessed: '
expect_match "$T/err" 'external_transmission\.basis: facial information leaves the device'

# Art. 8 para. 1: storage mode, legal basis and the separate consent to
# storage off the device, read together; the sentence says which decided.
while IFS='|' read -r stmt result reason says; do
	variant "a = d['applications'][0]" "$stmt"
	expect_exit "$([ "$result" = fail ] && echo 1 || echo 0)" \
	    "$FRFILE" assess "$T/f.json" --today $TODAY --json
	expect_eq "$result" "$(rule "$T/out" art8.transmission 0)" "$stmt"
	expect_eq "$reason" "$(reason "$T/out" art8.transmission 0)" "$stmt"
	json_get "$T/out" "[r['detail']['en'] for r in d['rules'] if r['id']=='art8.transmission' and r['application']==0][0]" >"$T/say"
	expect_match "$T/say" "$says"
done <<'ROWS'
a['storage']['mode'] = 'cloud'; a['legal_basis'] = 'hr_management'; a['consent'] = {}|fail|off_device|human-resources management" is not a law providing otherwise
a['storage']['mode'] = 'local_server'|fail|off_device|no separate consent to storage off the device
a['storage']['mode'] = 'local_server'; a['storage']['off_device_consent'] = True|pass|off_device_consent|separate consent to storage off the device decides
a['storage']['mode'] = 'cloud'; a['legal_basis'] = 'legal_duty'; a['legal_basis_provision'] = '《某条例》第十条'; a['consent'] = {}|pass|off_device_law|a law provides otherwise, and that decides
a['storage']['mode'] = 'cloud'; a['legal_basis'] = 'contract'; a['legal_basis_provision'] = '采购合同第三条'; a['consent'] = {}|fail|off_device|is not a law providing otherwise
a['storage']['mode'] = 'on_device'|pass|on_device|stored in the device
ROWS
variant "d['applications'][0]['storage']['mode'] = 'cloud'"
expect_exit 1 "$FRFILE" assess "$T/f.json" --today $TODAY --json
expect_eq true "$(jv "$T/out" '.risk[0].inputs.internet_exposed')"

variant "d['applications'][0]['external_transmission'] = {'occurs': True, 'basis': 'separate_consent', 'recipients': 'group HQ', 'description': ''}"
expect_exit 0 "$FRFILE" assess "$T/f.json" --today $TODAY --json
expect_eq pass "$(rule "$T/out" art8.transmission 0)"

# The filing says nothing leaves the device; the facts say otherwise.
expect_exit 1 "$FRFILE" assess "$SAMPLES/filing.json" --today $TODAY \
    --facts "$FX/facts-transmit.json" --json
expect_eq fail "$(rule "$T/out" art8.transmission 0)"
expect_eq facts_contradict "$(reason "$T/out" art8.transmission 0)"
evidence "$T/out" art8.transmission 0 >"$T/ev"
expect_match "$T/ev" 'protection\.external_transmission="cloud sync to vendor"'
expect_match "$T/ev" '^filing applications\[0\]\.storage\.mode="on_device"'
