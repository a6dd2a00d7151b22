#!/usr/bin/env python3
"""Raw gRPC wire checks against a Flight conformance server, using grpcio only.

No Flight library and no generated protobuf code: the few messages used are encoded by
hand and sent with grpcio's generic ``unary_unary`` / ``unary_stream`` callables whose
(de)serializers are the identity, so the bytes on the wire are exactly the ones built here.

Usage: grpcio_checks.py --port P [--host H] [--check NAME]... [--list]
Prints ``PASS <name>`` / ``FAIL <name>: <reason>`` per check; exit 1 if any failed.
"""
import argparse
import concurrent.futures
import sys
import time

import grpc
from harness import run_checks

SERVICE = "/arrow.flight.protocol.FlightService/"

# --- hand-written protobuf -------------------------------------------------------------------


def varint(n):
    out = bytearray()
    n &= (1 << 64) - 1
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def field_varint(num, value):
    return varint(num << 3 | 0) + varint(value)


def field_bytes(num, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    return varint(num << 3 | 2) + varint(len(data)) + data


def descriptor_cmd(cmd):
    """FlightDescriptor{type=CMD(2), cmd}."""
    return field_varint(1, 2) + field_bytes(2, cmd)


def descriptor_path(*parts):
    """FlightDescriptor{type=PATH(1), path...}."""
    return field_varint(1, 1) + b"".join(field_bytes(3, p) for p in parts)


def action(type_, body=b""):
    """Action{type, body}."""
    return field_bytes(1, type_) + (field_bytes(2, body) if body else b"")


def ticket(t):
    """Ticket{ticket}."""
    return field_bytes(1, t)


def parse_fields(buf):
    """Decode a protobuf message into a list of (field number, wire type, value)."""
    out, i = [], 0
    while i < len(buf):
        key, i = _read_varint(buf, i)
        num, wt = key >> 3, key & 7
        if wt == 0:
            v, i = _read_varint(buf, i)
        elif wt == 2:
            n, i = _read_varint(buf, i)
            v = bytes(buf[i:i + n])
            if len(v) != n:
                raise ValueError("truncated length-delimited field")
            i += n
        elif wt == 1:
            v, i = bytes(buf[i:i + 8]), i + 8
        elif wt == 5:
            v, i = bytes(buf[i:i + 4]), i + 4
        else:
            raise ValueError(f"unsupported wire type {wt}")
        out.append((num, wt, v))
    return out


def _read_varint(buf, i):
    shift = result = 0
    while True:
        if i >= len(buf):
            raise ValueError("truncated varint")
        b = buf[i]
        i += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            return result, i
        shift += 7


def result_body(msg):
    """Result{body=1} -> body bytes (b'' when absent)."""
    body = b""
    for num, wt, v in parse_fields(msg):
        if num == 1 and wt == 2:
            body = v
    return body


# --- helpers ---------------------------------------------------------------------------------

ERROR_TABLE = [  # kind, expected gRPC status (CONTRACT.md error table; already_exists skipped)
    ("unauthenticated", grpc.StatusCode.UNAUTHENTICATED),
    ("unauthorized", grpc.StatusCode.PERMISSION_DENIED),
    ("unavailable", grpc.StatusCode.UNAVAILABLE),
    ("timed_out", grpc.StatusCode.DEADLINE_EXCEEDED),
    ("cancelled", grpc.StatusCode.CANCELLED),
    ("internal", grpc.StatusCode.INTERNAL),
    ("server_error", grpc.StatusCode.UNKNOWN),
    ("invalid", grpc.StatusCode.INVALID_ARGUMENT),
    ("not_found", grpc.StatusCode.NOT_FOUND),
    ("unimplemented", grpc.StatusCode.UNIMPLEMENTED),
]


def ident(b):
    return b


class CheckFailed(Exception):
    pass


def expect(cond, msg):
    if not cond:
        raise CheckFailed(msg)


class Checks:
    def __init__(self, host, port, verbose, exact_details=True):
        self.target = f"{host}:{port}"
        self.verbose = verbose
        self.exact_details = exact_details
        self.channel = grpc.insecure_channel(self.target, options=[
            ("grpc.enable_http_proxy", 0),
            ("grpc.max_receive_message_length", -1),
        ])
        grpc.channel_ready_future(self.channel).result(timeout=10)

    def info(self, msg):
        if self.verbose:
            print(f"  info: {msg}", flush=True)

    def details_ok(self, got, want):
        """Exact match by default; with --no-exact-details the C++ server's suffix
        (". Detail: <FlightStatusDetail or Python traceback>") after the message is tolerated."""
        if got == want:
            return True
        return not self.exact_details and got is not None and got.startswith(want + ". Detail: ")

    def unary(self, method, path=None):
        return self.channel.unary_unary(path or SERVICE + method,
                                        request_serializer=ident, response_deserializer=ident)

    def stream(self, method):
        return self.channel.unary_stream(SERVICE + method,
                                         request_serializer=ident, response_deserializer=ident)

    def do_action(self, type_, body=b"", **kw):
        return [result_body(m) for m in self.stream("DoAction")(action(type_, body), **kw)]

    # --- checks ---

    def check_status_codes(self):
        gfi = self.unary("GetFlightInfo")
        problems = []
        for kind, code in ERROR_TABLE:
            msg = f"msg {kind} ü%"
            try:
                gfi(descriptor_cmd(f"error:{kind}:{msg}"), timeout=10)
                problems.append(f"{kind}: call succeeded")
                continue
            except grpc.RpcError as e:
                got_code, got_details = e.code(), e.details()
            self.info(f"{kind}: {got_code.name} {got_details!r}")
            if got_code != code:
                problems.append(f"{kind}: status {got_code.name}, expected {code.name}")
            if not self.details_ok(got_details, msg):
                problems.append(f"{kind}: details {got_details!r}, expected {msg!r}")
        expect(not problems, "; ".join(problems))

    def check_trailers_only(self):
        call = self.stream("DoAction")(action("error", b"not_found:nope"), timeout=10)
        msgs = []
        try:
            for m in call:
                msgs.append(m)
            raise CheckFailed(f"call succeeded with {len(msgs)} messages")
        except grpc.RpcError:
            pass
        expect(call.code() == grpc.StatusCode.NOT_FOUND,
               f"status {call.code().name} {call.details()!r}, expected NOT_FOUND")
        expect(not msgs, f"{len(msgs)} messages before the error")
        expect(self.details_ok(call.details(), "nope"),
               f"details {call.details()!r}, expected 'nope'")
        initial = call.initial_metadata()
        trailing = call.trailing_metadata()
        self.info(f"initial_metadata={initial!r} trailing_metadata={trailing!r}")
        # grpcio never exposes grpc-status/grpc-message as metadata entries (they are reserved
        # and consumed by the core). "grpc-status arrived" therefore shows as: trailing metadata
        # was delivered (a tuple, not None) and the code is NOT_FOUND with the server's message;
        # grpc libraries never generate NOT_FOUND themselves, and a response without grpc-status
        # would surface as UNKNOWN/INTERNAL instead.
        expect(trailing is not None, "trailing_metadata() is None: no trailers received")
        expect(all(not k.startswith(":") for k, _ in (initial or ())),
               f"pseudo-headers leaked into initial metadata: {initial!r}")
        self.info(f"debug_error_string={call.debug_error_string()!r}")

    def check_unknown_method(self):
        problems = []
        for path in (SERVICE + "NoSuchMethod", "/no.such.Service/Method"):
            try:
                self.unary(None, path)(b"", timeout=10)
                problems.append(f"{path}: call succeeded")
            except grpc.RpcError as e:
                self.info(f"{path}: {e.code().name} {e.details()!r}")
                if e.code() != grpc.StatusCode.UNIMPLEMENTED:
                    problems.append(f"{path}: {e.code().name} {e.details()!r}, expected UNIMPLEMENTED")
        expect(not problems, "; ".join(problems))

    def check_ok_unary(self):
        res = self.do_action("echo", b"ping", timeout=10)
        expect(res == [b"ping"], f"echo results {res!r}, expected [b'ping']")
        info = self.unary("GetFlightInfo")(descriptor_path("test", "ints"), timeout=10)
        expect(isinstance(info, bytes) and len(info) > 0, f"empty FlightInfo {info!r}")
        fields = {num for num, _, _ in parse_fields(info)}
        self.info(f"FlightInfo {len(info)} bytes, fields {sorted(fields)}")

    def check_deadline(self):
        t0 = time.monotonic()
        try:
            res = self.do_action("sleep", b"3000", timeout=0.3)
            raise CheckFailed(f"call succeeded: {res!r}")
        except grpc.RpcError as e:
            elapsed = time.monotonic() - t0
            self.info(f"{e.code().name} {e.details()!r} after {elapsed:.3f}s")
            expect(e.code() == grpc.StatusCode.DEADLINE_EXCEEDED,
                   f"status {e.code().name} {e.details()!r}, expected DEADLINE_EXCEEDED")
            expect(elapsed < 2.0, f"took {elapsed:.2f}s")

    def check_concurrent_streams(self, n=100, count=50):
        stub = self.stream("DoAction")
        # Start all calls first (each is an HTTP/2 stream on the one channel), then drain
        # them from a pool of threads so all 100 are in flight together.
        calls = [stub(action("count", str(count).encode()), timeout=60) for _ in range(n)]
        expected = [str(i).encode() for i in range(count)]

        def drain(call):
            return [result_body(m) for m in call]

        with concurrent.futures.ThreadPoolExecutor(max_workers=n) as pool:
            futs = [pool.submit(drain, c) for c in calls]
            bad = []
            for i, f in enumerate(futs):
                try:
                    r = f.result(timeout=90)
                    if r != expected:
                        bad.append(f"call {i}: {len(r)} results, first {r[:3]!r}")
                except grpc.RpcError as e:
                    bad.append(f"call {i}: {e.code().name} {e.details()!r}")
        expect(not bad, f"{len(bad)}/{n} calls wrong: " + "; ".join(bad[:5]))

    def check_metadata(self):
        res = self.do_action("headers", timeout=10,
                             metadata=[("x-one", "1"), ("x-two-bin", b"\x00\x01\xff")])
        texts = [r.decode("utf-8", "replace") for r in res]
        self.info(f"headers results {texts!r}")
        expect("x-one: 1" in texts, f"'x-one: 1' missing from {texts!r}")
        expect("x-two-bin: 0001ff" in texts, f"'x-two-bin: 0001ff' missing from {texts!r}")
        xs = [t for t in texts if t.startswith("x-")]
        expect(xs == sorted(xs), f"results not sorted by name: {texts!r}")

    def check_response_metadata(self):
        """flightwire's conformance server adds response metadata to the `headers` action (an
        extra beyond CONTRACT.md): a header, a binary header and a trailer. A request header makes
        the action answer one message, so the response is not Trailers-Only."""
        call = self.stream("DoAction")(action("headers", b""), timeout=10, metadata=[("x-probe", "1")])
        results = list(call)
        initial = dict(call.initial_metadata() or ())
        trailing = dict(call.trailing_metadata() or ())
        self.info(f"{len(results)} results; initial {initial!r}; trailing {trailing!r}")
        expect(len(results) == 1, f"expected one result, got {len(results)}")
        expect(initial.get("x-flightwire-header") == "h1", f"response header missing: {initial!r}")
        expect(initial.get("x-flightwire-header-bin") == b"\x00\x01\xfe", f"binary response header: {initial!r}")
        expect(trailing.get("x-flightwire-trailer") == "t1", f"trailer missing: {trailing!r}")


CHECKS = ["status_codes", "trailers_only", "unknown_method", "ok_unary", "deadline",
          "concurrent_streams", "metadata", "response_metadata"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int)
    ap.add_argument("--host", default="localhost")
    ap.add_argument("--check", action="append", default=[], choices=CHECKS)
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--exact-details", action=argparse.BooleanOptionalAction, default=True,
                    help="status details must equal the message exactly (default); "
                         "--no-exact-details accepts the pyarrow/C++ server's '. Detail: ...' suffix")
    ap.add_argument("-v", "--verbose", action="store_true", help="print what the server answered")
    a = ap.parse_args()
    if a.list:
        print("\n".join(CHECKS))
        return 0
    if a.port is None:
        ap.error("--port is required")
    checks = Checks(a.host, a.port, a.verbose, a.exact_details)
    return run_checks(checks, a.check or CHECKS, CheckFailed, a.verbose)


if __name__ == "__main__":
    sys.exit(main())
