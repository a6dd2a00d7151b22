#!/usr/bin/env bash
# Runs the Arrow Java (flight-core 18.3.0) conformance peer.
#   run.sh server --port 0 [--data-dir D]
#   run.sh client --port P [--host H] [--data-dir D] [--check NAME]... | --list
#   run.sh auth basic-server|basic-client|header-server|header-client --port P
#   run.sh tls server|client ARGS...            (TlsPeer; see README.md)
#   run.sh middleware server|client|cookie-client --port P   (MiddlewarePeer)
#   run.sh integration server -port 0 [-scenario NAME]      (IntegrationPeer; Arrow harness style)
#   run.sh integration client [-host H] -port P (-scenario NAME | -j FILE.json [-j FILE.json ...])
#   run.sh integration client [-host H] -scenario NAME -port P [-scenario NAME -port P ...]
#   run.sh sql-example server --port 0          (Arrow's FlightSqlExample on Derby; SqlExamplePeer)
# Builds the peer first when target/peer.classpath is missing.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ $# -lt 1 ]; then
  echo "usage: $0 server|client|auth|tls|middleware|integration|sql-example ARGS..." >&2
  exit 2
fi
role="$1"; shift
case "$role" in
  server) main=dev.flightwire.peer.PeerServer ;;
  client) main=dev.flightwire.peer.PeerClient ;;
  auth) main=dev.flightwire.peer.AuthPeer ;;
  tls) main=dev.flightwire.peer.TlsPeer ;;
  middleware) main=dev.flightwire.peer.MiddlewarePeer ;;
  integration) main=dev.flightwire.peer.IntegrationPeer ;;
  sql-example) main=dev.flightwire.peer.SqlExamplePeer ;;
  *) echo "usage: $0 server|client|auth|tls|middleware|integration|sql-example ARGS..." >&2; exit 2 ;;
esac
if [ ! -f "$here/target/peer.classpath" ] || [ ! -d "$here/target/classes" ]; then
  log="$(mktemp)"
  if ! (cd "$here" && mvn -B -q -Dstyle.color=never -f pom.xml package \
      dependency:build-classpath -Dmdep.outputFile=target/peer.classpath) >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    echo "run.sh: building the Java peer failed" >&2
    exit 3
  fi
  rm -f "$log"
fi
exec java --add-opens=java.base/java.nio=ALL-UNNAMED \
  -Dio.netty.tryReflectionSetAccessible=true \
  -cp "$here/target/classes:$(cat "$here/target/peer.classpath")" "$main" "$@"
