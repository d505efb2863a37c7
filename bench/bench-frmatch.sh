#!/bin/sh
# bench-frmatch.sh — frmatch's speed, printed (not a timed test):
#   1. the 1:N scan against FAISS IndexFlatIP (libfaiss-dev) on the same
#      100k x 512 and 1M x 512 random unit vectors, 1 and 16 probes at a
#      time: queries per second, ratio, data rate and the machine's plain
#      read bandwidth on the same array (bench/faiss_peer.cpp);
#   2. enrolment: import rate (NDJSON, dim 512), single enroll rate,
#      store bytes per template, synth rate;
#   3. identify end to end (open, decrypt every template, scan) on a
#      100k x 512 store.
# FRMATCH_BENCH_SIZES (default "100000 1000000") and
# FRMATCH_BENCH_SECONDS (default 2, per case) shorten a run.
set -u
cd "$(dirname "$0")/.." || exit 1
BUILD=${BUILD:-build}
FRMATCH=$BUILD/frmatch
SIZES=${FRMATCH_BENCH_SIZES:-"100000 1000000"}
SECS=${FRMATCH_BENCH_SECONDS:-2}
out=$BUILD/bench
mkdir -p "$out"
[ -x "$FRMATCH" ] || { echo "bench-frmatch: build first (make)" >&2; exit 1; }

# 1. Kernel against FAISS. scan.c is compiled as the program compiles it.
CC=${CC:-cc}
command -v g++ >/dev/null ||
	{ echo "bench-frmatch: g++ is needed for the FAISS comparison (apt-get install g++)" >&2; exit 1; }
$CC -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -O2 \
	-ffp-contract=fast -Isrc -c src/frmatch/scan.c -o "$out/scan.o" || exit 1
if [ -f /usr/include/faiss/IndexFlat.h ]; then
	g++ -O2 -std=c++17 -Isrc bench/faiss_peer.cpp "$out/scan.o" \
		"$BUILD/libfr.a" -o "$out/faiss_peer" -lfaiss -fopenmp \
		-llapack -lblas -lpthread || exit 1
else
	echo "bench-frmatch: libfaiss-dev is not installed (apt-get install" \
		"libfaiss-dev); running frmatch's side only" >&2
	g++ -O2 -std=c++17 -DNO_FAISS -Isrc bench/faiss_peer.cpp \
		"$out/scan.o" "$BUILD/libfr.a" -o "$out/faiss_peer" \
		-lpthread || exit 1
fi
echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
for n in $SIZES; do
	"$out/faiss_peer" "$n" 512 "$SECS" || exit 1
	echo
done

# 2. Enrolment.
T=$(mktemp -d "${TMPDIR:-/tmp}/frmatch-bench.XXXXXX")
trap 'rm -rf "$T"' EXIT
python3 - "$T/in.ndjson" <<'PY'
import base64, random, struct, sys
r = random.Random(1)
with open(sys.argv[1], "w") as f:
    for i in range(10000):
        v = struct.pack("<512f", *[r.random() - 0.5 for _ in range(512)])
        f.write('{"person": "B-%06d", "template_b64": "%s", "consent": "C-%d"}\n'
                % (i, base64.b64encode(v).decode(), i))
PY
"$FRMATCH" init "$T/s.db" --dim 512 >/dev/null || exit 1
"$FRMATCH" import "$T/s.db" "$T/in.ndjson" --json >"$T/imp.json" 2>/dev/null || exit 1
python3 - "$T/imp.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print("import: %d persons (dim 512) in %.2f s: %.0f per second" %
      (d["imported"], d["seconds"], d["per_second"]))
PY
python3 -c "
import struct, random
r = random.Random(2)
open('$T/one.f32', 'wb').write(struct.pack('<512f', *[r.random() - 0.5 for _ in range(512)]))"
t0=$(date +%s.%N)
i=0
while [ $i -lt 100 ]; do
	"$FRMATCH" enroll "$T/s.db" --person "E-$i" --template "$T/one.f32" >/dev/null || exit 1
	i=$((i + 1))
done
t1=$(date +%s.%N)
echo "enroll: 100 single enrolments (one process each) at" \
	"$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", 100 / (b - a) }') per second"
bytes=$(stat -c %s "$T/s.db")
echo "store: $bytes bytes for 10100 templates of 512 float32 (2048 bytes):" \
	"$((bytes / 10100)) bytes per template, persons and audit log included"

"$FRMATCH" synth --out "$T/fleet" --seed 1 --json >"$T/synth.json" || exit 1
python3 - "$T/synth.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
n = sum(x["individuals"] + x["deleted"] for x in d["devices"])
print("synth: %d persons, %d enrolments on %d devices (dim %d) in %.1f s" %
      (d["persons"], n, len(d["devices"]), d["dimension"], d["seconds"]))
PY

# 3. identify end to end on 100k x 512.
"$FRMATCH" synth --out "$T/big" --seed 2 --devices 1 --persons 100000 \
	--dim 512 --json >"$T/big.json" || exit 1
python3 - "$T/big.json" "$T/big/device-01.db" <<'PY'
import json, os, sys
d = json.load(open(sys.argv[1]))
n = d["devices"][0]["individuals"] + d["devices"][0]["deleted"]
print("synth: 100000 persons x 512 on one device in %.1f s (%.0f per second), "
      "%d bytes per template" % (d["seconds"], n / d["seconds"],
                                 os.path.getsize(sys.argv[2]) // d["devices"][0]["individuals"]))
PY
t0=$(date +%s.%N)
for i in 1 2 3; do
	"$FRMATCH" identify "$T/big/device-01.db" --probe "$T/big/probe.json" \
		--top 5 >/dev/null
done
t1=$(date +%s.%N)
echo "identify end to end (open, decrypt 100k templates, scan), 100k x 512:" \
	"$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 3 }') s per call"
