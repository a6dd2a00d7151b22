"""Seed example "Advanced Streaming", client part (/work/shared/docs/seed.md), adapted only in port:
--port (default 8815) instead of 8080. One fix: the seed calls pa.compute.mean without importing
pyarrow.compute, which fails on pyarrow 25 (AttributeError), so the import is added.

usage: streaming_client.py [--port P]      exits non-zero on any exception
"""

import argparse
import faulthandler

import pyarrow as pa
import pyarrow.compute  # noqa: F401 - the seed uses pa.compute without importing it
import pyarrow.flight as flight


def main(port):
    # Client streaming consumption
    client = flight.connect(f"grpc://localhost:{port}")
    # Stream processing
    descriptor = flight.FlightDescriptor.for_path("streaming", "numbers")
    info = client.get_flight_info(descriptor)
    for endpoint in info.endpoints:
        reader = client.do_get(endpoint.ticket)
        batch_count = 0
        total_rows = 0
        for chunk in reader:
            batch = chunk.data
            batch_count += 1
            total_rows += len(batch)
            print(f"Received batch {batch_count}: {len(batch)} rows")
            # Process batch
            if len(batch) > 0:
                avg_value = pa.compute.mean(batch['random_value']).as_py()
                print(f"  Average value: {avg_value:.4f}")
        print(f"Total: {batch_count} batches, {total_rows} rows")
    client.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Seed example: advanced streaming client")
    parser.add_argument("--port", type=int, default=8815)
    faulthandler.dump_traceback_later(60, exit=True)  # watchdog: never hang
    main(parser.parse_args().port)
