#!/bin/sh
# assess validates first, as render does, and every command gives the
# same exit code for the same problem (1: validate rejects the filing,
# 3: it cannot be read as JSON). Over the broken filings in samples/broken
# and a generated set; an invalid filing is never assessed (nothing on
# stdout, the problems on stderr).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/assess-lib.sh"

mkdir "$T/gen"
python3 - "$SAMPLES/filing.json" "$T/gen" <<'PY'
import json, sys
base = open(sys.argv[1], encoding="utf-8").read()
cases = {
    "processor-string": "d['processor'] = 'x'",
    "schema-version": "d['schema'] = 'frfile-filing/9'",
    "employees-huge": None,
    "employees-negative": "d['processor']['employees'] = -4",
    "apps-object": "d['applications'] = {}",
    "app-status": "d['applications'][0]['status'] = 'running'",
    "method-unknown": "d['applications'][0]['method'] = '1:many'",
    "date-bad": "d['assessment']['date'] = '2026-02-30'",
    "replaces-date-bad": "d['assessment']['replaces']['date'] = 'last year'",
    "document-date-bad": "d['security_measures']['encryption']['document']['date'] = 'June'",
    "off-device-string": "d['applications'][1]['storage']['off_device_consent'] = 'yes'",
    "cancel-operating": "d['filing']['type'] = 'cancellation'; d['filing']['termination_date'] = '2026-11-20'; d['filing']['previous_reference'] = 'X'; d['filing']['cancellation'] = {'reason': 'r', 'data_handling': {'method': 'deleted', 'date': '2026-11-21'}}",
    "unknown-key": "d['applications'][0]['colour'] = 'red'",
    "prohibited": "d['applications'][0]['locations'][0]['place_type'] = 'restroom'",
}
for name, stmt in cases.items():
    if stmt is None:
        text = base.replace('"employees": 2860', '"employees": 1e999')
    else:
        d = json.loads(base)
        exec(stmt)
        text = json.dumps(d, ensure_ascii=False, indent=2)
    open(f"{sys.argv[2]}/{name}.json", "w", encoding="utf-8").write(text)
open(f"{sys.argv[2]}/truncated.json", "w").write(base[:len(base) // 2])
PY
n=0
for f in "$SAMPLES"/broken/*.json "$T"/gen/*.json; do
	"$FRFILE" validate "$f" >/dev/null 2>"$T/verr"
	v=$?
	# A warning only (province-mismatch): assessed, not refused.
	[ $v -eq 0 ] && continue
	"$FRFILE" assess "$f" --today $TODAY --json >"$T/aout" 2>"$T/aerr"
	a=$?
	"$FRFILE" render "$f" --out "$T/pkg" --today $TODAY >/dev/null 2>"$T/rerr"
	r=$?
	[ $a -eq $v ] || fail "$(basename "$f"): assess exits $a, validate $v"
	[ $r -eq $v ] || fail "$(basename "$f"): render exits $r, validate $v"
	[ -s "$T/aout" ] && fail "$(basename "$f"): assessed although invalid"
	[ -s "$T/aerr" ] || fail "$(basename "$f"): assess says nothing"
	[ -e "$T/pkg" ] && fail "$(basename "$f"): render wrote a package"
	n=$((n + 1))
done
[ $n -ge 28 ] || fail "only $n broken filings"
# The cancellation with an application still operating names it.
expect_exit 1 "$FRFILE" validate "$T/gen/cancel-operating.json"
expect_match "$T/err" 'applications\[0\]\.status: is operating, but a cancellation ends the application'
# The sample cancellation has every application terminated: valid.
expect_exit 0 "$FRFILE" validate "$SAMPLES/filing-cancellation.json"
