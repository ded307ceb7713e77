#!/usr/bin/env bash
# A bounded load test: mixed reads and writes (bench/mixed.lua) for SECONDS (default 60) against a Release build on
# a fresh SQLite file with CUSTOMERS seeded customers (default 20 000), rate limits and login throttle off, server
# on CPU 0 and wrk on CPU 1, 127.0.0.1 only. Prints requests/s, p50, p99, non-2xx answers and socket errors; a
# non-zero error count fails the script.
#   scripts/load-test.sh [seconds] [customers]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
customers=${2:-20000}
port=${PORT:-5393}
[[ $seconds =~ ^[0-9]+$ && $seconds -ge 1 && $seconds -le 600 ]] || { echo "seconds must be between 1 and 600" >&2; exit 2; }
missing=()
for tool in wrk sqlite3 jq; do command -v $tool >/dev/null || missing+=($tool); done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

tmp=$(mktemp -d -t clientele-load.XXXXXX)
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

dotnet publish src/Clientele -c Release -o "$tmp/api" >"$tmp/publish.log" 2>&1 || { cat "$tmp/publish.log" >&2; exit 1; }
database="sqlite:$tmp/load.db"
clientele() { dotnet "$tmp/api/Clientele.dll" "$@" --database "$database"; }
clientele organizations create --slug load --name Load >/dev/null
app=$(clientele applications create --organization load --kind integration --name load --json)
clientele seed --organization load --customers "$customers" >/dev/null 2>&1

taskset -c 0 dotnet "$tmp/api/Clientele.dll" serve --urls "http://127.0.0.1:$port" --database "$database" \
  --Clientele:RateLimits:Enabled=false --Clientele:LoginThrottle:Enabled=false --Logging:LogLevel:Default=Warning >"$tmp/server.log" 2>&1 &
server=$!
for _ in $(seq 1 300); do curl -sf -o /dev/null "http://127.0.0.1:$port/health" && break; sleep 0.2; done

export TOKEN=$(curl -sf "http://127.0.0.1:$port/oauth/token" -H 'Content-Type: application/json' \
  -d "$(jq -c '{grant_type:"client_credentials",client_id:.client_id,client_secret:.client_secret}' <<<"$app")" | jq -r .access_token)
sqlite3 "$tmp/load.db" "SELECT id FROM customers ORDER BY random() LIMIT 2000" >"$tmp/ids.txt"
export IDS="$tmp/ids.txt"

RUN="warm$$" taskset -c 1 wrk -t1 -c16 -d5s -s bench/mixed.lua "http://127.0.0.1:$port" >/dev/null   # warm-up
output=$(RUN="load$$" taskset -c 1 wrk -t1 -c16 -d"${seconds}s" --latency -s bench/mixed.lua "http://127.0.0.1:$port")
result=$(grep "^RESULT" <<<"$output")
grep "^FAILED" <<<"$output" >&2 || true
read -r _ requests took rps p50 p99 status socket <<<"$result"
rss=$(awk '/VmHWM/ {print int($2/1024)}' /proc/$server/status 2>/dev/null || echo "?")
echo "mixed load, ${seconds} s, $customers customers (SQLite): $requests requests, $rps req/s, p50 ${p50} ms, p99 ${p99} ms, $status non-2xx, $socket socket errors, peak RSS ${rss} MB"
if grep -q "fail:" "$tmp/server.log"; then echo "the server logged errors:" >&2; grep -A3 "fail:" "$tmp/server.log" >&2; exit 1; fi
[ "$status" = 0 ] && [ "$socket" = 0 ]
