# Step 3: assemble the raw disk image from files, without loop devices. Sourced by build.sh.
#
#   partition 1  BDERESCUE  FAT32, Microsoft basic data: keys in, logs and reports out (first, so every Windows
#                           version shows it; grow-data-partition.sh can move it to a bigger stick's free space)
#   partition 2  BIOS boot  grub-pc core image (legacy BIOS; boot code in the MBR points at it)
#   partition 3  EFI system FAT32: signed shim as EFI/BOOT/BOOTX64.EFI, signed GRUB, MokManager, grub.cfg
#   partition 4  system     ext2, never mounted: the kernel and the whole root as a zstd initramfs
DATA_MIB=${BDERESCUE_DATA_MIB:-64}
ESP_MIB=40   # FAT32 needs at least 65525 clusters: 40 MiB with 512-byte clusters.
SHIM=/usr/lib/shim/shimx64.efi.signed
MOKMANAGER=/usr/lib/shim/mmx64.efi.signed
GRUB_EFI=/usr/lib/grub/x86_64-efi-signed/grubx64.efi.signed
GRUB_PC_DIR=/usr/lib/grub/i386-pc
# Built into the BIOS core image, so GRUB never needs a module directory on the stick.
GRUB_PC_MODULES="biosdisk part_gpt fat ext2 normal boot linux search search_fs_uuid configfile serial terminal
                 echo test loadenv sleep reboot halt"

mib() { echo $(( ($1 + 1048575) / 1048576 )); }

# fat_image FILE MIB LABEL: an empty FAT32 file system in a file.
fat_image() {
  rm -f "$1"
  mkfs.vfat -C -F 32 -s 1 -S 512 -n "$3" "$1" $(($2 * 1024)) >/dev/null
}

# write_bios_boot IMAGE CORE_IMG FIRST_SECTOR: GRUB's MBR boot code plus its core image, as grub-bios-setup
# would write them (it refuses files): the MBR keeps its partition table and learns where the core image is;
# the core image's first sector learns where the rest of itself is.
write_bios_boot() {
  local image=$1 core=$2 first=$3 sectors
  sectors=$(( ($(stat -c %s "$core") + 511) / 512 ))
  local tmp; tmp=$(mktemp -d)
  cp "$core" "$tmp/core.img"
  # diskboot's block list (last 12 bytes of its sector): start LBA (u64), sector count (u16), load segment.
  printf "$(le_bytes $((first + 1)) 8)$(le_bytes $((sectors - 1)) 2)$(le_bytes 0x820 2)" |
    dd of="$tmp/core.img" bs=1 seek=500 conv=notrunc status=none
  dd if="$tmp/core.img" of="$image" bs=512 seek="$first" conv=notrunc status=none
  # boot.img's code area (440 bytes) with: core's LBA at 0x5c, the "trust the BIOS boot drive" fix (two NOPs
  # over the jump at 0x66) that grub-bios-setup applies for hard disks.
  head -c 440 "$GRUB_PC_DIR/boot.img" > "$tmp/boot.img"
  printf "$(le_bytes "$first" 8)" | dd of="$tmp/boot.img" bs=1 seek=$((0x5c)) conv=notrunc status=none
  printf '\x90\x90' | dd of="$tmp/boot.img" bs=1 seek=$((0x66)) conv=notrunc status=none
  dd if="$tmp/boot.img" of="$image" bs=1 count=440 conv=notrunc status=none
  # Some older BIOSes boot a GPT disk only when the protective MBR entry is marked active; UEFI ignores it.
  printf '\x80' | dd of="$image" bs=1 seek=446 conv=notrunc status=none
  rm -rf "$tmp"
}

# le_bytes VALUE COUNT: VALUE as COUNT little-endian bytes in printf's \xNN notation.
le_bytes() {
  local v=$(($1)) i out=""
  for ((i = 0; i < $2; i++)); do out+=$(printf '\\x%02x' $((v & 255))); v=$((v >> 8)); done
  printf '%s' "$out"
}

# make_disk OUT WORK UUID: WORK holds vmlinuz and ramroot.img.
make_disk() {
  local out=$1 work=$2 uuid=$3 sys_mib total_mib part
  local stage=$work/system
  rm -rf "$stage"; mkdir -p "$stage"
  cp "$work/vmlinuz" "$work/ramroot.img" "$stage/"
  sys_mib=$(( $(mib $(du -sb "$stage" | cut -f1)) * 21 / 20 + 2 ))
  rm -f "$work/system.ext2"
  # Two big files: few inodes, no room kept for growing.
  mke2fs -q -F -t ext2 -b 4096 -m 0 -N 64 -O ^resize_inode -L BDESYSTEM -U "$uuid" -E root_owner=0:0 -d "$stage" \
    "$work/system.ext2" "${sys_mib}M" >/dev/null

  fat_image "$work/data.fat" "$DATA_MIB" BDERESCUE
  mcopy -i "$work/data.fat" "$IMAGE_DIR/data-README.TXT" ::/README.TXT

  fat_image "$work/esp.fat" "$ESP_MIB" BDEBOOT
  mmd -i "$work/esp.fat" ::/EFI ::/EFI/BOOT ::/EFI/debian
  mcopy -i "$work/esp.fat" "$SHIM" ::/EFI/BOOT/BOOTX64.EFI
  mcopy -i "$work/esp.fat" "$GRUB_EFI" ::/EFI/BOOT/grubx64.efi
  mcopy -i "$work/esp.fat" "$MOKMANAGER" ::/EFI/BOOT/mmx64.efi
  sed "s/@SYSTEM_UUID@/$uuid/g" "$IMAGE_DIR/grub.cfg.in" > "$work/grub.cfg"
  mcopy -i "$work/esp.fat" "$work/grub.cfg" ::/EFI/debian/grub.cfg
  fsck.vfat -n "$work/data.fat" >/dev/null && fsck.vfat -n "$work/esp.fat" >/dev/null || die "FAT check failed"

  # BIOS: prefix (,gpt3) = partition 3 of whatever disk the BIOS booted from.
  grub-mkimage -O i386-pc -o "$work/core.img" -p '(,gpt3)/EFI/debian' $GRUB_PC_MODULES

  total_mib=$((1 + DATA_MIB + 1 + ESP_MIB + sys_mib + 1))
  rm -f "$out.partial"
  truncate -s "${total_mib}M" "$out.partial"
  sgdisk --clear \
    -n 1:1M:+${DATA_MIB}M -t 1:0700 -c 1:BDERESCUE \
    -n 2:0:+1M -t 2:EF02 -c 2:"BIOS boot" \
    -n 3:0:+${ESP_MIB}M -t 3:EF00 -c 3:"EFI system" \
    -n 4:0:+${sys_mib}M -t 4:8300 -c 4:"BDE Rescue system" \
    "$out.partial" >/dev/null || die "sgdisk failed"
  for part in "1 data.fat" "3 esp.fat" "4 system.ext2"; do
    set -- $part
    dd if="$work/$2" of="$out.partial" bs=1M seek=$(( $(partition_extent "$out.partial" "$1" | cut -d' ' -f1) / 1048576 )) \
      conv=notrunc,sparse status=none
  done
  write_bios_boot "$out.partial" "$work/core.img" $(( $(partition_extent "$out.partial" 2 | cut -d' ' -f1) / 512 ))
  sgdisk -v "$out.partial" | grep 'No problems found' >/dev/null || die "the partition table does not verify"
  mv "$out.partial" "$out"
}
