#!/bin/sh
# synth builds a reproducible fleet: the same seed gives the same persons,
# keys and dates; the fleet's distinct count first reaches the threshold
# on the planned day, as recomputed here from the stores' own facts and
# the vendor export; the same person matches across devices.
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 1

expect_exit 0 "$FRMATCH" synth --out f1 --seed 7 --devices 3 --persons 3000 \
	--threshold 2000 --cross 2025-03-10 --dim 64
expect_match "$T/out" 'fleet first reached 2000 on 2025-03-10$'
expect_match "$T/out" 'device-01\.db  gate-01  [0-9]+ stored'
expect_exit 0 "$FRMATCH" synth --out f2 --seed 7 --devices 3 --persons 3000 \
	--threshold 2000 --cross 2025-03-10 --dim 64 --json
expect_eq 2025-03-10 "$(jv "$T/out" '.fleet_first_reached')"
for f in org.secret token export.csv device-01.db.key; do
	expect_file_mode f1/$f 600
done
expect_exit 3 "$FRMATCH" synth --out f1 --seed 7 --devices 3 --persons 3000
expect_match "$T/err" 'f1/device-01\.db: cannot create store'

# Same seed, same facts (apart from the random store id, the time and
# the audit head, which hashes the time of each entry).
for f in f1 f2; do
	SOURCE_DATE_EPOCH=1 "$FRMATCH" facts $f/device-02.db --json --with-keys \
		--org-secret-file $f/org.secret | grep -v '"store_id"\|"head"' >$f.facts ||
		fail "facts $f"
done
cmp -s f1.facts f2.facts || fail "same seed, different facts"
cmp -s f1/export.csv f2/export.csv || fail "same seed, different export"
cmp -s f1/expected.json f2/expected.json || fail "same seed, different expected.json"

# Recompute the crossing from what frfile would see.
python3 - "$FRMATCH" f1 2000 <<'PY' || fail "crossing day differs"
import csv, glob, hashlib, hmac, json, subprocess, sys
F, d, thr = sys.argv[1], sys.argv[2], int(sys.argv[3])
secret = open(d + "/org.secret", "rb").read().rstrip(b"\r\n")
iv = {}
for db in sorted(glob.glob(d + "/device-*.db")):
    f = json.loads(subprocess.check_output([F, "facts", db, "--json", "--with-keys",
                                            "--org-secret-file", d + "/org.secret"]))
    for p in f["keys"]["persons"]:
        iv.setdefault(p["key"], []).append((p["from"], p["until"] or "9999-99-99"))
def first(iv):
    ev = {}
    for l in iv.values():
        l = sorted(l); m = []
        for a, b in l:
            if m and a <= m[-1][1]: m[-1][1] = max(m[-1][1], b)
            else: m.append([a, b])
        for a, b in m:
            ev[a] = ev.get(a, 0) + 1
            if b != "9999-99-99": ev[b] = ev.get(b, 0) - 1
    c, hit = 0, None
    for day in sorted(ev):
        c += ev[day]
        if hit is None and c >= thr: hit = day
    return hit, c
exp = json.load(open(d + "/expected.json"))
assert first({k: list(v) for k, v in iv.items()}) == (exp["fleet_first_reached"], exp["fleet_individuals_now"])
for r in csv.DictReader(open(d + "/export.csv")):
    k = hmac.new(secret, r["person_id"].encode(), hashlib.sha256).hexdigest()
    iv.setdefault(k, []).append((r["enrolled"], r["deleted"] or "9999-99-99"))
assert first(iv) == (exp["with_export_first_reached"], exp["with_export_individuals_now"])
assert exp["persons_on_several_devices"] > 0
PY

# The probe (person 1) is found wherever person 1 is enrolled, and
# nowhere else.
found=0
for db in f1/device-0*.db; do
	if "$FRMATCH" identify $db --probe f1/probe.json --json >o 2>e; then
		expect_eq person-0000001 "$(jv o '.matches[0].person')"
		found=$((found + 1))
	fi
done
[ $found -ge 1 ] || fail "probe not found on any device"
