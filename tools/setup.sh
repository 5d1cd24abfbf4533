#!/usr/bin/env bash
# Installs every Debian package BDE Rescue needs to build, test and make the USB image.
# Idempotent and non-interactive; run as root (or via sudo) on Debian 12 (bookworm).
set -euo pipefail

BUILD_PKGS=(
  build-essential cmake pkg-config ninja-build git
  libbde-dev libbfio-dev libbde-utils libssl-dev libblkid-dev libfuse3-dev fuse3
  libncurses-dev catch2 nlohmann-json3-dev libcli11-dev libfmt-dev
)
TEST_PKGS=(
  tmux clang-14 libclang-rt-14-dev
  ntfs-3g dosfstools mtools exfat-fuse exfatprogs dislocker
  xz-utils file util-linux fdisk gdisk
  e2fsprogs mount
)
IMAGE_PKGS=(
  mmdebstrap qemu-system-x86 ovmf seabios squashfs-tools zstd
  grub-pc-bin grub-efi-amd64-bin grub-efi-amd64-signed shim-signed
)

want=("${BUILD_PKGS[@]}" "${TEST_PKGS[@]}")
[ "${BDERESCUE_NO_IMAGE_TOOLS:-0}" = 1 ] || want+=("${IMAGE_PKGS[@]}")

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#want[@]} packages already installed"
  exit 0
fi
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
