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
# shellcheck source=scripts/lib.sh disable=SC2317
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/scripts/lib.sh"

ensure_node

BENCH_DIR="$ROOT/bench/terminal"
SSHD_BIN=/usr/sbin/sshd
# Options (and --help) first, before anything is started.
BENCH_PARSE_ONLY=1 node "$BENCH_DIR/bench.mjs" "$@" || exit $?
for arg in "$@"; do case "$arg" in -h | --help) exit 0 ;; esac; done

if [ ! -x "$SSHD_BIN" ] || ! command -v ssh >/dev/null 2>&1 || ! command -v ssh-keygen >/dev/null 2>&1; then
  install_debian_packages "$ROOT/test-results/logs/apt-bench.log" openssh-server openssh-client
fi
[ -d "$ROOT/node_modules/ws" ] || die "node_modules is missing; run ./scripts/start.sh or ./scripts/test.sh once first"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/opssight-bench-terminal.XXXXXX")"
BACKEND_PGID=""
SSHD_PID=""
PG_PREFIX=""
BENCH_PID=""
# Every process sshd starts (per-connection daemons, shells) inherits this variable,
# so cleanup finds them all, as plugins/testing-node/src/sshd.ts does.
SSHD_MARKER="OPSSIGHT_BENCH_SSHD=$WORK"

sshd_processes() {
  local p
  for p in /proc/[0-9]*; do
    [ "${p#/proc/}" = "$$" ] && continue
    if grep -qzxF "$SSHD_MARKER" "$p/environ" 2>/dev/null; then
      echo "${p#/proc/}"
    fi
  done
}

# Drops the databases the backend made on BENCH_POSTGRES_URL (one per plugin).
drop_pg_databases() {
  (cd "$ROOT" && node -e '
    const pg = require("pg");
    const [url, prefix] = process.argv.slice(1);
    (async () => {
      const client = new pg.Client({ connectionString: url, database: "postgres" });
      await client.connect();
      const { rows } = await client.query(
        "select datname from pg_database where starts_with(datname, $1)", [prefix]);
      for (const { datname } of rows) {
        await client.query(`drop database if exists "${datname}" with (force)`);
      }
      await client.end();
    })().catch(e => { console.error(e.message); process.exit(1); });
  ' "$BENCH_POSTGRES_URL" "$PG_PREFIX")
}

cleanup() {
  local status=$? i pids
  trap - EXIT INT TERM
  if [ -n "$BENCH_PID" ]; then
    kill -TERM "$BENCH_PID" 2>/dev/null || true
    wait "$BENCH_PID" 2>/dev/null || true
  fi
  if [ -n "$BACKEND_PGID" ]; then
    # SIGTERM first: the backend ends its sessions and closes its databases
    # (and writes the CPU profile when asked to).
    stop_group "$BACKEND_PGID" 30
  fi
  if [ -n "$PG_PREFIX" ]; then
    drop_pg_databases || warn "could not drop the databases $PG_PREFIX* on $BENCH_POSTGRES_URL"
  fi
  if [ -n "$SSHD_PID" ]; then
    kill -KILL "$SSHD_PID" 2>/dev/null || true
    wait "$SSHD_PID" 2>/dev/null || true
  fi
  for ((i = 0; i < 20; i++)); do
    pids="$(sshd_processes)"
    [ -z "$pids" ] && break
    # shellcheck disable=SC2086 # a list of pids
    kill -KILL $pids 2>/dev/null || true
    sleep 0.1
  done
  # On a failure (not an interruption), the end of the logs.
  if [ "$status" != 0 ] && [ "$status" != 130 ] && [ "$status" != 143 ]; then
    if [ -s "$WORK/backend.log" ]; then
      echo "---- last lines of $WORK/backend.log ----" >&2
      tail -n 30 "$WORK/backend.log" >&2
    fi
    if [ -s "$WORK/sshd.log" ]; then
      echo "---- last lines of $WORK/sshd.log (without debug lines) ----" >&2
      grep -v '^debug' "$WORK/sshd.log" | tail -n 15 >&2
    fi
  fi
  if [ -n "${BENCH_KEEP:-}" ]; then
    log "kept $WORK"
  else
    rm -rf "$WORK"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

# ---------------------------------------------------------------------------
# sshd: a fresh host key, one client key, loopback only. Same daemon and same
# user for both clients.
SSHD_PORT="$(free_port)"
SSH_USER="$(id -un)"
ssh-keygen -q -t ed25519 -N '' -C opssight-bench-host -f "$WORK/ssh_host_ed25519_key"
ssh-keygen -q -t ed25519 -N '' -C opssight-bench-client -f "$WORK/client_ed25519"
HOST_FINGERPRINT="$(ssh-keygen -l -E sha256 -f "$WORK/ssh_host_ed25519_key.pub" | cut -d' ' -f2)"
echo "[127.0.0.1]:$SSHD_PORT $(cut -d' ' -f1,2 "$WORK/ssh_host_ed25519_key.pub")" >"$WORK/known_hosts"
cat >"$WORK/sshd_config" <<EOF
Port $SSHD_PORT
ListenAddress 127.0.0.1
HostKey $WORK/ssh_host_ed25519_key
PidFile $WORK/sshd.pid
AuthorizedKeysFile $WORK/client_ed25519.pub
# The temporary folder's permissions are not the ones sshd insists on.
StrictModes no
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
PermitRootLogin prohibit-password
MaxStartups 1000
PrintMotd no
PrintLastLog no
# DEBUG1 logs the negotiated key exchange and cipher of each connection, which
# bench.mjs reads to give the native client exactly what the backend got.
LogLevel DEBUG1
SetEnv $SSHD_MARKER SHLVL=1
EOF
if [ "$(id -u)" = 0 ]; then mkdir -p /run/sshd; fi
# --pdeathsig: the kernel kills sshd should this script die without its trap.
env "$SSHD_MARKER" setpriv --pdeathsig KILL -- "$SSHD_BIN" -D -E "$WORK/sshd.log" -f "$WORK/sshd_config" </dev/null &
SSHD_PID=$!
node -e '
  const net = require("node:net");
  const [port, pid] = process.argv.slice(1).map(Number);
  const deadline = Date.now() + 10000;
  (function attempt() {
    try { process.kill(pid, 0); } catch { console.error("sshd exited while starting"); process.exit(1); }
    const s = net.connect(port, "127.0.0.1");
    s.once("data", d => { s.destroy(); if (String(d).startsWith("SSH-")) process.exit(0); retry(); });
    s.once("error", retry);
    function retry() { s.destroy(); if (Date.now() > deadline) { console.error("no SSH banner"); process.exit(1); } setTimeout(attempt, 50); }
  })();
' "$SSHD_PORT" "$SSHD_PID" || die "sshd did not start (log: $WORK/sshd.log)"
log "sshd on 127.0.0.1:$SSHD_PORT ($HOST_FINGERPRINT)"

# ---------------------------------------------------------------------------
# The backend, alone, in a process group of its own.
BACKEND_PORT="${BENCH_BACKEND_PORT:-7207}"
if port_in_use "$BACKEND_PORT"; then
  [ -n "${BENCH_BACKEND_PORT:-}" ] && die "port $BACKEND_PORT is in use"
  BACKEND_PORT="$(free_port)"
fi
INSPECT_PORT="$(free_port)"
# Only the Origin of the terminal's WebSocket is checked against app.baseUrl;
# no frontend runs.
APP_ORIGIN="http://localhost:$((BACKEND_PORT == 65535 ? 65534 : BACKEND_PORT + 1))"
BACKEND_URL="http://127.0.0.1:$BACKEND_PORT"
API_TOKEN="$(node -p 'require("crypto").randomBytes(24).toString("hex")')"
VAULT_KEY="$(node -p 'require("crypto").randomBytes(32).toString("base64")')"
if [ -n "${BENCH_POSTGRES_URL:-}" ]; then
  node "$ROOT/scripts/pg-probe.mjs" "$BENCH_POSTGRES_URL" >/dev/null ||
    die "BENCH_POSTGRES_URL=$BENCH_POSTGRES_URL does not answer, or may not create databases"
  PG_PREFIX="opssight_bench_$(node -p 'require("crypto").randomBytes(4).toString("hex")')_"
  DATABASE_CONFIG="  database:
    client: pg
    connection: '$BENCH_POSTGRES_URL'
    prefix: $PG_PREFIX"
  log "database: PostgreSQL at ${BENCH_POSTGRES_URL#postgresql://}, databases $PG_PREFIX*"
else
  mkdir -p "$WORK/sqlite"
  DATABASE_CONFIG="  database:
    connection:
      directory: $WORK/sqlite"
  log "database: SQLite in $WORK/sqlite"
fi
cat >"$WORK/app-config.run.yaml" <<EOF
app:
  baseUrl: $APP_ORIGIN
backend:
  baseUrl: $BACKEND_URL
  listen:
    host: 127.0.0.1
    port: $BACKEND_PORT
  cors:
    origin: $APP_ORIGIN
$DATABASE_CONFIG
vault:
  keys:
    - id: bench
      secret: $VAULT_KEY
EOF

log "starting the backend on $BACKEND_URL (log: $WORK/backend.log)"
# The node command `yarn workspace backend start` (backstage-cli package start)
# runs, the TypeScript sources transpiled on load, minus the CLI's file watcher:
# other people edit plugins/ while this runs, and a restart would end every
# session mid-measurement. In a process group of its own, for cleanup.
# The inspector (loopback, a free port) lets bench.mjs force a full GC before
# reading memory and, with --cpu-profile, profile the backend; nothing attaches
# a debugger.
(
  cd "$ROOT/packages/backend" &&
    NODE_ENV=development OPSSIGHT_API_TOKEN="$API_TOKEN" ESBK_TSCONFIG_PATH="$ROOT/tsconfig.json" \
      exec setsid node --enable-source-maps \
      --require "$ROOT/node_modules/@backstage/cli-node/config/nodeTransform.cjs" \
      --inspect="127.0.0.1:$INSPECT_PORT" \
      src/index \
      --config ../../app-config.yaml \
      --config ../../bench/terminal/app-config.bench.yaml \
      --config "$WORK/app-config.run.yaml"
) </dev/null >"$WORK/backend.log" 2>&1 &
BACKEND_PID=$!
BACKEND_PGID="$BACKEND_PID"
sleep 0.2
[ "$(ps -o pgid= -p "$BACKEND_PID" | tr -d ' ')" = "$BACKEND_PID" ] || die "the backend did not get a process group of its own"

node "$ROOT/scripts/wait-for-urls.mjs" --timeout "${BENCH_START_TIMEOUT:-300}" --pid "$BACKEND_PID" \
  "$BACKEND_URL/.backstage/health/v1/readiness" || die "the backend did not become ready"
log "backend ready (node pid $BACKEND_PID)"

BENCH_BACKEND_URL="$BACKEND_URL" BENCH_APP_ORIGIN="$APP_ORIGIN" BENCH_API_TOKEN="$API_TOKEN" \
  BENCH_BACKEND_PID="$BACKEND_PID" BENCH_INSPECT_PORT="$INSPECT_PORT" \
  BENCH_SSHD_PORT="$SSHD_PORT" BENCH_SSH_USER="$SSH_USER" BENCH_CLIENT_KEY="$WORK/client_ed25519" \
  BENCH_KNOWN_HOSTS="$WORK/known_hosts" BENCH_HOST_FINGERPRINT="$HOST_FINGERPRINT" \
  BENCH_SSHD_LOG="$WORK/sshd.log" BENCH_DATABASE="${PG_PREFIX:+postgresql}" \
  node "$BENCH_DIR/bench.mjs" "$@" &
# In the background and waited for, so that a signal to this script runs its trap
# at once (bash defers traps while a foreground command runs).
BENCH_PID=$!
wait "$BENCH_PID"
