# Shared helpers for the image scripts (sourced, not run).

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

need_tools() {
  local t missing=()
  for t in "$@"; do command -v "$t" >/dev/null 2>&1 || missing+=("$t"); done
  [ ${#missing[@]} -eq 0 ] || die "missing tools: ${missing[*]} (run: bash tools/setup.sh)"
}

# The Debian mirror this machine already uses for SUITE ("bookworm" or "bookworm-security"), read from its
# apt sources (one-line .list files and deb822 .sources files). BDERESCUE_MIRROR / BDERESCUE_SECURITY_MIRROR
# override it.
apt_mirror_for_suite() {
  local suite=$1 f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    case $f in
      *.sources)
        awk -v want="$suite" '
          /^[[:space:]]*$/ { if (uris != "" && hit) { print uris; exit } uris = ""; hit = 0; next }
          /^URIs:/   { uris = $2 }
          /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == want) hit = 1 }
          /^Types:/  { deb = 0; for (i = 2; i <= NF; i++) if ($i == "deb") deb = 1; if (!deb) hit = -99 }
          END { if (uris != "" && hit > 0) print uris }' "$f" ;;
      *)
        awk -v want="$suite" '$1 == "deb" { i = 2; if ($2 ~ /^\[/) while ($i !~ /\]$/) i++; if ($2 ~ /^\[/) i++;
                                            if ($(i + 1) == want) { print $i; exit } }' "$f" ;;
    esac
  done | head -n 1
}

debian_mirror() {
  local m=${BDERESCUE_MIRROR:-$(apt_mirror_for_suite bookworm)}
  [ -n "$m" ] || die "no Debian bookworm mirror found in /etc/apt/sources.list*; set BDERESCUE_MIRROR"
  echo "${m%/}"
}

debian_security_mirror() {
  local m=${BDERESCUE_SECURITY_MIRROR:-$(apt_mirror_for_suite bookworm-security)}
  echo "${m%/}"
}

# Byte offset and size of partition NUMBER in the GPT disk (image file or device) DISK: "OFFSET SIZE".
partition_extent() {
  local disk=$1 number=$2 first last
  first=$(sgdisk -i "$number" "$disk" | awk '/^First sector:/ { print $3 }')
  last=$(sgdisk -i "$number" "$disk" | awk '/^Last sector:/ { print $3 }')
  [ -n "$first" ] && [ -n "$last" ] || die "$disk has no partition $number"
  echo "$((first * 512)) $(((last - first + 1) * 512))"
}

# The mtools image argument for the FAT file system in partition NUMBER of DISK ("disk@@offset").
mtools_target() {
  local extent
  extent=$(partition_extent "$1" "$2")
  echo "$1@@${extent%% *}"
}

# usage SCRIPT: the comment block at the top of SCRIPT (after the #! line), as its --help text.
usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$1"; }

# fat_unmounted_cleanly DISK NUMBER SCRATCH: true when the FAT file system in partition NUMBER of the disk image
# DISK has no dirty flag (Linux sets it while the file system is mounted, so a PC switched off without
# unmounting leaves it set); prints fsck.vfat's report otherwise. SCRATCH is a file it may overwrite.
fat_unmounted_cleanly() {
  local disk=$1 number=$2 scratch=$3 extent out
  extent=$(partition_extent "$disk" "$number")
  dd if="$disk" of="$scratch" bs=1M skip=$(( ${extent%% *} / 1048576 )) count=$(( ${extent##* } / 1048576 )) status=none
  if out=$(fsck.vfat -n "$scratch" 2>&1) && ! grep -qi 'dirty' <<< "$out"; then rm -f "$scratch"; return 0; fi
  echo "$out"; rm -f "$scratch"; return 1
}
