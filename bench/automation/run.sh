#!/usr/bin/env bash
# Benchmark of Ansible runs (bench/README.md, "Automation"): a playbook of ten
# mixed tasks on N loopback machines through OpsSight (a stored project, a live
# inventory and a template made through the API, a run started with POST
# /api/automation/templates/{id}/runs) against ansible-playbook run directly
# with Ansible's stock settings and with OpsSight's tuned ones; the lag from
# the callback plugin to the run's event stream; and a run printing 1 GiB
# (the backend's memory, the first page of its log).
#
#   bench/automation/run.sh [options: --help; e.g. --quick, --hosts 20]
#
# Environment: BENCH_HOSTS, BENCH_OUTPUT_MIB (defaults for --hosts and
# --output-mib), and as bench/terminal/run.sh: BENCH_BACKEND_PORT,
# BENCH_POSTGRES_URL, BENCH_KEEP=1, BENCH_START_TIMEOUT.
# shellcheck source=scripts/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/scripts/lib.sh"
# shellcheck source=bench/lib/portal.sh
source "$ROOT/bench/lib/portal.sh"

ensure_node

BENCH_DIR="$ROOT/bench/automation"
# Options (and --help) first, before anything is started.
BENCH_PARSE_ONLY=1 node "$BENCH_DIR/bench.mjs" "$@" >/dev/null || exit $?
for arg in "$@"; do case "$arg" in -h | --help) node "$BENCH_DIR/bench.mjs" --help; exit 0 ;; esac; done

if ! command -v ansible-playbook >/dev/null 2>&1; then
  install_debian_packages "$ROOT/test-results/logs/apt-bench.log" ansible
fi

bench_init automation
# One sshd for every 127.x address: it listens on all addresses (on a random
# high port) and lets the bench's user in from loopback only. Ansible's stock
# settings copy modules over SFTP: without the subsystem it would retry each
# copy with scp and then fall back, which is not what a real host does.
bench_start_sshd "ListenAddress 0.0.0.0" "AllowUsers $(id -un)@127.0.0.0/8" \
  "MaxSessions 20" "Subsystem sftp internal-sftp"
# The runs' private directories inside the run's folder, so cleanup takes them.
mkdir -p "$WORK/runs"
printf 'automation:\n  runRoot: %s\n' "$WORK/runs" >"$WORK/app-config.automation.yaml"
bench_start_backend "$BENCH_DIR/app-config.bench.yaml" "$WORK/app-config.automation.yaml"

export BENCH_BACKEND_URL="$BACKEND_URL" BENCH_API_TOKEN="$API_TOKEN" \
  BENCH_BACKEND_PID="$BACKEND_PID" BENCH_SSHD_PID="$SSHD_PID" \
  BENCH_SSHD_PORT="$SSHD_PORT" BENCH_SSH_USER="$SSH_USER" BENCH_CLIENT_KEY="$CLIENT_KEY" \
  BENCH_KNOWN_HOSTS="$KNOWN_HOSTS" BENCH_HOST_FINGERPRINT="$HOST_FINGERPRINT" \
  BENCH_SSHD_LOG="$SSHD_LOG" BENCH_WORK="$WORK" BENCH_DATABASE="${PG_PREFIX:+postgresql}" \
  BENCH_PG_PREFIX="$PG_PREFIX"
bench_run node "$BENCH_DIR/bench.mjs" "$@"
