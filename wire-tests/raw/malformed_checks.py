#!/usr/bin/env python3
"""Malformed input against a Flight conformance server, driven by a raw HTTP/2 client.

Every check sends one kind of bad input with the ``h2`` state machine over a plain socket (the
driver of ``h2_checks.py``, whose outbound header validation is switched off here so invalid
headers can be sent at all) and asserts three things:

1. the exact answer: the gRPC status (or the HTTP status, RST_STREAM or GOAWAY where gRPC is not
   reached), chosen per the gRPC/HTTP/2 rule cited in the check's docstring;
2. a readable ``grpc-message`` that says what was wrong;
3. where HTTP/2 allows (the error is a stream error), that a valid call on the *same* connection
   afterwards succeeds; after a connection error, that a new connection is served.

Status choices follow grpc/grpc ``doc/statuscodes.md`` (library-generated codes: protobuf parse
error INTERNAL, message larger than the limit RESOURCE_EXHAUSTED, unsupported compression
UNIMPLEMENTED, request cardinality violation UNIMPLEMENTED), ``doc/PROTOCOL-HTTP2.md`` and
``doc/compression.md``, RFC 9113 for HTTP/2-level faults, and Arrow's Flight mapping of an invalid
IPC stream (C++ ``Status::Invalid``) to INVALID_ARGUMENT.

Arrow IPC messages are made with pyarrow (``pyarrow.ipc``) and then broken by hand.

Usage: malformed_checks.py --port P [--host H] [--check NAME]... [--list] [-v]
       [--max-message-size N]   the server's inbound message limit (default 64 MiB; the size
                                 checks need it below 1 GiB)
Prints ``PASS <name>`` / ``FAIL <name>: <reason>`` per check and one ``observed`` line with the
answer; exit 1 if any failed.
"""
import argparse
import socket
import struct
import sys
import time

import h2.errors

from h2_checks import (CheckFailed, H2Client, action, expect, field_bytes, fmt_frames, grpc_frame,
                       result_body, ticket, varint, well_formed)
from harness import run_checks

OK, INVALID_ARGUMENT, DEADLINE_EXCEEDED, NOT_FOUND = 0, 3, 4, 5
RESOURCE_EXHAUSTED, UNIMPLEMENTED, INTERNAL = 8, 12, 13
STATUS_NAMES = {0: "OK", 1: "CANCELLED", 2: "UNKNOWN", 3: "INVALID_ARGUMENT", 4: "DEADLINE_EXCEEDED",
                5: "NOT_FOUND", 7: "PERMISSION_DENIED", 8: "RESOURCE_EXHAUSTED", 12: "UNIMPLEMENTED",
                13: "INTERNAL", 14: "UNAVAILABLE", 16: "UNAUTHENTICATED"}

# Structurally invalid protobuf: field 1, length-delimited, claims 127 bytes; only 7 follow.
GARBAGE_PROTO = b"\x0a\x7fgarbage"

# --- Flight messages -------------------------------------------------------------------------


def path_descriptor(*parts):
    """FlightDescriptor{type = PATH (1), path (field 3) = parts}."""
    return b"\x08\x01" + b"".join(field_bytes(3, p) for p in parts)


def flight_data(header=None, body=None, descriptor=None, app_metadata=None):
    out = b""
    if descriptor is not None:
        out += field_bytes(1, descriptor)
    if header is not None:
        out += field_bytes(2, header)
    if app_metadata is not None:
        out += field_bytes(3, app_metadata)
    if body is not None:
        out += varint(1000 << 3 | 2) + varint(len(body)) + body
    return out


def fb_field(buf, table, index):
    """Position of field ``index`` of the flatbuffer table at ``table``, or None if absent."""
    vtable = table - struct.unpack_from("<i", buf, table)[0]
    slot = 4 + 2 * index
    if slot >= struct.unpack_from("<H", buf, vtable)[0]:
        return None
    rel = struct.unpack_from("<H", buf, vtable + slot)[0]
    return table + rel if rel else None


def fb_deref(buf, pos):
    """Follows the uoffset stored at ``pos``."""
    return pos + struct.unpack_from("<I", buf, pos)[0]


class Ipc:
    """IPC messages (flatbuffer metadata, body) made by pyarrow, for breaking by hand."""

    def __init__(self):
        import pyarrow as pa  # only the IPC checks need it
        self.pa = pa

    def messages(self, schema, batches):
        pa = self.pa
        sink = pa.BufferOutputStream()
        with pa.ipc.new_stream(sink, schema) as w:
            for b in batches:
                w.write_batch(b)
        out = []
        for m in pa.ipc.MessageReader.open_stream(sink.getvalue()):
            body = m.body.to_pybytes() if m.body is not None else b""
            out.append((m.type, m.metadata.to_pybytes(), body))
        return out

    def ints(self, rows=3):
        """Schema {id: int64 not null} and one batch of ``rows`` rows: [(kind, header, body)]."""
        pa = self.pa
        schema = pa.schema([pa.field("id", pa.int64(), nullable=False)])
        batch = pa.record_batch([pa.array(range(rows), pa.int64())], schema=schema)
        return self.messages(schema, [batch])

    def strings(self):
        """Schema {name: utf8} and one batch."""
        pa = self.pa
        schema = pa.schema([("name", pa.utf8())])
        return self.messages(schema, [pa.record_batch([pa.array(["a", "bb", None])], schema=schema)])

    def struct(self):
        """Schema {s: struct<a: int64>}: [(kind, header, body)]."""
        pa = self.pa
        arr = pa.StructArray.from_arrays([pa.array([1, 2], pa.int64())], names=["a"])
        schema = pa.schema([("s", arr.type)])
        return self.messages(schema, [pa.record_batch([arr], schema=schema)])

    def dictionary(self):
        """Schema {d: dictionary<int32, utf8>}, its dictionary batch (id 0) and one batch."""
        pa = self.pa
        arr = pa.DictionaryArray.from_arrays(pa.array([0, 1, 0], pa.int32()), pa.array(["x", "y"]))
        schema = pa.schema([("d", arr.type)])
        return self.messages(schema, [pa.record_batch([arr], schema=schema)])


# --- the checks ------------------------------------------------------------------------------


class Checks:
    def __init__(self, host, port, verbose, max_message_size):
        self.host, self.port, self.verbose = host, port, verbose
        self.max_message_size = max_message_size
        self._ipc = None

    # ---- helpers

    @property
    def ipc(self):
        if self._ipc is None:
            self._ipc = Ipc()
        return self._ipc

    def info(self, msg):
        if self.verbose:
            print(f"  info: {msg}", flush=True)

    def client(self):
        c = H2Client(self.host, self.port)
        # send what we are told to, however wrong
        c.conn.config.validate_outbound_headers = False
        c.conn.config.normalize_outbound_headers = False
        c.pump(lambda: c.settings_received, timeout=5)  # the server's frame size and windows
        return c

    def observed(self, what):
        print(f"  observed: {what}", flush=True)

    def frames(self, c, st):
        self.info(f"stream {st.sid} frames: {fmt_frames(c.recorder.for_stream(st.sid))}")

    def send(self, c, method, payload, *, end=True, extra=(), **kw):
        """Opens a call and sends ``payload`` (raw DATA bytes, framing included)."""
        st = c.request(method, None, end=False, extra=list(extra), **kw)
        self.send_data(c, st, payload, end)
        return st

    @staticmethod
    def send_data(c, st, data, end):
        """Sends ``data`` in DATA frames no larger than the server allows, within its windows."""
        view = memoryview(data)
        while True:
            room = min(c.conn.max_outbound_frame_size, c.conn.local_flow_control_window(st.sid))
            if room <= 0 and view:
                c.pump(lambda: st.closed or c.conn.local_flow_control_window(st.sid) > 0, timeout=10)
                if st.closed:
                    return
                continue
            chunk, view = view[:room], view[room:]
            last = not view
            if chunk or (last and end):
                c.conn.send_data(st.sid, bytes(chunk), end_stream=last and end)
                c.flush()
            if last:
                return

    def wait(self, c, st, timeout=10.0):
        c.pump(lambda: st.closed, timeout)
        self.frames(c, st)
        return st

    def expect_status(self, st, code, *words):
        """A well-formed gRPC answer with ``code`` and a grpc-message containing every word."""
        why = well_formed(st)
        expect(why is None, f"malformed answer: {why} ({st.describe()})")
        expect(st.header(":status") == "200", f"expected a gRPC answer, got {st.describe()}")
        got = st.grpc_status()
        msg = st.grpc_message() or ""
        self.observed(f"{STATUS_NAMES.get(got, got)} {msg!r}")
        expect(got == code, f"expected grpc-status {STATUS_NAMES.get(code, code)}, got {st.describe()}")
        expect(msg and msg.isprintable(), f"grpc-message {msg!r} is empty or unreadable")
        for w in words:  # a tuple: any one of its words
            alternatives = w if isinstance(w, tuple) else (w,)
            expect(any(a.lower() in msg.lower() for a in alternatives),
                   f"grpc-message {msg!r} does not mention {' or '.join(map(repr, alternatives))}")

    def expect_usable(self, c):
        """A valid call on the same connection still succeeds."""
        st = c.call("DoAction", action("echo", b"still-usable"))
        expect(st.grpc_status() == OK and [result_body(m) for _, m in st.messages] == [b"still-usable"],
               f"the connection is not usable afterwards: {st.describe()}")

    def expect_new_connection_served(self):
        c = self.client()
        try:
            self.expect_usable(c)
        finally:
            c.close()

    def one_bad_call(self, method, payload, code, words, *, end=True, extra=(), timeout=10.0, **kw):
        """Sends one bad call, checks the status, then a good call on the same connection."""
        c = self.client()
        try:
            start = time.monotonic()
            st = self.wait(c, self.send(c, method, payload, end=end, extra=extra, **kw), timeout)
            took = time.monotonic() - start
            self.expect_status(st, code, *words)
            self.expect_usable(c)
            return took
        finally:
            c.close()

    # ---- gRPC framing

    def check_truncated_prefix(self):
        """Three bytes of a 5-byte prefix, then END_STREAM. grpc-java's deframer fails such a
        stream with INTERNAL ("end-of-stream mid-frame"); a stream error, so the connection
        stays usable."""
        self.one_bad_call("DoAction", b"\x00\x00\x00", INTERNAL, ["middle of a gRPC message"])

    def check_truncated_message(self):
        """A prefix declaring 100 bytes followed by 10, then END_STREAM: INTERNAL, as above."""
        self.one_bad_call("DoAction", struct.pack(">BI", 0, 100) + b"x" * 10, INTERNAL,
                          ["middle of a gRPC message"])

    def check_truncated_doput(self):
        """DoPut: a valid schema message, then half of a record batch message, then END_STREAM:
        INTERNAL, nothing of the partial message leaks."""
        msgs = self.ipc.ints()
        first = grpc_frame(flight_data(msgs[0][1], descriptor=path_descriptor("malformed", "t")))
        batch = grpc_frame(flight_data(msgs[1][1], msgs[1][2]))
        self.one_bad_call("DoPut", first + batch[:len(batch) // 2], INTERNAL, ["middle of a gRPC message"])

    def check_trailers_mid_message(self):
        """DoPut ended by a trailers HEADERS frame (END_STREAM) while a message is half received:
        the same fault as a DATA frame ending there, so INTERNAL."""
        msgs = self.ipc.ints()
        first = grpc_frame(flight_data(msgs[0][1], descriptor=path_descriptor("malformed", "t")))
        batch = grpc_frame(flight_data(msgs[1][1], msgs[1][2]))
        c = self.client()
        try:
            st = self.send(c, "DoPut", first + batch[:len(batch) // 2], end=False)
            c.conn.send_headers(st.sid, [("x-trailer", "1")], end_stream=True)
            c.flush()
            self.wait(c, st)
            self.expect_status(st, INTERNAL, "middle of a gRPC message")
            self.expect_usable(c)
        finally:
            c.close()

    def check_oversize_prefix(self):
        """A prefix declaring 1 GiB, above the server's limit, with 3 bytes behind it and the
        stream left open: RESOURCE_EXHAUSTED (statuscodes.md: "message larger than configured
        limit"), answered at once from the prefix alone, without waiting for (or buffering)
        the body."""
        expect(self.max_message_size < 1 << 30, "needs a server limit below 1 GiB (--max-message-size)")
        took = self.one_bad_call("DoAction", struct.pack(">BI", 0, 1 << 30) + b"abc", RESOURCE_EXHAUSTED,
                                 ["exceeds the limit"], end=False, timeout=3.0)
        self.info(f"answered in {took * 1000:.0f} ms")

    def check_oversize_prefix_doput(self):
        """DoPut: a valid first message, then a prefix of 2^32-1 bytes (the largest a prefix can
        say): RESOURCE_EXHAUSTED at once, the stream still open on the client's side."""
        msgs = self.ipc.ints()
        first = grpc_frame(flight_data(msgs[0][1], descriptor=path_descriptor("malformed", "t")))
        self.one_bad_call("DoPut", first + struct.pack(">BI", 0, 0xFFFFFFFF) + b"abc", RESOURCE_EXHAUSTED,
                          ["exceeds the limit"], end=False, timeout=3.0)

    def check_oversize_prefix_doexchange(self):
        """DoExchange: the first message already declares 2^32-1 bytes: RESOURCE_EXHAUSTED."""
        self.one_bad_call("DoExchange", struct.pack(">BI", 0, 0xFFFFFFFF), RESOURCE_EXHAUSTED,
                          ["exceeds the limit"], end=False, timeout=3.0)

    def check_declared_not_preallocated(self, streams=64):
        """64 calls on one connection, each declaring a message of exactly the limit (allowed)
        and sending 5 bytes of it. A server that allocates what a prefix declares would need
        64 x limit bytes (4 GiB at 64 MiB) for 64 x 10 bytes received; memory must follow the
        bytes that arrive. Then a valid call on the same connection succeeds, and the calls are
        cancelled (RST_STREAM CANCEL) without anything leaking."""
        c = self.client()
        try:
            prefix = struct.pack(">BI", 0, self.max_message_size) + b"12345"
            calls = [self.send(c, "DoExchange", prefix, end=False) for _ in range(streams)]
            self.expect_usable(c)
            closed = [s for s in calls if s.closed]
            expect(not closed, f"{len(closed)} calls ended early, first: {closed[0].describe() if closed else ''}")
            for s in calls:
                c.rst(s.sid)
            self.expect_usable(c)
            self.observed(f"{streams} calls declaring {self.max_message_size} bytes each held open; "
                          "the connection kept serving")
        finally:
            c.close()

    def check_compressed_without_encoding(self):
        """Compressed flag 1 with no grpc-encoding header: PROTOCOL-HTTP2.md says the flag needs
        a grpc-encoding other than identity; grpc-java answers INTERNAL."""
        self.one_bad_call("DoAction", grpc_frame(action("echo", b"x"), compressed=True), INTERNAL,
                          ["compressed", "grpc-encoding"])

    def check_compressed_identity(self):
        """Compressed flag 1 with grpc-encoding: identity: INTERNAL, as above."""
        self.one_bad_call("DoGet", grpc_frame(ticket(b"test/ints"), compressed=True), INTERNAL,
                          ["compressed", "grpc-encoding"], extra=[("grpc-encoding", "identity")])

    def check_reserved_flag_bits(self):
        """Flag byte 0x02 (reserved bits set): an invalid frame, INTERNAL."""
        self.one_bad_call("DoAction", b"\x02" + grpc_frame(action("echo", b"x"))[1:], INTERNAL, ["flag"])

    def check_gzip_encoding(self):
        """grpc-encoding: gzip, which the server does not support: compression.md says
        UNIMPLEMENTED, and the answer includes grpc-accept-encoding listing what it accepts."""
        c = self.client()
        try:
            st = self.wait(c, self.send(c, "DoAction", grpc_frame(action("echo", b"x"), compressed=True),
                                        extra=[("grpc-encoding", "gzip")]))
            self.expect_status(st, UNIMPLEMENTED, "gzip")
            accept = st.header("grpc-accept-encoding")
            expect(accept is not None and "identity" in accept,
                   f"grpc-accept-encoding {accept!r} does not list identity")
            self.expect_usable(c)
        finally:
            c.close()

    # ---- garbage protobuf in every request type

    def _garbage(self, method, words=("could not parse",)):
        """Structurally invalid protobuf as the request: a length-delimited field claiming more
        bytes than follow. grpc-java's server fails a request it cannot parse with INTERNAL
        (statuscodes.md: proto parse error is INTERNAL)."""
        self.one_bad_call(method, grpc_frame(GARBAGE_PROTO), INTERNAL, list(words))

    def check_garbage_handshake(self):
        """HandshakeRequest that does not parse: INTERNAL."""
        self._garbage("Handshake", ["HandshakeRequest"])

    def check_garbage_list_flights(self):
        """Criteria that does not parse: INTERNAL."""
        self._garbage("ListFlights")

    def check_garbage_get_flight_info(self):
        """FlightDescriptor that does not parse: INTERNAL."""
        self._garbage("GetFlightInfo")

    def check_garbage_poll_flight_info(self):
        """FlightDescriptor that does not parse: INTERNAL."""
        self._garbage("PollFlightInfo")

    def check_garbage_get_schema(self):
        """FlightDescriptor that does not parse: INTERNAL."""
        self._garbage("GetSchema")

    def check_garbage_do_get(self):
        """Ticket that does not parse: INTERNAL."""
        self._garbage("DoGet")

    def check_garbage_list_actions(self):
        """Empty that does not parse (unknown fields must still be well-formed): INTERNAL."""
        self._garbage("ListActions")

    def check_garbage_do_action(self):
        """Action that does not parse: INTERNAL."""
        self._garbage("DoAction")

    def check_garbage_flight_data_doput(self):
        """DoPut FlightData that does not parse as protobuf: INTERNAL."""
        self._garbage("DoPut", ["malformed FlightData"])

    def check_garbage_flight_data_doexchange(self):
        """DoExchange FlightData that does not parse as protobuf: INTERNAL."""
        self._garbage("DoExchange", ["malformed FlightData"])

    def check_two_requests_unary(self):
        """Two request messages to GetFlightInfo, which takes exactly one: statuscodes.md lists a
        request cardinality violation as UNIMPLEMENTED."""
        req = grpc_frame(path_descriptor("test", "ints"))
        self.one_bad_call("GetFlightInfo", req + req, UNIMPLEMENTED, ["one request"])

    def check_two_requests_server_streaming(self):
        """Two tickets to DoGet (server streaming, exactly one request): UNIMPLEMENTED."""
        req = grpc_frame(ticket(b"test/ints"))
        self.one_bad_call("DoGet", req + req, UNIMPLEMENTED, ["one request"])

    def check_no_request(self):
        """DoAction half-closed without any message: UNIMPLEMENTED (cardinality, as above)."""
        self.one_bad_call("DoAction", b"", UNIMPLEMENTED, ["missing"])

    # ---- Arrow IPC inside FlightData

    def _doput(self, messages, code, words, path="t"):
        """DoPut of the given FlightData payloads (the first gets the descriptor)."""
        payload = b""
        for i, (header, body) in enumerate(messages):
            desc = path_descriptor("malformed", path) if i == 0 else None
            payload += grpc_frame(flight_data(header, body, descriptor=desc))
        self.one_bad_call("DoPut", payload, code, words)

    def check_invalid_flatbuffer_short(self):
        """data_header of 3 bytes (a flatbuffer needs at least its 4-byte root offset):
        INVALID_ARGUMENT, the way Arrow C++ answers an IPC message it cannot verify (Invalid)."""
        self._doput([(b"\x01\x02\x03", None)], INVALID_ARGUMENT, ["data_header"])

    def check_invalid_flatbuffer_offsets(self):
        """data_header whose root offset points far outside it: INVALID_ARGUMENT."""
        self._doput([(b"\xff\xff\xff\x7f" + b"\x00" * 12, None)], INVALID_ARGUMENT, ["data_header"])

    def check_invalid_flatbuffer_corrupt_schema(self):
        """A real Schema flatbuffer with its table offsets overwritten: INVALID_ARGUMENT (what the
        reader trips over first depends on where the garbage points)."""
        header = bytearray(self.ipc.ints()[0][1])
        for i in range(4, min(len(header), 40)):
            header[i] = 0xFF
        self._doput([(bytes(header), None)], INVALID_ARGUMENT, [("schema", "IPC", "flatbuffer")])

    def check_cyclic_flatbuffer(self):
        """A Schema flatbuffer whose struct field lists itself as its own child (offsets are
        signed when read, so they can point backwards): a reader that follows it recurses
        forever. INVALID_ARGUMENT, and the server thread survives."""
        header = bytearray(self.ipc.struct()[0][1])
        message = fb_deref(header, 0)
        schema = fb_deref(header, fb_field(header, message, 2))      # Message.header
        fields = fb_deref(header, fb_field(header, schema, 1))       # Schema.fields
        field = fb_deref(header, fields + 4)                         # fields[0]
        children = fb_deref(header, fb_field(header, field, 5))      # Field.children
        struct.pack_into("<i", header, children + 4, field - (children + 4))  # children[0] = field
        self._doput([(bytes(header), None)], INVALID_ARGUMENT, ["schema"])

    def check_invalid_flatbuffer_doexchange(self):
        """DoExchange (echo) with a data_header that is not a flatbuffer: INVALID_ARGUMENT."""
        payload = grpc_frame(flight_data(b"\x01\x02\x03", descriptor=b"\x08\x02\x12\x04echo"))
        self.one_bad_call("DoExchange", payload, INVALID_ARGUMENT, ["data_header"])

    def check_body_shorter_than_buffers(self):
        """A record batch whose body has 8 of the 24 bytes its buffers claim: INVALID_ARGUMENT,
        and no read past the body."""
        msgs = self.ipc.ints()
        self._doput([(msgs[0][1], None), (msgs[1][1], msgs[1][2][:8])], INVALID_ARGUMENT, ["body"])

    def check_body_missing(self):
        """A record batch with no body at all (field 1000 absent) though its buffers need 24
        bytes: INVALID_ARGUMENT."""
        msgs = self.ipc.ints()
        self._doput([(msgs[0][1], None), (msgs[1][1], None)], INVALID_ARGUMENT, ["body"])

    def check_rows_beyond_buffers(self):
        """A record batch claiming 1000 rows whose int64 buffer holds 3 (24 bytes, all inside
        the body): INVALID_ARGUMENT before anyone reads past the buffer."""
        msgs = self.ipc.ints(rows=3)
        header = msgs[1][1].replace(struct.pack("<q", 3), struct.pack("<q", 1000))  # batch and node length
        self._doput([(msgs[0][1], None), (header, msgs[1][2])], INVALID_ARGUMENT, ["1000 rows", "8000 bytes"])

    def check_batch_schema_mismatch(self):
        """DoPut whose record batch has another layout than the schema sent first (a utf8
        column's three buffers against an int64 column's two): INVALID_ARGUMENT."""
        ints, strings = self.ipc.ints(), self.ipc.strings()
        self._doput([(ints[0][1], None), (strings[1][1], strings[1][2])], INVALID_ARGUMENT, ["schema"])

    def check_batch_before_schema(self):
        """DoPut whose first message is a record batch: INVALID_ARGUMENT (IPC streams start with
        the schema)."""
        msgs = self.ipc.ints()
        self._doput([(msgs[1][1], msgs[1][2])], INVALID_ARGUMENT, ["schema"])

    def check_second_schema(self):
        """A second Schema message in one DoPut stream: INVALID_ARGUMENT."""
        msgs = self.ipc.ints()
        self._doput([(msgs[0][1], None), (msgs[0][1], None)], INVALID_ARGUMENT, ["second schema"])

    def check_unknown_dictionary_id(self):
        """A dictionary batch for an id the schema does not declare: INVALID_ARGUMENT."""
        ints, dicts = self.ipc.ints(), self.ipc.dictionary()
        self._doput([(ints[0][1], None), (dicts[1][1], dicts[1][2])], INVALID_ARGUMENT, ["dictionary id"])

    def check_missing_descriptor(self):
        """DoPut whose first message has no FlightDescriptor: INVALID_ARGUMENT (Flight requires
        the descriptor on the first DoPut message)."""
        msgs = self.ipc.ints()
        payload = grpc_frame(flight_data(msgs[0][1])) + grpc_frame(flight_data(msgs[1][1], msgs[1][2]))
        self.one_bad_call("DoPut", payload, INVALID_ARGUMENT, ["descriptor"])

    def check_garbage_descriptor(self):
        """DoPut whose first message carries a FlightDescriptor that does not parse, next to a
        schema and a body: INVALID_ARGUMENT; the body is released."""
        msgs = self.ipc.ints()
        payload = grpc_frame(flight_data(msgs[1][1], msgs[1][2], descriptor=GARBAGE_PROTO))
        self.one_bad_call("DoPut", payload, INVALID_ARGUMENT, ["FlightDescriptor"])

    def check_reset_mid_message(self):
        """DoPut cancelled (RST_STREAM CANCEL) half way through a record batch message: the
        connection stays usable and the partial message is released (the test checks the
        server's allocator and Netty's leak detector afterwards)."""
        msgs = self.ipc.ints(rows=50_000)
        first = grpc_frame(flight_data(msgs[0][1], descriptor=path_descriptor("malformed", "rst")))
        batch = grpc_frame(flight_data(msgs[1][1], msgs[1][2]))
        c = self.client()
        try:
            st = self.send(c, "DoPut", first + batch[:len(batch) // 2], end=False)
            self.expect_usable(c)
            c.rst(st.sid)
            self.expect_usable(c)
            self.observed("RST_STREAM(CANCEL) mid-message; the connection kept serving")
        finally:
            c.close()

    # ---- status messages

    def check_message_with_edge_spaces(self):
        """A status message that ends with a space (here "unknown path: " for an empty PATH
        descriptor, text the client chose). RFC 9113 section 8.2.1 forbids leading or trailing
        whitespace in a field value, and h2 (this client) refuses such a header, so the server
        percent-encodes those spaces; the status arrives intact (NOT_FOUND, message decoded)."""
        c = self.client()
        try:
            st = self.wait(c, self.send(c, "GetFlightInfo", grpc_frame(b"\x08\x01")))
            raw = st.header("grpc-message", st.status_block())
            self.info(f"raw grpc-message {raw!r}")
            self.expect_status(st, NOT_FOUND, "unknown path")
            expect(st.grpc_message() == "unknown path: ", f"decoded message {st.grpc_message()!r}")
            self.expect_usable(c)
        finally:
            c.close()

    # ---- headers

    def check_huge_headers(self):
        """An 18 KB header (the server advertises MAX_HEADER_LIST_SIZE 16384): the request is
        refused as HTTP 431, which carries grpc-status RESOURCE_EXHAUSTED and a message so a
        gRPC client reports it readably (grpc-java's answer to a header list over its limit).
        A stream error: the connection stays usable."""
        c = self.client()
        try:
            st = c.request("DoAction", grpc_frame(action("echo", b"x")), extra=[("x-big", "v" * 18_000)])
            self.wait(c, st)
            self.info(f"headers {st.headers!r}")
            expect(st.header(":status") == "431", f"expected HTTP 431, got {st.describe()}")
            got, msg = st.grpc_status(), st.grpc_message() or ""
            self.observed(f"HTTP 431, {STATUS_NAMES.get(got, got)} {msg!r}")
            expect(got == RESOURCE_EXHAUSTED, f"expected grpc-status RESOURCE_EXHAUSTED, got {st.describe()}")
            expect("header" in msg.lower(), f"grpc-message {msg!r} does not mention the headers")
            self.expect_usable(c)
        finally:
            c.close()

    def check_enormous_headers(self):
        """A 200 KiB header block in CONTINUATION frames, far beyond the limit. The server stops
        decoding it (decoding costs what the client chooses), and a half-decoded HPACK block
        leaves the connection's header compression state unknown, so only a connection error is
        possible (RFC 9113 section 4.3): GOAWAY, saying why. The server serves a new connection."""
        c = self.client()
        try:
            c.request("DoAction", grpc_frame(action("echo", b"x")),
                      extra=[(f"x-big-{i}", "v" * 10_000) for i in range(20)])
            try:
                c.pump(lambda: c.goaway is not None, timeout=10)
            except ConnectionError:
                pass
            expect(c.goaway is not None, "no GOAWAY")
            code, last, debug = c.goaway
            self.observed(f"GOAWAY {h2.errors.ErrorCodes(code).name} {debug.decode(errors='replace')!r}")
            expect(code == h2.errors.ErrorCodes.PROTOCOL_ERROR, f"GOAWAY code {code}")
            expect(b"header" in debug.lower(), f"GOAWAY debug data {debug!r} does not mention the headers")
        finally:
            c.close()
        self.expect_new_connection_served()

    def _malformed_headers(self, extra, what):
        """A malformed request (RFC 9113 section 8.1.1: "a server MAY send an HTTP response prior
        to closing or resetting the stream"): HTTP 400 with grpc-status INTERNAL (what gRPC maps
        400 to) and a grpc-message naming the header, then RST_STREAM; a stream error, so a valid
        call on the same connection afterwards succeeds."""
        c = self.client()
        try:
            st = c.request("DoAction", grpc_frame(action("echo", b"x")), extra=extra)
            self.wait(c, st)
            got, msg = st.grpc_status(), st.grpc_message() or ""
            self.observed(f"RST_STREAM code {st.reset}" if st.reset is not None and st.headers is None
                          else f"HTTP {st.header(':status')}, {STATUS_NAMES.get(got, got)} {msg!r}")
            expect(st.header(":status") == "400", f"{what}: expected HTTP 400, got {st.describe()}")
            expect(got == INTERNAL, f"{what}: expected grpc-status INTERNAL, got {st.describe()}")
            expect(extra[0][0].lower() in msg.lower(), f"grpc-message {msg!r} does not name the header")
            self.expect_usable(c)
        finally:
            c.close()

    def check_invalid_header_name(self):
        """An upper-case header name: RFC 9113 section 8.2.1 makes the request malformed."""
        self._malformed_headers([("X-Upper", "1")], "upper-case header name")

    def check_invalid_header_name_chars(self):
        """A header name with a space and a colon: malformed (RFC 9113 8.2.1), as above."""
        self._malformed_headers([("x bad:name", "1")], "header name with a space")

    def check_invalid_header_value(self):
        """A header value containing CR LF: RFC 9113 section 8.2.1 says a field value must not
        contain NUL, CR or LF; such a request is malformed."""
        self._malformed_headers([("x-evil", "a\r\nx-injected: 1")], "header value with CR LF")

    def check_invalid_header_value_nul(self):
        """A header value containing NUL: malformed, as above."""
        self._malformed_headers([("x-evil", "a\x00b")], "header value with NUL")

    def check_connection_header(self):
        """A connection-specific header (connection: keep-alive) makes an HTTP/2 request malformed
        (RFC 9113 section 8.2.2)."""
        self._malformed_headers([("connection", "keep-alive")], "connection header")

    def check_non_ascii_metadata(self):
        """A metadata value with bytes above 0x7E in a text key: gRPC allows only printable
        ASCII there (PROTOCOL-HTTP2.md, ASCII-Value). The value cannot be delivered, but it is no
        reason to fail the call: the key is dropped and the call succeeds (also what the server
        does with undecodable -bin values)."""
        c = self.client()
        try:
            st = c.call("DoAction", action("headers"),
                        extra=[("x-latin", "caf\xe9"), ("x-bad-bin", "!!!"), ("x-good", "1")])
            self.frames(c, st)
            results = [result_body(m) for _, m in st.messages]
            self.observed(f"{STATUS_NAMES.get(st.grpc_status())}, delivered {results!r}")
            expect(st.grpc_status() == OK, f"call failed: {st.describe()}")
            expect(b"x-good: 1" in results, f"the valid header was lost: {results!r}")
            expect(not any(r.startswith((b"x-latin", b"x-bad-bin")) for r in results),
                   f"an invalid value was delivered: {results!r}")
            self.expect_usable(c)
        finally:
            c.close()

    # ---- grpc-timeout

    def _bad_timeout(self, value):
        """An invalid grpc-timeout. PROTOCOL-HTTP2.md allows only 1-8 ASCII digits and one of
        H M S m u n, and says nothing of what a server does with anything else. The deadline
        cannot be honoured, so the call is refused before it starts with INTERNAL, naming the
        header: what a grpc-java client sees from a grpc-java server, whose NettyServerHandler
        turns a header it cannot parse into RST_STREAM(INTERNAL_ERROR), mapped to INTERNAL."""
        self.one_bad_call("DoAction", grpc_frame(action("echo", b"x")), INTERNAL, ["grpc-timeout"],
                          extra=[("grpc-timeout", value)])

    def check_timeout_bad_unit(self):
        """grpc-timeout: 1x (unknown unit): INTERNAL."""
        self._bad_timeout("1x")

    def check_timeout_empty(self):
        """grpc-timeout with an empty value: INTERNAL."""
        self._bad_timeout("")

    def check_timeout_too_many_digits(self):
        """grpc-timeout: 123456789S (9 digits; at most 8 are allowed): INTERNAL."""
        self._bad_timeout("123456789S")

    def check_timeout_negative(self):
        """grpc-timeout: -1S: INTERNAL."""
        self._bad_timeout("-1S")

    def check_timeout_no_digits(self):
        """grpc-timeout: S (a unit without a number): INTERNAL."""
        self._bad_timeout("S")

    def check_timeout_zero(self):
        """grpc-timeout: 0n is well-formed but already over: DEADLINE_EXCEEDED at once (or the
        server's RST_STREAM(CANCEL), which a client reports as DEADLINE_EXCEEDED too)."""
        c = self.client()
        try:
            st = self.wait(c, self.send(c, "DoAction", grpc_frame(action("sleep", b"2000")),
                                        extra=[("grpc-timeout", "0n")]), timeout=3.0)
            if st.reset is not None and st.headers is None:
                self.observed(f"RST_STREAM code {st.reset}")
                expect(st.reset == h2.errors.ErrorCodes.CANCEL, f"reset with code {st.reset}")
            else:
                self.expect_status(st, DEADLINE_EXCEEDED, "deadline")
            self.expect_usable(c)
        finally:
            c.close()

    # ---- HTTP level

    def _http_error(self, status, **kw):
        c = self.client()
        try:
            st = c.request("DoAction", grpc_frame(action("echo", b"x")), **kw)
            self.wait(c, st)
            why = well_formed(st)
            expect(why is None, f"malformed answer: {why} ({st.describe()})")
            got, msg = st.grpc_status(), st.grpc_message() or ""
            self.observed(f"HTTP {st.header(':status')}, {STATUS_NAMES.get(got, got)} {msg!r}")
            expect(st.header(":status") == status, f"expected HTTP {status}, got {st.describe()}")
            expect(msg, "no grpc-message saying what was wrong")
            self.expect_usable(c)
            return msg
        finally:
            c.close()

    def check_unknown_content_type(self):
        """content-type: application/json: HTTP 415 (grpc-java's answer; PROTOCOL-HTTP2.md: a
        server should reply 415 to an unsupported content type)."""
        msg = self._http_error("415", content_type="application/json")
        expect("content-type" in msg, f"grpc-message {msg!r} does not name the content-type")

    def check_content_type_prefix_only(self):
        """content-type: application/grpcfoo (only a prefix of application/grpc): HTTP 415."""
        self._http_error("415", content_type="application/grpcfoo")

    def check_missing_content_type(self):
        """No content-type at all: HTTP 415."""
        self._http_error("415", content_type=None)

    def check_bad_http_method(self):
        """PUT instead of POST: HTTP 405 (gRPC requires POST; grpc-java answers 405)."""
        self._http_error("405", http_method="PUT")

    def check_missing_te(self):
        """No te: trailers. gRPC C++ servers refuse the call (UNKNOWN "Missing :te header");
        grpc-java only warns. flightwire is lenient like grpc-java: the call succeeds."""
        c = self.client()
        try:
            st = c.call("DoAction", action("echo", b"no-te"), te=False)
            self.observed(f"{STATUS_NAMES.get(st.grpc_status())}")
            expect(st.grpc_status() == OK, f"call failed: {st.describe()}")
            self.expect_usable(c)
        finally:
            c.close()

    def check_bad_path(self):
        """:path without the leading slash: UNIMPLEMENTED (no such method), a gRPC answer."""
        self.one_bad_call("DoAction", grpc_frame(action("echo", b"x")), UNIMPLEMENTED, ["path"],
                          path="arrow.flight.protocol.FlightService/DoAction")

    def check_unknown_method(self):
        """An unknown method of the Flight service: UNIMPLEMENTED (statuscodes.md)."""
        self.one_bad_call("DoAction", grpc_frame(action("echo", b"x")), UNIMPLEMENTED, ["unknown method"],
                          path="/arrow.flight.protocol.FlightService/Nope")

    def check_http1_request(self):
        """An HTTP/1.1 request sent to the h2c (prior knowledge) port: the server cannot speak
        HTTP/1.1, so it answers at once, in HTTP/1.1 so the client can show it (505 HTTP Version
        Not Supported, RFC 9110 section 15.6.6, with a text saying the port speaks HTTP/2), and
        closes the connection rather than wait for a preface that never comes."""
        s = socket.create_connection((self.host, self.port), timeout=5)
        try:
            s.sendall(b"POST /arrow.flight.protocol.FlightService/DoAction HTTP/1.1\r\n"
                      b"Host: x\r\nContent-Type: application/grpc\r\nContent-Length: 0\r\n\r\n")
            got = b""
            start = time.monotonic()
            while time.monotonic() - start < 5:
                chunk = s.recv(4096)
                if not chunk:
                    break
                got += chunk
            took = time.monotonic() - start
        finally:
            s.close()
        self.observed(f"{got.splitlines()[0] if got else b''!r} then close after {took * 1000:.0f} ms")
        self.info(f"answer {got!r}")
        expect(took < 4.5, f"the connection was not closed ({len(got)} bytes received)")
        expect(got.startswith(b"HTTP/1.1 505 "), f"no HTTP/1.1 505 status line: {got[:80]!r}")
        expect(b"HTTP/2" in got, f"the answer does not say the server speaks HTTP/2: {got[:200]!r}")
        self.expect_new_connection_served()

    def check_garbage_preface(self):
        """Bytes that are neither the HTTP/2 preface nor HTTP: a connection error PROTOCOL_ERROR
        (RFC 9113 section 3.4): the server's preface (an empty SETTINGS frame), GOAWAY
        PROTOCOL_ERROR, and the connection is closed at once; the server serves the next one."""
        s = socket.create_connection((self.host, self.port), timeout=5)
        got = b""
        start = time.monotonic()
        try:
            s.sendall(b"\x16\x03\x01\x00\xa5garbage, or a TLS hello on a plaintext port")
            while time.monotonic() - start < 5:
                chunk = s.recv(4096)
                if not chunk:
                    break
                got += chunk
        except ConnectionResetError:
            pass
        finally:
            took = time.monotonic() - start
            s.close()
        self.observed(f"closed after {took * 1000:.0f} ms, {len(got)} bytes answered")
        settings, goaway = got[:9], got[9:18]
        expect(settings == b"\x00\x00\x00\x04\x00\x00\x00\x00\x00", f"no empty SETTINGS first: {got[:80]!r}")
        expect(len(goaway) == 9 and goaway[3] == 0x7, f"no GOAWAY after SETTINGS: {got[:80]!r}")
        expect(got[22:26] == b"\x00\x00\x00\x01", f"GOAWAY is not PROTOCOL_ERROR: {got[:80]!r}")
        expect(took < 4.5, "the connection was not closed")
        self.expect_new_connection_served()

CHECKS = [n[len("check_"):] for n in Checks.__dict__ if n.startswith("check_")]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int)
    ap.add_argument("--host", default="localhost")
    ap.add_argument("--check", action="append", default=[], choices=CHECKS)
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--max-message-size", type=int, default=64 << 20)
    ap.add_argument("-v", "--verbose", action="store_true", help="print frames and headers")
    a = ap.parse_args()
    if a.list:
        print("\n".join(CHECKS))
        return 0
    if a.port is None:
        ap.error("--port is required")
    checks = Checks(a.host, a.port, a.verbose, a.max_message_size)
    return run_checks(checks, a.check or CHECKS, CheckFailed, a.verbose)


if __name__ == "__main__":
    sys.exit(main())
