#!/bin/sh
# Functions longer than a limit (default 150 lines, from the line that
# names the function to its closing brace), for make lint. The house
# style puts a function's opening and closing braces in column 0, so
# awk needs no parser. Usage: funclen.sh [-n LIMIT] [FILE...]
# (default: every .c file under src/). Prints "file:line: name N lines"
# and exits 1 when any function is over the limit.
set -u
cd "$(dirname "$0")/.." || exit 1
limit=150
if [ "${1:-}" = "-n" ]; then
	limit=$2
	shift 2
fi
[ $# -gt 0 ] || set -- $(find src -name '*.c' | sort)
awk -v limit="$limit" '
FNR == 1 { name = ""; start = 0; depth = 0 }
# The line that names a function: an identifier followed by "(" at the
# start of a line (the return type stands on the line before).
/^[A-Za-z_][A-Za-z0-9_]*\(/ && depth == 0 {
	name = $0; sub(/\(.*/, "", name); start = FNR
}
/^\{/ && depth == 0 && name != "" { depth = 1; next }
/^\}/ && depth == 1 {
	n = FNR - start + 1
	if (n > limit) {
		printf "%s:%d: %s %d lines\n", FILENAME, start, name, n
		over = 1
	}
	depth = 0; name = ""
}
END { exit over ? 1 : 0 }
' "$@"
