# assess-lib.sh — helpers for the assess tests (sourced after lib.sh).
FX=$top/tests/fixtures/assess
TODAY=2026-11-28	# after the sample's filing date: the sample passes

# variant STATEMENT...: $T/f.json, the sample changed by Python statements.
variant() {
	python3 "$top/tests/cli/variant.py" "$SAMPLES/filing.json" "$T/f.json" \
	    "$@" || fail "cannot make a variant"
}

# lobby_variant: $T/f.json with the visitor kiosk (application 2) moved
# into a hotel lobby, a public place, with the reason it is necessary to
# maintain public security (Art. 13 para. 1): whether it is, a reviewer
# concludes (art13.public_necessity needs review).
lobby_variant() {
	variant "l = d['applications'][2]['locations'][0]" \
	    "l['public'] = True" "l['place_type'] = 'hotel_lobby'" \
	    "l['public_security_necessity'] = '访客核验用于防范冒用身份进入办公区，经属地公安机关指导设置'"
}

# app_json APP: an application as Python names it (0, 1, None for the
# processor) as JSON (0, 1, null).
app_json() {
	case $1 in None) echo null ;; *) echo "$1" ;; esac
}

# rule_field JSONFILE ID APP FIELD: FIELD of rule ID for application APP
# (None for the processor), or "absent". One jq.
rule_field() {
	jq -r --arg id "$2" --argjson app "$(app_json "$3")" --arg k "$4" \
	    'first(.rules[] | select(.id == $id and .application == $app) |
	    .[$k]) // "absent"' "$1"
}

# rule JSONFILE ID APP: the result of rule ID for application APP (None
# for the processor), or "absent".
rule() {
	rule_field "$1" "$2" "$3" result
}

# reason JSONFILE ID APP
reason() {
	rule_field "$1" "$2" "$3" reason
}

# evidence JSONFILE ID APP: "source path=value" lines
evidence() {
	jq -r --arg id "$2" --argjson app "$(app_json "$3")" \
	    '.rules[] | select(.id == $id and .application == $app) |
	    .evidence[] | "\(.source) \(.path)=\(.value)"' "$1"
}
