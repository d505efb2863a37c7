#!/bin/sh
# libcurl is loaded only when a URL is used: frfile does not link it, the
# verbs without a URL run with a broken libcurl on the search path, and
# the verbs with one say in one line why they cannot fetch (count's http
# source, calendar fetch, check --notify), with the usual exit codes.
. "$(dirname "$0")/lib.sh"

! ldd "$FRFILE" | grep -q 'libcurl' || fail "frfile links libcurl"
command -v cc >/dev/null || fail "needs cc for a stand-in libcurl"
# A libcurl.so.4 that is not libcurl: it has none of its functions.
mkdir "$T/lib"
echo 'int fr_not_libcurl(void) { return 0; }' >"$T/stub.c"
cc -shared -fPIC -Wl,-soname,libcurl.so.4 -o "$T/lib/libcurl.so.4" "$T/stub.c" ||
	fail "cc"
LD_LIBRARY_PATH=$T/lib
export LD_LIBRARY_PATH

# No URL, no libcurl needed.
expect_exit 0 "$FRFILE" validate "$SAMPLES/filing.json"
printf 'person_id\np1\np2\n' >"$T/ids.csv"
expect_exit 0 "$FRFILE" count "csv:$T/ids.csv" --today 2025-06-01 --json
expect_eq 2 "$(jv "$T/out" '.individuals')"

why='libcurl\.so\.4 lacks curl_global_init: libcurl 7\.85 or later is needed'
# The source is named as always, without its password and query.
expect_exit 3 "$FRFILE" count "http://u:pw@127.0.0.1:9/facts?k=v" --today 2025-06-01
expect_match "$T/err" "^frfile: count: http://127\.0\.0\.1:9/facts: $why"
expect_no_match "$T/err" 'pw|k=v'
expect_exit 3 "$FRFILE" calendar fetch "http://127.0.0.1:9/2026.json"
expect_match "$T/err" "$why"
[ "$(wc -l <"$T/err")" -eq 1 ] || fail "calendar fetch: more than one line"
"$FRFILE" record 90000 --date 2025-06-01 --today 2025-06-01 \
    --ledger "$T/l.db" >/dev/null || fail record
expect_exit 1 "$FRFILE" check --today 2025-06-05 --warn-count 80000 \
    --ledger "$T/l.db" --notify "http://127.0.0.1:9/hook" --notify-format json
expect_match "$T/err" "$why"
exit 0
