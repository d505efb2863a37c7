#!/bin/sh
# A fleet list (comments, blank lines, relative paths, nested lists, URLs)
# gathers many facts endpoints concurrently; people shared by neighbouring
# devices are counted once.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/httpd-lib.sh"

secret_file "$T/secret" "fleet-organisation-secret-42"
start_httpd --fleet 40 --secret fleet-organisation-secret-42
mkdir "$T/lists"
{
	echo "# the east gates"
	i=0
	while [ $i -lt 30 ]; do echo "$BASE/fleet/$i   # gate $i"; i=$((i + 1)); done
	echo
	echo "fleet:more.txt"
} >"$T/lists/fleet.txt"
{
	i=30
	while [ $i -lt 40 ]; do echo "$BASE/fleet/$i"; i=$((i + 1)); done
	echo "csv:export.csv"
} >"$T/lists/more.txt"
# Persons 0..2049 are on the devices; the export adds one new person.
printf 'person_id\nperson-0\nperson-2049\nperson-9999\n' >"$T/lists/export.csv"
expect_exit 0 "$FRFILE" count --org-secret-file "$T/secret" --parallel 8 \
    "fleet:$T/lists/fleet.txt" --json --today 2025-06-01 --threshold 2000
# Device i holds persons 50i .. 50i+99: 40 devices hold 50*41 = 2050.
expect_json "$T/out" '.individuals, (.sources|length), .in_multiple_sources,
    .sources[39].device, .crossing_date_basis' <<'EOF'
2051
41
1952
gate-039
undated
EOF
# Without the undated export the day is exact: the 2000th person's day.
grep -v export "$T/lists/more.txt" >"$T/lists/m2" && mv "$T/lists/m2" "$T/lists/more.txt"
expect_exit 0 "$FRFILE" count --org-secret-file "$T/secret" \
    "fleet:$T/lists/fleet.txt" --json --today 2025-06-01 --threshold 2000
expect_eq 2050 "$(jv "$T/out" '.individuals')" "fleet only"
expect_eq 2024-01-28 "$(jv "$T/out" '.crossing_date')" crossing
# Facts alone need no secret (keys are already hashed), but must agree.
expect_exit 0 "$FRFILE" count "$BASE/fleet/0" "$BASE/fleet/1" --json
expect_eq 150 "$(jv "$T/out" '.individuals')" "no secret"

printf 'fleet:%s\n' "$T/lists/loop.txt" >"$T/lists/loop.txt"
expect_exit 3 "$FRFILE" count "fleet:$T/lists/loop.txt"
expect_match "$T/err" 'nested more than 4 deep'
printf '# nothing\n' >"$T/lists/empty.txt"
expect_exit 3 "$FRFILE" count "fleet:$T/lists/empty.txt"
expect_match "$T/err" 'name no source'
printf -- '-\n' >"$T/lists/stdin.txt"
expect_exit 3 "$FRFILE" count "fleet:$T/lists/stdin.txt"
expect_match "$T/err" 'stdin\.txt:1: standard input cannot be a fleet member'
expect_exit 3 "$FRFILE" count "fleet:$T/lists/none.txt"
expect_match "$T/err" 'none\.txt: cannot read the fleet list'
exit 0
