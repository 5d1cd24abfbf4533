#!/usr/bin/env bash
# grow-data-partition.sh on a copy of the image "written to" a bigger stick (the file enlarged by 300 MiB):
# partition 1 must grow into the free space behind the system partition, keep its files (a key file and a
# hidden folder), keep its number and label, and leave every byte that boots (MBR code, partitions 2-4) as is.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
source "$ROOT/image/lib/common.sh"
image=${1:?usage: grow-data-partition-test.sh IMAGE}
[ -f "$image" ] || die "$image not found"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
stick=$tmp/stick.img
cp --sparse=always "$image" "$stick"

key="$tmp/BitLocker Recovery Key 1A2B3C4D-0000-4000-8000-123456789ABC.TXT"
printf 'Recovery Key: 123456-123456-123456-123456-123456-123456-123456-123456\r\n' > "$key"
mcopy -i "$(mtools_target "$stick" 1)" "$key" ::/
mmd -i "$(mtools_target "$stick" 1)" "::/System Volume Information"
mattrib -i "$(mtools_target "$stick" 1)" +h "::/System Volume Information"
truncate -s +300M "$stick"

boot_bytes() {   # MBR boot code + partitions 2-4, as one hash
  { head -c 440 "$1"
    for n in 2 3 4; do
      read -r off size < <(partition_extent "$1" $n)
      dd if="$1" bs=1M skip=$((off / 1048576)) count=$((size / 1048576)) status=none
    done; } | sha256sum | cut -d' ' -f1
}
before=$(boot_bytes "$stick")
read -r off1 size1 < <(partition_extent "$stick" 1)
read -r off4 size4 < <(partition_extent "$stick" 4)

"$ROOT/image/grow-data-partition.sh" "$stick" --yes

fail() { echo "FAIL: $*"; exit 1; }
read -r noff1 nsize1 < <(partition_extent "$stick" 1)
[ "$noff1" -ge $((off4 + size4)) ] || fail "partition 1 does not start behind the system partition"
[ "$nsize1" -gt $((280 * 1048576)) ] || fail "partition 1 is only $((nsize1 / 1048576)) MiB"
[ "$(boot_bytes "$stick")" = "$before" ] || fail "boot code or partitions 2-4 changed"
sgdisk -v "$stick" | grep 'No problems found' >/dev/null || fail "the partition table does not verify"
sgdisk -i 1 "$stick" | grep "Partition name: 'BDERESCUE'" >/dev/null || fail "partition 1 lost its name"
[ "$(od -An -t x1 -j 446 -N 1 "$stick" | tr -d ' ')" = 80 ] || fail "protective MBR entry no longer active"
new="$(mtools_target "$stick" 1)"
minfo -i "$new" | grep 'volume label="BDERESCUE' >/dev/null || minfo -i "$new" | grep 'BDERESCUE' >/dev/null || fail "no BDERESCUE label"
mcopy -i "$new" "::/$(basename "$key")" "$tmp/key-after.txt"
cmp -s "$key" "$tmp/key-after.txt" || fail "the key file changed"
dd if="$stick" of="$tmp/data.fat" bs=1M iflag=skip_bytes,count_bytes skip="$noff1" count="$nsize1" status=none
fsck.vfat -n "$tmp/data.fat" >/dev/null || fail "the new FAT file system does not check clean"
mdir -a -i "$new" ::/ | grep 'System Volume Information' >/dev/null || fail "the hidden folder was lost"
mcopy -i "$new" ::/README.TXT - | grep 'BitLocker' >/dev/null || fail "README.TXT was lost"

# Running it again finds nothing more to do.
"$ROOT/image/grow-data-partition.sh" "$stick" --yes | grep 'nothing to do' >/dev/null || fail "a second run changed something"
echo "PASS: data partition grown from $((size1 / 1048576)) MiB to $((nsize1 / 1048576)) MiB, files and boot code kept"
