#!/usr/bin/env bash
# Start a throwaway PostgreSQL server on loopback and print its DATABASE_URL.
# Installs the server with apt when it is missing. Used by .ci/run and by developers:
#   eval "$(scripts/postgres.sh start)"   ...   scripts/postgres.sh stop
set -euo pipefail
DATA=${PGTEST_DIR:-/tmp/dialogues-pg}
PORT=${PGTEST_PORT:-54329}

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$dir" ] && echo "$dir"
}

install_server() {
  if [ -z "$(pg_bin)" ] || [ ! -x "$(pg_bin)/initdb" ]; then
    echo "Installing PostgreSQL with apt..." >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  fi
}

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  install_server
  local bin; bin=$(pg_bin)
  if ! as_postgres "$bin/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
    rm -rf "$DATA"; mkdir -p "$DATA"
    [ "$(id -u)" = 0 ] && chown postgres "$DATA"
    as_postgres "$bin/initdb" -D "$DATA" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
    # fsync=off: a throwaway server. random_page_cost=1.1: as the README advises for production
    # (data in memory or on SSD), so the benchmark and the tests plan as a deployment does.
    as_postgres "$bin/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w \
      -o "-p $PORT -k $DATA -c listen_addresses=127.0.0.1 -c fsync=off -c random_page_cost=1.1" \
      start >/dev/null
    as_postgres "$bin/createdb" -h 127.0.0.1 -p "$PORT" -U postgres dialogues_test
  fi
  echo "export TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:$PORT/dialogues_test"
}

stop() {
  local bin; bin=$(pg_bin) || exit 0
  as_postgres "$bin/pg_ctl" -D "$DATA" -m fast stop >/dev/null 2>&1 || true
}

"${1:-start}"
