#!/bin/sh
# Installs the C library libcsv (the only CSV parser this project uses) when it is missing:
# Debian/Ubuntu libcsv-dev via apt-get, as root or with sudo; Homebrew libcsv on macOS.
set -eu

for prefix in /usr /usr/local /opt/homebrew; do
    if [ -f "$prefix/include/csv.h" ]; then exit 0; fi
done

if command -v apt-get >/dev/null 2>&1; then
    if [ "$(id -u)" -eq 0 ]; then
        SUDO=""
    elif command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "libcsv-dev is missing and neither root nor sudo is available: run 'apt-get install libcsv-dev' as root." >&2
        exit 1
    fi
    echo "Installing libcsv-dev with apt-get ..." >&2
    $SUDO apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libcsv-dev >/dev/null
elif command -v brew >/dev/null 2>&1; then
    echo "Installing libcsv with Homebrew ..." >&2
    brew install libcsv
else
    echo "libcsv is missing: install libcsv-dev (Debian/Ubuntu) or libcsv (Homebrew)." >&2
    exit 1
fi
