#!/bin/sh
# Both programs answer --help and --version, and refuse unknown commands
# with exit 2 and one line naming the command.
. "$(dirname "$0")/lib.sh"

for p in "$FRFILE" "$FRMATCH"; do
	expect_exit 0 "$p" --help
	expect_match "$T/out" '^usage: '
	expect_exit 0 "$p" --version
	expect_match "$T/out" '^fr(file|match) [0-9]+\.[0-9]+\.[0-9]+$'
	expect_exit 2 "$p" no-such-command
	expect_match "$T/err" "unknown command 'no-such-command'"
	expect_exit 2 "$p"
done
