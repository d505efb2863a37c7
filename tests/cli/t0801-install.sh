#!/bin/sh
# make install into a DESTDIR: the installed programs find their calendars,
# forms and templates without the source tree, from another directory.
. "$(dirname "$0")/lib.sh"

root=$T/root
make -s -C "$top" install BUILD="$BUILD" DESTDIR="$root" PREFIX=/opt/fr \
    >"$T/make.log" 2>&1 || { cat "$T/make.log"; fail "make install failed"; }
for f in bin/frfile bin/frmatch share/man/man1/frfile.1 \
    share/man/man1/frmatch.1 share/man/man5/frfile-filing.5 \
    share/frfile/data/calendar/2025.json share/frfile/forms/changes.json \
    share/frfile/samples/filing.json \
    share/bash-completion/completions/frfile \
    share/bash-completion/completions/frmatch; do
	[ -f "$root/opt/fr/$f" ] || fail "not installed: $f"
done

cd "$T" || exit 1
mkdir elsewhere && cd elsewhere || exit 1
expect_exit 0 "$root/opt/fr/bin/frfile" deadline reached 2025-06-01 --json
expect_eq 2025-07-14 "$(jv "$T/out" '.due')" due
S=$root/opt/fr/share/frfile/samples/filing.json
expect_exit 0 "$root/opt/fr/bin/frfile" diff "$S" "$S"
expect_exit 0 "$root/opt/fr/bin/frfile" validate "$S"
expect_exit 0 "$root/opt/fr/bin/frmatch" --version

# The completion offers the installed program's commands.
out=$(bash -c ". '$root/opt/fr/share/bash-completion/completions/frfile'
	PATH='$root/opt/fr/bin':\$PATH
	COMP_WORDS=(frfile dea); COMP_CWORD=1; _frfile_complete
	echo \"\${COMPREPLY[*]}\"")
expect_eq deadline "$out" "completion of 'dea'"
out=$(bash -c ". '$root/opt/fr/share/bash-completion/completions/frfile'
	PATH='$root/opt/fr/bin':\$PATH
	COMP_WORDS=(frfile deadline --ass); COMP_CWORD=2; _frfile_complete
	echo \"\${COMPREPLY[*]}\"")
expect_eq --assume-weekends "$out" "completion of '--ass'"

make -s -C "$top" uninstall BUILD="$BUILD" DESTDIR="$root" PREFIX=/opt/fr \
    >/dev/null 2>&1 || fail "make uninstall failed"
[ ! -e "$root/opt/fr/bin/frfile" ] || fail "uninstall left bin/frfile"
[ ! -e "$root/opt/fr/share/frfile" ] || fail "uninstall left share/frfile"
