#!/usr/bin/env bash
# A throwaway PostgreSQL server for the store tests (recipe: ../shared/INFRA.md).
#
#   source scripts/postgres.sh   # exports STORYLINE_TEST_POSTGRES
#   bash scripts/postgres.sh     # prints the URL
#
# Installs Debian's postgresql when it is missing and apt-get can (root),
# runs initdb in a temporary folder, starts the server on 127.0.0.1 (port
# $STORYLINE_PG_PORT, default 55432), creates the database with unaccent.
# Never fails: when anything is missing it says why, exports nothing, and
# the PostgreSQL tests skip with that reason.

_storyline_pg() {
  # Sourced from a `set -euo pipefail` script: these options stay local here.
  local -
  set +eu +o pipefail
  local port="${STORYLINE_PG_PORT:-55432}"
  local dir="${STORYLINE_PG_DIR:-${TMPDIR:-/tmp}/storyline-pg-$port}"
  local url="postgresql://app@127.0.0.1:$port/storyline"
  local log="${TMPDIR:-/tmp}/storyline-postgres.log"
  local bin as=()

  bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  if [ -z "$bin" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      if (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >"$log" 2>&1; then
        echo "installed postgresql for the store tests"
        bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
      fi
    fi
  fi
  if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    echo "postgresql is missing and could not be installed (see $log): the PostgreSQL store tests will skip"
    return 0
  fi
  # initdb refuses root: run the server as the postgres user then.
  if [ "$(id -u)" = 0 ]; then
    if ! id postgres >/dev/null 2>&1; then
      echo "running as root without a postgres user: the PostgreSQL store tests will skip"
      return 0
    fi
    as=(runuser -u postgres --)
  fi
  # A server left by an earlier run whose process was killed can leave its
  # lock file and port behind: then start a fresh one in a new folder on the
  # next port (a few tries), since the data is throwaway.
  local try started=""
  for try in 0 1 2 3; do
    if [ "$try" -gt 0 ]; then
      port=$((port + 1))
      dir="$(mktemp -d "${TMPDIR:-/tmp}/storyline-pg-XXXXXX")"
      url="postgresql://app@127.0.0.1:$port/storyline"
    fi
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    if "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" 2>/dev/null; then
      started=1
      break
    fi
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      if ! "${as[@]}" "$bin/initdb" -D "$dir/data" -U app --auth=trust -E UTF8 --locale=C.UTF-8 >>"$log" 2>&1; then
        echo "initdb failed (see $log): the PostgreSQL store tests will skip"
        return 0
      fi
    fi
    if "${as[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off" start >>"$log" 2>&1; then
      started=1
      break
    fi
  done
  if [ -z "$started" ]; then
    echo "could not start postgresql (see $log and $dir/server.log): the PostgreSQL store tests will skip"
    return 0
  fi
  local psql=("$bin/psql" -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U app)
  if ! "${psql[@]}" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'storyline'" 2>>"$log" | grep -q 1; then
    "${psql[@]}" -d postgres -c "CREATE DATABASE storyline" >>"$log" 2>&1
  fi
  if ! "${psql[@]}" -d storyline -c "CREATE EXTENSION IF NOT EXISTS unaccent" >>"$log" 2>&1; then
    echo "could not prepare the database (see $log): the PostgreSQL store tests will skip"
    return 0
  fi
  export STORYLINE_TEST_POSTGRES="$url"
  echo "PostgreSQL for the store tests: STORYLINE_TEST_POSTGRES=$url"
}
_storyline_pg
unset -f _storyline_pg
# Sourced or run, never fail the caller.
true
