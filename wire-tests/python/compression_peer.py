"""Compressed record-batch bodies (LZ4_FRAME, ZSTD) with pyarrow, as a server or a client.

The data is one int64 column "n" = 0..99999 in 10 batches of 10000 rows.

server --port 0 --codec lz4|zstd
    DoGet (any ticket) sends the data with bodies compressed by CODEC. DoPut checks that the upload
    is exactly the data (any compression) and answers one PutResult "ok"; else it fails the call.
    Prints `Server listening on localhost:<port>`; stops when stdin reaches EOF.
client --port P --codec lz4|zstd
    DoGet(b"data") must return exactly the data (whatever the server compressed with); DoPut sends it
    with bodies compressed by CODEC and must get the PutResult "ok". Prints `PASS compression <codec>`
    (exit 0) or `FAIL compression: <reason>` (exit 1).
"""
import argparse
import sys
import threading

import pyarrow as pa
import pyarrow.flight as flight

ROWS, BATCH = 100_000, 10_000
SCHEMA = pa.schema([pa.field("n", pa.int64())])


def data():
    return pa.Table.from_batches([pa.record_batch([pa.array(range(i, i + BATCH), pa.int64())], schema=SCHEMA)
                                  for i in range(0, ROWS, BATCH)])


def check(table):
    if table.schema != SCHEMA:
        raise ValueError(f"schema {table.schema} != {SCHEMA}")
    if table.column("n").to_pylist() != list(range(ROWS)):
        raise ValueError(f"values differ ({table.num_rows} rows)")


class Server(flight.FlightServerBase):
    def __init__(self, location, codec):
        super().__init__(location)
        self.codec = codec

    def do_get(self, context, ticket):
        return flight.RecordBatchStream(data(), options=pa.ipc.IpcWriteOptions(compression=self.codec))

    def do_put(self, context, descriptor, reader, writer):
        check(reader.read_all())
        writer.write(pa.py_buffer(b"ok"))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("role", choices=["server", "client"])
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--codec", choices=["lz4", "zstd"], required=True)
    a = p.parse_args()
    if a.role == "server":
        server = Server(f"grpc://localhost:{a.port}", a.codec)
        print(f"Server listening on localhost:{server.port}", flush=True)
        threading.Thread(target=lambda: (sys.stdin.read(), server.shutdown()), daemon=True).start()
        server.serve()
        return 0
    client = flight.connect(f"grpc://localhost:{a.port}")
    try:
        check(client.do_get(flight.Ticket(b"data")).read_all())
        options = flight.FlightCallOptions(write_options=pa.ipc.IpcWriteOptions(compression=a.codec))
        writer, reader = client.do_put(flight.FlightDescriptor.for_path("up"), SCHEMA, options=options)
        writer.write_table(data())
        writer.done_writing()
        ack = reader.read()
        writer.close()
        if ack is None or ack.to_pybytes() != b"ok":
            print(f"FAIL compression: DoPut answered {ack!r}")
            return 1
        print(f"PASS compression {a.codec}")
        return 0
    except Exception as e:  # noqa: BLE001
        print(f"FAIL compression: {type(e).__name__}: {' '.join(str(e).split())}")
        return 1
    finally:
        client.close()


if __name__ == "__main__":
    sys.exit(main())
