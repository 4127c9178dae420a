# Sourced by .ci/run: a throwaway PostgreSQL cluster for the tests that need a real server. postgres_start exports
# CIVIC311_POSTGRES (the Npgsql connection string tests/Shared/PostgreSql reads); postgres_stop stops the server and
# deletes its directory. Nothing here touches a cluster the machine already runs.

# Prints the directory holding initdb, pg_ctl and postgres: Debian's newest /usr/lib/postgresql/<major>/bin (none of
# them is on the PATH there), else the PATH's. The root is a parameter so that a "not installed" machine can be tried.
postgres_bindir() {
  local root=${1:-/usr/lib/postgresql} dir tool
  for dir in $(ls -d "$root"/*/bin 2>/dev/null | sort -V -r) "$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/initdb)")"; do
    for tool in initdb pg_ctl postgres; do
      [ -x "$dir/$tool" ] || continue 2
    done
    echo "$dir"
    return 0
  done
  return 1
}

# Debian's server package, non-interactively (CI runs as root).
postgres_install() {
  echo "CI: PostgreSQL is not installed; installing Debian's postgresql package" >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql >&2
}

# initdb and postgres refuse to run as root: run them as the postgres user then, from a directory it may enter.
postgres_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    (cd "$POSTGRES_DIR" && runuser -u postgres -- "$@")
  else
    (cd "$POSTGRES_DIR" && "$@")
  fi
}

# postgres_start BINDIR: a new cluster in a new temporary directory, on 127.0.0.1 only, on a free port, trusting
# loopback connections (nothing else can connect), with its socket in that directory rather than the system's.
postgres_start() {
  local bin=$1 port attempt
  POSTGRES_DIR=$(mktemp -d "${TMPDIR:-/tmp}/civic311-pg.XXXXXX") || return 1
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$POSTGRES_DIR" || return 1
  fi
  # --no-sync: a throwaway cluster needs no flush at creation; the server itself keeps fsync on, as in production.
  postgres_as_owner "$bin/initdb" -D "$POSTGRES_DIR/data" --auth=trust --username=postgres --encoding=UTF8 --locale=C \
    --no-sync --no-instructions > "$POSTGRES_DIR/initdb.log" 2>&1 || { cat "$POSTGRES_DIR/initdb.log" >&2; return 1; }
  # Parallel test classes each hold a few pooled connections.
  cat >> "$POSTGRES_DIR/data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$POSTGRES_DIR'
max_connections = 200
EOF
  # A port that nothing answers on now; another process can still take it first, so a failed start tries another.
  for attempt in 1 2 3 4 5; do
    port=$((20000 + RANDOM % 40000))
    if (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null; then
      continue
    fi
    if postgres_as_owner "$bin/pg_ctl" -D "$POSTGRES_DIR/data" -l "$POSTGRES_DIR/server.log" -o "-p $port" -w -t 60 start > /dev/null; then
      POSTGRES_BIN=$bin
      export CIVIC311_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
      echo "CI: PostgreSQL $("$bin/postgres" --version | grep -oE '[0-9]+(\.[0-9]+)*' | head -1) on 127.0.0.1:$port" >&2
      return 0
    fi
  done
  [ -f "$POSTGRES_DIR/server.log" ] && tail -n 20 "$POSTGRES_DIR/server.log" >&2
  return 1
}

# The server log's tail, to read beside failed tests.
postgres_log_tail() {
  [ -f "${POSTGRES_DIR:-}/server.log" ] && { echo "CI: the last lines of the PostgreSQL server log:" >&2; tail -n 40 "$POSTGRES_DIR/server.log" >&2; }
  return 0
}

# Silent, so that the summary stays the last line CI prints.
postgres_stop() {
  [ -n "${POSTGRES_DIR:-}" ] && [ -d "$POSTGRES_DIR" ] || return 0
  if [ -n "${POSTGRES_BIN:-}" ] && [ -f "$POSTGRES_DIR/data/postmaster.pid" ]; then
    postgres_as_owner "$POSTGRES_BIN/pg_ctl" -D "$POSTGRES_DIR/data" -m fast -w -t 60 stop > /dev/null 2>&1
  fi
  rm -rf "$POSTGRES_DIR"
  POSTGRES_DIR=
}
