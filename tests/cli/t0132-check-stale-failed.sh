#!/bin/sh
# check in every state: a latest count older than --max-age days (7) is at
# least WARNING and says how old, after a completed filing too; a count
# that failed under --record is kept in the ledger with its reason and
# reported, so that `count --record; check` alerts when the count breaks.
. "$(dirname "$0")/lib.sh"

L=$T/ledger.db
FRFILE_LEDGER=$L
export FRFILE_LEDGER
"$FRFILE" record 5000 --date 2025-08-01 --today 2025-08-01 >/dev/null || fail record
expect_exit 0 "$FRFILE" check --today 2025-08-08
expect_match "$T/out" '^FRFILE OK: 5000 individuals on 2025-08-01, below the 100000 line \|'
expect_exit 1 "$FRFILE" check --today 2025-08-09
expect_match "$T/out" '^FRFILE WARNING: 5000 individuals on 2025-08-01, below the 100000 line; the latest count is 8 days old \(2025-08-01; older than 7 days\) \|'
expect_exit 1 "$FRFILE" check --today 2025-08-09 --json
expect_eq 8 "$(jv "$T/out" '.count_age_days')" "age"
expect_eq true "$(jv "$T/out" '.stale')" "stale"
expect_exit 0 "$FRFILE" check --today 2025-08-09 --max-age 8
expect_exit 3 "$FRFILE" check --today 2025-08-09 --max-age 0
expect_match "$T/err" 'max-age'

# After a completed filing a stale count could hide an amendment: WARNING.
"$FRFILE" record 120000 --date 2025-08-10 --today 2025-08-10 >/dev/null || fail record
"$FRFILE" event submitted --date 2025-08-20 --today 2025-08-20 >/dev/null || fail event
"$FRFILE" event completed --date 2025-09-01 --today 2025-09-01 >/dev/null || fail event
expect_exit 1 "$FRFILE" check --today 2026-02-01
expect_match "$T/out" '^FRFILE WARNING: filing completed on 2025-09-01 with 120000 individuals; the latest count is 175 days old \(2025-08-10; older than 7 days\)'

# A failed count, recorded by count --record: reported with its reason.
secret_file() { printf '%s\n' "$2" >"$1"; chmod 600 "$1"; }
secret_file "$T/secret" "an-organisation-secret-of-some-length"
printf 'person_id\np1\n"broken\n' >"$T/bad.csv"
expect_exit 3 "$FRFILE" count --org-secret-file "$T/secret" "$T/bad.csv" --record --today 2026-02-02
expect_match "$T/err" 'quoted field not closed'
expect_exit 1 "$FRFILE" check --today 2026-02-02
expect_match "$T/out" "; the last count, on 2026-02-02, failed: 1 of 1 sources failed; $T/bad.csv: .*quoted field not closed"
expect_exit 1 "$FRFILE" check --today 2026-02-02 --json
expect_eq true "$(jv "$T/out" '.count_failed')" "failed"
expect_exit 0 "$FRFILE" ledger --today 2026-02-02 --json
expect_eq 2026-02-02 "$(jv "$T/out" '.failed_counts[0].date')" "failure kept"
# The next good count clears it (and the staleness).
expect_exit 0 "$FRFILE" record 120100 --today 2026-02-03
expect_exit 0 "$FRFILE" check --today 2026-02-03
expect_match "$T/out" '^FRFILE OK: filing completed on 2025-09-01 with 120000 individuals \|'
# A failed usage line is not a count and records nothing.
printf 'person_id\np1\n' >"$T/good.csv"
expect_exit 2 "$FRFILE" count --org-secret-file "$T/secret" --bogus "$T/good.csv" --record --today 2026-02-04
expect_exit 0 "$FRFILE" ledger --today 2026-02-04 --json
expect_eq 1 "$(jv "$T/out" '.failed_counts|length')" "usage not recorded"

# The README's crontab: no && between count and check, so a failed count
# still reaches the check (and its alert).
sed -n '/^```crontab/,/^```/p' "$top/README.md" >"$T/cron"
grep -q 'frfile count' "$T/cron" || fail "README crontab has no count"
expect_no_match "$T/cron" '&&'
expect_match "$T/cron" '--notify-file'
exit 0
