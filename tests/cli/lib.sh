# lib.sh — sourced by every tests/cli/tNNNN-*.sh script.
#
# Hermetic: LC_ALL=C, a time zone that is NOT UTC+8 (so time-zone bugs
# show), a private HOME/XDG_DATA_HOME, and a temp dir removed by a trap.
# Provides: FRFILE, FRMATCH (the programs under test), T (temp dir),
# fail, expect_exit, expect_eq, expect_match, expect_file_mode, and for
# JSON output jv and expect_json (jq) and json_get (python3).
set -u
LC_ALL=C
TZ=America/Los_Angeles
export LC_ALL TZ
top=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$top/$BUILD ;; esac
FRFILE=$BUILD/frfile
FRMATCH=$BUILD/frmatch
SAMPLES=$top/samples
T=$(mktemp -d "${TMPDIR:-/tmp}/frfile-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
HOME=$T/home
XDG_DATA_HOME=$T/xdg
export HOME XDG_DATA_HOME
unset FRFILE_LEDGER FRFILE_TODAY FRFILE_TOKEN FRFILE_DATADIR
mkdir -p "$HOME"

# Python for the helpers, the inline scripts and the scripts the tests
# run: Debian's interpreter (python3 in scripts/deps.sh) where there is
# one, put first on PATH. A version manager's shim as python3 costs a
# good part of a second at every start, and the suite starts it often.
if [ -x /usr/bin/python3 ]; then
	mkdir "$T/bin"
	ln -s /usr/bin/python3 "$T/bin/python3"
	PATH=$T/bin:$PATH
	export PATH
fi

fail() {
	echo "FAIL: $(basename "$0"): $*" >&2
	exit 1
}

# expect_exit CODE CMD ARGS...: run, keep stdout/stderr in $T/out, $T/err.
expect_exit() {
	want=$1
	shift
	"$@" >"$T/out" 2>"$T/err"
	got=$?
	if [ "$got" -ne "$want" ]; then
		echo "command: $*" >&2
		echo "--- stdout" >&2; cat "$T/out" >&2
		echo "--- stderr" >&2; cat "$T/err" >&2
		fail "exit $got, expected $want"
	fi
}

# expect_eq EXPECTED ACTUAL [WHAT]
expect_eq() {
	[ "$1" = "$2" ] || fail "${3:-value}: got '$2', expected '$1'"
}

# expect_match FILE ERE: the file has a line matching the pattern.
expect_match() {
	grep -Eq -- "$2" "$1" || { cat "$1" >&2; fail "$1 does not match /$2/"; }
}

# expect_no_match FILE ERE
expect_no_match() {
	! grep -Eq -- "$2" "$1" || { cat "$1" >&2; fail "$1 matches /$2/"; }
}

# expect_lines FILE N: exactly N lines
expect_lines() {
	n=$(wc -l <"$1")
	[ "$n" -eq "$2" ] || { cat "$1" >&2; fail "$1 has $n lines, expected $2"; }
}

expect_file_mode() {
	m=$(stat -c %a "$1")
	[ "$m" = "$2" ] || fail "$1 has mode $m, expected $2"
}

# json_get FILE EXPR: a value from a JSON file with python3 (EXPR is
# Python applied to `d`, e.g. "d['due']"). One process per value: for
# several values of one file, expect_json is one process for them all.
json_get() {
	python3 -c "import json,sys; d=json.load(open(sys.argv[1])); v=$2; print(json.dumps(v) if isinstance(v,(dict,list,bool)) or v is None else v)" "$1"
}

# jv FILE FILTER [JQ OPTIONS...]: what jq's FILTER gives on FILE, strings
# without quotes, arrays and objects on one line (jq -rc); the options
# pass values in (--arg NAME VALUE, --argjson NAME JSON).
jv() {
	_f=$1
	_q=$2
	shift 2
	jq -rc "$@" "$_q" "$_f"
}

# expect_json FILE FILTER [WHAT] <EXPECTED: what jq's FILTER gives on
# FILE (as jv) is exactly the lines on standard input; one jq for as
# many fields as the filter lists, e.g. '.due, .working_days'.
expect_json() {
	jq -rc "$2" "$1" >"$T/json.got" 2>&1
	diff -u - "$T/json.got" >"$T/json.diff" || {
		cat "$T/json.diff" >&2
		fail "${3:-$1}: $2"
	}
}
