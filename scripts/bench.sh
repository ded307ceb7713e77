#!/usr/bin/env bash
# HTTP throughput of a Release build over N seeded customers (default 1 000 000), on SQLite and on a throwaway PostgreSQL,
# next to two baselines measured the same way: a bare endpoint answering a fixed JSON:API document, and a bare endpoint
# answering one raw SQLite primary-key read. The server runs pinned to CPU 0, wrk to CPU 1, both on 127.0.0.1 only.
# For every phase: requests/s, p50, p99, errors (non-2xx, socket) and the server's peak RSS during that phase.
# Writes bench/results/bench-<time>.md (not committed) and prints the same table.
#   scripts/bench.sh [customers] [seconds per phase]
# Environment: WARMUP (seconds before each phase, default 30: under load on one core the JIT takes that long to finish optimizing a path), CONNECTIONS (default 16), STORES ("sqlite postgres"),
#   PORT (server, default 5391), BASE_PORT (baselines, default 5392), PGPORT (default 55438),
#   PASSWORD_ITERATIONS (the server's PBKDF2 iterations; unset keeps its default of 100 000).
# A phase whose requests take longer than its duration completes none: give slow phases (metadata_jcont and
# email_cont on SQLite over many customers) at least 20 s.
set -euo pipefail
cd "$(dirname "$0")/.."
customers=${1:-1000000}
seconds=${2:-20}
warmup=${WARMUP:-30}
connections=${CONNECTIONS:-16}
stores=${STORES:-sqlite postgres}
port=${PORT:-5391}
base_port=${BASE_PORT:-5392}
export PGPORT=${PGPORT:-55438}
[[ $customers =~ ^[0-9]+$ && $customers -ge 100 ]] || { echo "customers must be a whole number of at least 100" >&2; exit 2; }
[[ $seconds =~ ^[0-9]+$ && $seconds -ge 1 && $seconds -le 600 ]] || { echo "seconds must be between 1 and 600" >&2; exit 2; }

missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v sqlite3 >/dev/null || missing+=(sqlite3)
command -v jq >/dev/null || missing+=(jq)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
[ "$(nproc)" -ge 2 ] || { echo "needs 2 CPUs: the server runs on CPU 0 and wrk on CPU 1" >&2; exit 2; }

tmp=$(mktemp -d -t clientele-bench.XXXXXX)
server=""
server_name=""
PGTMP=""
# The servers' logs of the run, kept next to its table (PostgreSQL's with checkpoints and autovacuum runs, to tell
# what a latency spike coincided with).
stamp=$(date -u +%Y%m%dT%H%M%SZ)
logs="bench/results/logs-$stamp"
mkdir -p "$logs"
stop_postgres() {
  if [ -z "$PGTMP" ]; then return 0; fi
  cp "$PGTMP/server.log" "$logs/postgres.log" 2>/dev/null || true
  scripts/pg-stop.sh "$PGTMP"
  PGTMP=""
}
cleanup() {
  stop_server
  stop_postgres
  rm -rf "$tmp"
}
trap cleanup EXIT

echo "publishing Release builds..." >&2
dotnet publish src/Clientele -c Release -o "$tmp/api" >"$tmp/publish.log" 2>&1 || { cat "$tmp/publish.log" >&2; exit 1; }
dotnet publish bench/Clientele.Bench -c Release -o "$tmp/bench" >>"$tmp/publish.log" 2>&1 || { cat "$tmp/publish.log" >&2; exit 1; }

clientele() { dotnet "$tmp/api/Clientele.dll" "$@"; }

# Starts a process pinned to CPU 0 in the background and waits (at most 60 s) until $1 answers.
start_pinned() {
  local url=$1; shift
  taskset -c 0 "$@" >"$tmp/server.log" 2>&1 &
  server=$!
  server_name="${store:-} $url"
  for _ in $(seq 1 300); do
    curl -sf -o /dev/null "$url" && return 0
    kill -0 "$server" 2>/dev/null || break
    sleep 0.2
  done
  echo "server did not start:" >&2; cat "$tmp/server.log" >&2; exit 1
}

stop_server() {
  if [ -z "$server" ]; then return 0; fi
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
  server=""
  { echo "=== $server_name"; cat "$tmp/server.log"; } >>"$logs/servers.log"
}

# Waits (at most 60 s) until the server has used less than 10 % of a CPU for half a second, so that requests a
# finished wrk run left behind (slow queries keep running after wrk closes their connections) do not count in the
# next phase.
settle() {
  local ticks before after
  ticks=$(getconf CLK_TCK)
  for _ in $(seq 1 120); do
    before=$(awk '{ print $14 + $15 }' "/proc/$server/stat")
    sleep 0.5
    after=$(awk '{ print $14 + $15 }' "/proc/$server/stat")
    [ $(( (after - before) * 20 )) -lt "$ticks" ] && return 0
  done
  echo "  (the server was still busy after 60 s)" >&2
}

declare -A base_rps=()
rows=()

# run_phase STORE PHASE SCRIPT BASE_URL: warm-up, then the measured run; appends one table row.
run_phase() {
  local store=$1 phase=$2 script=$3 url=$4
  RUN="w$RANDOM$RANDOM" taskset -c 1 wrk -t1 -c"$connections" -d"${warmup}s" -s "bench/$script.lua" "$url" >/dev/null 2>&1 || true
  settle
  echo 5 >"/proc/$server/clear_refs" 2>/dev/null || true # resets VmHWM, so the peak below is this phase's
  echo "$(date -u +%FT%T.%3NZ) $store $phase: measured run starts" >>"$logs/phases.log"
  local out
  out=$(RUN="m$RANDOM$RANDOM" taskset -c 1 wrk -t1 -c"$connections" -d"${seconds}s" --timeout 10s --latency -s "bench/$script.lua" "$url" 2>&1) || true
  local result
  result=$(grep '^RESULT ' <<<"$out" || true)
  if [ -z "$result" ]; then
    echo "wrk failed for $phase:" >&2; echo "$out" >&2
    rows+=("| $store | $phase | failed | | | | | | | | |"); last_rps=""
    return 0
  fi
  local _r requests secs rps p50 p99 status socket
  read -r _r requests secs rps p50 p99 status socket <<<"$result"
  local hwm
  hwm=$(awk '/^VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$server/status")
  local vs_static="" vs_sqlite=""
  if [ -n "${base_rps[static]:-}" ]; then vs_static=$(awk -v a="$rps" -v b="${base_rps[static]}" 'BEGIN { printf "%.3f", a / b }'); fi
  if [ -n "${base_rps[sqlite]:-}" ]; then vs_sqlite=$(awk -v a="$rps" -v b="${base_rps[sqlite]}" 'BEGIN { printf "%.3f", a / b }'); fi
  rows+=("| $store | $phase | $rps | $p50 | $p99 | $status | $socket | $requests | $hwm | $vs_static | $vs_sqlite |")
  echo "  $store $phase: $rps req/s, p50 $p50 ms, p99 $p99 ms, non-2xx $status, socket errors $socket, peak RSS $hwm MB" >&2
  last_rps=$rps
}

# Samples of the seeded customers for the scripts: ids, ids of customers in a group, emails.
samples() {
  local store=$1 database=$2 query
  local tenant="organization_id = (SELECT id FROM organizations WHERE slug = 'bench') AND mode = 'test'"
  for what in ids grouped emails; do
    case $what in
      ids) query="SELECT id FROM customers WHERE $tenant ORDER BY random() LIMIT 2000" ;;
      grouped) query="SELECT id FROM customers WHERE $tenant AND customer_group_id IS NOT NULL ORDER BY random() LIMIT 2000" ;;
      emails) query="SELECT email FROM customers WHERE $tenant ORDER BY random() LIMIT 2000" ;;
    esac
    if [ "$store" = sqlite ]; then sqlite3 "$database" "$query" >"$tmp/$store-$what.txt"
    else psql -h 127.0.0.1 -p "$PGPORT" -U postgres -d bench -Atc "$query" >"$tmp/$store-$what.txt"; fi
  done
  export IDS="$tmp/$store-ids.txt" GROUPED_IDS="$tmp/$store-grouped.txt" EMAILS="$tmp/$store-emails.txt"
}

# Creates the organization, two applications and the customers; prints the seed summary.
# (Their log goes to admin.log, shown only on failure: the first command logs a failed connection to the database
# that it then creates, which is expected.)
prepare() {
  local database=$1
  {
    clientele organizations create --slug bench --name Bench --database "$database" >/dev/null &&
    clientele applications create --organization bench --kind integration --name bench --json --database "$database" >"$tmp/integration.json" &&
    clientele applications create --organization bench --kind sales_channel --name bench-shop --json --database "$database" >"$tmp/sales-channel.json" &&
    clientele seed --organization bench --customers "$customers" --database "$database"
  } 2>"$tmp/admin.log" || { cat "$tmp/admin.log" >&2; exit 1; }
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)

for store in $stores; do
  case $store in
    sqlite) database="sqlite:$tmp/bench.db" ;;
    postgres)
      eval "$(scripts/pg-start.sh | tr ' ' '\n' | grep '^PGTMP=')"
      psql -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -qc "ALTER SYSTEM SET log_checkpoints = on" \
        -c "ALTER SYSTEM SET log_autovacuum_min_duration = 0" -c "ALTER SYSTEM SET log_min_duration_statement = 200" \
        -c "ALTER SYSTEM SET log_line_prefix = '%m [%p] '" -c "SELECT pg_reload_conf()" >/dev/null
      database="postgres://postgres@127.0.0.1:$PGPORT/bench" ;;
    *) echo "unknown store $store" >&2; exit 2 ;;
  esac
  echo "$store: seeding $customers customers..." >&2
  prepare "$database" | sed 's/^/  /' >&2
  samples "$store" "${database#sqlite:}"

  if [ "$store" = sqlite ] && [ -z "${base_rps[static]:-}" ]; then
    echo "baselines:" >&2
    start_pinned "http://127.0.0.1:$base_port/baseline/static" \
      dotnet "$tmp/bench/Clientele.Bench.dll" --baseline --port "$base_port" --sqlite "$tmp/bench.db"
    run_phase baseline "bare endpoint, fixed JSON:API document" baseline_static "http://127.0.0.1:$base_port"
    base_rps[static]=$last_rps
    run_phase baseline "bare endpoint, raw SQLite primary-key read" baseline_sqlite "http://127.0.0.1:$base_port"
    base_rps[sqlite]=$last_rps
    stop_server
    # The password phases' yardstick: the server's own hash, on one thread of the same core.
    hash=$(taskset -c 0 dotnet "$tmp/bench/Clientele.Bench.dll" --hash-rate --iterations "${PASSWORD_ITERATIONS:-100000}" --seconds 10 | grep '^RESULT ')
    read -r _r hashes hash_seconds hash_rate <<<"$hash"
    rows+=("| baseline | one password hash per core (hashes/s, no HTTP) | $hash_rate | | | | | $hashes | | | |")
    echo "  baseline password hashes on one core: $hash_rate/s" >&2
  fi

  start_pinned "http://127.0.0.1:$port/health" dotnet "$tmp/api/Clientele.dll" serve --urls "http://127.0.0.1:$port" --database "$database" \
    --Clientele:RateLimits:Enabled=false --Clientele:LoginThrottle:Enabled=false --Logging:LogLevel:Default=Warning \
    ${PASSWORD_ITERATIONS:+--Clientele:PasswordIterations=$PASSWORD_ITERATIONS}
  base="http://127.0.0.1:$port"
  export CLIENT_ID CLIENT_SECRET SALES_CHANNEL_ID TOKEN USERNAME PASSWORD
  CLIENT_ID=$(jq -r .client_id "$tmp/integration.json")
  CLIENT_SECRET=$(jq -r .client_secret "$tmp/integration.json")
  SALES_CHANNEL_ID=$(jq -r .client_id "$tmp/sales-channel.json")
  TOKEN=$(curl -sf "$base/oauth/token" -H 'Content-Type: application/json' \
    -d "{\"grant_type\":\"client_credentials\",\"client_id\":\"$CLIENT_ID\",\"client_secret\":\"$CLIENT_SECRET\"}" | jq -r .access_token)
  USERNAME="bench.login.$RANDOM$RANDOM@example.com"
  PASSWORD="correct-horse-battery-staple"
  curl -sf -o /dev/null "$base/api/customers" -H 'Content-Type: application/vnd.api+json' -H 'Accept: application/vnd.api+json' \
    -H "Authorization: Bearer $TOKEN" \
    -d "{\"data\":{\"type\":\"customers\",\"attributes\":{\"email\":\"$USERNAME\",\"password\":\"$PASSWORD\"},\"relationships\":{}}}"

  run_phase "$store" "token (client_credentials)" token "$base"
  run_phase "$store" "token (password grant)" password "$base"
  run_phase "$store" "create customer" create "$base"
  run_phase "$store" "create customer with password" create_password "$base"
  run_phase "$store" "retrieve by id" retrieve "$base"
  run_phase "$store" "retrieve, include=customer_group" retrieve_include "$base"
  run_phase "$store" "list email_eq" list_email_eq "$base"
  run_phase "$store" "list status_eq, sort=-created_at, page 2" list_status_sort "$base"
  run_phase "$store" "list metadata_jcont" list_metadata_jcont "$base"
  run_phase "$store" "list email_cont" list_email_cont "$base"
  stop_server
  if [ "$store" = postgres ]; then stop_postgres; fi
done

mkdir -p bench/results
file="bench/results/bench-$stamp.md"
{
  echo "# Clientele HTTP benchmark, $started"
  echo
  echo "- Command: \`scripts/bench.sh $customers $seconds\` (WARMUP=$warmup, CONNECTIONS=$connections, STORES=\"$stores\")"
  echo "- $customers seeded customers per store; each phase: ${warmup} s warm-up, then ${seconds} s of \`taskset -c 1 wrk -t1 -c$connections --latency\`"
  echo "- Server (and baselines) pinned to CPU 0 with \`taskset -c 0\`, Release build, rate limits and login throttle off, log level Warning, password iterations ${PASSWORD_ITERATIONS:-100000 (default)}; PostgreSQL not pinned"
  echo "- Machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load average $load_before before and $(cut -d' ' -f1-3 /proc/loadavg) after"
  echo "- Commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (with local changes)')"
  echo
  echo "| store | phase | req/s | p50 ms | p99 ms | non-2xx | socket errors | requests | peak RSS MB | × bare endpoint | × SQLite read |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "× columns: the phase's req/s divided by the baseline's (bare endpoint with a fixed document; bare endpoint with one raw SQLite primary-key read)."
  echo "Peak RSS is the server's VmHWM, reset before each phase (after its warm-up)."
} >"$file"
cat "$file"
echo "written to $file" >&2
