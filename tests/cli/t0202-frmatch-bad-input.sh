#!/bin/sh
# Bad input (issue 3's list): wrong dimension, NaN/Inf, a truncated file,
# a duplicate person, an unknown person, a newer store, a missing or
# world-readable key: one clear line each, non-zero exit, store unchanged.
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 1
G="python3 $top/tests/cli/fmtmpl.py"

expect_exit 0 "$FRMATCH" init s.db --dim 64
$G a.json 64 1
$G b.f32 64 2 - raw
expect_exit 0 "$FRMATCH" enroll s.db --person alice --template a.json
sum() { sha256sum s.db | cut -d' ' -f1; }
before=$(sum)

# bad CMD...: exit 3, exactly one line naming FILE and what is wrong.
bad() {
	pat=$1
	shift
	expect_exit 3 "$FRMATCH" "$@"
	expect_lines "$T/err" 1
	expect_match "$T/err" "$pat"
	[ "$(sum)" = "$before" ] || fail "store changed by: $*"
	[ ! -e s.db-journal ] || fail "journal left behind by: $*"
}

$G d65.json 65 3
bad 'd65\.json: template has 65 values, the store.s dimension is 64' \
	enroll s.db --person x --template d65.json
$G d128.f32 128 3 - raw
bad 'd128\.f32: template has 128 float32 values, the store.s dimension is 64' \
	enroll s.db --person x --template d128.f32
head -c 100 b.f32 >trunc.f32
bad 'trunc\.f32: truncated template: 100 bytes, expected 256' \
	enroll s.db --person x --template trunc.f32
head -c 255 b.f32 >odd.f32
bad 'odd\.f32: truncated template: 255 bytes' enroll s.db --person x --template odd.f32
python3 -c "import struct; open('nan.f32','wb').write(struct.pack('<64f', *([1.0]*10 + [float('nan')] + [1.0]*53)))"
bad 'nan\.f32: element 10 is NaN' enroll s.db --person x --template nan.f32
python3 -c "import struct; open('inf.f32','wb').write(struct.pack('<64f', *([1.0]*63 + [float('-inf')])))"
bad 'inf\.f32: element 63 is infinite' enroll s.db --person x --template inf.f32
python3 -c "print('[' + ','.join(['1e999'] + ['0.5']*63) + ']')" >inf.json
bad 'inf\.json: element 0 is not a finite float32' enroll s.db --person x --template inf.json
python3 -c "print('[' + ','.join(['0']*64) + ']')" >zero.json
bad 'zero\.json: the template is all zeros' enroll s.db --person x --template zero.json
python3 -c "print('[' + ','.join(['\"a\"'] + ['0.5']*63) + ']')" >str.json
bad 'str\.json: element 0 is not a number' enroll s.db --person x --template str.json
: >empty.f32
bad 'empty\.f32: empty template' enroll s.db --person x --template empty.f32
bad 'nosuch\.f32: no such file' enroll s.db --person x --template nosuch.f32
bad 'person already enrolled' enroll s.db --person alice --template b.f32
bad 'unknown person' enroll s.db --person zed --template b.f32 --add-template
bad 'trunc\.f32: truncated template' identify s.db --probe trunc.f32

# Usage errors: exit 2.
expect_exit 2 "$FRMATCH" enroll s.db --person alice
expect_exit 2 "$FRMATCH" enroll s.db --person x --template b.f32 --date 2025-02-30
expect_exit 2 "$FRMATCH" enroll s.db --person x --template b.f32 --date 2999-01-01
expect_match "$T/err" 'is after today'
expect_exit 2 "$FRMATCH" enroll s.db --person x --template b.f32 --guardian-consent G
expect_exit 2 "$FRMATCH" enroll s.db --person '' --template b.f32
[ "$(sum)" = "$before" ] || fail "store changed by usage errors"

# Key problems.
chmod 604 s.db.key
bad 's\.db\.key: readable or writable by group or others' facts s.db
chmod 600 s.db.key
mv s.db.key k
bad 's\.db\.key: cannot open' enroll s.db --person y --template b.f32
mv k s.db.key

# A store from a newer frmatch.
cp s.db new.db
cp s.db.key new.db.key
sqlite3 new.db 'PRAGMA user_version = 3'
expect_exit 3 "$FRMATCH" enroll new.db --person y --template b.f32
expect_lines "$T/err" 1
expect_match "$T/err" 'new\.db: store schema version 3 is newer than this frmatch supports \(2\)'

expect_exit 0 "$FRMATCH" facts s.db --json
expect_eq 1 "$(jv "$T/out" '.individuals')"
expect_eq 1 "$(jv "$T/out" '.templates')"
