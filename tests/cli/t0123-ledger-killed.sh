#!/bin/sh
# A record killed (SIGKILL) at a random moment leaves the ledger
# consistent: every completed record is kept, none half-written.
. "$(dirname "$0")/lib.sh"

L=$T/ledger.db
expect_exit 0 "$FRFILE" record 1 --date 2025-06-01 --ledger "$L"
k=0
while [ $k -lt 25 ]; do
	"$FRFILE" record 2 --date 2025-06-02 --source "kill$k" --ledger "$L" >"$T/o.$k" 2>&1 &
	pid=$!
	# 0 to 9 ms: sometimes before, sometimes during, sometimes after.
	sleep "0.00$((k % 10))"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	k=$((k + 1))
done
expect_eq ok "$(sqlite3 "$L" 'PRAGMA integrity_check;')" integrity
expect_exit 0 "$FRFILE" record 3 --date 2025-06-03 --ledger "$L"
expect_exit 0 "$FRFILE" ledger --ledger "$L" --json
# Every process that printed "recorded" has its row.
done_n=$(cat "$T"/o.* | grep -c '^recorded' || true)
rows=$(json_get "$T/out" "sum(1 for o in d['observations'] if (o['source'] or '').startswith('kill'))")
[ "$rows" -ge "$done_n" ] || fail "$done_n records reported done, $rows kept"
[ "$rows" -le 25 ] || fail "$rows rows from 25 processes"
expect_eq 3 "$(jv "$T/out" '.observations[-1].individuals')" "last record"
exit 0
