#!/bin/sh
# Issue 15 item 9: the ledger edited with sqlite3 alone. Each attack (an
# inserted "submitted" that never happened, an edited count, a deleted
# row, the latest rows cut off, a forged head, the key taken away, a
# downgrade to schema 1) is a named error in `ledger`, and `check` never
# says OK on the tampered file: CRITICAL, or UNKNOWN without the key.
. "$(dirname "$0")/lib.sh"

command -v sqlite3 >/dev/null || fail "sqlite3 is not installed"
L=$T/ledger.db
FRFILE_TODAY=2025-06-12
export FRFILE_TODAY
rec() { "$FRFILE" record "$1" --date "$2" --ledger "$L" >/dev/null || fail "record $*"; }
rec 99000 2025-06-09
rec 100000 2025-06-10
rec 100200 2025-06-11
"$FRFILE" event returned --date 2025-06-11 --ledger "$L" >/dev/null || fail event
expect_file_mode "$L.key" 600
expect_match "$L.key" '^[0-9a-f]{64}$'
expect_exit 0 "$FRFILE" ledger --ledger "$L" --json
expect_eq 4 "$(jv "$T/out" '.chain.entries')" "chain entries"
# Honest: a supplement is due (WARNING).
expect_exit 1 "$FRFILE" check --ledger "$L"
expect_match "$T/out" '^FRFILE WARNING: supplement due'
cp "$L" "$T/good.db"

attack() {	# attack NAME SQL ERE: the check is CRITICAL, ledger exit 3
	cp "$T/good.db" "$L"
	sqlite3 "$L" "$2" || fail "$1: sqlite3"
	expect_exit 2 "$FRFILE" check --ledger "$L"
	expect_lines "$T/out" 1
	expect_match "$T/out" "^FRFILE CRITICAL: $L: .*$3"
	expect_exit 2 "$FRFILE" check --ledger "$L" --json
	expect_eq true "$(jv "$T/out" '.tampered')" "$1: json"
	expect_exit 3 "$FRFILE" ledger --ledger "$L"
	expect_lines "$T/err" 1
	expect_match "$T/err" "$3"
	# Nothing is added on top of a tampered ledger either.
	expect_exit 3 "$FRFILE" event completed --date 2025-06-12 --ledger "$L"
	expect_match "$T/err" 'outside frfile'
}
# The attack of the issue: a "submitted" that never happened, with a
# place and a hash (the columns are NOT NULL) made up.
attack "inserted event" "INSERT INTO events (kind, date, note, recorded_at, seq, hash) VALUES ('submitted', '2025-06-12', NULL, '2025-06-12T09:00:00+08:00', 5, 'x');" \
    'events row 2 \(place 5 in the chain\) does not match its hash: the row was inserted or edited outside frfile'
# The same, written as the chain would want it but without the key.
attack "inserted, head moved" "INSERT INTO events (kind, date, recorded_at, seq, hash) VALUES ('submitted', '2025-06-12', 'x', 5, 'y'); UPDATE chain_head SET seq = 5;" \
    'does not match its hash'
attack "edited count" "UPDATE observations SET individuals = 90000 WHERE id = 2;" \
    'observations row 2 \(place 2 in the chain\) does not match its hash'
attack "edited date" "UPDATE events SET date = '2025-07-30' WHERE id = 1;" \
    'events row 1 \(place 4 in the chain\) does not match its hash'
attack "deleted row" "DELETE FROM observations WHERE id = 2;" \
    'observations row 3 has place 3 in the chain where 2 was expected: a row was deleted outside frfile'
attack "latest row cut" "DELETE FROM events;" \
    'the chain holds 3 rows but its authenticated head says 4: the latest rows were deleted outside frfile'
attack "head forged" "DELETE FROM events; UPDATE chain_head SET seq = 3, hash = (SELECT hash FROM observations WHERE seq = 3);" \
    "the ledger's chain head is not authenticated by its key"
attack "head removed" "DELETE FROM chain_head;" \
    "the ledger's chain head is missing"

# Without its key the ledger cannot be verified: never OK (UNKNOWN).
cp "$T/good.db" "$L"
mv "$L.key" "$T/key.saved"
expect_exit 3 "$FRFILE" check --ledger "$L"
expect_match "$T/out" "^FRFILE UNKNOWN: .*the ledger's key cannot be read .*No such file"
expect_exit 3 "$FRFILE" record 5 --ledger "$L"
expect_match "$T/err" "the ledger's key cannot be read"
mv "$T/key.saved" "$L.key"
chmod 644 "$L.key"
expect_exit 3 "$FRFILE" ledger --ledger "$L"
expect_match "$T/err" 'readable or writable by group or others'
chmod 600 "$L.key"
expect_exit 1 "$FRFILE" check --ledger "$L"

# A downgrade: schema 1 claimed, to be re-chained by an upgrade with
# forged rows. Refused, and the upgrade refuses too.
sqlite3 "$L" 'PRAGMA user_version = 1;'
expect_exit 3 "$FRFILE" check --ledger "$L"
expect_match "$T/out" "schema version 1, whose rows are not chained: upgrade it once with 'frfile ledger upgrade --ledger $L'"
expect_exit 3 "$FRFILE" ledger upgrade --ledger "$L"
expect_lines "$T/err" 1
expect_match "$T/err" 'says schema version 1 but its key file is there: it was chained before and turned back outside frfile'
exit 0
