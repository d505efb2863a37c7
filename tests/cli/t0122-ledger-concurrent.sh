#!/bin/sh
# Two cron jobs at once: 2 x 200 records in parallel lose nothing.
. "$(dirname "$0")/lib.sh"

L=$T/ledger.db
N=${FRFILE_TEST_CONCURRENT:-200}
loop() {
	i=0
	while [ $i -lt "$N" ]; do
		"$FRFILE" record "$1$i" --date 2025-06-01 --source "$2" \
		    --ledger "$L" >/dev/null 2>>"$T/err.$2" || echo "fail $2 $i" >>"$T/fail"
		i=$((i + 1))
	done
}
loop 1 a &
pa=$!
loop 2 b &
pb=$!
wait $pa
wait $pb
test -e "$T/fail" && { cat "$T/fail" "$T"/err.* >&2; fail "some records failed"; }
expect_exit 0 "$FRFILE" ledger --ledger "$L" --json
expect_eq $((2 * N)) "$(jv "$T/out" '.observations|length')" "observations kept"
expect_eq "$N $N" "$(json_get "$T/out" "' '.join(str(sum(1 for o in d['observations'] if o['source']==s)) for s in 'ab')")" "per source"
expect_eq ok "$(sqlite3 "$L" 'PRAGMA integrity_check;')" integrity
exit 0
