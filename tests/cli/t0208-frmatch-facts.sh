#!/bin/sh
# facts --json follows docs/facts.md: every documented key with its type,
# CST timestamps, no id or template; --with-keys needs a private secret.
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 1
G="python3 $top/tests/cli/fmtmpl.py"

expect_exit 0 "$FRMATCH" init s.db --dim 64 --device gate-07
expect_exit 0 "$FRMATCH" facts s.db --json
expect_eq "true null" "$(jv "$T/out" '"\(has("oldest_enrolment")) \(.oldest_enrolment)"')"
expect_eq '[]' "$(jv "$T/out" '.history')"
$G a.json 64 1
expect_exit 0 "$FRMATCH" enroll s.db --person SECRET-ID-1 --template a.json --date 2025-03-04 --consent CREF-1
expect_exit 0 "$FRMATCH" facts s.db --json
cp "$T/out" facts.json
python3 - facts.json <<'PY' || fail "facts do not follow docs/facts.md"
import json, re, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == "frmatch-facts/1"
assert re.fullmatch(r"[0-9a-f]{32}", d["store_id"])
assert d["device"] == "gate-07"
assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00", d["generated_at"])
for k in ("dimension", "individuals", "templates", "minors_under_14",
          "minors_without_guardian_consent", "expired_pending_purge"):
    assert isinstance(d[k], int), k
assert d["dimension"] == 64 and d["individuals"] == 1 and d["templates"] == 1
assert d["oldest_enrolment"] == d["newest_enrolment"] == "2025-03-04"
assert d["raw_images_stored"] is False
assert d["history"] == [{"date": "2025-03-04", "individuals": 1}]
p = d["protection"]
assert p["encryption"]["algorithm"] == "AES-256-GCM"
assert p["encryption"]["scope"] == "templates and person ids"
assert p["encryption"]["key_storage"] == "separate key file, mode 0600"
for k in ("access_control", "authorization_management", "intrusion_detection",
          "intrusion_prevention"):
    assert isinstance(p[k], dict), k
assert p["audit_log"] == {**p["audit_log"], "enabled": True, "entries": 1, "chain_verified": True}
assert p["external_transmission"] == "none"
assert p["retention"]["default_days"] == 365 and p["retention"]["policy"]
assert "keys" not in d
PY
expect_no_match facts.json 'SECRET-ID|CREF'

# Text form.
expect_exit 0 "$FRMATCH" facts s.db
expect_match "$T/out" '^individuals 1, templates 1$'
expect_match "$T/out" 'chain verified'

# --with-keys: secret file rules.
printf 'short' >org
chmod 600 org
expect_exit 3 "$FRMATCH" facts s.db --json --with-keys --org-secret-file org
expect_match "$T/err" 'org: expected 16 to 4096 bytes of secret, found 5'
printf 'a-long-enough-organisation-secret\r\n' >org
chmod 640 org
expect_exit 3 "$FRMATCH" facts s.db --json --with-keys --org-secret-file org
expect_match "$T/err" 'org: readable or writable by group or others'
chmod 600 org
expect_exit 2 "$FRMATCH" facts s.db --json --with-keys
expect_match "$T/err" '--with-keys needs --org-secret-file'
expect_exit 0 "$FRMATCH" facts s.db --json --with-keys --org-secret-file org
want=$(python3 -c "import hmac,hashlib; print(hmac.new(b'a-long-enough-organisation-secret', b'SECRET-ID-1', hashlib.sha256).hexdigest())")
expect_eq "$want" "$(jv "$T/out" '.keys.persons[0].key')"
expect_eq HMAC-SHA256 "$(jv "$T/out" '.keys.algorithm')"
expect_no_match "$T/out" 'SECRET-ID'

# Reproducible with SOURCE_DATE_EPOCH.
SOURCE_DATE_EPOCH=1700000000 "$FRMATCH" facts s.db --json >f1 || fail "facts"
expect_match f1 '"generated_at":[[:space:]]*"2023-11-15T06:13:20\+08:00"'
