#!/bin/sh
# Issue 15 item 2: a store in the layout of the earlier frmatch (schema 1,
# made here by fmdowngrade.py) is refused by every command with a line
# naming `frmatch upgrade`; upgrade converts it in one audited
# transaction, and refuses (changing nothing) when its log is tampered.
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 1
G="python3 $top/tests/cli/fmtmpl.py"
D="python3 $top/tests/cli/fmdowngrade.py"

expect_exit 0 "$FRMATCH" init s.db --dim 64
for i in 1 2 3; do
	$G p$i.json 64 $i
	expect_exit 0 "$FRMATCH" enroll s.db --person P$i --template p$i.json
done
expect_exit 0 "$FRMATCH" delete s.db --person P2
$D s.db s.db.key
expect_eq 1 "$(sqlite3 s.db 'PRAGMA user_version')"
cp s.db v1.db
cp s.db.key v1.db.key

for cmd in "facts s.db" "verify s.db --person P1 --probe p1.json" \
    "identify s.db --probe p1.json" "purge s.db" "audit s.db --verify"; do
	# shellcheck disable=SC2086
	expect_exit 3 "$FRMATCH" $cmd
	expect_lines "$T/err" 1
	expect_match "$T/err" 's\.db: store schema version 1 has no authenticated rows; upgrade it once with: frmatch upgrade s\.db$'
done
cmp -s s.db v1.db || fail "a refused command changed the old store"

expect_exit 0 "$FRMATCH" upgrade s.db --operator admin
expect_match "$T/out" '^s\.db: upgraded from schema 1 to 2, 3 person rows authenticated$'
expect_eq 2 "$(sqlite3 s.db 'PRAGMA user_version')"
expect_eq 0 "$(sqlite3 s.db "SELECT COUNT(*) FROM persons WHERE mac IS NULL")"
expect_exit 0 "$FRMATCH" audit s.db --json
expect_eq upgrade "$(jv "$T/out" '.entries[-1].action')"
expect_eq admin "$(jv "$T/out" '.entries[-1].operator')"
expect_exit 0 "$FRMATCH" audit s.db --verify
expect_match "$T/out" 'verified: 5 entries, chain intact'
expect_exit 0 "$FRMATCH" verify s.db --person P1 --probe p1.json
expect_exit 0 "$FRMATCH" facts s.db --json
expect_eq 2 "$(jv "$T/out" '.individuals')"
expect_eq 2 "$(jv "$T/out" '.store_schema_version')"
# The upgraded rows are authenticated like new ones.
sqlite3 s.db "UPDATE persons SET has_consent = 1 WHERE id = 1"
expect_exit 3 "$FRMATCH" facts s.db
expect_match "$T/err" 'person row 1 was altered outside frmatch'

# Twice: nothing to do.
cp v1.db s.db
expect_exit 0 "$FRMATCH" upgrade s.db
expect_exit 0 "$FRMATCH" upgrade s.db --json
expect_eq false "$(jv "$T/out" '.upgraded')"

# An old store whose audit log was tampered is not signed anew.
cp v1.db s.db
sqlite3 s.db "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq = 4"
cp s.db bad.db
expect_exit 3 "$FRMATCH" upgrade s.db
expect_lines "$T/err" 1
expect_match "$T/err" 's\.db: the audit log does not verify \(.*\); not upgraded'
cmp -s s.db bad.db || fail "a refused upgrade changed the store"
expect_eq 1 "$(sqlite3 s.db 'PRAGMA user_version')"
