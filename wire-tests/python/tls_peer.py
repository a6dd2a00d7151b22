"""TLS and mutual-TLS peer (pyarrow), server or client.

server --port P --cert F --key F [--client-ca F]
    Serves on grpc+tls://localhost:PORT with that certificate/key. With --client-ca, client
    certificates are required and verified against that CA. DoAction "whoami" answers one Result with
    the UTF-8 of context.peer_identity() (may be empty); DoGet (any ticket) answers one int64 column
    "n" = 0..9999 in 10 batches of 1000 rows. Prints `Server listening on localhost:<port>` once ready;
    stops when stdin reaches EOF.
client --port P [--host localhost] [--scheme grpc+tls|grpc+tcp] [--ca F] [--cert F --key F]
       [--override-hostname H] [--disable-verification] --expect ok|fail [--timeout 10]
    Connects to SCHEME://HOST:P with the given roots, client certificate, hostname override and
    verification switch.
    --expect ok  : DoAction whoami (prints `identity=<value>`), DoGet(b"t") must give exactly
                   n = 0..9999; prints `PASS tls`.
    --expect fail: the first call (DoAction whoami, deadline TIMEOUT) must raise before the deadline;
                   prints `PASS refused after <secs>s: <ExceptionClass>: <message>`.
    Otherwise prints `FAIL tls: <reason>`. Exit 0 on PASS, 1 on FAIL.
    More cases may follow, each after `--and` with options of its own: they run in turn, each
    after a line `CASE <i>`; exit 1 if any failed.
"""
import argparse
import sys
import threading
import time

import pyarrow as pa
import pyarrow.flight as flight

ROWS, BATCH_ROWS = 10000, 1000
SCHEMA = pa.schema([pa.field("n", pa.int64())])


def read(path):
    with open(path, "rb") as fh:
        return fh.read()


class Server(flight.FlightServerBase):
    def do_action(self, context, action):
        if action.type != "whoami":
            raise NotImplementedError(f"unknown action {action.type!r}")
        identity = context.peer_identity()
        if isinstance(identity, str):
            identity = identity.encode()
        return [flight.Result(identity or b"")]

    def list_actions(self, context):
        return [("whoami", "The peer identity of the caller")]

    def do_get(self, context, ticket):
        batches = [pa.record_batch([pa.array(range(start, start + BATCH_ROWS), pa.int64())], schema=SCHEMA)
                   for start in range(0, ROWS, BATCH_ROWS)]
        return flight.RecordBatchStream(pa.RecordBatchReader.from_batches(SCHEMA, batches))


def serve(a):
    kwargs = {"tls_certificates": [flight.CertKeyPair(read(a.cert), read(a.key))]}
    if a.client_ca:
        kwargs.update(verify_client=True, root_certificates=read(a.client_ca))
    server = Server(f"grpc+tls://localhost:{a.port}", **kwargs)
    print(f"Server listening on localhost:{server.port}", flush=True)
    threading.Thread(target=lambda: (sys.stdin.read(), server.shutdown()), daemon=True).start()
    server.serve()
    return 0


def whoami(c, timeout):
    opts = flight.FlightCallOptions(timeout=timeout)
    return [r.body.to_pybytes() for r in c.do_action(flight.Action("whoami", b""), options=opts)]


def client(a):
    kwargs = {}
    if a.ca:
        kwargs["tls_root_certs"] = read(a.ca)
    if a.cert or a.key:
        if not (a.cert and a.key):
            print("FAIL tls: --cert and --key go together")
            return 1
        kwargs.update(cert_chain=read(a.cert), private_key=read(a.key))
    if a.override_hostname:
        kwargs["override_hostname"] = a.override_hostname
    if a.disable_verification:
        kwargs["disable_server_verification"] = True
    location = f"{a.scheme}://{a.host}:{a.port}"
    start = time.monotonic()
    try:
        c = flight.connect(location, **kwargs)
        results = whoami(c, a.timeout)
    except Exception as e:  # noqa: BLE001 - any refusal counts
        elapsed = time.monotonic() - start
        message = " ".join(str(e).split())
        if a.expect == "ok":
            print(f"FAIL tls: whoami on {location} raised {type(e).__name__}: {message}")
            return 1
        if elapsed >= a.timeout or isinstance(e, flight.FlightTimedOutError):
            print(f"FAIL tls: not refused within {a.timeout}s (after {elapsed:.2f}s: {type(e).__name__}: {message})")
            return 1
        print(f"PASS refused after {elapsed:.2f}s: {type(e).__name__}: {message}")
        return 0
    if a.expect == "fail":
        print(f"FAIL tls: whoami on {location} succeeded after {time.monotonic() - start:.2f}s: {results!r}")
        return 1
    if len(results) != 1:
        print(f"FAIL tls: whoami gave {len(results)} results, expected 1")
        return 1
    print(f"identity={results[0].decode('utf-8', 'replace')}")
    try:
        table = c.do_get(flight.Ticket(b"t"), options=flight.FlightCallOptions(timeout=a.timeout)).read_all()
    except Exception as e:  # noqa: BLE001
        print(f"FAIL tls: DoGet raised {type(e).__name__}: {' '.join(str(e).split())}")
        return 1
    if table.column_names != ["n"] or table.column("n").type != pa.int64():
        print(f"FAIL tls: DoGet schema is {table.schema}, expected n: int64")
        return 1
    if table.column("n").to_pylist() != list(range(ROWS)):
        print(f"FAIL tls: DoGet rows are not n = 0..{ROWS - 1} ({table.num_rows} rows)")
        return 1
    print("PASS tls")
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mode", choices=["server", "client"])
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--cert", help="PEM certificate (server: its own; client: for mutual TLS)")
    ap.add_argument("--key", help="PEM PKCS#8 private key matching --cert")
    ap.add_argument("--client-ca", help="server: require client certificates signed by this CA")
    ap.add_argument("--host", default="localhost")
    ap.add_argument("--scheme", choices=["grpc+tls", "grpc+tcp"], default="grpc+tls")
    ap.add_argument("--ca", help="client: PEM root certificates to trust")
    ap.add_argument("--override-hostname")
    ap.add_argument("--disable-verification", action="store_true")
    ap.add_argument("--expect", choices=["ok", "fail"])
    ap.add_argument("--timeout", type=float, default=10.0)
    argv = sys.argv[1:]
    if argv[:1] != ["client"]:
        a = ap.parse_args(argv)
        if not (a.cert and a.key):
            ap.error("server needs --cert and --key")
        return serve(a)
    cases = [[]]
    for arg in argv[1:]:
        if arg == "--and":
            cases.append([])
        else:
            cases[-1].append(arg)
    failed = 0
    for i, case in enumerate(cases, 1):
        a = ap.parse_args(["client"] + case)
        if not a.expect:
            ap.error("client needs --expect ok|fail")
        if len(cases) > 1:
            print(f"CASE {i}", flush=True)
        failed |= client(a)
        sys.stdout.flush()
    return failed


if __name__ == "__main__":
    sys.exit(main())
