#!/usr/bin/env bash
# A throwaway portal for the Playwright tests; started (and stopped) by
# playwright.config.ts through `webServer`, never reused.
#   frontend http://localhost:3100, backend http://localhost:7107 (app-config.e2e.yaml;
#   OPSSIGHT_E2E_APP_PORT / OPSSIGHT_E2E_BACKEND_PORT override them),
#   data: a fresh SQLite directory in the temp folder, deleted on exit,
#   output: test-results/logs/e2e-portal.log (or $OPSSIGHT_E2E_PORTAL_LOG).
# Prints OPSSIGHT_E2E_READY once the frontend and the backend readiness check answer.
# shellcheck source=scripts/lib.sh disable=SC2317
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_node

portal_ports "${OPSSIGHT_E2E_APP_PORT:-3100}" "${OPSSIGHT_E2E_BACKEND_PORT:-7107}" 3100 7107
LOG="${OPSSIGHT_E2E_PORTAL_LOG:-$ROOT/test-results/logs/e2e-portal.log}"
mkdir -p "$(dirname "$LOG")"
echo "# e2e portal $(date -Is)" >"$LOG"

for port in "$APP_PORT" "$BACKEND_PORT"; do
  if port_in_use "$port"; then
    echo "port $port is already in use" >>"$LOG"
    die "port $port is already in use: another e2e portal is running (or a leftover one); stop it first"
  fi
done

DATA_DIR="$(mktemp -d "${TMPDIR:-/tmp}/opssight-e2e-data.XXXXXX")"
export APP_CONFIG_backend_database_connection_directory="$DATA_DIR"

# The group Playwright created for us (it signals the whole group on teardown);
# scripts/test.sh reads this file to make sure nothing is left behind.
PGID_FILE="$ROOT/test-results/.e2e-portal.pgid"
mkdir -p "$(dirname "$PGID_FILE")"
ps -o pgid= -p $$ | tr -d ' ' >"$PGID_FILE"

CHILD=""
cleanup() {
  trap - EXIT INT TERM
  local pgid others i
  if [ -n "$CHILD" ]; then
    kill -TERM "$CHILD" 2>/dev/null || true
    for ((i = 0; i < 150; i++)); do
      kill -0 "$CHILD" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$CHILD" 2>/dev/null || true
  fi
  # The backend runs as a child of the CLI in this process group: give it a moment
  # to close its databases, then make sure no node process of ours survives.
  pgid="$(cat "$PGID_FILE" 2>/dev/null || true)"
  if [ -n "$pgid" ]; then
    # shellcheck disable=SC2086 # $others: a list of pids
    for ((i = 0; i < 100; i++)); do
      others="$(ps -e -o pid=,pgid=,comm= | awk -v g="$pgid" '$2 == g && $3 == "node" { print $1 }')"
      [ -z "$others" ] && break
      [ "$i" = 50 ] && kill -TERM $others 2>/dev/null
      sleep 0.1
    done
    # shellcheck disable=SC2086
    [ -n "$others" ] && kill -KILL $others 2>/dev/null
  fi
  rm -rf "$DATA_DIR" "$PGID_FILE"
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

cd "$ROOT" || exit 1
echo "# data directory $DATA_DIR" >>"$LOG"
# Config paths are relative to packages/app and packages/backend.
backstage-cli repo start \
  --config ../../app-config.yaml --config ../../app-config.e2e.yaml \
  </dev/null >>"$LOG" 2>&1 &
CHILD=$!

# Fail fast when the backend crashes while starting (Node prints "Node.js v22.x.y"
# after an uncaught error; the dev runner would wait for a file change forever).
if ! node "$ROOT/scripts/wait-for-urls.mjs" --timeout "${OPSSIGHT_E2E_START_TIMEOUT:-580}" --pid "$CHILD" \
  --fail-log "$LOG" --fail-pattern '^Node\.js v[0-9]+' \
  "$APP_URL" "$BACKEND_URL/.backstage/health/v1/readiness"; then
  echo "---- last lines of $LOG ----" >&2
  tail -n 60 "$LOG" >&2
  exit 1
fi
echo "OPSSIGHT_E2E_READY frontend=$APP_URL backend=$BACKEND_URL data=$DATA_DIR"

status=0
wait "$CHILD" || status=$?
CHILD=""
echo "e2e portal exited with status $status (log: $LOG)" >&2
exit 1
