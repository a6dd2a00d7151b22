#!/usr/bin/env python3
"""Upload-then-download speed of the demo service against a pyarrow server that keeps uploads.

A pyarrow 25 client uploads (DoPut) and downloads again (GetFlightInfo, then a timed DoGet with
read_all) 1 GiB of shape a of BENCH-CONTRACT.md (c0..c3 int64 not null, 512 batches of 65,536 rows:
33,554,432 rows) to path ["bench", "a"] of
  1. the flightwire demo (`java ... -jar target/flightwire.jar serve --port 0`, the JVM flags of
     compare.py), whose upload store keeps the table in memory, and
  2. pyarrow_keep_server.py, a pyarrow server whose DoPut keeps the uploaded batches (read_all) and
     whose DoGet serves them with a RecordBatchStream.
Both servers run for the whole script; each upload replaces the previous one. After --warmup
repetitions, each of --reps repetitions runs, in this order: flightwire put, flightwire get, pyarrow
put, pyarrow get. Every download is checked after its timing (row count, total_records, sum of c3).
No repetition starts after --budget seconds (the script stays within a few minutes even when the
demo is slow; the table says how many repetitions the medians are of).

Prints the medians as a markdown table: GB/s = 2^30 bytes / seconds / 1e9, and the ratios
flightwire/pyarrow; the servers' peak RSS (VmHWM of the process) is reported too. Writes every figure
to --out (default target/bench/demo_roundtrip.json).

Usage (from the repository root, after `bash wire-tests/setup.sh` and `mvn -B -DskipTests package`):
    wire-tests/.venv/bin/python wire-tests/bench/demo_roundtrip.py [--reps 5] [--warmup 1]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time

import pyarrow.compute as pc
import pyarrow.flight as flight

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "python"))
import shapes  # noqa: E402  (wire-tests/bench/python)
from compare import JAVA, PY, ROOT, tree_hwm_kb  # noqa: E402  (the runner's JVM flags and /proc helpers)

JAR = os.path.join(ROOT, "target", "flightwire.jar")
BYTES = 2 ** 30
PATH = ["bench", "a"]


class Server:
    """A server process on a free port; `marker` is the text before the port in its first line."""

    def __init__(self, name, cmd, marker):
        self.name = name
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True)
        self.log = []
        deadline = time.time() + 120
        self.port = None
        while time.time() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                break
            self.log.append(line)
            if marker in line:
                self.port = int(line.split(marker, 1)[1].split()[0])
                break
        if self.port is None:
            self.proc.kill()
            raise RuntimeError(f"{name} did not start: {' '.join(cmd)}\n{''.join(self.log)}")
        threading.Thread(target=self._drain, daemon=True).start()
        self.client = flight.connect(f"grpc://127.0.0.1:{self.port}")

    def _drain(self):
        for line in self.proc.stdout:
            if len(self.log) < 500:
                self.log.append(line)

    def peak_rss_mb(self):
        return tree_hwm_kb(self.proc.pid) / 1024

    def close(self):
        self.client.close()
        try:
            self.proc.stdin.close()  # the pyarrow server stops on stdin EOF
        except OSError:
            pass
        self.proc.terminate()  # the demo stops on SIGTERM
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def put(server, batch):
    """Seconds of one DoPut of the shape's 512 batches (until the server's status arrived)."""
    descriptor = flight.FlightDescriptor.for_path(*PATH)
    start = time.perf_counter()
    writer, reader = server.client.do_put(descriptor, batch.schema)
    for _ in range(shapes.BATCHES["a"]):
        writer.write_batch(batch)
    writer.close()
    return time.perf_counter() - start


def get(server, expected_c3):
    """Seconds of one DoGet + read_all of the upload; the table is checked after the timing."""
    info = server.client.get_flight_info(flight.FlightDescriptor.for_path(*PATH))
    ticket = info.endpoints[0].ticket
    start = time.perf_counter()
    table = server.client.do_get(ticket).read_all()
    seconds = time.perf_counter() - start
    rows, batches = table.num_rows, table["c3"].num_chunks
    checksum = pc.sum(table["c3"]).as_py()
    del table
    want_rows = shapes.ROWS["a"] * shapes.BATCHES["a"]
    if rows != want_rows or checksum != expected_c3 or info.total_records != want_rows:
        raise RuntimeError(f"{server.name}: downloaded {rows} rows in {batches} batches, sum(c3) {checksum}; "
                           f"expected {want_rows} rows, sum(c3) {expected_c3}; total_records {info.total_records}")
    return seconds


def gbps(seconds):
    return BYTES / seconds / 1e9


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--budget", type=float, default=200,
                    help="seconds after which no further repetition starts (default 200; 0 = none)")
    ap.add_argument("--out", default=os.path.join(ROOT, "target", "bench", "demo_roundtrip.json"))
    a = ap.parse_args()
    if not os.path.exists(JAR):
        sys.exit(f"{JAR} is missing: run mvn -B -DskipTests package")

    batch = shapes.make_batch("a")
    expected_c3 = pc.sum(batch["c3"]).as_py() * shapes.BATCHES["a"]
    servers = {}
    try:
        servers["flightwire"] = Server("flightwire demo", JAVA + ["-jar", JAR, "serve", "--port", "0"],
                                       "listening on grpc+tcp://localhost:")
        servers["pyarrow"] = Server("pyarrow keep server", [PY, os.path.join(HERE, "pyarrow_keep_server.py")],
                                    "Server listening on localhost:")
        times = {(s, op): [] for s in servers for op in ("put", "get")}
        started = time.time()
        load_before = os.getloadavg()[0]
        for rep in range(a.warmup + a.reps):
            if a.budget and rep > a.warmup and time.time() - started > a.budget:
                print(f"time budget of {a.budget:.0f} s spent: stopping after {rep - a.warmup} repetitions",
                      file=sys.stderr, flush=True)
                break
            label = f"warm-up {rep + 1}" if rep < a.warmup else f"rep {rep - a.warmup + 1}"
            line = []
            for s, server in servers.items():
                for op in ("put", "get"):
                    seconds = put(server, batch) if op == "put" else get(server, expected_c3)
                    if rep >= a.warmup:
                        times[(s, op)].append(seconds)
                    line.append(f"{s} {op} {gbps(seconds):.2f}")
            print(f"[{time.strftime('%H:%M:%S')}] {label}: " + ", ".join(line) + " GB/s", file=sys.stderr, flush=True)
        rss = {s: server.peak_rss_mb() for s, server in servers.items()}
    finally:
        for server in servers.values():
            server.close()

    med = {k: gbps(statistics.median(v)) for k, v in times.items()}
    reps = len(times[("flightwire", "put")])
    load = (load_before, os.getloadavg()[0])
    print(f"\nDemo upload store round trip, 1 GiB of shape a (512 x 65,536 rows x 4 int64), pyarrow client, "
          f"median of {reps} after {a.warmup} warm-up; GB/s = 1e9 bytes/s; {os.cpu_count()} CPUs, "
          f"load average {load[0]:.1f} before, {load[1]:.1f} after\n")
    print("| op | flightwire demo GB/s | pyarrow keep server GB/s | flightwire/pyarrow |")
    print("|---|---|---|---|")
    for op in ("put", "get"):
        fw, py = med[("flightwire", op)], med[("pyarrow", op)]
        print(f"| {op} | {fw:.2f} | {py:.2f} | {fw / py:.2f}x |")
    print(f"| server peak RSS MB | {rss['flightwire']:.0f} | {rss['pyarrow']:.0f} | "
          f"{rss['flightwire'] / rss['pyarrow']:.2f}x |")
    os.makedirs(os.path.dirname(a.out), exist_ok=True)
    with open(a.out, "w") as f:
        json.dump({"bytes": BYTES, "reps": reps, "warmup": a.warmup, "jvm": JAVA, "loadavg": load,
                   "seconds": {f"{s}_{op}": v for (s, op), v in times.items()},
                   "median_gb_s": {f"{s}_{op}": v for (s, op), v in med.items()},
                   "ratio_put": med[("flightwire", "put")] / med[("pyarrow", "put")],
                   "ratio_get": med[("flightwire", "get")] / med[("pyarrow", "get")],
                   "server_peak_rss_mb": rss}, f, indent=1)
    print(f"\nwrote {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
