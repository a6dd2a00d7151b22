#!/usr/bin/env bash
# Installs the interop peers the tests start as separate processes:
#   - a Python venv (wire-tests/.venv) with pyarrow, grpcio, h2 and pandas
#   - the Arrow Java flight-core 18.3.0 peer (wire-tests/java-peer, its own classpath)
#   - the Flight SQL peers: the Arrow Flight SQL JDBC driver 18.3.0 and ADBC's Java Flight SQL
#     driver 0.20.0 (wire-tests/sql-peer, a class path each)
#   - Node's @grpc/grpc-js for the raw gRPC client (wire-tests/raw/node_modules)
#   - as root: nftables and iproute2 for the network-fault suite
# Idempotent: each step is skipped when its result is already there.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"

# Python peers. The machine's pip reads packages from a local index; point pip at it directly
# when present so an unreachable default index costs no retries.
if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import pyarrow.flight, grpc, h2, pandas' 2>/dev/null; then
  echo "wire-tests: creating Python venv with pyarrow, grpcio, h2, pandas"
  python3 -m venv .venv
  pip_args=(-q)
  if [ -d /opt/pypi/simple ]; then
    pip_args+=(--index-url file:///opt/pypi/simple)
  fi
  .venv/bin/pip install "${pip_args[@]}" 'pyarrow>=25,<26' grpcio h2 pandas
fi

# openssl generates the throw-away TLS certificates (certs/gen.sh) the TLS tests use.
if ! command -v openssl >/dev/null; then
  echo "wire-tests: installing openssl"
  sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  $sudo apt-get install -y -q openssl >/dev/null
fi

# nftables drops packets for the network-fault suite (NetworkChaosTest), which also needs iproute2
# (`ip netns`, veth). That suite runs only as root (it skips itself otherwise), so they are
# installed only then.
if [ "$(id -u)" = 0 ]; then
  if ! command -v nft >/dev/null; then
    echo "wire-tests: installing nftables"
    apt-get install -y -q nftables >/dev/null
  fi
  if ! command -v ip >/dev/null; then
    echo "wire-tests: installing iproute2"
    apt-get install -y -q iproute2 >/dev/null
  fi
fi

# Arrow Java peer (rebuilt when its sources changed).
if [ ! -f java-peer/target/peer.classpath ] || [ ! -d java-peer/target/classes ] \
    || [ -n "$(find java-peer/src java-peer/pom.xml -newer java-peer/target/peer.classpath 2>/dev/null)" ]; then
  echo "wire-tests: building the Arrow Java flight-core peer"
  mvn -B -q -f java-peer/pom.xml package dependency:build-classpath -Dmdep.outputFile=target/peer.classpath
fi

# Flight SQL peers (rebuilt when their sources changed).
if [ ! -f sql-peer/target/jdbc.classpath ] || [ ! -f sql-peer/target/adbc.classpath ] \
    || [ ! -d sql-peer/target/classes ] \
    || [ -n "$(find sql-peer/src sql-peer/pom.xml -newer sql-peer/target/adbc.classpath 2>/dev/null)" ]; then
  echo "wire-tests: building the Flight SQL JDBC driver and ADBC peers"
  mvn -B -q -f sql-peer/pom.xml package
fi

# Node raw gRPC client.
if [ ! -d raw/node_modules/@grpc/grpc-js ]; then
  echo "wire-tests: installing @grpc/grpc-js"
  (cd raw && npm ci --no-audit --no-fund --loglevel=error)
fi
echo "wire-tests: peers ready"
