#!/bin/sh
# No template byte, person id or consent reference is ever written in
# clear: grep the store, its journal or WAL, for the raw float bytes, the
# JSON text of the numbers and the ids, while a transaction is open too.
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 1
G="python3 $top/tests/cli/fmtmpl.py"

expect_exit 0 "$FRMATCH" init s.db --dim 64
$G a.json 64 11
$G a.f32 64 11 - raw
$G b.json 64 12
expect_exit 0 "$FRMATCH" enroll s.db --person ID-ALICE-4711 --template a.f32 --consent CONSENT-REF-0815
python3 - >in.ndjson <<'PY'
import json, random
for i in range(50):
    r = random.Random(1000 + i)
    print(json.dumps({"person": "ID-BULK-%04d" % i,
                      "template": [r.gauss(0, 1) for _ in range(64)],
                      "consent": "CONSENT-BULK-%04d" % i}))
PY
expect_exit 0 "$FRMATCH" import s.db in.ndjson
expect_exit 0 "$FRMATCH" enroll s.db --person ID-BOB-0042 --template b.json
expect_exit 0 "$FRMATCH" delete s.db --person ID-BOB-0042
expect_exit 0 "$FRMATCH" verify s.db --person ID-ALICE-4711 --probe a.json

check() {
	python3 - "$@" <<'PY' || fail "clear data found"
import json, struct, sys
files = sys.argv[1:]
a = json.load(open("a.json"))
b = json.load(open("b.json"))
needles = [b"ID-ALICE-4711", b"ID-BULK-0007", b"ID-BOB-0042",
           b"CONSENT-REF-0815", b"CONSENT-BULK-0007"]
for v in (a, b):
    raw = struct.pack("<64f", *v)
    needles += [raw[i:i + 12] for i in range(0, 256, 12)]
    needles.append(repr(v[0]).encode()[:10])
    needles.append(struct.pack("<64f", *v)[:8])
    needles.append(struct.pack(">64f", *v)[:8])
bad = 0
for f in files:
    data = open(f, "rb").read()
    for n in needles:
        if len(n) >= 6 and n in data:
            print("%s contains %r" % (f, n[:16]))
            bad = 1
sys.exit(bad)
PY
}
check s.db

# A hot journal: a transaction left open by another process.
python3 - <<'PY' &
import sqlite3, time
c = sqlite3.connect("s.db", isolation_level=None)
c.execute("BEGIN IMMEDIATE")
c.execute("UPDATE meta SET v = v WHERE k = 'device'")
c.execute("INSERT INTO meta VALUES ('x', zeroblob(10))")
open("locked", "w").close()
time.sleep(2)
c.execute("ROLLBACK")
PY
i=0
while [ ! -e locked ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
for f in s.db-journal s.db-wal; do [ -e "$f" ] && check "$f"; done
wait

# In WAL mode too (a user may switch it).
sqlite3 s.db 'PRAGMA journal_mode = WAL' >/dev/null
expect_exit 0 "$FRMATCH" enroll s.db --person ID-CAROL-1234 --template b.json
python3 -c "
import sqlite3; c = sqlite3.connect('s.db'); c.execute('BEGIN'); c.execute('SELECT * FROM persons').fetchall()
import shutil; shutil.copy('s.db-wal', 'wal.copy') if __import__('os').path.exists('s.db-wal') else None"
for f in s.db wal.copy; do [ -e "$f" ] && check "$f"; done
grep -q ID-CAROL s.db* && fail "person id in clear"
true
