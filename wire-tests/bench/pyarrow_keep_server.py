"""pyarrow stand-in of the demo's upload store: the reference server of demo_roundtrip.py.

usage: pyarrow_keep_server.py [--port P]

DoPut keeps the uploaded table under its descriptor path (read_all: the batches stay as sent, as
chunks), GetFlightInfo and ListFlights describe the stored tables, DoGet (ticket = the path joined by
"/") serves the stored batches with a RecordBatchStream, DoExchange echoes every batch. Prints
`Server listening on localhost:<port>`, serves until stdin reaches EOF or SIGTERM.
"""
import argparse
import signal
import sys
import threading

import pyarrow.flight as flight


class KeepServer(flight.FlightServerBase):
    def __init__(self, location):
        super().__init__(location)
        self.tables = {}
        self.lock = threading.Lock()

    def _info(self, key, table):
        descriptor = flight.FlightDescriptor.for_path(*key.split("/"))
        return flight.FlightInfo(table.schema, descriptor, [flight.FlightEndpoint(key.encode(), [])],
                                 table.num_rows, -1)  # nbytes crashes pyarrow 25 on a received union

    def do_put(self, context, descriptor, reader, writer):
        key = "/".join(p.decode() for p in descriptor.path)
        table = reader.read_all()
        with self.lock:
            self.tables[key] = table

    def get_flight_info(self, context, descriptor):
        key = "/".join(p.decode() for p in descriptor.path)
        with self.lock:
            if key not in self.tables:
                raise KeyError(f"unknown path {key}")
            return self._info(key, self.tables[key])

    def list_flights(self, context, criteria):
        with self.lock:
            infos = [self._info(k, t) for k, t in self.tables.items()]
        yield from infos

    def do_get(self, context, ticket):
        with self.lock:
            return flight.RecordBatchStream(self.tables[ticket.ticket.decode()])

    def do_exchange(self, context, descriptor, reader, writer):
        writer.begin(reader.schema)
        for chunk in reader:
            writer.write_batch(chunk.data)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    server = KeepServer(f"grpc+tcp://localhost:{parser.parse_args().port}")
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
    print(f"Server listening on localhost:{server.port}", flush=True)
    while not stop.wait(0.2):
        pass
    server.shutdown()


if __name__ == "__main__":
    main()
