#!/usr/bin/env bash
# Starts OpsSight in development mode (yarn start = backstage-cli repo start):
#   frontend http://localhost:3000, backend http://localhost:7007,
#   data: embedded SQLite files under .data/sqlite (git-ignored).
# Runs in the foreground; Ctrl-C stops the frontend, the backend and every child.
# OPSSIGHT_APP_PORT / OPSSIGHT_BACKEND_PORT pick other ports, OPSSIGHT_DATA_DIR another
# SQLite folder (use one when a second portal runs beside the first).
# Extra arguments go to `yarn start`, e.g. `scripts/start.sh --config ../../app-config.yaml`.
# shellcheck source=scripts/lib.sh disable=SC2317
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

bootstrap

# app-config.yaml: backend.database.connection.directory = ../../.data/sqlite
# (relative to packages/backend). OPSSIGHT_DATA_DIR=<dir> uses another folder.
if [ -n "${OPSSIGHT_DATA_DIR:-}" ]; then
  mkdir -p "$OPSSIGHT_DATA_DIR"
  APP_CONFIG_backend_database_connection_directory="$(cd "$OPSSIGHT_DATA_DIR" && pwd)"
  export APP_CONFIG_backend_database_connection_directory
else
  mkdir -p "$ROOT/.data/sqlite"
fi

# Other ports (e.g. for a second checkout): OPSSIGHT_APP_PORT / OPSSIGHT_BACKEND_PORT.
portal_ports "${OPSSIGHT_APP_PORT:-3000}" "${OPSSIGHT_BACKEND_PORT:-7007}" 3000 7007
for port in "$APP_PORT" "$BACKEND_PORT"; do
  if port_in_use "$port"; then
    die "port $port is already in use: is the portal already running? (stop it first)"
  fi
done

# Demo sshd: the demo machines (examples/machines.csv, loopback addresses)
# answer SSH on a high port, so their connection tests pass out of the box.
# Its own folder, host key and demo key; stopped with the portal.
DEMO_SSH_PORT="${OPSSIGHT_DEMO_SSH_PORT:-22022}"
DEMO_SSHD_PGID=""
start_demo_sshd() {
  local dir="${OPSSIGHT_DATA_DIR:-$ROOT/.data}/demo-sshd" addresses
  if [ ! -x /usr/sbin/sshd ] || ! command -v ssh-keygen >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then
      install_debian_packages "$ROOT/.data/logs/apt.log" openssh-server
    else
      warn "No demo sshd (openssh-server is not installed): the demo machines will not answer SSH."
      warn "  To have them answer: sudo apt-get install -y --no-install-recommends openssh-server"
      return 0
    fi
  fi
  if port_in_use "$DEMO_SSH_PORT"; then
    warn "No demo sshd: port $DEMO_SSH_PORT is in use (OPSSIGHT_DEMO_SSH_PORT picks another)"
    return 0
  fi
  mkdir -p "$dir" && chmod 700 "$dir"
  [ -f "$dir/host_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C opssight-demo-host -f "$dir/host_ed25519"
  [ -f "$dir/demo_key" ] || ssh-keygen -q -t ed25519 -N '' -C opssight-demo -f "$dir/demo_key"
  cp "$dir/demo_key.pub" "$dir/authorized_keys"
  addresses="$(awk -F, 'NR > 1 && $1 !~ /^#/ && $1 != "" { print "ListenAddress " $1 }' "$ROOT/examples/machines.csv")"
  {
    cat <<CONFIG
Port $DEMO_SSH_PORT
$addresses
HostKey $dir/host_ed25519
PidFile $dir/sshd.pid
AuthorizedKeysFile $dir/authorized_keys
CONFIG
    sshd_key_only_config
  } >"$dir/sshd_config"
  # sshd's privilege separation directory; Debian creates it only at boot.
  [ "$(id -u)" = 0 ] && mkdir -p /run/sshd
  setsid /usr/sbin/sshd -D -e -f "$dir/sshd_config" 2>>"$dir/sshd.log" </dev/null &
  DEMO_SSHD_PGID=$!
  # Demo machines are seeded (once, into an empty registry) at this port and user.
  export APP_CONFIG_machines_seed_sshPort="$DEMO_SSH_PORT"
  APP_CONFIG_machines_seed_sshUser="$(id -un)"
  export APP_CONFIG_machines_seed_sshUser
  # The demo key as the shared credential demo-ssh (created once, development
  # only), the demo machines' default credential: terminals and logged-in
  # tests work without setup.
  APP_CONFIG_vault_seed_sharedCredentials="$(printf '[{"name":"demo-ssh","kind":"ssh-key","username":"%s","privateKeyFile":"%s","description":"Key of the demo sshd (scripts/start.sh)"}]' "$APP_CONFIG_machines_seed_sshUser" "$(cd "$dir" && pwd)/demo_key")"
  export APP_CONFIG_vault_seed_sharedCredentials
  export APP_CONFIG_machines_seed_defaultCredential=demo-ssh
  # ... and the credential the demo automation template logs in with.
  export APP_CONFIG_automation_seed_credential=demo-ssh
  log "Demo sshd for the demo machines on port $DEMO_SSH_PORT (key: ${dir#"$ROOT/"}/demo_key)"
}

cd "$ROOT" || exit 1
start_demo_sshd
log "Starting the portal in development mode (first frontend compile takes a minute)"
# setsid: own session and process group, so one signal reaches yarn, the
# backstage-cli, the backend child and the dev server, and nothing is orphaned.
setsid yarn start "$@" </dev/null &
PORTAL_PGID=$!
WATCH_PID=""

cleanup() {
  trap - INT TERM EXIT
  if [ -n "$WATCH_PID" ]; then kill "$WATCH_PID" 2>/dev/null || true; fi
  if [ -n "$DEMO_SSHD_PGID" ] && group_alive "$DEMO_SSHD_PGID"; then
    stop_group "$DEMO_SSHD_PGID" 5
  fi
  if group_alive "$PORTAL_PGID"; then
    log "Stopping the portal"
    stop_group "$PORTAL_PGID" 20
  fi
}
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM
trap cleanup EXIT

(
  if node "$ROOT/scripts/wait-for-urls.mjs" --timeout 900 --pid "$PORTAL_PGID" \
    "$APP_URL" "$BACKEND_URL/.backstage/health/v1/readiness" 2>/dev/null; then
    log "OpsSight is ready:"
    log "  frontend  $APP_URL"
    log "  backend   $BACKEND_URL"
    log "Press Ctrl-C to stop."
  fi
) &
WATCH_PID=$!

status=0
wait "$PORTAL_PGID" || status=$?
exit "$status"
