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
	expect_exit 0 "$FRMATCH" facts "$T/fleet/device-$n.db" --json \
	    --with-keys --org-secret-file "$T/fleet/org.secret"
	cp "$T/out" "$T/f$n.json"
done
d1=$(jv "$T/f01.json" '.device')
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
# The stored count is the devices' persons de-duplicated by key, never
# their sum (a person on both devices is one person).
dedup=$(python3 -c "
import json,sys
ks=set()
for f in sys.argv[1:]:
    ks |= {p['key'] for p in json.load(open(f))['keys']['persons'] if p['until'] is None}
print(len(ks))" "$T/f01.json" "$T/f02.json")
sum=$(python3 -c "import json,sys; print(sum(json.load(open(f))['individuals'] for f in sys.argv[1:]))" "$T/f01.json" "$T/f02.json")
[ "$dedup" -lt "$sum" ] || fail "the fleet has no person on both devices"
evidence "$T/a.json" art15.filing None >"$T/ev"
expect_match "$T/ev" "^facts individuals=$dedup\$"
expect_eq "$dedup" "$(jv "$T/a.json" '.stored.individuals')"
# Without keys the two cannot be de-duplicated: the count stays unknown.
for n in 01 02; do
	python3 -c "import json,sys; d=json.load(open(sys.argv[1])); d.pop('keys'); json.dump(d, open(sys.argv[2], 'w'))" "$T/f$n.json" "$T/n$n.json"
done
"$FRFILE" assess "$T/f.json" --today $TODAY --json \
	--facts "$T/n01.json" --facts "$T/n02.json" >"$T/a2.json" 2>"$T/err"
expect_match "$T/err" 'warning: 2 facts files without person keys cannot be de-duplicated'
expect_eq "true null" "$(jv "$T/a2.json" '.stored | "\(has("individuals")) \(.individuals)"')"
expect_no_match "$T/a2.json" '"path":.*subjects_estimated'
# The device's count is the application's subjects in the risk inputs.
expect_eq "$(jv "$T/f01.json" '.individuals')" \
	"$(jv "$T/a.json" '.risk[0].inputs.subjects')"
# Whatever the store shows past retention lands on that application.
exp=$(jv "$T/f01.json" '.expired_pending_purge')
if [ "$exp" -gt 0 ]; then
	expect_eq fail "$(rule "$T/a.json" art8.retention 0)"
else
	expect_eq pass "$(rule "$T/a.json" art8.retention 0)"
fi
