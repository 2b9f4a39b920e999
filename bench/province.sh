#!/usr/bin/env bash
# A province at scale: `lienthong generate` writes PATIENTS synthetic patients
# (NDJSON), `lienthong import` loads them into a fresh store (fsync on, every
# index the store keeps), `lienthong export` writes them back out. Reports each
# rate, bytes on disk per resource and each step's peak RSS, against the
# targets of the province benchmark. The reference in the same run is the
# disk's sequential write rate (dd), which bounds import and export.
# Writes bench/results/province.md (province-<N>.md for another size).
#
# Usage: bench/province.sh   (env: PATIENTS=100000 SEED=1 PROVINCE=79 BUILD_DIR=build)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/bench/lib.sh"
bench_prepare
patients=${PATIENTS:-100000}
seed=${SEED:-1}
province=${PROVINCE:-79}
machine=$(machine_line)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# run_timed NAME CMD...: runs CMD under /usr/bin/time; sets <NAME>_secs and <NAME>_rss_mb.
run_timed() {
  local name=$1
  shift
  /usr/bin/time -f '%e %M' -o "$work/$name.time" "$@" >"$work/$name.out" 2>"$work/$name.err"
  read -r secs rss_kb <"$work/$name.time"
  printf -v "${name}_secs" '%s' "$secs"
  printf -v "${name}_rss_mb" '%s' "$((rss_kb / 1024))"
}

echo "generating $patients patients"
run_timed generate "$lienthong_bin" generate --patients "$patients" --seed "$seed" \
  --province "$province" --out "$work/ndjson"
resources=$(cat "$work"/ndjson/*.ndjson | wc -l)
ndjson_bytes=$(du -sb "$work/ndjson" | cut -f1)

echo "importing $resources resources"
run_timed import "$lienthong_bin" import --data-dir "$work/store" "$work/ndjson"
grep -q "(0 rejected)" "$work/import.out" || { echo "import rejected lines" >&2; tail "$work/import.out" >&2; exit 1; }
store_bytes=$(du -sb "$work/store" | cut -f1)

echo "exporting"
run_timed export "$lienthong_bin" export --data-dir "$work/store" --out "$work/export"
exported=$(cat "$work"/export/*.ndjson | wc -l)
rm -rf "$work/export"

disk_mb_s=$(dd if=/dev/zero of="$work/dd.bin" bs=1M count=512 conv=fdatasync 2>&1 |
  awk '/copied/ {for (i = 1; i <= NF; i++) if ($i ~ /^[0-9.]+$/ && $(i + 1) ~ /B\/s/) print $i " " $(i + 1)}')
rm -f "$work/dd.bin"

rate() { awk -v n="$1" -v s="$2" 'BEGIN {printf "%.0f", n / s}'; }
gen_rate=$(rate "$resources" "$generate_secs")
import_rate=$(rate "$resources" "$import_secs")
export_rate=$(rate "$exported" "$export_secs")
per_resource=$(awk -v b="$store_bytes" -v n="$resources" 'BEGIN {printf "%.0f", b / n}')
peak=$(printf '%s\n' "$generate_rss_mb" "$import_rss_mb" "$export_rss_mb" | sort -n | tail -1)
verdict() { awk -v a="$1" -v b="$2" -v dir="$3" 'BEGIN {ok = dir == "ge" ? a >= b : a <= b; print ok ? "met" : "**missed**"}'; }

mkdir -p "$root/bench/results"
result="$root/bench/results/province.md"
[ "$patients" = 100000 ] || result="$root/bench/results/province-$patients.md"
cat >"$result" <<MD
# A province at scale: generate, import, export

- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)
- machine: $machine
- commit: $(git -C "$root" rev-parse --short HEAD)
- dataset: \`lienthong generate --patients $patients --seed $seed --province $province\`: $resources resources, $((ndjson_bytes / 1048576)) MiB of NDJSON
- import: \`lienthong import\` into a fresh store, fsync on, with every index the store keeps (since the search work: the search index of every R4 search parameter)
- reference: the disk's sequential write rate in the same run (\`dd bs=1M conv=fdatasync\`): $disk_mb_s

| step | time s | resources/s | peak RSS MiB |
|---|---|---|---|
| generate | $generate_secs | $gen_rate | $generate_rss_mb |
| import | $import_secs | $import_rate | $import_rss_mb |
| export | $export_secs | $export_rate | $export_rss_mb |

- store on disk after import: $((store_bytes / 1048576)) MiB, $per_resource bytes per resource (write-ahead log and tables as left)
- exported $exported of $resources resources

| target | figure | |
|---|---|---|
| generation ≥ 100,000 resources/s | $gen_rate | $(verdict "$gen_rate" 100000 ge) |
| import ≥ 25,000 resources/s | $import_rate | $(verdict "$import_rate" 25000 ge) |
| export ≥ 150,000 resources/s | $export_rate | $(verdict "$export_rate" 150000 ge) |
| ≤ 600 bytes per resource on disk | $per_resource | $(verdict "$per_resource" 600 le) |
| peak RSS ≤ 1 GiB | $peak MiB | $(verdict "$peak" 1024 le) |
MD
cat "$result"
