# Helpers shared by the benchmark scripts in bench/ (sourced, not run).
# Expects $root (the repository) to be set by the caller.

bench_prepare() {
  "$root/scripts/install-deps.sh" --bench
  build=${BUILD_DIR:-$root/build}
  lienthong_bin=$build/src/cli/lienthong
  if [[ ! -x $lienthong_bin ]]; then
    cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DLIENTHONG_BUILD_TESTS=OFF \
      -DLIENTHONG_BUILD_BENCH=ON >/dev/null
    cmake --build "$build" -j"${BUILD_JOBS:-2}" --target lienthong
  fi
  command -v wrk >/dev/null || { echo "wrk is not installed" >&2; exit 1; }
  nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
}

# Machine description, one Markdown line.
machine_line() {
  local cpu mem
  cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
  mem=$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
  echo "$(nproc) cores, $cpu, $mem; load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
}

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
med() { printf '%s\n' "$@" | median; }

# wait_for URL [log]: polls until URL answers 2xx.
wait_for() {
  for _ in $(seq 400); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    sleep 0.05
  done
  echo "server at $1 did not come up" >&2
  [[ -n ${2:-} ]] && tail -20 "$2" >&2
  exit 1
}

# wrk_latency_ms PERCENT < wrk-output: a --latency percentile in milliseconds.
wrk_latency_ms() {
  awk -v p="$1%" '$1 == p {v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v=v*1000}; print v}'
}

# fsync_rate DIR: 4 KB appends with O_DSYNC (write + fdatasync each) in DIR,
# printed as syncs per second.
fsync_rate() {
  local f=$1/fsync-probe.bin count=${FSYNC_COUNT:-2000} secs
  secs=$(LC_ALL=C dd if=/dev/zero of="$f" bs=4k count="$count" oflag=dsync 2>&1 |
    awk '/copied/ {for (i = 1; i <= NF; i++) if ($i ~ /^s,?$/) print $(i-1)}')
  rm -f "$f"
  awk -v c="$count" -v s="$secs" 'BEGIN {printf "%.0f", c / s}'
}

# start_lienthong DATA_DIR PORT LOG [extra flags...]: sets lt_pid. Without
# sign-in (--auth off, on loopback) unless the flags give --auth: the other
# benchmarks measure FHIR work, read_by_id_auth.sh what tokens cost.
start_lienthong() {
  local dir=$1 port=$2 log=$3
  shift 3
  [[ " $* " == *" --auth "* ]] || set -- "$@" --auth off
  if curl -s -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null; then
    echo "port $port is already in use" >&2
    exit 1
  fi
  "$lienthong_bin" serve --data-dir "$dir" --port "$port" --bind 127.0.0.1 \
    --log-level warn "$@" >"$log" 2>&1 &
  lt_pid=$!
  wait_for "http://127.0.0.1:$port/health" "$log"
  kill -0 "$lt_pid" 2>/dev/null || { echo "lienthong exited:" >&2; tail -5 "$log" >&2; exit 1; }
}

stop_pid() {
  local pid=$1
  [[ -n $pid ]] || return 0
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# metric_sum METRICS_TEXT NAME: the value of one unlabelled sample.
metric_value() { awk -v n="$2" '$1 == n {print $2}' <<<"$1"; }

# wait_idle PID: waits (at most 30 s) until the process uses under ~5% of a
# core over half a second, so start-up compactions do not run during a measurement.
wait_idle() {
  local pid=$1 prev now
  prev=$(awk '{print $14 + $15}' "/proc/$pid/stat")
  for _ in $(seq 60); do
    sleep 0.5
    now=$(awk '{print $14 + $15}' "/proc/$pid/stat")
    (( now - prev <= 2 )) && return 0
    prev=$now
  done
}

# callgrind_top FILE REQUESTS [N]: the N (15) functions with the most inclusive
# instructions, as "instructions per request | function" Markdown rows, names
# shortened (no argument lists, no template arguments).
callgrind_top() {
  callgrind_annotate --inclusive=yes "$1" 2>/dev/null |
    awk -v r="$2" -v n="${3:-15}" '
      /file:function/ {on = 1; next}
      on && /^ *[0-9,]+ \(/ {
        ir = $1; gsub(",", "", ir)
        line = $0; sub(/^ *[0-9,]+ \( *[0-9.]+%\) +/, "", line); sub(/^[^:]*:/, "", line)
        sub(/ \[[^]]*\]$/, "", line)
        gsub(/\(anonymous namespace\)/, "{anon}", line)
        gsub(/\[clone [^]]*\]/, "", line)
        while (gsub(/<[^<>]*>/, "", line)) {}
        sub(/\(.*$/, "", line)
        if (line ~ /^0x/ || line ~ /^clone|start_thread|_M_run|scheduler::run|thread::_State|_Function_handler|^$/) next
        if (seen[line]++) next
        printf "| %.0f | `%s` |\n", ir / r, line
        if (++k >= n) exit
      }'
}

# cpu_ticks PID: user + system CPU time of a process, in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# wrk_run URL PID LUA: one `wrk -t1 -c32 -d$duration --latency` run with the
# Lua script; prints "req/s p50_ms p99_ms non_200 responses cpu_us_per_request",
# the last being the CPU time PID spent per response.
wrk_run() {
  local out t0 t1 n
  t0=$(cpu_ticks "$2")
  out=$(wrk -t1 -c32 -d"$duration" --latency -s "$3" "$1")
  t1=$(cpu_ticks "$2")
  n=$(awk '$1 == "responses" {print $2}' <<<"$out")
  echo "$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")" \
    "$(wrk_latency_ms 50 <<<"$out")" "$(wrk_latency_ms 99 <<<"$out")" \
    "$(awk '$1 == "non_200" {print $2}' <<<"$out")" "$n" \
    "$(awk -v t=$((t1 - t0)) -v h="$clk_tck" -v n="$n" 'BEGIN {printf "%.1f", t / h * 1e6 / n}')"
}
clk_tck=$(getconf CLK_TCK)

# write_nginx_conf WORK PORT [EXTRA]: the reference nginx, one worker serving
# WORK/www on 127.0.0.1:PORT, tuned as fast as it goes for small files on
# loopback (copying beats sendfile, cached descriptors save open/fstat/close:
# ~50k req/s against ~27k with sendfile on). EXTRA goes inside server {}.
write_nginx_conf() {
  local work=$1 port=$2 extra=${3:-}
  mkdir -p "$work/www" "$work/logs"
  cat >"$work/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $work/nginx.pid;
error_log $work/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile off;
  open_file_cache max=64;
  tcp_nodelay on;
  keepalive_requests 1000000;
  default_type application/fhir+json;
  client_body_temp_path $work/tmp_body;
  proxy_temp_path $work/tmp_proxy;
  fastcgi_temp_path $work/tmp_fastcgi;
  uwsgi_temp_path $work/tmp_uwsgi;
  scgi_temp_path $work/tmp_scgi;
  server {
    listen 127.0.0.1:$port;
    root $work/www;
    $extra
  }
}
CONF
}
