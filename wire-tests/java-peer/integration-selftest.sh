#!/usr/bin/env bash
# Plays every integration scenario and JSON file with the Java peer on both sides:
#   integration-selftest.sh [NAME_OR_FILE.json ...]
# Default: all scenarios of IntegrationPeer, then src/test-data/integration/*.json.
# Each pair: "run.sh integration server -port 0 [-scenario NAME]" (stopped by closing its stdin),
# then "run.sh integration client -port P (-scenario NAME | -j FILE)". Exits 1 if any pair fails.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
run="$here/run.sh"
scenarios=(auth:basic_proto middleware ordered expiration_time:do_get
  expiration_time:list_actions expiration_time:cancel_flight_info
  expiration_time:renew_flight_endpoint poll_flight_info app_metadata_flight_info_endpoint
  do_exchange:echo location:reuse_connection session_options flight_sql flight_sql:extension
  flight_sql:ingestion)
if [ $# -gt 0 ]; then
  items=("$@")
else
  items=("${scenarios[@]}" "$here"/src/test-data/integration/*.json)
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failed=0
for item in "${items[@]}"; do
  if [[ "$item" == *.json ]]; then
    server_args=()
    client_args=(-j "$item")
  else
    server_args=(-scenario "$item")
    client_args=(-scenario "$item")
  fi
  mkfifo "$work/stdin"
  "$run" integration server -port 0 "${server_args[@]}" <"$work/stdin" >"$work/out" 2>"$work/err" &
  server_pid=$!
  exec 3>"$work/stdin"   # the server runs until this is closed
  port=""
  for _ in $(seq 1 300); do
    line="$(head -n 1 "$work/out" 2>/dev/null)"
    if [[ "$line" == "Server listening on localhost:"* ]]; then
      port="${line##*:}"
      break
    fi
    if ! kill -0 "$server_pid" 2>/dev/null; then
      break
    fi
    sleep 0.1
  done
  if [ -z "$port" ]; then
    echo "FAIL $item: the server did not start: $(head -c 2000 "$work/err")"
    failed=1
  elif ! "$run" integration client -host localhost -port "$port" "${client_args[@]}"; then
    failed=1
  fi
  exec 3>&-
  wait "$server_pid" 2>/dev/null
  rm -f "$work/stdin" "$work/out" "$work/err"
done
exit $failed
