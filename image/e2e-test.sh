#!/usr/bin/env bash
# End-to-end run inside the booted stick: a source disk, a recovery-key file on the stick's data partition and a
# destination disk are attached to the VM; image/e2e/autorun.sh runs bderescue over the serial console; the host
# then checks what the guest saw, that the source disk image is bit-for-bit unchanged, and (once `bderescue copy`
# exists) the copied files' SHA-256 against the source's on the destination disk image.
#
#   image/e2e-test.sh [--image IMG] [--firmware bios|uefi-secureboot] [--timeout S]
#                     [--source-disk DISK --key-file KEY.TXT --manifest SHA256SUMS]
#
# Without --source-disk the source is a plain NTFS disk made here (until the BitLocker volume generator lands):
# then the guest must see its NTFS partition. With a generated BitLocker disk, `bderescue scan` must list it.
set -euo pipefail
IMAGE_DIR=$(cd "$(dirname "$0")" && pwd)
source "$IMAGE_DIR/lib/common.sh"
source "$IMAGE_DIR/lib/qemu.sh"

image=build/bderescue-usb.img
firmware=bios
timeout=900
source_disk=""; key_file=""; manifest=""
while [ $# -gt 0 ]; do
  case $1 in
    --image) image=$2; shift 2 ;;
    --firmware) firmware=$2; shift 2 ;;
    --timeout) timeout=$2; shift 2 ;;
    --source-disk) source_disk=$2; shift 2 ;;
    --key-file) key_file=$2; shift 2 ;;
    --manifest) manifest=$2; shift 2 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) die "unknown argument: $1" ;;
  esac
done
[ -f "$image" ] || die "$image not found: run image/build.sh first"
need_tools qemu-system-x86_64 mcopy mmd grub-editenv sgdisk mkntfs ntfs-3g mkfs.vfat iconv sha256sum
tmp=$(mktemp -d /tmp/bderescue-e2e.XXXXXX)
mnt=""
cleanup() {
  qemu_cleanup
  [ -n "$mnt" ] && mountpoint -q "$mnt" && umount "$mnt"
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
fail() { echo "FAIL: $*"; exit 1; }

# disk_with_partition OUT FS_IMAGE TYPECODE: a GPT disk whose single partition (1 MiB in) holds FS_IMAGE.
disk_with_partition() {
  local out=$1 fs=$2 type=$3 mib
  mib=$(( ($(stat -c %s "$fs") + 1048575) / 1048576 ))
  truncate -s $((mib + 2))M "$out"
  sgdisk --clear -n 1:1M:+${mib}M -t 1:"$type" "$out" >/dev/null
  dd if="$fs" of="$out" bs=1M seek=1 conv=notrunc,sparse status=none
}

# A Windows-10-style recovery key file (UTF-16LE with BOM, CRLF) holding a well-formed random key: every group
# is a multiple of 11 below 720896, as a real key's.
write_placeholder_key() {
  local id=$1 out=$2 key="" i
  for i in 1 2 3 4 5 6 7 8; do key+=$(printf '%06d' $(( (RANDOM * 2 + RANDOM % 2) % 65536 * 11 ))); [ $i -lt 8 ] && key+=-; done
  { printf '\xff\xfe'
    printf 'BitLocker Drive Encryption recovery key\r\n\r\nIdentifier:\r\n\r\n\t%s\r\n\r\nRecovery Key:\r\n\r\n\t%s\r\n' \
      "$id" "$key" | iconv -f UTF-8 -t UTF-16LE; } > "$out"
}

if [ -z "$source_disk" ]; then
  # Plain NTFS with a few files in folders, with a non-ASCII name, as Windows users have them.
  source_disk=$tmp/source.img
  truncate -s 64M "$tmp/source.ntfs"
  mkntfs -q -F -Q -L Windows -p 2048 -S 63 -H 255 -s 512 "$tmp/source.ntfs" >/dev/null 2>&1
  mnt=$tmp/mnt; mkdir -p "$mnt"
  ntfs-3g "$tmp/source.ntfs" "$mnt"
  mkdir -p "$mnt/Users/Anna/Documents" "$mnt/Users/Anna/Pictures"
  printf 'Quarterly figures\r\n' > "$mnt/Users/Anna/Documents/Report.txt"
  head -c 3145728 /dev/urandom > "$mnt/Users/Anna/Pictures/Urlaub Köln.jpg"
  head -c 70000 /dev/urandom > "$mnt/Users/Anna/Documents/Übersicht.xlsx"
  (cd "$mnt" && find . -type f -printf '%P\0' | sort -z | xargs -0 sha256sum) > "$tmp/manifest"
  umount "$mnt"; mnt=""
  disk_with_partition "$source_disk" "$tmp/source.ntfs" 0700
  manifest=$tmp/manifest
  key_id=1A2B3C4D-5E6F-4A1B-8C2D-3E4F5A6B7C8D
  key_file="$tmp/BitLocker Recovery Key $key_id.TXT"
  write_placeholder_key "$key_id" "$key_file"
  expect_bitlocker=0
else
  [ -f "$key_file" ] || die "--source-disk needs --key-file"
  expect_bitlocker=1
fi

mkfs.vfat -C -F 32 -n BDEDEST "$tmp/dest.fat" $((128 * 1024)) >/dev/null
disk_with_partition "$tmp/dest.img" "$tmp/dest.fat" 0700
rm -f "$tmp/dest.fat" "$tmp/source.ntfs"

stick=$tmp/stick.img
prepare_test_image "$image" "$stick" "bderescue_extra=bderescue.autorun=e2e/autorun.sh"
data=$(mtools_target "$stick" 1)
mcopy -i "$data" "$key_file" ::/
mmd -i "$data" ::/e2e
mcopy -i "$data" "$IMAGE_DIR/e2e/autorun.sh" ::/e2e/autorun.sh
printf 'E2E_KEY_FILE=%q\n' "$(basename "$key_file")" > "$tmp/e2e.env"
mcopy -i "$data" "$tmp/e2e.env" ::/e2e/e2e.env

source_hash=$(sha256sum < "$source_disk")
log=$tmp/serial.log
start_guest "$firmware" tcg "$log" "$stick" "$source_disk:BDESRC" "$tmp/dest.img:BDEDST"
if ! seconds=$(wait_for_serial "$log" "BDERESCUE-AUTORUN-END" "$timeout"); then
  tr -d '\r' < "$log" | sed 's/\x1b\[[0-9;?]*[A-Za-z]//g' | tail -n 60
  fail "the scripted session did not finish within $timeout s"
fi
sleep 2   # let the guest flush the destination disk
qemu_cleanup
out=$(tr -d '\r' < "$log" | sed 's/\x1b\[[0-9;?]*[A-Za-z]//g')
section() { echo "$out" | awk -v s="BDERESCUE-SECTION $1" '$0 == s { on = 1; next } /^BDERESCUE-(SECTION|AUTORUN-END)/ { on = 0 } on'; }

echo "$out" | grep -q 'BDERESCUE-AUTORUN-END rc=0' || { echo "$out" | tail -n 40; fail "the guest script failed"; }
system=$(section system)
mounts=$(echo "$system" | grep '^mount=' || true)
{ echo "$system" | grep -qx 'swap=0' && echo "$system" | grep -qx 'net=lo ' && echo "$system" | grep -qx 'failed=0' &&
  echo "$system" | grep -qx 'missing-tools=' && [ "$(echo "$mounts" | wc -l)" = 1 ] && [[ $mounts == *" /run/bderescue/stick" ]]; } ||
  { echo "$system"; fail "the running system lacks a tool, or has swap, a network interface, a failed service or a foreign mount"; }
echo "guest system: no swap, network lo only, no failed unit, mounted: ${mounts#mount=}"
section lock | grep -q 'already running on the other console (autorun)' ||
  { section lock; fail "a second console did not refuse to run the program while the lock was held"; }
section stick | grep -qF "$(basename "$key_file")" || fail "the key file is not on the stick's data partition in the guest"
lsblk_out=$(section lsblk)
src_disk=$(echo "$lsblk_out" | grep 'SERIAL="BDESRC"' | sed 's/^NAME="\([^"]*\)".*/\1/')
[ -n "$src_disk" ] || { echo "$lsblk_out"; fail "the guest does not see the source disk"; }
if [ "$expect_bitlocker" = 1 ]; then
  want='FSTYPE="BitLocker"'
else
  want='FSTYPE="ntfs"'
fi
echo "$lsblk_out" | grep "PKNAME=\"$src_disk\"" | grep -q "$want" || { echo "$lsblk_out"; fail "no $want partition on $src_disk"; }
echo "guest sees: $(echo "$lsblk_out" | grep "PKNAME=\"$src_disk\"")"

if [ "$expect_bitlocker" = 0 ]; then
  diff <(section ntfs-read-only) "$manifest" || fail "the guest read different files through ntfs-3g than the source holds"
  echo "guest read all $(wc -l < "$manifest") source files through ntfs-3g -o ro, hashes match"
fi

if echo "$out" | grep -q '^BDERESCUE-SECTION scan$'; then
  scan=$(section scan)
  echo "$scan" | grep -q '^scan-rc=0' || { echo "$scan"; fail "bderescue scan failed in the guest"; }
  if [ "$expect_bitlocker" = 1 ]; then
    echo "$scan" | grep -q "$src_disk" || { echo "$scan"; fail "bderescue scan does not list the BitLocker partition"; }
  fi
  echo "bderescue scan ran in the guest"
fi

if echo "$out" | grep -q '^BDERESCUE-SECTION copy$'; then
  section copy | grep -q '^copy-rc=0' || { section copy; fail "bderescue copy failed in the guest"; }
  [ -n "$manifest" ] || fail "no manifest to check the copied files against"
  mkdir -p "$tmp/copied"
  mcopy -s -n -i "$(mtools_target "$tmp/dest.img" 1)" ::/rescued "$tmp/copied/"
  (cd "$tmp/copied/rescued" && sha256sum --quiet -c "$manifest") || fail "copied files differ from the source"
  echo "copied files match the source ($(wc -l < "$manifest") files)"
fi

[ "$(sha256sum < "$source_disk")" = "$source_hash" ] || fail "the source disk image was written to"
echo "PASS: scripted session finished in $seconds s after power-on; source disk unchanged"
