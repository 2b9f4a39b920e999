#!/usr/bin/env bash
# Search latency on a generated province: `lienthong generate` writes
# PATIENTS patients; `lienthong import --no-index` loads them once without any
# search index (the ingest reference) and `lienthong import` again, into a
# fresh store, with every search index (the ratio of the two rates is the
# ingest target); `lienthong serve` answers each query REPEAT times from one
# client (curl,
# keep-alive off: each time includes a connection). The reference in the same
# run is a read by id, the cheapest request the server has. Reports p50 and p99
# in milliseconds against the targets of the search issue (which are set for
# 10 million resources or more; the run says how many it had).
# Writes bench/results/search-<N>.md.
#
# Usage: bench/search.sh   (env: PATIENTS=10000 REPEAT=50 SEED=1 BUILD_DIR=build)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/bench/lib.sh"
bench_prepare
patients=${PATIENTS:-10000}
repeat=${REPEAT:-50}
seed=${SEED:-1}
machine=$(machine_line)
work=$(mktemp -d)
port=18599
trap 'kill $server_pid 2>/dev/null || true; rm -rf "$work"' EXIT
server_pid=

echo "generating and importing $patients patients"
"$lienthong_bin" generate --patients "$patients" --seed "$seed" --out "$work/ndjson" >/dev/null
resources=$(cat "$work"/ndjson/*.ndjson | wc -l)
# timed_import NAME ARGS...: sets <NAME>_secs, <NAME>_cpu (user + system s)
# and <NAME>_rss_mb.
timed_import() {
  local name=$1
  shift
  /usr/bin/time -f '%e %U %S %M' -o "$work/$name.time" "$lienthong_bin" import "$@" \
    >"$work/$name.out" 2>&1
  read -r secs user sys rss_kb <"$work/$name.time"
  printf -v "${name}_secs" '%s' "$secs"
  printf -v "${name}_cpu" '%s' "$(awk -v u="$user" -v s="$sys" 'BEGIN {printf "%.0f", u + s}')"
  printf -v "${name}_rss_mb" '%s' "$((rss_kb / 1024))"
}
echo "importing $resources resources without an index (reference)"
timed_import bare --no-index --data-dir "$work/bare" "$work/ndjson"
bare_bytes=$(du -sb "$work/bare" | cut -f1)
rm -rf "$work/bare"
echo "importing $resources resources with every search index"
timed_import indexed --data-dir "$work/store" "$work/ndjson"
store_bytes=$(du -sb "$work/store" | cut -f1)
rate() { awk -v n="$resources" -v s="$1" 'BEGIN {printf "%.0f", n / s}'; }
bare_rate=$(rate "$bare_secs")
indexed_rate=$(rate "$indexed_secs")
ratio=$(awk -v a="$indexed_rate" -v b="$bare_rate" 'BEGIN {printf "%.2f", a / b}')
ratio_verdict=$(awk -v r="$ratio" 'BEGIN {print (r >= 0.5 ? "met" : "**missed**")}')

"$lienthong_bin" serve --data-dir "$work/store" --port "$port" --bind 127.0.0.1 --auth off --log-level warn \
  >"$work/server.log" 2>&1 &
server_pid=$!
base="http://127.0.0.1:$port/fhir"
wait_for "$base/metadata" "$work/server.log"

# Values from the data: a patient with a national id and a frequent code.
patient_line=$(head -n 1 "$work/ndjson/Patient.ndjson")
patient_id=$(sed -E 's/.*"resourceType":"Patient","id":"([^"]+)".*/\1/' <<<"$patient_line")
national_id=$(grep -oE '"system":"[^"]*national_id","value":"[0-9]+"' <<<"$patient_line" |
  head -n 1 | sed -E 's/.*"value":"([0-9]+)"/\1/')
top_code=$(grep -oE '"system":"http://loinc.org","code":"[^"]+"' "$work/ndjson/Observation.ndjson" |
  sort | uniq -c | sort -rn | head -n 1 | sed -E 's/.*"code":"([^"]+)"/\1/')
top_count=$(grep -c "\"code\":\"$top_code\"" "$work/ndjson/Observation.ndjson" || true)

# p50 and p99 of REPEAT requests, in ms.
measure() {
  local url=$1 times=()
  for _ in $(seq "$repeat"); do
    times+=("$(curl -s -o /dev/null -w '%{time_total}' "$url")")
  done
  printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR] = $1 * 1000}
    END {p50 = a[int((NR + 1) / 2)]; i = int(NR * 0.99 + 0.999); if (i > NR) i = NR;
         printf "%.1f %.1f", p50, a[i]}'
}

row() {
  local name=$1 url=$2 target=$3
  read -r p50 p99 < <(measure "$url")
  hits=$(curl -s "$url" | grep -oE '"total":[0-9]+' | head -n 1 | cut -d: -f2)
  echo "| $name | $p50 | $p99 | ${hits:--} | $target |"
}

rows=$(
  row "read by id (reference)" "$base/Patient/$patient_id" "-"
  row "token, first page of 50" "$base/Observation?code=http://loinc.org%7C$top_code&_count=50" \
    "p50 ≤ 5, p99 ≤ 20"
  row "token, first page of 50, \`_total=accurate\`" \
    "$base/Observation?code=http://loinc.org%7C$top_code&_count=50&_total=accurate" "-"
  row "_summary=count for the most frequent code" \
    "$base/Observation?code=http://loinc.org%7C$top_code&_summary=count" "≤ 100"
  row "chain Observation?subject.identifier" \
    "$base/Observation?subject.identifier=$national_id&_count=50" "p50 ≤ 10"
  row "name with diacritic folding (name=nguyen van)" \
    "$base/Patient?name=nguyen%20van&_count=50" "p50 ≤ 10"
  row "date range, first page of 50" \
    "$base/Encounter?date=ge2024-01-01&date=lt2024-02-01&_count=50" "-"
)

mkdir -p "$root/bench/results"
result="$root/bench/results/search-$patients.md"
cat >"$result" <<MD
# Search latency on a generated province

- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)
- machine: $machine
- commit: $(git -C "$root" rev-parse --short HEAD)
- dataset: \`lienthong generate --patients $patients --seed $seed\`: $resources resources

## Ingest

| import (fsync on) | time s | resources/s | CPU s | peak RSS MiB | store bytes/resource |
|---|---|---|---|---|---|
| no search index (reference) | $bare_secs | $bare_rate | $bare_cpu | $bare_rss_mb | $((bare_bytes / resources)) |
| every search index | $indexed_secs | $indexed_rate | $indexed_cpu | $indexed_rss_mb | $((store_bytes / resources)) |

Ingest with every index: $ratio × the rate without (target ≥ 0.5: $ratio_verdict).

## Latency

- each query $repeat times from one client (curl, a new connection each time); the most frequent code is LOINC $top_code ($top_count Observations)
- the targets are set for a province of at least 10 million resources; this run has $resources

| query | p50 ms | p99 ms | total | target ms |
|---|---|---|---|---|
$rows
MD
cat "$result"
