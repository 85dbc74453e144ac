# shellcheck shell=bash
# What every benchmark that goes through the real backend needs, in one place:
# a temporary folder, a private sshd on loopback, the backend alone (no
# frontend) with its own database, vault key and static API token, and a
# cleanup that stops all of it however the script exits.
#
#   source "$ROOT/bench/lib/portal.sh"
#   bench_init terminal                   # WORK, traps
#   bench_start_sshd [sshd_config lines]  # SSHD_PORT, SSH_USER, CLIENT_KEY, HOST_FINGERPRINT, KNOWN_HOSTS, SSHD_PID, SSHD_LOG
#   bench_start_backend <config file>...  # BACKEND_URL, APP_ORIGIN, API_TOKEN, BACKEND_PID, INSPECT_PORT, PG_PREFIX
#   bench_run node bench.mjs …            # runs the client so that a signal still runs the traps
#
# Environment: BENCH_BACKEND_PORT, BENCH_POSTGRES_URL, BENCH_KEEP, BENCH_START_TIMEOUT
# (bench/README.md). scripts/lib.sh must be sourced first.
# shellcheck disable=SC2317 # functions called from traps

SSHD_BIN=/usr/sbin/sshd
WORK=""
BACKEND_PGID=""
SSHD_PID=""
PG_PREFIX=""
BENCH_PID=""
SSHD_MARKER=""

# bench_init <name>: the temporary folder and the traps.
bench_init() {
  WORK="$(mktemp -d "${TMPDIR:-/tmp}/opssight-bench-$1.XXXXXX")"
  # Every process sshd starts (per-connection daemons, shells) inherits this
  # variable, so cleanup finds them all, as plugins/testing-node/src/sshd.ts does.
  SSHD_MARKER="OPSSIGHT_BENCH_SSHD=$WORK"
  trap bench_cleanup EXIT
  trap 'exit 143' TERM
  trap 'exit 130' INT
  if [ ! -x "$SSHD_BIN" ] || ! command -v ssh >/dev/null 2>&1 || ! command -v ssh-keygen >/dev/null 2>&1; then
    install_debian_packages "$ROOT/test-results/logs/apt-bench.log" openssh-server openssh-client
  fi
  [ -d "$ROOT/node_modules/ws" ] || die "node_modules is missing; run ./scripts/start.sh or ./scripts/test.sh once first"
}

bench_sshd_processes() {
  local p
  for p in /proc/[0-9]*; do
    [ "${p#/proc/}" = "$$" ] && continue
    if grep -qzxF "$SSHD_MARKER" "$p/environ" 2>/dev/null; then
      echo "${p#/proc/}"
    fi
  done
}

# Drops the databases the backend made on BENCH_POSTGRES_URL (one per plugin).
bench_drop_pg_databases() {
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

bench_cleanup() {
  local status=$? i pids
  trap - EXIT INT TERM
  if [ -n "$BENCH_PID" ]; then
    kill -TERM "$BENCH_PID" 2>/dev/null || true
    wait "$BENCH_PID" 2>/dev/null || true
  fi
  if [ -n "$BACKEND_PGID" ]; then
    # SIGTERM first: the backend ends its sessions and jobs and closes its
    # databases (and writes the CPU profile when asked to).
    stop_group "$BACKEND_PGID" 30
  fi
  if [ -n "$PG_PREFIX" ]; then
    bench_drop_pg_databases || warn "could not drop the databases $PG_PREFIX* on $BENCH_POSTGRES_URL"
  fi
  if [ -n "$SSHD_PID" ]; then
    kill -KILL "$SSHD_PID" 2>/dev/null || true
    wait "$SSHD_PID" 2>/dev/null || true
  fi
  if [ -n "$SSHD_MARKER" ]; then
    for ((i = 0; i < 20; i++)); do
      pids="$(bench_sshd_processes)"
      [ -z "$pids" ] && break
      # shellcheck disable=SC2086 # a list of pids
      kill -KILL $pids 2>/dev/null || true
      sleep 0.1
    done
  fi
  # On a failure (not an interruption), the end of the logs.
  if [ "$status" != 0 ] && [ "$status" != 130 ] && [ "$status" != 143 ] && [ -n "$WORK" ]; then
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
  elif [ -n "$WORK" ]; then
    rm -rf "$WORK"
  fi
  exit "$status"
}

# bench_start_sshd [extra sshd_config lines…]: a fresh host key and one client
# key; loopback (127.0.0.1) unless the extra lines say otherwise.
bench_start_sshd() {
  SSHD_PORT="$(free_port)"
  SSH_USER="$(id -un)"
  CLIENT_KEY="$WORK/client_ed25519"
  KNOWN_HOSTS="$WORK/known_hosts"
  SSHD_LOG="$WORK/sshd.log"
  ssh-keygen -q -t ed25519 -N '' -C opssight-bench-host -f "$WORK/ssh_host_ed25519_key"
  ssh-keygen -q -t ed25519 -N '' -C opssight-bench-client -f "$CLIENT_KEY"
  HOST_FINGERPRINT="$(ssh-keygen -l -E sha256 -f "$WORK/ssh_host_ed25519_key.pub" | cut -d' ' -f2)"
  # Every loopback address on that port has this host key.
  echo "[127.*]:$SSHD_PORT $(cut -d' ' -f1,2 "$WORK/ssh_host_ed25519_key.pub")" >"$KNOWN_HOSTS"
  local extra=("$@") listen="ListenAddress 127.0.0.1" line
  for line in "${extra[@]}"; do
    case "$line" in ListenAddress*) listen="" ;; esac
  done
  {
    echo "Port $SSHD_PORT"
    [ -n "$listen" ] && echo "$listen"
    cat <<EOF
HostKey $WORK/ssh_host_ed25519_key
PidFile $WORK/sshd.pid
AuthorizedKeysFile $CLIENT_KEY.pub
EOF
    sshd_key_only_config
    cat <<EOF
MaxStartups 1000
PrintMotd no
PrintLastLog no
# DEBUG1 logs the negotiated key exchange and cipher of each connection.
LogLevel DEBUG1
SetEnv $SSHD_MARKER SHLVL=1
EOF
    for line in "${extra[@]}"; do echo "$line"; done
  } >"$WORK/sshd_config"
  if [ "$(id -u)" = 0 ]; then mkdir -p /run/sshd; fi
  # --pdeathsig: the kernel kills sshd should this script die without its trap.
  env "$SSHD_MARKER" setpriv --pdeathsig KILL -- "$SSHD_BIN" -D -E "$SSHD_LOG" -f "$WORK/sshd_config" </dev/null &
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
  ' "$SSHD_PORT" "$SSHD_PID" || die "sshd did not start (log: $SSHD_LOG)"
  log "sshd on port $SSHD_PORT ($HOST_FINGERPRINT)"
}

# bench_start_backend <app-config file>…: the real backend alone, in a process
# group of its own, on BENCH_BACKEND_PORT (default 7207, a free port when taken).
bench_start_backend() {
  BACKEND_PORT="${BENCH_BACKEND_PORT:-7207}"
  if port_in_use "$BACKEND_PORT"; then
    [ -n "${BENCH_BACKEND_PORT:-}" ] && die "port $BACKEND_PORT is in use"
    BACKEND_PORT="$(free_port)"
  fi
  INSPECT_PORT="$(free_port)"
  # No frontend runs; WebSocket Origins are checked against app.baseUrl.
  APP_ORIGIN="http://localhost:$((BACKEND_PORT == 65535 ? 65534 : BACKEND_PORT + 1))"
  BACKEND_URL="http://127.0.0.1:$BACKEND_PORT"
  API_TOKEN="$(node -p 'require("crypto").randomBytes(24).toString("hex")')"
  local vault_key database_config config_args=() file
  vault_key="$(node -p 'require("crypto").randomBytes(32).toString("base64")')"
  if [ -n "${BENCH_POSTGRES_URL:-}" ]; then
    node "$ROOT/scripts/pg-probe.mjs" "$BENCH_POSTGRES_URL" >/dev/null ||
      die "BENCH_POSTGRES_URL=$BENCH_POSTGRES_URL does not answer, or may not create databases"
    PG_PREFIX="opssight_bench_$(node -p 'require("crypto").randomBytes(4).toString("hex")')_"
    database_config="  database:
    client: pg
    connection: '$BENCH_POSTGRES_URL'
    prefix: $PG_PREFIX"
    log "database: PostgreSQL at ${BENCH_POSTGRES_URL#postgresql://}, databases $PG_PREFIX*"
  else
    mkdir -p "$WORK/sqlite"
    database_config="  database:
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
$database_config
vault:
  keys:
    - id: bench
      secret: $vault_key
EOF
  for file in "$@"; do config_args+=(--config "$file"); done

  log "starting the backend on $BACKEND_URL (log: $WORK/backend.log)"
  # The node command `yarn workspace backend start` (backstage-cli package start)
  # runs, the TypeScript sources transpiled on load, minus the CLI's file watcher:
  # other people edit plugins/ while this runs, and a restart would spoil the
  # measurement. The inspector (loopback, a free port) lets a bench force a full GC
  # or take a CPU profile; nothing attaches a debugger.
  (
    cd "$ROOT/packages/backend" &&
      NODE_ENV=development OPSSIGHT_API_TOKEN="$API_TOKEN" ESBK_TSCONFIG_PATH="$ROOT/tsconfig.json" \
        exec setsid node --enable-source-maps \
        --require "$ROOT/node_modules/@backstage/cli-node/config/nodeTransform.cjs" \
        --inspect="127.0.0.1:$INSPECT_PORT" \
        src/index \
        --config ../../app-config.yaml \
        "${config_args[@]}" \
        --config "$WORK/app-config.run.yaml"
  ) </dev/null >"$WORK/backend.log" 2>&1 &
  BACKEND_PID=$!
  BACKEND_PGID="$BACKEND_PID"
  sleep 0.2
  [ "$(ps -o pgid= -p "$BACKEND_PID" | tr -d ' ')" = "$BACKEND_PID" ] || die "the backend did not get a process group of its own"
  node "$ROOT/scripts/wait-for-urls.mjs" --timeout "${BENCH_START_TIMEOUT:-300}" --pid "$BACKEND_PID" \
    "$BACKEND_URL/.backstage/health/v1/readiness" || die "the backend did not become ready"
  log "backend ready (node pid $BACKEND_PID)"
}

# bench_run <command>…: in the background and waited for, so that a signal to
# the script runs its trap at once (bash defers traps while a foreground command runs).
bench_run() {
  "$@" &
  BENCH_PID=$!
  wait "$BENCH_PID"
}
