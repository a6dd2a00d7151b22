"""pyarrow client of the flightwire demo service over a Unix domain socket.

Usage: unix_client.py --path /tmp/x.sock
Lists flights, reads dataset/sales, uploads a table and finds it with the list_tables action.
Exits non-zero on any failure.
"""
import argparse
import sys

import pyarrow as pa
import pyarrow.flight as flight


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--path", required=True)
    a = ap.parse_args()
    client = flight.connect(f"grpc+unix://{a.path}")
    opts = flight.FlightCallOptions(timeout=30)
    paths = sorted("/".join(p.decode() for p in i.descriptor.path) for i in client.list_flights(options=opts))
    assert "dataset/sales" in paths, paths
    table = client.do_get(flight.Ticket(b"dataset/sales"), options=opts).read_all()
    assert table.num_rows == 3 and table.column("region").to_pylist() == ["North", "South", "East"], table
    upload = pa.table({"id": [1, 2, 3, 4, 5], "value": [10.5, 20.3, 30.1, 40.7, 50.2]})
    writer, _ = client.do_put(flight.FlightDescriptor.for_path("uploads", "unix"), upload.schema, options=opts)
    writer.write_table(upload)
    writer.close()
    listed = b"".join(r.body.to_pybytes() for r in client.do_action(flight.Action("list_tables", b""), options=opts))
    assert b"uploads/unix" in listed, listed
    back = client.do_get(flight.Ticket(b"uploads/unix"), options=opts).read_all()
    assert back.equals(upload), back
    print("unix socket client: OK")
    client.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
