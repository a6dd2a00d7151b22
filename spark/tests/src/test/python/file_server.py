"""A pyarrow Flight server serving one Arrow IPC file: the Spark tests' non-flightwire endpoint.

    python file_server.py --file sales.arrow --name sales --host 127.0.0.6 --port 0

GetFlightInfo of the path [NAME] answers the file's schema and row count with one endpoint
(ticket NAME, no locations: this server; with --reuse-connection, the location
arrow-flight-reuse-connection://?); DoGet streams the file's batches as stored. Any other
descriptor, a command included, is NOT_FOUND: this server knows no scan command. Prints
"listening on grpc+tcp://HOST:PORT" once it serves.
"""
import argparse

import pyarrow as pa
import pyarrow.flight as flight


class FileServer(flight.FlightServerBase):
    def __init__(self, location, table, name, reuse):
        super().__init__(location)
        self.table = table
        self.name = name
        self.reuse = reuse

    def _info(self, descriptor):
        if descriptor.descriptor_type != flight.DescriptorType.PATH or \
                [p.decode() if isinstance(p, bytes) else p for p in descriptor.path] != [self.name]:
            raise KeyError("no such flight: " + str(descriptor))
        locations = [flight.Location("arrow-flight-reuse-connection://?")] if self.reuse else []
        endpoint = flight.FlightEndpoint(self.name.encode(), locations)
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
    ap.add_argument("--reuse-connection", action="store_true",
                    help="endpoints name arrow-flight-reuse-connection://? instead of no location")
    args = ap.parse_args()
    with pa.memory_map(args.file) as source:
        table = pa.ipc.open_file(source).read_all()
    server = FileServer(f"grpc+tcp://{args.host}:{args.port}", table, args.name, args.reuse_connection)
    print(f"listening on grpc+tcp://{args.host}:{server.port}", flush=True)
    server.serve()


if __name__ == "__main__":
    main()
