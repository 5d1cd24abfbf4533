# Step 2: unpack the cached root, add BDE Rescue and its configuration, and pack the whole root as the
# zstd-compressed initramfs the kernel boots into ("ramroot"). Sourced by build.sh.

# Units that must not run on a rescue stick: disk maintenance and health daemons touch the customer's disks.
MASKED_UNITS=(
  getty@tty1.service serial-getty@ttyS0.service
  smartd.service smartmontools.service e2scrub_all.timer e2scrub_reap.service fstrim.timer
  dpkg-db-backup.timer systemd-networkd.service systemd-networkd.socket systemd-firstboot.service
  systemd-timesyncd.service swap.target
)

# Storage and keyboard drivers the stick exists for: the build fails if a module exclusion ever drops one.
REQUIRED_MODULES=(nvme ahci sd_mod vmd usb-storage uas xhci-pci ehci-pci sdhci-pci mmc_block rtsx_pci_sdmmc
                  usbhid hid-generic vfat exfat ntfs3)

# customize_root ROOT BIN: everything that turns a plain Debian root into BDE Rescue.
customize_root() {
  local root=$1 bin=$2 unit m
  for m in "${REQUIRED_MODULES[@]}"; do
    [ -n "$(find "$root/usr/lib/modules" -name "$m.ko*" -print -quit)" ] || die "kernel module $m is missing"
  done
  cp -a "$IMAGE_DIR/rootfs/." "$root/"
  # Without its debug information (RelWithDebInfo: 88 MB -> 3 MB): every megabyte is read at boot and kept in RAM.
  install -m 0755 "$bin" "$root/usr/bin/bderescue"
  strip --strip-debug "$root/usr/bin/bderescue"

  systemctl --root="$root" --quiet set-default multi-user.target
  systemctl --root="$root" --quiet enable bderescue@tty1.service bderescue@ttyS0.service \
    bderescue-bootinfo.service bderescue-stick.service bderescue-autorun.service
  for unit in "${MASKED_UNITS[@]}"; do
    ln -sfn /dev/null "$root/etc/systemd/system/$unit"
  done
  # Never mount or activate partitions found by type (ESP, swap, /home) on any disk.
  mkdir -p "$root/etc/systemd/system-generators"
  ln -sfn /dev/null "$root/etc/systemd/system-generators/systemd-gpt-auto-generator"

  # Empty machine-id: systemd makes a fresh one in memory each boot without "first boot" prompts.
  : > "$root/etc/machine-id"
  rm -f "$root/var/lib/dbus/machine-id"
  # The kernel runs /init from an initramfs; ours is systemd itself.
  ln -sfn /sbin/init "$root/init"
  # udev only reads the compiled hwdb.bin; its sources are 10 MiB of RAM.
  rm -rf "$root/usr/lib/udev/hwdb.d"
  rm -rf "$root/var/cache/"* "$root/var/log/"* "$root/var/lib/apt/lists/"* "$root/tmp/"*
}

# make_ramroot TARBALL BIN WORKDIR -> writes WORKDIR/vmlinuz and WORKDIR/ramroot.img
make_ramroot() {
  local tarball=$1 bin=$2 work=$3 root=$3/root kernel
  rm -rf "$root"
  mkdir -p "$root"
  tar -C "$root" -xpf "$tarball"
  kernel=$(ls "$root"/boot/vmlinuz-* | head -n 1)
  [ -f "$kernel" ] || die "no kernel in the root file system"
  cp "$kernel" "$work/vmlinuz"
  rm -rf "$root/boot/"*
  customize_root "$root" "$bin"
  # zstd -9: measured 5 s against 150 s for -19 on two busy cores, for an image only 8% larger.
  log "ramroot: $(du -sm "$root" | cut -f1) MiB unpacked; packing with zstd"
  (cd "$root" && find . -mindepth 1 -print0 | LC_ALL=C sort -z |
     cpio --null --create --format=newc --quiet --reproducible) |
    nice -n 10 zstd -q -T2 -${BDERESCUE_ZSTD_LEVEL:-9} > "$work/ramroot.img.partial"
  mv "$work/ramroot.img.partial" "$work/ramroot.img"
  log "ramroot: $(du -m "$work/ramroot.img" | cut -f1) MiB compressed"
}
