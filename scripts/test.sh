#!/usr/bin/env bash
# The whole OpsSight test suite:
#   1. bootstrap       project-local Node 22 + yarn install (only when package files changed)
#   2. system packages Debian openssh-server, ansible, git + chromium (+ postgresql when no server/binaries)
#   3. PostgreSQL      the server at 127.0.0.1:5432 if it answers, else a throwaway cluster
#   4. tsc             type check
#   5. lint            plugins meet only through libraries (scripts/check-plugin-imports.mjs),
#                      then ESLint over every package (backstage-cli repo lint)
#   6. jest            backstage-cli repo test (all packages), JSON report
#   7. e2e             Playwright in /usr/bin/chromium against a fresh portal (3100/7107,
#                      or free ports when those are taken)
#   8. totals          last line: "N passed, N failed[, N skipped]" over jest + Playwright
# Reports and logs: test-results/ (git-ignored). Exit status non-zero when anything failed,
# a suite crashed without a report, or no test ran.
#
# Knobs (environment):
#   OPSSIGHT_TEST_PHASES="tsc lint jest e2e"   phases to run (default: all four)
#   OPSSIGHT_JEST_ARGS="plugins/foo"      extra arguments for jest (e.g. a path filter)
#   OPSSIGHT_TEST_POSTGRES_URL=postgresql://user@host:port   use this server instead of :5432
#   OPSSIGHT_TEST_THROWAWAY_POSTGRES=1    always start a throwaway cluster
#   OPSSIGHT_JEST_TIMEOUT=1500            seconds before a hanging jest run is stopped
# shellcheck source=scripts/lib.sh disable=SC2317
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

OUT="$ROOT/test-results"
LOGS="$OUT/logs"
PHASES=" ${OPSSIGHT_TEST_PHASES:-tsc lint jest e2e} "
want() { [[ "$PHASES" == *" $1 "* ]]; }

RUN_STARTED=$SECONDS
TIMINGS=()
FAILED_PHASES=()
PG_TMP=""
PG_BIN=""
PG_AS=()

timing() { TIMINGS+=("$(printf '  %-16s %8s  %s' "$1" "$(fmt_secs "$2")" "${3:-}")"); }
banner() {
  if [ -t 2 ]; then printf '\n\033[1m==> %s\033[0m\n' "$*" >&2; else printf '\n==> %s\n' "$*" >&2; fi
}

stop_postgres() {
  if [ -n "$PG_TMP" ] && [ -d "$PG_TMP" ]; then
    (cd "$PG_TMP" && "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -m immediate -w stop) >>"$LOGS/postgres.log" 2>&1 || true
    rm -rf "$PG_TMP"
  fi
  PG_TMP=""
}

stop_e2e_leftovers() {
  local f="$OUT/.e2e-portal.pgid" pgid
  if [ -f "$f" ]; then
    pgid="$(cat "$f")"
    # Only a group that still runs our portal (the id may have been reused since).
    if [ -n "$pgid" ] && ps -e -o pgid=,args= | awk -v g="$pgid" '$1 == g' | grep -q -e e2e-portal.sh -e backstage-cli; then
      warn "stopping a leftover e2e portal (process group $pgid)"
      stop_group "$pgid" 15
    fi
    rm -f "$f"
  fi
}

# Silent: runs after the totals line, which must stay the last line of output.
cleanup() {
  trap - EXIT INT TERM
  stop_e2e_leftovers >/dev/null 2>&1 || true
  stop_postgres >/dev/null 2>&1 || true
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM

mkdir -p "$LOGS"

# ---------------------------------------------------------------------------
banner "bootstrap: Node 22, yarn install"
t=$SECONDS
bootstrap
log "node $(node -v), yarn $(yarn --version)"
timing bootstrap $((SECONDS - t))

# ---------------------------------------------------------------------------
t=$SECONDS
PG_URL="${OPSSIGHT_TEST_POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432}"
PG_MAJOR=""
if want jest; then
  banner "PostgreSQL"
  if [ -n "${OPSSIGHT_TEST_THROWAWAY_POSTGRES:-}" ]; then
    log "OPSSIGHT_TEST_THROWAWAY_POSTGRES is set: a throwaway cluster will be started"
  elif PG_MAJOR="$(node "$ROOT/scripts/pg-probe.mjs" "$PG_URL" 2>>"$LOGS/postgres.log")"; then
    log "using the PostgreSQL $PG_MAJOR server at ${PG_URL#postgresql://}"
  else
    PG_MAJOR=""
    [ -n "${OPSSIGHT_TEST_POSTGRES_URL:-}" ] && die "OPSSIGHT_TEST_POSTGRES_URL=$PG_URL does not answer (or may not create databases)"
    log "no usable server at 127.0.0.1:5432; a throwaway cluster will be started"
  fi
fi
pg_initdb() { ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1; }

# ---------------------------------------------------------------------------
banner "system packages"
MISSING=()
if want jest; then
  { [ -x /usr/sbin/sshd ] && command -v ssh-keygen >/dev/null 2>&1; } || MISSING+=(openssh-server)
  [ -z "$PG_MAJOR" ] && [ -z "$(pg_initdb)" ] && MISSING+=(postgresql)
  # Automation runs the real ansible-playbook (and ansible-vault, ansible-inventory).
  command -v ansible-playbook >/dev/null 2>&1 || MISSING+=(ansible)
  command -v git >/dev/null 2>&1 || MISSING+=(git)
fi
if want e2e; then
  [ -x /usr/bin/chromium ] || MISSING+=(chromium)
fi
if [ "${#MISSING[@]}" -gt 0 ]; then
  ta=$SECONDS
  install_debian_packages "$LOGS/apt.log" "${MISSING[@]}"
  timing apt $((SECONDS - ta)) "${MISSING[*]}"
else
  log "the Debian packages the tests need are present"
fi

# ---------------------------------------------------------------------------
if want jest && [ -z "$PG_MAJOR" ]; then
  INITDB="$(pg_initdb)"
  [ -n "$INITDB" ] || die "no PostgreSQL binaries under /usr/lib/postgresql/*/bin"
  PG_BIN="$(dirname "$INITDB")"
  PG_PORT="$(free_port)"
  PG_TMP="$(mktemp -d "${TMPDIR:-/tmp}/opssight-pg.XXXXXX")"
  if [ "$(id -u)" = 0 ]; then
    # PostgreSQL refuses to run as root.
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /usr/sbin/nologin postgres
    chown postgres: "$PG_TMP"
    PG_AS=(runuser -u postgres --)
  fi
  log "starting a throwaway PostgreSQL ($PG_BIN) on 127.0.0.1:$PG_PORT in $PG_TMP"
  (
    cd "$PG_TMP"
    "${PG_AS[@]}" "$PG_BIN/initdb" -D "$PG_TMP/data" -U postgres -A trust -E UTF8 --locale=C --no-sync &&
      "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/postgres.log" -w -t 60 \
        -o "-p $PG_PORT -k $PG_TMP -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start
  ) >>"$LOGS/postgres.log" 2>&1 || {
    tail -n 20 "$LOGS/postgres.log" >&2
    [ -f "$PG_TMP/postgres.log" ] && tail -n 20 "$PG_TMP/postgres.log" >&2
    die "could not start a throwaway PostgreSQL (log: test-results/logs/postgres.log)"
  }
  PG_URL="postgresql://postgres@127.0.0.1:$PG_PORT"
  PG_MAJOR="$(node "$ROOT/scripts/pg-probe.mjs" "$PG_URL" 2>>"$LOGS/postgres.log")" ||
    die "the throwaway PostgreSQL does not answer at $PG_URL"
  log "PostgreSQL $PG_MAJOR ready at 127.0.0.1:$PG_PORT"
fi
if want jest; then
  export "BACKSTAGE_TEST_DATABASE_POSTGRES${PG_MAJOR}_CONNECTION_STRING=$PG_URL"
  export BACKSTAGE_TEST_DISABLE_DOCKER=1
  log "BACKSTAGE_TEST_DATABASE_POSTGRES${PG_MAJOR}_CONNECTION_STRING=$PG_URL"
  timing postgres $((SECONDS - t)) "PostgreSQL $PG_MAJOR${PG_TMP:+ (throwaway)}"
fi

# ---------------------------------------------------------------------------
# The static checks pass or fail as a whole. tsc and ESLint each keep one core
# busy, so on a 2-core machine they run side by side; each logs to
# test-results/logs/<phase>.log, printed when it ends.
# start_check <phase> <command...>; finish_check <phase> <banner> <what it found when it fails>
declare -A CHECK_PID CHECK_T
start_check() {
  local phase=$1
  shift
  CHECK_T[$phase]=$SECONDS
  (cd "$ROOT" && "$@") >"$LOGS/$phase.log" 2>&1 &
  CHECK_PID[$phase]=$!
}
finish_check() {
  local phase=$1 title=$2 failure=$3 status=0
  wait "${CHECK_PID[$phase]}" || status=$?
  banner "$title"
  cat "$LOGS/$phase.log" >&2
  if [ "$status" = 0 ]; then
    log "$phase: no errors"
    timing "$phase" $((SECONDS - CHECK_T[$phase])) ok
  else
    warn "$phase: $failure (log: test-results/logs/$phase.log)"
    FAILED_PHASES+=("$phase")
    timing "$phase" $((SECONDS - CHECK_T[$phase])) FAILED
  fi
}

want tsc && start_check tsc bash -c 'yarn tsc && tsc -p scripts/tsconfig.e2e.json'
want lint && start_check lint bash -c 'node scripts/check-plugin-imports.mjs && yarn backstage-cli repo lint'
want tsc && finish_check tsc "type check: yarn tsc (+ e2e tests: scripts/tsconfig.e2e.json)" "type errors"
want lint && finish_check lint "lint: plugin boundaries, then ESLint over every package (backstage-cli repo lint)" \
  "errors; a plugin imports another plugin, or ESLint found errors"

# ---------------------------------------------------------------------------
REPORT_ARGS=()
if want jest; then
  banner "unit and integration tests: backstage-cli repo test (jest)"
  t=$SECONDS
  rm -f "$OUT/jest.json"
  status=0
  # A 30 s per-test budget: UI tests render slowly on a busy 2-core machine, and a
  # test that is merely slow is not a failure (benchmarks under bench/ measure speed).
  # shellcheck disable=SC2086
  (cd "$ROOT" && CI=true timeout --kill-after=30 "${OPSSIGHT_JEST_TIMEOUT:-1500}" \
    yarn backstage-cli repo test --ci --forceExit --testTimeout=30000 \
    --json --outputFile="$OUT/jest.json" ${OPSSIGHT_JEST_ARGS:-}) 2>&1 | tee "$LOGS/jest.log" || status=$?
  [ "$status" = 124 ] && warn "jest was stopped after ${OPSSIGHT_JEST_TIMEOUT:-1500}s"
  timing jest $((SECONDS - t)) "exit $status"
  REPORT_ARGS+=(--jest "$OUT/jest.json")
fi

# ---------------------------------------------------------------------------
if want e2e; then
  banner "end-to-end: Playwright in /usr/bin/chromium"
  t=$SECONDS
  stop_e2e_leftovers
  rm -f "$OUT/playwright.json" "$LOGS/e2e-portal.log"
  status=0
  if [ -z "${OPSSIGHT_E2E_APP_PORT:-}" ] && { port_in_use 3100 || port_in_use 7107; }; then
    # Another checkout's e2e run (or something else) holds the default ports.
    OPSSIGHT_E2E_APP_PORT="$(free_port)"
    OPSSIGHT_E2E_BACKEND_PORT="$(free_port)"
    while [ "$OPSSIGHT_E2E_BACKEND_PORT" = "$OPSSIGHT_E2E_APP_PORT" ]; do OPSSIGHT_E2E_BACKEND_PORT="$(free_port)"; done
    export OPSSIGHT_E2E_APP_PORT OPSSIGHT_E2E_BACKEND_PORT
    log "ports 3100/7107 are taken; using $OPSSIGHT_E2E_APP_PORT/$OPSSIGHT_E2E_BACKEND_PORT"
  fi
  log "starting a fresh portal on :${OPSSIGHT_E2E_APP_PORT:-3100}/:${OPSSIGHT_E2E_BACKEND_PORT:-7107} (log: test-results/logs/e2e-portal.log)"
  (cd "$ROOT" && OPSSIGHT_E2E_REPORT="$OUT/playwright.json" playwright test) 2>&1 | tee "$LOGS/e2e.log" || status=$?
  stop_e2e_leftovers
  if [ "$status" != 0 ] && [ -f "$LOGS/e2e-portal.log" ]; then
    log "last lines of test-results/logs/e2e-portal.log:"
    tail -n 25 "$LOGS/e2e-portal.log" >&2
  fi
  timing e2e $((SECONDS - t)) "exit $status"
  REPORT_ARGS+=(--playwright "$OUT/playwright.json")
fi

# ---------------------------------------------------------------------------
stop_postgres
timing total $((SECONDS - RUN_STARTED))
banner "summary"
printf '%s\n' "${TIMINGS[@]}"
echo "  reports:$(want jest && echo " test-results/jest.json")$(want e2e && echo " test-results/playwright.json"); logs: test-results/logs/"
FAILED_ARGS=()
for p in "${FAILED_PHASES[@]}"; do FAILED_ARGS+=(--failed-phase "$p"); done
status=0
node "$ROOT/scripts/totals.mjs" "${REPORT_ARGS[@]}" "${FAILED_ARGS[@]}" || status=$?
exit "$status"
