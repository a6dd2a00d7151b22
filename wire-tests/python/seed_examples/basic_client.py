"""Seed example "Basic Client Usage" (/work/shared/docs/seed.md), adapted only in port and paths to
the demo service: dataset/sales instead of dataset/table1, and --port (default 8815) instead of 8080.

usage: basic_client.py [--port P]      exits non-zero on any exception
"""

import argparse
import faulthandler

import pyarrow as pa
import pyarrow.flight as flight


def main(port):
    # Connect to Flight server
    client = flight.connect(f"grpc://localhost:{port}")
    # List available flights
    for flight_info in client.list_flights():
        print(f"Flight: {flight_info.descriptor}")
        print(f"  Records: {flight_info.total_records}")
        print(f"  Bytes: {flight_info.total_bytes}")
        print(f"  Schema: {flight_info.schema}")
    # Get specific flight info
    descriptor = flight.FlightDescriptor.for_path("dataset", "sales")
    info = client.get_flight_info(descriptor)
    print(f"Flight info: {info}")
    # Get data
    for endpoint in info.endpoints:
        stream_reader = client.do_get(endpoint.ticket)
        table = stream_reader.read_all()
        print(f"Retrieved table: {len(table)} rows, {len(table.columns)} columns")
    # Upload data
    upload_descriptor = flight.FlightDescriptor.for_path("uploads", "new_data")
    table_to_upload = pa.table({
        'id': [1, 2, 3, 4, 5],
        'value': [10.5, 20.3, 30.1, 40.7, 50.2]
    })
    writer, metadata_reader = client.do_put(upload_descriptor, table_to_upload.schema)
    writer.write_table(table_to_upload)
    writer.close()
    # Execute action
    action = flight.Action("list_tables", b"")
    results = client.do_action(action)
    for result in results:
        print(f"Action result: {result.body}")
    client.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Seed example: basic client usage")
    parser.add_argument("--port", type=int, default=8815)
    faulthandler.dump_traceback_later(60, exit=True)  # watchdog: never hang
    main(parser.parse_args().port)
