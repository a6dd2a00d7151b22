"""pyarrow bench server of wire-tests/bench/BENCH-CONTRACT.md.

usage: bench_server.py [--port P]

Prints `Server listening on localhost:<port>` once it accepts calls, then serves until SIGTERM/SIGINT
or until stdin reaches EOF. DoGet answers with a RecordBatchStream over a prebuilt table whose chunks
are the shape's one batch repeated, so C++ writes the whole stream without taking the GIL (measured
as fast as a GeneratorStream yielding the batch, with slightly less server CPU on shape b).
"""

import argparse
import os
import signal
import sys
import threading

import pyarrow as pa
import pyarrow.flight as flight

import shapes

INFO_PATH = [b"info"]


class BenchServer(flight.FlightServerBase):
    def __init__(self, location, compression=None):
        super().__init__(location)
        self.options = pa.ipc.IpcWriteOptions(compression=compression)
        self.tables = {s: pa.Table.from_batches([shapes.make_batch(s)] * shapes.BATCHES[s])
                       for s in shapes.ROWS}
        descriptor = flight.FlightDescriptor.for_path(*INFO_PATH)
        self.info = flight.FlightInfo(shapes.schema("a"), descriptor,
                                      [flight.FlightEndpoint(b"a", [])], 33_554_432, 1_073_741_824)

    def do_get(self, context, ticket):
        shape = ticket.ticket.decode()
        if shape not in self.tables:
            raise flight.FlightServerError(f"unknown ticket {ticket.ticket!r}")
        return flight.RecordBatchStream(self.tables[shape], options=self.options)

    def do_put(self, context, descriptor, reader, writer):
        path = [p.decode() for p in descriptor.path or []]
        if len(path) != 1 or path[0] not in shapes.ROWS:
            raise flight.FlightServerError(f"unknown descriptor path {path}")
        rows = shapes.ROWS[path[0]]
        while True:
            try:
                batch = reader.read_chunk().data
            except StopIteration:
                return
            if batch.num_rows != rows:
                raise flight.FlightServerError(f"batch of {batch.num_rows} rows, expected {rows}")

    def get_flight_info(self, context, descriptor):
        if descriptor.path != INFO_PATH:
            raise flight.FlightServerError(f"unknown descriptor {descriptor}")
        return self.info


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--unix", help="serve grpc+unix on this socket path instead of TCP")
    parser.add_argument("--compression", choices=["lz4", "zstd"], help="compress DoGet bodies (pyarrow's defaults)")
    args = parser.parse_args()

    server = BenchServer(f"grpc+unix://{args.unix}" if args.unix else f"grpc+tcp://localhost:{args.port}",
                         args.compression)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())

    def watch_stdin():
        try:
            while os.read(sys.stdin.fileno(), 4096):
                pass
        except (OSError, ValueError, AttributeError):
            pass
        stop.set()

    threading.Thread(target=watch_stdin, daemon=True).start()
    print(f"Server listening on unix:{args.unix}" if args.unix else f"Server listening on localhost:{server.port}",
          flush=True)
    while not stop.wait(0.2):
        pass
    stopper = threading.Thread(target=server.shutdown, daemon=True)  # never hang on a stuck call
    stopper.start()
    stopper.join(5)
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
