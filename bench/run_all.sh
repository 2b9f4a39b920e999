#!/usr/bin/env bash
# Runs the FHIR server benchmarks one after the other (never together: they
# share the machine's cores) and prints where the results went.
# Environment variables are passed on to each script (RUNS, DURATION, ...).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
"$here/read_by_id.sh"
"$here/ingest_synthea.sh"
"$here/small_tx.sh"
echo
echo "results: bench/results/read-by-id.md bench/results/ingest-synthea.md bench/results/small-tx.md"
