#!/bin/sh
# Each command's options are written once, in its option table: the
# man page's SYNOPSIS must name exactly the options the table has (by
# long or short name), so neither can drift from the other. Commands
# without a table (no --list-options output) are not held to it yet.
. "$(dirname "$0")/lib.sh"

# man_opts PAGE CMD: the options the SYNOPSIS blocks of CMD name, one a
# line, as --long or -x.
man_opts() {
	sed -n '/^\.Sh SYNOPSIS/,/^\.Sh /p' "$1" | awk -v cmd="$2" '
	/^\.Nm/ { blk = ""; next }
	/^\.Cm / && blk == "" { blk = $2 }
	blk == cmd { print }
	' | sed 's/\\-/-/g' | {
		grep -oE '(Fl|\|) +-[a-zA-Z0-9-]+|Fl [a-zA-Z]\b' |
		    sed -E 's/^(Fl|\|) +//; s/^([a-zA-Z])$/-\1/; s/^-([a-z0-9][a-z0-9-]+)$/--\1/'
	} | sort -u
}

n=0
: >"$T/bad"
for p in frfile frmatch; do
	prog=$BUILD/$p
	"$prog" --help | sed -n '/^commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p' >"$T/cmds"
	[ -s "$T/cmds" ] || fail "$p: no commands in --help"
	while read -r c; do
		"$prog" "$c" --list-options >"$T/list" 2>/dev/null || fail "$p $c --list-options failed"
		[ -s "$T/list" ] || continue
		n=$((n + 1))
		cut -d' ' -f1 "$T/list" | sort -u >"$T/table"
		man_opts "$top/man/$p.1" "$c" >"$T/man"
		[ -s "$T/man" ] || [ "$(grep -c . "$T/table")" -le 0 ] || grep -q "^\.Cm $c\$" "$top/man/$p.1" ||
			fail "$p.1: no SYNOPSIS for $c"
		# Each man option is in the table.
		while read -r o; do
			grep -qx -- "$o" "$T/table" ||
			    echo "$p.1: $c: $o is not an option of $p $c" >>"$T/bad"
		done <"$T/man"
		# Each table option (long or short name) is in the man page.
		while read -r o rest; do
			case $o in
			--*) grep -qx -- "$o" "$T/man" && continue
			     short=$(awk -v l="$o" 'prev ~ /^-[^-]/ && $1 == l { print prev } { prev = $1 }' "$T/list")
			     [ -n "$short" ] && grep -qx -- "$short" "$T/man" && continue
			     echo "$p.1: $c: SYNOPSIS lacks $o" >>"$T/bad" ;;
			esac
		done <"$T/list"
	done <"$T/cmds"
done
if [ -s "$T/bad" ]; then
	cat "$T/bad" >&2
	fail "man pages and option tables differ"
fi
[ "$n" -ge 20 ] || fail "only $n commands have option tables"
