# Booting the stick image in QEMU for the tests (sourced). One guest at a time; always killed on exit.
OVMF_CODE=/usr/share/OVMF/OVMF_CODE_4M.secboot.fd
OVMF_VARS_MS=/usr/share/OVMF/OVMF_VARS_4M.ms.fd   # Microsoft keys enrolled, Secure Boot enforced
QEMU_PID=""
QEMU_STARTED=0
QEMU_SERIAL_IN=""
SERIAL_DRAIN_PID=""

qemu_cleanup() {
  if [ -n "$QEMU_PID" ] && kill -0 "$QEMU_PID" 2>/dev/null; then
    kill "$QEMU_PID" 2>/dev/null
    for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$QEMU_PID" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$QEMU_PID" 2>/dev/null || true
  fi
  QEMU_PID=""
  if [ -n "$SERIAL_DRAIN_PID" ]; then
    kill "$SERIAL_DRAIN_PID" 2>/dev/null || true
    wait "$SERIAL_DRAIN_PID" 2>/dev/null || true
  fi
  SERIAL_DRAIN_PID=""
}

# prepare_test_image SRC DST [KEY=VALUE...]: a sparse copy of the image whose GRUB environment block selects
# the serial-console entry (program on ttyS0, boot messages shown) plus the given GRUB variables
# (default=normal picks the entry people boot instead: later assignments win).
prepare_test_image() {
  local src=$1 dst=$2; shift 2
  local env; env=$(mktemp)
  cp --sparse=always "$src" "$dst"
  rm -f "$env"
  grub-editenv "$env" create
  grub-editenv "$env" set default=serial "$@"
  mcopy -o -i "$(mtools_target "$dst" 3)" "$env" ::/EFI/debian/grubenv
  rm -f "$env"
}

# kvm_usable: true when a KVM guest gets through early kernel boot. Nested KVM has hung here after
# "Probing EDD", so a kernel without root file system is booted for at most 25 s and must reach its panic.
kvm_usable() {
  local image=$1 tmp rc=1
  [ -w /dev/kvm ] || return 1
  # One probe per boot of this machine is enough.
  local verdict; verdict=/tmp/bderescue-kvm-probe.$(cat /proc/sys/kernel/random/boot_id)
  [ -f "$verdict" ] && return "$(cat "$verdict")"
  tmp=$(mktemp -d)
  local extent; extent=$(partition_extent "$image" 4)
  dd if="$image" of="$tmp/system.ext2" bs=1M skip=$(( ${extent%% *} / 1048576 )) count=$(( ${extent##* } / 1048576 )) status=none
  debugfs -R "dump /vmlinuz $tmp/vmlinuz" "$tmp/system.ext2" 2>/dev/null
  if [ -s "$tmp/vmlinuz" ]; then
    timeout 25 qemu-system-x86_64 -accel kvm -m 256 -display none -monitor none -no-reboot \
      -serial "file:$tmp/serial.log" -kernel "$tmp/vmlinuz" -append "console=ttyS0 panic=-1" >/dev/null 2>&1
    grep -q "Kernel panic" "$tmp/serial.log" 2>/dev/null && rc=0
  fi
  rm -rf "$tmp"
  echo "$rc" > "$verdict"
  return $rc
}

# start_guest FIRMWARE ACCEL LOG STICK [DISK_FILE:SERIAL...]: boots STICK as a USB stick, serial console to
# LOG; further raw disk images become SATA disks with the given serial numbers (lsblk's SERIAL in the guest).
# FIRMWARE: uefi-secureboot (OVMF, Secure Boot enforced with Microsoft keys) or bios (SeaBIOS).
start_guest() {
  local firmware=$1 accel=$2 log=$3 stick=$4; shift 4
  local args=(-accel "$accel" -m "${BDERESCUE_QEMU_MEM:-1024}" -smp 2 -display none -monitor none -no-reboot -nic none
              -device qemu-xhci,id=xhci -drive "file=$stick,format=raw,if=none,id=stick"
              -device usb-storage,bus=xhci.0,drive=stick,bootindex=0)
  local n=0 disk
  for disk in "$@"; do
    n=$((n + 1))
    args+=(-drive "file=${disk%:*},format=raw,if=none,id=disk$n" -device "ide-hd,drive=disk$n,bus=ide.$((n - 1)),serial=${disk##*:}")
  done
  case $firmware in
    uefi-secureboot)
      cp "$OVMF_VARS_MS" "$(dirname "$log")/ovmf-vars.fd"
      args+=(-machine q35,smm=on -global driver=cfi.pflash01,property=secure,value=on
             -global ICH9-LPC.disable_s3=1
             -drive "if=pflash,format=raw,unit=0,readonly=on,file=$OVMF_CODE"
             -drive "if=pflash,format=raw,unit=1,file=$(dirname "$log")/ovmf-vars.fd") ;;
    bios) args+=(-machine q35) ;;
    *) die "unknown firmware $firmware" ;;
  esac
  # The serial port is a pair of FIFOs (serial.in for typing, serial.out drained) and QEMU logs it to LOG.
  local dir; dir=$(dirname "$log")
  rm -f "$dir/serial.in" "$dir/serial.out"
  mkfifo "$dir/serial.in" "$dir/serial.out"
  args+=(-chardev "pipe,id=serial0,path=$dir/serial,logfile=$log,logappend=off" -serial chardev:serial0)
  : > "$log"
  # If this script is killed outright (a CTest timeout sends SIGKILL), no trap runs: the guest ends by itself.
  timeout --kill-after=10 "${BDERESCUE_QEMU_MAX_SECONDS:-1500}" \
    qemu-system-x86_64 "${args[@]}" > "$(dirname "$log")/qemu.out" 2>&1 &
  QEMU_PID=$!
  QEMU_STARTED=$SECONDS
  QEMU_SERIAL_IN=$dir/serial.in
  cat "$dir/serial.out" > /dev/null &
  SERIAL_DRAIN_PID=$!
}

# serial_type TEXT: types TEXT (printf escapes allowed: \r is Enter) on the guest's serial console.
serial_type() {
  # QEMU holds the FIFO open for reading; if it has gone, the open would wait forever.
  timeout 10 bash -c 'printf "$1" > "$2"' _ "$1" "$QEMU_SERIAL_IN"
}

# wait_for_serial LOG PATTERN TIMEOUT: seconds until the extended regex PATTERN appears in LOG (read as
# serial_text); fails on timeout or when the guest stops.
wait_for_serial() {
  local log=$1 pattern=$2 timeout=$3 t0=$SECONDS
  while [ $((SECONDS - t0)) -lt "$timeout" ]; do
    if serial_text "$log" | grep -E "$pattern" >/dev/null; then
      echo $((SECONDS - t0)); return 0
    fi
    kill -0 "$QEMU_PID" 2>/dev/null || { echo "qemu stopped early: $(cat "$(dirname "$log")/qemu.out")" >&2; return 1; }
    sleep 1
  done
  return 1
}

# wait_for_exit TIMEOUT: true when the guest has powered off (QEMU ended by itself) within TIMEOUT seconds.
wait_for_exit() {
  local timeout=$1 t0=$SECONDS
  while [ $((SECONDS - t0)) -lt "$timeout" ]; do
    kill -0 "$QEMU_PID" 2>/dev/null || { wait "$QEMU_PID" 2>/dev/null || true; QEMU_PID=""; return 0; }
    sleep 1
  done
  return 1
}

# serial_text LOG: the serial log as text, without carriage returns and terminal escape sequences.
serial_text() { tr -d '\r' < "$1" | sed 's/\x1b\[[0-9;?]*[A-Za-z]//g'; }

# wait_for_milestones LOG TIMEOUT NAME PATTERN [NAME PATTERN...]: watches LOG (escape sequences removed) until
# every extended regex PATTERN has appeared, printing "NAME SECONDS" (seconds since the guest was started, 1 s
# resolution) as each first appears. Fails when TIMEOUT seconds pass or the guest stops before the last one.
wait_for_milestones() {
  local log=$1 timeout=$2; shift 2
  local names=() patterns=() seen=() i pending clean
  while [ $# -ge 2 ]; do names+=("$1"); patterns+=("$2"); seen+=(""); shift 2; done
  while :; do
    clean=$(serial_text "$log")
    pending=0
    for i in "${!names[@]}"; do
      [ -n "${seen[i]}" ] && continue
      if grep -Eq "${patterns[i]}" <<< "$clean"; then
        seen[i]=$((SECONDS - QEMU_STARTED)); echo "${names[i]} ${seen[i]}"
      else
        pending=1
      fi
    done
    [ $pending = 0 ] && return 0
    [ $((SECONDS - QEMU_STARTED)) -lt "$timeout" ] || return 1
    kill -0 "$QEMU_PID" 2>/dev/null || { echo "qemu stopped early: $(cat "$(dirname "$log")/qemu.out")" >&2; return 1; }
    sleep 1
  done
}
