#!/bin/sh
# Wrong input: usage errors exit 2, unreadable data exits 3, one line each.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/assess-lib.sh"

expect_exit 2 "$FRFILE" assess
expect_match "$T/err" '^frfile: assess: expected a filing description'
expect_exit 2 "$FRFILE" assess "$SAMPLES/filing.json" extra
expect_exit 2 "$FRFILE" assess "$SAMPLES/filing.json" --accept-risk art99.nothing
expect_match "$T/err" "'art99\\.nothing' is not risk\\.<application id>"
expect_exit 2 "$FRFILE" assess "$SAMPLES/filing.json" --lang fr
expect_exit 2 "$FRFILE" assess "$SAMPLES/filing.json" --bogus
expect_exit 3 "$FRFILE" assess "$T/missing.json"
expect_match "$T/err" 'missing\.json: cannot read'
printf '{"schema": "frfile-filing/1",\n  "filing": [1,}\n' >"$T/bad.json"
expect_exit 3 "$FRFILE" assess "$T/bad.json"
expect_match "$T/err" 'bad\.json:2:'
expect_exit 3 "$FRFILE" assess "$SAMPLES/filing.json" --facts "$FX/facts-badschema.json"
expect_match "$T/err" "facts-badschema\.json: schema: unknown schema 'frmatch-facts/9', expected \"frmatch-facts/1\""
expect_exit 0 "$FRFILE" assess --help
expect_match "$T/out" -- '--accept-risk'
