#!/usr/bin/env bash
# Runs the Arrow Java (flight-core 19.0.0) bench peer of ../BENCH-CONTRACT.md.
#   run.sh server --port P
#   run.sh client --host H --port P --op get|put|info --shape a|b|c [--streams N] [--threads N]
#                 [--calls N] --reps R --warmup W
# Builds first when target/bench.classpath or target/classes is missing or older than the sources.
# JVM flags, the same for server and client: $BENCH_JAVA_OPTS, default "-Xms256m -Xmx2g".
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ $# -lt 1 ]; then
  echo "usage: $0 server|client ARGS..." >&2
  exit 2
fi
role="$1"; shift
case "$role" in
  server) main=dev.flightwire.bench.java19.BenchServer ;;
  client) main=dev.flightwire.bench.java19.BenchClient ;;
  *) echo "usage: $0 server|client ARGS..." >&2; exit 2 ;;
esac

needs_build() {
  [ ! -f "$here/target/bench.classpath" ] || [ ! -d "$here/target/classes" ] && return 0
  [ -n "$(find "$here/pom.xml" "$here/src" -newer "$here/target/bench.classpath" -print -quit)" ]
}

if needs_build; then
  mkdir -p "$here/target"
  # Serialize concurrent first runs (server and client started together).
  exec 9>"$here/target/.build.lock"
  flock 9
  if needs_build; then
    log="$(mktemp)"
    if ! (cd "$here" && mvn -B -q -Dstyle.color=never -f pom.xml package \
        dependency:build-classpath -Dmdep.outputFile=target/bench.classpath) >"$log" 2>&1; then
      cat "$log" >&2
      rm -f "$log"
      echo "run.sh: building the Java 19 bench peer failed" >&2
      exit 3
    fi
    rm -f "$log"
    touch "$here/target/bench.classpath"
  fi
  flock -u 9
  exec 9>&-
fi

# shellcheck disable=SC2086
exec java ${BENCH_JAVA_OPTS:--Xms256m -Xmx2g} \
  --add-opens=java.base/java.nio=ALL-UNNAMED \
  -Dio.netty.tryReflectionSetAccessible=true \
  -Darrow.allocation.manager.type=Netty \
  -cp "$here/target/classes:$(cat "$here/target/bench.classpath")" "$main" "$@"
