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

For each server it prints the median GB/s (2^30 bytes / s / 1e9), and per download the median
seconds of wall time, of the client's CPU (this process: user + system) and of the server's CPU
(its process tree, from /proc): a client busy for a smaller share of the wall time is waiting for the
server.

Usage (after `bash wire-tests/setup.sh` and `mvn -B -Pbench -DskipTests package`):
    wire-tests/.venv/bin/python wire-tests/bench/demo_download.py [--reps 18] [--warm 30]
"""
import argparse
import os
import statistics
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


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=18)
    ap.add_argument("--warm", type=int, default=30)
    args = ap.parse_args()
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
                wall, client_cpu, server_cpu = download(s)
                if rep >= 2:
                    runs[s.name].append((wall, client_cpu, server_cpu))
                print(f"rep {rep}: {s.name} {rt.gbps(wall):.2f} GB/s", file=sys.stderr, flush=True)
        load = os.getloadavg()[0]
        print(f"\nDownload of 1 GiB of shape a, pyarrow client reading chunk by chunk; medians of {args.reps - 2} "
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
