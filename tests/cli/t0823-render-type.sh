#!/bin/sh
# --type states the package expected: one that disagrees with filing.type
# is refused in one line, exit 2, nothing written; --previous is for a
# change only; the default is the filing's own type.
. "$(dirname "$0")/lib.sh"

expect_exit 2 "$FRFILE" render "$SAMPLES/filing.json" --type change --out "$T/pkg"
expect_lines "$T/err" 1
expect_match "$T/err" "filing\.json: --type change, but filing\.type is 'initial'"
[ ! -e "$T/pkg" ] || fail "output written for a refused --type"
expect_exit 2 "$FRFILE" render "$SAMPLES/filing-amended.json" --type cancellation --out "$T/pkg"
expect_lines "$T/err" 1
expect_match "$T/err" "filing\.type is 'change'"
expect_exit 2 "$FRFILE" render "$SAMPLES/filing.json" --type amendment --out "$T/pkg"
expect_match "$T/err" "--type: 'amendment': expected initial, change or cancellation"
expect_exit 2 "$FRFILE" render "$SAMPLES/filing-cancellation.json" \
	--previous "$SAMPLES/filing.json" --out "$T/pkg"
expect_match "$T/err" "--previous: only a change"
[ ! -e "$T/pkg" ] || fail "output written for a refused --previous"
expect_exit 3 "$FRFILE" render "$SAMPLES/filing-amended.json" \
	--previous "$T/missing.json" --out "$T/pkg"
[ ! -e "$T/pkg" ] || [ -z "$(ls -A "$T/pkg")" ] || fail "output written without the previous filing"

expect_exit 0 "$FRFILE" render "$SAMPLES/filing.json" --type initial \
	--out "$T/pkg" --format pdf
[ -f "$T/pkg/attachment-2-application-record.zh.pdf" ] || fail "initial package"
[ ! -e "$T/pkg/change-statement.zh.pdf" ] || fail "an initial filing has no statement of changes"
expect_exit 0 "$FRFILE" render "$SAMPLES/filing-amended.json" --out "$T/pkg2" --format pdf
[ -f "$T/pkg2/change-statement.zh.pdf" ] || fail "the default is filing.type"
