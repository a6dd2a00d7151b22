"""Middleware peer (pyarrow): the Arrow integration `middleware` scenario, plus cookies and tracing.

server --port P [--trailers-only]
    Plaintext grpc://localhost. Middleware "echo" reads the request header `x-middleware` on every call
    and sends its value back as the response header `x-middleware` through sending_headers. Note that
    pyarrow (gRPC C++) then answers a failed call with HEADERS (x-middleware) plus a separate trailers
    block, never Trailers-Only, and sends x-middleware twice on GetFlightInfo. With --trailers-only,
    GetFlightInfo instead attaches x-middleware itself: as a header on success and as a trailer on
    failure, which gRPC C++ then sends as a single Trailers-Only block.
    Middleware "cookie" collects the request `cookie` headers and holds the session cookie.
    GetFlightInfo: command b"success" -> FlightInfo(empty schema, that descriptor, no endpoints,
    -1 records, -1 bytes); anything else -> FlightServerError("Unknown") (gRPC UNKNOWN).
    DoAction "set-cookie": response header `set-cookie: flight_session=s1; Path=/` on that call only;
    one Result b"ok". DoAction "echo-cookie": one Result = the request `cookie` values joined by "; ".
    Prints `Server listening on localhost:<port>` once ready; stops when stdin reaches EOF.
client --port P
    A client middleware sends `x-middleware: expected value` on every call and records the
    `x-middleware` value it receives. GetFlightInfo(command b"") must fail and GetFlightInfo(command
    b"success") must succeed, each having received "expected value". Prints `PASS middleware` (exit 0)
    or `FAIL middleware: <reason>` (exit 1).
trace --port P --traceparent TP [--tracestate TS]
    DoAction("trace", b"") with request headers traceparent (and tracestate); prints `RESULT <body>`
    per Result and exits 0, or `FAIL trace: <error>` and exits 1.
"""
import argparse
import sys
import threading

import pyarrow as pa
import pyarrow.flight as flight

HEADER = "x-middleware"
EXPECTED = "expected value"
SESSION_COOKIE = "flight_session=s1; Path=/"


def text(value):
    return value.decode("utf-8", "replace") if isinstance(value, (bytes, bytearray)) else str(value)


def header_values(headers, name):
    """All values of header `name` in a pyarrow header dict, whatever the case of its keys and
    whether keys/values are str or bytes."""
    found = []
    for key, values in (headers or {}).items():
        if text(key).lower() != name:
            continue
        if isinstance(values, (str, bytes, bytearray)):
            values = [values]
        found.extend(text(v) for v in values)
    return found


# ---------------------------------------------------------------- server

class EchoMiddleware(flight.ServerMiddleware):
    def __init__(self, values, via_handler):
        self.values = values
        self.via_handler = via_handler  # the handler attaches the values itself (--trailers-only)

    def sending_headers(self):
        return {HEADER: self.values} if self.values and not self.via_handler else None


class EchoFactory(flight.ServerMiddlewareFactory):
    def __init__(self, trailers_only=False):
        self.trailers_only = trailers_only

    def start_call(self, info, headers):
        via_handler = self.trailers_only and info.method == flight.FlightMethod.GET_FLIGHT_INFO
        return EchoMiddleware(header_values(headers, HEADER), via_handler)


class CookieMiddleware(flight.ServerMiddleware):
    def __init__(self, cookies):
        self.cookies = cookies
        self.set_cookie = SESSION_COOKIE


class CookieFactory(flight.ServerMiddlewareFactory):
    def start_call(self, info, headers):
        return CookieMiddleware(header_values(headers, "cookie"))


class Server(flight.FlightServerBase):
    def get_flight_info(self, context, descriptor):
        echo = context.get_middleware("echo")
        ok = descriptor.descriptor_type == flight.DescriptorType.CMD and descriptor.command == b"success"
        if echo is not None and echo.via_handler:
            # Custom initial metadata keeps gRPC C++ from using Trailers-Only, so on failure the
            # value goes into the trailers only.
            for value in echo.values:
                (context.add_header if ok else context.add_trailer)(HEADER, value)
        if ok:
            return flight.FlightInfo(pa.schema([]), descriptor, [], -1, -1)
        raise flight.FlightServerError("Unknown")

    def list_actions(self, context):
        return [("set-cookie", "Answer with a session cookie"),
                ("echo-cookie", "Return the request cookies")]

    def do_action(self, context, action):
        cookie = context.get_middleware("cookie")
        if action.type == "set-cookie":
            # pyarrow asks every middleware for its sending_headers right after start_call, before
            # the handler knows the action, so the cookie is attached here on the middleware's behalf.
            context.add_header("set-cookie", cookie.set_cookie)
            return [flight.Result(b"ok")]
        if action.type == "echo-cookie":
            return [flight.Result("; ".join(cookie.cookies).encode())]
        raise NotImplementedError(f"unknown action {action.type!r}")


def serve(port, trailers_only):
    middleware = {"echo": EchoFactory(trailers_only), "cookie": CookieFactory()}
    server = Server(f"grpc://localhost:{port}", middleware=middleware)
    print(f"Server listening on localhost:{server.port}", flush=True)
    threading.Thread(target=lambda: (sys.stdin.read(), server.shutdown()), daemon=True).start()
    server.serve()
    return 0


# ---------------------------------------------------------------- client

class RecordingMiddleware(flight.ClientMiddleware):
    def __init__(self, factory):
        self.factory = factory

    def sending_headers(self):
        return {HEADER: EXPECTED}

    def received_headers(self, headers):
        # pyarrow calls this twice (response headers, then trailers), or once with the whole block
        # for a Trailers-Only response. Keep the last value seen, never clear it.
        self.factory.callbacks.append(dict(headers or {}))
        values = header_values(headers, HEADER)
        if values:
            self.factory.received = values[-1]


class RecordingFactory(flight.ClientMiddlewareFactory):
    def __init__(self):
        self.reset()

    def reset(self):
        self.received = None
        self.callbacks = []

    def start_call(self, info):
        return RecordingMiddleware(self)


def client(port):
    factory = RecordingFactory()
    c = flight.connect(f"grpc://localhost:{port}", middleware=[factory])
    opts = flight.FlightCallOptions(timeout=30)

    try:
        c.get_flight_info(flight.FlightDescriptor.for_command(b""), options=opts)
        print("FAIL middleware: GetFlightInfo(command b\"\") succeeded, expected an error")
        return 1
    except pa.ArrowException:
        pass
    if factory.received != EXPECTED:
        print(f"FAIL middleware: failed call: received {HEADER}={factory.received!r}, expected {EXPECTED!r} "
              f"(received_headers calls: {factory.callbacks!r})")
        return 1

    factory.reset()
    try:
        c.get_flight_info(flight.FlightDescriptor.for_command(b"success"), options=opts)
    except pa.ArrowException as e:
        print(f"FAIL middleware: GetFlightInfo(command b\"success\") raised {type(e).__name__}: {e}")
        return 1
    if factory.received != EXPECTED:
        print(f"FAIL middleware: successful call: received {HEADER}={factory.received!r}, expected {EXPECTED!r} "
              f"(received_headers calls: {factory.callbacks!r})")
        return 1
    print("PASS middleware")
    return 0


def trace(port, traceparent, tracestate):
    headers = [(b"traceparent", traceparent.encode())]
    if tracestate is not None:
        headers.append((b"tracestate", tracestate.encode()))
    try:
        c = flight.connect(f"grpc://localhost:{port}")
        opts = flight.FlightCallOptions(timeout=30, headers=headers)
        for result in c.do_action(flight.Action("trace", b""), options=opts):
            print(f"RESULT {result.body.to_pybytes().decode('utf-8', 'replace')}", flush=True)
    except Exception as e:  # noqa: BLE001
        print(f"FAIL trace: {type(e).__name__}: {' '.join(str(e).split())}")
        return 1
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mode", choices=["server", "client", "trace"])
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--traceparent")
    ap.add_argument("--tracestate")
    ap.add_argument("--trailers-only", action="store_true",
                    help="server: a failed GetFlightInfo carries x-middleware in a Trailers-Only response")
    a = ap.parse_args()
    if a.mode == "server":
        return serve(a.port, a.trailers_only)
    if a.mode == "client":
        return client(a.port)
    if not a.traceparent:
        ap.error("trace needs --traceparent")
    return trace(a.port, a.traceparent, a.tracestate)


if __name__ == "__main__":
    sys.exit(main())
