#!/bin/sh
# count reads CSV (BOM, CRLF, quotes, column by name or number, no header)
# and NDJSON, de-duplicates across sources with keyed hashes, and reads
# standard input; --id-pattern normalises ids. Clear ids never appear.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/httpd-lib.sh"

secret_file "$T/secret" "test-organisation-secret-1234"
printf '\357\273\277device,person_id\r\ngate,"ZX-0001"\r\ngate,"ZX-0002"\r\n"a,b",ZX-0003\r\ngate,ZX-0001\r\n' >"$T/a.csv"
printf '{"person_id":"ZX-0003"}\n{"person_id":"ZX-0004","x":[1,2]}\n' >"$T/b.ndjson"

expect_exit 0 "$FRFILE" count --org-secret-file "$T/secret" "$T/a.csv" "$T/b.ndjson" --json
expect_json "$T/out" '.individuals, .complete, .in_multiple_sources,
    .sources[0].individuals, .sources[0].type,
    .sources[0].rows, .sources[1].type, .failed_sources,
    has("crossing_date"), .crossing_date, .crossing_date_basis' <<'EOF'
4
true
1
3
csv
4
ndjson
[]
true
null
undated
EOF

# Column by number, no header; ids through a pattern (leading zeros and
# the prefix do not make a different person).
printf 'x;1,ZX-1\ny,zx-0002\nz,ZX-0003\n' >"$T/c.csv"
expect_exit 0 "$FRFILE" count --org-secret-file "$T/secret" --no-header \
    --id-column 2 --id-pattern '(?i)^zx-0*([0-9]+)$' "$T/c.csv" --json
expect_eq 3 "$(jv "$T/out" '.individuals')" "pattern count"

# The same people as a.csv through the pattern: ZX-0001 and ZX-1 are one.
expect_exit 0 "$FRFILE" count --org-secret-file "$T/secret" \
    --id-pattern '(?i)^zx-0*([0-9]+)$' "$T/a.csv" "csv:-" --json <"$T/a.csv"
expect_json "$T/out" '.individuals, .in_multiple_sources, .sources[1].source' <<'EOF'
3
3
(stdin)
EOF

# Text output, -v: one line per source on stderr, never an id.
expect_exit 0 "$FRFILE" count -v --org-secret-file "$T/secret" "$T/a.csv" "$T/b.ndjson"
expect_match "$T/out" '^individuals +4$'
expect_match "$T/out" '^in_multiple_sources +1$'
expect_match "$T/err" 'a\.csv: csv, 4 rows, 3 individuals'
expect_no_match "$T/out" 'ZX-000'
expect_no_match "$T/err" 'ZX-000'

# A different secret gives different keys but the same count.
secret_file "$T/secret2" "another-organisation-secret"
expect_exit 0 "$FRFILE" count --org-secret-file "$T/secret2" "$T/a.csv" --json
expect_eq 3 "$(jv "$T/out" '.individuals')" "other secret"

# No secret is needed to count local exports: a key made for the run
# matches them (the same 4 as with the secret). A world-readable secret is
# refused.
expect_exit 0 "$FRFILE" count "$T/a.csv" "$T/b.ndjson" --json
expect_eq 4 "$(jv "$T/out" '.individuals')" "no secret"
expect_eq 1 "$(jv "$T/out" '.in_multiple_sources')" "no secret, multi"
expect_exit 0 "$FRFILE" count "csv:$T/a.csv" --json
expect_eq 3 "$(jv "$T/out" '.individuals')" "no secret, lone"
chmod 644 "$T/secret2"
expect_exit 3 "$FRFILE" count --org-secret-file "$T/secret2" "$T/a.csv"
expect_match "$T/err" 'readable or writable by group or others'
expect_exit 2 "$FRFILE" count --org-secret-file "$T/secret" --id-pattern '(' "$T/a.csv"
expect_match "$T/err" '^frfile: count: --id-pattern: '
expect_exit 2 "$FRFILE" count
expect_exit 2 "$FRFILE" count --threshold 0 "$T/a.csv"
expect_exit 2 "$FRFILE" count ftp://example.org/x
expect_match "$T/err" 'unsupported URL scheme'
exit 0
