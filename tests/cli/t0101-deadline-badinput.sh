#!/bin/sh
# frfile deadline refuses bad dates and unknown events with one line.
. "$(dirname "$0")/lib.sh"

for d in 2025-02-30 2025-13-01 tomorrow 2025-6-1 ""; do
	expect_exit 2 "$FRFILE" deadline reached "$d"
	expect_lines "$T/err" 1
	expect_match "$T/err" "^frfile: deadline: DATE: '$d' is not a valid date, expected YYYY-MM-DD$"
	test -s "$T/out" && fail "output for bad date '$d'"
done
expect_exit 2 "$FRFILE" deadline reach 2025-06-01
expect_lines "$T/err" 1
expect_match "$T/err" "^frfile: deadline: unknown event 'reach', expected reached, change, termination, submitted or returned$"
expect_exit 2 "$FRFILE" deadline reached
expect_match "$T/err" 'EVENT and DATE are needed'
expect_exit 2 "$FRFILE" deadline reached 2025-06-01 extra
expect_exit 2 "$FRFILE" deadline --bogus reached 2025-06-01
expect_match "$T/err" 'unknown option --bogus'
expect_exit 0 "$FRFILE" deadline --help
expect_match "$T/out" '^usage: frfile deadline EVENT DATE'
exit 0
