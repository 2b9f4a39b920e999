#!/usr/bin/env bash
# Builds the token and Authorization-header fuzzer with clang's libFuzzer
# (AddressSanitizer and UndefinedBehaviorSanitizer on) and runs it for
# SECONDS seconds (default 20) from a small seed corpus, in a temporary
# folder it removes afterwards. Exit status 0 when nothing was found.
#   tests/auth/fuzz/run.sh [SECONDS]
set -euo pipefail
seconds="${1:-20}"
root="$(cd "$(dirname "$0")/../../.." && pwd)"
cxx="$(command -v clang++-14 || command -v clang++ || true)"
if [ -z "$cxx" ]; then
  echo "clang++ is not installed (scripts/install-deps.sh installs it)" >&2
  exit 1
fi
work="$(mktemp -d /tmp/lienthong-fuzz.XXXXXX)"
trap 'rm -rf "$work"' EXIT
src="$root/src"
"$cxx" -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
  -I "$src" -o "$work/token_fuzzer" "$root/tests/auth/fuzz/token_fuzzer.cpp" \
  "$src/auth/bearer.cpp" "$src/auth/jwt.cpp" "$src/auth/jwk.cpp" "$src/auth/base64url.cpp" \
  "$src/auth/scope.cpp" "$src/json/parser.cpp" "$src/json/value.cpp" "$src/json/writer.cpp" \
  "$src/common/status.cpp" "$src/common/error_code.cpp" "$src/http/target.cpp" \
  "$src/http/message.cpp" -lsimdjson -lcrypto -lfmt
mkdir -p "$work/corpus"
printf 'Bearer eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhbiJ9.c2ln' > "$work/corpus/bearer"
printf 'eyJhbGciOiJub25lIn0.eyJleHAiOjF9.' > "$work/corpus/none"
printf 'patient/Observation.rs?category=laboratory user/*.cruds openid' > "$work/corpus/scopes"
printf 'bearer   eyJhbGciOiJSUzM4NCIsImtpZCI6ImsifQ.e30.AAAA' > "$work/corpus/rs384"
cd "$work"
"$work/token_fuzzer" -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
  -print_final_stats=1 "$work/corpus" 2>&1 | tail -n 12
