#!/usr/bin/env bash
# Copy speed off an unlocked volume vs off the same file system unencrypted, through the same path.
# Builds a tree of mixed files (many small ones, a few large ones; 1 GiB by default) on an NTFS image
# (mkntfs + ntfs-3g, as tools/make-test-volume.sh does), wraps that image in an AES-XTS-128 BitLocker
# volume with bdegen, then times `bderescue copy VOL --password ...` and `bderescue copy --plain NTFS.img`
# to fresh destinations and prints both times and the ratio (goal: encrypted <= 1.25x plain).
# Usage: bench/copy_tree.sh [BUILD_DIR (default build)] [--tree-mib N (default 1024)] [--method M]
# Needs ~2 x (tree + 1 GiB) free in $TMPDIR (or /tmp), FUSE and ntfs-3g. Sources are page-cached first.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
build=$repo/build
if [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; then build=$(cd "$1" && pwd); shift; fi
tree_mib=1024 method=aes-xts-128
while [ $# -gt 0 ]; do
    case $1 in
        --tree-mib) tree_mib=$2; shift 2 ;;
        --method) method=$2; shift 2 ;;
        *) echo "copy_tree: unknown option $1" >&2; exit 2 ;;
    esac
done

work=$(mktemp -d "${TMPDIR:-/tmp}/bench-copy-tree.XXXXXX")
mnt=$work/mnt
cleanup() {
    if mountpoint -q "$mnt" 2>/dev/null; then fusermount -u "$mnt" 2>/dev/null || umount -l "$mnt" || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

# ---- the tree: a quarter in small files (0.5-48 KiB) in nested folders, the rest in large files ---------
staging=$work/staging/Users/Bench
small_bytes=$((tree_mib * 1024 * 1024 / 4)) large_count=6
large_mib=$(((tree_mib - tree_mib / 4) / large_count))
echo "== making a ${tree_mib} MiB tree: small files for $((small_bytes >> 20)) MiB, $large_count files of ${large_mib} MiB"
head -c $((64 << 20)) /dev/urandom >"$work/pool"  # small files are cut from this (one fork each, no urandom per file)
made=0 i=0
while [ $made -lt $small_bytes ]; do
    dir=$staging/Documents/$(printf 'folder%02d/sub%02d' $((i / 1000)) $((i / 100 % 10)))
    [ $((i % 100)) -ne 0 ] || mkdir -p "$dir"
    size=$((512 + (i * 7919) % (48 * 1024)))
    dd if="$work/pool" of="$dir/file-$i.dat" iflag=skip_bytes,count_bytes skip=$(((i * 4099) % (60 << 20))) \
        count=$size status=none
    made=$((made + size)) i=$((i + 1))
done
mkdir -p "$staging/Videos"
for ((k = 0; k < large_count; k++)); do head -c $((large_mib << 20)) /dev/urandom >"$staging/Videos/video-$k.mp4"; done
echo "   $i small files"

# ---- NTFS image (tree + 50% + 512 MiB, so bdegen finds zeroed room for its metadata), BitLocker volume --
plain=$work/plain.img vol=$work/volume.img
truncate -s $(((tree_mib * 3 / 2 + 512) << 20)) "$plain"
mkntfs -F -Q -q -L Bench "$plain" >/dev/null 2>&1
mkdir -p "$mnt" && ntfs-3g "$plain" "$mnt"
cp -r "$work/staging/." "$mnt/"
fusermount -u "$mnt"
rm -rf "$work/staging" "$work/pool"
"$build/bdegen" --plain "$plain" -o "$vol" --method "$method" --password bench-password --seed 2 >/dev/null
cat "$plain" "$vol" >/dev/null  # page-cache both sources: the comparison is about the read path, not the disk

bderescue=$build/bderescue
run_copy() {  # label, bderescue copy arguments...
    local label=$1 dest=$work/dest-$1 t0 t1
    shift
    rm -rf "$dest" && sync
    t0=$(date +%s.%N)
    "$bderescue" copy "$@" --to "$dest" Users >"$work/$label.log" 2>&1 || { cat "$work/$label.log" >&2; exit 1; }
    sync  # count the write-back too, the same for both
    t1=$(date +%s.%N)
    du -sb "$dest/Users" | awk '{print $1}' >"$work/$label.bytes"
    echo "$t1 - $t0" | bc -l
}
echo "== copying Users (the whole tree) with bderescue copy; load average $(cut -d' ' -f1 /proc/loadavg)"
t_plain=$(run_copy plain --plain "$plain")
t_enc=$(run_copy encrypted "$vol" --password bench-password)
[ "$(cat "$work/plain.bytes")" = "$(cat "$work/encrypted.bytes")" ] || { echo "copy_tree: the two copies differ in size" >&2; exit 1; }
diff -r -q "$work/dest-plain/Users" "$work/dest-encrypted/Users" >/dev/null || { echo "copy_tree: the two copies differ" >&2; exit 1; }
ratio=$(echo "$t_enc / $t_plain" | bc -l)
printf 'copied %s files, %.0f MiB, twice (identical)\n' "$(find "$work/dest-plain/Users" -type f | wc -l)" \
    "$(echo "$(cat "$work/plain.bytes") / 1048576" | bc -l)"
printf 'plain NTFS image (--plain):          %6.1f s\n' "$t_plain"
printf 'BitLocker %s volume:        %6.1f s (includes unlocking: key stretching + libbde check)\n' "$method" "$t_enc"
printf 'ratio encrypted / plain:             %6.2fx   goal <= 1.25x: %s\n' "$ratio" \
    "$(echo "$ratio <= 1.25" | bc -l | sed 's/1/met/;s/0/NOT met/')"
