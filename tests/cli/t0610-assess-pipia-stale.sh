#!/bin/sh
# Art. 9: the PIPIA is older than a change of purpose or method, or than
# a major incident; or there is none.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/assess-lib.sh"

variant "d['filing']['type'] = 'change'" "d['filing']['change_date'] = '2026-11-15'" \
    "d['filing']['previous_reference'] = '浙网信人脸备〔2026〕0417号'"
expect_exit 1 "$FRFILE" assess "$T/f.json" --today $TODAY --json
expect_eq fail "$(rule "$T/out" art9.pipia_current None)"
expect_eq older_than_change "$(reason "$T/out" art9.pipia_current None)"
evidence "$T/out" art9.pipia_current None >"$T/ev"
expect_match "$T/ev" 'filing\.change_date="2026-11-15"'

variant "d['incidents'] = [{'date': '2026-11-12', 'description': '终端被盗', 'affected_individuals': 40, 'measures': '远程擦除', 'reported_to': '浙江省网信办'}]"
expect_exit 1 "$FRFILE" assess "$T/f.json" --today $TODAY --json
expect_eq older_than_incident "$(reason "$T/out" art9.pipia_current None)"
expect_eq true "$(jv "$T/out" '.risk[0].inputs.incidents_here')"

# A minor incident (not reported, few people) does not force a redo.
variant "d['incidents'] = [{'date': '2026-11-12', 'description': '误删', 'affected_individuals': 3, 'measures': '', 'reported_to': ''}]"
expect_exit 0 "$FRFILE" assess "$T/f.json" --today $TODAY --json
expect_eq pass "$(rule "$T/out" art9.pipia_current None)"

variant "del d['assessment']['date']"
expect_exit 1 "$FRFILE" assess "$T/f.json" --today $TODAY --json
expect_match "$T/err" 'not assessed: '
variant "d['assessment']['date'] = '2026-12-30'"
expect_exit 1 "$FRFILE" assess "$T/f.json" --today $TODAY --json
expect_eq future_date "$(reason "$T/out" art9.pipia_done 0)"

# Art. 9 para. 1, in advance: the assessment against each application's
# start date (Measures from 2025-06-01, PIPL Arts. 55-56 before), unless
# it names the earlier assessment it replaces, made before processing.
while IFS='|' read -r stmt app code result reason says; do
	variant "$stmt"
	expect_exit "$code" "$FRFILE" assess "$T/f.json" --today $TODAY --json
	expect_eq "$result" "$(rule "$T/out" art9.pipia_done $app)" "$stmt"
	expect_eq "$reason" "$(reason "$T/out" art9.pipia_done $app)" "$stmt"
	json_get "$T/out" "[r['detail']['en'] for r in d['rules'] if r['id']=='art9.pipia_done' and r['application']==$app][0]" >"$T/say"
	expect_match "$T/say" "$says"
done <<'ROWS'
del d['assessment']['replaces']|0|1|fail|after_start|after the application began processing on 2024-01-03.*PIPL Arts\. 55 and 56
del d['assessment']['replaces']; d['applications'][2]['start_date'] = '2025-07-01'|2|1|fail|after_start|processing on 2025-07-01.*Art\. 9 of the Measures
d['assessment']['replaces']['date'] = '2024-02-01'|0|1|fail|replaced_after_start|version 1\.0 of 2024-02-01, also came after
d['assessment']['replaces']['date'] = '2024-02-10'|2|1|pass|replaced_in_advance|replaces version 1\.0 of 2024-02-10
d['assessment']['replaces']['version'] = ''|0|1|fail|after_start|no earlier assessment is named
d['applications'][2]['start_date'] = '2026-11-20'|2|0|pass|in_advance|completed on 2026-11-10, before
ROWS
# The report reads as sentences, not field names.
variant "del d['assessment']['replaces']"
expect_exit 1 "$FRFILE" assess "$T/f.json" --today $TODAY --lang zh
expect_match "$T/out" '影响评估于2026-11-10完成，晚于该应用于2024-01-03开始处理'
expect_match "$T/out" '个人信息保护法》第五十五条、第五十六条'

