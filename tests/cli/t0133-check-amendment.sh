#!/bin/sh
# The stored count is filing content (Art. 15 para. 1 item 3): submitted
# and completed keep the filed figure (--count N, or the latest count on
# or before the event), and a later count in another band of
# forms/changes.json makes an amendment due (Art. 15 para. 2: 30 working
# days, counted from the earliest day the count can have moved).
. "$(dirname "$0")/lib.sh"

FRFILE_LEDGER=$T/ledger.db
export FRFILE_LEDGER
rec() { "$FRFILE" record "$1" --date "$2" --today "$2" >/dev/null || fail "record $*"; }
rec 99000 2025-06-09
rec 120000 2025-06-10
expect_exit 0 "$FRFILE" event submitted --date 2025-07-01 --today 2025-07-01
expect_match "$T/out" '^recorded submitted on 2025-07-01, filed count 120000, in '
expect_exit 0 "$FRFILE" event completed --date 2025-07-20 --today 2025-07-20 --count 120500 --json
expect_eq 120500 "$(jv "$T/out" '.count')" "explicit count"
expect_exit 2 "$FRFILE" event returned --date 2025-07-20 --count 5
expect_match "$T/err" 'only submitted and completed carry the filed count'
expect_exit 2 "$FRFILE" event completed --count -5
expect_exit 0 "$FRFILE" ledger --today 2025-07-21 --json
expect_eq "[120000, 120500]" "$(json_get "$T/out" "[e['count'] for e in d['events']]")" "events' counts"
expect_eq 120500 "$(jv "$T/out" '.derived.filed_individuals')" "filed"

# Counts in the same band: nothing to amend.
rec 999999 2025-08-01
expect_exit 0 "$FRFILE" check --today 2025-08-01
expect_match "$T/out" '^FRFILE OK: filing completed on 2025-07-20 with 120500 individuals \|'
# diff --ledger compares the filed count too: same band, a minor change.
F=$SAMPLES/filing.json
expect_exit 0 "$FRFILE" diff "$F" "$F" --ledger "$FRFILE_LEDGER" --today 2025-08-01
expect_match "$T/out" '^minor       changed stored_count$'
expect_match "$T/out" 'filed 120500 on 2025-07-20 -> counted 999999 on 2025-08-01 \(ledger\)'
expect_match "$T/out" '^No amendment is needed\.$'
# One more person: the 1 million band. The last count in band was on
# 08-01, so the change is dated 08-02 at the earliest: due 2025-09-12.
rec 1000000 2025-08-05
expect_exit 1 "$FRFILE" check --today 2025-08-05
expect_match "$T/out" '^FRFILE WARNING: amendment due 2025-09-12 \(Friday\), 28 working days left; filing completed on 2025-07-20 with 120500 individuals \(band 100000 to 999999\); the count of 2025-08-05, 1000000, is in another band \|'
expect_exit 1 "$FRFILE" check --today 2025-08-05 --json
expect_json "$T/out" '.phase, .amendment_due, .due' <<'EOF'
amendment_due
true
2025-09-12
EOF
# diff says the same, from the same day.
expect_exit 1 "$FRFILE" diff "$F" "$F" --ledger "$FRFILE_LEDGER" --today 2025-08-05
expect_match "$T/out" '^substantive changed stored_count$'
expect_match "$T/out" 'filed 120500 on 2025-07-20 -> counted 1000000 on 2025-08-05 \(ledger\)'
expect_match "$T/out" 'basis: Art\. 15 para\. 1 item 3'
expect_match "$T/out" '^An amendment is due by 2025-09-12 \(Friday\), 30 working days after the change on 2025-08-02'
expect_exit 1 "$FRFILE" diff "$F" "$F" --ledger "$FRFILE_LEDGER" --today 2025-08-05 --json
expect_json "$T/out" '.due, .substantive, (.changes[0] | .path, .old, .new, .filed_date, .counted_date)' <<'EOF'
2025-09-12
1
stored_count
120500
1000000
2025-07-20
2025-08-05
EOF
# Without --ledger, diff compares the two files only.
expect_exit 0 "$FRFILE" diff "$F" "$F" --today 2025-08-05
expect_match "$T/out" '^No changes\.$'
# A ledger with nothing filed: said, and not compared; a missing one: error.
FRFILE_LEDGER=$T/other.db "$FRFILE" record 150000 --date 2025-08-01 >/dev/null || fail record
expect_exit 0 "$FRFILE" diff "$F" "$F" --ledger "$T/other.db" --today 2025-08-05
expect_match "$T/err" "warning: $T/other.db: no filed count"
expect_exit 3 "$FRFILE" diff "$F" "$F" --ledger "$T/none.db"
expect_lines "$T/err" 1
expect_exit 2 "$FRFILE" check --today 2025-09-15 --max-age 60
expect_match "$T/out" '^FRFILE CRITICAL: amendment overdue by 1 working day'
# The amendment filed with the new figure: settled.
"$FRFILE" event submitted --date 2025-09-01 --today 2025-09-01 >/dev/null || fail submitted
"$FRFILE" event completed --date 2025-09-10 --today 2025-09-10 >/dev/null || fail completed
expect_exit 0 "$FRFILE" check --today 2025-09-10 --max-age 60
expect_match "$T/out" 'filing completed on 2025-09-10 with 1000000 individuals'

# Falling back below 100,000 is another band too.
rec 1000200 2025-09-11
rec 99000 2025-09-12
expect_exit 1 "$FRFILE" check --today 2025-09-12
expect_match "$T/out" 'amendment due .*band 1000000 to 9999999.*the count of 2025-09-12, 99000, is in another band'
exit 0
