#!/usr/bin/env bash
# Runs a Flight SQL client peer (see README.md) against a server on localhost:
#   run.sh jdbc --port P [--host H] [--user U --password W] [--check NAME]... | --list
#   run.sh adbc --port P [--host H] [--user U --password W] [--check NAME]... | --list
# Each peer runs in its own JVM on its own class path. Builds the peers first when missing.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ $# -lt 1 ]; then
  echo "usage: $0 jdbc|adbc ARGS..." >&2
  exit 2
fi
role="$1"; shift
case "$role" in
  jdbc) main=dev.flightwire.sqlpeer.JdbcPeer; cp_file="$here/target/jdbc.classpath" ;;
  adbc) main=dev.flightwire.sqlpeer.AdbcPeer; cp_file="$here/target/adbc.classpath" ;;
  *) echo "usage: $0 jdbc|adbc ARGS..." >&2; exit 2 ;;
esac
if [ ! -f "$cp_file" ] || [ ! -d "$here/target/classes" ]; then
  log="$(mktemp)"
  if ! (cd "$here" && mvn -B -q -Dstyle.color=never -f pom.xml package) >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    echo "run.sh: building the Flight SQL peers failed" >&2
    exit 3
  fi
  rm -f "$log"
fi
exec java --add-opens=java.base/java.nio=ALL-UNNAMED \
  -Dio.netty.tryReflectionSetAccessible=true \
  -cp "$here/target/classes:$(cat "$cp_file")" "$main" "$@"
