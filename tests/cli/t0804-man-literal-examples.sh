#!/bin/sh
# The literal-block examples of frfile(1) and frfile-filing(5) that need
# nothing but the samples run as written, without a usage error or a
# crash. (Examples naming /etc files or remote hosts are shown, not run;
# the .Dl examples of frfile(1) run in t0140, frmatch(1)'s in its tests.)
. "$(dirname "$0")/lib.sh"

examples() {	# lines of the EXAMPLES literal blocks, one command each
	sed -n '/^\.Sh EXAMPLES/,/^\.Sh /p' "$1" |
	    awk '/^\.Bd -literal/ { on = 1; next } /^\.Ed/ { on = 0; next }
		on { sub(/^\$ /, ""); print }' | sed 's/\\-/-/g'
}
mkdir "$T/work"
cd "$T/work" || exit 1
ln -s "$top/samples" samples
PATH=$BUILD:$PATH
{ examples "$top/man/frfile-filing.5"; examples "$top/man/frfile.1"; } |
    grep '^frfile ' | grep -v -e '\\e$' -e '/etc/' -e 'https://' >"$T/run"
[ "$(wc -l <"$T/run")" -ge 5 ] || { cat "$T/run"; fail "too few runnable examples"; }
n=0
while read -r line; do
	n=$((n + 1))
	# shellcheck disable=SC2086
	$line >"$T/out" 2>"$T/err" </dev/null
	rc=$?
	# 0, or 1 for a negative answer (problems found, an amendment due).
	[ "$rc" -le 1 ] || { cat "$T/err"; fail "exit $rc: $line"; }
	expect_no_match "$T/err" 'usage:'
	[ -s "$T/out" ] || fail "no output: $line"
done <"$T/run"
[ "$n" -ge 5 ] || fail "ran only $n examples"
