#!/usr/bin/env bash
# Read by id, hot cache: `lienthong serve` with PATIENTS synthetic Patients
# (~3.7 KB each, bench/gen_patients.py, loaded with `lienthong import --no-sync` into a
# fresh data dir) answering `GET /fhir/Patient/{id}` for an id picked at random
# per request (bench/lua/read_by_id.lua), against nginx with one worker serving
# one stored Patient's exact bytes as a static file for the same URLs, both
# measured with `wrk -t1 -c32 -d$DURATION --latency` on loopback in the same
# run. Runs alternate; medians are reported. Non-200 responses are counted.
# A third row reads the same Patient on every request, to show what the
# lookup over 20,000 ids costs against the smallest possible working set.
# Writes bench/results/read-by-id.md.
#
# Usage: bench/read_by_id.sh   (env: PATIENTS=20000 RUNS=5 DURATION=10s THREADS=<server default>
#                               CALLGRIND=auto|0|1 RESULT_NAME=read-by-id
#                               BUILD_DIR=build LT_PORT=18101 NGINX_PORT=18102)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/bench/lib.sh"
bench_prepare
patients=${PATIENTS:-20000}
runs=${RUNS:-5}
duration=${DURATION:-10s}
lt_port=${LT_PORT:-18101}
nginx_port=${NGINX_PORT:-18102}
thread_flags=()
[[ -n ${THREADS:-} ]] && thread_flags=(--threads "$THREADS")

machine=$(machine_line)
work=$(mktemp -d)
chmod 755 "$work"  # nginx workers may run as another user when started as root
lt_pid="" nginx_pid=""
cleanup() {
  stop_pid "$lt_pid"
  stop_pid "$nginx_pid"
  rm -rf "$work"
}
trap cleanup EXIT

echo "generating $patients Patients"
python3 "$root/bench/gen_patients.py" "$patients" "$work/patients.ndjson" "$work/ids.txt"
ndjson_bytes=$(wc -c <"$work/patients.ndjson")
echo "importing"
import_start=$(date +%s.%N)
"$lienthong_bin" import --data-dir "$work/data" --no-sync "$work/patients.ndjson" >"$work/import.log" 2>&1 ||
  { cat "$work/import.log" >&2; exit 1; }
import_secs=$(awk -v s="$import_start" -v e="$(date +%s.%N)" 'BEGIN {printf "%.2f", e - s}')
tail -1 "$work/import.log"

start_lienthong "$work/data" "$lt_port" "$work/lienthong.log" "${thread_flags[@]}"
wait_idle "$lt_pid"  # let start-up compaction of the imported files finish
first_id=$(head -1 "$work/ids.txt")
mkdir -p "$work/www" "$work/logs"
curl -fsS "http://127.0.0.1:$lt_port/fhir/Patient/$first_id" -o "$work/www/patient.json"
body_bytes=$(wc -c <"$work/www/patient.json")
lt_sizes=$(curl -fsS -o /dev/null -w '%{size_header} %{size_download}' "http://127.0.0.1:$lt_port/fhir/Patient/$first_id")

write_nginx_conf "$work" "$nginx_port" 'location /fhir/Patient/ { try_files /patient.json =404; }'
curl -s -o /dev/null "http://127.0.0.1:$nginx_port/" && { echo "port $nginx_port is already in use" >&2; exit 1; }
"$nginx_bin" -e "$work/logs/error.log" -p "$work" -c "$work/nginx.conf" &
nginx_pid=$!
wait_for "http://127.0.0.1:$nginx_port/fhir/Patient/$first_id" "$work/logs/error.log"
ng_sizes=$(curl -fsS -o /dev/null -w '%{size_header} %{size_download}' "http://127.0.0.1:$nginx_port/fhir/Patient/$first_id")
[[ ${ng_sizes#* } == "$body_bytes" ]] || { echo "nginx body size ${ng_sizes#* } != $body_bytes" >&2; exit 1; }

export IDS_FILE=$work/ids.txt
head -1 "$work/ids.txt" >"$work/one-id.txt"
lua=$root/bench/lua/read_by_id.lua
nginx_worker=$(pgrep -P "$nginx_pid" | head -1)

echo "warming up"
wrk -t1 -c32 -d3s -s "$lua" "http://127.0.0.1:$lt_port" >/dev/null
wrk -t1 -c32 -d3s -s "$lua" "http://127.0.0.1:$nginx_port" >/dev/null

lt_rps=() lt_p50=() lt_p99=() ng_rps=() ng_p50=() ng_p99=() lt_cpu=() ng_cpu=()
one_rps=() one_p50=() one_p99=() one_cpu=()
lt_bad=0 lt_total=0 ng_bad=0 ng_total=0
for i in $(seq "$runs"); do
  read -r r p50 p99 bad total cpu < <(wrk_run "http://127.0.0.1:$lt_port" "$lt_pid" "$lua")
  lt_rps+=("$r") lt_p50+=("$p50") lt_p99+=("$p99") lt_cpu+=("$cpu")
  lt_bad=$((lt_bad + bad)) lt_total=$((lt_total + total))
  echo "run $i lienthong: $r req/s, p50 $p50 ms, p99 $p99 ms, non-200 $bad of $total, $cpu µs CPU per request"
  read -r r p50 p99 bad total cpu < <(wrk_run "http://127.0.0.1:$nginx_port" "$nginx_worker" "$lua")
  ng_rps+=("$r") ng_p50+=("$p50") ng_p99+=("$p99") ng_cpu+=("$cpu")
  ng_bad=$((ng_bad + bad)) ng_total=$((ng_total + total))
  echo "run $i nginx:     $r req/s, p50 $p50 ms, p99 $p99 ms, non-200 $bad of $total, $cpu µs CPU per request"
  read -r r p50 p99 bad total cpu < <(IDS_FILE=$work/one-id.txt wrk_run "http://127.0.0.1:$lt_port" "$lt_pid" "$lua")
  one_rps+=("$r") one_p50+=("$p50") one_p99+=("$p99") one_cpu+=("$cpu")
  lt_bad=$((lt_bad + bad)) lt_total=$((lt_total + total))
  echo "run $i lienthong, one id: $r req/s, p50 $p50 ms, p99 $p99 ms, non-200 $bad of $total, $cpu µs CPU per request"
done
lt_rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$lt_pid/status")

lt_med=$(med "${lt_rps[@]}") ng_med=$(med "${ng_rps[@]}")
lt_p50_med=$(med "${lt_p50[@]}") lt_p99_med=$(med "${lt_p99[@]}")
ng_p50_med=$(med "${ng_p50[@]}") ng_p99_med=$(med "${ng_p99[@]}")
ratio=$(awk -v a="$lt_med" -v b="$ng_med" 'BEGIN {printf "%.2f", a / b}')
ratio_ok=$(awk -v r="$ratio" 'BEGIN {print (r >= 0.8) ? "met" : "**missed**"}')
p99_ok=$(awk -v p="$lt_p99_med" 'BEGIN {print (p <= 2) ? "met" : "**missed**"}')
status_ok=$([[ $lt_bad == 0 ]] && echo "all 200" || echo "**$lt_bad non-200**")

# Profile: where the instructions of one read go, counted by callgrind (which
# does not depend on the machine's load) on a server with 1 I/O thread, after
# a warm-up that fills the block cache. Runs when a target is missed
# (CALLGRIND=auto), always (1) or never (0).
profile=""
want_cg=${CALLGRIND:-auto}
if [[ $want_cg == auto ]]; then
  want_cg=0
  [[ $ratio_ok != met || $p99_ok != met ]] && want_cg=1
fi
if [[ $want_cg == 1 ]] && command -v valgrind >/dev/null; then
  stop_pid "$lt_pid"
  lt_pid=""
  echo "profiling with callgrind"
  cg_url="http://127.0.0.1:$lt_port"
  valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" "$lienthong_bin" serve \
    --data-dir "$work/data" --port "$lt_port" --bind 127.0.0.1 --threads 1 --log-level warn --auth off \
    >"$work/valgrind.log" 2>&1 &
  lt_pid=$!
  wait_for "$cg_url/health" "$work/valgrind.log"
  wait_idle "$lt_pid"
  wrk -t1 -c8 -d"${CG_WARM:-40s}" -s "$lua" "$cg_url" >/dev/null
  callgrind_control -z "$lt_pid" >/dev/null
  cg_out=$(wrk -t1 -c8 -d"${CG_DURATION:-15s}" -s "$lua" "$cg_url")
  callgrind_control -d "$lt_pid" >/dev/null
  cg_requests=$(awk '/requests in/ {print $1}' <<<"$cg_out")
  stop_pid "$lt_pid"
  lt_pid=""
  cg_file=$(ls "$work"/cg.out.* | head -1)
  cg_total=$(callgrind_annotate "$cg_file" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}')
  cg_per_request=$(awk -v t="$cg_total" -v r="$cg_requests" 'BEGIN {printf "%.0f", t / r}')
  echo "callgrind: $cg_per_request instructions per request"
  profile=$(
    echo "## Where a read's instructions go (callgrind)"
    echo
    echo "\`valgrind --tool=callgrind\`, \`serve --threads 1\`, counters zeroed after a ${CG_WARM:-40s} warm-up at 8 connections, then $cg_requests random reads: **$cg_per_request user-space instructions per request** in the server process (bench/results/http-echo.md: the HTTP layer alone answers a fixed body in ~8,100). Inclusive instructions per request, top functions:"
    echo
    echo "| instructions / request | function |"
    echo "|---|---|"
    callgrind_top "$cg_file" "$cg_requests" "${CG_TOP:-30}" | tee "$work/cg-top.md"
    pick() { awk -F'|' -v f="$1" 'index($3, f) {gsub(/ /, "", $2); print $2; exit}' "$work/cg-top.md"; }
    echo
    echo "Reading it: the store lookup (\`ResourceStore::Read\`, RocksDB \`Get\` from the block cache) costs $(pick 'store::ResourceStore::Read') instructions per request; building the answer (\`Answer\`) $(pick '{anon}::Answer'), of which $(pick 'SetVersionHeaders') go to ETag/Last-Modified (\`SetVersionHeaders\`) and $(pick 'FormatHttpDate') to formatting HTTP dates (\`FormatHttpDate\`, \`fmt::format\` parsing its format string at run time); $(pick 'JsonEscape') go to \`ops::JsonEscape\`, the arguments of the per-request access log line, which \`FhirApi::Handle\` computes before \`spdlog::info\` checks the level, so they are paid at \`--log-level warn\` where the line is never written. An empty cell means the function was not among the top $((${CG_TOP:-30})) listed."
  )
fi

mkdir -p "$root/bench/results"
{
  echo "# Read by id, hot cache: lienthong vs nginx serving the same bytes"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "- machine: $machine"
  echo "- commit: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "- dataset: $patients synthetic Patients (bench/gen_patients.py, seed 42; $((ndjson_bytes / patients)) bytes each on average as NDJSON), loaded with \`lienthong import --no-sync\` into a fresh data dir in $import_secs s"
  echo "- body: $body_bytes bytes (one stored Patient, meta included); response head: lienthong ${lt_sizes% *} bytes, nginx ${ng_sizes% *} bytes"
  echo "- load: \`wrk -t1 -c32 -d$duration --latency -s bench/lua/read_by_id.lua\`, \`GET /fhir/Patient/{id}\` with a random id of the $patients per request, loopback, $runs alternating runs, medians"
  echo "- lienthong: \`serve --log-level warn${THREADS:+ --threads $THREADS}\` (I/O threads: ${THREADS:-one per core}), RSS after the runs $((lt_rss_kb / 1024)) MiB; nginx $("$nginx_bin" -v 2>&1 | sed 's/.*nginx\///'): 1 worker, every /fhir/Patient/ URL served from the stored Patient's bytes, sendfile off, open_file_cache on, access log off"
  echo
  echo "| server | req/s (median) | p50 ms | p99 ms | server CPU µs / request | runs req/s | runs p99 ms | non-200 |"
  echo "|---|---|---|---|---|---|---|---|"
  echo "| lienthong | $lt_med | $lt_p50_med | $lt_p99_med | $(med "${lt_cpu[@]}") | ${lt_rps[*]} | ${lt_p99[*]} | $lt_bad of $lt_total |"
  echo "| lienthong, the same id every request (reference: smallest store working set) | $(med "${one_rps[@]}") | $(med "${one_p50[@]}") | $(med "${one_p99[@]}") | $(med "${one_cpu[@]}") | ${one_rps[*]} | ${one_p99[*]} | (counted with the row above) |"
  echo "| nginx static file, 1 worker | $ng_med | $ng_p50_med | $ng_p99_med | $(med "${ng_cpu[@]}") | ${ng_rps[*]} | ${ng_p99[*]} | $ng_bad of $ng_total |"
  echo
  echo "Server CPU per request: user + system time of the server process (nginx: its worker) over the run, divided by the responses; less sensitive to other load on the machine than req/s. wrk runs on the same $(nproc) cores as the server."
  echo
  echo "| target | figure | |"
  echo "|---|---|---|"
  echo "| req/s ≥ 0.8 × nginx | **$ratio** | $ratio_ok |"
  echo "| p99 ≤ 2 ms at 32 connections | **$lt_p99_med ms** | $p99_ok |"
  echo "| every response 200 | $lt_bad non-200 of $lt_total | $status_ok |"
  if [[ -n $profile ]]; then
    echo
    echo "$profile"
  fi
} >"$root/bench/results/${RESULT_NAME:-read-by-id}.md"
cat "$root/bench/results/${RESULT_NAME:-read-by-id}.md"
