#!/bin/sh
# No secret where none is needed: stores and exports on this machine are
# matched under a key made for the run (frmatch gets it on a descriptor,
# never in its arguments or on disk), with the same counts as under the
# organisation secret. Facts keyed elsewhere need that secret, and the
# error says how to make one; `frfile secret new` makes one.
. "$(dirname "$0")/lib.sh"

"$FRMATCH" synth --out "$T/f" --devices 2 --persons 400 --threshold 300 \
    --cross 2025-03-17 --dim 64 >/dev/null 2>"$T/synth.err" ||
	{ cat "$T/synth.err" >&2; fail "synth"; }
E="$T/f/expected.json"
cd "$T/f" || fail cd
# frmatch through a wrapper that keeps its arguments.
cat >"$T/frmatch" <<EOF2
#!/bin/sh
printf '%s\n' "\$@" >>"$T/argv"
exec "$FRMATCH" "\$@"
EOF2
chmod +x "$T/frmatch"

expect_exit 0 "$FRFILE" count --frmatch "$T/frmatch" --threshold 300 \
    store:device-01.db store:device-02.db \
    --from-column enrolled --until-column deleted export.csv --json
expect_eq "$(jv "$E" '.with_export_individuals_now')" \
    "$(jv "$T/out" '.individuals')" "with export now"
expect_eq "$(jv "$E" '.with_export_first_reached')" \
    "$(jv "$T/out" '.crossing_date')" "first reached"
expect_match "$T/argv" '^--org-secret-fd$'
expect_no_match "$T/argv" 'secret-file|org\.secret'
expect_eq 2 "$(grep -c '^--org-secret-fd$' "$T/argv")" "one descriptor per store"

# A store is recognised by its content, whatever it is called.
cp device-02.db gate.csv && cp device-02.db.key gate.csv.key
expect_exit 0 "$FRFILE" count --threshold 300 store:device-01.db gate.csv --json
expect_eq "$(jv "$E" '.fleet_individuals_now')" \
    "$(jv "$T/out" '.individuals')" "store named .csv"
expect_eq "store:gate.csv" "$(jv "$T/out" '.sources[1].source')" label

# Facts keyed under the organisation secret elsewhere: alone, or with
# each other, they count; with ids hashed here they need that secret.
"$FRMATCH" facts device-01.db --json --with-keys --org-secret-file org.secret \
    >d1.json || fail facts
"$FRMATCH" facts device-02.db --json --with-keys --org-secret-file org.secret \
    >d2.json || fail facts
expect_exit 0 "$FRFILE" count d1.json --json
expect_eq "$(jv "$E" '.devices[0].individuals')" \
    "$(jv "$T/out" '.individuals')" "lone facts"
expect_exit 0 "$FRFILE" count d1.json d2.json --json
expect_eq "$(jv "$E" '.fleet_individuals_now')" \
    "$(jv "$T/out" '.individuals')" "facts together"
expect_exit 3 "$FRFILE" count d1.json export.csv
expect_match "$T/err" "^frfile: count: d1\.json: its keys were made under an organisation secret \(id [0-9a-f]{16}\); to match them with the other sources give that secret with --org-secret-file \(no secret yet\? 'frfile secret new FILE' makes one, for frmatch on every device and for count\)$"
expect_exit 0 "$FRFILE" count --org-secret-file org.secret d1.json export.csv --json

# secret new: 32 random bytes, mode 0600, never over an existing file.
expect_exit 0 "$FRFILE" secret new "$T/new.secret"
expect_match "$T/out" "new\.secret: a new organisation secret \(32 random bytes, mode 0600, id [0-9a-f]{16}\)$"
expect_file_mode "$T/new.secret" 600
expect_eq 32 "$(wc -c <"$T/new.secret" | tr -d ' ')" size
cp "$T/new.secret" "$T/copy"
expect_exit 3 "$FRFILE" secret new "$T/new.secret"
expect_match "$T/err" "new\.secret: already exists; a new secret would change every key made with it, so it is not replaced$"
cmp -s "$T/new.secret" "$T/copy" || fail "secret replaced"
expect_exit 0 "$FRFILE" secret new "$T/other.secret"
cmp -s "$T/new.secret" "$T/other.secret" && fail "two secrets alike"
expect_exit 2 "$FRFILE" secret
expect_exit 2 "$FRFILE" secret old "$T/x"
# It serves as an organisation secret for count and for frmatch.
expect_exit 0 "$FRFILE" count --org-secret-file "$T/new.secret" \
    store:device-01.db export.csv --json
expect_exit 0 "$FRMATCH" facts device-01.db --json --with-keys \
    --org-secret-file "$T/new.secret"
exit 0
