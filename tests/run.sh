#!/bin/sh
# Runs every unit-test binary and every CLI test script, JOBS at a time
# (default: the number of processors), each under a time limit of
# TEST_TIMEOUT seconds (default 600), then prints one summary line
# "N passed, M failed". Unit tests count per cmocka case; a CLI script
# counts as one test. Results are printed in the order of the tests,
# whatever order they finish in. BUILD names the build directory; a
# test's name as an argument runs only the tests whose names contain it.
BUILD=${BUILD:-build}
export BUILD
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
jobs=${JOBS:-$(nproc 2>/dev/null || echo 2)}
limit=${TEST_TIMEOUT:-600}

# took START: " (S.s s)", the time since START (date +%s%N).
took() {
	ms=$((($(date +%s%N) - $1) / 1000000))
	printf ' (%d.%d s)' $((ms / 1000)) $((ms % 1000 / 100))
}

# run_one N TEST: run one test, leaving $res/N.out (its log), $res/N.line
# (the line to print) and $res/N.count ("passed failed").
run_one() {
	n=$1
	t=$2
	log=$res/$n.out
	t0=$(date +%s%N)
	case $t in
	*/tests/test_*|"$BUILD"/tests/*)
		timeout -k 5 "$limit" "$t" >"$log" 2>&1
		rc=$?
		p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
		f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
		p=${p:-0}
		f=${f:-0}
		if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
		[ "$rc" -eq 124 ] && echo "(timed out after $limit s)" >>"$log"
		printf '%-40s %s passed, %s failed%s\n' "$(basename "$t")" "$p" "$f" "$(took "$t0")" >"$res/$n.line"
		echo "$p $f" >"$res/$n.count"
		[ "$f" -ne 0 ] || : >"$log"
		;;
	*)
		if timeout -k 5 "$limit" sh "$t" >"$log" 2>&1; then
			printf '%-40s ok%s\n' "$(basename "$t" .sh)" "$(took "$t0")" >"$res/$n.line"
			echo "1 0" >"$res/$n.count"
			: >"$log"
		else
			[ $? -eq 124 ] && echo "(timed out after $limit s)" >>"$log"
			printf '%-40s FAILED%s\n' "$(basename "$t" .sh)" "$(took "$t0")" >"$res/$n.line"
			echo "0 1" >"$res/$n.count"
		fi
		;;
	esac
}

# One test, for the parallel loop below: run.sh --one N TEST.
if [ "${1:-}" = --one ]; then
	res=$RUN_RES
	limit=$RUN_LIMIT
	run_one "$2" "$3"
	exit 0
fi

res=$(mktemp -d)
trap 'rm -rf "$res"' EXIT INT TERM

i=0
for t in "$BUILD"/tests/test_* tests/cli/t[0-9]*.sh; do
	case $t in *.d) continue ;; esac
	[ -f "$t" ] || continue
	if [ $# -gt 0 ]; then
		case $t in *"$1"*) ;; *) continue ;; esac
	fi
	i=$((i + 1))
	printf '%s %s\n' "$i" "$t"
done >"$res/list"

# The slowest tests first, so that the last to finish is a short one.
slow='t08(02|03)|t0408|t050|t012[23]|t0209'
{
	grep -E "$slow" "$res/list"
	grep -vE "$slow" "$res/list"
} | while read -r n t; do printf '%s\n%s\n' "$n" "$t"; done |
	RUN_RES=$res RUN_LIMIT=$limit xargs -d '\n' -n 2 -P "$jobs" \
	    sh "$top/tests/run.sh" --one

pass=0
fail=0
failed=""
while read -r n t; do
	if [ ! -f "$res/$n.count" ]; then
		printf '%-40s FAILED (did not run)\n' "$(basename "$t" .sh)"
		fail=$((fail + 1))
		failed="$failed $(basename "$t" .sh)"
		continue
	fi
	cat "$res/$n.line"
	read -r p f <"$res/$n.count"
	pass=$((pass + p))
	fail=$((fail + f))
	if [ "$f" -ne 0 ]; then
		failed="$failed $(basename "$t" .sh)"
		sed 's/^/    /' "$res/$n.out"
	fi
done <"$res/list"

[ -n "$failed" ] && echo "failed:$failed"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
