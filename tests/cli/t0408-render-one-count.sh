#!/bin/sh
# One stored count in the whole package (Art. 15 para. 1 item 3): on a
# fleet where people sit on several devices, every document, in both
# languages and both formats, and the manifest state the same
# de-duplicated figure, never the per-device sum; the same from the
# ledger alone, from a saved count and from keyed facts. No program text
# reaches a document. (Debian's python3 reads the workbooks: python3-openpyxl.) --final refuses a missing, partial or stale count
# and unmatched devices, and prints the identity numbers in full.
. "$(dirname "$0")/lib.sh"

L=gate-hq-01,gate-hq-02,attend-park-01,reception-kiosk-01
# A small fleet is enough: what is checked is which figure each document
# states, not its size (the fleet crosses its own, lower line).
expect_exit 0 "$FRMATCH" synth --out "$T/fleet" --seed 3 --labels $L \
	--persons 3000 --threshold 2500 --dim 64 --cross 2026-10-19
F=$T/fleet
total=$(jv "$F/expected.json" '.with_export_individuals_now')
fleet=$(jv "$F/expected.json" '.fleet_individuals_now')
sum=$(json_get "$F/expected.json" "sum(x['individuals'] for x in d['devices'])")
[ "$fleet" -lt "$sum" ] || fail "no person on two devices"
expect_exit 0 "$FRFILE" count --today 2026-11-22 --org-secret-file "$F/org.secret" \
	--threshold 2500 store:$F/device-01.db store:$F/device-02.db store:$F/device-03.db \
	store:$F/device-04.db --from-column enrolled --until-column deleted \
	csv:$F/export.csv --record --ledger "$T/ledger.db" --json
cp "$T/out" "$T/count.json"
expect_eq "$total" "$(jv "$T/count.json" '.individuals')"
for n in 01 02 03 04; do
	"$FRMATCH" facts "$F/device-$n.db" --json --with-keys --today 2026-11-22 \
	    --org-secret-file "$F/org.secret" >"$T/f$n.json" || fail "facts $n"
done
FACTS="--facts $T/f01.json --facts $T/f02.json --facts $T/f03.json --facts $T/f04.json"
# fmt N: N as the documents write it, 118,609.
fmt() { echo "$1" | sed -e ':a' -e 's/\([0-9]\)\([0-9]\{3\}\)\($\|,\)/\1,\2\3/' -e 'ta'; }
mkdir "$T/text"

# pdf_text PDF: sets txt to a file holding its text (pdftotext -layout),
# read once for all the checks below.
pdf_text() {
	txt=$T/text/$(echo "$1" | tr / _).txt
	[ -f "$txt" ] || pdftotext -layout "$1" "$txt" 2>/dev/null ||
		{ rm -f "$txt"; fail "$(basename "$1"): no text"; }
}

# check_pkg DIR N: every document states N and none states the sum.
check_pkg() {
	n=$(fmt "$2")
	s=$(fmt "$sum")
	for f in attachment-1-basic-information.zh attachment-1-basic-information.en \
	    attachment-2-application-record.zh attachment-2-application-record.en \
	    attachment-3-pipia.zh attachment-3-pipia.en \
	    attachment-5-letter-of-commitment.zh-en; do
		pdf_text "$1/$f.pdf"
		tr -d ' ' <"$txt" >"$T/txt"
		grep -q -- "$n" "$T/txt" || fail "$f: does not state $n"
		! grep -q -- "$s" "$T/txt" || fail "$f: states the per-device sum $s"
		! grep -qE -- "$2|$sum" "$T/txt" || fail "$f: a count not written as $n"
	done
	# The workbooks are read by check_xlsx, all in one process.
	for x in zh en; do
		printf '%s\t%s\t%s\n' "$n" "$s" "$1/filing-package.$x.xlsx" >>"$T/xlsx.list"
	done
	expect_eq "$2" "$(jv "$1/manifest.json" '.stored.individuals')"
}

# check_xlsx: every workbook listed by check_pkg states its figure and
# not the sum.
check_xlsx() {
	/usr/bin/python3 - "$T/xlsx.list" <<'PY' || fail "xlsx"
import sys, openpyxl
for line in open(sys.argv[1]):
    n, s, path = line.rstrip("\n").split("\t")
    wb = openpyxl.load_workbook(path)
    cells = [str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value is not None]
    text = "\n".join(cells)
    assert n in text, path + ": figure missing"
    assert s not in text, path + ": per-device sum present"
PY
}

# From the ledger, with the devices' facts.
expect_exit 0 "$FRFILE" render "$SAMPLES/filing.json" --today 2026-11-22 \
	--ledger "$T/ledger.db" $FACTS --out "$T/p1" --lang zh,en
expect_no_match "$T/err" 'warning'
check_pkg "$T/p1" "$total"
# From the ledger alone, and from the saved count.
expect_exit 0 "$FRFILE" render "$SAMPLES/filing.json" --today 2026-11-22 \
	--ledger "$T/ledger.db" --out "$T/p2" --lang zh,en
check_pkg "$T/p2" "$total"
expect_exit 0 "$FRFILE" render "$SAMPLES/filing.json" --today 2026-11-22 \
	--count "$T/count.json" $FACTS --out "$T/p3" --lang zh,en
check_pkg "$T/p3" "$total"
# From keyed facts alone (the devices without the export).
expect_exit 0 "$FRFILE" render "$SAMPLES/filing.json" --today 2026-11-22 \
	$FACTS --out "$T/p4" --lang zh,en
check_pkg "$T/p4" "$fleet"
check_xlsx

# No program text in any document: flags, keys, JSON paths, literals,
# program names.
for f in "$T"/p1/*.pdf "$T"/p2/*.pdf; do
	pdf_text "$f"
	if grep -nE '(^|[^[:alnum:]_-])--[a-z][a-z-]+|\b[a-z]+_[a-z0-9_]+\b|\[[0-9]+\]\.|\b(frmatch|frfile)\b|(=|:|is)\s+(true|false|null)\b' "$txt" >"$T/hits"; then
		cat "$T/hits" >&2
		fail "$(basename "$f"): program text"
	fi
	# Not even in English prose: "truthful", "misstatement".
	! grep -nwiE 'true|false|null' "$txt" || fail "$(basename "$f"): literal"
done

# The ledger and facts disagree: a draft warns, --final refuses.
python3 - "$T/count.json" "$T/low.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); d["individuals"] = 1000; d["peak_individuals"] = 120000
json.dump(d, open(sys.argv[2], "w"))
PY
expect_exit 0 "$FRFILE" render "$SAMPLES/filing.json" --today 2026-11-22 \
	--count "$T/low.json" $FACTS --out "$T/d1" --format pdf
expect_match "$T/err" 'warning: the facts files show .* individuals on their 4 devices, but the stored count of 2026-11-22 is 1000'
expect_exit 1 "$FRFILE" render "$SAMPLES/filing.json" --today 2026-11-22 \
	--count "$T/low.json" $FACTS --out "$T/x" --final
expect_match "$T/err" 'nothing written'
[ ! -e "$T/x" ] || fail "written although refused"

# --final refusals, one line per reason, nothing written.
expect_exit 1 "$FRFILE" render "$SAMPLES/filing.json" --today 2026-11-22 \
	--out "$T/x" --final
expect_match "$T/err" 'no stored count'
python3 - "$T/count.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
json.dump(dict(d, complete=False), open(sys.argv[1] + ".partial", "w"))
json.dump(dict(d, date="2026-09-01"), open(sys.argv[1] + ".stale", "w"))
json.dump(dict(d, individuals=99999, peak_individuals=99999, crossing_date=None), open(sys.argv[1] + ".under", "w"))
PY
expect_exit 1 "$FRFILE" render "$SAMPLES/filing.json" --today 2026-11-22 \
	--count "$T/count.json.partial" --out "$T/x" --final
expect_match "$T/err" 'stored count of 2026-11-22 is partial'
expect_exit 1 "$FRFILE" render "$SAMPLES/filing.json" --today 2026-11-22 \
	--count "$T/count.json.stale" --out "$T/x" --final
expect_match "$T/err" 'stored count of 2026-09-01 is 87 days old on the filing date 2026-11-27'
expect_exit 1 "$FRFILE" render "$SAMPLES/filing.json" --today 2026-11-22 \
	--count "$T/count.json.under" --out "$T/x" --final
expect_match "$T/err" 'has not reached 100000'
# A device named by an application without facts, and facts of a device
# no application names.
sed 's/"reception-kiosk-01"/"kiosk-x"/' "$T/f04.json" >"$T/f04x.json"
expect_exit 1 "$FRFILE" render "$SAMPLES/filing.json" --today 2026-11-22 \
	--ledger "$T/ledger.db" --facts "$T/f01.json" --facts "$T/f02.json" \
	--facts "$T/f03.json" --facts "$T/f04x.json" --out "$T/x" --final
expect_match "$T/err" "applications\\[2\\]\\.fact_devices\\[0\\]: device 'reception-kiosk-01' has no facts"
expect_match "$T/err" "f04x\\.json: device: device 'kiosk-x' is named by no application"
[ ! -e "$T/x" ] || fail "written although refused"

# Crossed, then purged below the line: the filing is still due and final.
expect_exit 0 "$FRFILE" record 120000 --ledger "$T/ledger.db" --date 2026-11-23 \
	--today 2026-11-23
expect_exit 0 "$FRFILE" record 90000 --ledger "$T/ledger.db" --date 2026-11-25 \
	--today 2026-11-25
# The filing is in preparation (Art. 15 needs review): --final asks for
# a recorded conclusion first.
expect_exit 1 "$FRFILE" render "$SAMPLES/filing.json" --today 2026-11-26 \
	--ledger "$T/ledger.db" --out "$T/fin" --final --format pdf
[ ! -e "$T/fin" ] || fail "written although refused"
expect_match "$T/err" 'art15\.filing \(Art\. 15\): frfile review --rule art15\.filing'
expect_exit 0 "$FRFILE" review "$SAMPLES/filing.json" --today 2026-11-26 \
	--ledger "$T/ledger.db" --reviews "$T/rv.json" --rule art15.filing \
	--conclusion pass --by 沈月华 --note '材料已备齐，将于期限内提交'
expect_exit 0 "$FRFILE" render "$SAMPLES/filing.json" --today 2026-11-26 \
	--ledger "$T/ledger.db" --out "$T/fin" --final --format pdf \
	--reviews "$T/rv.json"
expect_eq 90000 "$(jv "$T/fin/manifest.json" '.stored.individuals')"
# The final A1 and A4 carry the identity numbers in full, a draft masks.
id=$(jv "$SAMPLES/filing.json" '.agent.id_number')
pdftotext "$T/fin/attachment-4-power-of-attorney.zh.pdf" - | tr -d ' ' >"$T/a4"
grep -q "$id" "$T/a4" || fail "final A4 without the agent's full number"
pdftotext "$T/fin/attachment-1-basic-information.zh.pdf" - | tr -d ' ' >"$T/a1"
grep -q "$id" "$T/a1" || fail "final A1 without the agent's full number"
pdftotext "$T/p1/attachment-4-power-of-attorney.zh-en.pdf" - | tr -d ' ' >"$T/a4d"
! grep -q "$id" "$T/a4d" || fail "draft A4 shows the full number"
# A cancellation states what was deleted instead: no count needed.
expect_exit 0 "$FRFILE" render "$SAMPLES/filing-cancellation.json" --today 2026-12-20 \
	--out "$T/c" --final --format pdf
exit 0
