#!/usr/bin/env bash
# Stops a server started by pg-start.sh and removes its folder: scripts/pg-stop.sh PGTMP
set -euo pipefail
PGTMP=${1:?usage: pg-stop.sh PGTMP}
[ -f "$PGTMP/data/postmaster.pid" ] || { rm -rf "$PGTMP"; exit 0; }
command -v pg_ctl >/dev/null || PATH="$PATH:$(pg_config --bindir 2>/dev/null || ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
AS=()
[ "$(id -u)" = 0 ] && AS=(runuser -u postgres --)
"${AS[@]}" pg_ctl -D "$PGTMP/data" -m fast -w stop >/dev/null 2>&1 || true
rm -rf "$PGTMP"
