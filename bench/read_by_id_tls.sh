#!/usr/bin/env bash
# Read by id over TLS against plain HTTP: the same store served twice by
# `lienthong serve` at once, one instance plain, one with --tls-cert/--tls-key
# (a self-signed EC P-256 certificate made with `openssl req` for the run),
# each answering `GET /fhir/Patient/{id}` for an id picked at random per
# request (bench/lua/read_by_id.lua) under `wrk -t1 -c32 -d$DURATION --latency`
# on loopback; runs alternate, medians are reported. wrk keeps its connections
# alive, so these rows measure record encryption, not handshakes; a last row
# opens a new TLS connection for every request (Connection: close) to show
# what a full handshake costs. Writes bench/results/read-by-id-tls.md.
#
# Usage: bench/read_by_id_tls.sh   (env: PATIENTS=20000 RUNS=5 DURATION=10s
#                                   HANDSHAKE_DURATION=5s THREADS=<server default>
#                                   BUILD_DIR=build LT_PORT=18111 TLS_PORT=18112)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/bench/lib.sh"
bench_prepare
patients=${PATIENTS:-20000}
runs=${RUNS:-5}
duration=${DURATION:-10s}
handshake_duration=${HANDSHAKE_DURATION:-5s}
lt_port=${LT_PORT:-18111}
tls_port=${TLS_PORT:-18112}
thread_flags=()
[[ -n ${THREADS:-} ]] && thread_flags=(--threads "$THREADS")

machine=$(machine_line)
work=$(mktemp -d)
lt_pid="" tls_pid=""
cleanup() {
  stop_pid "$lt_pid"
  stop_pid "$tls_pid"
  rm -rf "$work"
}
trap cleanup EXIT

echo "generating $patients Patients"
python3 "$root/bench/gen_patients.py" "$patients" "$work/patients.ndjson" "$work/ids.txt"
echo "importing"
"$lienthong_bin" import --data-dir "$work/data" --no-sync "$work/patients.ndjson" >"$work/import.log" 2>&1 ||
  { cat "$work/import.log" >&2; exit 1; }
tail -1 "$work/import.log"
# One store each: RocksDB lets one process open a data directory.
cp -a "$work/data" "$work/data-tls"

# The key goes to a file only (mode 0600), never to a command line or a log.
(umask 077 && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 \
  -subj /CN=localhost -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
  -keyout "$work/server.key" -out "$work/server.crt" 2>"$work/openssl.log") ||
  { cat "$work/openssl.log" >&2; exit 1; }

start_lienthong "$work/data" "$lt_port" "$work/lienthong.log" "${thread_flags[@]}"
plain_pid=$lt_pid
if curl -sk -o /dev/null "https://127.0.0.1:$tls_port/" 2>/dev/null; then
  echo "port $tls_port is already in use" >&2
  exit 1
fi
"$lienthong_bin" serve --data-dir "$work/data-tls" --port "$tls_port" --bind 127.0.0.1 \
  --log-level warn --auth off --tls-cert "$work/server.crt" --tls-key "$work/server.key" \
  "${thread_flags[@]}" >"$work/lienthong-tls.log" 2>&1 &
tls_pid=$!
for _ in $(seq 400); do
  curl -fsSk -o /dev/null "https://127.0.0.1:$tls_port/health" 2>/dev/null && break
  sleep 0.05
done
kill -0 "$tls_pid" 2>/dev/null || { echo "lienthong (TLS) exited:" >&2; tail -5 "$work/lienthong-tls.log" >&2; exit 1; }
wait_idle "$plain_pid"
wait_idle "$tls_pid"

first_id=$(head -1 "$work/ids.txt")
plain_body=$(curl -fsS "http://127.0.0.1:$lt_port/fhir/Patient/$first_id" | sha256sum)
tls_body=$(curl -fsSk "https://127.0.0.1:$tls_port/fhir/Patient/$first_id" | sha256sum)
[[ $plain_body == "$tls_body" ]] || { echo "the two servers answer different bodies" >&2; exit 1; }
tls_info=$(curl -sk -o /dev/null -w '%{http_code}' -v "https://127.0.0.1:$tls_port/health" 2>&1 |
  awk '/SSL connection using/ {sub(/.*using /, ""); print; exit}')

export IDS_FILE=$work/ids.txt
lua=$root/bench/lua/read_by_id.lua
# run_wrk URL PID DURATION [wrk flags...]: prints "req/s p50_ms p99_ms non_200
# responses cpu_us_per_request socket_errors" for one wrk run.
run_wrk() {
  local url=$1 pid=$2 time=$3 out t0 t1 n errors
  shift 3
  t0=$(cpu_ticks "$pid")
  out=$(wrk -t1 -c32 -d"$time" --latency "$@" -s "$lua" "$url")
  t1=$(cpu_ticks "$pid")
  n=$(awk '$1 == "responses" {print $2}' <<<"$out")
  errors=$(awk '/Socket errors/ {gsub(",", ""); print $4 + $6 + $8 + $10}' <<<"$out")
  echo "$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")" \
    "$(wrk_latency_ms 50 <<<"$out")" "$(wrk_latency_ms 99 <<<"$out")" \
    "$(awk '$1 == "non_200" {print $2}' <<<"$out")" "$n" \
    "$(awk -v t=$((t1 - t0)) -v h="$clk_tck" -v n="$n" 'BEGIN {printf "%.1f", t / h * 1e6 / n}')" \
    "${errors:-0}"
}

echo "warming up"
wrk -t1 -c32 -d3s -s "$lua" "http://127.0.0.1:$lt_port" >/dev/null
wrk -t1 -c32 -d3s -s "$lua" "https://127.0.0.1:$tls_port" >/dev/null

declare -A rps p50 p99 cpu bad total errs
rows=(plain tls handshake)
for row in "${rows[@]}"; do bad[$row]=0 total[$row]=0 errs[$row]=0; done
for i in $(seq "$runs"); do
  for row in "${rows[@]}"; do
    case $row in
      plain) args=("http://127.0.0.1:$lt_port" "$plain_pid" "$duration") ;;
      tls) args=("https://127.0.0.1:$tls_port" "$tls_pid" "$duration") ;;
      handshake) args=("https://127.0.0.1:$tls_port" "$tls_pid" "$handshake_duration" -H "Connection: close") ;;
    esac
    read -r r l50 l99 b n c e < <(run_wrk "${args[@]}")
    rps[$row]+="$r " p50[$row]+="$l50 " p99[$row]+="$l99 " cpu[$row]+="$c "
    bad[$row]=$((bad[$row] + b)) total[$row]=$((total[$row] + n)) errs[$row]=$((errs[$row] + e))
    echo "run $i $row: $r req/s, p50 $l50 ms, p99 $l99 ms, non-200 $b of $n, socket errors $e, $c µs CPU per request"
  done
done

# shellcheck disable=SC2086 # the lists are space-separated numbers
m() { med $1; }
ratio=$(awk -v a="$(m "${rps[tls]}")" -v b="$(m "${rps[plain]}")" 'BEGIN {printf "%.2f", a / b}')
cpu_ratio=$(awk -v a="$(m "${cpu[tls]}")" -v b="$(m "${cpu[plain]}")" 'BEGIN {printf "%.2f", a / b}')

mkdir -p "$root/bench/results"
{
  echo "# Read by id, hot cache: lienthong over TLS vs plain HTTP"
  echo
  echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "- machine: $machine"
  echo "- commit: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "- dataset: $patients synthetic Patients (bench/gen_patients.py, seed 42), imported once with \`lienthong import --no-sync\`; the data dir copied so that the two servers run at once, each on its own copy"
  echo "- servers: \`serve --log-level warn${THREADS:+ --threads $THREADS}\` (I/O threads: ${THREADS:-one per core less one}), plain on one port, \`--tls-cert --tls-key\` on another; self-signed EC P-256 certificate; negotiated with curl: ${tls_info:-unknown}; OpenSSL $(openssl version | awk '{print $2}')"
  echo "- load: \`wrk -t1 -c32 -d$duration --latency -s bench/lua/read_by_id.lua\`, \`GET /fhir/Patient/{id}\`, a random id per request, loopback, $runs alternating runs, medians; wrk's connections are kept alive (one handshake each); the handshake row adds \`-H 'Connection: close'\` and runs ${handshake_duration}"
  echo
  echo "| server | req/s (median) | p50 ms | p99 ms | server CPU µs / request | runs req/s | non-200 | socket errors |"
  echo "|---|---|---|---|---|---|---|---|"
  echo "| plain HTTP | $(m "${rps[plain]}") | $(m "${p50[plain]}") | $(m "${p99[plain]}") | $(m "${cpu[plain]}") | ${rps[plain]}| ${bad[plain]} of ${total[plain]} | ${errs[plain]} |"
  echo "| TLS, kept-alive connections | $(m "${rps[tls]}") | $(m "${p50[tls]}") | $(m "${p99[tls]}") | $(m "${cpu[tls]}") | ${rps[tls]}| ${bad[tls]} of ${total[tls]} | ${errs[tls]} |"
  echo "| TLS, a new connection (full handshake) per request | $(m "${rps[handshake]}") | $(m "${p50[handshake]}") | $(m "${p99[handshake]}") | $(m "${cpu[handshake]}") | ${rps[handshake]}| ${bad[handshake]} of ${total[handshake]} | ${errs[handshake]} |"
  echo
  echo "TLS / plain, kept-alive: **$ratio** of the requests per second, **$cpu_ratio** × the server CPU per request."
  echo
  echo "Server CPU per request: user + system time of the server process over the run, divided by the responses. wrk runs on the same $(nproc) cores as the servers and pays for TLS too, so req/s understates what the server alone could do."
} >"$root/bench/results/read-by-id-tls.md"
cat "$root/bench/results/read-by-id-tls.md"
