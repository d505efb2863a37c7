#!/bin/sh
# delete (consent withdrawn) and purge (retention) remove templates,
# overwrite the freed space, keep a tombstone for the counts, and show
# in the facts' history and keys.
. "$(dirname "$0")/lib.sh"
cd "$T" || exit 1
G="python3 $top/tests/cli/fmtmpl.py"

expect_exit 0 "$FRMATCH" init s.db --dim 64 --retention-days 100
$G a.json 64 1
$G b.json 64 2
$G c.json 64 3
expect_exit 0 "$FRMATCH" enroll s.db --person A --template a.json --date 2025-01-01
expect_exit 0 "$FRMATCH" enroll s.db --person B --template b.json --date 2025-01-01 --retention-days 30
expect_exit 0 "$FRMATCH" enroll s.db --person C --template c.json --date 2025-01-03 --retention-days 1000
expect_exit 0 "$FRMATCH" enroll s.db --person C --template a.json --add-template
# The sealed bytes of B's template, to look for after deletion.
blob=$(sqlite3 s.db "SELECT hex(substr(sealed, 20, 24)) FROM templates WHERE person = 2")
[ -n "$blob" ] || fail "no blob"

expect_exit 0 "$FRMATCH" delete s.db --person B --today 2025-01-10 --json
expect_eq 1 "$(jv "$T/out" '.templates')"
expect_eq true "$(jv "$T/out" '.vacuumed')"
python3 -c "import sys; d=open('s.db','rb').read(); sys.exit(1 if bytes.fromhex(sys.argv[1]) in d else 0)" "$blob" ||
	fail "deleted template bytes still in the file"
expect_exit 3 "$FRMATCH" verify s.db --person B --probe b.json
expect_match "$T/err" 'unknown person'

# Retention: A's deadline is 2025-04-11 (enrolled + 100 days).
expect_exit 0 "$FRMATCH" facts s.db --json --today 2025-04-11
expect_eq 1 "$(jv "$T/out" '.expired_pending_purge')"
expect_exit 0 "$FRMATCH" purge s.db --today 2025-04-10 --json
expect_eq 0 "$(jv "$T/out" '.persons')"
expect_exit 0 "$FRMATCH" purge s.db --today 2025-04-11
expect_match "$T/out" '^purged 1 person \(1 template\) whose retention deadline is on or before 2025-04-11$'

printf 'organisation-secret-for-tests\n' >org
chmod 600 org
expect_exit 0 "$FRMATCH" facts s.db --json --with-keys --org-secret-file org --today 2025-05-01
expect_json "$T/out" '.individuals, .templates, .expired_pending_purge,
    .deleted_on_withdrawal, .deleted_on_retention' <<'EOF'
1
2
0
1
1
EOF
expect_eq '[["2025-01-01", 2], ["2025-01-03", 3], ["2025-01-10", 2], ["2025-04-11", 1]]' \
	"$(json_get "$T/out" "[[h['date'], h['individuals']] for h in d['history']]")"
python3 - "$T/out" <<'PY' || fail "keys are wrong"
import hashlib, hmac, json, sys
d = json.load(open(sys.argv[1]))
k = lambda p: hmac.new(b"organisation-secret-for-tests", p.encode(), hashlib.sha256).hexdigest()
got = sorted((p["key"], p["from"], p["until"]) for p in d["keys"]["persons"])
want = sorted([(k("A"), "2025-01-01", "2025-04-11"), (k("B"), "2025-01-01", "2025-01-10"),
               (k("C"), "2025-01-03", None)])
assert got == want, (got, want)
assert d["keys"]["secret_id"] == hashlib.sha256(b"organisation-secret-for-tests").hexdigest()[:16]
PY
# Deleted people can enrol again: a new interval.
expect_exit 0 "$FRMATCH" enroll s.db --person B --template b.json --date 2025-02-01
expect_exit 0 "$FRMATCH" facts s.db --json --with-keys --org-secret-file org
expect_eq 4 "$(jv "$T/out" '.keys.persons|length')"
expect_exit 0 "$FRMATCH" audit s.db
expect_match "$T/out" '	delete	[0-9a-f]{16}	ok, 1 template removed$'
expect_match "$T/out" '	purge	-	ok, 1 person, 1 template$'
expect_exit 0 "$FRMATCH" audit s.db --verify
