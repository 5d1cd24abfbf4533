#!/usr/bin/env bash
# The README's built-in demo: a small GPT disk image whose second partition is a BitLocker-encrypted NTFS
# volume holding user Alex's Windows profile, plus the USB stick folder with the recovery-key .TXT file
# exactly as Windows saves it. Usage: tools/make-demo-disk.sh OUTDIR. Does nothing if OUTDIR is complete.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
[ $# -eq 1 ] && [ "${1#-}" = "$1" ] || { echo "Usage: tools/make-demo-disk.sh OUTDIR" >&2; exit 2; }
out=$1
stamp=$out/.demo-complete
password="Alex-Laptop-2026"

if [ -f "$stamp" ] && [ -f "$out/demo-disk.img" ] && compgen -G "$out/stick/BitLocker Recovery Key *.TXT" >/dev/null; then
    echo "The demo is already in $out (delete $stamp to build it again)."
    exit 0
fi

work=$out/.work
rm -rf "$work" "$out/stick" "$stamp"
mkdir -p "$out"
today=$(date +%-m/%-d/%Y)
"$here/make-test-volume.sh" --fs ntfs --size 64M --user Alex --label Windows --gpt "$work" -- \
    --description "DEMO-LAPTOP C: $today" --random-recovery-password --password "$password" >"$work.log" 2>&1 ||
    { cat "$work.log" >&2; exit 1; }

mv "$work/disk.img" "$out/demo-disk.img"
mv "$work/stick" "$out/stick"
sed "s|$work/stick|$out/stick|g" "$work/keys.json" >"$out/demo-keys.json"
cat >"$out/README.txt" <<EOF
BDE Rescue demo ($today)

demo-disk.img    A laptop disk: partition 1 is the EFI system partition, partition 2 the BitLocker-encrypted
                 drive C: ("DEMO-LAPTOP C: $today", NTFS, Windows-like profile of user Alex).
stick/           The USB stick Alex saved the recovery key to ("BitLocker Recovery Key <ID>.TXT").
demo-keys.json   Every key of the demo, for tests.

The drive opens with the recovery key from the stick, or with the password: $password
EOF
rm -rf "$work" "$work.log"
touch "$stamp"
echo "Demo disk:    $out/demo-disk.img"
echo "Recovery key: $(ls "$out"/stick/*.TXT)"
