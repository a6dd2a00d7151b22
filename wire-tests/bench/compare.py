#!/usr/bin/env python3
"""Flight comparison runner: every bench server against every bench client, plus raw TCP.

Starts each server and each client as its own process on 127.0.0.1 (BENCH-CONTRACT.md), runs the
scenarios, measures throughput, batches/s, p50/p99 latency, CPU seconds per GB and peak RSS of both
processes (from /proc and wait4), prints a table with ratios to the Arrow Java (J), pyarrow (P) and
raw (R) pairs, and writes every figure to target/bench/compare.json.

The raw pairs are the physical limit of the same run: for stream scenarios RawTcp pushes the same
bytes over one loopback connection; for the unary scenarios (info_*) RawPingPong writes and reads
back as many bytes as a GetFlightInfo call puts on the wire each way (TCP_NODELAY, one connection
per client thread), over TCP, or over a Unix socket for the *_unix scenarios (grpc+unix; the
flightwire and pyarrow stacks).

Usage (from the repository root, after `bash wire-tests/setup.sh` and
`mvn -B -Pbench -DskipTests package`):
    wire-tests/.venv/bin/python wire-tests/bench/compare.py [--reps 5] [--warmup N]
        [--stacks flightwire,java19,pyarrow] [--own-pairs] [--scenarios get_a,put_a,...] [--quick]
        [--demo-roundtrip] [--netty-floor]

The stack flightwire-direct is flightwire with its bench server built with directExecutor() (unary
handlers on the event loop); name it in --stacks to compare (e.g. --stacks
flightwire,flightwire-direct,java19,pyarrow --scenarios info_1,info_8).

--netty-floor adds NettyPingPong to the unary scenarios: the same exchange with the threads of a
Netty client and server (the caller hands off to the client's event loop and waits) and no protocol.

--demo-roundtrip also runs demo_roundtrip.py (the demo's upload store against a pyarrow server that
keeps uploads; `--scenarios ''` runs it alone) and adds its figures to compare.json.
"""
import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BENCH = os.path.join(ROOT, "wire-tests", "bench")
PY = os.path.join(ROOT, "wire-tests", ".venv", "bin", "python")
JAVA = ["java", "--add-opens=java.base/java.nio=ALL-UNNAMED", "-Dio.netty.tryReflectionSetAccessible=true",
        "-Xms256m", "-Xmx2g"] + os.environ.get("FLIGHTWIRE_BENCH_JVM_FLAGS", "").split()
JAR = os.path.join(ROOT, "target", "benchmarks.jar")
TICKS = os.sysconf("SC_CLK_TCK")

STACKS = {
    "flightwire": {
        "server": JAVA + ["-cp", JAR, "dev.flightwire.bench.BenchServer"],
        "client": JAVA + ["-cp", JAR, "dev.flightwire.bench.BenchClient"],
    },
    # the same programs, the server built with directExecutor() (unary handlers on the event loop)
    "flightwire-direct": {
        "server": JAVA + ["-cp", JAR, "dev.flightwire.bench.BenchServer", "--direct"],
        "client": JAVA + ["-cp", JAR, "dev.flightwire.bench.BenchClient"],
    },
    "java19": {
        "server": ["bash", os.path.join(BENCH, "java19", "run.sh"), "server"],
        "client": ["bash", os.path.join(BENCH, "java19", "run.sh"), "client"],
    },
    "pyarrow": {
        "server": [PY, os.path.join(BENCH, "python", "bench_server.py")],
        "client": [PY, os.path.join(BENCH, "python", "bench_client.py")],
    },
}
RAW = {
    "server": JAVA + ["-cp", JAR, "dev.flightwire.bench.RawTcp", "server"],
    "client": JAVA + ["-cp", JAR, "dev.flightwire.bench.RawTcp", "client"],
}
# The floor of the unary scenarios: the same request and response sizes as a GetFlightInfo call on
# the wire (RawPingPong's Javadoc), written and read back over one connection per client thread.
RAW_PINGPONG = {
    "server": JAVA + ["-cp", JAR, "dev.flightwire.bench.RawPingPong", "server"],
    "client": JAVA + ["-cp", JAR, "dev.flightwire.bench.RawPingPong", "client"],
}
# With --netty-floor, the unary scenarios also run NettyPingPong: the same ping-pong with the threads of
# a Netty client and server (the caller hands off to the client's event loop and waits; the server's
# event loop answers), and no protocol: what a blocking call over Netty costs before HTTP/2 and gRPC.
NETTY_PINGPONG = {
    "server": JAVA + ["-cp", JAR, "dev.flightwire.bench.NettyPingPong", "server"],
    "client": JAVA + ["-cp", JAR, "dev.flightwire.bench.NettyPingPong", "client"],
}
# stacks whose bench programs take --unix PATH (grpc+unix); Arrow Java's bench build has no
# native epoll, which its grpc+unix needs
UNIX_STACKS = ("flightwire", "flightwire-direct", "pyarrow")

# name -> (client args, kind); the shapes: a, b, c, d = 4 concurrent streams of a, e = unary
SCENARIOS = {
    "get_a": (["--op", "get", "--shape", "a"], "stream"),
    "put_a": (["--op", "put", "--shape", "a"], "stream"),
    "get_b": (["--op", "get", "--shape", "b"], "stream"),
    "put_b": (["--op", "put", "--shape", "b"], "stream"),
    "get_c": (["--op", "get", "--shape", "c"], "stream"),
    "put_c": (["--op", "put", "--shape", "c"], "stream"),
    "get_d": (["--op", "get", "--shape", "a", "--streams", "4"], "stream"),
    "info_1": (["--op", "info", "--threads", "1", "--calls", "20000"], "unary"),
    "info_8": (["--op", "info", "--threads", "8", "--calls", "20000"], "unary"),
    "info_1_unix": (["--op", "info", "--threads", "1", "--calls", "20000"], "unary"),
    "info_8_unix": (["--op", "info", "--threads", "8", "--calls", "20000"], "unary"),
}
UNIX_SCENARIOS = ("info_1_unix", "info_8_unix")
# Warm-up repetitions per scenario (--warmup N overrides them all). A JVM needs several seconds of
# the same work before C2 has compiled its hot paths: on DoGet a, flightwire's pair went from
# 3.1 GB/s after 3 warm-up streams to 4.2 after 10 and 5.3 after 20 (BENCHMARKS.md). About 5-10 s
# of each scenario's work, the same for every stack and the raw TCP programs.
WARMUP = {"get_a": 20, "put_a": 20, "get_b": 20, "put_b": 20, "get_c": 20, "put_c": 20, "get_d": 8,
          "info_1": 5, "info_8": 5, "info_1_unix": 5, "info_8_unix": 5}
RAW_SCENARIO = {"get_a": "a", "put_a": "a", "get_b": "b", "put_b": "b", "get_c": "c", "put_c": "c", "get_d": "a"}


def proc_cpu(pid):
    """CPU seconds (user+system) of a process, children included once they were reaped."""
    with open(f"/proc/{pid}/stat") as f:
        parts = f.read().rsplit(")", 1)[1].split()
    utime, stime, cutime, cstime = (int(x) for x in parts[11:15])
    return (utime + stime + cutime + cstime) / TICKS


def proc_tree(pid):
    """pid and its descendants (run.sh wrappers start the JVM as a child)."""
    out = [pid]
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            for c in f.read().split():
                out.extend(proc_tree(int(c)))
    except OSError:
        pass
    return out


def tree_cpu(pid):
    total = 0.0
    for p in proc_tree(pid):
        try:
            total += proc_cpu(p)
        except OSError:
            pass
    return total


def tree_hwm_kb(pid):
    peak = 0
    for p in proc_tree(pid):
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        peak = max(peak, int(line.split()[1]))
        except OSError:
            pass
    return peak


class Server:
    def __init__(self, cmd, unix=None):
        where = ["--unix", unix] if unix else ["--port", "0"]
        self.proc = subprocess.Popen(cmd + where, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True)
        deadline = time.time() + 180
        self.port = None
        self.log = []
        while time.time() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                break
            if line.startswith("Server listening on localhost:"):
                self.port = int(line.strip().rsplit(":", 1)[1])
                break
            if unix and line.startswith("Server listening on unix:"):
                self.port = 0
                break
            self.log.append(line)
        if self.port is None:
            self.proc.kill()
            raise RuntimeError(f"server {cmd} did not start:\n{''.join(self.log)}")
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self):
        for line in self.proc.stdout:
            if len(self.log) < 200:
                self.log.append(line)

    def cpu(self):
        return tree_cpu(self.proc.pid)

    def hwm_kb(self):
        return tree_hwm_kb(self.proc.pid)

    def close(self):
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            for p in reversed(proc_tree(self.proc.pid)):
                try:
                    os.kill(p, 9)
                except OSError:
                    pass
            self.proc.wait()


def run_client(cmd, timeout):
    """Runs a client; returns (json records, cpu seconds, peak rss kb) of the whole process tree."""
    start = time.time()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    out_lines = []
    err = []
    t_err = threading.Thread(target=lambda: err.extend(proc.stderr), daemon=True)
    t_err.start()
    for line in proc.stdout:
        out_lines.append(line)
        if time.time() - start > timeout:
            break
    _, status, usage = os.wait4(proc.pid, 0)
    t_err.join(2)
    code = os.waitstatus_to_exitcode(status)
    # wait4 reports the process and, for ru_maxrss, its largest descendant (the JVM under run.sh)
    cpu = usage.ru_utime + usage.ru_stime
    if code != 0:
        raise RuntimeError(f"client {' '.join(cmd)} exited {code}:\n{''.join(err)[-3000:]}")
    records = [json.loads(l) for l in out_lines if l.startswith("{")]
    return records, cpu, usage.ru_maxrss


def measure(server_cmd, client_cmd, args, reps, warmup, unix=None):
    server = Server(server_cmd, unix)
    try:
        cpu0 = server.cpu()
        where = ["--unix", unix] if unix else ["--host", "127.0.0.1", "--port", str(server.port)]
        recs, client_cpu, client_rss = run_client(
            client_cmd + where + ["--reps", str(reps), "--warmup", str(warmup)] + args, timeout=1800)
        server_cpu = server.cpu() - cpu0
        server_rss = server.hwm_kb()
    finally:
        server.close()
    return recs, client_cpu, client_rss, server_cpu, server_rss


def summarize(kind, recs, client_cpu, client_rss, server_cpu, server_rss, reps, warmup):
    m = {"client_peak_rss_mb": client_rss / 1024, "server_peak_rss_mb": server_rss / 1024}
    if kind == "unary":
        m["p50_us"] = statistics.median(r["p50_us"] for r in recs)
        m["p99_us"] = statistics.median(r["p99_us"] for r in recs)
        m["calls_per_s"] = statistics.median(r["calls"] / r["seconds"] for r in recs)
        return m
    m["throughput_mb_s"] = statistics.median(r["bytes"] / r["seconds"] / 1e6 for r in recs)
    m["batches_per_s"] = statistics.median(r["batches"] / r["seconds"] for r in recs)
    secs = sorted(r["seconds"] for r in recs)
    m["p50_s"] = statistics.median(secs)
    m["p99_s"] = secs[min(len(secs) - 1, int(len(secs) * 0.99))]
    total_gb = sum(r["bytes"] for r in recs) / 1e9 * (reps + warmup) / reps
    m["cpu_s_per_gb"] = (client_cpu + server_cpu) / total_gb if total_gb else None
    return m


RATIO_KEYS = {"throughput_mb_s": "higher", "batches_per_s": "higher", "calls_per_s": "higher",
              "p50_us": "lower", "p99_us": "lower", "cpu_s_per_gb": "lower",
              "client_peak_rss_mb": "lower", "server_peak_rss_mb": "lower"}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=None,
                    help="warm-up repetitions for every scenario (default: per scenario, see WARMUP)")
    ap.add_argument("--stacks", default="flightwire,java19,pyarrow")
    ap.add_argument("--scenarios", default=",".join(SCENARIOS))
    ap.add_argument("--own-pairs", action="store_true",
                    help="only each stack's own pair (its client against its server), not the crossed pairs")
    ap.add_argument("--quick", action="store_true", help="1 rep, no warm-up, flightwire pair only (smoke)")
    ap.add_argument("--demo-roundtrip", action="store_true",
                    help="also run demo_roundtrip.py (demo upload+download against a pyarrow keep server)")
    ap.add_argument("--netty-floor", action="store_true",
                    help="unary scenarios: also run NettyPingPong (the ping-pong with Netty's threads, no protocol)")
    ap.add_argument("--out", default=os.path.join(ROOT, "target", "bench", "compare.json"))
    a = ap.parse_args()
    stacks = a.stacks.split(",")
    scenarios = [s for s in a.scenarios.split(",") if s]
    reps = 1 if a.quick else a.reps
    pairs = [(s, c) for s in stacks for c in stacks if not a.own_pairs or s == c]
    if a.quick:
        pairs = [("flightwire", "flightwire")]
    results = []
    for scen in scenarios:
        args, kind = SCENARIOS[scen]
        warmup = 0 if a.quick else (a.warmup if a.warmup is not None else WARMUP[scen])
        unix = os.path.join("/tmp", f"flightwire-bench-{os.getpid()}.sock") if scen in UNIX_SCENARIOS else None
        runs = [(s, c) for s, c in pairs if not unix or (s in UNIX_STACKS and c in UNIX_STACKS)]
        if (scen in RAW_SCENARIO or kind == "unary") and not a.quick:
            runs.append(("raw-unix", "raw-unix") if unix else ("raw-tcp", "raw-tcp"))
        if a.netty_floor and kind == "unary" and not a.quick:
            runs.append(("netty-unix", "netty-unix") if unix else ("netty-tcp", "netty-tcp"))
        for server, client in runs:
            if server.startswith("netty-"):
                sc, cc, cargs = NETTY_PINGPONG["server"], NETTY_PINGPONG["client"], args
            elif server.startswith("raw-") and kind == "unary":
                sc, cc, cargs = RAW_PINGPONG["server"], RAW_PINGPONG["client"], args
            elif server == "raw-tcp":
                if scen.startswith("put"):
                    continue  # the same byte stream in the other direction: identical on loopback
                sc, cc = RAW["server"], RAW["client"]
                cargs = ["--shape", RAW_SCENARIO[scen]] + (["--streams", "4"] if scen == "get_d" else [])
            else:
                sc, cc, cargs = STACKS[server]["server"], STACKS[client]["client"], args
            print(f"[{time.strftime('%H:%M:%S')}] {scen}: {client} client -> {server} server", file=sys.stderr,
                  flush=True)
            try:
                recs, ccpu, crss, scpu, srss = measure(sc, cc, cargs, reps, warmup, unix)
                metrics = summarize(kind, recs, ccpu, crss, scpu, srss, reps, warmup)
                results.append({"scenario": scen, "server": server, "client": client, "metrics": metrics,
                                "warmup": warmup, "reps": recs})
            except Exception as e:  # noqa: BLE001 - record and go on with the other pairs
                print(f"    failed: {e}", file=sys.stderr, flush=True)
                results.append({"scenario": scen, "server": server, "client": client, "error": str(e)})
    # ratios to the incumbents' own pairs
    def base(scen, stack):
        for r in results:
            if r["scenario"] == scen and r["server"] == stack and r["client"] == stack and "metrics" in r:
                return r["metrics"]
        return None
    records = []
    for r in results:
        if "metrics" not in r:
            records.append({"scenario": r["scenario"], "server": r["server"], "client": r["client"],
                            "metric": "error", "value": r["error"]})
            continue
        for k, v in r["metrics"].items():
            rec = {"scenario": r["scenario"], "server": r["server"], "client": r["client"], "metric": k, "value": v}
            for ref in ("java19", "pyarrow", "raw-tcp", "raw-unix"):
                b = base(r["scenario"], ref)
                if b and b.get(k):
                    rec[f"ratio_to_{ref}"] = v / b[k]
            records.append(rec)
    demo = demo_roundtrip(reps) if a.demo_roundtrip else None
    os.makedirs(os.path.dirname(a.out), exist_ok=True)
    with open(a.out, "w") as f:
        json.dump({"machine": machine(), "reps": reps,
                   "warmup": a.warmup if a.warmup is not None else WARMUP, "records": records,
                   **({"demo_roundtrip": demo} if demo is not None else {})}, f, indent=1)
    if results:
        print_table(results, base)
    print(f"\nwrote {a.out}")


def demo_roundtrip(reps):
    """Runs demo_roundtrip.py (its table goes to stdout); returns its figures, or the error."""
    out = os.path.join(ROOT, "target", "bench", "demo_roundtrip.json")
    print(f"[{time.strftime('%H:%M:%S')}] demo_roundtrip: flightwire demo vs pyarrow keep server", file=sys.stderr,
          flush=True)
    code = subprocess.run([PY, os.path.join(BENCH, "demo_roundtrip.py"), "--reps", str(reps), "--out", out]).returncode
    if code != 0:
        return {"error": f"demo_roundtrip.py exited {code}"}
    with open(out) as f:
        return json.load(f)


def machine():
    cpu = ""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {"cpus": os.cpu_count(), "cpu": cpu, "kernel": os.uname().release,
            "java": subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]}


def fmt(v):
    if v is None:
        return "-"
    if isinstance(v, float):
        return f"{v:.1f}" if abs(v) >= 10 else f"{v:.2f}"
    return str(v)


def print_table(results, base):
    cols = ["throughput_mb_s", "batches_per_s", "calls_per_s", "p50_us", "p99_us", "cpu_s_per_gb",
            "server_peak_rss_mb", "client_peak_rss_mb"]
    print("\n| scenario | server | client | " + " | ".join(cols) + " |")
    print("|" + "---|" * (3 + len(cols)))
    for r in results:
        if "metrics" not in r:
            print(f"| {r['scenario']} | {r['server']} | {r['client']} | error: {r['error'][:60]} |")
            continue
        cells = []
        for k in cols:
            v = r["metrics"].get(k)
            if v is None:
                cells.append("")
                continue
            rs = []
            for ref, tag in (("java19", "J"), ("pyarrow", "P"), ("raw-tcp", "R"), ("raw-unix", "R")):
                b = base(r["scenario"], ref)
                if b and b.get(k):
                    rs.append(f"{tag}{v / b[k]:.2f}x")
            cells.append(fmt(v) + (" (" + " ".join(rs) + ")" if rs else ""))
        print(f"| {r['scenario']} | {r['server']} | {r['client']} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
