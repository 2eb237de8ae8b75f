#!/usr/bin/env bash
# The one entry point: ./run.sh demo | test | bench NAME | build | setup | silo ARGS | ccl ARGS
# Each command installs what it needs (idempotently) and is quick when everything is already there.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
CONFIG="${CONFIG:-Release}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export CC_REPO_ROOT="$ROOT"

APT_PACKAGES=(libtorch-dev libopenblas0-pthread dataset-fashion-mnist cmake g++ postgresql)
# Only the benchmarks need Python's torch (the same libtorch build, for side-by-side comparisons).
[ "${1:-}" = bench ] && APT_PACKAGES+=(python3-torch)

log() { printf '\033[1;34m[run.sh]\033[0m %s\n' "$*" >&2; }

ensure_apt() {
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing Debian packages: ${missing[*]}"
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

build_native() {
  local src="$ROOT/src/ContinualCluster.Torch/native" out="$ROOT/.build/native"
  [ -f "$src/CMakeLists.txt" ] || return 0
  if [ ! -f "$out/CMakeCache.txt" ]; then
    log "configuring the native shim"
    cmake -S "$src" -B "$out" -DCMAKE_BUILD_TYPE=Release >/dev/null
  fi
  cmake --build "$out" -j "$(nproc)" 2>&1 | grep -vE '^\[|^-- |Consolidate|^make' || true
  [ "${PIPESTATUS[0]}" -eq 0 ] || { log "native build failed"; exit 1; }
}

build_managed() {
  dotnet build "$ROOT/ContinualCluster.sln" -c "$CONFIG" -nologo -v q -clp:NoSummary -p:WarningLevel=4 \
    || { log "dotnet build failed"; exit 1; }
}

setup() { ensure_apt; build_native; build_managed; }

# A throwaway PostgreSQL 15 on loopback for the tests that need one; stopped when the script exits.
PG_DIR=""
start_postgres() {
  local bin=/usr/lib/postgresql/15/bin
  [ -x "$bin/initdb" ] || { log "PostgreSQL 15 is not installed"; exit 1; }
  PG_DIR="$(mktemp -d /tmp/ccl-pg.XXXXXX)"
  chown postgres:postgres "$PG_DIR"; chmod 700 "$PG_DIR"
  local port; port=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
  runuser -u postgres -- "$bin/initdb" -D "$PG_DIR/data" -A trust -U postgres --no-sync >/dev/null
  runuser -u postgres -- "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_DIR -c fsync=off -c max_connections=300" start >/dev/null
  export CC_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Pooling=true"
  export CC_TEST_POSTGRES_BIN="$bin" CC_TEST_POSTGRES_DATA="$PG_DIR/data" CC_TEST_POSTGRES_PORT="$port"
  log "throwaway PostgreSQL on 127.0.0.1:$port"
}
stop_postgres() {
  [ -n "$PG_DIR" ] || return 0
  runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"; PG_DIR=""
}

run_tests() {
  start_postgres
  trap stop_postgres EXIT
  local failed=0
  local target="$ROOT/ContinualCluster.sln"
  # ./run.sh test tests/SomeProject [dotnet test args] runs one project only.
  if [ $# -gt 0 ] && [ -e "$1" ]; then target="$1"; shift; fi
  dotnet test "$target" -c "$CONFIG" --no-build -nologo -v q \
    --logger "console;verbosity=minimal" "$@" || failed=1
  return $failed
}

cmd="${1:-help}"; shift || true
case "$cmd" in
  setup|build) setup ;;
  test) setup; run_tests "$@" ;;   # extra args go to dotnet test, e.g. --filter FullyQualifiedName~Torch
  demo) setup; exec dotnet "$ROOT/client/ContinualCluster.Client/bin/$CONFIG/net10.0/ccl.dll" demo "$@" ;;
  bench) setup; exec dotnet "$ROOT/bench/ContinualCluster.Bench/bin/$CONFIG/net10.0/ContinualCluster.Bench.dll" "$@" ;;
  ccl) setup; exec dotnet "$ROOT/client/ContinualCluster.Client/bin/$CONFIG/net10.0/ccl.dll" "$@" ;;
  silo) setup; exec dotnet "$ROOT/silo/ContinualCluster.Silo/bin/$CONFIG/net10.0/ContinualCluster.Silo.dll" "$@" ;;
  *) echo "usage: ./run.sh demo | test | bench NAME (torch, tame, unlearning, runtime, product) | build | ccl ARGS | silo ARGS" >&2
     [ "$cmd" = help ] || exit 2 ;;
esac
