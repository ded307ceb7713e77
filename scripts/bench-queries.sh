#!/usr/bin/env bash
# List-query latency over N customers (default 100 000) on SQLite and on a throwaway PostgreSQL:
# p50/p99 per query, the SQL each runs and its plan. Writes bench/results/queries-<store>.md (not committed).
#   scripts/bench-queries.sh [customers] [requests]
set -euo pipefail
cd "$(dirname "$0")/.."
customers=${1:-100000}
requests=${2:-300}
mkdir -p bench/results
dotnet build -c Release bench/Clientele.Bench >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"; [ -n "${PGTMP:-}" ] && scripts/pg-stop.sh "$PGTMP"' EXIT

dotnet run -c Release --no-build --project bench/Clientele.Bench -- \
  --database "sqlite:$tmp/bench.db" --customers "$customers" --requests "$requests" --port 5198 --out "$PWD/bench/results/queries-sqlite.md"

PGPORT=${PGPORT:-55437}
eval "$(PGPORT=$PGPORT scripts/pg-start.sh | sed 's/ /\n/g' | grep '^PGTMP=')"
dotnet run -c Release --no-build --project bench/Clientele.Bench -- \
  --database "postgres://postgres@127.0.0.1:$PGPORT/bench" --customers "$customers" --requests "$requests" --port 5199 --out "$PWD/bench/results/queries-postgres.md"
