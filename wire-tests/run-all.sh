#!/usr/bin/env bash
# Runs every test: installs the interop peers, then the Maven build with unit, in-process and
# wire (real peer) tests, then the Spark connector's build and tests (it builds on the library
# installed into the local Maven repository by the first build). This is what .ci/run calls.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bash "$root/wire-tests/setup.sh"
cd "$root"
mvn -B install
mvn -B -f spark/pom.xml verify
