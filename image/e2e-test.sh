#!/usr/bin/env bash
# End-to-end run inside the booted stick, by default under UEFI with Secure Boot enforced. Three SATA disks are
# attached to the VM: a generated BitLocker disk (tools/make-test-volume.sh: GPT, BitLocker NTFS volume with a
# user profile in partition 2), a plain NTFS disk holding the same files, and an empty FAT32 destination (2 GiB); the
# volume's "BitLocker Recovery Key <ID>.TXT" goes onto the stick's BDERESCUE partition. image/e2e/autorun.sh
# then runs over the serial console: bderescue scan, keys scan (on the stick), unlock, and
# `bderescue copy VOL --keys /run/bderescue/stick --to DEST` (default selection: the user profiles without
# caches); then the guest powers off. The host checks what the guest printed, reads the copies off the
# destination disk image with mtools and compares their SHA-256 (and the program's manifest) with the source's,
# checks that the stick's data partition was unmounted cleanly, and that neither source disk image changed by
# a single bit.
#
# --drive tui does the same rescue the way a technician does, through the program's screens on the serial
# console, with keystrokes only (see drive_tui below): the BitLocker drive, the key file found on the stick,
# "Copy files to another drive", all user profiles (a; the caches are left out), the FAT32 drive to save to,
# yes, and on the finish screen p and Power off. The screen is read as drawn (lib/serial-screen.sh replays the
# serial output into an 80x24 tmux terminal). The host then makes the same outside checks, and checks that the
# program's log on the stick records the copy and names no key.
# The serial log is kept as IMG.e2e-cli.log / IMG.e2e-tui.log; E2E_KEEP=1 keeps the scratch folder (disk images).
#
#   image/e2e-test.sh [--image IMG] [--firmware uefi-secureboot|bios] [--drive cli|tui] [--timeout S]
#
# bdegen is taken from $BDEGEN or build/bdegen (tools/make-test-volume.sh).
set -euo pipefail
shopt -s inherit_errexit
IMAGE_DIR=$(cd "$(dirname "$0")" && pwd)
source "$IMAGE_DIR/lib/common.sh"
source "$IMAGE_DIR/lib/qemu.sh"
source "$IMAGE_DIR/lib/serial-screen.sh"

image=build/bderescue-usb.img
firmware=uefi-secureboot
drive=cli
timeout=900
while [ $# -gt 0 ]; do
  case $1 in
    --image) image=$2; shift 2 ;;
    --firmware) firmware=$2; shift 2 ;;
    --drive) drive=$2; shift 2 ;;
    --timeout) timeout=$2; shift 2 ;;
    -h|--help) usage "$0"; exit 0 ;;
    *) die "unknown argument: $1" ;;
  esac
done
case $drive in cli|tui) ;; *) die "--drive cli or tui" ;; esac
[ -f "$image" ] || die "$image not found: run image/build.sh first"
need_tools tmux qemu-system-x86_64 mcopy mmd grub-editenv sgdisk ntfs-3g mkfs.vfat fsck.vfat sha256sum
# File names with umlauts and CJK: mtools writes them in the locale's charset, sort orders them by bytes.
export LC_ALL=C.UTF-8
tmp=$(mktemp -d /tmp/bderescue-e2e.XXXXXX)
saved_log=${image%.img}.e2e-$drive.log
mnt=""
cleanup() {
  qemu_cleanup
  screen_stop
  [ -f "$tmp/serial.log" ] && cp "$tmp/serial.log" "$saved_log"
  [ -n "$mnt" ] && mountpoint -q "$mnt" && umount "$mnt"
  [ -n "${E2E_KEEP:-}" ] || rm -rf "$tmp"
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

# 2 GiB (sparse): the program offers an internal disk's partitions to save to from 2 GB up (smaller ones are the
# EFI, MSR and recovery partitions every PC has).
mkfs.vfat -C -F 32 -n BDEDEST "$tmp/dest.fat" $((2048 * 1024)) >/dev/null
disk_with_partition "$tmp/dest.img" "$tmp/dest.fat" 0700
rm -f "$tmp/dest.fat" "$vol/volume.img"

stick=$tmp/stick.img
case $drive in
  cli) prepare_test_image "$image" "$stick" "bderescue_extra=bderescue.autorun=e2e/autorun.sh bderescue.after_autorun=poweroff" ;;
  tui) prepare_test_image "$image" "$stick" ;;
esac
data=$(mtools_target "$stick" 1)
mcopy -i "$data" "$key_txt" ::/
if [ "$drive" = cli ]; then
  mmd -i "$data" ::/e2e
  mcopy -i "$data" "$IMAGE_DIR/e2e/autorun.sh" ::/e2e/autorun.sh
  printf 'E2E_RECOVERY_PASSWORD=%q\n' "$password" > "$tmp/e2e.env"
  mcopy -i "$data" "$tmp/e2e.env" ::/e2e/e2e.env
fi

sources_hash=$(cat "$vol/disk.img" "$tmp/ntfs.img" | sha256sum)
# drive_cli: image/e2e/autorun.sh runs the CLI in the guest and powers it off; checks what it printed.
drive_cli() {
  if ! seconds=$(wait_for_serial "$log" "BDERESCUE-AUTORUN-END" "$timeout"); then
    serial_text "$log" | tail -n 60
    fail "the scripted session did not finish within $timeout s"
  fi
  # The guest powers off by itself (systemctl poweroff, as the program's "Power off" does): every disk is flushed.
  wait_for_exit 300 || fail "the guest did not power off after the scripted session"
  out=$(serial_text "$log")
  section() { echo "$out" | awk -v s="BDERESCUE-SECTION $1" '$0 == s { on = 1; next } /^BDERESCUE-(SECTION|AUTORUN-END)/ { on = 0 } on'; }
  expect() {   # expect SECTION PATTERN WHAT: grep -E PATTERN in the section, or fail showing it
    section "$1" | grep -E "$2" >/dev/null || { section "$1" | tail -n 30; fail "$3"; }
  }

  echo "$out" | grep 'BDERESCUE-AUTORUN-END rc=0' >/dev/null || { echo "$out" | tail -n 40; fail "the guest script failed"; }

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
  echo "guest: bderescue copy brought the profiles without caches; the guest reads them back with the source's hashes"
  copied_folder_pattern='^rescued$'
}

# drive_tui: a technician's keystrokes on the program's screens (serial entry: the program runs on ttyS0),
# read off the serial console as drawn (lib/serial-screen.sh). The texts are the program's (tui/).
drive_tui() {
  screen_start "$log"
  # step TIMEOUT PATTERN WHAT: waits until the screen shows PATTERN, or fails showing the screen.
  step() { screen_wait "$1" "$2" || { echo "The serial console (waited $1 s for /$2/):"; screen_text; fail "$3"; }; }
  step "$timeout" 'Choose the drive to rescue' "the program's drive list did not appear on the serial console"
  step 120 'DESKTOP-BDEGEN C:.*key file found' "the drive list does not offer the BitLocker drive with a key file found"
  screen_text | sed -n '/BitLocker drives:/,/^---/p' | grep -v -e '^---' -e '^ *$'
  serial_type '\r'
  step 120 'A key file for this drive was found' "Enter on the BitLocker drive did not offer the key file"
  step 10 'on the BDE Rescue stick' "the key file offered is not the one on the stick"
  serial_type '\r'
  step 300 'The drive is unlocked with the key in' "the key file on the stick did not unlock the drive"
  serial_type '1'
  step 120 'Mark what to copy with Space' "\"Copy files to another drive\" did not show the folders"
  serial_type 'a'
  step 120 'Marked 2 user profiles: Anna, Public' "a (all users) did not mark the user profiles"
  serial_type 'n'
  step 120 'Where should the copies go\?' "n did not ask where the copies should go"
  step 60 '"BDEDEST"' "the FAT32 destination drive (label BDEDEST) is not offered to save to"
  # Drive lines start in column 2 ("> " marks the chosen one), their notes further in: move to BDEDEST's.
  local moves
  moves=$(screen_text | awk '/^ [> ] [^ ]/ { n++; if ($0 ~ /^ >/) at = n; if ($0 ~ /"BDEDEST"/) want = n }
                             END { print want - at }')
  while [ "$moves" -gt 0 ]; do serial_type '\e[B'; moves=$((moves - 1)); done
  while [ "$moves" -lt 0 ]; do serial_type '\e[A'; moves=$((moves + 1)); done
  step 30 '^ > .*"BDEDEST"' "the arrow keys did not move to the destination drive"
  serial_type '\r'
  step 180 'Start copying\?' "choosing the destination drive did not lead to the copy confirmation"
  step 10 'To: .*"BDEDEST"' "the confirmation names another destination than the FAT32 drive"
  serial_type 'y'
  step "$timeout" 'Your files are copied\.|Finished, but|It stopped|Stopped\.' "the copy did not finish"
  seconds=$((SECONDS - QEMU_STARTED))
  step 1 'Your files are copied\.' "the copy did not finish well"
  step 10 "Copied: +$(wc -l < "$tmp/expected") files" "the finish screen counts other files than the source's profiles"
  step 10 'Failed: +0 files' "the finish screen reports failed files"
  step 10 'Report: +bderescue-report.txt' "the finish screen names no report"
  echo "guest: the program unlocked the drive with the key on the stick and copied the profiles; its finish screen:"
  screen_text | sed -n '/Your files are copied/,/^---/p' | grep -v -e '^---' -e '^ *$'
  serial_type 'p'
  step 60 'Power off or restart\?' "p on the finish screen did not offer to power off"
  serial_type 'o'
  wait_for_exit 300 || fail "the program's Power off did not switch the PC off within 300 s"
  screen_stop
  copied_folder_pattern='^DESKTOP-BDEGEN [0-9]{4}-[0-9]{2}-[0-9]{2}$'
}

log=$tmp/serial.log
start_guest "$firmware" tcg "$log" "$stick" "$vol/disk.img:BDESRC" "$tmp/ntfs.img:BDENTFS" "$tmp/dest.img:BDEDST"
"drive_$drive"
bootinfo=$(serial_text "$log" | grep 'Secure Boot:' | sed -n 1p || true)
case $firmware in
  uefi-secureboot) [[ $bootinfo == *"firmware UEFI, Secure Boot: on"* ]] || fail "Secure Boot was not on: ${bootinfo:-no boot line}" ;;
  bios) [[ $bootinfo == *"firmware legacy BIOS"* ]] || fail "not booted through the BIOS: ${bootinfo:-no boot line}" ;;
esac
echo "guest: $bootinfo"

# From outside: the destination's FAT32 file system as written by the guest's kernel: one new folder.
mkdir -p "$tmp/copied"
mcopy -s -n -i "$(mtools_target "$tmp/dest.img" 1)" '::/*' "$tmp/copied/"
folder=$(ls "$tmp/copied")
[[ $(wc -l <<< "$folder") = 1 && $folder =~ $copied_folder_pattern ]] ||
  fail "the destination holds other than one folder named /$copied_folder_pattern/: $folder"
copied=$tmp/copied/$folder
(cd "$copied" && find . -type f -printf '%P\0' | grep -zv '^bderescue-' | sort -z | xargs -0 sha256sum) > "$tmp/copied.sha256"
diff "$tmp/copied.sha256" "$tmp/expected" || fail "the destination disk holds other files than the source's user profiles"
# The program's manifest lists each copy with its SHA-256 (nlohmann::json writes keys in sorted order).
sed -n 's/^{.*"path":"\(.*\)","sha256":"\([0-9a-f]\{64\}\)",.*"status":"copied"}$/\2  \1/p' \
  "$copied/bderescue-manifest.jsonl" > "$tmp/program.sha256"
diff <(sort "$tmp/program.sha256") <(sort "$tmp/expected") || fail "bderescue-manifest.jsonl does not match the source"
grep -q 'Everything selected was copied' "$copied/bderescue-report.txt" ||
  { cat "$copied/bderescue-report.txt"; fail "the copy report on the destination does not say everything was copied"; }
echo "copied $(wc -l < "$tmp/expected") files (caches left out) into \"$folder\", read back by the host: hashes match"

# The stick's data partition keeps what was on it (its README.TXT, the key file) beside the program's log of
# actions, which names no key.
mkdir -p "$tmp/stick-files"
mcopy -s -n -i "$data" '::/*' "$tmp/stick-files/" 2>/dev/null || true
for f in README.TXT "$(basename "$key_txt")"; do
  [ -f "$tmp/stick-files/$f" ] || { mdir -i "$data" ::/; fail "$f is no longer on the stick's data partition"; }
done
if [ "$drive" = tui ]; then
  grep -rq 'copy started' "$tmp/stick-files/logs" || fail "the program's log on the stick does not record the copy"
  if grep -rqF "${password:0:13}" "$tmp/stick-files/logs"; then fail "the program's log on the stick holds the recovery key"; fi
  echo "the program's log on the stick records the copy and names no key"
fi
echo "the stick's data partition still holds README.TXT and the key file"

# A clean power-off unmounted the stick's data partition: Linux sets the FAT dirty flag while it is mounted.
fat_unmounted_cleanly "$stick" 1 "$tmp/data.fat" || fail "the stick's data partition was not unmounted cleanly at power-off"
echo "guest powered off cleanly: the stick's data partition is clean"

[ "$(cat "$vol/disk.img" "$tmp/ntfs.img" | sha256sum)" = "$sources_hash" ] || fail "a source disk image was written to"
echo "PASS ($drive): the copy was done $seconds s after power-on; source disks unchanged"
