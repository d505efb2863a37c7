#!/usr/bin/env python3
# fmdowngrade.py — turn a frmatch store into the schema 1 layout that
# frmatch wrote before person rows were authenticated (no persons.mac, no
# meta "state", the audit head as HMAC(audit key, "SEQ:HASH") in meta
# "audit_head"), for the upgrade tests.
#   fmdowngrade.py STORE KEYFILE
import hashlib
import hmac
import sqlite3
import sys

store, keyfile = sys.argv[1], sys.argv[2]
master = bytes.fromhex(open(keyfile).read().strip())
audit_key = hmac.new(master, b"frmatch audit v1\x01", hashlib.sha256).digest()
c = sqlite3.connect(store)
c.execute("ALTER TABLE persons DROP COLUMN mac")
c.execute("DELETE FROM meta WHERE k = 'state'")
last = c.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
if last is not None:
    head = hmac.new(audit_key, ("%d:%s" % last).encode(), hashlib.sha256).hexdigest()
    c.execute("INSERT OR REPLACE INTO meta(k, v) VALUES ('audit_head', ?)", (head,))
c.execute("PRAGMA user_version = 1")
c.commit()
