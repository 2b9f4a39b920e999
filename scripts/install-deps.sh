#!/usr/bin/env bash
# Installs the Debian 12 packages lienthong needs to build, test and serve.
# Does nothing (and needs no network) when they are all installed already.
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libboost-dev libboost-system-dev
  libsimdjson-dev librocksdb-dev
  libssl-dev zlib1g-dev
  libcli11-dev libfmt-dev libspdlog-dev libjemalloc-dev
  libpcre2-dev
  libargon2-dev
  clang libclang-rt-14-dev
  libgtest-dev libgmock-dev
  curl jq
)
if [ "${1:-}" = "--bench" ]; then
  packages+=(nginx-light wrk jq python3 valgrind)
fi

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing Debian packages: ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
