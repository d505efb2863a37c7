#!/bin/sh
# make demo's script runs the whole pipeline, twice in the same place
# (re-running is safe), leaves no server behind and writes the package.
. "$(dirname "$0")/lib.sh"

for run in 1 2; do
	DEMO_OUT=$T/out sh "$top/scripts/demo.sh" >"$T/demo.out" 2>&1 ||
		{ cat "$T/demo.out"; fail "demo run $run failed"; }
done
o=$T/demo.out
n=$(jv "$T/out/fleet/expected.json" '.with_export_individuals_now')
c=$(jv "$T/out/fleet/expected.json" '.with_export_first_reached')
expect_match "$o" "^individuals +$n\$"
expect_match "$o" "^crossing_date +$c"
# The package states the figure the cron check reports.
expect_match "$o" "FRFILE WARNING: .*individuals=$n "
expect_eq "$n" "$(jv "$T/out/package/manifest.json" '.stored.individuals')"
pdftotext "$T/out/package/attachment-1-basic-information.zh.pdf" - | tr -d ' ' |
	grep -q "$(python3 -c "print(f'{$n:,}')")" || fail "Attachment 1 does not state $n"
expect_match "$o" '^FRFILE WARNING: filing due 2026-11-30'
expect_match "$o" '^2026-12-02  FRFILE OK: filing submitted on 2026-11-27'
expect_match "$o" 'valid, 0 errors, 0 warnings'
expect_match "$o" '^rules: [0-9]+ checked'
expect_no_match "$o" 'unknown (command|option)|usage:|demo: '
for f in attachment-1-basic-information.zh.pdf attachment-2-application-record.en.pdf \
    attachment-3-pipia.zh.pdf attachment-4-power-of-attorney.zh-en.pdf \
    attachment-5-letter-of-commitment.zh-en.pdf materials-checklist.zh.pdf \
    filing-package.zh.xlsx manifest.json; do
	[ -s "$T/out/package/$f" ] || fail "package lacks $f"
	expect_file_mode "$T/out/package/$f" 600
done
# The server the demo started is gone.
if pgrep -f "frmatch serve $T/out" >/dev/null; then
	pkill -f "frmatch serve $T/out"
	fail "frmatch serve still running after the demo"
fi
