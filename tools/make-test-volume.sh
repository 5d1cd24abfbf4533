#!/usr/bin/env bash
# Builds a populated plaintext file system (NTFS, FAT32 or exFAT), wraps it in a BitLocker volume with
# bdegen, and optionally puts that volume into a whole-disk GPT image. Usage: see usage() or tools/README.md.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$here")

usage() {
    cat <<'EOF'
Usage: tools/make-test-volume.sh [options] OUTDIR [-- BDEGEN-OPTIONS...]

Builds OUTDIR/plain.img (a populated file system), OUTDIR/volume.img (the BitLocker volume around it),
OUTDIR/keys.json (every credential), OUTDIR/stick/ (.BEK and recovery-key .TXT files) and, with --gpt,
OUTDIR/disk.img (GPT: partition 1 a small EFI system partition, partition 2 the BitLocker volume).

Options:
  --fs ntfs|fat32|exfat   file system inside the volume (default ntfs)
  --size SIZE             volume size, e.g. 64M, 1G (default 64M)
  --sector-size 512|4096  logical sector size (default 512; --gpt needs 512)
  --user NAME             add a Windows-like profile for this user (Desktop, Documents, Pictures, ...)
  --many-files N          add N small files in nested folders
  --sparse-file SIZE      add a sparse file of this size, e.g. 5G (NTFS only)
  --label LABEL           file-system label (default "Windows" for NTFS, else "DATA")
  --bek                   add a startup-key protector; its .BEK goes to OUTDIR/stick/
  --gpt                   also write the whole-disk image OUTDIR/disk.img
Everything after -- goes to bdegen (default: --random-recovery-password --password test-password).
bdegen is taken from $BDEGEN or build/bdegen. NTFS and exFAT need FUSE; exFAT also a loop device.
EOF
}

fs=ntfs size=64M sector_size=512 user="" many=0 sparse="" label="" bek=0 gpt=0 out=""
bdegen_args=()
while [ $# -gt 0 ]; do
    case $1 in
        --fs) fs=$2; shift 2 ;;
        --size) size=$2; shift 2 ;;
        --sector-size) sector_size=$2; shift 2 ;;
        --user) user=$2; shift 2 ;;
        --many-files) many=$2; shift 2 ;;
        --sparse-file) sparse=$2; shift 2 ;;
        --label) label=$2; shift 2 ;;
        --bek) bek=1; shift ;;
        --gpt) gpt=1; shift ;;
        -h|--help) usage; exit 0 ;;
        --) shift; bdegen_args=("$@"); break ;;
        -*) echo "make-test-volume: unknown option $1 (see --help)" >&2; exit 2 ;;
        *) [ -z "$out" ] || { echo "make-test-volume: only one OUTDIR, please" >&2; exit 2; }; out=$1; shift ;;
    esac
done
[ -n "$out" ] || { usage >&2; exit 2; }
case $fs in ntfs|fat32|exfat) ;; *) echo "make-test-volume: --fs must be ntfs, fat32 or exfat" >&2; exit 2 ;; esac
[ -z "$sparse" ] || [ "$fs" = ntfs ] || { echo "make-test-volume: --sparse-file needs --fs ntfs" >&2; exit 2; }
[ "$gpt" = 0 ] || [ "$sector_size" = 512 ] || { echo "make-test-volume: --gpt needs --sector-size 512" >&2; exit 2; }
[ "$fs" != exfat ] || [ "$sector_size" = 512 ] || { echo "make-test-volume: mkfs.exfat makes 512-byte sectors only" >&2; exit 2; }
[ -n "$label" ] || { [ "$fs" = ntfs ] && label=Windows || label=DATA; }
[ ${#bdegen_args[@]} -gt 0 ] || bdegen_args=(--random-recovery-password --password test-password)

bdegen=${BDEGEN:-$repo/build/bdegen}
[ -x "$bdegen" ] || { echo "make-test-volume: $bdegen not found: build it first (ninja -C build bdegen)" >&2; exit 1; }

export LANG=C.UTF-8 LC_ALL=C.UTF-8  # Unicode file names through mtools and FUSE
mkdir -p "$out/stick"
plain=$out/plain.img staging=$out/.staging mnt=$out/.mnt
loop=""
cleanup() {
    if mountpoint -q "$mnt" 2>/dev/null; then fusermount -u "$mnt" 2>/dev/null || umount "$mnt" || true; fi
    [ -z "$loop" ] || losetup -d "$loop" 2>/dev/null || true
    rm -rf "$staging"
    rmdir "$mnt" 2>/dev/null || true
}
trap cleanup EXIT
rm -rf "$staging" && mkdir -p "$staging"

# ---- content -----------------------------------------------------------------------------------------
random_file() { head -c "$2" /dev/urandom >"$1"; }
# Files that start like the real formats (enough for `file` and for a technician's eye), random inside.
jpeg_file() { { printf '\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00'; head -c "$2" /dev/urandom; printf '\xff\xd9'; } >"$1"; }
png_file() { { printf '\x89PNG\r\n\x1a\n'; head -c "$2" /dev/urandom; } >"$1"; }
zip_file() { { printf 'PK\x03\x04'; head -c "$2" /dev/urandom; } >"$1"; }  # .docx/.xlsx are zip files
pdf_file() { { printf '%%PDF-1.4\n%% %s\n' "$3"; head -c "$2" /dev/urandom; printf '\n%%%%EOF\n'; } >"$1"; }
exe_file() { { printf 'MZ\x90\x00'; head -c "$2" /dev/urandom; } >"$1"; }

make_profile() {
    local u=$1 home=$staging/Users/$1
    mkdir -p "$home"/{Desktop,Documents,Pictures,Downloads,Music,Videos} "$home/AppData/Local/Temp" \
             "$home/AppData/Roaming/Microsoft/Windows/Recent" "$staging/Users/Public/Documents" \
             "$staging/Windows/System32/drivers/etc" "$staging/Program Files/Common Files"
    printf '# Copyright (c) 1993-2009 Microsoft Corp.\r\n127.0.0.1       localhost\r\n' >"$staging/Windows/System32/drivers/etc/hosts"
    printf 'Shared documents for everyone on this PC.\r\n' >"$staging/Users/Public/Documents/Readme.txt"

    printf 'Call the landlord about the heating.\r\nPick up the parcel on Friday.\r\n' >"$home/Desktop/Notes.txt"
    printf 'Milk\r\nBread\r\nCoffee\r\nBatteries (AA)\r\n' >"$home/Desktop/Shopping list.txt"
    zip_file "$home/Desktop/Budget 2026.xlsx" 18000

    local docs=$home/Documents
    mkdir -p "$docs/Projects/Website/css" "$docs/Projects/Website/img" "$docs/Taxes/2025/Receipts" "$docs/Letters"
    zip_file "$docs/Letters/Letter to landlord.docx" 24000
    printf 'Dear Ms. Becker,\r\n\r\nplease find enclosed the signed contract.\r\n\r\nKind regards,\r\n%s\r\n' "$u" \
        >"$docs/Letters/Reply to Ms. Becker.txt"
    printf 'Übersicht der Konten – ñ – 日本の旅行\r\nKonto 1: 1.234,56 €\r\n' >"$docs/Übersicht ñ 日本.txt"
    : >"$docs/Empty note.txt"
    printf '<!DOCTYPE html>\n<html><head><title>%s</title><link rel="stylesheet" href="css/style.css"></head>\n<body><h1>Hello</h1></body></html>\n' "$u" \
        >"$docs/Projects/Website/index.html"
    printf 'body { font-family: sans-serif; }\n' >"$docs/Projects/Website/css/style.css"
    png_file "$docs/Projects/Website/img/logo.png" 6000
    pdf_file "$docs/Taxes/2025/Tax return 2025.pdf" 60000 "Tax return"
    for i in 1 2 3 4 5; do pdf_file "$docs/Taxes/2025/Receipts/Receipt 0$i.pdf" $((3000 + i * 1500)) "Receipt $i"; done

    mkdir -p "$home/Pictures/Holiday 2025" "$home/Pictures/Family"
    for i in 1 2 3 4 5 6; do jpeg_file "$home/Pictures/Holiday 2025/IMG_000$i.jpg" $((20000 + i * 15000)); done
    jpeg_file "$home/Pictures/Family/Birthday Grandma.jpg" 90000

    exe_file "$home/Downloads/PrinterDriverSetup.exe" 150000
    pdf_file "$home/Downloads/Manual.pdf" 40000 "Manual"
    : >"$home/Downloads/empty.zip"

    # The junk every Windows profile collects.
    local tmp=$home/AppData/Local/Temp
    mkdir -p "$tmp/Low" "$tmp/{3F2504E0-4F89-11D3-9A0C-0305E82C3301}"
    for i in 1 2 3 4; do random_file "$tmp/~DF$((1000 + i * 37)).tmp" $((i * 700)); done
    : >"$tmp/Low/empty.tmp"
    random_file "$tmp/{3F2504E0-4F89-11D3-9A0C-0305E82C3301}/setup.log" 2000
}

make_minimal_content() {
    mkdir -p "$staging/Data/Photos"
    printf 'Quarterly report\r\n' >"$staging/Data/Report.txt"
    jpeg_file "$staging/Data/Photos/IMG_0001.jpg" 40000
    printf 'Ünïcödé ñ 日本\r\n' >"$staging/Übersicht ñ 日本.txt"
    : >"$staging/empty.txt"
}

make_many_files() {
    local base=$staging/${user:+Users/$user/AppData/Local/}Cache i
    for ((i = 0; i < $1; i++)); do
        local dir=$base/$(printf 'dir%03d' $((i / 100)))
        [ $((i % 100)) -ne 0 ] || mkdir -p "$dir"
        printf 'cache entry %d\n%0*d\n' "$i" $((i % 1500)) 0 >"$dir/$(printf 'entry-%05d.tmp' "$i")"
    done
}

if [ -n "$user" ]; then make_profile "$user"; else make_minimal_content; fi
[ "$many" -eq 0 ] || make_many_files "$many"

# ---- file system -------------------------------------------------------------------------------------
rm -f "$plain" && truncate -s "$size" "$plain"
mkdir -p "$mnt"
case $fs in
    ntfs)
        mkntfs -F -Q -q -s "$sector_size" -L "$label" "$plain" >/dev/null 2>&1
        ntfs-3g "$plain" "$mnt" || { echo "make-test-volume: cannot mount the NTFS image with ntfs-3g (is FUSE available?)" >&2; exit 1; }
        cp -r --preserve=timestamps "$staging/." "$mnt/"
        if [ -n "$sparse" ]; then
            mkdir -p "$mnt/Users/${user:-Public}/Videos"
            truncate -s "$sparse" "$mnt/Users/${user:-Public}/Videos/Family video (sparse).mp4"
        fi
        fusermount -u "$mnt"
        ;;
    fat32)
        mkfs.vfat -F 32 -S "$sector_size" -n "$label" "$plain" >/dev/null
        mcopy -s -m -i "$plain" "$staging"/* ::/
        ;;
    exfat)
        mkfs.exfat -L "$label" "$plain" >/dev/null
        # exfat-fuse insists on a block device: borrow a loop device for the copy.
        loop=$(losetup -f --show "$plain") || { echo "make-test-volume: exFAT needs a loop device (losetup)" >&2; exit 1; }
        mount.exfat-fuse "$loop" "$mnt" >/dev/null
        cp -r "$staging/." "$mnt/"
        fusermount -u "$mnt"
        losetup -d "$loop" && loop=""
        ;;
esac

# ---- BitLocker (and GPT) -----------------------------------------------------------------------------
esp_sectors=$((16 * 2048))           # 16 MiB EFI system partition
part_start=$((2048 + esp_sectors))   # where the BitLocker partition starts (512-byte sectors)
extra=(--sector-size "$sector_size" --recovery-txt-dir "$out/stick")
[ "$bek" = 0 ] || extra+=(--bek-dir "$out/stick")
[ "$gpt" = 0 ] || extra+=(--hidden-sectors "$part_start")
"$bdegen" --plain "$plain" -o "$out/volume.img" --print-keys-json "$out/keys.json" "${extra[@]}" "${bdegen_args[@]}"

if [ "$gpt" = 1 ]; then
    disk=$out/disk.img esp=$out/.esp.img
    vol_sectors=$(($(stat -c %s "$out/volume.img") / 512))
    rm -f "$disk" && truncate -s $(((part_start + vol_sectors + 2048) * 512)) "$disk"  # 1 MiB left for the backup GPT
    sgdisk -o \
        -n 1:2048:$((part_start - 1)) -t 1:EF00 -c 1:"EFI system partition" \
        -n 2:$part_start:$((part_start + vol_sectors - 1)) -t 2:0700 -c 2:"Basic data partition" \
        "$disk" >/dev/null
    rm -f "$esp" && truncate -s $((esp_sectors * 512)) "$esp"
    mkfs.vfat -F 16 -n SYSTEM "$esp" >/dev/null
    mmd -i "$esp" ::/EFI ::/EFI/Boot ::/EFI/Microsoft ::/EFI/Microsoft/Boot
    random_file "$staging.bcd" 16384 && mcopy -i "$esp" "$staging.bcd" ::/EFI/Microsoft/Boot/BCD && rm -f "$staging.bcd"
    dd if="$esp" of="$disk" bs=1M seek=1 conv=notrunc status=none
    dd if="$out/volume.img" of="$disk" bs=1M seek=$((part_start / 2048)) conv=notrunc,sparse status=none
    rm -f "$esp"
fi

echo
echo "Plaintext file system: $plain ($fs, $size)"
echo "BitLocker volume:      $out/volume.img"
[ "$gpt" = 0 ] || echo "Whole disk (GPT):      $out/disk.img (BitLocker partition 2 at sector $part_start)"
echo "Key files:             $out/stick/"
echo "Credentials:           $out/keys.json"
