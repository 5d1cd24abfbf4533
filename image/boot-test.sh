#!/usr/bin/env bash
# Boots the stick image in QEMU and checks that bderescue starts, reading and typing on the guest's serial port.
#
#   image/boot-test.sh --firmware uefi-secureboot|bios [--entry serial|normal|safe-graphics] [--image IMG]
#                      [--accel auto|tcg|kvm] [--timeout S] [--memory MIB]
#
# uefi-secureboot: OVMF with Secure Boot enforced and Microsoft's keys (shim -> GRUB -> kernel all verified);
#                  the guest must report "Secure Boot: on". bios: SeaBIOS, GRUB's hand-written MBR boot code.
# The image is booted as a USB stick on an xHCI controller; the boot menu entry is chosen through a copy's GRUB
# environment block:
#   serial: the program runs on ttyS0 with all boot messages; the test waits for the rescue screen there,
#           prints when GRUB, the kernel, systemd, the program and its screen appeared, then presses p and
#           "Power off" in the program: the PC must switch itself off with the stick's data partition unmounted.
#   normal: the entry people boot (quiet, program on tty1). The serial console must offer the program; pressing
#           Enter there must say it already runs on tty1 and give a root shell, in which the test asks for the
#           boot facts, failed units and the mounted stick.
#   safe-graphics: as normal, for the entry offered when the screen stays black; the kernel must have had
#           nomodeset (no graphics driver: firmware or VGA text console).
# Times are seconds since QEMU was started (power-on). The serial log is kept as IMG.boot-FIRMWARE-ENTRY.log.
# --accel auto (default) uses KVM only when a 25-second probe boot under KVM works (nested KVM hangs on some
# hosts), TCG otherwise.
set -euo pipefail
IMAGE_DIR=$(cd "$(dirname "$0")" && pwd)
source "$IMAGE_DIR/lib/common.sh"
source "$IMAGE_DIR/lib/qemu.sh"

firmware=""
entry=serial
image=build/bderescue-usb.img
accel=${BDERESCUE_QEMU_ACCEL:-auto}
timeout=600          # TCG on two busy cores: a quiet boot takes about a minute
while [ $# -gt 0 ]; do
  case $1 in
    --firmware) firmware=$2; shift 2 ;;
    --entry) entry=$2; shift 2 ;;
    --image) image=$2; shift 2 ;;
    --accel) accel=$2; shift 2 ;;
    --timeout) timeout=$2; shift 2 ;;
    --memory) export BDERESCUE_QEMU_MEM=$2; shift 2 ;;
    -h|--help) usage "$0"; exit 0 ;;
    *) die "unknown argument: $1" ;;
  esac
done
case $firmware in uefi-secureboot|bios) ;; *) die "--firmware uefi-secureboot or bios" ;; esac
case $entry in serial|normal|safe-graphics) ;; *) die "--entry serial, normal or safe-graphics" ;; esac
[ -f "$image" ] || die "$image not found: run image/build.sh first"
need_tools qemu-system-x86_64 mcopy grub-editenv sgdisk fsck.vfat
[ "$firmware" = bios ] || [ -f "$OVMF_CODE" ] || die "$OVMF_CODE missing (package ovmf)"

tmp=$(mktemp -d /tmp/bderescue-boot.XXXXXX)
log=$tmp/serial.log
saved_log=${image%.img}.boot-$firmware-$entry.log
trap 'qemu_cleanup; cp "$log" "$saved_log" 2>/dev/null || true; rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
prepare_test_image "$image" "$tmp/stick.img" "default=$entry"

if [ "$accel" = auto ]; then
  accel=tcg
  if kvm_usable "$tmp/stick.img"; then accel=kvm; else echo "KVM: not usable here (no /dev/kvm, or the probe boot hung): TCG"; fi
fi

clean_log() { serial_text "$log"; }
fail() {
  echo "FAIL: $* ($firmware, $entry entry, $accel). Serial console:"
  clean_log | tail -n 60
  exit 1
}
times=""
# milestones NAME PATTERN...: waits for them (see wait_for_milestones), adding them to $times.
milestones() {
  local got
  if ! got=$(wait_for_milestones "$log" "$timeout" "$@"); then
    times+=${got:+$'\n'$got}
    fail "not everything appeared within $timeout s; reached: $(tr '\n' ' ' <<< "$times")"
  fi
  times+=$'\n'$got
}
at() { awk -v m="$1" '$1 == m { print $2 }' <<< "$times"; }

start_guest "$firmware" "$accel" "$log" "$tmp/stick.img"
case $entry in
  serial)
    # The rescue screen draws "Looking for drives" at once, then "Choose the drive to rescue" with the list.
    milestones grub-menu 'GNU GRUB' kernel 'Linux version [0-9]' systemd 'systemd\[1\]: systemd [0-9]|Welcome to Debian' \
      program 'BDE Rescue: starting on ttyS0' screen 'Looking for drives|Choose the drive' \
      drive-list 'Choose the drive to rescue'
    serial_type 'p'
    milestones power-dialog 'Power off or restart\?'
    serial_type 'o'
    wait_for_exit 300 || fail "the program's Power off did not switch the PC off within 300 s"
    bootinfo=$(clean_log | grep 'Secure Boot:' | sed -n 1p || true)
    clean_log | grep 'BDE Rescue: keys and reports on /dev/' >/dev/null || fail "the stick's BDERESCUE partition was not mounted"
    if clean_log | grep -E 'FAILED|Failed to start'; then fail "a system service failed during boot"; fi
    # A crash shows as the console script's "has ended (exit code N)".
    if clean_log | grep -E 'BDE Rescue has ended \(exit code [1-9]'; then fail "bderescue failed on the serial console"; fi
    fat_unmounted_cleanly "$tmp/stick.img" 1 "$tmp/data.fat" ||
      fail "the stick's data partition was not unmounted cleanly when the program powered the PC off"
    echo "the program's Power off switched the PC off cleanly (stick's data partition unmounted)"
    timeline="GRUB menu $(at grub-menu), kernel $(at kernel), systemd $(at systemd), program $(at program),"
    timeline+=" rescue screen $(at screen), drive list $(at drive-list)"
    what="the rescue screen on ttyS0 in $(at screen) s"
    ;;
  normal|safe-graphics)
    # The serial console offers the program once tty1's copy holds the disk lock (or after 30 s).
    milestones grub-menu 'GNU GRUB' offer 'Press Enter to start BDE Rescue on this console \(ttyS0\)'
    serial_type '\r'
    milestones answer 'already running on the other console \(tty1\)|BDE Rescue: starting on ttyS0'
    clean_log | grep 'already running on the other console (tty1)' >/dev/null ||
      fail "Enter on ttyS0 started the program there: it was not running on tty1 when the serial console offered it"
    serial_type '\r'
    milestones shell 'Root shell on ttyS0'
    serial_type 'echo "BOOTCHECK $(cat /run/bderescue/bootinfo) failed=$(systemctl list-units --state=failed --no-legend --plain | wc -l) stick=$(findmnt -n -o SOURCE /run/bderescue/stick) nomodeset=$(grep -c nomodeset /proc/cmdline)"\r'
    milestones bootcheck '^BOOTCHECK bderescue'
    # For the record: where the time went, as systemd sees it.
    serial_type '{ systemd-analyze time; systemd-analyze blame --no-pager | head -n 6; echo END; } 2>&1 | sed "s/^/ANALYZE /"\r'
    milestones analyzed '^ANALYZE END'
    qemu_cleanup
    clean_log | sed -n '/^ANALYZE END/q; s/^ANALYZE /systemd-analyze: /p'
    check=$(clean_log | grep '^BOOTCHECK bderescue' | sed -n 1p)
    bootinfo=${check#BOOTCHECK }; bootinfo=${bootinfo% failed=*}
    [[ $check == *" failed=0 "* ]] || fail "a system service failed during boot: $check"
    [[ $check == *" stick=/dev/"* ]] || fail "the stick's BDERESCUE partition was not mounted: $check"
    want_nomodeset=0; [ "$entry" = safe-graphics ] && want_nomodeset=1
    [[ $check == *" nomodeset=$want_nomodeset" ]] || fail "the kernel's nomodeset option is not as the $entry entry sets it: $check"
    timeline="GRUB menu $(at grub-menu), program on tty1 and offered on ttyS0 $(at offer)"
    what="the program on tty1 in $(at offer) s"
    ;;
esac
[[ $bootinfo =~ bderescue\ [0-9]+\.[0-9]+ ]] || fail "bderescue --version does not run in the guest: ${bootinfo:-no boot information line}"
echo "guest: $bootinfo"
case $firmware in
  uefi-secureboot) expected="firmware UEFI, Secure Boot: on" ;;
  bios) expected="firmware legacy BIOS" ;;
esac
[[ $bootinfo == *"$expected"* ]] || fail "expected \"$expected\" in the guest's boot information"
echo "boot timeline ($firmware, $entry entry, $accel; seconds since power-on): $timeline"
echo "PASS: $firmware booted to $what (accelerator $accel)"
