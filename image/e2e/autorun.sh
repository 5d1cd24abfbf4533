#!/bin/bash
# Runs inside the booted stick for image/e2e-test.sh (kernel options bderescue.autorun=e2e/autorun.sh
# bderescue.after_autorun=poweroff), from the stick's data partition. Prints each step between "BDERESCUE-SECTION name" lines for the host to read.
# SATA disks by serial number: BDESRC holds a BitLocker volume (partition 2), BDENTFS a plain NTFS partition
# with the same files, BDEDST the FAT32 destination. e2e.env beside this script gives the recovery password.
set -u
source ./e2e.env
section() { echo "BDERESCUE-SECTION $1"; }
disk_with_serial() { lsblk -dnrpo NAME,SERIAL | awk -v s="$1" '$2 == s { print $1 }'; }
partition() { lsblk -nrpo NAME,TYPE "$1" | awk -v n="$2" '$2 == "part" && ++i == n { print $1 }'; }

section system
# What the stick promises: no swap, no network, no failed service, no disk mounted but its own data partition.
echo "swap=$(swapon --noheadings --show=NAME | wc -l)"
echo "net=$(ls /sys/class/net | tr '\n' ' ')"
echo "failed=$(systemctl list-units --state=failed --no-legend --plain | wc -l)"
findmnt -rn -o SOURCE,TARGET | grep '^/dev/' | sed 's/^/mount=/'
missing=""
for tool in lsblk ntfs-3g mkfs.exfat mount.exfat-fuse fsck.vfat ddrescue smartctl less mc nano fdisk; do
  command -v "$tool" >/dev/null || missing+=" $tool"
done
echo "missing-tools=$missing"

section lock
# This script holds the disk lock: a console started now must refuse to run a second copy of the program.
printf '\n' | /usr/lib/bderescue/console tty9 2>&1

section stick
ls -1 --quoting-style=literal /run/bderescue/stick
section lsblk
lsblk -Pp -o NAME,PKNAME,TYPE,SIZE,FSTYPE,LABEL,SERIAL
src=$(partition "$(disk_with_serial BDESRC)" 2)
ntfs=$(partition "$(disk_with_serial BDENTFS)" 1)
dst=$(partition "$(disk_with_serial BDEDST)" 1)
echo "bitlocker=$src ntfs=$ntfs destination=$dst"

section ntfs-read-only
# The technician's shell route for an unencrypted disk: ntfs-3g, read-only, through FUSE.
mkdir -p /mnt/ntfs
ntfs-3g -o ro "$ntfs" /mnt/ntfs && (cd /mnt/ntfs && find . -type f -printf '%P\0' | sort -z | xargs -0 sha256sum)
umount /mnt/ntfs

section scan
bderescue scan --json
echo "scan-rc=$?"

section keys
bderescue keys scan --json /run/bderescue/stick
echo "keys-rc=$?"

section unlock
bderescue unlock "$src" --json -r "$E2E_RECOVERY_PASSWORD"
echo "unlock-rc=$?"

section copy
# What a technician types: the key comes from the stick's BDERESCUE partition, the default selection (every user
# profile without caches) goes to a folder on the FAT32 destination drive.
mkdir -p /mnt/destination
if mount -t vfat -o utf8 "$dst" /mnt/destination; then
  bderescue copy "$src" --keys /run/bderescue/stick --to /mnt/destination/rescued
  echo "copy-rc=$?"
  section copied
  # The copies as this system reads them back, beside the program's own manifest and report.
  (cd /mnt/destination/rescued && find . -type f -printf '%P\0' | grep -zv '^bderescue-' | sort -z | xargs -0 sha256sum)
  umount /mnt/destination
  echo "umount-rc=$?"
else
  echo "copy-rc=mount-failed"
fi
section end
