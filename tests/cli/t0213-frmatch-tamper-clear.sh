#!/bin/sh
# Issue 15 item 2: the clear columns of the store edited with sqlite3
# alone (no key). Each edit is named by audit --verify, facts and the
# commands that read the row; the facts carry the audit head and count.
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 1
G="python3 $top/tests/cli/fmtmpl.py"

expect_exit 0 "$FRMATCH" init s.db --dim 64
for i in 1 2 3; do
	$G p$i.json 64 $i
done
expect_exit 0 "$FRMATCH" enroll s.db --person P1 --template p1.json --minor --guardian-consent G1 --consent C1 --date 2026-01-05
expect_exit 0 "$FRMATCH" enroll s.db --person P2 --template p2.json --date 2026-01-05
expect_exit 0 "$FRMATCH" enroll s.db --person P3 --template p3.json --consent C3 --retention-days 30 --date 2026-01-05
cp s.db orig.db
cp s.db.key orig.db.key

# The facts publish the audit log's head hash and its length.
expect_exit 0 "$FRMATCH" facts s.db --json
cp "$T/out" facts.json
expect_eq 3 "$(jv facts.json '.protection.audit_log.entries')"
expect_eq "$(sqlite3 s.db 'SELECT hash FROM audit ORDER BY seq DESC LIMIT 1')" \
	"$(jv facts.json '.protection.audit_log.head')" "facts head"
expect_eq 1 "$(jv facts.json '.minors_under_14')"

# tampered WHAT: facts (3), audit --verify (1) and verify of P1 (3)
# all refuse with a line matching WHAT.
tampered() {
	expect_exit 3 "$FRMATCH" facts s.db --json
	expect_lines "$T/err" 1
	expect_match "$T/err" "$1"
	expect_exit 1 "$FRMATCH" audit s.db --verify
	expect_lines "$T/err" 1
	expect_match "$T/err" "audit log tampered: .*$1"
	expect_exit 3 "$FRMATCH" verify s.db --person P1 --probe p1.json
	expect_match "$T/err" "$1"
}
restore() { cp orig.db s.db; }

# 1. A person's rows deleted: the count would fall unseen.
sqlite3 s.db "PRAGMA foreign_keys=OFF; DELETE FROM templates WHERE person = 2; DELETE FROM persons WHERE id = 2"
tampered '2 person rows, the keyed state records 3'
restore

# 2. A minor hidden.
sqlite3 s.db "UPDATE persons SET minor = 0 WHERE id = 1"
tampered 'person row 1 was altered outside frmatch'
restore

# 3. Consent claimed.
sqlite3 s.db "UPDATE persons SET has_consent = 1 WHERE id = 2"
expect_exit 3 "$FRMATCH" facts s.db --json
expect_match "$T/err" 'person row 2 was altered outside frmatch'
expect_exit 1 "$FRMATCH" audit s.db --verify
expect_match "$T/err" 'person row 2 was altered'
expect_exit 3 "$FRMATCH" verify s.db --person P2 --probe p2.json
expect_match "$T/err" 'person row 2 was altered'
expect_exit 3 "$FRMATCH" delete s.db --person P2
expect_match "$T/err" 'person row 2 was altered'
restore

# 4. A later retention deadline: purge would purge nothing.
sqlite3 s.db "UPDATE persons SET retention_until = retention_until + 3650 WHERE id = 3"
expect_exit 3 "$FRMATCH" purge s.db --today 2026-12-01
expect_lines "$T/err" 1
expect_match "$T/err" 'person row 3 was altered outside frmatch'
restore
expect_exit 0 "$FRMATCH" purge s.db --today 2026-12-01
expect_match "$T/out" 'purged 1 person'
restore

# 5. The same with a value of another type (SQL's minor = 1 is then false).
sqlite3 s.db "UPDATE persons SET minor = 'yes' WHERE id = 1"
tampered 'person row 1 was altered outside frmatch'
restore

# 6. A deletion undone: the tombstone put back to its live version.
expect_exit 0 "$FRMATCH" delete s.db --person P3
sqlite3 s.db "ATTACH 'orig.db' AS o; UPDATE persons SET deleted = NULL, deleted_reason = NULL, mac = (SELECT mac FROM o.persons WHERE id = 3) WHERE id = 3"
expect_exit 3 "$FRMATCH" facts s.db
expect_match "$T/err" '3 persons stored, the keyed state records 2'
restore

# 7. Triggers dropped, the audit table and the keyed state wiped.
sqlite3 s.db "DROP TRIGGER audit_no_delete; DELETE FROM audit; DELETE FROM meta WHERE k = 'state'"
tampered 'the keyed state is missing'
restore

# 8. The audit table wiped, the state left: the log is short.
sqlite3 s.db "DROP TRIGGER audit_no_delete; DELETE FROM audit"
tampered 'does not end where it was last written: 0 entries, the keyed head records 3'
restore

# 9. An older head put back after more work (an enrolment and a
#    verification), with the log cut to match it.
old=$(sqlite3 s.db "SELECT v FROM meta WHERE k = 'state'")
expect_exit 0 "$FRMATCH" verify s.db --person P2 --probe p2.json
$G p4.json 64 4
expect_exit 0 "$FRMATCH" enroll s.db --person P4 --template p4.json
sqlite3 s.db "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq > 3; UPDATE meta SET v = '$old' WHERE k = 'state'"
tampered '4 person rows, the keyed state records 3'
# ... or without cutting the log.
restore
expect_exit 0 "$FRMATCH" verify s.db --person P2 --probe p2.json
sqlite3 s.db "UPDATE meta SET v = '$old' WHERE k = 'state'"
tampered 'does not end where it was last written: 4 entries, the keyed head records 3'
restore

# 10. The state itself edited (a count raised to hide a removal), or a
#     setting of the store changed.
sqlite3 s.db "UPDATE meta SET v = replace(v, '|3|3|', '|3|2|') WHERE k = 'state'"
tampered 'the keyed state does not authenticate'
restore
sqlite3 s.db "UPDATE meta SET v = 'Other device' WHERE k = 'device'"
tampered 'the keyed state does not authenticate'
restore

# The untouched store still verifies, and so does its facts' head.
expect_exit 0 "$FRMATCH" audit s.db --verify
expect_match "$T/out" '^audit log verified: 3 entries, chain intact$'
