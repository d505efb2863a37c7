#!/bin/sh
# make demo: the whole job on the bundled sample, as an organisation would
# run it. A synthetic fleet of four face-recognition gates (frmatch stores)
# plus a vendor system's export is counted without moving any facial data,
# the count goes into a ledger, the cron check says where the filing
# stands, the sample filing is validated and assessed, and the complete
# filing package is rendered into out/package/.
#
# The demo is set on DEMO_TODAY (default 2026-11-22) so that it tells the
# same story on any day; re-running it starts again from scratch.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
B=${BUILD:-$top/build}
case $B in /*) ;; *) B=$top/$B ;; esac
F=$B/frfile
M=$B/frmatch
OUT=${DEMO_OUT:-$top/out}
TODAY=${DEMO_TODAY:-2026-11-22}
FILING=$top/samples/filing.json
FLEET=$OUT/fleet
PKG=$OUT/package
LEDGER=$OUT/ledger.db
XDG_DATA_HOME=$OUT/xdg	# imported calendars stay inside out/
export XDG_DATA_HOME
unset FRFILE_LEDGER FRFILE_TODAY FRFILE_TOKEN
umask 077

server=""
cleanup() {
	if [ -n "$server" ]; then
		kill "$server" 2>/dev/null
		wait "$server" 2>/dev/null
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step() { printf '\n== %s\n' "$*"; }
die() { echo "demo: $*" >&2; exit 1; }

rm -rf "$FLEET" "$PKG" "$LEDGER" "$OUT/facts" "$OUT/xdg" "$OUT"/*.json "$OUT"/*.log
mkdir -p "$OUT/facts"

step "1. A fleet of four gates (frmatch stores, encrypted templates) and a vendor export"
# The gates carry the labels the sample filing's applications name
# (fact_devices), so every figure of the package can be traced to them.
LABELS=gate-hq-01,gate-hq-02,attend-park-01,reception-kiosk-01
"$M" synth --out "$FLEET" --seed 1 --cross 2026-10-19 --labels "$LABELS" \
    --json >"$OUT/synth.json" ||
	die "frmatch synth failed"
jq -r '"\(.persons) persons enrolled 2024-2026 on \(.devices | length) devices, \(.persons_on_several_devices) of them on several; the vendor system adds \(.export_only_persons)"' "$OUT/synth.json"
ls -l "$FLEET" | awk 'NR > 1 { printf "  %-14s %10d bytes  %s\n", $9, $5, $1 }'

step "2. Gate 04 serves its facts over HTTP (loopback, bearer token)"
"$M" serve "$FLEET/device-04.db" --listen 127.0.0.1:0 --today "$TODAY" \
    --token-file "$FLEET/token" --org-secret-file "$FLEET/org.secret" \
    2>"$OUT/serve.log" &
server=$!
port=""
for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
	port=$(sed -n 's/.*127\.0\.0\.1:\([0-9][0-9]*\).*/\1/p' "$OUT/serve.log" | head -n 1)
	[ -n "$port" ] && break
	sleep 0.2
done
[ -n "$port" ] || { cat "$OUT/serve.log" >&2; die "frmatch serve did not start"; }
URL="http://127.0.0.1:$port/facts?with_keys=1"
echo "frmatch serve: $URL (GET /facts only; 401 without the token)"

step "3. frfile count: three local stores, gate 04 over HTTP, the vendor export"
"$F" count --today "$TODAY" --org-secret-file "$FLEET/org.secret" \
    --token-file "$FLEET/token" \
    "store:$FLEET/device-01.db" "store:$FLEET/device-02.db" \
    "store:$FLEET/device-03.db" "$URL" \
    --from-column enrolled --until-column deleted "csv:$FLEET/export.csv" \
    --record --ledger "$LEDGER" || die "frfile count failed"

step "4. frfile check, as cron or a monitoring system runs it (exit 0 OK, 1 WARNING, 2 CRITICAL)"
"$F" check --today "$TODAY" --ledger "$LEDGER"
echo "(exit $?)"
echo "The same check a week later, had nothing been filed:"
# The demo counts once; a cron job counts every day, and check warns
# when the latest count is older than --max-age days (7 by default).
"$F" check --today 2026-12-02 --max-age 30 --ledger "$LEDGER" | sed 's/^/  /'

step "5. The devices' facts for the documents (aggregates and keyed hashes only)"
for n in 01 02 03; do
	"$M" facts "$FLEET/device-$n.db" --json --with-keys --today "$TODAY" \
	    --org-secret-file "$FLEET/org.secret" >"$OUT/facts/gate-$n.json" ||
		die "frmatch facts failed"
done
# Gate 04's facts come over HTTP, as they would from a remote device.
# (The token goes to curl on its standard input, not in its arguments.)
printf 'header = "Authorization: Bearer %s"\n' "$(cat "$FLEET/token")" |
	curl -fsS --max-time 30 -K - -o "$OUT/facts/gate-04.json" "$URL" ||
	die "fetching gate 04's facts failed"
for f in "$OUT"/facts/*.json; do
	jq -r '[.device, .individuals, .templates, .raw_images_stored,
	    .protection.audit_log.chain_verified] | @tsv' "$f"
done | while IFS="$(printf '\t')" read -r dev n t raw chain; do
	printf '  %-8s %6d individuals, %d templates, raw images stored: %s, audit chain verified: %s\n' \
	    "$dev" "$n" "$t" "$raw" "$chain"
done

step "6. frfile validate: the filing description (samples/filing.json)"
"$F" validate "$FILING" || die "the sample filing does not validate"

step "7. frfile assess: article by article, and the GB/T 39335 risk"
"$F" assess "$FILING" --today "$TODAY" --ledger "$LEDGER" \
    --facts "$OUT"/facts/gate-01.json --facts "$OUT"/facts/gate-02.json \
    --facts "$OUT"/facts/gate-03.json --facts "$OUT"/facts/gate-04.json
echo "(exit $?: 0 nothing fails, 1 something does)"

step "8. frfile render: the filing package, Chinese and English, PDF and XLSX"
"$F" render "$FILING" --today "$TODAY" --out "$PKG" --lang zh,en \
    --ledger "$LEDGER" \
    --facts "$OUT"/facts/gate-01.json --facts "$OUT"/facts/gate-02.json \
    --facts "$OUT"/facts/gate-03.json --facts "$OUT"/facts/gate-04.json \
    >"$OUT/render.log" || { cat "$OUT/render.log"; die "frfile render failed"; }

cleanup
server=""

step "9. After submission: the ledger's events drive the check"
"$F" event submitted --date 2026-11-27 --today 2026-11-27 --ledger "$LEDGER" >/dev/null ||
	die "frfile event failed"
printf '2026-12-02  '
"$F" check --today 2026-12-02 --max-age 30 --ledger "$LEDGER"
"$F" event completed --date 2026-12-15 --today 2026-12-15 --ledger "$LEDGER" >/dev/null
printf '2026-12-16  '
"$F" check --today 2026-12-16 --max-age 30 --ledger "$LEDGER"

step "Done. The package (out/package/), files created mode 0600:"
ls -l "$PKG" | awk 'NR > 1 { printf "  %-52s %8d bytes\n", $9, $5 }'
cat <<MSG

Open first:
  out/package/materials-checklist.zh.pdf   what to submit, what is generated
                                           and what must be scanned and sealed
  out/package/attachment-3-pipia.zh.pdf    the impact assessment (PIPIA)
  out/package/attachment-2-application-record.zh.pdf
                                           the record form with the stored count
The package is a DRAFT (watermarked); 'frfile render --final' makes the final.
manifest.json keeps each file's SHA-256 for the three-year record.
MSG
