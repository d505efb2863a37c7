#!/bin/sh
# The README's ten-minute tour runs as written and prints what it says;
# so do the commands of its amendments section.
. "$(dirname "$0")/lib.sh"

readme=$top/README.md
block() {	# every ```sh block of the section headed $1
	awk -v h="$1" '$0 == h { on = 1; next }
	    on && /^## / { exit }
	    on && /^```sh$/ { inb = 1; next }
	    inb && /^```$/ { inb = 0; next }
	    inb { print }' "$readme"
}
block "## A ten-minute tour" >"$T/tour.sh"
block "## Amendments and cancellation" >"$T/amend.sh"
[ "$(wc -l <"$T/tour.sh")" -gt 20 ] || fail "tour not found in README.md"

mkdir "$T/work"
cd "$T/work" || exit 1
ln -s "$BUILD" build
ln -s "$top/samples" samples
sh "$T/tour.sh" >"$T/tour.out" 2>&1
# The figures the README states are synth's own, not what frfile printed.
n=$(jv fleet/expected.json '.with_export_individuals_now')
c=$(jv fleet/expected.json '.with_export_first_reached')
grep -q "individuals $n, crossing_date $c" "$readme" || fail "README does not state $n and $c"
grep -q "$(python3 -c "print(f'{$n:,}')")" "$readme" || fail "README does not state the package's figure"
expect_match "$T/tour.out" "^individuals +$n\$"
expect_match "$T/tour.out" "^crossing_date +$c"
expect_eq "$n" "$(jv package/manifest.json '.stored.individuals')" "the package's figure"
expect_match "$T/tour.out" '^FRFILE WARNING: filing due 2026-11-30 \(Monday\), 6 working days left'
expect_match "$T/tour.out" '^reached 2026-10-19 .*2026-11-30'
expect_match "$T/tour.out" 'valid, 0 errors, 0 warnings'
expect_match "$T/tour.out" '^FAIL +art7\.guardian_consent'
expect_match "$T/tour.out" '^materials-checklist\.zh\.pdf$'
expect_match "$T/tour.out" '^attachment-3-pipia\.zh\.pdf$'
expect_match "$T/tour.out" '^manifest\.json$'
expect_no_match "$T/tour.out" 'unknown (command|option)|usage:'

PATH=$BUILD:$PATH sh "$T/amend.sh" >"$T/amend.out" 2>&1
expect_match "$T/amend.out" '^substantive added applications\[2\]\.locations\[1\]'
expect_match "$T/amend.out" 'An amendment is due by'
expect_match "$T/amend.out" '^termination 2026-11-16'
[ -s amendment/change-statement.zh.pdf ] || fail "no statement of changes"
[ -s cancellation/cancellation-application.zh.pdf ] || fail "no cancellation form"
expect_no_match "$T/amend.out" 'unknown (command|option)|usage:'
