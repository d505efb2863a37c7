#!/bin/sh
# Speed of the cron path: `frfile deadline` and `frfile check` on a ledger
# of ten years of daily counts (3,650 observations), per invocation
# (process start, calendar load, ledger read, derivation).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
F=${FRFILE:-$top/build/frfile}
T=$(mktemp -d "${TMPDIR:-/tmp}/frfile-bench.XXXXXX")
trap 'rm -rf "$T"' EXIT
L=$T/ledger.db
N=${BENCH_RUNS:-200}

"$F" record 1 --date 2016-01-01 --ledger "$L" --today 2016-01-01 >/dev/null || exit 1
# Bulk rows straight into the ledger's table (the bench measures reading).
python3 - "$L" <<'PY' || exit 1
import sqlite3, sys, datetime
db = sqlite3.connect(sys.argv[1])
d = datetime.date(2016, 1, 2)
rows = []
for i in range(3649):
    rows.append((d.isoformat(), 50000 + i * 15, "bench", 0, None, "2026-01-01T00:00:00+08:00"))
    d += datetime.timedelta(1)
db.executemany("INSERT INTO observations (date, individuals, source, partial, crossing_date, recorded_at) VALUES (?,?,?,?,?,?)", rows)
db.commit()
PY

now() { date +%s%N; }
run() {	# run LABEL CMD...
	label=$1
	shift
	t0=$(now)
	i=0
	while [ $i -lt "$N" ]; do
		"$@" >/dev/null
		rc=$?
		[ $rc -le 2 ] || { echo "bench: $* exited $rc" >&2; exit 1; }
		i=$((i + 1))
	done
	t1=$(now)
	us=$(( (t1 - t0) / 1000 / N ))
	printf '%-28s %6d runs  %7d us/run\n' "$label" "$N" "$us"
}
run "deadline reached" "$F" deadline reached 2025-09-15
run "deadline reached --json" "$F" deadline --json reached 2026-03-01
run "check (3650 observations)" "$F" check --ledger "$L" --today 2025-12-31
run "ledger --json (3650 obs)" "$F" ledger --json --ledger "$L" --today 2025-12-31
