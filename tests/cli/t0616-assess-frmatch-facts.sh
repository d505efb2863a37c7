#!/bin/sh
# End to end with the real matcher: facts written by frmatch are read by
# assess; their measured protection facts hold up every Art. 14 measure
# they can measure (the sample names the document of each), except that
# synth keeps each key beside its store: encryption then needs review.
# The count is theirs, and they are applied to the application listing
# the device.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/assess-lib.sh"

expect_exit 0 "$FRMATCH" synth --out "$T/fleet" --devices 2 --persons 1500 \
	--threshold 1000 --cross 2025-03-17
for n in 01 02; do
	expect_exit 0 "$FRMATCH" facts "$T/fleet/device-$n.db" --json
	cp "$T/out" "$T/f$n.json"
done
d1=$(json_get "$T/f01.json" "d['device']")
variant "d['applications'][0]['fact_devices'] = ['$d1']"
"$FRFILE" assess "$T/f.json" --today $TODAY --json \
	--facts "$T/f01.json" --facts "$T/f02.json" >"$T/a.json" 2>"$T/err"
rc=$?
[ $rc -le 1 ] || { cat "$T/err"; fail "assess exit $rc on frmatch facts"; }
for m in security_audit access_control authorization_management \
    intrusion_detection intrusion_prevention; do
	expect_eq pass "$(rule "$T/a.json" art14.$m None)" "art14.$m with frmatch facts"
done
expect_eq key_beside_store "$(reason "$T/a.json" art14.encryption None)"
sum=$(python3 -c "import json,sys; print(sum(json.load(open(f))['individuals'] for f in sys.argv[1:]))" "$T/f01.json" "$T/f02.json")
evidence "$T/a.json" art15.filing None >"$T/ev"
expect_match "$T/ev" "^facts \\(2 stores\\) individuals=$sum\$"
# The device's count is the application's subjects in the risk inputs.
expect_eq "$(json_get "$T/f01.json" "d['individuals']")" \
	"$(json_get "$T/a.json" "d['risk'][0]['inputs']['subjects']")"
# Whatever the store shows past retention lands on that application.
exp=$(json_get "$T/f01.json" "d['expired_pending_purge']")
if [ "$exp" -gt 0 ]; then
	expect_eq fail "$(rule "$T/a.json" art8.retention 0)"
else
	expect_eq pass "$(rule "$T/a.json" art8.retention 0)"
fi
