#!/usr/bin/env bash
# Builds the BDE Rescue USB stick image: build/bderescue-usb.img, a raw disk image to write with dd, Rufus or
# Etcher. Run from the repository root as root, after building bderescue (cmake --build build).
#
#   image/build.sh [--bin PATH] [--out IMAGE] [--work DIR] [--cache DIR]
#
# Debian bookworm root (packages from this machine's own Debian mirror), bookworm-backports' signed 6.12
# kernel, the host-built bderescue binary. See image/README.md for the layout and the reasons.
set -euo pipefail
shopt -s inherit_errexit   # steps run inside $(...) must stop at their first failure too
IMAGE_DIR=$(cd "$(dirname "$0")" && pwd)
source "$IMAGE_DIR/lib/common.sh"
source "$IMAGE_DIR/lib/rootfs.sh"
source "$IMAGE_DIR/lib/ramroot.sh"
source "$IMAGE_DIR/lib/disk.sh"

bin=build/bderescue
out=build/bderescue-usb.img
work=""
cache=""
while [ $# -gt 0 ]; do
  case $1 in
    --bin) bin=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --cache) cache=$2; shift 2 ;;
    -h|--help) usage "$0"; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
done
work=${work:-$(dirname "$out")/image-work}
cache=${cache:-${BDERESCUE_IMAGE_CACHE:-$(dirname "$out")/image-cache}}

[ "$(id -u)" -eq 0 ] || die "run as root (mmdebstrap, device nodes and file ownership in the root file system)"
[ -x "$bin" ] || die "$bin not found: build it first (cmake -S . -B build -G Ninja && ninja -C build bderescue)"
need_tools mmdebstrap sgdisk mkfs.vfat fsck.vfat mcopy mmd mke2fs grub-mkimage zstd cpio ldd dpkg strip
for f in "$SHIM" "$MOKMANAGER" "$GRUB_EFI" "$GRUB_PC_DIR/boot.img"; do
  [ -f "$f" ] || die "$f missing (run: bash tools/setup.sh)"
done

start=$SECONDS
mkdir -p "$work" "$(dirname "$out")"
tarball=$(make_rootfs "$bin" "$cache")
make_ramroot "$tarball" "$bin" "$work"
uuid=$(cat /proc/sys/kernel/random/uuid)
make_disk "$out" "$work" "$uuid"
rm -rf "$work/root" "$work/system" "$work"/*.fat "$work/system.ext2"
(cd "$(dirname "$out")" && sha256sum "$(basename "$out")" > "$(basename "$out").sha256")
log "done in $((SECONDS - start)) s: $out ($(du -m --apparent-size "$out" | cut -f1) MiB, system UUID $uuid)"
