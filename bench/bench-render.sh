#!/bin/sh
# Speed and size of `frfile render`: the whole sample package (PDF and
# XLSX, Chinese and English), without facts and with three devices' facts
# (120,000 person keys, de-duplicated), then the same for a filing of 200
# applications made on the fly. Prints the wall time of the whole run (best of
# BENCH_RUNS) and, per file, its size and the time spent on it. Last, the
# sample's documents as PDF and as Word drafts (DOCX), one run each, side
# by side: the whole run, the time spent on the files of each format, and
# the ratio.
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

# Best wall time and the CPU time (user + system) of that run: on a
# shared machine the wall time includes waiting for a core.
bench() {	# bench LABEL FILING [nofacts]
	python3 - "$1" "$2" "$F" "$T" "$N" "${3:-}" <<'PY' || exit 1
import json, os, resource, shutil, subprocess, sys, time
label, filing, F, T, N = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
facts = [] if sys.argv[6] == "nofacts" else ["--facts", f"{T}/facts-0.json", "--facts",
        f"{T}/facts-1.json", "--facts", f"{T}/facts-2.json"]
env = dict(os.environ, SOURCE_DATE_EPOCH="1764172800")
best = None
for _ in range(N):
    shutil.rmtree(f"{T}/out", ignore_errors=True)
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    p = subprocess.run([F, "render", filing, "--out", f"{T}/out", "--format", "pdf,xlsx",
                        "--lang", "zh,en", "--today", "2026-11-27", "--json"] + facts,
                       env=env, capture_output=True, text=True)
    wall = time.monotonic() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode != 0:
        sys.exit(p.stderr)
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    if best is None or wall < best[0]:
        best = (wall, cpu, json.loads(p.stdout))
wall, cpu, d = best
print(f"render {label}: {wall*1000:.0f} ms wall, {cpu*1000:.0f} ms CPU for the whole package (best of {N})")
st = d.get("stored") or {}
if st.get("individuals") is not None:
    print(f"  individuals stored (de-duplicated): {st['individuals']} ({st.get('from')})")
total = 0
for f in d["files"]:
    total += f["size"]
    print(f"  {f['file']:48s} {f['size']:>9,d} bytes {f['seconds']*1000:7.1f} ms")
print(f"  {'total':48s} {total:>9,d} bytes")
PY
}

bench "sample, no facts" "$top/samples/filing.json" nofacts
bench "sample (3 applications)" "$top/samples/filing.json"
bench "200 applications" "$T/filing-200.json"

# PDF and DOCX of the same package (every document, zh and en), one run
# each: the wall time of the run and the seconds the back end spent on its
# files (the manifest aside), and the ratio DOCX / PDF.
python3 - "$top/samples/filing.json" "$F" "$T" "$top/samples/count.json" <<'PY' || exit 1
import json, os, shutil, subprocess, sys, time
filing, F, T, count = sys.argv[1:5]
env = dict(os.environ, SOURCE_DATE_EPOCH="1764172800")
res = {}
for fmt in ("pdf", "docx"):
    shutil.rmtree(f"{T}/out-{fmt}", ignore_errors=True)
    t0 = time.monotonic()
    p = subprocess.run([F, "render", filing, "--out", f"{T}/out-{fmt}", "--format", fmt,
                        "--lang", "zh,en", "--count", count, "--today", "2026-11-27",
                        "--json"], env=env, capture_output=True, text=True)
    wall = time.monotonic() - t0
    if p.returncode != 0:
        sys.exit(p.stderr)
    files = [f for f in json.loads(p.stdout)["files"] if f["format"] == fmt]
    res[fmt] = (wall, sum(f["seconds"] for f in files), sum(f["size"] for f in files), len(files))
for fmt, (wall, secs, size, n) in res.items():
    print(f"render sample as {fmt.upper():4s}: {wall*1000:6.0f} ms wall, {secs*1000:6.1f} ms on "
          f"{n} files, {size:>9,d} bytes (one run)")
print(f"  DOCX / PDF: {res['docx'][0] / res['pdf'][0]:.2f} wall, "
      f"{res['docx'][1] / res['pdf'][1]:.2f} on the files")
PY
