#!/bin/sh
# End to end with the real matcher: a synthetic fleet from frmatch synth,
# counted from its stores (store:), from frmatch serve over HTTP and with
# the vendor export, agrees with the fleet's expected.json: the distinct
# count now and the day it first reached the threshold.
. "$(dirname "$0")/lib.sh"

"$FRMATCH" synth --out "$T/f" --devices 3 --persons 3000 --threshold 2500 \
    --cross 2025-03-17 --dim 64 >/dev/null 2>"$T/synth.err" ||
	{ cat "$T/synth.err" >&2; fail "synth"; }
E="$T/f/expected.json"
cd "$T/f" || fail cd
expect_exit 0 "$FRFILE" count --org-secret-file org.secret --threshold 2500 \
    store:device-01.db store:device-02.db store:device-03.db --json
expect_eq "$(jv "$E" '.fleet_individuals_now')" \
    "$(jv "$T/out" '.individuals')" "fleet now"
expect_eq "$(jv "$E" '.fleet_first_reached')" \
    "$(jv "$T/out" '.crossing_date')" "fleet first reached"
expect_eq "$(json_get "$E" "[x['individuals'] for x in d['devices']]")" \
    "$(json_get "$T/out" "[x['individuals'] for x in d['sources']]")" "per device"

expect_exit 0 "$FRFILE" count --org-secret-file org.secret --threshold 2500 \
    store:device-01.db store:device-02.db store:device-03.db \
    --from-column enrolled --until-column deleted export.csv --json
expect_eq "$(jv "$E" '.with_export_individuals_now')" \
    "$(jv "$T/out" '.individuals')" "with export now"
expect_eq "$(jv "$E" '.with_export_first_reached')" \
    "$(jv "$T/out" '.crossing_date')" "with export first reached"

# The same store through frmatch serve and the bearer token.
"$FRMATCH" serve device-01.db --token-file token --org-secret-file org.secret \
    --listen 127.0.0.1:0 2>"$T/serve.err" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$T"' EXIT
i=0
until grep -qs 'listening on' "$T/serve.err"; do
	i=$((i + 1)); [ $i -gt 100 ] && fail "serve did not start"; sleep 0.1
done
port=$(sed -n 's/.*127\.0\.0\.1:\([0-9]*\).*/\1/p' "$T/serve.err")
expect_exit 0 "$FRFILE" count --org-secret-file org.secret --token-file token \
    "http://127.0.0.1:$port/facts?with_keys=1" store:device-01.db --json
expect_eq "$(jv "$E" '.devices[0].individuals')" \
    "$(jv "$T/out" '.individuals')" "served = stored"
expect_eq "$(jv "$E" '.devices[0].individuals')" \
    "$(jv "$T/out" '.in_multiple_sources')" "all shared"
exit 0
