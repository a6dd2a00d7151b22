#!/usr/bin/env bash
# The Spark fleet benchmark (BENCHMARKS.md, "Spark reading a fleet"): builds what it needs, then
# runs SparkFleetBenchmark with the data in WORKDIR (default /tmp/flightwire-fleet-bench; the
# shape-a files and their Parquet copy are kept there for the next run).
#   bash spark/bench/fleet_bench.sh [--mib-per-endpoint N] [--reps N]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="${FLEET_BENCH_DIR:-/tmp/flightwire-fleet-bench}"
mkdir -p "$work"
cd "$root"
mvn -B -q -Pbench -DskipTests install
mvn -B -q -f spark/pom.xml -DskipTests install
mvn -B -q -f spark/tests/pom.xml dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$work/classpath.txt"
java -Xmx4g -XX:+IgnoreUnrecognizedVMOptions --add-opens=java.base/java.lang=ALL-UNNAMED \
  --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED \
  --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED \
  --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED \
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED \
  --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
  --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED \
  --add-opens=java.base/sun.util.calendar=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false \
  -Dio.netty.tryReflectionSetAccessible=true \
  -cp "spark/tests/target/test-classes:$(cat "$work/classpath.txt")" \
  dev.flightwire.spark.SparkFleetBenchmark "$work" "$root/target/flightwire.jar" "$root/target/benchmarks.jar" "$@"
