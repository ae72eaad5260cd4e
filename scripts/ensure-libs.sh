#!/bin/sh
# Installs the C libraries this project uses when they are missing: libcsv (the only CSV parser)
# and libxlsxwriter (XLSX), and zlib and libxml2 (reading XLSX); the build reads libxml2's headers
# from /usr/include/libxml2 (Package.swift), and the tool opens libxlsxwriter and libxml2 when used. Debian/Ubuntu via apt-get, as root or with sudo; Homebrew on macOS.
set -eu

have() {
    for prefix in /usr /usr/local /opt/homebrew; do
        if [ -f "$prefix/include/$1" ]; then return 0; fi
    done
    return 1
}

missing_deb=""
missing_brew=""
have csv.h || { missing_deb="$missing_deb libcsv-dev"; missing_brew="$missing_brew libcsv"; }
have xlsxwriter.h || { missing_deb="$missing_deb libxlsxwriter-dev"; missing_brew="$missing_brew libxlsxwriter"; }
# zlib for the .xlsx reader's deflated parts, and libxml2 for its XML on Linux; macOS has zlib in
# the SDK and reads the XML with Foundation.
if [ "$(uname -s)" != Darwin ]; then
    have zlib.h || missing_deb="$missing_deb zlib1g-dev"
    [ -f /usr/include/libxml2/libxml/parser.h ] || missing_deb="$missing_deb libxml2-dev"
fi
[ -z "$missing_deb" ] && exit 0

if command -v apt-get >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ]; then
        SUDO=""
    elif command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "Missing:$missing_deb, and neither root nor sudo is available: run 'apt-get install$missing_deb' as root." >&2
        exit 1
    fi
    echo "Installing$missing_deb with apt-get ..." >&2
    $SUDO apt-get update -qq
    # shellcheck disable=SC2086
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing_deb >/dev/null
elif command -v brew >/dev/null 2>&1; then
    echo "Installing$missing_brew with Homebrew ..." >&2
    # shellcheck disable=SC2086
    brew install $missing_brew
else
    echo "Missing:$missing_deb. Install libcsv-dev and libxlsxwriter-dev (Debian/Ubuntu) or libcsv and libxlsxwriter (Homebrew)." >&2
    exit 1
fi
