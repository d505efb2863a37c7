#!/bin/sh
# The bundled sample filing validates clean: exit 0, one summary line,
# nothing on stderr; --json says valid with no problems.
. "$(dirname "$0")/lib.sh"

expect_exit 0 "$FRFILE" validate --today 2026-11-22 "$SAMPLES/filing.json"
expect_lines "$T/out" 1
expect_match "$T/out" 'filing\.json: valid, 0 errors, 0 warnings$'
expect_lines "$T/err" 0

expect_exit 0 "$FRFILE" validate --json --today 2026-11-22 "$SAMPLES/filing.json"
expect_json "$T/out" '.valid, .errors, .problems' <<'EOF'
true
0
[]
EOF

# -q: nothing at all when clean
expect_exit 0 "$FRFILE" validate -q "$SAMPLES/filing.json"
expect_lines "$T/out" 0
