#!/usr/bin/env bash
# Starts a throwaway PostgreSQL on 127.0.0.1:$PGPORT in a temp folder and prints "PGTMP=... PGPORT=... PID=...".
# As root it runs the server as the 'postgres' user (initdb refuses root). Stop it with scripts/pg-stop.sh PGTMP.
set -euo pipefail
PGPORT=${PGPORT:-55432}
if ! command -v initdb >/dev/null; then
  bindir=$(pg_config --bindir 2>/dev/null || true)
  [ -x "$bindir/initdb" ] || bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  PATH="$PATH:$bindir"
fi
command -v initdb >/dev/null || { echo "pg-start: PostgreSQL server binaries (initdb, pg_ctl) not found" >&2; exit 1; }
PGTMP=$(mktemp -d -t clientele-pg.XXXXXX)
AS=()
if [ "$(id -u)" = 0 ]; then
  id -u postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  chown postgres: "$PGTMP"
  AS=(runuser -u postgres --)
fi
"${AS[@]}" initdb -D "$PGTMP/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >"$PGTMP/initdb.log" 2>&1
# fsync and friends are off: this server holds test data only and is thrown away.
"${AS[@]}" pg_ctl -D "$PGTMP/data" -l "$PGTMP/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGTMP -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
  start >/dev/null
echo "PGTMP=$PGTMP PGPORT=$PGPORT PID=$(head -1 "$PGTMP/data/postmaster.pid")"
