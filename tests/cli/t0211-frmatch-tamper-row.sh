#!/bin/sh
# A template or person record copied onto another row, or flipped bits,
# fail authentication with an error naming the row: never garbage scores.
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 1
G="python3 $top/tests/cli/fmtmpl.py"

expect_exit 0 "$FRMATCH" init s.db --dim 64
for i in 1 2 3; do
	$G p$i.json 64 $i
	expect_exit 0 "$FRMATCH" enroll s.db --person P$i --template p$i.json
done
cp s.db orig.db

# Copy row 1's sealed template onto row 2.
sqlite3 s.db "UPDATE templates SET sealed = (SELECT sealed FROM templates WHERE id = 1) WHERE id = 2"
expect_exit 3 "$FRMATCH" identify s.db --probe p1.json
expect_lines "$T/err" 1
expect_match "$T/err" 's\.db: template row 2 fails authentication'
expect_exit 3 "$FRMATCH" verify s.db --person P2 --probe p2.json
expect_match "$T/err" 'template row 2 fails authentication'

# A flipped bit.
cp orig.db s.db
python3 -c "
import sqlite3; c = sqlite3.connect('s.db'); b = bytearray(c.execute('SELECT sealed FROM templates WHERE id=3').fetchone()[0]); b[40] ^= 1
c.execute('UPDATE templates SET sealed=? WHERE id=3', (bytes(b),)); c.commit()"
expect_exit 3 "$FRMATCH" identify s.db --probe p1.json
expect_match "$T/err" 'template row 3 fails authentication'

# Swap two persons' sealed ids: the names would be swapped, but fail.
cp orig.db s.db
sqlite3 s.db "UPDATE persons SET info = (SELECT info FROM persons WHERE id = 1) WHERE id = 3"
printf 'org-secret-0123456789abcdef' >org
chmod 600 org
expect_exit 3 "$FRMATCH" facts s.db --json --with-keys --org-secret-file org
# The row's MAC covers the sealed id: named before decryption is tried.
expect_match "$T/err" 'person row 3 was altered outside frmatch'

# Another store's row, even with the right key for that store, fails.
expect_exit 0 "$FRMATCH" init t.db --dim 64
expect_exit 0 "$FRMATCH" enroll t.db --person Q --template p1.json
cp orig.db s.db
sqlite3 s.db "ATTACH 't.db' AS t; UPDATE templates SET sealed = (SELECT sealed FROM t.templates WHERE id = 1) WHERE id = 1"
expect_exit 3 "$FRMATCH" identify s.db --probe p1.json
expect_match "$T/err" 'template row 1 fails authentication'
