#!/usr/bin/env bash
# Unpacks the Windows-made BitLocker volumes (sparse) into $2 once; later calls only check they are there.
set -euo pipefail
tarball=$1 dest=$2
if [ -f "$dest/bitlk-images/.complete" ]; then exit 0; fi
[ -f "$tarball" ] || { echo "test data not found: $tarball" >&2; exit 1; }
rm -rf "$dest.tmp" && mkdir -p "$dest.tmp"
tar -xJ --sparse -f "$tarball" -C "$dest.tmp"
chmod a-w "$dest.tmp"/bitlk-images/*.img "$dest.tmp"/bitlk-images/*.BEK
rm -rf "$dest" && mv "$dest.tmp" "$dest"
touch "$dest/bitlk-images/.complete"
