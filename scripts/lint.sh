#!/bin/sh
# make lint: functions the house style bans (STYLE.md 9), dependency
# headers outside the one module that wraps each (STYLE.md 1), functions
# over 150 lines (scripts/funclen.sh), and the man pages under mandoc
# -T lint. Exits non-zero on any finding.
set -u
cd "$(dirname "$0")/.." || exit 1
status=0

# Banned calls: unbounded copies and formats, non-reentrant time and
# tokenising, unchecked number parsing. snprintf, fgets, strtok_r,
# gmtime_r and localtime_r do not match.
banned='\b(strcpy|strcat|sprintf|vsprintf|gets|strtok|atoi|atol|atoll|gmtime|localtime)[[:space:]]*\('
if grep -rnE "$banned" src/ --include='*.c' --include='*.h' |
    grep -vE '^[^:]+:[0-9]+:[[:space:]]*(/?\*|//)'; then
	echo "lint: banned function (use snprintf, fr_parse_ll, gmtime_r, localtime_r, strtok_r)" >&2
	status=1
fi

# One module knows each dependency.
only() {	# only HEADER-ERE ALLOWED-PATH-ERE
	bad=$(grep -rlE "#[[:space:]]*include[[:space:]]*<$1>" src/ | grep -vE "$2")
	if [ -n "$bad" ]; then
		echo "lint: <$1> included outside $2:" $bad >&2
		status=1
	fi
}
only 'sqlite3\.h' '^src/store/ledger\.c$|^src/frmatch/store\.c$'
only 'microhttpd\.h' '^src/frmatch/serve\.c$'
# frmatch: OpenSSL only in its crypto module.
bad=$(grep -rlE '#[[:space:]]*include[[:space:]]*<openssl/' src/frmatch/ | grep -v '^src/frmatch/crypto\.c$')
[ -z "$bad" ] || { echo "lint: <openssl/...> in frmatch outside crypto.c:" $bad >&2; status=1; }
only 'curl/curl\.h' '^src/net/'
# libzip and libxml2: XLSX exports read, Word drafts written.
only 'zip\.h' '^src/core/xlsxin\.c$|^src/render/docx\.c$'
only 'libxml/[a-z]+\.h' '^src/core/xlsxin\.c$|^src/render/docx\.c$'
# PCRE2: identifier shapes for the filing, id patterns for counting.
only 'pcre2\.h' '^src/core/ident\.c$|^src/core/idpat\.c$'
# frfile: OpenSSL only in the hashing wrapper.
bad=$(grep -rlE '#[[:space:]]*include[[:space:]]*<openssl/' src/ | grep -v '^src/frmatch/' | grep -v '^src/core/hmac\.c$')
[ -z "$bad" ] || { echo "lint: <openssl/...> outside src/core/hmac.c:" $bad >&2; status=1; }

# Functions stay short enough to read whole.
long=$(sh scripts/funclen.sh)
if [ -n "$long" ]; then
	echo "$long" >&2
	echo "lint: functions over 150 lines (split them along what they do)" >&2
	status=1
fi

if command -v mandoc >/dev/null; then
	for m in man/*.[0-9]; do
		[ -f "$m" ] || continue
		mandoc -T lint -W warning "$m" || status=1
	done
else
	echo "lint: mandoc not installed (scripts/deps.sh installs it)" >&2
	status=1
fi
[ $status -eq 0 ] && echo "lint: clean"
exit $status
