#!/bin/sh
# Per-source options apply to the sources after them until given again;
# one given after the last source applies to every source without its
# own (so older command lines keep their meaning); fleet list lines take
# the options in force where the list is named.
. "$(dirname "$0")/lib.sh"

printf 'person_id,member_no\nP1,M1\nP2,M2\n' >"$T/a.csv"
printf 'person_id,member_no\nX9,P1\nX8,P3\nX7,P4\n' >"$T/b.csv"

# a by person_id (P1 P2), b by member_no (P1 P3 P4): 4 people, P1 twice.
expect_exit 0 "$FRFILE" count --id-column person_id "$T/a.csv" \
    --id-column member_no "$T/b.csv" --json
expect_eq 4 "$(jv "$T/out" '.individuals')" "in order"
expect_eq 1 "$(jv "$T/out" '.in_multiple_sources')" "P1 in both"
# Given once before both: both by member_no (M1 M2 P1 P3 P4).
expect_exit 0 "$FRFILE" count --id-column member_no "$T/a.csv" "$T/b.csv" --json
expect_eq 5 "$(jv "$T/out" '.individuals')" "carried on"
# After the last source: for every source without its own.
expect_exit 0 "$FRFILE" count "$T/a.csv" "$T/b.csv" --id-column member_no --json
expect_eq 5 "$(jv "$T/out" '.individuals')" "trailing, all"
# b has person_id in force too: the trailing one is for neither.
expect_exit 0 "$FRFILE" count --id-column person_id "$T/a.csv" "$T/b.csv" \
    --id-column member_no --json
expect_eq 5 "$(jv "$T/out" '.individuals')" "trailing, none"
expect_eq 3 "$(jv "$T/out" '.sources[1].individuals')" "b own"

# Dates for one source only; the other undated.
printf 'person_id,since\nP1,2025/7/1\nP5,2025年7月2日\n' >"$T/d.csv"
expect_exit 0 "$FRFILE" count "$T/a.csv" --from-column since "$T/d.csv" --json
expect_json "$T/out" '.individuals, .sources[0].dated, .sources[1].dated' <<'EOF'
3
false
true
EOF
expect_exit 3 "$FRFILE" count --from-column since "$T/d.csv" "$T/a.csv"
expect_match "$T/err" "a\.csv:1: no from column 'since' in the header row \(columns: 'person_id', 'member_no'\)$"
# --until-column needs --from-column, source by source.
expect_exit 2 "$FRFILE" count --until-column gone "$T/a.csv" \
    --from-column since "$T/d.csv"
expect_match "$T/err" "a\.csv: --until-column needs --from-column"

# --no-header and --id-pattern for one source only.
printf 'P1\nP6\n' >"$T/bare.csv"
expect_exit 0 "$FRFILE" count "$T/a.csv" --no-header "$T/bare.csv" --json
expect_eq 3 "$(jv "$T/out" '.individuals')" "no-header for one"
printf 'person_id\nid:P2\nid:P7\n' >"$T/p.csv"
expect_exit 0 "$FRFILE" count "$T/a.csv" --id-pattern '^id:(.*)$' "$T/p.csv" --json
expect_eq 3 "$(jv "$T/out" '.individuals')" "pattern for one"
expect_exit 3 "$FRFILE" count --id-pattern '^id:(.*)$' "$T/p.csv" "$T/a.csv"
expect_match "$T/err" "a\.csv:2: id does not match --id-pattern$"

# Fleet lists: lines take the options in force where the list is named.
printf '%s\n' "$T/b.csv" >"$T/fleet.txt"
expect_exit 0 "$FRFILE" count "$T/a.csv" --id-column member_no \
    "fleet:$T/fleet.txt" --json
expect_eq 4 "$(jv "$T/out" '.individuals')" "fleet lines"
expect_eq 2 "$(jv "$T/out" '.sources[0].individuals')" "a default"

# "--" ends the options: the rest are sources, in order.
cp "$T/a.csv" "$T/--json"
expect_exit 0 "$FRFILE" count --json -- "$T/--json"
expect_eq 2 "$(jv "$T/out" '.individuals')" "after --"
exit 0
