#!/bin/sh
# A ledger written before rows were chained (schema 1) is refused by every
# command with one line naming `frfile ledger upgrade`; the upgrade chains
# it once, in one transaction, keeping every row, and makes its key.
. "$(dirname "$0")/lib.sh"

command -v sqlite3 >/dev/null || fail "sqlite3 is not installed"
L=$T/old.db
FRFILE_TODAY=2025-07-03
export FRFILE_TODAY
# The schema 1 ledger, as frfile wrote it before.
sqlite3 "$L" "CREATE TABLE observations ( id INTEGER PRIMARY KEY, date TEXT NOT NULL, individuals INTEGER NOT NULL CHECK (individuals >= 0), source TEXT, partial INTEGER NOT NULL DEFAULT 0 CHECK (partial IN (0, 1)), crossing_date TEXT, recorded_at TEXT NOT NULL);
CREATE INDEX observations_date ON observations (date, id);
CREATE TABLE events ( id INTEGER PRIMARY KEY, kind TEXT NOT NULL CHECK (kind IN ('submitted', 'returned', 'completed', 'failed', 'changed', 'terminated')), date TEXT NOT NULL, note TEXT, recorded_at TEXT NOT NULL);
CREATE TABLE state ( key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at TEXT NOT NULL);
INSERT INTO observations VALUES (1, '2025-06-09', 99000, 'nightly', 0, NULL, '2025-06-09T06:15:00+08:00');
INSERT INTO observations VALUES (2, '2025-06-10', 100230, 'nightly', 0, NULL, '2025-06-10T06:15:00+08:00');
INSERT INTO events VALUES (1, 'submitted', '2025-07-01', 'portal', '2025-07-01T10:00:00+08:00');
INSERT INTO state VALUES ('notify:0123456789abcdef', 'WARNING', '2025-06-10T06:16:00+08:00');
PRAGMA application_id = 1179798599; PRAGMA user_version = 1;" || fail "old ledger"
chmod 600 "$L"
cp "$L" "$T/before.db"

refusal="schema version 1, whose rows are not chained: upgrade it once with 'frfile ledger upgrade --ledger $L'"
expect_exit 3 "$FRFILE" check --ledger "$L"
expect_lines "$T/out" 1
expect_match "$T/out" "^FRFILE UNKNOWN: .*$refusal"
for cmd in "ledger" "record 5" "event completed"; do
	# shellcheck disable=SC2086
	expect_exit 3 "$FRFILE" $cmd --ledger "$L"
	expect_lines "$T/err" 1
	expect_match "$T/err" "$refusal"
done
cmp -s "$L" "$T/before.db" || fail "a refused ledger was modified"
test -e "$L.key" && fail "a key was made before the upgrade"

expect_exit 0 "$FRFILE" ledger upgrade --ledger "$L"
expect_match "$T/out" "^upgraded $L to schema 2: 3 rows chained, key in $L.key"
expect_file_mode "$L.key" 600
expect_eq 2 "$(sqlite3 "$L" 'PRAGMA user_version;')" "schema"
expect_exit 0 "$FRFILE" ledger --ledger "$L" --json
expect_eq 3 "$(jv "$T/out" '.chain.entries')" "chained"
expect_eq "[99000, 100230]" "$(json_get "$T/out" "[o['individuals'] for o in d['observations']]")" "rows kept"
expect_json "$T/out" '.observations[1].source, .observations[1].recorded_at,
    .events[0].note' <<'EOF'
nightly
2025-06-10T06:15:00+08:00
portal
EOF
expect_eq WARNING "$(sqlite3 "$L" "SELECT value FROM state WHERE key = 'notify:0123456789abcdef';")" "state kept"
expect_exit 0 "$FRFILE" check --ledger "$L" --max-age 30
expect_match "$T/out" '^FRFILE OK: filing submitted on 2025-07-01'
# And it is chained: an edit now shows.
sqlite3 "$L" "UPDATE observations SET individuals = 90000 WHERE id = 2;"
expect_exit 2 "$FRFILE" check --ledger "$L"
expect_match "$T/out" 'observations row 2 .*does not match its hash'
sqlite3 "$L" "UPDATE observations SET individuals = 100230 WHERE id = 2;"
expect_exit 0 "$FRFILE" record 100300 --date 2025-07-03 --ledger "$L"

# Once is enough.
expect_exit 3 "$FRFILE" ledger upgrade --ledger "$L"
expect_match "$T/err" 'already has schema version 2: nothing to upgrade'
# Not a ledger, no ledger.
expect_exit 3 "$FRFILE" ledger upgrade --ledger "$T/none.db"
expect_match "$T/err" 'no ledger here'
exit 0
