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
expect_eq 4 "$(json_get "$T/out" "d['individuals']")" individuals
expect_eq true "$(json_get "$T/out" "d['complete']")" complete
expect_eq 1 "$(json_get "$T/out" "d['in_multiple_sources']")" overlap
expect_eq 3 "$(json_get "$T/out" "d['sources'][0]['individuals']")" "source a"
expect_eq csv "$(json_get "$T/out" "d['sources'][0]['type']")" "type a"
expect_eq 4 "$(json_get "$T/out" "d['sources'][0]['rows']")" "rows a"
expect_eq ndjson "$(json_get "$T/out" "d['sources'][1]['type']")" "type b"
expect_eq '[]' "$(json_get "$T/out" "d['failed_sources']")" failed
expect_eq null "$(json_get "$T/out" "d['crossing_date']")" crossing
expect_eq undated "$(json_get "$T/out" "d['crossing_date_basis']")" basis

# Column by number, no header; ids through a pattern (leading zeros and
# the prefix do not make a different person).
printf 'x;1,ZX-1\ny,zx-0002\nz,ZX-0003\n' >"$T/c.csv"
expect_exit 0 "$FRFILE" count --org-secret-file "$T/secret" --no-header \
    --id-column 2 --id-pattern '(?i)^zx-0*([0-9]+)$' "$T/c.csv" --json
expect_eq 3 "$(json_get "$T/out" "d['individuals']")" "pattern count"

# The same people as a.csv through the pattern: ZX-0001 and ZX-1 are one.
expect_exit 0 "$FRFILE" count --org-secret-file "$T/secret" \
    --id-pattern '(?i)^zx-0*([0-9]+)$' "$T/a.csv" "csv:-" --json <"$T/a.csv"
expect_eq 3 "$(json_get "$T/out" "d['individuals']")" "stdin count"
expect_eq 3 "$(json_get "$T/out" "d['in_multiple_sources']")" "stdin overlap"
expect_eq "(stdin)" "$(json_get "$T/out" "d['sources'][1]['source']")" "stdin label"

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
expect_eq 3 "$(json_get "$T/out" "d['individuals']")" "other secret"

# No secret is needed to count local exports: a key made for the run
# matches them (the same 4 as with the secret). A world-readable secret is
# refused.
expect_exit 0 "$FRFILE" count "$T/a.csv" "$T/b.ndjson" --json
expect_eq 4 "$(json_get "$T/out" "d['individuals']")" "no secret"
expect_eq 1 "$(json_get "$T/out" "d['in_multiple_sources']")" "no secret, multi"
expect_exit 0 "$FRFILE" count "csv:$T/a.csv" --json
expect_eq 3 "$(json_get "$T/out" "d['individuals']")" "no secret, lone"
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
