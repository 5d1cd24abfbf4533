#!/usr/bin/env bash
# Boots the stick image in QEMU and checks that bderescue starts, reading the guest's serial console.
#
#   image/boot-test.sh --firmware uefi-secureboot|bios [--image IMG] [--accel auto|tcg|kvm] [--timeout S]
#                      [--memory MIB]
#
# uefi-secureboot: OVMF with Secure Boot enforced and Microsoft's keys (shim -> GRUB -> kernel all verified);
#                  the guest must report "Secure Boot: on". bios: SeaBIOS, GRUB's hand-written MBR boot code.
# The image is booted as a USB stick on an xHCI controller, with the serial-console menu entry selected
# through a copy's GRUB environment block. Prints the time from power-on (QEMU started) to the rescue screen on
# the serial console, with the moments GRUB, the kernel, systemd and the program appeared; the serial log is
# kept beside the image as IMG.boot-FIRMWARE.log. --accel auto (default) uses KVM only when a 25-second probe
# boot under KVM works (nested KVM hangs on some hosts), TCG otherwise.
set -euo pipefail
IMAGE_DIR=$(cd "$(dirname "$0")" && pwd)
source "$IMAGE_DIR/lib/common.sh"
source "$IMAGE_DIR/lib/qemu.sh"

firmware=""
image=build/bderescue-usb.img
accel=${BDERESCUE_QEMU_ACCEL:-auto}
timeout=600          # TCG on two busy cores: a quiet boot takes under a minute
while [ $# -gt 0 ]; do
  case $1 in
    --firmware) firmware=$2; shift 2 ;;
    --image) image=$2; shift 2 ;;
    --accel) accel=$2; shift 2 ;;
    --timeout) timeout=$2; shift 2 ;;
    --memory) export BDERESCUE_QEMU_MEM=$2; shift 2 ;;
    -h|--help) usage "$0"; exit 0 ;;
    *) die "unknown argument: $1" ;;
  esac
done
case $firmware in uefi-secureboot|bios) ;; *) die "--firmware uefi-secureboot or bios" ;; esac
[ -f "$image" ] || die "$image not found: run image/build.sh first"
need_tools qemu-system-x86_64 mcopy grub-editenv sgdisk
[ "$firmware" = bios ] || [ -f "$OVMF_CODE" ] || die "$OVMF_CODE missing (package ovmf)"

tmp=$(mktemp -d /tmp/bderescue-boot.XXXXXX)
trap 'qemu_cleanup; rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
prepare_test_image "$image" "$tmp/stick.img"

if [ "$accel" = auto ]; then
  accel=tcg
  if kvm_usable "$tmp/stick.img"; then accel=kvm; else echo "KVM: not usable here (no /dev/kvm, or the probe boot hung): TCG"; fi
fi

log=$tmp/serial.log
saved_log=${image%.img}.boot-$firmware.log
trap 'qemu_cleanup; cp "$log" "$saved_log" 2>/dev/null; rm -rf "$tmp"' EXIT
start_guest "$firmware" "$accel" "$log" "$tmp/stick.img"
# The rescue screen's first page asks for the drive ("Choose the drive to rescue", drawn by ncurses).
if ! times=$(wait_for_milestones "$log" "$timeout" \
      grub-menu 'GNU GRUB' kernel 'Linux version [0-9]' systemd 'systemd\[1\]|Welcome to' \
      program 'BDE Rescue: starting on ttyS0' screen 'Choose the drive'); then
  echo "FAIL: the rescue screen did not appear within $timeout s ($firmware, $accel). Reached: ${times//$'\n'/, }"
  echo "Serial console:"
  tr -d '\r' < "$log" | sed 's/\x1b\[[0-9;?]*[A-Za-z]//g' | tail -n 60
  exit 1
fi
at() { awk -v m="$1" '$1 == m { print $2 }' <<< "$times"; }
seconds=$(at screen)
bootinfo=$(tr -d '\r' < "$log" | grep -m1 'Secure Boot:' || true)
if ! [[ $bootinfo =~ bderescue\ [0-9]+\.[0-9]+ ]]; then
  echo "FAIL: bderescue --version does not run in the guest: ${bootinfo:-no boot information line}"; exit 1
fi
qemu_cleanup
echo "guest: ${bootinfo:-no boot information line}"
case $firmware in
  uefi-secureboot) expected="firmware UEFI, Secure Boot: on" ;;
  bios) expected="firmware legacy BIOS" ;;
esac
if [[ "$bootinfo" != *"$expected"* ]]; then
  echo "FAIL: expected \"$expected\" in the guest's boot information"
  exit 1
fi
clean=$(tr -d '\r' < "$log" | sed 's/\x1b\[[0-9;?]*[A-Za-z]//g')
if ! grep -q 'BDE Rescue: keys and reports on /dev/' <<< "$clean"; then
  echo "FAIL: the stick's BDERESCUE partition was not mounted:"; grep 'BDE Rescue' <<< "$clean"; exit 1
fi
if grep -E 'FAILED|Failed to start' <<< "$clean"; then
  echo "FAIL: a system service failed during boot"; exit 1
fi
# A crash shows as the console script's "has ended (exit code N)".
after=$(sed -n '/BDE Rescue: starting on ttyS0/,$p' <<< "$clean" | tail -n +2)
if grep -E 'BDE Rescue has ended \(exit code [1-9]' <<< "$after"; then
  echo "FAIL: bderescue failed on the serial console:"; head -n 20 <<< "$after"; exit 1
fi
echo "boot timeline ($firmware, $accel, seconds since power-on): GRUB menu $(at grub-menu), kernel $(at kernel)," \
  "systemd $(at systemd), program $(at program), rescue screen $(at screen)"
echo "PASS: $firmware boot to the rescue screen in $seconds s (accelerator $accel)"
