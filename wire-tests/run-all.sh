#!/usr/bin/env bash
# Runs every test: installs the interop peers, then the Maven build with unit, in-process and
# wire (real peer) tests. This is what .ci/run calls.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bash "$root/wire-tests/setup.sh"
cd "$root"
mvn -B verify
