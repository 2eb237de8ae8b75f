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
    local gen=(); command -v ninja >/dev/null && gen=(-G Ninja)
    cmake -S "$src" -B "$out" -DCMAKE_BUILD_TYPE=Release "${gen[@]}" >/dev/null || { log "native configure failed"; exit 1; }
  fi
  # Incremental: only changed .cpp files recompile. Output is kept in a log and shown only on failure.
  if ! cmake --build "$out" -j "$(nproc)" >"$out/build.log" 2>&1; then
    grep -E -A3 "error|Error" "$out/build.log" | head -60 >&2
    log "native build failed (full log: $out/build.log)"; exit 1
  fi
}

# The managed build is skipped when nothing it reads changed since the last successful build (an incremental
# `dotnet build` of the solution still costs a minute on 2 cores). CC_FORCE_BUILD=1 builds regardless.
managed_inputs_changed() {
  local stamp="$1"
  [ -f "$stamp" ] || return 0
  [ -n "$(find "$ROOT"/{src,silo,client,tests,bench} \( -name bin -o -name obj \) -prune -o -type f -newer "$stamp" -print -quit)" ] && return 0
  [ -n "$(find "$ROOT" -maxdepth 1 -type f \( -name '*.props' -o -name '*.sln' -o -name global.json -o -name '*.targets' \) -newer "$stamp" -print -quit)" ] && return 0
  [ "$ROOT/.build/native/libcctorch.so" -nt "$stamp" ] && return 0
  return 1
}

build_managed() {
  local stamp="$ROOT/.build/managed-$CONFIG.stamp"
  if [ "${CC_FORCE_BUILD:-0}" != 1 ] && ! managed_inputs_changed "$stamp"; then return 0; fi
  rm -f "$stamp"; mkdir -p "$ROOT/.build"; touch "$stamp.next"   # taken before the build: edits made during it still count
  dotnet build "$ROOT/ContinualCluster.sln" -c "$CONFIG" -nologo -v q -clp:NoSummary -p:WarningLevel=4 \
    || { log "dotnet build failed"; exit 1; }
  mv "$stamp.next" "$stamp"
}

setup() { ensure_apt; build_native; build_managed; }

# A throwaway PostgreSQL 15 on loopback for the tests that need one; stopped when the script exits.
# An existing CC_TEST_POSTGRES is used as is. The server's settings (port, loopback, socket directory) are written
# into its postgresql.conf, so a test may stop and start it with plain pg_ctl via the CC_TEST_POSTGRES_* variables.
PG_DIR=""
PG_BIN=/usr/lib/postgresql/15/bin
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
sweep_stale_postgres() {   # directories of earlier runs that were killed before their EXIT trap ran
  local d pid
  for d in /tmp/ccl-pg.*; do
    [ -d "$d" ] || continue
    pid=$(head -1 "$d/data/postmaster.pid" 2>/dev/null || true)
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then continue; fi
    [ -n "$(find "$d" -maxdepth 0 -mmin +120 2>/dev/null)" ] && rm -rf "$d"
  done
  return 0
}
start_postgres() {
  if [ -n "${CC_TEST_POSTGRES:-}" ]; then log "using CC_TEST_POSTGRES from the environment"; return 0; fi
  [ -x "$PG_BIN/initdb" ] || { log "PostgreSQL 15 is not installed ($PG_BIN/initdb missing): apt-get install postgresql"; exit 1; }
  sweep_stale_postgres
  PG_DIR="$(mktemp -d /tmp/ccl-pg.XXXXXX)"
  chmod 700 "$PG_DIR"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PG_DIR"
  as_postgres "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U postgres -E UTF8 --no-sync >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log" >&2; log "initdb failed"; exit 1; }
  local port attempt
  for attempt in 1 2 3 4 5; do
    port=$(( 20000 + RANDOM % 40000 ))
    port_in_use "$port" && continue
    as_postgres sh -c "cat >> '$PG_DIR/data/postgresql.conf'" <<CONF
# throwaway test server (run.sh)
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$PG_DIR'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 300
CONF
    if as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w -t 60 start >/dev/null 2>&1; then
      export CC_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Pooling=true"
      export CC_TEST_POSTGRES_BIN="$PG_BIN" CC_TEST_POSTGRES_DATA="$PG_DIR/data" CC_TEST_POSTGRES_PORT="$port"
      log "throwaway PostgreSQL on 127.0.0.1:$port ($PG_DIR)"
      return 0
    fi
    log "PostgreSQL did not start on port $port (attempt $attempt); retrying"
  done
  tail -20 "$PG_DIR/log" >&2 || true
  log "could not start a throwaway PostgreSQL"; exit 1
}
stop_postgres() {
  [ -n "$PG_DIR" ] || return 0
  as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"; PG_DIR=""
}

run_tests() {
  trap stop_postgres EXIT
  trap 'exit 130' INT TERM
  start_postgres
  local failed=0
  local target="$ROOT/ContinualCluster.sln"
  # ./run.sh test tests/SomeProject [dotnet test args] runs one project only.
  if [ $# -gt 0 ] && [ -e "$1" ]; then target="$1"; shift; fi
  # -m:1: one test assembly at a time. Run side by side on 2 cores, the training-heavy assemblies starved the in-process
  # silos' heartbeats past their short test leases (a healthy silo was fenced or declared dead); the total is no longer.
  dotnet test "$target" -c "$CONFIG" --no-build -nologo -v q -m:1 \
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
