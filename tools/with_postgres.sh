#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL 15 cluster in a temporary directory, then stop it.
# Usage: tools/with_postgres.sh COMMAND [ARGS…]   (DATABASE_URL is exported for COMMAND)
# The test suite trades durability for speed (fsync off). Benchmarks set JISR_PG_DURABLE=1 to keep
# PostgreSQL's durable defaults, and JISR_PG_SETTINGS to tune it as production would, for example
#   JISR_PG_DURABLE=1 JISR_PG_SETTINGS="-c shared_buffers=4GB" tools/with_postgres.sh …
set -euo pipefail
pg_bin=/usr/lib/postgresql/15/bin
[ -x "$pg_bin/initdb" ] || { echo "PostgreSQL 15 is not installed (apt-get install -y postgresql)" >&2; exit 1; }

workdir=$(mktemp -d /tmp/jisr-pg.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
as_owner=()
if [ "$(id -u)" -eq 0 ]; then
  # initdb refuses to run as root: the cluster belongs to Debian's postgres user.
  chown postgres "$workdir"
  as_owner=(runuser -u postgres --)
fi

stop_cluster() {
  "${as_owner[@]}" "$pg_bin/pg_ctl" -D "$workdir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$workdir"
}
trap stop_cluster EXIT

"${as_owner[@]}" "$pg_bin/initdb" -D "$workdir/data" -U jisr --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
settings="-c listen_addresses=127.0.0.1 -p $port -k $workdir -c max_connections=200"
if [ -z "${JISR_PG_DURABLE:-}" ]; then
  settings="$settings -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
fi
"${as_owner[@]}" "$pg_bin/pg_ctl" -D "$workdir/data" -l "$workdir/server.log" -w \
  -o "$settings ${JISR_PG_SETTINGS:-}" start >/dev/null
"${as_owner[@]}" "$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U jisr jisr

export DATABASE_URL="postgres://jisr@127.0.0.1:$port/jisr"
echo "PostgreSQL 15 running for this command at 127.0.0.1:$port ($workdir)${JISR_PG_DURABLE:+, durable}${JISR_PG_SETTINGS:+ $JISR_PG_SETTINGS}"
"$@"
