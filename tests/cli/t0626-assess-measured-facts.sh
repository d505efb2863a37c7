#!/bin/sh
# Art. 14, measured facts beat declarations: frmatch facts reports what it
# can measure (file modes and owners, the key kept apart, the audit chain
# verified now, whether serve is configured or running and how exposed)
# and assess judges those values. Each step changes one measured property
# and watches its rule change, whatever the sample filing declares (all
# six measures declared with their documents).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/assess-lib.sh"
cd "$T" || exit 1
G="python3 $top/tests/cli/fmtmpl.py"
mkdir keys
expect_exit 0 "$FRMATCH" init s.db --dim 64 --device gate-hq-01 --key keys/s.key
$G a.json 64 1
expect_exit 0 "$FRMATCH" enroll s.db --key keys/s.key --person P-1 \
    --template a.json --date 2025-03-04 --consent C-1

# check ID REASON WHAT: facts now, then the rule's reason in assess.
check() {
	"$FRMATCH" facts s.db --key keys/s.key --json >facts.json 2>ferr ||
	    { cat ferr; fail "$3: facts failed"; }
	"$FRFILE" assess "$SAMPLES/filing.json" --today $TODAY --json \
	    --facts facts.json >out.json 2>"$T/err"
	expect_eq "$2" "$(jv out.json 'first(.rules[] | select(.id == $id) | .reason)' --arg id "$1")" "$3"
}
m() { jv facts.json ".protection.measured$1"; }

# Clean store, key in its own directory: every measured rule passes.
check art14.access_control documented "clean store"
expect_eq 0600 "$(m .store_file.mode)"
expect_eq true "$(m .key_file.separate_directory)"
expect_eq true "$(m .audit_chain_verified)"
expect_eq false "$(m .serve.configured)"
check art14.encryption documented "key kept apart"
check art14.intrusion_prevention documented "no service"

# The store file opened to others: access control fails.
chmod 644 s.db
check art14.access_control measured_defect "store 0644"
expect_eq false "$(m .store_file.private)"
jv out.json 'first(.rules[] | select(.id == "art14.access_control") | .detail.en)'  >say
expect_match say 'can be read by other users \(mode 0644\)'
frmatch_text() { "$FRMATCH" facts s.db --key keys/s.key >text.out; }
frmatch_text
expect_match text.out 'store file mode 0644 \(OPEN TO OTHERS\)'
chmod 600 s.db
check art14.access_control documented "store 0600 again"

# The store owned by another user (not the runner, not root).
if [ "$(id -u)" = 0 ]; then
	chown 65534 s.db
	check art14.access_control measured_defect "store owned by nobody"
	expect_eq false "$(m .store_file.owner_ok)"
	chown 0 s.db
	check art14.access_control documented "store owned by root"
fi

# The key beside the store: encrypted, but not kept apart: review.
cp keys/s.key s.db.key
chmod 600 s.db.key
"$FRMATCH" facts s.db --json >facts.json || fail "facts with the default key"
"$FRFILE" assess "$SAMPLES/filing.json" --today $TODAY --json \
    --facts facts.json >out.json
expect_eq key_beside_store "$(jv out.json 'first(.rules[] | select(.id == "art14.encryption") | .reason)')"
expect_eq false "$(m .key_file.separate_directory)"
rm s.db.key

# The audit chain broken now: security audit fails.
cp s.db good.db
sqlite3 s.db "DROP TRIGGER audit_no_update; UPDATE audit SET operator = 'mallory' WHERE seq = 1"
check art14.security_audit measured_defect "audit chain broken"
expect_eq false "$(m .audit_chain_verified)"
mv good.db s.db
check art14.security_audit documented "audit chain intact"

# serve running on loopback: measured, and in force.
printf 'token-0123456789abcdef' >token
chmod 600 token
"$FRMATCH" serve s.db --key keys/s.key --listen 127.0.0.1:0 \
    --token-file token --timeout 2 2>log &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$T"' EXIT
i=0
while ! grep -q 'listening on' log && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
grep -q 'listening on' log || { cat log; fail "server did not start"; }
check art14.intrusion_prevention documented "served on loopback"
expect_eq true "$(m .serve.running)"
expect_eq true "$(m .serve.loopback)"
expect_eq true "$(m .serve.token)"
expect_file_mode s.db.serve 600
kill $pid
wait $pid 2>/dev/null
[ -e s.db.serve ] && fail "serve left its state file"
check art14.intrusion_prevention documented "service stopped"
expect_eq false "$(m .serve.configured)"

# A service configured on a non-loopback address without TLS (the state
# serve records with --allow-remote; written here, as tests listen on
# loopback only): intrusion prevention fails whatever is declared.
printf '{"pid":%d,"listen":"0.0.0.0:8765","loopback":false,"tls":false,"token":true}' $$ >s.db.serve
chmod 600 s.db.serve
check art14.intrusion_prevention measured_defect "exposed without TLS"
expect_eq true "$(m .serve.running)"
jv out.json 'first(.rules[] | select(.id == "art14.intrusion_prevention") | .detail.en)'  >say
expect_match say 'not a loopback address, without TLS'
# Its process gone: configured, not running, still exposed when started.
printf '{"pid":999999,"listen":"0.0.0.0:8765","loopback":false,"tls":false,"token":true}' >s.db.serve
check art14.intrusion_prevention measured_defect "configured, not running"
expect_eq false "$(m .serve.running)"
rm s.db.serve
