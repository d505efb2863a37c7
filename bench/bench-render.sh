#!/bin/sh
# Speed and size of `frfile render`: the whole sample package (PDF and
# XLSX, Chinese and English) with three devices' facts (120,000 person
# keys, de-duplicated), then the same for a filing of 200 applications
# made on the fly. Prints the wall time of the whole run (best of
# BENCH_RUNS) and, per file, its size and the time spent on it.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
F=${FRFILE:-$top/build/frfile}
T=$(mktemp -d "${TMPDIR:-/tmp}/frfile-bench.XXXXXX")
trap 'rm -rf "$T"' EXIT
N=${BENCH_RUNS:-5}

python3 - "$top/samples/filing.json" "$T" <<'PY' || exit 1
import copy, hashlib, json, sys
f = json.load(open(sys.argv[1]))
t = sys.argv[2]
# Three devices, 40,000 persons each, a quarter shared with the next one.
for n, dev in enumerate(("gate-hq-01", "gate-hq-02", "reception-kiosk-01")):
    base = n * 30000
    persons = [{"key": hashlib.sha256(b"p%d" % i).hexdigest(), "from": "2025-01-01",
                "until": None} for i in range(base, base + 40000)]
    json.dump({"schema": "frmatch-facts/1", "device": dev, "individuals": 40000,
               "raw_images_stored": False,
               "protection": {"encryption": {"algorithm": "AES-256-GCM"},
                              "audit_log": {"enabled": True, "chain_verified": True}},
               "keys": {"algorithm": "HMAC-SHA256", "secret_id": "0011223344556677",
                        "persons": persons}}, open(f"{t}/facts-{n}.json", "w"))
big = copy.deepcopy(f)
apps = []
for i in range(200):
    a = copy.deepcopy(f["applications"][i % len(f["applications"])])
    a["id"] = "app-%03d" % i
    a["name"] = "%s（第 %d 号）" % (a["name"], i + 1)
    apps.append(a)
big["applications"] = apps
json.dump(big, open(f"{t}/filing-200.json", "w"), ensure_ascii=False, indent=1)
PY

now() { date +%s%N; }
bench() {	# bench LABEL FILING
	label=$1
	filing=$2
	best=""
	i=0
	while [ "$i" -lt "$N" ]; do
		rm -rf "$T/out"
		t0=$(now)
		SOURCE_DATE_EPOCH=1764172800 "$F" render "$filing" --out "$T/out" \
			--format pdf,xlsx --lang zh,en --today 2026-11-27 --json \
			--facts "$T/facts-0.json" --facts "$T/facts-1.json" \
			--facts "$T/facts-2.json" >"$T/json" || exit 1
		t1=$(now)
		ms=$(( (t1 - t0) / 1000000 ))
		if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then
			best=$ms
			cp "$T/json" "$T/best.json"
		fi
		i=$((i + 1))
	done
	echo "render $label: ${best} ms for the whole package (best of $N)"
	python3 - "$T/best.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print(f"  individuals stored (de-duplicated): {d['individuals']} ({d['count_method']})")
total = 0
for f in d["files"]:
    total += f["size"]
    print(f"  {f['file']:48s} {f['size']:>9,d} bytes {f['seconds']*1000:7.1f} ms")
print(f"  {'total':48s} {total:>9,d} bytes")
PY
}

bench "sample (3 applications)" "$top/samples/filing.json"
bench "200 applications" "$T/filing-200.json"
