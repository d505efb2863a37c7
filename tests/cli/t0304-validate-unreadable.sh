#!/bin/sh
# Not JSON or unreadable: exit 3 with line:column where it applies;
# duplicate keys are problems (exit 1); usage errors exit 2.
. "$(dirname "$0")/lib.sh"

b=$SAMPLES/broken
expect_exit 3 "$FRFILE" validate "$b/syntax-error.json"
expect_lines "$T/err" 1
expect_match "$T/err" "^frfile: validate: $b/syntax-error\.json:16:5: processor: expected ',' or '}' after an object member, found '\"'$"
expect_lines "$T/out" 0

expect_exit 3 "$FRFILE" validate "$b/not-json.json"
expect_match "$T/err" ':1:1: expected a value'

expect_exit 3 "$FRFILE" validate "$b/nul-byte.json"
expect_match "$T/err" ':24:9: NUL byte in the file'

expect_exit 3 "$FRFILE" validate "$b/invalid-utf8.json"
expect_match "$T/err" ':23:23: invalid UTF-8 byte 0xff'

expect_exit 3 "$FRFILE" validate "$b/deep-nesting.json"
expect_match "$T/err" 'nesting deeper than 64 levels$'

expect_exit 1 "$FRFILE" validate "$b/duplicate-key.json"
expect_match "$T/err" ':22:5: processor\.province: duplicate key \(first at line 21, column 5\)'

expect_exit 3 "$FRFILE" validate "$T/no-such-file.json"
expect_match "$T/err" 'no-such-file\.json: cannot read'

expect_exit 3 "$FRFILE" validate --json "$b/syntax-error.json"
expect_eq false "$(jv "$T/out" '.readable')" readable
expect_eq 16 "$(jv "$T/out" '.problems[0].line')" line

# More than 16 MiB is refused without being parsed.
head -c 17000000 /dev/zero | tr '\0' ' ' >"$T/huge.json"
expect_exit 3 "$FRFILE" validate "$T/huge.json"
expect_match "$T/err" 'larger than the limit'

expect_exit 2 "$FRFILE" validate
expect_match "$T/err" 'no FILE given'
expect_exit 2 "$FRFILE" validate a b
expect_exit 2 "$FRFILE" validate --bogus "$SAMPLES/filing.json"
expect_exit 2 "$FRFILE" validate --today 2026-02-30 "$SAMPLES/filing.json"
expect_exit 0 "$FRFILE" validate --help
expect_match "$T/out" '^usage: frfile validate '
