#!/usr/bin/env bash
# Search latency on a generated province: `lienthong generate` writes
# PATIENTS patients, `lienthong import` loads them with every search index,
# `lienthong serve` answers each query REPEAT times from one client (curl,
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
import_start=$(date +%s.%N)
"$lienthong_bin" import --data-dir "$work/store" "$work/ndjson" >/dev/null 2>&1
import_secs=$(awk -v a="$import_start" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}')

"$lienthong_bin" serve --data-dir "$work/store" --port "$port" --log-level warn \
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
- dataset: \`lienthong generate --patients $patients --seed $seed\`: $resources resources, imported with every search index in $import_secs s
- each query $repeat times from one client (curl, a new connection each time); the most frequent code is LOINC $top_code ($top_count Observations)
- the targets are set for a province of at least 10 million resources; this run has $resources

| query | p50 ms | p99 ms | total | target ms |
|---|---|---|---|---|
$rows
MD
cat "$result"
