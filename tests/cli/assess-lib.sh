# assess-lib.sh — helpers for the assess tests (sourced after lib.sh).
FX=$top/tests/fixtures/assess
TODAY=2026-11-28	# after the sample's filing date: the sample passes

# variant STATEMENT...: $T/f.json, the sample changed by Python statements.
variant() {
	python3 "$top/tests/cli/variant.py" "$SAMPLES/filing.json" "$T/f.json" \
	    "$@" || fail "cannot make a variant"
}

# rule JSONFILE ID APP: the result of rule ID for application APP (None
# for the processor), or "absent".
rule() {
	json_get "$1" "([r['result'] for r in d['rules'] if r['id']=='$2' and r['application']==$3] or ['absent'])[0]"
}

# reason JSONFILE ID APP
reason() {
	json_get "$1" "([r['reason'] for r in d['rules'] if r['id']=='$2' and r['application']==$3] or ['absent'])[0]"
}

# evidence JSONFILE ID APP: "source path=value" lines
evidence() {
	python3 -c "
import json,sys
d=json.load(open(sys.argv[1]))
for r in d['rules']:
    if r['id']==sys.argv[2] and r['application']==eval(sys.argv[3]):
        for e in r['evidence']: print(e['source'], e['path']+'='+e['value'])
" "$1" "$2" "$3"
}
