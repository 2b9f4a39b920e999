#!/usr/bin/env bash
# HTTP layer benchmark: lienthong-http-bench (http::Server answering a fixed
# 3.7 KB Patient) against nginx serving the same bytes as a static file, both
# on loopback, measured with `wrk -t1 -c32 -d10s --latency` in the same run.
# lienthong runs twice, with 1 and with 2 I/O threads (wrk itself takes a core
# of the two). Runs are alternated and medians reported. Writes
# bench/results/http-echo.md.
#
# With CALLGRIND=1 it also counts the server's instructions per request under
# valgrind, a figure that does not depend on the machine's load.
#
# Usage: bench/http_echo_bench.sh [build-dir]   (env: RUNS=3 DURATION=10s CALLGRIND=0)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/bench/lib.sh"
build=${1:-$root/build}
runs=${RUNS:-3}
duration=${DURATION:-10s}
lt1_port=${LT1_PORT:-18091}
lt2_port=${LT2_PORT:-18093}
nginx_port=${NGINX_PORT:-18092}
bench_bin=$build/bench/lienthong-http-bench

if [[ ! -x $bench_bin ]]; then
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DLIENTHONG_BUILD_BENCH=ON >/dev/null
  cmake --build "$build" -j1 --target lienthong-http-bench
fi
command -v wrk >/dev/null || { echo "wrk is not installed" >&2; exit 1; }
command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || { echo "nginx is not installed" >&2; exit 1; }
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

work=$(mktemp -d)
chmod 755 "$work"  # nginx workers may run as another user when started as root
lt1_pid=""
lt2_pid=""
nginx_pid=""
cleanup() {
  [[ -n $lt1_pid ]] && kill "$lt1_pid" 2>/dev/null && wait "$lt1_pid" 2>/dev/null || true
  [[ -n $lt2_pid ]] && kill "$lt2_pid" 2>/dev/null && wait "$lt2_pid" 2>/dev/null || true
  [[ -n $nginx_pid ]] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/www" "$work/logs"
"$bench_bin" 0 1 --write-body "$work/www/patient.json"
body_bytes=$(wc -c <"$work/www/patient.json")

write_nginx_conf "$work" "$nginx_port"
"$nginx_bin" -e "$work/logs/error.log" -p "$work" -c "$work/nginx.conf" &
nginx_pid=$!
"$bench_bin" "$lt1_port" 1 >"$work/lt1.log" &
lt1_pid=$!
"$bench_bin" "$lt2_port" 2 >"$work/lt2.log" &
lt2_pid=$!

wait_for() {
  for _ in $(seq 200); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    sleep 0.05
  done
  echo "server at $1 did not come up" >&2
  cat "$work/logs/error.log" >&2 || true
  exit 1
}
lt1_url="http://127.0.0.1:$lt1_port/fhir/Patient/bench-0001"
lt2_url="http://127.0.0.1:$lt2_port/fhir/Patient/bench-0001"
nginx_url="http://127.0.0.1:$nginx_port/patient.json"
for url in "$lt1_url" "$lt2_url" "$nginx_url"; do
  wait_for "$url"
  got=$(curl -fsS "$url" | wc -c)
  [[ $got == "$body_bytes" ]] || { echo "body size mismatch at $url: $got vs $body_bytes" >&2; exit 1; }
done

# Prints "requests_per_second p99_ms" for one wrk run.
run_wrk() {
  local out
  out=$(wrk -t1 -c32 -d"$duration" --latency "$1")
  local rps p99
  rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v=v*1000}; print v}' <<<"$out")
  echo "$rps $p99"
}

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

load=$(cut -d' ' -f1-3 /proc/loadavg)

# Warm up.
for url in "$lt1_url" "$lt2_url" "$nginx_url"; do wrk -t1 -c32 -d2s "$url" >/dev/null; done

lt1_rps=() lt1_p99=() lt2_rps=() lt2_p99=() ng_rps=() ng_p99=()
for i in $(seq "$runs"); do
  read -r r p < <(run_wrk "$lt1_url")
  lt1_rps+=("$r"); lt1_p99+=("$p")
  echo "run $i lienthong, 1 I/O thread:  $r req/s, p99 $p ms"
  read -r r p < <(run_wrk "$nginx_url")
  ng_rps+=("$r"); ng_p99+=("$p")
  echo "run $i nginx:                    $r req/s, p99 $p ms"
  read -r r p < <(run_wrk "$lt2_url")
  lt2_rps+=("$r"); lt2_p99+=("$p")
  echo "run $i lienthong, 2 I/O threads: $r req/s, p99 $p ms"
done

med() { printf '%s\n' "$@" | median; }
lt1_med=$(med "${lt1_rps[@]}") lt2_med=$(med "${lt2_rps[@]}") ng_med=$(med "${ng_rps[@]}")
lt1_p99_med=$(med "${lt1_p99[@]}") lt2_p99_med=$(med "${lt2_p99[@]}") ng_p99_med=$(med "${ng_p99[@]}")
ratio1=$(awk -v a="$lt1_med" -v b="$ng_med" 'BEGIN {printf "%.2f", a / b}')
ratio2=$(awk -v a="$lt2_med" -v b="$ng_med" 'BEGIN {printf "%.2f", a / b}')

instructions=""
if [[ ${CALLGRIND:-0} == 1 ]] && command -v valgrind >/dev/null; then
  cg_port=$((lt1_port + 10))
  valgrind --tool=callgrind --callgrind-out-file="$work/callgrind.out" \
    "$bench_bin" "$cg_port" 1 >/dev/null 2>"$work/valgrind.log" &
  cg_pid=$!
  wait_for "http://127.0.0.1:$cg_port/fhir/Patient/bench-0001"
  requests=$(wrk -t1 -c8 -d5s "http://127.0.0.1:$cg_port/fhir/Patient/bench-0001" |
    awk '/requests in/ {print $1}')
  kill "$cg_pid"
  wait "$cg_pid" || true
  total=$(callgrind_annotate "$work/callgrind.out" | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}')
  instructions=$(awk -v t="$total" -v r="$requests" 'BEGIN {printf "%.0f", t / r}')
  echo "callgrind: $instructions instructions per request ($requests requests, start-up included)"
fi

cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
mem=$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
mkdir -p "$root/bench/results"
{
  echo "# HTTP layer: fixed 3.7 KB body, lienthong http::Server vs nginx"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "- machine: $(nproc) cores, $cpu, $mem; load average before the run: $load"
  echo "- commit: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "- body: $body_bytes bytes (application/fhir+json), no gzip (wrk sends no Accept-Encoding)"
  echo "- load: \`wrk -t1 -c32 -d$duration --latency\` on loopback, $runs alternating runs, medians"
  echo "- lienthong-http-bench: http::Server, handler copies the body into the response; nginx $("$nginx_bin" -v 2>&1 | sed 's/.*nginx\///'), 1 worker, sendfile off, open_file_cache on, access log off"
  echo
  echo "| server | req/s (median) | p99 ms (median) | runs req/s |"
  echo "|---|---|---|---|"
  echo "| lienthong, 1 I/O thread | $lt1_med | $lt1_p99_med | ${lt1_rps[*]} |"
  echo "| lienthong, 2 I/O threads | $lt2_med | $lt2_p99_med | ${lt2_rps[*]} |"
  echo "| nginx static file, 1 worker | $ng_med | $ng_p99_med | ${ng_rps[*]} |"
  echo
  echo "Ratio lienthong / nginx: **$ratio1** with 1 I/O thread, **$ratio2** with 2 (target ≥ 0.80)."
  if [[ -n $instructions ]]; then
    echo
    echo "callgrind, 1 I/O thread: **$instructions** user-space instructions per request (start-up included)."
  fi
} >"$root/bench/results/http-echo.md"
cat "$root/bench/results/http-echo.md"
