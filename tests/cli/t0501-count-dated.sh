#!/bin/sh
# With enrolment and deletion dates, count finds the exact first day the
# distinct count reached the threshold (a person on two devices counts
# once; deletions count), and --record writes it into the ledger.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/httpd-lib.sh"

secret_file "$T/secret" "test-organisation-secret-1234"
cat >"$T/gate1.csv" <<'CSV'
person_id,enrolled,deleted
p1,2025-01-01,
p2,2025-01-05,2025-02-01
p3,2025-01-10,
CSV
# p1 again on another device, p4 enrolled the day p2 is deleted, p5 a
# timestamp that is already the next day in Beijing.
cat >"$T/gate2.ndjson" <<'ND'
{"id":"p1","at":"2025-01-02"}
{"id":"p4","at":"2025-02-01"}
{"id":"p5","at":"2025-02-09T17:30:00Z","gone":null}
ND
run() {
	expect_exit 0 "$FRFILE" count --org-secret-file "$T/secret" \
	    --from-column enrolled --until-column deleted --id-field id \
	    --from-field at --until-field gone "$T/gate1.csv" "$T/gate2.ndjson" \
	    --today 2025-03-01 --json "$@"
}
# p1, p2, p3 from 2025-01-10; p2 leaves as p4 comes: 3 until p5.
run --threshold 3
expect_json "$T/out" '.crossing_date, .crossing_date_basis, .individuals,
    .peak_individuals, .in_multiple_sources' <<'EOF'
2025-01-10
exact
4
4
1
EOF
# 4 only once p5 arrives: 2025-02-10 in China Standard Time.
run --threshold 4
expect_eq 2025-02-10 "$(jv "$T/out" '.crossing_date')" "crossing 4"
run --threshold 5
expect_json "$T/out" 'has("crossing_date"), .crossing_date, .crossing_date_basis,
    .reached' <<'EOF'
true
null
not_reached
false
EOF

# --record: one observation with the exact day, not partial.
run --threshold 3 --record --ledger "$T/ledger.db"
expect_file_mode "$T/ledger.db" 600
q() { sqlite3 "$T/ledger.db" "$1"; }
expect_eq "2025-03-01|4|0|2025-01-10" \
    "$(q 'select date, individuals, partial, crossing_date from observations')" ledger
# The check then uses the exact day recorded, not the earliest possible.
expect_exit 0 "$FRFILE" check --ledger "$T/ledger.db" --threshold 3 \
    --today 2025-03-01 --json
expect_eq 2025-01-10 "$(jv "$T/out" '.crossing_date')" "check day"
expect_eq recorded "$(jv "$T/out" '.crossing_how')" "check how"
# Text output names the day.
expect_exit 0 "$FRFILE" count --org-secret-file "$T/secret" \
    --from-column enrolled --until-column deleted "$T/gate1.csv" \
    --today 2025-03-01 --threshold 2
expect_match "$T/out" '^crossing_date +2025-01-05 \(first day at or over 2\)$'

# Bad dates are row errors with the line; --until-column alone is usage.
printf 'person_id,enrolled,deleted\np1,2025-13-01,\n' >"$T/bad.csv"
expect_exit 3 "$FRFILE" count --org-secret-file "$T/secret" \
    --from-column enrolled --until-column deleted "$T/bad.csv" \
    --record --ledger "$T/ledger.db"
expect_match "$T/err" "bad\.csv:2: enrolment date '2025-13-01' is not a date \\(YYYY-MM-DD, YYYY/M/D, YYYY\\.MM\\.DD, YYYY年M月D日 or an ISO 8601 time\\)$"
printf 'person_id,enrolled,deleted\np1,2025-01-02,2025-01-01\n' >"$T/bad.csv"
expect_exit 3 "$FRFILE" count --org-secret-file "$T/secret" \
    --from-column enrolled --until-column deleted "$T/bad.csv"
expect_match "$T/err" 'bad\.csv:2: deletion date is not after the enrolment date'
expect_eq 1 "$(q 'select count(*) from observations')" "ledger unchanged"
expect_exit 2 "$FRFILE" count --org-secret-file "$T/secret" --until-column deleted "$T/gate1.csv"
exit 0
