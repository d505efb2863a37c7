#!/bin/sh
# A cancellation states its reason, its termination date and how and when
# the stored facial information was handled (Art. 15, PIPL Art. 47): the
# sample validates clean; each missing piece is one line with its path and
# line:column, and render refuses the filing.
. "$(dirname "$0")/lib.sh"

expect_exit 0 "$FRFILE" validate "$SAMPLES/filing-cancellation.json"
expect_match "$T/out" 'valid, 0 errors, 0 warnings'

python3 - "$SAMPLES/filing-cancellation.json" "$T" <<'PY'
import json, sys
src, t = sys.argv[1], sys.argv[2]
def write(name, f):
    d = json.load(open(src))
    f(d)
    json.dump(d, open(f"{t}/{name}.json", "w"), ensure_ascii=False, indent=2)
write("nomethod", lambda d: d["filing"]["cancellation"]["data_handling"].pop("method"))
write("nodate", lambda d: d["filing"]["cancellation"]["data_handling"].update(date=""))
write("nohandling", lambda d: d["filing"]["cancellation"].pop("data_handling"))
write("notermination", lambda d: d["filing"].update(termination_date=""))
write("early", lambda d: d["filing"]["cancellation"]["data_handling"].update(date="2027-02-01"))
write("badmethod", lambda d: d["filing"]["cancellation"]["data_handling"].update(method="shredded"))
PY
expect_exit 1 "$FRFILE" validate "$T/nomethod.json"
expect_lines "$T/err" 1
expect_match "$T/err" 'nomethod\.json:[0-9]+:[0-9]+: filing\.cancellation\.data_handling\.method: missing: how the stored facial information was handled'
expect_exit 1 "$FRFILE" validate "$T/nodate.json"
expect_match "$T/err" 'nodate\.json:[0-9]+:[0-9]+: filing\.cancellation\.data_handling\.date: missing'
expect_exit 1 "$FRFILE" validate "$T/nohandling.json"
expect_lines "$T/err" 2
expect_exit 1 "$FRFILE" validate "$T/notermination.json"
expect_match "$T/err" 'filing\.termination_date: missing'
expect_exit 1 "$FRFILE" validate "$T/early.json"
expect_match "$T/err" 'early\.json:[0-9]+:[0-9]+: filing\.cancellation\.data_handling\.date: is before filing\.termination_date'
expect_exit 1 "$FRFILE" validate "$T/badmethod.json"
expect_match "$T/err" "data_handling\.method"

expect_exit 1 "$FRFILE" render "$T/nomethod.json" --out "$T/pkg"
expect_match "$T/err" 'not rendered'
[ ! -e "$T/pkg" ] || [ -z "$(ls -A "$T/pkg")" ] || fail "output written for an invalid cancellation"
