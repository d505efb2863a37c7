#!/bin/sh
# man/frmatch.1 is lint-clean, documents every command, and its EXAMPLES
# run (each "$ frmatch" line must exit 0; serve, which blocks, is
# exercised by t0209 instead).
. "$(dirname "$0")/lib.sh"
man=$top/man/frmatch.1
command -v mandoc >/dev/null || fail "mandoc is needed"
mandoc -T lint "$man" >"$T/lint" 2>&1 || { cat "$T/lint" >&2; fail "mandoc -T lint"; }

"$FRMATCH" --help | sed -n 's/^  \([a-z]*\) .*/\1/p' >"$T/cmds"
[ -s "$T/cmds" ] || fail "no commands listed"
while read -r c; do
	grep -q "^\.Cm $c\$" "$man" || fail "man page lacks command $c"
	grep -q "^\.It Cm $c " "$man" || fail "man page does not describe $c"
	"$FRMATCH" "$c" --help >/dev/null || fail "$c --help"
done <"$T/cmds"
for s in NAME SYNOPSIS DESCRIPTION "EXIT STATUS" FILES EXAMPLES; do
	grep -q "^\.Sh $s\$" "$man" || fail "man page lacks $s"
done

sed -n '/^\.Sh EXAMPLES/,/^\.Sh /p' "$man" | sed -n 's/^\$ frmatch //p' |
	grep -v '^serve ' >"$T/examples"
[ "$(wc -l <"$T/examples")" -ge 8 ] || fail "too few examples"
mkdir "$T/ex" && cd "$T/ex" || exit 1
while IFS= read -r line; do
	# shellcheck disable=SC2086
	eval "\"\$FRMATCH\" $line" >"$T/out" 2>"$T/err" ||
		{ cat "$T/out" "$T/err" >&2; fail "example failed: frmatch $line"; }
done <"$T/examples"
