#!/usr/bin/env python3
"""Upload-then-download speed of the demo service against a pyarrow server that keeps uploads.

Two clients upload (DoPut) and download again (GetFlightInfo, then a timed DoGet) 1 GiB of shape a
of BENCH-CONTRACT.md (c0..c3 int64 not null, 512 batches of 65,536 rows: 33,554,432 rows) to path
["bench", "a"] of two servers:
  servers 1. the flightwire demo (`java ... -jar target/flightwire.jar serve --port 0`, the JVM flags of
             compare.py plus -XX:MaxDirectMemorySize=4g, see below), whose upload store keeps the
             batches in memory as they arrived, and
          2. pyarrow_keep_server.py, a pyarrow server whose DoPut keeps the uploaded batches (read_all)
             and whose DoGet serves them with a RecordBatchStream;
  clients 1. pyarrow 25, in this process: write_batch per batch, then close; the download is
             read_all, checked after its timing (row count, total_records, sum of c3), and
          2. flightwire's Java client, DemoRoundTripClient of target/benchmarks.jar: writeBatch per
             batch, doneWriting, close; the download reads batch after batch, summing c3 as it goes,
             checked the same way.
Both servers run for the whole script; each upload replaces the previous one.

Interleaving. Every repetition runs the four pairs back to back, each a put then a get: the pyarrow
client against both servers, then the Java client against both, the servers in one order in odd
repetitions and in the other in even ones. The pyarrow client's block starts with an untimed
download: on the 2-core VM its first 1 GiB read_all after the seconds the Java client spends is slow
whatever the server (0.15-0.55 GB/s where the same client's next download read 1.4-2.5; with the
server order swapped, the slow downloads moved to the other server), so without it the ratio
measured the order, not the servers. The likely cause: the VM reports free memory to its host
(virtio-balloon free page reporting is on), so memory a process freed more than about 2 s earlier
(the kernel's reporting delay) has to be faulted in by the host again, which the guest sees as slow
user code; the untimed download makes both timed ones reuse memory freed a moment before. The same
effect makes any process that allocates its 1 GiB afresh (the pyarrow keep server's DoPut, the
pyarrow client's read_all) vary from run to run far more than the ±20% this machine shows otherwise.
The Java client is one JVM for the whole run, driven step by step over stdin (its --step mode: one
line per repetition, one round trip against each server). Starting a JVM per repetition would time a
cold client (interpreter and C1 code, class loading) rather than flightwire, and a JVM running all
its repetitions on its own could not interleave with the pyarrow client, so drift of the machine's
load would land on one client only. A fresh JVM needs several seconds of the same work before C2 has
compiled its hot paths (compare.py's WARMUP), so before the first repetition the Java client makes
--java-warmup round trips (default 12, to both servers, 24 GiB moved each way); they warm the demo's
JVM as well, for both clients (after one upload and six downloads, a quarter of the demo's CPU
samples during further downloads were still its C2 compiler's). Then --warmup repetitions of all
four pairs (not reported), then --reps measured ones. No repetition starts after --budget seconds
from the servers' start (the script stays within a few minutes even when a server is slow; the table
says how many repetitions the medians are of).

Memory. The servers' peak RSS (VmHWM) and their RSS after each upload (VmRSS, read once the put
returned) are reported, and the demo's get_stats action after each of its uploads: total_bytes, less
the built-in tables' (get_stats before the first upload), is the size of the stored upload's Arrow
buffers as the demo counts them, to be compared with the 2^30 bytes sent. The demo keeps the
previous upload until the replacing one has arrived completely (a failed upload stores nothing), so
replacing 1 GiB needs two uploads' worth of direct memory, and a record batch body whose size is
not a pooled size class (the Java client's 2 MiB + 32 KiB of validity) lies in the next one (2.5
MiB): under compare.py's -Xmx2g (which caps direct memory at 2 GiB too) the second upload can fail
with "failed to allocate 16777216 byte(s) of direct memory". The demo therefore runs with 4 GiB of
direct memory. (Native memory tracking of the demo after one 1 GiB upload: 1.06 GiB held for the
pyarrow client's, whose bodies are exactly 2 MiB, 1.34 GiB for the Java client's. Its RSS after an upload also counts memory the
previous upload freed that glibc's malloc keeps for reuse: with MALLOC_MMAP_THRESHOLD_=131072, which
returns such blocks to the kernel, the demo's RSS after each of 8 uploads stayed at 1.2-1.3 GB;
without it, 1.2-3.4 GB.)

Prints the medians as markdown tables: GB/s = 2^30 bytes / seconds / 1e9, the ratios demo/pyarrow
server for each client and op, the CPU time each server spent per round trip (put + get; from /proc,
less sensitive to other processes than the wall times) and the memory figures; the header gives the
load average and the share of the CPUs that processes other than the script's own used during the
run (other engineers' builds make single runs on this machine swing by 2x and more). Writes every
figure to --out (default target/bench/demo_roundtrip.json).

Usage (from the repository root, after `bash wire-tests/setup.sh` and
`mvn -B -Pbench -DskipTests package`, which builds target/flightwire.jar and target/benchmarks.jar):
    wire-tests/.venv/bin/python wire-tests/bench/demo_roundtrip.py [--reps 5] [--warmup 1]
        [--java-warmup 12] [--budget 200]
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
from compare import JAVA, PY, ROOT, TICKS, tree_cpu, tree_hwm_kb  # noqa: E402  (JVM flags, /proc helpers)

JAR = os.path.join(ROOT, "target", "flightwire.jar")
BENCH_JAR = os.path.join(ROOT, "target", "benchmarks.jar")
DEMO_JVM = JAVA + ["-XX:MaxDirectMemorySize=4g"]  # two uploads of 1 GiB at once (docstring)
BYTES = 2 ** 30
PATH = ["bench", "a"]
SERVERS = ("flightwire", "pyarrow")
CLIENTS = ("pyarrow", "java")
CLIENT_NAMES = {"pyarrow": "pyarrow", "java": "flightwire Java"}
OPS = ("put", "get")


def machine_busy_seconds():
    """CPU seconds the whole machine has spent busy (every CPU; /proc/stat, idle and iowait excluded)."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    return (sum(v[:8]) - v[3] - v[4]) / TICKS


def rss_kb(pid):
    """Current resident set (VmRSS) of one process, in KiB."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


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
        self.uri = f"grpc+tcp://127.0.0.1:{self.port}"
        self.client = flight.connect(self.uri)

    def _drain(self):
        for line in self.proc.stdout:
            if len(self.log) < 500:
                self.log.append(line)

    def peak_rss_mb(self):
        return tree_hwm_kb(self.proc.pid) / 1024

    def rss_mb(self):
        return rss_kb(self.proc.pid) / 1024

    def stats(self):
        """The demo's get_stats action (JSON: table_count, total_rows, total_bytes)."""
        results = list(self.client.do_action(flight.Action("get_stats", b"")))
        return json.loads(results[0].body.to_pybytes())

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


class JavaClient:
    """DemoRoundTripClient --step: one JVM for the run; step(rep) = one round trip to each server."""

    def __init__(self, uris):
        self.uris = list(uris)
        cmd = JAVA + ["-cp", BENCH_JAR, "dev.flightwire.bench.DemoRoundTripClient", "--step"]
        for uri in self.uris:
            cmd += ["--location", uri]
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True)
        self.err = []
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self):
        for line in self.proc.stderr:
            if len(self.err) < 500:
                self.err.append(line)

    def step(self, rep, order=None):
        """{uri: record} of one repetition, against the servers in `order` (indexes into the uris, default
        all in turn); the client checks every download itself (exit 1 if wrong)."""
        self.proc.stdin.write(" ".join(str(x) for x in [rep] + list(order or [])) + "\n")
        self.proc.stdin.flush()
        out = {}
        for _ in self.uris:
            line = self.proc.stdout.readline()
            if not line:
                self.proc.wait(30)
                raise RuntimeError(f"Java client exited {self.proc.returncode}:\n{''.join(self.err[-40:])}")
            rec = json.loads(line)
            out[rec["server"]] = rec
        return out

    def close(self):
        try:
            self.proc.stdin.close()  # stdin EOF ends the client
        except OSError:
            pass
        try:
            self.proc.wait(30)
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
    ap.add_argument("--warmup", type=int, default=1, help="repetitions of all four pairs not reported (default 1)")
    ap.add_argument("--java-warmup", type=int, default=12,
                    help="round trips of the Java client to both servers before the first repetition (default 12)")
    ap.add_argument("--budget", type=float, default=200,
                    help="seconds after which no further repetition starts (default 200; 0 = none)")
    ap.add_argument("--out", default=os.path.join(ROOT, "target", "bench", "demo_roundtrip.json"))
    a = ap.parse_args()
    for jar in (JAR, BENCH_JAR):
        if not os.path.exists(jar):
            sys.exit(f"{jar} is missing: run mvn -B -Pbench -DskipTests package")

    batch = shapes.make_batch("a")
    expected_c3 = pc.sum(batch["c3"]).as_py() * shapes.BATCHES["a"]
    servers = {}
    java = None
    times = {(c, s, op): [] for c in CLIENTS for s in SERVERS for op in OPS}
    rss_after_put = {(c, s): [] for c in CLIENTS for s in SERVERS}
    stored = {c: [] for c in CLIENTS}
    server_cpu = {(c, s): [] for c in CLIENTS for s in SERVERS}
    try:
        servers["flightwire"] = Server("flightwire demo", DEMO_JVM + ["-jar", JAR, "serve", "--port", "0"],
                                       "listening on grpc+tcp://localhost:")
        servers["pyarrow"] = Server("pyarrow keep server", [PY, os.path.join(HERE, "pyarrow_keep_server.py")],
                                    "Server listening on localhost:")
        started = time.time()
        load_before = os.getloadavg()[0]
        own_pids = [server.proc.pid for server in servers.values()]
        own = lambda: sum(tree_cpu(p) for p in own_pids) + sum(os.times()[:2])  # noqa: E731
        busy0, own0 = machine_busy_seconds(), own()
        rss_before = {s: server.rss_mb() for s, server in servers.items()}
        stats_before = servers["flightwire"].stats()  # the demo's built-in tables
        java = JavaClient(servers[s].uri for s in SERVERS)
        own_pids.append(java.proc.pid)
        for w in range(a.java_warmup):
            res = java.step(-(a.java_warmup + a.warmup) + w)
            line = [f"{s} {op} {gbps(res[servers[s].uri][op + '_seconds']):.2f}" for s in SERVERS for op in OPS]
            print(f"[{time.strftime('%H:%M:%S')}] Java client warm-up {w + 1}: java -> " + ", ".join(line) + " GB/s",
                  file=sys.stderr, flush=True)
        for rep in range(a.warmup + a.reps):
            if a.budget and rep > a.warmup and time.time() - started > a.budget:
                print(f"time budget of {a.budget:.0f} s spent: stopping after {rep - a.warmup} repetitions",
                      file=sys.stderr, flush=True)
                break
            measured = rep >= a.warmup
            label = f"warm-up {rep + 1}" if not measured else f"rep {rep - a.warmup + 1}"
            order = SERVERS if rep % 2 == 0 else SERVERS[::-1]
            line = [f"order {'/'.join(order)}"]
            get(servers[order[0]], expected_c3)  # the pyarrow client's untimed first download (docstring)
            for s in order:  # pyarrow client
                server = servers[s]
                cpu0 = tree_cpu(server.proc.pid)
                for op in OPS:
                    seconds = put(server, batch) if op == "put" else get(server, expected_c3)
                    if op == "put" and measured:
                        rss_after_put[("pyarrow", s)].append(server.rss_mb())
                        if s == "flightwire":
                            stored["pyarrow"].append(server.stats())
                    if measured:
                        times[("pyarrow", s, op)].append(seconds)
                    line.append(f"pyarrow -> {s} {op} {gbps(seconds):.2f}")
                if measured:
                    server_cpu[("pyarrow", s)].append(tree_cpu(server.proc.pid) - cpu0)
            cpu0 = {s: tree_cpu(servers[s].proc.pid) for s in SERVERS}
            res = java.step(rep - a.warmup, [SERVERS.index(s) for s in order])  # Java client, same order
            for s in order:
                for op in OPS:
                    seconds = res[servers[s].uri][op + "_seconds"]
                    if measured:
                        times[("java", s, op)].append(seconds)
                    line.append(f"java -> {s} {op} {gbps(seconds):.2f}")
            if measured:
                for s in SERVERS:  # each server is idle while the Java client works with the other
                    server_cpu[("java", s)].append(tree_cpu(servers[s].proc.pid) - cpu0[s])
                # after the step the demo holds the Java client's upload; RSS is read after the
                # step, whose put was the last call that grew a server
                stored["java"].append(servers["flightwire"].stats())
                for s in SERVERS:
                    rss_after_put[("java", s)].append(servers[s].rss_mb())
            print(f"[{time.strftime('%H:%M:%S')}] {label}: " + ", ".join(line) + " GB/s", file=sys.stderr, flush=True)
        rss = {s: server.peak_rss_mb() for s, server in servers.items()}
        busy1, own1 = machine_busy_seconds(), own()
        others = max(0.0, (busy1 - busy0) - (own1 - own0)) / ((time.time() - started) * os.cpu_count())
    finally:
        if java is not None:
            java.close()
        for server in servers.values():
            server.close()

    med = {k: gbps(statistics.median(v)) for k, v in times.items()}
    ratio = {(c, op): med[(c, "flightwire", op)] / med[(c, "pyarrow", op)] for c in CLIENTS for op in OPS}
    rss_med = {k: statistics.median(v) for k, v in rss_after_put.items()}
    reps = len(times[("pyarrow", "flightwire", "put")])
    load = (load_before, os.getloadavg()[0])
    print(f"\nDemo upload store round trip, 1 GiB of shape a (512 x 65,536 rows x 4 int64), median of {reps} "
          f"after {a.warmup} warm-up (Java client: {a.java_warmup} warm-up round trips before); "
          f"GB/s = 2^30 bytes / s / 1e9; {os.cpu_count()} CPUs, "
          f"load average {load[0]:.1f} before, {load[1]:.1f} after; other processes used {others:.0%} of the "
          f"CPUs during the run\n")
    print("| client | op | flightwire demo GB/s | pyarrow keep server GB/s | demo/pyarrow server |")
    print("|---|---|---|---|---|")
    for c in CLIENTS:
        for op in OPS:
            fw, py = med[(c, "flightwire", op)], med[(c, "pyarrow", op)]
            print(f"| {CLIENT_NAMES[c]} | {op} | {fw:.2f} | {py:.2f} | {ratio[(c, op)]:.2f}x |")
    print()
    cpu_med = {k: statistics.median(v) for k, v in server_cpu.items()}
    print("| server CPU per round trip (put + get), median s | flightwire demo | pyarrow keep server | "
          "demo/pyarrow server |")
    print("|---|---|---|---|")
    for c in CLIENTS:
        fw, py = cpu_med[(c, "flightwire")], cpu_med[(c, "pyarrow")]
        print(f"| {CLIENT_NAMES[c]} client | {fw:.2f} | {py:.2f} | {fw / py:.2f}x |")
    print()
    print("| server memory | flightwire demo | pyarrow keep server | demo/pyarrow server |")
    print("|---|---|---|---|")
    print(f"| RSS at start, MB | {rss_before['flightwire']:.0f} | {rss_before['pyarrow']:.0f} | "
          f"{rss_before['flightwire'] / rss_before['pyarrow']:.2f}x |")
    for c in CLIENTS:
        fw, py = rss_med[(c, "flightwire")], rss_med[(c, "pyarrow")]
        print(f"| RSS after a {CLIENT_NAMES[c]} upload, median MB | {fw:.0f} | {py:.0f} | {fw / py:.2f}x |")
    print(f"| peak RSS, MB | {rss['flightwire']:.0f} | {rss['pyarrow']:.0f} | "
          f"{rss['flightwire'] / rss['pyarrow']:.2f}x |")
    store = {}
    print()
    for c in CLIENTS:
        if stored[c]:
            b = statistics.median(st["total_bytes"] for st in stored[c]) - stats_before["total_bytes"]
            store[c] = b
            print(f"demo store after a {CLIENT_NAMES[c]} upload (get_stats total_bytes minus the built-in "
                  f"tables' {stats_before['total_bytes']:,}): {b:,.0f} bytes, {b / BYTES:.3f} x the 2^30 bytes sent")
    os.makedirs(os.path.dirname(a.out), exist_ok=True)
    with open(a.out, "w") as f:
        json.dump({"bytes": BYTES, "reps": reps, "warmup": a.warmup, "java_warmup": a.java_warmup,
                   "jvm": JAVA, "demo_jvm": DEMO_JVM, "loadavg": load, "other_processes_cpu_share": others,
                   "seconds": {f"{c}_client/{s}_server/{op}": v for (c, s, op), v in times.items()},
                   "median_gb_s": {f"{c}_client/{s}_server/{op}": v for (c, s, op), v in med.items()},
                   "ratio_demo_to_pyarrow_server": {f"{c}_client/{op}": v for (c, op), v in ratio.items()},
                   "server_cpu_seconds_per_round_trip": {f"{c}_client/{s}_server": v
                                                         for (c, s), v in server_cpu.items()},
                   "server_rss_at_start_mb": rss_before,
                   "server_rss_after_upload_mb": {f"{c}_client/{s}_server": v for (c, s), v in rss_after_put.items()},
                   "server_peak_rss_mb": rss,
                   "demo_stats_at_start": stats_before,
                   "demo_stats_after_upload": stored,
                   "demo_stored_bytes_median": store}, f, indent=1)
    print(f"\nwrote {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
