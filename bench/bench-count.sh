#!/bin/sh
# frfile count against the usual tools, side by side in one run:
#  1. an export of BENCH_ROWS rows (10 million) with BENCH_DISTINCT
#     (3 million) distinct ids, counted by
#       - frfile count on the file alone (the fast path: rows told apart
#         by keyed fingerprints, no HMAC needed for a lone source),
#       - frfile count on the file plus a one-row second export (every
#         distinct id also keyed with HMAC-SHA256 for the union),
#       - frfile count on the file through a pipe (the full reader),
#       - LC_ALL=C sort -u | wc -l, and sqlite3 count(distinct),
#     with just reading the file as the floor: times (the median of three
#     runs; sqlite3, which takes twenty seconds, once), ratios, and bytes
#     of memory per distinct id (max RSS, /usr/bin/time).
#  2. fan-out: BENCH_ENDPOINTS (500) facts endpoints on loopback, served
#     as 500 paths by one Python ThreadingHTTPServer process
#     (tests/cli/httpd.py --fleet), gathered by one command.
# The generated file lives in a temporary directory and is removed.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
F=${FRFILE:-$top/build/frfile}
ROWS=${BENCH_ROWS:-10000000}
DISTINCT=${BENCH_DISTINCT:-3000000}
ENDPOINTS=${BENCH_ENDPOINTS:-500}
T=$(mktemp -d "${TMPDIR:-/tmp}/frfile-bench.XXXXXX")
pid=""
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$T"' EXIT
for tool in /usr/bin/time sqlite3 python3 cc; do
	command -v $tool >/dev/null || { echo "bench-count: needs $tool" >&2; exit 1; }
done

cc -O2 -o "$T/gen-ids" "$top/bench/gen-ids.c" || exit 1
"$T/gen-ids" "$ROWS" "$DISTINCT" >"$T/ids.csv" || exit 1
printf 'bench-organisation-secret-000001\n' >"$T/secret"
chmod 600 "$T/secret"
printf 'person_id\nx\n' >"$T/tiny.csv"
fbytes=$(wc -c <"$T/ids.csv")
echo "export: $ROWS rows, $DISTINCT distinct ids, $((fbytes / 1000000)) MB"

# timed LABEL CMD...: wall seconds into $secs, CPU seconds (user+system)
# into $cpu, max RSS (KB) into $rss, the command's stdout into $T/out;
# the median run (by wall time) of $RUNS (3). CPU time is shown too: on a
# shared machine wall time depends on load.
RUNS=${BENCH_RUNS:-3}
timed() {
	label=$1
	shift
	: >"$T/times"
	i=0
	while [ $i -lt "$RUNS" ]; do
		/usr/bin/time -f '%e %M %U %S' -o "$T/time" "$@" >"$T/out" 2>"$T/err" ||
			{ cat "$T/err" >&2; echo "bench-count: $label failed" >&2; exit 1; }
		cat "$T/time" >>"$T/times"
		i=$((i + 1))
	done
	sort -n "$T/times" | sed -n "$(( (RUNS + 1) / 2 ))p" >"$T/time"
	secs=$(cut -d' ' -f1 "$T/time")
	rss=$(cut -d' ' -f2 "$T/time")
	cpu=$(awk '{ printf "%.2f", $3 + $4 }' "$T/time")
}
individuals() {
	python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["individuals"])' "$T/out"
}
# bytes of memory per distinct id: max RSS less a one-row run, less the
# mapped export (page cache, not a copy) when the run mapped it.
per_id() {
	echo $(( ($1 - rss_base) * 1024 / DISTINCT - ${2:-0} / DISTINCT ))
}
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
timed read cat "$T/ids.csv"
t_read=$secs c_read=$cpu
timed frfile-tiny "$F" count --org-secret-file "$T/secret" "$T/tiny.csv"
rss_base=$rss
timed frfile "$F" count --org-secret-file "$T/secret" "$T/ids.csv" --json
t_fr=$secs c_fr=$cpu rss_fr=$rss n_fr=$(individuals)
timed frfile-keyed "$F" count --org-secret-file "$T/secret" "$T/ids.csv" \
    "$T/tiny.csv" --json
t_key=$secs c_key=$cpu rss_key=$rss n_key=$(($(individuals) - 1))
timed frfile-pipe sh -c "cat '$T/ids.csv' | '$F' count --org-secret-file '$T/secret' csv:- --json"
t_in=$secs c_in=$cpu rss_in=$rss n_in=$(individuals)
timed sort sh -c "LC_ALL=C sort -u '$T/ids.csv' | wc -l"
t_sort=$secs c_sort=$cpu rss_sort=$rss
n_sort=$(($(tr -d ' ' <"$T/out") - 1))	# minus the header line
RUNS=1 timed sqlite3 sqlite3 :memory: ".import --csv $T/ids.csv t" \
    "select count(distinct person_id) from t;"
t_sql=$secs c_sql=$cpu rss_sql=$rss n_sql=$(cat "$T/out")
for n in "$n_fr" "$n_key" "$n_in" "$n_sort" "$n_sql"; do
	[ "$n" = "$DISTINCT" ] || { echo "bench-count: counts differ: frfile" \
	    "$n_fr, keyed $n_key, stdin $n_in, sort $n_sort, sqlite3 $n_sql" >&2; exit 1; }
done

ratio() { python3 -c "import sys; a,b=map(float,sys.argv[1:]); print('%.1f' % (a/b) if b > 0 else 'inf')" "$1" "$2"; }
f='%-44s %7s %7s %8s %8s %8s\n'
printf "$f" tool "wall s" "CPU s" "RSS MB" "B/id" "sort/x"
printf "$f" "cat (just reading the file)" "$t_read" "$c_read" - - \
    "$(ratio "$t_sort" "$t_read")"
printf "$f" "frfile count FILE (fingerprints only)" "$t_fr" "$c_fr" \
    "$((rss_fr / 1024))" "$(per_id "$rss_fr" "$fbytes")" "$(ratio "$t_sort" "$t_fr")"
printf "$f" "frfile count FILE ONE-ROW.csv (+HMAC each id)" "$t_key" "$c_key" \
    "$((rss_key / 1024))" "$(per_id "$rss_key" "$fbytes")" "$(ratio "$t_sort" "$t_key")"
printf "$f" "cat FILE | frfile count csv:- (full reader)" "$t_in" "$c_in" \
    "$((rss_in / 1024))" "$(per_id "$rss_in")" "$(ratio "$t_sort" "$t_in")"
printf "$f" "LC_ALL=C sort -u | wc -l" "$t_sort" "$c_sort" "$((rss_sort / 1024))" \
    - 1.0
printf "$f" "sqlite3 count(distinct)" "$t_sql" "$c_sql" "$((rss_sql / 1024))" \
    - "$(ratio "$t_sort" "$t_sql")"
echo "B/id: bytes of memory per distinct id (max RSS less a one-row run, and" \
    "less the $((fbytes / 1000000)) MB export where frfile maps it)"
echo "frfile is $(ratio "$t_sort" "$t_fr")x faster than sort -u" \
    "($(ratio "$t_sort" "$t_key")x with every id keyed) and" \
    "$(ratio "$t_sql" "$t_fr")x faster than sqlite3 in wall time; reading" \
    "the file alone takes $(ratio "$t_read" "$t_fr") of frfile's time" \
    "($(nproc) CPUs, load average now $(cut -d' ' -f1 /proc/loadavg))"

# Fan-out.
rm -f "$T/ids.csv"
python3 "$top/tests/cli/httpd.py" --port-file "$T/port" --fleet "$ENDPOINTS" \
    --secret bench-organisation-secret-000001 >/dev/null 2>&1 &
pid=$!
i=0
while [ ! -s "$T/port" ]; do
	i=$((i + 1)); [ $i -gt 300 ] && { echo "bench-count: server did not start" >&2; exit 1; }
	sleep 0.1
done
port=$(cat "$T/port")
i=0
while [ $i -lt "$ENDPOINTS" ]; do
	echo "http://127.0.0.1:$port/fleet/$i"
	i=$((i + 1))
done >"$T/fleet.txt"
timed fan-out "$F" count --org-secret-file "$T/secret" --parallel 64 \
    "fleet:$T/fleet.txt" --json
n=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["individuals"], d["complete"], len(d["sources"]))' "$T/out")
echo "fan-out: $ENDPOINTS facts endpoints (one Python server, $ENDPOINTS paths)" \
    "gathered in $secs s; individuals, complete, sources: $n"
[ "$n" = "$((50 * (ENDPOINTS + 1))) True $ENDPOINTS" ] ||
	{ echo "bench-count: fan-out count wrong" >&2; exit 1; }
