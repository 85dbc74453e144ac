#!/usr/bin/env bash
# Benchmark of the job engine's enqueue→start latency (bench/README.md, "Job
# engine"): jobs enqueued one at a time into an idle engine, on a SQLite file
# and, with BENCH_POSTGRES_URL, on PostgreSQL (same engine, and another engine
# woken through NOTIFY), against database round trips measured in between.
#
#   bench/jobs/run.sh [options: --help; e.g. --jobs 500]
#
# Environment:
#   BENCH_POSTGRES_URL  e.g. postgresql://postgres@127.0.0.1:5432: also measure on
#                       PostgreSQL (a database opssight_bench_jobs_<random>, dropped
#                       afterwards; the user must be allowed to create databases)
#   BENCH_KEEP=1        keep the temporary folder (the SQLite file)
# shellcheck source=scripts/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/scripts/lib.sh"

ensure_node
[ -d "$ROOT/node_modules/knex" ] || die "node_modules is missing; run ./scripts/start.sh or ./scripts/test.sh once first"

# The engine's TypeScript sources, transpiled on load as `yarn start` does.
cd "$ROOT" && exec node --enable-source-maps \
  --require "$ROOT/node_modules/@backstage/cli-node/config/nodeTransform.cjs" \
  "$ROOT/bench/jobs/bench.cjs" "$@"
