# Step 1: the Debian root file system as a tarball, cached by a hash of everything that goes into it.
# Sourced by build.sh; uses log/die from common.sh.

# Kernel module trees the stick never needs (no network, sound, cameras, GPUs). Whole files are left out, so the
# remaining modules keep their signatures (Secure Boot lockdown refuses unsigned modules). Graphics drivers are
# left out on purpose: amdgpu without its (non-free) firmware blanks the screen, while the firmware's own frame
# buffer (simpledrm/efifb, built into the kernel) shows a text console on every UEFI PC and VGA text on BIOS.
MODULE_EXCLUDES=(
  drivers/net drivers/gpu drivers/media drivers/infiniband drivers/iio drivers/staging drivers/comedi
  drivers/isdn drivers/bluetooth drivers/target drivers/accel drivers/mtd drivers/atm
  drivers/w1 drivers/nfc drivers/ptp sound net arch/x86/kvm
  fs/nfs fs/nfsd fs/nfs_common fs/ceph fs/smb fs/ocfs2 fs/gfs2 fs/dlm fs/coda fs/afs fs/9p fs/orangefs
)

# Documentation, manuals, translations: nobody reads them on the stick, and they cost RAM (ramroot).
DOC_EXCLUDES=('/usr/share/doc/*' '/usr/share/man/*' '/usr/share/info/*' '/usr/share/locale/*'
              '/usr/share/lintian/*' '/usr/share/bash-completion/*' '/usr/share/zsh/*')

# Debian packages providing the shared libraries that BINARY links against (from ldd and dpkg -S).
runtime_packages_of() {
  local bin=$1 lib owner
  for lib in $(ldd "$bin" | awk '/=> \// { print $3 } /^\t\/lib/ { print $1 }'); do
    owner=$(dpkg -S "$(readlink -f "$lib")" 2>/dev/null || dpkg -S "$lib" 2>/dev/null) ||
      die "no Debian package owns $lib (needed by $bin)"
    echo "${owner%%:*}"
  done | sort -u
}

# Writes the package list (one per line) for the root file system to stdout.
rootfs_package_list() {
  local bin=$1
  { grep -vE '^[[:space:]]*(#|$)' "$IMAGE_DIR/packages.txt"; runtime_packages_of "$bin"; } | sort -u
}

# make_rootfs BIN CACHE_DIR -> prints the path of the cached rootfs tarball (built if missing).
make_rootfs() {
  local bin=$1 cache=$2 pkgs key tarball mirror security opts=() p
  pkgs=$(rootfs_package_list "$bin")
  mirror=$(debian_mirror)
  security=$(debian_security_mirror)
  local sources=("deb $mirror bookworm main" "deb $mirror bookworm-updates main" "deb $mirror bookworm-backports main")
  [ -n "$security" ] && sources+=("deb $security bookworm-security main")

  opts+=(--variant=essential --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr)
  opts+=(--aptopt='Apt::Install-Recommends "false"')
  for p in "${DOC_EXCLUDES[@]}"; do opts+=(--dpkgopt="path-exclude=$p"); done
  opts+=(--dpkgopt='path-include=/usr/share/doc/*/copyright')
  for p in "${MODULE_EXCLUDES[@]}"; do opts+=(--dpkgopt="path-exclude=/lib/modules/*/kernel/$p/*"); done
  # The kernel package insists on an initramfs generator; the stick's initramfs is the whole root, built by us.
  opts+=(--essential-hook='chroot "$1" dpkg-divert --quiet --local --rename --add /usr/sbin/update-initramfs &&
                            printf "#!/bin/sh\nexit 0\n" > "$1/usr/sbin/update-initramfs" && chmod 755 "$1/usr/sbin/update-initramfs"')
  opts+=(--include="$(echo "$pkgs" | paste -sd,)")

  key=$( { echo "$pkgs"; printf '%s\n' "${sources[@]}" "${opts[@]}"; } | sha256sum | cut -c1-16)
  tarball="$cache/rootfs-$key.tar"
  if [ -s "$tarball" ]; then
    log "rootfs: reusing $tarball (package list unchanged)"
  else
    mkdir -p "$cache"
    log "rootfs: mmdebstrap bookworm ($(echo "$pkgs" | wc -l) packages) -> $tarball"
    local partial="$cache/partial-$key.tar"   # mmdebstrap picks the output format from the name's ending
    rm -rf "$cache"/partial-*
    nice -n 10 mmdebstrap --quiet "${opts[@]}" bookworm "$partial" "${sources[@]}" >&2 || die "mmdebstrap failed"
    mv "$partial" "$tarball"
    # Keep only the newest two roots.
    ls -1t "$cache"/rootfs-*.tar | tail -n +3 | xargs -r rm -f
  fi
  echo "$tarball"
}
