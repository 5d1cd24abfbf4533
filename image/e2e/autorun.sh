#!/bin/bash
# Runs inside the booted stick for image/e2e-test.sh (kernel option bderescue.autorun=e2e/autorun.sh), from the
# stick's data partition. Prints each step between "BDERESCUE-SECTION name" lines for the host to read.
# The source disk is the SATA disk with serial BDESRC, the destination the one with serial BDEDST; the key
# file name is in e2e.env beside this script.
set -u
source ./e2e.env
section() { echo "BDERESCUE-SECTION $1"; }
disk_with_serial() { lsblk -dnrpo NAME,SERIAL | awk -v s="$1" '$2 == s { print $1 }'; }
# A subcommand exists when the program's help lists it ("bderescue X --help" succeeds for any X).
has_command() { bderescue --help | grep -Eq "^  $1 "; }
first_partition() { lsblk -nrpo NAME,TYPE "$1" | awk '$2 == "part" { print $1; exit }'; }

section version
bderescue --version
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
ls -1 /run/bderescue/stick
section lsblk
lsblk -Pp -o NAME,PKNAME,TYPE,SIZE,FSTYPE,LABEL,SERIAL
src=$(first_partition "$(disk_with_serial BDESRC)")
dst=$(first_partition "$(disk_with_serial BDEDST)")
echo "source=$src destination=$dst"

if [ "$(lsblk -no FSTYPE "$src")" = ntfs ]; then
  section ntfs-read-only
  # A plain NTFS source (no BitLocker): the technician's shell route, ntfs-3g read-only through FUSE.
  mkdir -p /mnt/source
  ntfs-3g -o ro "$src" /mnt/source && (cd /mnt/source && find . -type f -printf '%P\0' | sort -z | xargs -0 sha256sum)
  umount /mnt/source
fi

if has_command scan; then
  section scan
  bderescue scan --json
  echo "scan-rc=$?"
fi

if has_command copy; then
  section copy
  mkdir -p /mnt/destination
  mount -t vfat "$dst" /mnt/destination
  bderescue copy --key-file "/run/bderescue/stick/$E2E_KEY_FILE" "$src" /mnt/destination/rescued
  echo "copy-rc=$?"
  umount /mnt/destination
fi
section end
