#!/bin/sh
# A corrupt ledger, an SQLite file of another application and a ledger of
# a newer schema are refused with one line, exit 3, and left untouched.
. "$(dirname "$0")/lib.sh"

FRFILE_TODAY=2025-08-01
export FRFILE_TODAY

untouched() {	# untouched FILE COPY
	cmp -s "$1" "$2" || fail "$1 was modified"
}
refused() {	# refused FILE ERE: every ledger command refuses it
	cp "$1" "$T/before"
	expect_exit 3 "$FRFILE" record 5 --date 2025-06-01 --ledger "$1"
	expect_lines "$T/err" 1
	expect_match "$T/err" "$2"
	expect_exit 3 "$FRFILE" event completed --date 2025-06-01 --ledger "$1"
	expect_match "$T/err" "$2"
	expect_exit 3 "$FRFILE" ledger --ledger "$1"
	expect_lines "$T/err" 1
	expect_match "$T/err" "$2"
	expect_exit 3 "$FRFILE" check --ledger "$1"
	expect_lines "$T/out" 1
	expect_match "$T/out" "^FRFILE UNKNOWN: .*$2"
	untouched "$1" "$T/before"
}

head -c 3000 /dev/urandom >"$T/random.db"
printf 'date,count\n2025-06-01,5\n' >"$T/text.db"
refused "$T/random.db" 'not a frfile ledger: the file is not an SQLite database'
refused "$T/text.db" 'not a frfile ledger: the file is not an SQLite database'

sqlite3 "$T/other.db" 'CREATE TABLE t (x); INSERT INTO t VALUES (1);'
refused "$T/other.db" 'not a frfile ledger: an SQLite database of another application'

expect_exit 0 "$FRFILE" record 5 --date 2025-06-01 --ledger "$T/newer.db"
sqlite3 "$T/newer.db" 'PRAGMA user_version = 9;'
refused "$T/newer.db" 'schema version 9, written by a newer frfile'

# A ledger truncated in the middle (a damaged disk, not a killed process:
# SQLite's journal protects against that).
expect_exit 0 "$FRFILE" record 5 --date 2025-06-01 --ledger "$T/trunc.db"
i=0
while [ $i -lt 60 ]; do
	"$FRFILE" event submitted --date 2025-06-02 --note "$(head -c 300 /dev/zero | tr '\0' x)" --ledger "$T/trunc.db" >/dev/null || fail "event $i"
	i=$((i + 1))
done
head -c 9000 "$T/trunc.db" >"$T/trunc2.db"
expect_exit 3 "$FRFILE" ledger --ledger "$T/trunc2.db"
expect_lines "$T/err" 1
expect_match "$T/err" 'corrupt|not a frfile ledger'

# A directory, an unreadable file.
expect_exit 3 "$FRFILE" ledger --ledger "$T"
expect_match "$T/err" 'not a regular file'
exit 0
