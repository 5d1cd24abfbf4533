#!/usr/bin/env bash
# Makes a 1 GiB AES-XTS-128 and a 1 GiB AES-CBC-128 BitLocker volume (NTFS inside) with bdegen and runs
# bench_decrypt_peers on each: ours vs libbde (bdemount), dislocker-fuse and openssl speed, same run.
# Usage: [VOLUME_SIZE=1G] bench/decrypt_peers.sh [BUILD_DIR (default build)] [--peer-mib N]
# Needs ~2 GiB free in $TMPDIR (or /tmp; the mount points go there too), FUSE, bdemount (libbde-utils) and dislocker-fuse (dislocker).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
build=$repo/build
if [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; then build=$(cd "$1" && pwd); shift; fi
work=$(mktemp -d "${TMPDIR:-/tmp}/bench-decrypt-peers.XXXXXX")
cleanup() {  # the bench unmounts its own mounts; this is for a bench that was killed
    local m
    for m in $(awk -v w="$work/" 'index($2, w) == 1 {print $2}' /proc/mounts); do
        fusermount -u "$m" 2>/dev/null || umount -l "$m" || true
    done
    rm -rf "$work"
}
trap cleanup EXIT
for method in aes-xts-128 aes-cbc-128; do
    echo "== $method: making a ${VOLUME_SIZE:-1G} volume with bdegen"
    BDEGEN=$build/bdegen "$repo/tools/make-test-volume.sh" --size "${VOLUME_SIZE:-1G}" "$work/$method" \
        -- --method "$method" --password bench-password --seed 1 >/dev/null
    rm -f "$work/$method/plain.img"
    TMPDIR=$work "$build/bench/bench_decrypt_peers" "$work/$method/volume.img" --password bench-password "$@"
    rm -rf "${work:?}/$method"
done
