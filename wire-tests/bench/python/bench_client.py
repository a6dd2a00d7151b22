"""pyarrow bench client of wire-tests/bench/BENCH-CONTRACT.md.

usage: bench_client.py --host H --port P --op get|put|info --shape a|b|c [--streams N] [--threads N]
                       [--calls N] --reps R --warmup W

Prints one JSON line per measured repetition. All streams/threads share one FlightClient (one
connection); concurrency uses threads, never processes.
"""

import argparse
import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from functools import partial

import pyarrow as pa
import pyarrow.flight as flight

import shapes


def parallel(tasks):
    """Runs the zero-argument tasks concurrently, one thread each (inline if only one); returns results."""
    if len(tasks) == 1:
        return [tasks[0]()]
    with ThreadPoolExecutor(len(tasks)) as pool:
        return [f.result() for f in [pool.submit(task) for task in tasks]]


def get_stream(client, shape):
    reader = client.do_get(flight.Ticket(shape.encode()))
    batches = rows = nbytes = 0
    while True:
        try:
            batch = reader.read_chunk().data
        except StopIteration:
            return batches, rows, nbytes
        batches += 1
        rows += batch.num_rows
        nbytes += batch.get_total_buffer_size()  # equals shapes.body_bytes for these shapes, 10x cheaper


def put_stream(client, shape, upload):
    table, counts = upload
    writer, _ = client.do_put(flight.FlightDescriptor.for_path(shape), table.schema)
    writer.write_table(table)  # one IPC batch per chunk, i.e. the shape's batch repeated
    writer.done_writing()
    writer.close()
    return counts


def info_calls(client, calls):
    descriptor = flight.FlightDescriptor.for_path("info")
    latencies = []
    clock = time.perf_counter_ns
    for _ in range(calls):
        t0 = clock()
        client.get_flight_info(descriptor)
        latencies.append(clock() - t0)
    return latencies


def percentile_us(sorted_ns, p):
    """Nearest-rank percentile, in microseconds."""
    rank = max(1, -(-len(sorted_ns) * p // 100))
    return round(sorted_ns[rank - 1] / 1000, 1)


def run_rep(args, client, upload, rep):
    if args.op == "info":
        share, extra = divmod(args.calls, args.threads)
        tasks = [partial(info_calls, client, share + (t < extra)) for t in range(args.threads)]
    elif args.op == "get":
        tasks = [partial(get_stream, client, args.shape)] * args.streams
    else:
        tasks = [partial(put_stream, client, args.shape, upload)] * args.streams
    start = time.perf_counter()
    results = parallel(tasks)
    seconds = time.perf_counter() - start
    if args.op == "info":
        latencies = sorted(ns for part in results for ns in part)
        return {"op": "info", "threads": args.threads, "rep": rep, "seconds": round(seconds, 6),
                "calls": len(latencies), "p50_us": percentile_us(latencies, 50),
                "p99_us": percentile_us(latencies, 99)}
    batches, rows, nbytes = (sum(col) for col in zip(*results))
    return {"op": args.op, "shape": args.shape, "streams": args.streams, "rep": rep,
            "seconds": round(seconds, 6), "bytes": nbytes, "batches": batches, "rows": rows}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int)
    parser.add_argument("--unix", help="connect over grpc+unix to this socket path instead of TCP")
    parser.add_argument("--op", choices=["get", "put", "info"], required=True)
    parser.add_argument("--shape", choices=sorted(shapes.ROWS), default="a")
    parser.add_argument("--streams", type=int, default=1)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--calls", type=int, default=20_000)
    parser.add_argument("--reps", type=int, required=True)
    parser.add_argument("--warmup", type=int, required=True)
    try:
        args = parser.parse_args()
    except SystemExit as e:  # usage errors exit 1 as well, as the contract asks
        sys.exit(0 if e.code in (0, None) else 1)
    try:
        if min(args.streams, args.threads, args.calls, args.reps, args.warmup + 1) < 1:
            raise ValueError("--streams, --threads, --calls and --reps must be >= 1, --warmup >= 0")
        upload = None
        if args.op == "put":
            batch, n = shapes.make_batch(args.shape), shapes.BATCHES[args.shape]
            counts = (n, n * batch.num_rows, n * shapes.body_bytes(batch))
            upload = (pa.Table.from_batches([batch] * n), counts)
        if args.unix is None and args.port is None:
            raise ValueError("--port or --unix is required")
        where = f"grpc+unix://{args.unix}" if args.unix else f"grpc+tcp://{args.host}:{args.port}"
        with flight.connect(where) as client:
            for _ in range(args.warmup):
                run_rep(args, client, upload, -1)
            for rep in range(args.reps):
                print(json.dumps(run_rep(args, client, upload, rep)), flush=True)
    except Exception as e:  # noqa: BLE001 - any failure is reported the same way
        print(f"bench_client: {type(e).__name__}: {e}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
