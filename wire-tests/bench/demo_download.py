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
script has read the server's CPU (counted until the process reports), so interpreter start,
imports, connecting and GetFlightInfo are left out. A fresh process has no freed memory to reuse,
so these figures include faulting in the received data.

With --consumer, the downloads come from another pyarrow process, one that uploaded nothing, as a
consumer of data someone else uploaded: it connects to both servers, downloads --warm times untimed
from each, then makes the timed downloads chunk by chunk, reporting its own figures as with
--fresh. (Without a flag, the timed client is the one that uploaded 1 GiB to each server, and
what it freed after its uploads shapes its memory for the downloads.)

For each server it prints the median GB/s (2^30 bytes / s / 1e9), and per download the median
seconds of wall time, of the client's CPU (the downloading process: user + system) and of the
server's CPU (its process tree, from /proc), and the client's minor page faults: a client busy for
a smaller share of the wall time is waiting for the server, and a client with many faults (beyond
the ~1,000 of a download that reuses its memory) is faulting in memory its C allocator gave back
to the kernel (BENCHMARKS.md); with --fresh, most faults are the new process's table.

--demo-flag adds a JVM flag to the demo's command line (repeatable), e.g.
--demo-flag=-Dflightwire.loopbackSendBuffer=0 to compare with the kernel's autotuned send buffer.
--client-glibc-tunables runs this script's own process (the client; not the servers) with
GLIBC_TUNABLES set to its value, e.g. glibc.malloc.trim_threshold=268435456:glibc.malloc.mmap_threshold=33554432
to keep the client's malloc from returning freed memory to the kernel (not with --consumer or
--fresh, whose client is another process).

Usage (after `bash wire-tests/setup.sh` and `mvn -B -Pbench -DskipTests package`):
    wire-tests/.venv/bin/python wire-tests/bench/demo_download.py [--reps 18] [--warm 30] [--fresh | --consumer]
        [--demo-flag=FLAG ...] [--client-glibc-tunables VALUE]
"""
import argparse
import collections
import os
import resource
import select
import statistics
import subprocess
import sys
import threading
import time

import pyarrow.flight as flight

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "python"))
import demo_roundtrip as rt  # noqa: E402  (the servers, JVM flags and the upload)
import shapes  # noqa: E402
from compare import tree_cpu  # noqa: E402


RESTARTED = "DEMO_DOWNLOAD_RESTARTED"  # set for the second start of --client-glibc-tunables


def minor_faults():
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


def download(server):
    """(wall s, client CPU s, server CPU s, client minor faults) of one DoGet of the upload, chunk by chunk."""
    info = server.client.get_flight_info(flight.FlightDescriptor.for_path(*rt.PATH))
    server_cpu, client, faults = tree_cpu(server.proc.pid), os.times(), minor_faults()
    start = time.perf_counter()
    rows = 0
    for chunk in server.client.do_get(info.endpoints[0].ticket):
        rows += chunk.data.num_rows
    wall = time.perf_counter() - start
    after, faults = os.times(), minor_faults() - faults
    if rows != shapes.ROWS["a"] * shapes.BATCHES["a"]:
        raise RuntimeError(f"{server.name}: downloaded {rows} rows")
    return (wall, (after.user - client.user) + (after.system - client.system), tree_cpu(server.proc.pid) - server_cpu,
            faults)


# A pyarrow client in a process of its own: connects to each server given (argv[2:]), asks each
# GetFlightInfo of the path argv[1] ("/"-joined), prints "ready", then per line on stdin ("all I":
# read_all from server I, "chunks I": chunk by chunk, dropping each chunk) downloads once and prints
# "rows wall_s cpu_s minor_faults" of that DoGet alone; ends at EOF.
CHILD_CLIENT = """
import os, resource, sys, time
import pyarrow.flight as flight
clients = [flight.connect(uri) for uri in sys.argv[2:]]
tickets = [c.get_flight_info(flight.FlightDescriptor.for_path(*sys.argv[1].split("/"))).endpoints[0].ticket
           for c in clients]
print("ready", flush=True)
for line in sys.stdin:
    how, i = line.split()
    client, ticket = clients[int(i)], tickets[int(i)]
    cpu, faults, start = os.times(), resource.getrusage(resource.RUSAGE_SELF).ru_minflt, time.perf_counter()
    if how == "all":
        rows = client.do_get(ticket).read_all().num_rows
    else:
        rows = sum(chunk.data.num_rows for chunk in client.do_get(ticket))
    wall, after = time.perf_counter() - start, os.times()
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults
    print(rows, wall, (after.user - cpu.user) + (after.system - cpu.system), faults, flush=True)
"""


class ChildClient:
    """A CHILD_CLIENT process downloading from some servers."""

    TIMEOUT = 600  # seconds for one reply: a stalled download fails the run instead of hanging it

    def __init__(self, servers):
        self.servers = list(servers)
        self.proc = subprocess.Popen([rt.PY, "-c", CHILD_CLIENT, "/".join(rt.PATH), *(s.uri for s in self.servers)],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        # read stderr as it comes (a full pipe would stall the child), keeping its last lines for errors
        self.stderr = collections.deque(maxlen=200)
        self.drain = threading.Thread(target=lambda: self.stderr.extend(self.proc.stderr), daemon=True)
        self.drain.start()
        if self.reply("before its first DoGet").strip() != "ready":
            self.fail("before its first DoGet")

    def fail(self, when):
        self.proc.kill()
        self.proc.wait()
        self.drain.join(timeout=5)
        raise RuntimeError(f"the pyarrow client process failed {when}:\n{''.join(self.stderr)}")

    def reply(self, when):
        """The child's next line, within TIMEOUT (it writes one line per command, so none waits buffered)."""
        ready, _, _ = select.select([self.proc.stdout], [], [], self.TIMEOUT)
        if not ready:
            self.fail(f"{when}: no answer in {self.TIMEOUT} s")
        return self.proc.stdout.readline()

    def download(self, server, how):
        """(wall s, client CPU s, server CPU s, client minor faults) of one DoGet ("all" or "chunks") from server."""
        when = f"during a DoGet from {server.name}"
        server_cpu = tree_cpu(server.proc.pid)
        try:
            self.proc.stdin.write(f"{how} {self.servers.index(server)}\n")
            self.proc.stdin.flush()
        except OSError:
            self.fail(when)
        out = self.reply(when).split()
        server_cpu = tree_cpu(server.proc.pid) - server_cpu
        if len(out) != 4:
            self.fail(when)
        if int(out[0]) != shapes.ROWS["a"] * shapes.BATCHES["a"]:
            raise RuntimeError(f"{server.name}: downloaded {out[0]} rows")
        return float(out[1]), float(out[2]), server_cpu, int(out[3])

    def close(self):
        if self.proc.poll() is None:
            try:
                self.proc.stdin.close()
            except OSError:
                pass
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def download_fresh(server):
    """(wall s, client CPU s, server CPU s, client minor faults) of one read_all DoGet by a new pyarrow process."""
    child = ChildClient([server])
    try:
        return child.download(server, "all")
    finally:
        child.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=18)
    ap.add_argument("--warm", type=int, default=30)
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--fresh", action="store_true", help="each download by a new pyarrow process, read_all")
    mode.add_argument("--consumer", action="store_true",
                      help="downloads by a second pyarrow process that uploaded nothing, chunk by chunk, after --warm"
                      " untimed downloads of its own from each server")
    ap.add_argument("--demo-flag", action="append", default=[], metavar="FLAG",
                    help="a JVM flag for the demo, e.g. --demo-flag=-Dflightwire.loopbackSendBuffer=0 (repeatable)")
    ap.add_argument("--client-glibc-tunables", metavar="VALUE",
                    help="GLIBC_TUNABLES for this process (the client) only, not for the servers")
    args = ap.parse_args()
    if args.reps < 3:
        ap.error("--reps must be at least 3: the first 2 repetitions are not reported")
    if "GLIBC_TUNABLES" in os.environ and not os.environ.get(RESTARTED):
        ap.error("GLIBC_TUNABLES is set: it would reach the servers too; use --client-glibc-tunables")
    if args.client_glibc_tunables is not None:
        if args.consumer or args.fresh:
            ap.error("--client-glibc-tunables applies to this process's downloads: not with --consumer or --fresh")
        if not os.environ.get(RESTARTED):
            # glibc reads its tunables when a process starts: start this script again with them
            env = dict(os.environ, GLIBC_TUNABLES=args.client_glibc_tunables, **{RESTARTED: "1"})
            os.execve(sys.executable, [*sys.orig_argv[:1], os.path.abspath(__file__), *sys.argv[1:]], env)
        os.environ.pop("GLIBC_TUNABLES", None)  # for this process only: the servers start without
        os.environ.pop(RESTARTED, None)
    servers = [rt.Server("flightwire demo", rt.DEMO_JVM + args.demo_flag + ["-jar", rt.JAR, "serve", "--port", "0"],
                         "listening on grpc+tcp://localhost:"),
               rt.Server("pyarrow keep server", [rt.PY, os.path.join(HERE, "pyarrow_keep_server.py")],
                         "Server listening on localhost:")]
    consumers = []
    try:
        batch = shapes.make_batch("a")
        for s in servers:
            rt.put(s, batch)
        for _ in range(args.warm):
            download(servers[0])
        if args.consumer:
            consumer = ChildClient(servers)
            consumers.append(consumer)
            for _ in range(args.warm):  # the consumer's memory settles too, from either server
                for s in servers:
                    consumer.download(s, "chunks")
            fetch = lambda server: consumer.download(server, "chunks")  # noqa: E731
        elif args.fresh:
            fetch = download_fresh
        else:
            fetch = download
        runs = {s.name: [] for s in servers}
        for rep in range(args.reps):
            for s in servers if rep % 2 == 0 else servers[::-1]:
                result = fetch(s)
                if rep >= 2:
                    runs[s.name].append(result)
                print(f"rep {rep}: {s.name} {rt.gbps(result[0]):.2f} GB/s", file=sys.stderr, flush=True)
        load = os.getloadavg()[0]
        if args.fresh:
            how = "a new pyarrow process per download, read_all"
        elif args.consumer:
            how = f"a pyarrow process that uploaded nothing, chunk by chunk, after {args.warm} of its own from each"
        else:
            how = "the uploading pyarrow client reading chunk by chunk"
        setup = "".join(f"; demo flag {f}" for f in args.demo_flag)
        if args.client_glibc_tunables is not None:
            setup += f"; client GLIBC_TUNABLES={args.client_glibc_tunables}"
        print(f"\nDownload of 1 GiB of shape a, {how}; medians of {args.reps - 2} "
              f"interleaved repetitions after {args.warm} warm-up downloads from the demo; load average {load:.1f}"
              f"{setup}\n")
        print("| server | GB/s | wall s | client CPU s | server CPU s | client minor faults |")
        print("|---|---|---|---|---|---|")
        for name, r in runs.items():
            wall, ccpu, scpu, faults = (statistics.median(x[i] for x in r) for i in range(4))
            gb = statistics.median(rt.gbps(x[0]) for x in r)
            print(f"| {name} | {gb:.2f} | {wall:.3f} | {ccpu:.3f} | {scpu:.3f} | {faults:.0f} |")
        names = list(runs)
        a, b = (statistics.median(rt.gbps(x[0]) for x in runs[n]) for n in names)
        print(f"\ndemo/pyarrow server: {a / b:.2f}x")
    finally:
        for c in consumers:
            c.close()
        for s in servers:
            s.close()


if __name__ == "__main__":
    main()
