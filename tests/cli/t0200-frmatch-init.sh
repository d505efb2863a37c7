#!/bin/sh
# frmatch init creates the store and its key file 0600, refuses to
# overwrite, refuses a bad dimension, and a key file readable by others
# or the wrong key is refused with one line.
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 1

expect_exit 0 "$FRMATCH" init s.db --dim 128 --device gate-01
expect_file_mode s.db 600
expect_file_mode s.db.key 600
expect_match "$T/out" 'key file s\.db\.key'

expect_exit 3 "$FRMATCH" init s.db --dim 128
expect_match "$T/err" '^frmatch: init: s\.db: cannot create store'
expect_exit 2 "$FRMATCH" init t.db --dim 63
expect_match "$T/err" '^frmatch: init: --dim: expected a whole number from 64 to 2048'
expect_exit 2 "$FRMATCH" init t.db --dim 2049
expect_exit 2 "$FRMATCH" init t.db
expect_match "$T/err" '--dim is required'
[ -e t.db ] && fail "t.db created despite the error"

# A separate key path.
expect_exit 0 "$FRMATCH" init u.db --dim 64 --key u.key --json
expect_eq 64 "$(jv "$T/out" '.dimension')"
expect_file_mode u.key 600
expect_exit 0 "$FRMATCH" facts u.db --key u.key

# Key readable by group or others: refused, naming the file.
chmod 644 s.db.key
expect_exit 3 "$FRMATCH" facts s.db
expect_lines "$T/err" 1
expect_match "$T/err" 's\.db\.key: readable or writable by group or others \(mode 0644\)'
chmod 600 s.db.key

# Missing key file.
expect_exit 3 "$FRMATCH" facts s.db --key nope.key
expect_match "$T/err" 'nope\.key: cannot open'

# The wrong key (another store's).
expect_exit 3 "$FRMATCH" facts s.db --key u.key
expect_lines "$T/err" 1
expect_match "$T/err" 'wrong key for store s\.db'

# Not a store at all.
echo hello >x.db
expect_exit 3 "$FRMATCH" facts x.db --key u.key
expect_match "$T/err" 'not a frmatch store'
expect_exit 3 "$FRMATCH" facts missing.db
expect_match "$T/err" 'no such store'
