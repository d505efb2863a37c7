#!/bin/sh
# audit --verify detects an edited entry, a deleted entry, entries cut
# from the end, and the facts report chain_verified from the same check.
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 1
G="python3 $top/tests/cli/fmtmpl.py"

expect_exit 0 "$FRMATCH" init s.db --dim 64
for i in 1 2 3 4 5; do
	$G p$i.json 64 $i
	expect_exit 0 "$FRMATCH" enroll s.db --person P$i --template p$i.json --operator op$i
done
expect_exit 0 "$FRMATCH" verify s.db --person P2 --probe p2.json
expect_exit 0 "$FRMATCH" audit s.db --verify
expect_match "$T/out" '^audit log verified: 6 entries, chain intact$'
expect_exit 0 "$FRMATCH" facts s.db --json
expect_eq true "$(jv "$T/out" '.protection.audit_log.chain_verified')"
expect_eq 6 "$(jv "$T/out" '.protection.audit_log.entries')"

# The triggers stop casual edits.
sqlite3 s.db "UPDATE audit SET operator = 'x' WHERE seq = 3" 2>/dev/null &&
	fail "the audit table accepted an update"
cp s.db orig.db

# 1. Edit an entry.
sqlite3 s.db "DROP TRIGGER audit_no_update; UPDATE audit SET operator = 'mallory' WHERE seq = 3"
expect_exit 1 "$FRMATCH" audit s.db --verify
expect_lines "$T/err" 1
expect_match "$T/err" 'audit log tampered: entry 3 was altered'
expect_exit 0 "$FRMATCH" facts s.db --json
expect_eq false "$(jv "$T/out" '.protection.audit_log.chain_verified')"
expect_exit 1 "$FRMATCH" audit s.db --json
expect_eq 3 "$(jv "$T/out" '.first_bad')"
expect_eq false "$(jv "$T/out" '.entries[2].chain_ok')"

# 2. Delete an entry in the middle.
cp orig.db s.db
sqlite3 s.db "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq = 2"
expect_exit 1 "$FRMATCH" audit s.db --verify
expect_match "$T/err" 'entry 2 missing'

# 3. Cut the last entry (the chain itself still links).
cp orig.db s.db
sqlite3 s.db "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq = 6"
expect_exit 1 "$FRMATCH" audit s.db --verify
expect_match "$T/err" 'does not end where it was last written'

# 4. Rewrite an entry and recompute its hash and the rest of the chain
#    (possible without the key): the keyed head catches it.
cp orig.db s.db
python3 - <<'PY'
import hashlib, sqlite3
c = sqlite3.connect("s.db")
c.execute("DROP TRIGGER audit_no_update")
rows = c.execute("SELECT seq, at, operator, action, subject, outcome FROM audit ORDER BY seq").fetchall()
prev = "0" * 64
for seq, at, op, action, subject, outcome in rows:
    if seq == 4:
        op = "mallory"
    f = lambda s: "%d:%s" % (len(s or ""), s or "")
    text = "frmatch-audit-1|%s|%d|%s|%s|%s|%s|%s" % (f(prev), seq, f(at), f(op), f(action), f(subject), f(outcome))
    h = hashlib.sha256(text.encode()).hexdigest()
    c.execute("UPDATE audit SET operator=?, prev=?, hash=? WHERE seq=?", (op, prev, h, seq))
    prev = h
c.commit()
PY
expect_exit 1 "$FRMATCH" audit s.db --verify
expect_match "$T/err" 'does not end where it was last written'

# The untouched copy still verifies.
expect_exit 0 "$FRMATCH" audit orig.db --verify --key s.db.key
