#!/usr/bin/env bash
# Gives the BDERESCUE data partition the rest of a stick bigger than the image.
#
#   image/grow-data-partition.sh DEVICE [--yes]      (DEVICE: /dev/sdX, or an image file)
#
# After dd, a 32 GB stick holds the ~200 MiB image and the rest is unused. This moves nothing that boots: it
# makes a new, larger FAT32 file system in the free space behind the system partition, copies the files of the
# old data partition (keys, reports) into it, and only then points partition 1 at it, so the data partition stays
# partition number 1 (the one every Windows version shows) and the old area is simply left unused.
set -euo pipefail
IMAGE_DIR=$(cd "$(dirname "$0")" && pwd)
source "$IMAGE_DIR/lib/common.sh"

dev=""; yes=0
while [ $# -gt 0 ]; do
  case $1 in
    --yes) yes=1; shift ;;
    -h|--help) usage "$0"; exit 0 ;;
    *) [ -z "$dev" ] || die "one device only"; dev=$1; shift ;;
  esac
done
[ -n "$dev" ] || die "usage: grow-data-partition.sh DEVICE [--yes]"
[ -e "$dev" ] || die "$dev does not exist"
need_tools sgdisk mkfs.vfat mcopy mdir
if [ -b "$dev" ]; then
  [ "$(id -u)" -eq 0 ] || die "run as root to change $dev"
  if lsblk -nro MOUNTPOINT "$dev" | grep . >/dev/null; then die "$dev has mounted partitions: unmount them first"; fi
fi

sgdisk -i 1 "$dev" | grep "Partition name: 'BDERESCUE'" >/dev/null || die "$dev is not a BDE Rescue stick (no BDERESCUE partition 1)"
sgdisk -i 4 "$dev" | grep "Partition name: 'BDE Rescue system'" >/dev/null || die "$dev has no BDE Rescue system partition 4"

# A copied image keeps its backup GPT where the image ended: move it to the end of the device first.
sgdisk -e "$dev" >/dev/null
read -r old_offset old_size < <(partition_extent "$dev" 1)
read -r sys_offset sys_size < <(partition_extent "$dev" 4)
free_first=$(sgdisk -F "$dev")
free_last=$(sgdisk -E "$dev")
if [ "$free_first" -le 0 ] || [ $((free_first * 512)) -lt $((sys_offset + sys_size)) ]; then
  echo "No free space after the system partition: nothing to do."; exit 0
fi
new_size=$(( (free_last - free_first + 1) * 512 ))
if [ "$new_size" -le "$old_size" ]; then
  echo "The free space ($((new_size / 1048576)) MiB) is not bigger than the data partition: nothing to do."; exit 0
fi

echo "Data partition: $((old_size / 1048576)) MiB now, $((new_size / 1048576)) MiB after moving it behind the system partition."
if [ "$yes" -ne 1 ]; then
  read -r -p "Go ahead with $dev? [y/N] " answer
  [[ $answer == [yY]* ]] || { echo "Nothing changed."; exit 1; }
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
old="$dev@@$old_offset"
new="$dev@@$((free_first * 512))"
mkdir "$tmp/files"
# Keep what is there (keys, reports), including hidden files and folders.
if [ -n "$(mdir -b -a -i "$old" ::/ 2>/dev/null)" ]; then
  mcopy -s -p -m -n -Q -i "$old" '::/*' "$tmp/files/"
fi
# (mkfs.vfat warns that the device is bigger than the file system it was asked for: that is the point.)
mkfs_out=$(mkfs.vfat -F 32 -n BDERESCUE --offset="$free_first" "$dev" $((new_size / 1024)) 2>&1) ||
  die "mkfs.vfat failed: $mkfs_out"
if [ -n "$(ls -A "$tmp/files")" ]; then
  mcopy -s -p -m -n -Q -i "$new" "$tmp/files/"* ::/
fi
# Only now switch partition 1 over; the boot-code byte of the protective MBR survives sgdisk, the active flag not.
sgdisk -d 1 -n "1:$free_first:$free_last" -t 1:0700 -c 1:BDERESCUE "$dev" >/dev/null
printf '\x80' | dd of="$dev" bs=1 seek=446 conv=notrunc status=none
sync
[ -b "$dev" ] && { blockdev --rereadpt "$dev" 2>/dev/null || partprobe "$dev" 2>/dev/null || true; }
echo "Done: BDERESCUE is now $((new_size / 1048576)) MiB."
