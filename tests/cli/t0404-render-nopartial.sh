#!/bin/sh
# A failure half-way (here a template missing after the forms were already
# rendered) leaves nothing behind: no output, no temporary file, and an
# earlier package in the same directory untouched.
. "$(dirname "$0")/lib.sh"

mkdir -p "$T/data"
cp -r "$top/forms" "$top/templates" "$T/data/"
rm "$T/data/templates/attachment-5-letter-of-commitment.zh.tmpl"
FRFILE_DATADIR=$T/data expect_exit 3 "$FRFILE" render "$SAMPLES/filing.json" --out "$T/pkg"
expect_match "$T/err" 'attachment-5-letter-of-commitment\.zh\.tmpl: cannot read'
expect_match "$T/err" 'nothing written'
[ -z "$(ls -A "$T/pkg")" ] || { ls -la "$T/pkg"; fail "partial output left behind"; }

# An earlier package stays as it was.
expect_exit 0 "$FRFILE" render "$SAMPLES/filing.json" --out "$T/pkg" --format pdf
sum1=$(cat "$T"/pkg/* | sha256sum)
FRFILE_DATADIR=$T/data expect_exit 3 "$FRFILE" render "$SAMPLES/filing.json" --out "$T/pkg"
sum2=$(cat "$T"/pkg/* | sha256sum)
expect_eq "$sum1" "$sum2" "earlier package"
n=$(ls -A "$T/pkg" | wc -l)
expect_eq 7 "$n" "files after the failed run"

# A template error names the template line.
printf '# 承诺书\n\n{{processor.no_such_key}}\n' \
	>"$T/data/templates/attachment-5-letter-of-commitment.zh.tmpl"
FRFILE_DATADIR=$T/data expect_exit 3 "$FRFILE" render "$SAMPLES/filing.json" --out "$T/pkg2"
expect_match "$T/err" 'attachment-5-letter-of-commitment\.zh\.tmpl:3: processor\.no_such_key: .*has no value'
exit 0
