#!/usr/bin/env python3
"""Download-only speed of the demo service against the pyarrow keep server, pyarrow client streaming.

demo_roundtrip.py times whole round trips, and its pyarrow client's read_all faults in a fresh 1 GiB
per download, which on this VM swings single runs by 2x and more. This script isolates the servers'
download side: both servers (the same two, started the same way) get one upload of 1 GiB of shape a
from the pyarrow client; the demo then serves --warm untimed downloads (its JIT compiles the DoGet
path: without them the demo's C2 compiler still took a third of its CPU after a dozen downloads);
then --reps repetitions each download from both servers, the order alternating, reading chunk by
chunk and dropping each chunk (no table is built, so the client reuses the memory it just freed).
The first 2 repetitions are not reported.

With --fresh, every download is instead a new pyarrow process that connects, asks GetFlightInfo and
reads the whole stream with read_all(), as a one-off user script does. Only the DoGet is timed:
the process reports its own wall and CPU seconds for it, and waits after GetFlightInfo until this
script has read the server's CPU (counted from there until the process exits), so interpreter
start, imports, connecting and GetFlightInfo are left out. A fresh process has no freed memory to reuse, so these figures include faulting in the
received data.

For each server it prints the median GB/s (2^30 bytes / s / 1e9), and per download the median
seconds of wall time, of the client's CPU (the downloading process: user + system) and of the
server's CPU (its process tree, from /proc): a client busy for a smaller share of the wall time is
waiting for the server.

Usage (after `bash wire-tests/setup.sh` and `mvn -B -Pbench -DskipTests package`):
    wire-tests/.venv/bin/python wire-tests/bench/demo_download.py [--reps 18] [--warm 30] [--fresh]
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

import pyarrow.flight as flight

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "python"))
import demo_roundtrip as rt  # noqa: E402  (the servers, JVM flags and the upload)
import shapes  # noqa: E402
from compare import tree_cpu  # noqa: E402


def download(server):
    """(wall s, client CPU s, server CPU s) of one DoGet of the upload, read chunk by chunk."""
    info = server.client.get_flight_info(flight.FlightDescriptor.for_path(*rt.PATH))
    server_cpu, client = tree_cpu(server.proc.pid), os.times()
    start = time.perf_counter()
    rows = 0
    for chunk in server.client.do_get(info.endpoints[0].ticket):
        rows += chunk.data.num_rows
    wall = time.perf_counter() - start
    after = os.times()
    if rows != shapes.ROWS["a"] * shapes.BATCHES["a"]:
        raise RuntimeError(f"{server.name}: downloaded {rows} rows")
    return wall, (after.user - client.user) + (after.system - client.system), tree_cpu(server.proc.pid) - server_cpu


# a one-off client: connect, GetFlightInfo, say "ready" and wait for a line on stdin, read_all;
# prints "rows wall_s cpu_s" of the DoGet
FRESH_CLIENT = """
import os, sys, time
import pyarrow.flight as flight
client = flight.connect(sys.argv[1])
info = client.get_flight_info(flight.FlightDescriptor.for_path(*sys.argv[2:]))
print("ready", flush=True)
sys.stdin.readline()
cpu, start = os.times(), time.perf_counter()
table = client.do_get(info.endpoints[0].ticket).read_all()
wall, after = time.perf_counter() - start, os.times()
print(table.num_rows, wall, (after.user - cpu.user) + (after.system - cpu.system))
"""


def download_fresh(server):
    """(wall s, client CPU s, server CPU s) of one read_all DoGet by a new pyarrow process."""
    child = subprocess.Popen([rt.PY, "-c", FRESH_CLIENT, server.uri, *rt.PATH], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        if child.stdout.readline().strip() != "ready":
            raise RuntimeError(f"{server.name}: the fresh client failed before its DoGet:\n{child.stderr.read()}")
        server_cpu = tree_cpu(server.proc.pid)
        child.stdin.write("go\n")
        child.stdin.flush()
        out, err = child.communicate(timeout=600)
        server_cpu = tree_cpu(server.proc.pid) - server_cpu
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    if child.returncode != 0:
        raise RuntimeError(f"{server.name}: the fresh client failed:\n{err}")
    out = out.split()
    if int(out[0]) != shapes.ROWS["a"] * shapes.BATCHES["a"]:
        raise RuntimeError(f"{server.name}: downloaded {out[0]} rows")
    return float(out[1]), float(out[2]), server_cpu


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=18)
    ap.add_argument("--warm", type=int, default=30)
    ap.add_argument("--fresh", action="store_true", help="each download by a new pyarrow process, read_all")
    args = ap.parse_args()
    if args.reps < 3:
        ap.error("--reps must be at least 3: the first 2 repetitions are not reported")
    fetch = download_fresh if args.fresh else download
    servers = [rt.Server("flightwire demo", rt.DEMO_JVM + ["-jar", rt.JAR, "serve", "--port", "0"],
                         "listening on grpc+tcp://localhost:"),
               rt.Server("pyarrow keep server", [rt.PY, os.path.join(HERE, "pyarrow_keep_server.py")],
                         "Server listening on localhost:")]
    try:
        batch = shapes.make_batch("a")
        for s in servers:
            rt.put(s, batch)
        for _ in range(args.warm):
            download(servers[0])
        runs = {s.name: [] for s in servers}
        for rep in range(args.reps):
            for s in servers if rep % 2 == 0 else servers[::-1]:
                wall, client_cpu, server_cpu = fetch(s)
                if rep >= 2:
                    runs[s.name].append((wall, client_cpu, server_cpu))
                print(f"rep {rep}: {s.name} {rt.gbps(wall):.2f} GB/s", file=sys.stderr, flush=True)
        load = os.getloadavg()[0]
        how = "a new pyarrow process per download, read_all" if args.fresh else "pyarrow client reading chunk by chunk"
        print(f"\nDownload of 1 GiB of shape a, {how}; medians of {args.reps - 2} "
              f"interleaved repetitions after {args.warm} warm-up downloads from the demo; load average {load:.1f}\n")
        print("| server | GB/s | wall s | client CPU s | server CPU s |")
        print("|---|---|---|---|---|")
        for name, r in runs.items():
            wall, ccpu, scpu = (statistics.median(x[i] for x in r) for i in range(3))
            gb = statistics.median(rt.gbps(x[0]) for x in r)
            print(f"| {name} | {gb:.2f} | {wall:.3f} | {ccpu:.3f} | {scpu:.3f} |")
        names = list(runs)
        a, b = (statistics.median(rt.gbps(x[0]) for x in runs[n]) for n in names)
        print(f"\ndemo/pyarrow server: {a / b:.2f}x")
    finally:
        for s in servers:
            s.close()


if __name__ == "__main__":
    main()
