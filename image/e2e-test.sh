#!/usr/bin/env bash
# End-to-end run inside the booted stick, by default under UEFI with Secure Boot enforced. Three SATA disks are
# attached to the VM: a generated BitLocker disk (tools/make-test-volume.sh: GPT, BitLocker NTFS volume with a
# user profile in partition 2), a plain NTFS disk holding the same files, and an empty FAT32 destination; the
# volume's "BitLocker Recovery Key <ID>.TXT" goes onto the stick's BDERESCUE partition. image/e2e/autorun.sh
# then runs over the serial console: bderescue scan, keys scan (on the stick), unlock, and
# `bderescue copy VOL --keys /run/bderescue/stick --to DEST` (default selection: the user profiles without
# caches); then the guest powers off. The host checks what the guest printed, reads the copies off the
# destination disk image with mtools and compares their SHA-256 (and the program's manifest) with the source's,
# checks that the stick's data partition was unmounted cleanly, and that neither source disk image changed by
# a single bit.
#
#   image/e2e-test.sh [--image IMG] [--firmware uefi-secureboot|bios] [--timeout S]
#
# bdegen is taken from $BDEGEN or build/bdegen (tools/make-test-volume.sh).
set -euo pipefail
shopt -s inherit_errexit
IMAGE_DIR=$(cd "$(dirname "$0")" && pwd)
source "$IMAGE_DIR/lib/common.sh"
source "$IMAGE_DIR/lib/qemu.sh"

image=build/bderescue-usb.img
firmware=uefi-secureboot
timeout=900
while [ $# -gt 0 ]; do
  case $1 in
    --image) image=$2; shift 2 ;;
    --firmware) firmware=$2; shift 2 ;;
    --timeout) timeout=$2; shift 2 ;;
    -h|--help) usage "$0"; exit 0 ;;
    *) die "unknown argument: $1" ;;
  esac
done
[ -f "$image" ] || die "$image not found: run image/build.sh first"
need_tools qemu-system-x86_64 mcopy mmd grub-editenv sgdisk ntfs-3g mkfs.vfat fsck.vfat sha256sum
# File names with umlauts and CJK: mtools writes them in the locale's charset, sort orders them by bytes.
export LC_ALL=C.UTF-8
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

# The BitLocker source and its plaintext twin, with the list of files every copy must reproduce.
vol=$tmp/volume
"$IMAGE_DIR/../tools/make-test-volume.sh" --gpt --user Anna "$vol" >/dev/null
mnt=$tmp/mnt; mkdir -p "$mnt"
ntfs-3g -o ro "$vol/plain.img" "$mnt"
(cd "$mnt" && find . -type f -printf '%P\0' | sort -z | xargs -0 sha256sum) > "$tmp/manifest"
umount "$mnt"; mnt=""
[ -s "$tmp/manifest" ] || fail "the generated volume holds no files"
# What the default selection must bring back: every file in Users/ but the caches (AppData/Local/Temp).
grep -E '^[0-9a-f]{64}  Users/' "$tmp/manifest" | grep -v '/AppData/Local/Temp/' > "$tmp/expected"
grep -q '/AppData/Local/Temp/' "$tmp/manifest" || fail "the generated profile has no cache files to leave out"
disk_with_partition "$tmp/ntfs.img" "$vol/plain.img" 0700
key_txt=$(ls "$vol"/stick/*.TXT | head -n 1)
key_id=$(sed -n 's/.*"key_id": "\([0-9A-F-]*\)".*/\1/p' "$vol/keys.json" | head -n 1)
password=$(sed -n 's/.*"recovery_password": "\([0-9-]*\)".*/\1/p' "$vol/keys.json" | head -n 1)
[ -n "$key_id" ] && [ -n "$password" ] || fail "no recovery password in $vol/keys.json"

mkfs.vfat -C -F 32 -n BDEDEST "$tmp/dest.fat" $((128 * 1024)) >/dev/null
disk_with_partition "$tmp/dest.img" "$tmp/dest.fat" 0700
rm -f "$tmp/dest.fat" "$vol/volume.img"

stick=$tmp/stick.img
prepare_test_image "$image" "$stick" "bderescue_extra=bderescue.autorun=e2e/autorun.sh bderescue.after_autorun=poweroff"
data=$(mtools_target "$stick" 1)
mcopy -i "$data" "$key_txt" ::/
mmd -i "$data" ::/e2e
mcopy -i "$data" "$IMAGE_DIR/e2e/autorun.sh" ::/e2e/autorun.sh
printf 'E2E_RECOVERY_PASSWORD=%q\n' "$password" > "$tmp/e2e.env"
mcopy -i "$data" "$tmp/e2e.env" ::/e2e/e2e.env

sources_hash=$(cat "$vol/disk.img" "$tmp/ntfs.img" | sha256sum)
log=$tmp/serial.log
start_guest "$firmware" tcg "$log" "$stick" "$vol/disk.img:BDESRC" "$tmp/ntfs.img:BDENTFS" "$tmp/dest.img:BDEDST"
if ! seconds=$(wait_for_serial "$log" "BDERESCUE-AUTORUN-END" "$timeout"); then
  tr -d '\r' < "$log" | sed 's/\x1b\[[0-9;?]*[A-Za-z]//g' | tail -n 60
  fail "the scripted session did not finish within $timeout s"
fi
# The guest powers off by itself (systemctl poweroff, as the program's "Power off" does): every disk is flushed.
wait_for_exit 300 || fail "the guest did not power off after the scripted session"
out=$(tr -d '\r' < "$log" | sed 's/\x1b\[[0-9;?]*[A-Za-z]//g')
section() { echo "$out" | awk -v s="BDERESCUE-SECTION $1" '$0 == s { on = 1; next } /^BDERESCUE-(SECTION|AUTORUN-END)/ { on = 0 } on'; }
expect() {   # expect SECTION PATTERN WHAT: grep -E PATTERN in the section, or fail showing it
  section "$1" | grep -Eq "$2" || { section "$1" | tail -n 30; fail "$3"; }
}

echo "$out" | grep 'BDERESCUE-AUTORUN-END rc=0' >/dev/null || { echo "$out" | tail -n 40; fail "the guest script failed"; }
bootinfo=$(echo "$out" | grep 'Secure Boot:' | sed -n 1p || true)
case $firmware in
  uefi-secureboot) [[ $bootinfo == *"firmware UEFI, Secure Boot: on"* ]] || fail "Secure Boot was not on: ${bootinfo:-no boot line}" ;;
  bios) [[ $bootinfo == *"firmware legacy BIOS"* ]] || fail "not booted through the BIOS: ${bootinfo:-no boot line}" ;;
esac
echo "guest: $bootinfo"

system=$(section system)
mounts=$(echo "$system" | grep '^mount=' || true)
{ echo "$system" | grep -x 'swap=0' >/dev/null && echo "$system" | grep -x 'net=lo ' >/dev/null && echo "$system" | grep -x 'failed=0' >/dev/null &&
  echo "$system" | grep -x 'missing-tools=' >/dev/null && [ "$(echo "$mounts" | wc -l)" = 1 ] &&
  [[ $mounts == *" /run/bderescue/stick" ]]; } ||
  { echo "$system"; fail "the running system lacks a tool, or has swap, a network interface, a failed service or a foreign mount"; }
echo "guest system: no swap, network lo only, no failed unit, mounted: ${mounts#mount=}"
expect lock 'already running on the other console \(autorun\)' \
  "a second console did not refuse to run the program while the lock was held"
expect stick "^$(basename "$key_txt")\$" "the key file is not on the stick's data partition in the guest"

src=$(section lsblk | sed -n 's/^bitlocker=\([^ ]*\) .*/\1/p')
[ -n "$src" ] || { section lsblk; fail "the guest does not see partition 2 of the BitLocker disk"; }
expect lsblk "^NAME=\"$src\" .*FSTYPE=\"BitLocker\"" "the guest's blkid does not call $src BitLocker"

diff <(section ntfs-read-only) "$tmp/manifest" || fail "the guest read different files through ntfs-3g than the source holds"
echo "guest read all $(wc -l < "$tmp/manifest") files through ntfs-3g -o ro, hashes match"

expect scan '^scan-rc=0$' "bderescue scan failed in the guest"
expect scan "\"device\": \"$src\"" "bderescue scan does not list the BitLocker partition $src"
expect keys '^keys-rc=0$' "bderescue keys scan failed on the stick"
expect keys "\"key_id\": \"$key_id\"" "bderescue keys scan did not find the recovery key file on the stick"
expect unlock '^unlock-rc=0$' "bderescue unlock failed in the guest"
expect unlock '"unlocked": true' "bderescue unlock did not unlock $src"
echo "guest: bderescue scan lists $src, keys scan finds key $key_id on the stick, unlock opens the volume"

expect copy '^copy-rc=0$' "bderescue copy failed in the guest"
diff <(section copied | grep -E '^[0-9a-f]{64}  ') "$tmp/expected" ||
  fail "the guest reads other files back from the destination than the source's user profiles without caches"
expect copied '^umount-rc=0$' "the destination did not unmount cleanly in the guest"
# From outside: the destination's FAT32 file system as written by the guest's kernel.
mkdir -p "$tmp/copied"
mcopy -s -n -i "$(mtools_target "$tmp/dest.img" 1)" ::/rescued "$tmp/copied/"
(cd "$tmp/copied/rescued" && find . -type f -printf '%P\0' | grep -zv '^bderescue-' | sort -z | xargs -0 sha256sum) > "$tmp/copied.sha256"
diff "$tmp/copied.sha256" "$tmp/expected" || fail "the destination disk holds other files than the source's user profiles"
# The program's manifest lists each copy with its SHA-256 (nlohmann::json writes keys in sorted order).
sed -n 's/^{.*"path":"\(.*\)","sha256":"\([0-9a-f]\{64\}\)",.*"status":"copied"}$/\2  \1/p' \
  "$tmp/copied/rescued/bderescue-manifest.jsonl" > "$tmp/program.sha256"
diff <(sort "$tmp/program.sha256") <(sort "$tmp/expected") || fail "bderescue-manifest.jsonl does not match the source"
grep -q 'Everything selected was copied' "$tmp/copied/rescued/bderescue-report.txt" ||
  { cat "$tmp/copied/rescued/bderescue-report.txt"; fail "the copy report on the destination does not say everything was copied"; }
echo "copied $(wc -l < "$tmp/expected") files (caches left out), read back by the guest and by the host: hashes match"

# A clean power-off unmounted the stick's data partition: Linux sets the FAT dirty flag while it is mounted.
fat_unmounted_cleanly "$stick" 1 "$tmp/data.fat" || fail "the stick's data partition was not unmounted cleanly at power-off"
echo "guest powered off cleanly: the stick's data partition is clean"

[ "$(cat "$vol/disk.img" "$tmp/ntfs.img" | sha256sum)" = "$sources_hash" ] || fail "a source disk image was written to"
echo "PASS: scripted session finished in $seconds s after power-on; source disks unchanged"
