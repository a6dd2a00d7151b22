"""A pyarrow Flight server serving one Arrow IPC file: the Spark tests' non-flightwire endpoint.

    python file_server.py --file sales.arrow --name sales --host 127.0.0.6 --port 0

GetFlightInfo of the path [NAME] answers the file's schema and row count with one endpoint
(ticket NAME, no locations: this server); DoGet streams the file's batches as stored. Any other
descriptor, a command included, is NOT_FOUND: this server knows no scan command. Prints
"listening on grpc+tcp://HOST:PORT" once it serves.
"""
import argparse

import pyarrow as pa
import pyarrow.flight as flight


class FileServer(flight.FlightServerBase):
    def __init__(self, location, table, name):
        super().__init__(location)
        self.table = table
        self.name = name

    def _info(self, descriptor):
        if descriptor.descriptor_type != flight.DescriptorType.PATH or \
                [p.decode() if isinstance(p, bytes) else p for p in descriptor.path] != [self.name]:
            raise KeyError("no such flight: " + str(descriptor))
        endpoint = flight.FlightEndpoint(self.name.encode(), [])
        return flight.FlightInfo(self.table.schema, descriptor, [endpoint], self.table.num_rows, self.table.nbytes)

    def get_flight_info(self, context, descriptor):
        return self._info(descriptor)  # KeyError: NOT_FOUND

    def list_flights(self, context, criteria):
        yield self._info(flight.FlightDescriptor.for_path(self.name))

    def do_get(self, context, ticket):
        if ticket.ticket.decode() != self.name:
            raise KeyError("unknown ticket")
        return flight.RecordBatchStream(self.table)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--file", required=True)
    ap.add_argument("--name", required=True)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0)
    args = ap.parse_args()
    with pa.memory_map(args.file) as source:
        table = pa.ipc.open_file(source).read_all()
    server = FileServer(f"grpc+tcp://{args.host}:{args.port}", table, args.name)
    print(f"listening on grpc+tcp://{args.host}:{server.port}", flush=True)
    server.serve()


if __name__ == "__main__":
    main()
