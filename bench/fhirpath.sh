#!/usr/bin/env bash
# FHIRPath evaluation speed, as search indexing uses it: each expression
# parsed once, evaluated N times (default 1,000,000) on one Observation, one
# thread. Reference in the same run: parsing that Observation's JSON.
# Writes bench/results/fhirpath.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/bench/lib.sh"
build=${BUILD_DIR:-$root/build}
bin=$build/bench/lienthong-fhirpath-bench
if [[ ! -x $bin ]]; then
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DLIENTHONG_BUILD_BENCH=ON >/dev/null
  cmake --build "$build" -j"${BUILD_JOBS:-2}" --target lienthong-fhirpath-bench
fi
n=${N:-1000000}
out=$root/bench/results/fhirpath.md
{
  echo "# FHIRPath evaluation"
  echo
  echo "$(machine_line)"
  echo
  echo "$n evaluations per expression on one thread (json::Parse: $((n / 10)) runs)."
  echo
  "$bin" "$n"
} | tee "$out"
