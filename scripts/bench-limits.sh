#!/usr/bin/env bash
# What the rate limits cost on PostgreSQL: GET /api/customers/{id} over N seeded customers (default 10 000) with the
# limits off, on and counted by the node alone (SyncMilliseconds=0), and on and shared through the database (the
# default 250 ms exchange), from one client address and then from 1 000. The limits are set far above the load, so
# nothing is refused and only the counting is measured. One Release server pinned to CPU 0, wrk to CPU 1, both on
# 127.0.0.1; a throwaway PostgreSQL (not pinned). Prints one line per phase: req/s, p50, p99, non-2xx.
#   scripts/bench-limits.sh [customers] [seconds per phase]
# Environment: WARMUP (seconds, default 3), CONNECTIONS (default 16), PORT (default 5491), PGPORT (default 55491).
set -euo pipefail
cd "$(dirname "$0")/.."
customers=${1:-10000}
seconds=${2:-8}
warmup=${WARMUP:-3}
connections=${CONNECTIONS:-16}
port=${PORT:-5491}
export PGPORT=${PGPORT:-55491}
[[ $customers =~ ^[0-9]+$ && $customers -ge 100 ]] || { echo "customers must be a whole number of at least 100" >&2; exit 2; }
[[ $seconds =~ ^[0-9]+$ && $seconds -ge 1 && $seconds -le 600 ]] || { echo "seconds must be between 1 and 600" >&2; exit 2; }
for tool in wrk jq psql taskset; do command -v $tool >/dev/null || { echo "needs $tool" >&2; exit 2; }; done

tmp=$(mktemp -d -t clientele-bench-limits.XXXXXX)
server=""
PGTMP=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  if [ -n "$PGTMP" ]; then scripts/pg-stop.sh "$PGTMP"; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

echo "publishing a Release build..." >&2
dotnet publish src/Clientele -c Release -o "$tmp/api" >"$tmp/publish.log" 2>&1 || { cat "$tmp/publish.log" >&2; exit 1; }
clientele() { dotnet "$tmp/api/Clientele.dll" "$@"; }

eval "$(scripts/pg-start.sh | tr ' ' '\n' | grep '^PGTMP=')"
database="postgres://postgres@127.0.0.1:$PGPORT/bench"
echo "seeding $customers customers..." >&2
{
  clientele organizations create --slug bench --name Bench --database "$database" >/dev/null &&
  clientele applications create --organization bench --kind integration --name bench --json --database "$database" >"$tmp/integration.json" &&
  clientele seed --organization bench --customers "$customers" --database "$database" >/dev/null
} 2>"$tmp/admin.log" || { cat "$tmp/admin.log" >&2; exit 1; }
psql -h 127.0.0.1 -p "$PGPORT" -U postgres -d bench -Atc "SELECT id FROM customers ORDER BY random() LIMIT 2000" >"$tmp/ids.txt"
export IDS="$tmp/ids.txt" TOKEN

# phase NAME SCRIPT SETTINGS...: starts the server with the settings, warms up, measures, stops it.
phase() {
  local name=$1 script=$2; shift 2
  taskset -c 0 dotnet "$tmp/api/Clientele.dll" serve --urls "http://127.0.0.1:$port" --database "$database" \
    --Clientele:LoginThrottle:Enabled=false --Logging:LogLevel:Default=Warning "$@" >"$tmp/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 300); do curl -sf -o /dev/null "http://127.0.0.1:$port/health" && break; sleep 0.2; done
  curl -sf -o /dev/null "http://127.0.0.1:$port/health" || { cat "$tmp/server.log" >&2; exit 1; }
  TOKEN=$(curl -sf "http://127.0.0.1:$port/oauth/token" -H 'Content-Type: application/json' \
    -d "{\"grant_type\":\"client_credentials\",\"client_id\":\"$(jq -r .client_id "$tmp/integration.json")\",\"client_secret\":\"$(jq -r .client_secret "$tmp/integration.json")\"}" | jq -r .access_token)
  taskset -c 1 wrk -t1 -c"$connections" -d"${warmup}s" -s "bench/$script.lua" "http://127.0.0.1:$port" >/dev/null 2>&1 || true
  local result _r requests secs rps p50 p99 status socket
  result=$(taskset -c 1 wrk -t1 -c"$connections" -d"${seconds}s" --latency -s "bench/$script.lua" "http://127.0.0.1:$port" 2>&1 | grep '^RESULT ' || true)
  read -r _r requests secs rps p50 p99 status socket <<<"${result:-RESULT 0 0 0 0 0 0 0}"
  printf '| %s | %s | %s | %s | %s | %s |\n' "$name" "$rps" "$p50" "$p99" "$status" "$socket"
  kill "$server"; wait "$server" 2>/dev/null || true; server=""
}

high=(--Clientele:RateLimits:BurstLimit=1000000000 --Clientele:RateLimits:AverageLimit=1000000000)
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo "| phase (retrieve by id, PostgreSQL, ${seconds} s, ${connections} connections) | req/s | p50 ms | p99 ms | non-2xx | socket errors |"
echo "|---|---:|---:|---:|---:|---:|"
phase "limits off" retrieve --Clientele:RateLimits:Enabled=false
phase "limits on, per node (SyncMilliseconds=0)" retrieve --Clientele:RateLimits:Enabled=true "${high[@]}" --Clientele:RateLimits:SyncMilliseconds=0
phase "limits on, shared (SyncMilliseconds=250)" retrieve --Clientele:RateLimits:Enabled=true "${high[@]}"
phase "limits off, 1 000 client addresses" retrieve_many_clients --Clientele:RateLimits:Enabled=false
phase "limits on, shared, 1 000 client addresses" retrieve_many_clients --Clientele:RateLimits:Enabled=true "${high[@]}" \
  --Clientele:RateLimits:ClientIpHeader=X-Forwarded-For
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
