#!/bin/sh
# Issue 15 item 7: a write past the file size limit (ulimit -f) used to
# kill `record` with SIGXFSZ and no word. frfile ignores the signal: the
# write fails with EFBIG, reported in one line, exit 3, the ledger as it
# was. Output is read through a pipe, outside the limit.
. "$(dirname "$0")/lib.sh"

L=$T/ledger.db
FRFILE_TODAY=2025-06-02
export FRFILE_TODAY
"$FRFILE" record 5 --date 2025-06-01 --ledger "$L" >/dev/null || fail record
cp "$L" "$T/before.db"
limited() {	# limited CMD...: run under ulimit -f 0; output and exit in $T/err, $T/rc
	( ulimit -f 0; "$@"; echo "rc=$?" ) 2>&1 | cat >"$T/err"
}
limited "$FRFILE" record 6 --date 2025-06-02 --ledger "$L"
expect_match "$T/err" '^rc=3$'
expect_lines "$T/err" 2
expect_match "$T/err" "^frfile: record: $L: cannot record: File too large \\(the file size limit, ulimit -f, was reached\\); nothing was written$"
cmp -s "$L" "$T/before.db" || fail "the ledger changed"
limited "$FRFILE" event submitted --ledger "$L"
expect_match "$T/err" '^rc=3$'
expect_match "$T/err" 'File too large'
# A new ledger that cannot be created: the same, no crash.
limited "$FRFILE" record 6 --ledger "$T/new.db"
expect_match "$T/err" '^rc=3$'
expect_match "$T/err" 'File too large'
# Standard output to a file over the limit: one line, not a signal.
( ulimit -f 0; "$FRFILE" ledger --ledger "$L" --json >"$T/out.json"; echo "rc=$?" ) 2>&1 | cat >"$T/err"
expect_match "$T/err" '^rc=3$'
expect_match "$T/err" '^frfile: error writing standard output: File too large$'
# Without the limit everything works on the same ledger.
expect_exit 0 "$FRFILE" record 6 --date 2025-06-02 --ledger "$L"
expect_exit 0 "$FRFILE" ledger --ledger "$L" --json
expect_eq 2 "$(jv "$T/out" '.chain.entries')" "entries"
exit 0
