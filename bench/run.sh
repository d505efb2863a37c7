#!/bin/sh
# make bench: runs every bench/bench-*.sh, each printing its own result
# lines. Nothing is compared against a stored baseline.
set -u
cd "$(dirname "$0")/.." || exit 1
status=0
found=0
for b in bench/bench-*.sh; do
	[ -f "$b" ] || continue
	found=1
	echo "== $(basename "$b" .sh)"
	sh "$b" || { echo "bench: $b failed" >&2; status=1; }
done
[ $found -eq 1 ] || echo "bench: no benchmarks"
exit $status
