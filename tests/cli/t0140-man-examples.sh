#!/bin/sh
# Every .Dl line of EXAMPLES in man/frfile.1 runs, against a temporary
# ledger, and exits 0; the page is clean under mandoc -T lint.
. "$(dirname "$0")/lib.sh"

page=$top/man/frfile.1
command -v mandoc >/dev/null || fail "mandoc is not installed"
mandoc -T lint -W warning "$page" >"$T/lint" 2>&1 || { cat "$T/lint" >&2; fail "mandoc -T lint"; }

sed -n '/^\.Sh EXAMPLES/,/^\.Sh /s/^\.Dl //p' "$page" | sed 's/\\-/-/g' >"$T/examples"
n=$(wc -l <"$T/examples")
[ "$n" -ge 8 ] || fail "only $n examples found"
FRFILE_LEDGER=$T/ledger.db
export FRFILE_LEDGER
mkdir -p "$T/work"
cd "$T/work" || fail "cd"
# The import example needs its file: a fictional 2027 notice.
printf '{"year": 2027, "days": [{"name": "元旦", "date": "2027-01-01", "isOffDay": true}]}\n' >2027.json
# The assess and render examples read the bundled samples.
ln -s "$top/samples" samples
PATH=$BUILD:$PATH
while read -r line; do
	case $line in frfile\ *) ;; *) fail "example is not a frfile command: $line" ;; esac
	# shellcheck disable=SC2086
	expect_exit 0 $line
	test -s "$T/out" || fail "no output: $line"
done <"$T/examples"
# The examples tell a consistent story.
expect_exit 0 frfile ledger --today 2025-07-02 --json
expect_eq 2025-06-10 "$(jv "$T/out" '.derived.crossing_date')" "crossing in the examples"
exit 0
