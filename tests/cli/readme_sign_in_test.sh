#!/usr/bin/env bash
# The README's first steps, run as written: `serve --demo` makes the demo
# accounts (passwords in a 0600 file), and the README's curl lines sign in as
# the demo doctor with PKCE and search with the token. Only the port and the
# data directory are changed.
#   tests/cli/readme_sign_in_test.sh LIENTHONG_BINARY README
set -euo pipefail
bin=$1
readme=$2
work=$(mktemp -d /tmp/lienthong-readme.XXXXXX)
pid=""
cleanup() {
  [[ -n $pid ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAILED: $*" >&2; exit 1; }

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$bin" serve --bind 127.0.0.1 --port "$port" --data-dir "$work/data" --demo --demo-patients 20 \
  >"$work/log" 2>&1 &
pid=$!
for _ in $(seq 600); do
  curl -fs -o /dev/null "http://127.0.0.1:$port/health" && break
  sleep 0.1
done
curl -fs -o /dev/null "http://127.0.0.1:$port/health" || { tail "$work/log"; fail "server did not start"; }

accounts=$work/data/demo-accounts.txt
[[ $(stat -c %a "$accounts") == 600 ]] || fail "demo-accounts.txt is not mode 600"
[[ $(grep -vc '^#' "$accounts") == 10 ]] || fail "expected 10 demo accounts"
for role in doctor nurse pharmacist receptionist facility-admin province-manager citizen admin; do
  grep -q " $role " "$accounts" || fail "no demo account with role $role"
done
grep -q "demo-accounts.txt" "$work/log" || fail "the server did not say where the passwords are"
[[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/fhir/Patient") == 401 ]] ||
  fail "a search without a token was answered"

# The README's block, from VERIFIER= to the search.
script=$(awk '/^VERIFIER=/{on=1} on{print} on && /^curl -s -H "Authorization/{exit}' "$readme")
[[ -n $script ]] || fail "the README's sign-in block was not found"
script=${script//localhost:8080/localhost:$port}
script=${script//var\/data/$work/data}
out=$(bash -c "set -euo pipefail; $script")
grep -q '"resourceType":"Bundle"' <<<"$out" || fail "the README's search did not answer a Bundle: ${out:0:200}"
grep -q '"type":"searchset"' <<<"$out" || fail "not a searchset"
# No password of the file reached the log.
while read -r user password _; do
  [[ $user == \#* ]] && continue
  grep -qF -- "$password" "$work/log" && fail "the log holds the password of $user"
done <"$accounts"
echo "1 passed, 0 failed"
