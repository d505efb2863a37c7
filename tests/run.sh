#!/bin/sh
# Runs every unit-test binary and every CLI test script, then prints one
# summary line "N passed, M failed". Unit tests count per cmocka case; a
# CLI script counts as one test. BUILD names the build directory.
BUILD=${BUILD:-build}
export BUILD
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
pass=0
fail=0
failed=""
log=$(mktemp)
trap 'rm -f "$log"' EXIT

for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	"$t" >"$log" 2>&1
	rc=$?
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
	p=${p:-0}
	f=${f:-0}
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	pass=$((pass + p))
	fail=$((fail + f))
	if [ "$f" -ne 0 ]; then
		failed="$failed $(basename "$t")"
		cat "$log"
	fi
	printf '%-40s %s passed, %s failed\n' "$(basename "$t")" "$p" "$f"
done

for t in tests/cli/t[0-9]*.sh; do
	[ -f "$t" ] || continue
	if sh "$t" >"$log" 2>&1; then
		pass=$((pass + 1))
		printf '%-40s ok\n' "$(basename "$t" .sh)"
	else
		fail=$((fail + 1))
		failed="$failed $(basename "$t" .sh)"
		printf '%-40s FAILED\n' "$(basename "$t" .sh)"
		sed 's/^/    /' "$log"
	fi
done

[ -n "$failed" ] && echo "failed:$failed"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
