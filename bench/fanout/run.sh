#!/usr/bin/env bash
# Benchmark of bulk script runs (bench/README.md, "Fan-out"): `hostname` on N
# machines through OpsSight's job engine, through parallel-ssh (Debian's pssh) at
# -p 32 and -p N, and through `ansible all -m command` (on fewer hosts, scaled),
# all in one run against one loopback sshd that answers for 127.0.1.1–127.0.1.N;
# plus the floor: sshd's own CPU per connection × N / cores.
#
#   bench/fanout/run.sh [options: --help; e.g. --hosts 200 --ansible-hosts 40]
#
# Environment: as bench/terminal/run.sh (BENCH_BACKEND_PORT, BENCH_POSTGRES_URL,
# BENCH_KEEP=1, BENCH_START_TIMEOUT).
# shellcheck source=scripts/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/scripts/lib.sh"
# shellcheck source=bench/lib/portal.sh
source "$ROOT/bench/lib/portal.sh"

ensure_node

BENCH_DIR="$ROOT/bench/fanout"
# Options (and --help) first, before anything is started.
NEEDS="$(BENCH_PARSE_ONLY=1 node "$BENCH_DIR/bench.mjs" "$@")" || exit $?
for arg in "$@"; do case "$arg" in -h | --help) echo "$NEEDS"; exit 0 ;; esac; done

missing=()
command -v parallel-ssh >/dev/null 2>&1 || missing+=(pssh)
command -v ansible >/dev/null 2>&1 || missing+=(ansible)
if [ "${#missing[@]}" -gt 0 ]; then
  install_debian_packages "$ROOT/test-results/logs/apt-bench.log" "${missing[@]}"
fi

bench_init fanout
# One sshd for every 127.x address: it listens on all addresses (on a random high
# port), and lets the bench's user in from loopback only.
bench_start_sshd "ListenAddress 0.0.0.0" "AllowUsers $(id -un)@127.0.0.0/8" "MaxSessions 10"
if [ "$NEEDS" = backend ]; then
  bench_start_backend "$BENCH_DIR/app-config.bench.yaml"
fi

export BENCH_BACKEND_URL="${BACKEND_URL:-}" BENCH_API_TOKEN="${API_TOKEN:-}" \
  BENCH_BACKEND_PID="${BACKEND_PID:-}" BENCH_SSHD_PID="$SSHD_PID" \
  BENCH_SSHD_PORT="$SSHD_PORT" BENCH_SSH_USER="$SSH_USER" BENCH_CLIENT_KEY="$CLIENT_KEY" \
  BENCH_KNOWN_HOSTS="$KNOWN_HOSTS" BENCH_HOST_FINGERPRINT="$HOST_FINGERPRINT" \
  BENCH_SSHD_LOG="$SSHD_LOG" BENCH_WORK="$WORK" BENCH_DATABASE="${PG_PREFIX:+postgresql}"
bench_run node "$BENCH_DIR/bench.mjs" "$@"
