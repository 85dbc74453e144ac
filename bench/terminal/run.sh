#!/usr/bin/env bash
# Benchmark of the web SSH terminal against the native OpenSSH client, in one run
# on one machine (bench/README.md, "Web terminal"):
#
#   bench/terminal/run.sh [options: --help; e.g. --runs 9 --samples 2000]
#
# Starts, in a fresh temporary folder, a private sshd on a free loopback port and
# the real backend alone (no frontend) on port 7207 (or a free one) with its own
# SQLite directory, a random vault key and a random static API token; then runs
# bench/terminal/bench.mjs against both and prints the ratios. Everything it
# started is stopped on exit, however it exits.
#
# Environment:
#   BENCH_BACKEND_PORT  backend port (default 7207, a free port when that is taken)
#   BENCH_POSTGRES_URL  e.g. postgresql://postgres@127.0.0.1:5432: run the backend on
#                       PostgreSQL, as production does, instead of the development
#                       default SQLite (databases opssight_bench_<random>_*, dropped
#                       on exit; the user must be allowed to create databases)
#   BENCH_KEEP=1        keep the temporary folder (logs, keys, database) for a look
#   BENCH_START_TIMEOUT seconds to wait for the backend (default 300)
# Output: the summary on stdout, and the backend's and sshd's logs in the
# temporary folder (printed when something fails).
# shellcheck source=scripts/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/scripts/lib.sh"
# shellcheck source=bench/lib/portal.sh
source "$ROOT/bench/lib/portal.sh"

ensure_node

BENCH_DIR="$ROOT/bench/terminal"
# Options (and --help) first, before anything is started.
BENCH_PARSE_ONLY=1 node "$BENCH_DIR/bench.mjs" "$@" || exit $?
for arg in "$@"; do case "$arg" in -h | --help) exit 0 ;; esac; done

bench_init terminal
# Loopback only; the same daemon and the same user for both clients. Its DEBUG1
# log tells bench.mjs the key exchange and cipher the backend got, which it then
# gives the native client.
bench_start_sshd
# The inspector bench_start_backend opens lets bench.mjs force a full GC before
# reading memory, watch the event loop during the latency phase and, with
# --cpu-profile, profile the backend.
bench_start_backend "$BENCH_DIR/app-config.bench.yaml"

export BENCH_BACKEND_URL="$BACKEND_URL" BENCH_APP_ORIGIN="$APP_ORIGIN" BENCH_API_TOKEN="$API_TOKEN" \
  BENCH_BACKEND_PID="$BACKEND_PID" BENCH_INSPECT_PORT="$INSPECT_PORT" \
  BENCH_SSHD_PORT="$SSHD_PORT" BENCH_SSH_USER="$SSH_USER" BENCH_CLIENT_KEY="$CLIENT_KEY" \
  BENCH_KNOWN_HOSTS="$KNOWN_HOSTS" BENCH_HOST_FINGERPRINT="$HOST_FINGERPRINT" \
  BENCH_SSHD_LOG="$SSHD_LOG" BENCH_DATABASE="${PG_PREFIX:+postgresql}"
bench_run node "$BENCH_DIR/bench.mjs" "$@"
