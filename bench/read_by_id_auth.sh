#!/usr/bin/env bash
# What sign-in costs a read by id: the same store (PATIENTS synthetic
# Patients, bench/gen_patients.py) served twice at once, by one server with
# --auth off and by one with sign-in on, the latter read with a valid bearer
# token (a backend-service token from client_credentials, fetched once) on
# every request. `wrk -t1 -c32 -d$DURATION --latency` on loopback, runs
# alternating between the two; medians are reported, with the server CPU
# time per request. Target: with a token >= 0.9 x without, in the same run.
# Writes bench/results/read-by-id-auth.md.
#
# Usage: bench/read_by_id_auth.sh   (env: PATIENTS=20000 RUNS=5 DURATION=10s
#                                    BUILD_DIR=build OFF_PORT=18111 ON_PORT=18112)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/bench/lib.sh"
bench_prepare
patients=${PATIENTS:-20000}
runs=${RUNS:-5}
duration=${DURATION:-10s}
off_port=${OFF_PORT:-18111}
on_port=${ON_PORT:-18112}

machine=$(machine_line)
work=$(mktemp -d)
off_pid="" on_pid=""
cleanup() {
  stop_pid "$off_pid"
  stop_pid "$on_pid"
  rm -rf "$work"
}
trap cleanup EXIT

echo "generating $patients Patients"
python3 "$root/bench/gen_patients.py" "$patients" "$work/patients.ndjson" "$work/ids.txt"
"$lienthong_bin" import --data-dir "$work/off" --no-sync "$work/patients.ndjson" >"$work/import.log" 2>&1 ||
  { cat "$work/import.log" >&2; exit 1; }
cp -r "$work/off" "$work/on"
# A backend service for the token; its secret goes through standard input.
secret=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
printf '%s\n' "$secret" >"$work/secret"
"$lienthong_bin" client add --data-dir "$work/on" --client-id bench --scope 'system/*.rs' \
  --secret-stdin <"$work/secret" >/dev/null

start_lienthong "$work/off" "$off_port" "$work/off.log"
off_pid=$lt_pid
start_lienthong "$work/on" "$on_port" "$work/on.log" --auth on
on_pid=$lt_pid
wait_idle "$off_pid"
wait_idle "$on_pid"
printf 'user = "bench:%s"\n' "$secret" >"$work/curl-auth"
curl -fsS -K "$work/curl-auth" "http://127.0.0.1:$on_port/auth/token" \
  -d grant_type=client_credentials -d scope='system/*.rs' | jq -r .access_token >"$work/token"
rm -f "$work/secret" "$work/curl-auth"
first_id=$(head -1 "$work/ids.txt")
[[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$on_port/fhir/Patient/$first_id") == 401 ]] ||
  { echo "the server with sign-in answered without a token" >&2; exit 1; }

export IDS_FILE=$work/ids.txt TOKEN_FILE=$work/token
plain_lua=$root/bench/lua/read_by_id.lua
token_lua=$root/bench/lua/read_by_id_token.lua

echo "warming up"
wrk -t1 -c32 -d3s -s "$plain_lua" "http://127.0.0.1:$off_port" >/dev/null
wrk -t1 -c32 -d3s -s "$token_lua" "http://127.0.0.1:$on_port" >/dev/null

off_rps=() off_p50=() off_p99=() off_cpu=() on_rps=() on_p50=() on_p99=() on_cpu=()
bad=0
for i in $(seq "$runs"); do
  read -r r p50 p99 b total cpu < <(wrk_run "http://127.0.0.1:$off_port" "$off_pid" "$plain_lua")
  off_rps+=("$r") off_p50+=("$p50") off_p99+=("$p99") off_cpu+=("$cpu") bad=$((bad + b))
  echo "run $i auth off:   $r req/s, p50 $p50 ms, p99 $p99 ms, non-200 $b of $total, $cpu µs CPU per request"
  read -r r p50 p99 b total cpu < <(wrk_run "http://127.0.0.1:$on_port" "$on_pid" "$token_lua")
  on_rps+=("$r") on_p50+=("$p50") on_p99+=("$p99") on_cpu+=("$cpu") bad=$((bad + b))
  echo "run $i with token: $r req/s, p50 $p50 ms, p99 $p99 ms, non-200 $b of $total, $cpu µs CPU per request"
done

off_med=$(med "${off_rps[@]}") on_med=$(med "${on_rps[@]}")
ratio=$(awk -v a="$on_med" -v b="$off_med" 'BEGIN {printf "%.2f", a / b}')
verdict=$(awk -v r="$ratio" 'BEGIN {print (r >= 0.9) ? "met" : "**missed**"}')
result=$root/bench/results/${RESULT_NAME:-read-by-id-auth}.md
cat >"$result" <<MD
# Read by id with a bearer token against --auth off

$machine

$patients Patients (~3.7 KB each), the same store served twice at once; \`wrk -t1 -c32 -d$duration\`
per run, $runs runs alternating, medians. Non-200 responses in all runs: $bad.

| server | req/s | p50 ms | p99 ms | server CPU µs/request |
|---|---|---|---|---|
| --auth off | $off_med | $(med "${off_p50[@]}") | $(med "${off_p99[@]}") | $(med "${off_cpu[@]}") |
| sign-in on, valid bearer token | $on_med | $(med "${on_p50[@]}") | $(med "${on_p99[@]}") | $(med "${on_cpu[@]}") |

With a token / without: **$ratio** (target ≥ 0.9: $verdict).
MD
echo "wrote $result"
cat "$result"
