"""A pyarrow client that is killed in the middle of a call (the fault tests kill it with SIGKILL).

fault_client.py --port P --mode get|put|exchange
    get      DoGet(b"endless") and read slowly;
    put      DoPut(path "upload") writing batches of int64 "n" without end;
    exchange DoExchange(command "echo") writing batches and reading their echoes without end.
Prints `STARTED` (flushed) once data has flowed both ways it can, then goes on until killed.
"""
import argparse
import sys
import time

import pyarrow as pa
import pyarrow.flight as flight

SCHEMA = pa.schema([pa.field("n", pa.int64())])


def batch(i):
    return pa.record_batch([pa.array(range(i * 1000, i * 1000 + 1000), pa.int64())], schema=SCHEMA)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--mode", choices=["get", "put", "exchange"], required=True)
    a = p.parse_args()
    client = flight.connect(f"grpc://localhost:{a.port}")
    if a.mode == "get":
        reader = client.do_get(flight.Ticket(b"endless"))
        for i, _ in enumerate(reader):
            if i == 3:
                print("STARTED", flush=True)
            time.sleep(0.01)
    elif a.mode == "put":
        writer, _ = client.do_put(flight.FlightDescriptor.for_path("upload"), SCHEMA)
        i = 0
        while True:
            writer.write_batch(batch(i))
            if i == 3:
                print("STARTED", flush=True)
            i += 1
            time.sleep(0.01)
    else:
        writer, reader = client.do_exchange(flight.FlightDescriptor.for_command(b"echo"))
        writer.begin(SCHEMA)
        i = 0
        while True:
            writer.write_batch(batch(i))
            reader.read_chunk()
            if i == 3:
                print("STARTED", flush=True)
            i += 1
            time.sleep(0.01)
    return 0


if __name__ == "__main__":
    sys.exit(main())
