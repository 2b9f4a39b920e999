#!/usr/bin/env bash
# Encryption at rest: `lienthong import` (write path, fsync on) and `lienthong
# export` (reads every current resource) of one generated province into a
# plain and an encrypted store, alternating, 3 runs each; medians into
# bench/results/encryption-at-rest.md. Usage: bench/encryption.sh [PATIENTS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/bench/lib.sh"
patients=${1:-1000}
bin=${BUILD_DIR:-$root/build}/src/cli/lienthong
work=$(mktemp -d /tmp/lienthong-bench-enc-XXXXXX)
trap 'rm -rf "$work"' EXIT
"$bin" generate --patients "$patients" --out "$work/province" >/dev/null
openssl rand -hex 32 >"$work/key" && chmod 600 "$work/key"
declare -A import_s export_s
for run in 1 2 3; do
  for mode in plain encrypted; do
    rm -rf "$work/data" "$work/out"
    key=()
    [[ $mode == encrypted ]] && key=(--encryption-key-file "$work/key")
    i=$("$bin" import --data-dir "$work/data" "${key[@]}" "$work/province" 2>/dev/null |
      sed -n 's/.* in \([0-9.]*\) s.*/\1/p')
    e=$("$bin" export --data-dir "$work/data" --out "$work/out" "${key[@]}" |
      sed -n 's/.* in \([0-9.]*\) s.*/\1/p')
    import_s[$mode]+="$i "
    export_s[$mode]+="$e "
  done
done
resources=$(cat "$work"/out/*.ndjson | wc -l)
{
  echo "# Encryption at rest: import and export, plain and encrypted store"
  echo
  echo "- date: $(date -u +%FT%TZ)"
  echo "- machine: $(machine_line)"
  echo "- commit: $(git -C "$root" rev-parse --short HEAD)"
  echo "- dataset: \`lienthong generate --patients $patients\` ($resources resources), NDJSON"
  echo "- runs: 3 of each, alternating, fresh data dir each; import with fsync on and the search index"
  echo
  echo "| store | import s (median) | runs | export s (median) | runs |"
  echo "|---|---|---|---|---|"
  for mode in plain encrypted; do
    echo "| $mode | $(med ${import_s[$mode]}) | ${import_s[$mode]}| $(med ${export_s[$mode]}) | ${export_s[$mode]}|"
  done
} | tee "$root/bench/results/encryption-at-rest.md"
