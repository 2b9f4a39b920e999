#!/usr/bin/env bash
# Small transactions with fsync on: 64 connections (`wrk -t2 -c64`) each
# POSTing to /fhir transactions of one Patient (fullUrl urn:uuid) and one
# Observation whose subject references it (bench/lua/small_tx.lua), against a
# fresh data dir per run with fsync on (the default). Reports tx/s and latency
# p50/p99, counts non-200 responses, and as references from the same run: the
# rate of 4 KB write+fdatasync the disk sustains in the same filesystem, and
# the server's `lienthong_commit_group_ops` histogram (operations per durable
# commit group, two per transaction) to show group commit at work.
# Writes bench/results/small-tx.md.
#
# Usage: bench/small_tx.sh   (env: RUNS=3 DURATION=10s CONNECTIONS=64 THREADS=<server default>
#                             BUILD_DIR=build LT_PORT=18121)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/bench/lib.sh"
bench_prepare
runs=${RUNS:-3}
duration=${DURATION:-10s}
conns=${CONNECTIONS:-64}
lt_port=${LT_PORT:-18121}
thread_flags=()
[[ -n ${THREADS:-} ]] && thread_flags=(--threads "$THREADS")
lua=$root/bench/lua/small_tx.lua

machine=$(machine_line)
work=$(mktemp -d)
lt_pid=""
cleanup() {
  stop_pid "$lt_pid"
  rm -rf "$work"
}
trap cleanup EXIT

cpu=() tps=() p50=() p99=() fsyncs=() ops_per_group=() groups_per_s=() buckets=""
bad=0 total=0 failure=""
for i in $(seq "$runs"); do
  f=$(fsync_rate "$work")
  fsyncs+=("$f")
  rm -rf "$work/data"
  start_lienthong "$work/data" "$lt_port" "$work/lienthong.log" "${thread_flags[@]}"
  t0=$(cpu_ticks "$lt_pid")
  out=$(wrk -t2 -c"$conns" -d"$duration" --latency -s "$lua" "http://127.0.0.1:$lt_port")
  t1=$(cpu_ticks "$lt_pid")
  metrics=$(curl -fsS "http://127.0.0.1:$lt_port/metrics")
  stop_pid "$lt_pid"
  lt_pid=""
  r=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  a=$(wrk_latency_ms 50 <<<"$out") b=$(wrk_latency_ms 99 <<<"$out")
  nb=$(awk '$1 == "non_200" {print $2}' <<<"$out") nt=$(awk '$1 == "responses" {print $2}' <<<"$out")
  [[ -z $failure ]] && failure=$(sed -n 's/^first_failure //p' <<<"$out")
  groups=$(metric_value "$metrics" lienthong_commit_group_ops_count)
  ops=$(metric_value "$metrics" lienthong_commit_group_ops_sum)
  secs=$(awk -v d="$duration" 'BEGIN {sub(/s$/, "", d); print d}')
  opg=$(awk -v o="$ops" -v g="$groups" 'BEGIN {printf "%.1f", o / g}')
  gps=$(awk -v g="$groups" -v s="$secs" 'BEGIN {printf "%.0f", g / s}')
  cpu+=("$(awk -v t=$((t1 - t0)) -v h="$clk_tck" -v s="$secs" 'BEGIN {printf "%.0f", t / h / s * 100}')")
  tps+=("$r") p50+=("$a") p99+=("$b") ops_per_group+=("$opg") groups_per_s+=("$gps")
  bad=$((bad + nb)) total=$((total + nt))
  buckets=$(grep '^lienthong_commit_group_ops_bucket' <<<"$metrics" |
    sed 's/lienthong_commit_group_ops_bucket{le="\([^"]*\)"} /\1 /' |
    awk 'BEGIN {prev = 0} {if ($2 > prev) printf "%s≤ %s: %d", (n++ ? ", " : ""), $1, $2 - prev; prev = $2}')
  echo "run $i: disk $f fsyncs/s; lienthong $r tx/s, p50 $a ms, p99 $b ms, non-200 $nb of $nt; $groups commit groups (~$gps/s), $opg ops each, server CPU ${cpu[-1]}% of one core"
done

tps_med=$(med "${tps[@]}") p50_med=$(med "${p50[@]}") p99_med=$(med "${p99[@]}")
fsync_med=$(med "${fsyncs[@]}") opg_med=$(med "${ops_per_group[@]}") gps_med=$(med "${groups_per_s[@]}")
ok=$(awk -v r="$tps_med" 'BEGIN {print (r >= 3000) ? "met" : "**missed**"}')
status_ok=$([[ $bad == 0 ]] && echo "all 200" || echo "**$bad non-200**")

mkdir -p "$root/bench/results"
{
  echo "# Small transactions (Patient + Observation), $conns clients, fsync on"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "- machine: $machine"
  echo "- commit: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "- dataset: each request a transaction Bundle of one Patient (fullUrl urn:uuid, identifier, name, gender, birth date) and one heart-rate Observation referencing it, ~1.2 KB, contents varied per request; a fresh data dir per run"
  echo "- load: \`wrk -t2 -c$conns -d$duration --latency -s bench/lua/small_tx.lua\`, \`POST /fhir\` with \`Prefer: return=minimal\`, loopback, $runs runs, medians"
  echo "- lienthong: \`serve --log-level warn${THREADS:+ --threads $THREADS}\` (I/O threads: ${THREADS:-one per core}), fsync on"
  echo
  echo "| | median | runs |"
  echo "|---|---|---|"
  echo "| transactions/s | **$tps_med** | ${tps[*]} |"
  echo "| latency p50 ms | $p50_med | ${p50[*]} |"
  echo "| latency p99 ms | $p99_med | ${p99[*]} |"
  echo "| disk: 4 KB write + fdatasync per second (reference, \`dd oflag=dsync\`) | $fsync_med | ${fsyncs[*]} |"
  echo "| commit groups per second (server) | $gps_med | ${groups_per_s[*]} |"
  echo "| server CPU, % of one core | $(med "${cpu[@]}") | ${cpu[*]} |"
  echo "| operations per commit group, mean (\`lienthong_commit_group_ops\`; 2 per transaction) | $opg_med | ${ops_per_group[*]} |"
  echo
  echo "The server completed $(awk -v g="$gps_med" -v f="$fsync_med" 'BEGIN {printf "%.0f", g / f * 100}')% as many commit groups per second as the disk sustains fsyncs: $(awk -v g="$gps_med" -v f="$fsync_med" 'BEGIN {print (g < f / 2) ? "the disk is not what limits the rate here; the time goes elsewhere (CPU, the commit loop)" : "the commit rate is close to the disk'"'"'s fsync rate"}')."
  echo
  echo "Commit group sizes in the last run (operations: groups): $buckets"
  echo
  echo "- responses: $bad non-200 of $total."
  [[ -n $failure ]] && echo "- first failure: \`$failure\`"
  echo
  echo "| target | figure | |"
  echo "|---|---|---|"
  echo "| ≥ 3,000 tx/s from 64 clients, fsync on | **$tps_med** | $ok |"
  echo "| every response 200 | $bad non-200 of $total | $status_ok |"
} >"$root/bench/results/small-tx.md"
cat "$root/bench/results/small-tx.md"
