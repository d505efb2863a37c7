#!/bin/sh
# A failure half-way (here a template missing after the forms were already
# rendered) leaves nothing behind: no output, no staging directory, and an
# earlier package in the same directory untouched. A package is replaced
# whole; a final package or hand-placed files are kept unless --replace;
# a signal mid-render leaves nothing behind either.
. "$(dirname "$0")/lib.sh"

mkdir -p "$T/data"
cp -r "$top/forms" "$top/templates" "$T/data/"
rm "$T/data/templates/attachment-5-letter-of-commitment.zh.tmpl"
FRFILE_DATADIR=$T/data expect_exit 3 "$FRFILE" render "$SAMPLES/filing.json" --out "$T/pkg"
expect_match "$T/err" 'attachment-5-letter-of-commitment\.zh\.tmpl: cannot read'
expect_match "$T/err" 'nothing written'
[ ! -e "$T/pkg" ] || { ls -la "$T/pkg"; fail "partial output left behind"; }
[ -z "$(ls -A "$T" | grep stage)" ] || fail "staging directory left behind"

# An earlier package stays as it was.
expect_exit 0 "$FRFILE" render "$SAMPLES/filing.json" --out "$T/pkg" --format pdf
sum1=$(cat "$T"/pkg/* | sha256sum)
FRFILE_DATADIR=$T/data expect_exit 3 "$FRFILE" render "$SAMPLES/filing.json" --out "$T/pkg"
sum2=$(cat "$T"/pkg/* | sha256sum)
expect_eq "$sum1" "$sum2" "earlier package"
n=$(ls -A "$T/pkg" | wc -l)
expect_eq 7 "$n" "files after the failed run"
[ -z "$(ls -A "$T" | grep stage)" ] || fail "staging directory left behind"

# A second draft replaces the first whole: a zh,en draft in PDF only
# leaves exactly the files its manifest lists (no workbook of before).
expect_exit 0 "$FRFILE" render "$SAMPLES/filing.json" --out "$T/pkg" --format xlsx
ls -A "$T/pkg" | sort >"$T/have"
json_get "$T/pkg/manifest.json" "'\n'.join(sorted([o['file'] for o in d['outputs']] + ['manifest.json']))" >"$T/want"
diff "$T/want" "$T/have" || fail "the directory is not exactly the new package"
# Files put there by hand are kept: refused, unless --replace.
echo scan >"$T/pkg/uscc-certificate.pdf"
expect_exit 1 "$FRFILE" render "$SAMPLES/filing.json" --out "$T/pkg" --format pdf
expect_match "$T/err" "holds 1 file the package's manifest does not list \\(such as 'uscc-certificate.pdf'\\)"
[ -f "$T/pkg/uscc-certificate.pdf" ] || fail "hand-placed file removed"
expect_exit 0 "$FRFILE" render "$SAMPLES/filing.json" --out "$T/pkg" --format pdf --replace
[ ! -e "$T/pkg/uscc-certificate.pdf" ] || fail "--replace kept the old files"
# A final package is kept three years (Art. 9): not replaced by a draft.
expect_exit 0 "$FRFILE" render "$SAMPLES/filing.json" --out "$T/fin" --final \
	--count "$SAMPLES/count.json" --today 2026-11-27 --format pdf
expect_eq false "$(jv "$T/fin/manifest.json" '.draft')"
expect_exit 1 "$FRFILE" render "$SAMPLES/filing.json" --out "$T/fin" --format pdf
expect_match "$T/err" 'holds a final package'
expect_eq false "$(jv "$T/fin/manifest.json" '.draft')"
# An output name taken by a file: refused, nothing written beside it.
echo x >"$T/taken"
expect_exit 3 "$FRFILE" render "$SAMPLES/filing.json" --out "$T/taken"
expect_match "$T/err" 'taken: not a directory'
expect_match "$T/err" 'nothing written'
[ -z "$(ls -A "$T" | grep stage)" ] || fail "staging directory left behind"

# Interrupted by SIGTERM or SIGINT mid-render: nothing new, no temporary.
for sig in TERM INT; do
	mkdir -p "$T/tmp-$sig"
	TMPDIR=$T/tmp-$sig "$FRFILE" render "$SAMPLES/filing.json" --out "$T/sig" \
		--lang zh,en >/dev/null 2>&1 &
	pid=$!
	sleep 0.3
	kill -$sig $pid 2>/dev/null
	wait $pid
	[ -z "$(ls -A "$T" | grep stage)" ] || { ls -A "$T"; fail "SIG$sig: staging left behind"; }
	[ -z "$(ls -A "$T/tmp-$sig")" ] || fail "SIG$sig: font subsets left behind"
	[ ! -e "$T/sig" ] || [ -f "$T/sig/manifest.json" ] || fail "SIG$sig: partial package"
	rm -rf "$T/sig"
done

# A template error names the template line.
printf '# 承诺书\n\n{{processor.no_such_key}}\n' \
	>"$T/data/templates/attachment-5-letter-of-commitment.zh.tmpl"
FRFILE_DATADIR=$T/data expect_exit 3 "$FRFILE" render "$SAMPLES/filing.json" --out "$T/pkg2"
expect_match "$T/err" 'attachment-5-letter-of-commitment\.zh\.tmpl:3: processor\.no_such_key: .*has no value'
exit 0
