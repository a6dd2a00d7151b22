"""A pyarrow stand-in for the seed's demo service (/work/shared/docs/seed.md): DataFlightServer and
StreamingFlightServer merged into one server, so the seed example clients can be run before the real
demo server exists.

usage: standin_server.py [--port P]   (default 8815; 0 picks a free port)

Prints `Server listening on localhost:<port>`, serves until SIGTERM/SIGINT or stdin EOF.
Differences to the seed: FlightInfo.for_table does not exist in pyarrow, so infos are built directly;
endpoints name the real port; the streaming paths also answer GetFlightInfo/GetSchema and are listed.
"""

import argparse
import os
import random
import signal
import sys
import threading
import time
from datetime import datetime, timedelta

import pyarrow as pa
import pyarrow.flight as flight

NUMBERS_SCHEMA = pa.schema([pa.field('id', pa.int64()), pa.field('random_value', pa.float64())])
TIME_SERIES_SCHEMA = pa.schema([pa.field('timestamp', pa.timestamp('s')),
                                pa.field('sensor_id', pa.string()),
                                pa.field('value', pa.float64())])
STREAMS = {"streaming/numbers": (NUMBERS_SCHEMA, 10 * 1000),
           "streaming/time_series": (TIME_SERIES_SCHEMA, 60 * 3)}


class DemoServer(flight.FlightServerBase):
    def __init__(self, location, public_uri):
        super().__init__(location)
        self.public_uri = public_uri
        self.data_store = {}
        self.lock = threading.Lock()
        self.data_store["dataset/sales"] = pa.table({
            'date': ['2023-01-01', '2023-01-02', '2023-01-03'],
            'amount': [100.0, 150.0, 200.0],
            'region': ['North', 'South', 'East']
        })
        self.data_store["dataset/products"] = pa.table({
            'id': [1, 2, 3],
            'name': ['Widget A', 'Widget B', 'Widget C'],
            'price': [10.99, 15.99, 20.99]
        })

    def _info(self, path, descriptor=None):
        with self.lock:
            table = self.data_store.get(path)
        if table is not None:
            schema, rows, size = table.schema, table.num_rows, table.nbytes
        elif path in STREAMS:
            (schema, rows), size = STREAMS[path], -1
        else:
            raise flight.FlightUnavailableError(f"Unknown path: {path}")
        descriptor = descriptor or flight.FlightDescriptor.for_path(*path.split('/'))
        endpoint = flight.FlightEndpoint(flight.Ticket(path.encode()), [self.public_uri])
        return flight.FlightInfo(schema, descriptor, [endpoint], rows, size)

    def list_flights(self, context, criteria):
        with self.lock:
            paths = list(self.data_store)
        return [self._info(p) for p in paths + list(STREAMS)]

    def get_flight_info(self, context, descriptor):
        return self._info('/'.join(p.decode() for p in descriptor.path), descriptor)

    def get_schema(self, context, descriptor):
        return flight.SchemaResult(self.get_flight_info(context, descriptor).schema)

    def do_get(self, context, ticket):
        path = ticket.ticket.decode()
        if path == "streaming/numbers":
            return flight.GeneratorStream(NUMBERS_SCHEMA, number_generator())
        if path == "streaming/time_series":
            return flight.GeneratorStream(TIME_SERIES_SCHEMA, time_series_generator())
        with self.lock:
            if path not in self.data_store:
                raise flight.FlightUnavailableError(f"Unknown ticket: {path}")
            table = self.data_store[path]
        return flight.RecordBatchStream(table)

    def do_put(self, context, descriptor, reader, writer):
        path = '/'.join(p.decode() for p in descriptor.path)
        table = reader.read_all()
        with self.lock:
            self.data_store[path] = table
        print(f"Stored table at {path}: {len(table)} rows", file=sys.stderr)

    def list_actions(self, context):
        return [flight.ActionType("list_tables", "List all stored tables"),
                flight.ActionType("get_stats", "Get server statistics")]

    def do_action(self, context, action):
        with self.lock:
            tables = dict(self.data_store)
        if action.type == "list_tables":
            return [flight.Result('\n'.join(tables).encode())]
        if action.type == "get_stats":
            stats = {'table_count': len(tables),
                     'total_rows': sum(len(table) for table in tables.values())}
            return [flight.Result(str(stats).encode())]
        raise flight.FlightUnavailableError(f"Unknown action: {action.type}")


def number_generator():
    batch_size = 1000
    for batch_num in range(10):
        ids = list(range(batch_num * batch_size, (batch_num + 1) * batch_size))
        values = [random.random() for _ in range(batch_size)]
        yield pa.record_batch([ids, values], schema=NUMBERS_SCHEMA)
        time.sleep(0.1)


def time_series_generator():
    start_time = datetime.now().replace(microsecond=0)
    sensors = ['sensor_001', 'sensor_002', 'sensor_003']
    for minute in range(60):
        timestamps = [start_time + timedelta(minutes=minute)] * len(sensors)
        values = [random.uniform(20.0, 30.0) for _ in sensors]
        yield pa.record_batch([timestamps, sensors, values], schema=TIME_SERIES_SCHEMA)
        time.sleep(0.05)


def main():
    parser = argparse.ArgumentParser(description="Stand-in for the seed's demo Flight service")
    parser.add_argument("--port", type=int, default=8815)
    args = parser.parse_args()
    server = DemoServer(f"grpc+tcp://localhost:{args.port}", None)
    server.public_uri = f"grpc+tcp://localhost:{server.port}"

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
    print(f"Server listening on localhost:{server.port}", flush=True)
    while not stop.wait(0.2):
        pass
    stopper = threading.Thread(target=server.shutdown, daemon=True)
    stopper.start()
    stopper.join(5)
    os._exit(0)


if __name__ == "__main__":
    main()
