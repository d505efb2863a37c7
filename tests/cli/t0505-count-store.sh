#!/bin/sh
# store:PATH runs `frmatch facts PATH --json --with-keys --org-secret-file F`
# (frmatch beside frfile, or --frmatch) and counts its keys; frfile never
# opens the store. A failing frmatch is one line naming the store.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/httpd-lib.sh"

secret_file "$T/secret" "test-organisation-secret-1234"
# A stand-in frmatch that records its arguments and prints a facts doc.
cat >"$T/frmatch" <<EOF2
#!/bin/sh
printf '%s\n' "\$@" >"$T/argv"
case "\$2" in
*broken*) echo "frmatch: facts: \$2: not a store" >&2; exit 3 ;;
esac
python3 - <<'PY'
import hashlib, hmac, json
sec = b"test-organisation-secret-1234"
k = lambda i: hmac.new(sec, i.encode(), hashlib.sha256).hexdigest()
print(json.dumps({"schema": "frmatch-facts/1", "device": "desk", "individuals": 2,
    "keys": {"algorithm": "HMAC-SHA256", "secret_id": hashlib.sha256(sec).hexdigest()[:16],
             "persons": [{"key": k("p1"), "from": "2025-01-01", "until": None},
                         {"key": k("p2"), "from": "2025-01-01", "until": None}]}}, indent=1))
PY
EOF2
chmod +x "$T/frmatch"
printf 'person_id\np2\np3\n' >"$T/e.csv"
expect_exit 0 "$FRFILE" count --org-secret-file "$T/secret" --frmatch "$T/frmatch" \
    "store:$T/s1" "$T/e.csv" --json
expect_eq 3 "$(jv "$T/out" '.individuals')" individuals
expect_eq desk "$(jv "$T/out" '.sources[0].device')" device
expect_eq "store:$T/s1" "$(jv "$T/out" '.sources[0].source')" label
printf 'facts\n%s\n--json\n--with-keys\n--org-secret-file\n%s\n' "$T/s1" "$T/secret" >"$T/want"
cmp -s "$T/want" "$T/argv" || { diff "$T/want" "$T/argv" >&2; fail "frmatch arguments"; }

expect_exit 3 "$FRFILE" count --org-secret-file "$T/secret" --frmatch "$T/frmatch" "store:$T/broken"
expect_match "$T/err" "^frfile: count: store:$T/broken: frmatch facts failed \\(exit 3\\): frmatch: facts: $T/broken: not a store$"
expect_exit 3 "$FRFILE" count --org-secret-file "$T/secret" --frmatch "$T/nope" "store:$T/s1"
expect_match "$T/err" "store:$T/s1: cannot run $T/nope: No such file"
# Without a secret frmatch gets the run's key on a descriptor, never in
# its arguments (the fake frmatch cannot read it: the key differs).
expect_exit 3 "$FRFILE" count --frmatch "$T/frmatch" "store:$T/s1"
expect_match "$T/argv" '^--org-secret-fd$'
expect_no_match "$T/argv" 'secret-file'
expect_exit 2 "$FRFILE" count "store:-"
exit 0
