#!/usr/bin/env bash
# Never write to the source: hashes every test source volume before the tests that read them and
# compares after. `record DIR FILE` writes the hashes; `verify DIR FILE` fails on any change.
set -euo pipefail
mode=$1 dir=$2 list=$3
hash_all() { (cd "$dir" && find . -maxdepth 1 -type f \( -name '*.img' -o -name '*.BEK' \) -print0 | sort -z | xargs -0 sha256sum); }
case $mode in
  # Recorded once per unpack (the list lives inside the unpacked tree), so a change made by one run
  # is still caught by the next.
  record) [ -f "$list" ] || { hash_all > "$list.tmp" && mv "$list.tmp" "$list"; }; echo "$(wc -l < "$list") source hashes recorded" ;;
  verify)
    [ -f "$list" ] || { echo "no recorded hashes at $list" >&2; exit 1; }
    if ! diff <(cat "$list") <(hash_all); then
      echo "A SOURCE VOLUME CHANGED during the tests: something wrote to it (see diff above)" >&2; exit 1
    fi
    echo "all $(wc -l < "$list") source volumes unchanged" ;;
  *) echo "usage: $0 record|verify DIR FILE" >&2; exit 2 ;;
esac
