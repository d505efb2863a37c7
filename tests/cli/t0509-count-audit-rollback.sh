#!/bin/sh
# Issue 15 item 2, the ledger's part: rolling a device's store back (an
# older copy of the file put in place) cannot be seen from inside it. The
# facts carry protection.audit_log.head and .entries; count --record
# keeps them per store in the ledger, and a store whose log went back
# (fewer entries than last time, or as many under another head) is a
# warning from count and at least WARNING from check. Facts without
# those keys (an older frmatch) are counted as before.
. "$(dirname "$0")/lib.sh"

FRFILE_LEDGER=$T/ledger.db
export FRFILE_LEDGER
facts() {	# facts FILE STORE DEVICE ENTRIES HEAD (HEAD "-": no audit keys)
	python3 - "$@" <<'PY'
import json, sys
path, store, dev, entries, head = sys.argv[1:]
audit = {"enabled": True, "entries": int(entries), "chain_verified": True}
if head != "-":
    audit["head"] = head
d = {"schema": "frmatch-facts/1", "store_id": store, "device": dev,
     "individuals": 3, "protection": {"audit_log": audit},
     "keys": {"algorithm": "HMAC-SHA256", "secret_id": "00112233445566aa",
              "persons": [{"key": "%064x" % (i + (0 if dev == "gate-01" else 2)),
                           "from": "2025-01-01", "until": None} for i in range(3)]}}
json.dump(d, open(path, "w"))
PY
}
A=$(printf 'a%.0s' $(seq 64)); B=$(printf 'b%.0s' $(seq 64)); C=$(printf 'c%.0s' $(seq 64))
S1=11111111111111111111111111111111
S2=22222222222222222222222222222222
count() {	# count DAY: both devices' facts, recorded
	expect_exit 0 "$FRFILE" count "$T/g1.json" "$T/g2.json" --record --today "$1"
}

facts "$T/g1.json" $S1 gate-01 40 "$A"
facts "$T/g2.json" $S2 gate-02 7 -	# an older frmatch: no head
count 2025-08-01
expect_no_match "$T/err" 'warning'
expect_exit 0 "$FRFILE" ledger --today 2025-08-01 --json
expect_eq 1 "$(jv "$T/out" '.device_audit|length')" "one device with a head"
expect_eq "$S1 gate-01 40 $A" "$(json_get "$T/out" "' '.join(str(d['device_audit'][0][k]) for k in ('store_id', 'device', 'entries', 'head'))")" "kept"

# The log grew: fine.
facts "$T/g1.json" $S1 gate-01 45 "$B"
count 2025-08-02
expect_no_match "$T/err" 'warning'
expect_exit 0 "$FRFILE" check --today 2025-08-02

# The attack: yesterday's copy of the store put back (fewer entries).
facts "$T/g1.json" $S1 gate-01 40 "$A"
count 2025-08-03
expect_lines "$T/err" 1
expect_match "$T/err" "^frfile: count: warning: device gate-01 \\(store 1111111111111111\\): its audit log went back: 40 entries now, 45 when counted on 2025-08-02; the store was rolled back or replaced$"
expect_exit 1 "$FRFILE" check --today 2025-08-03
expect_match "$T/out" "^FRFILE WARNING: .*; 1 device's audit log went back: gate-01 \\(store 1111111111111111\\) had 45 entries on 2025-08-02 and 40 on 2025-08-03 \\(the store was rolled back or replaced\\)"
expect_exit 1 "$FRFILE" check --today 2025-08-03 --json
expect_eq 1 "$(jv "$T/out" '.devices_rolled_back')" "json"

# As many entries under another head: replaced, also reported.
facts "$T/g1.json" $S1 gate-01 40 "$C"
count 2025-08-04
expect_match "$T/err" 'its audit log went back: 40 entries under another head now, 40 when counted on 2025-08-03'
expect_exit 1 "$FRFILE" check --today 2025-08-04
expect_match "$T/out" 'and 40 under another head on 2025-08-04'

# A malformed head is named and not kept; the count still stands.
facts "$T/g1.json" $S1 gate-01 41 "xyz"
count 2025-08-05
expect_match "$T/err" 'protection.audit_log: head or entries is not a 64-hex-digit hash with a whole count: not kept'
expect_exit 0 "$FRFILE" ledger --today 2025-08-05 --json
expect_eq 4 "$(jv "$T/out" '.device_audit|length')" "malformed not kept"
expect_eq 5 "$(jv "$T/out" '.observations|length')" "counts kept"
exit 0
