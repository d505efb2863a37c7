#!/bin/sh
# Installs the Debian 12 packages frfile needs, only those missing, and says
# which. Run by make before the first compile; needs root (or sudo) only when
# something is missing.
set -u
PKGS="gcc make pkg-config libcjson-dev libpcre2-dev libcurl4-openssl-dev
libhpdf-dev libxlsxwriter-dev libsqlite3-dev libssl-dev libharfbuzz-dev
libmicrohttpd-dev libunibreak-dev libcmocka-dev libsodium-dev libzip-dev libxml2-dev
fonts-arphic-uming
fonts-wqy-microhei fonts-dejavu-core fonts-liberation2 poppler-utils qpdf mandoc sqlite3
curl jq python3 python3-openpyxl python3-docx libreoffice-writer-nogui zip unzip
openssl procps"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "deps: installing missing Debian packages:$missing"
if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO=sudo; else
	echo "deps: not root and no sudo; run: apt-get install$missing" >&2; exit 1; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq || { echo "deps: apt-get update failed" >&2; exit 1; }
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null ||
	{ echo "deps: apt-get install failed:$missing" >&2; exit 1; }
echo "deps: done"
