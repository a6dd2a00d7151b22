#!/usr/bin/env python3
"""Raw HTTP/2 wire checks against a Flight conformance server (no gRPC library at all).

Uses the ``h2`` state machine over a plain TCP socket (h2c with prior knowledge) and a small
hand-written driver; gRPC framing (5-byte length prefix) and the few protobuf messages are
built here by hand. Besides h2's events, every received frame header is recorded per stream
from the raw bytes, so frame-level shapes (how many HEADERS frames, END_STREAM on which frame)
are checked on what actually crossed the socket.

Usage: h2_checks.py --port P [--host H] [--check NAME]... [--list] [--no-expect-415] [-v]
Prints ``PASS <name>`` / ``FAIL <name>: <reason>`` per check; exit 1 if any failed.
"""
import argparse
import os
import select
import socket
import struct
import sys
import time
import urllib.parse

import h2.config
import h2.connection
import h2.errors
import h2.events
import h2.settings
from harness import run_checks

SERVICE = "/arrow.flight.protocol.FlightService/"

# --- hand-written protobuf / gRPC framing ----------------------------------------------------


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def field_bytes(num, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    return varint(num << 3 | 2) + varint(len(data)) + data


def action(type_, body=b""):
    return field_bytes(1, type_) + (field_bytes(2, body) if body else b"")


def ticket(t):
    return field_bytes(1, t)


def grpc_frame(msg, compressed=False):
    return struct.pack(">BI", 1 if compressed else 0, len(msg)) + msg


def parse_fields(buf):
    out, i = [], 0
    while i < len(buf):
        key, i = _read_varint(buf, i)
        num, wt = key >> 3, key & 7
        if wt == 0:
            v, i = _read_varint(buf, i)
        elif wt == 2:
            n, i = _read_varint(buf, i)
            v = bytes(buf[i:i + n])
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
        b = buf[i]
        i += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            return result, i
        shift += 7


def result_body(msg):
    body = b""
    for num, wt, v in parse_fields(msg):
        if num == 1 and wt == 2:
            body = v
    return body


def split_grpc_messages(data):
    """Split a DATA payload into gRPC messages; returns (messages, leftover_bytes)."""
    msgs, i = [], 0
    while len(data) - i >= 5:
        flag, n = struct.unpack_from(">BI", data, i)
        if len(data) - i - 5 < n:
            break
        if flag not in (0, 1):
            raise ValueError(f"bad compressed-flag byte {flag}")
        msgs.append((flag, bytes(data[i + 5:i + 5 + n])))
        i += 5 + n
    return msgs, bytes(data[i:])


# --- raw frame recorder ----------------------------------------------------------------------

FRAME_NAMES = {0: "DATA", 1: "HEADERS", 2: "PRIORITY", 3: "RST_STREAM", 4: "SETTINGS",
               5: "PUSH_PROMISE", 6: "PING", 7: "GOAWAY", 8: "WINDOW_UPDATE", 9: "CONTINUATION"}
FLAG_END_STREAM, FLAG_END_HEADERS = 0x1, 0x4


class FrameRecorder:
    """Splits the server->client byte stream into frame headers (independently of h2)."""

    def __init__(self):
        self.buf = b""
        self.frames = []  # (type name, flags, stream id, length, payload[:64])

    def feed(self, data):
        self.buf += data
        while len(self.buf) >= 9:
            length = int.from_bytes(self.buf[0:3], "big")
            if len(self.buf) < 9 + length:
                break
            ftype, flags = self.buf[3], self.buf[4]
            sid = int.from_bytes(self.buf[5:9], "big") & 0x7FFFFFFF
            payload = self.buf[9:9 + length]
            self.frames.append((FRAME_NAMES.get(ftype, f"0x{ftype:x}"), flags, sid, length, payload[:64]))
            self.buf = self.buf[9 + length:]

    def for_stream(self, sid):
        return [f for f in self.frames if f[2] == sid]


def fmt_frames(frames):
    out = []
    for name, flags, _sid, length, p in frames:
        if name == "RST_STREAM" and len(p) == 4:
            out.append(f"RST_STREAM(code={int.from_bytes(p, 'big')})")
            continue
        if name == "GOAWAY" and len(p) >= 8:
            out.append(f"GOAWAY(last={int.from_bytes(p[:4], 'big') & 0x7FFFFFFF},"
                       f"code={int.from_bytes(p[4:8], 'big')},debug={p[8:]!r})")
            continue
        if name == "SETTINGS":
            pairs = [f"0x{int.from_bytes(p[i:i + 2], 'big'):x}={int.from_bytes(p[i + 2:i + 6], 'big')}"
                     for i in range(0, len(p) - 5, 6)]
            out.append(f"SETTINGS({'ACK' if flags & 1 else ','.join(pairs)})")
            continue
        if name == "PING":
            out.append(f"PING({'ACK,' if flags & 1 else ''}{p.hex()})")
            continue
        if name == "WINDOW_UPDATE" and len(p) == 4:
            out.append(f"WINDOW_UPDATE(+{int.from_bytes(p, 'big') & 0x7FFFFFFF})")
            continue
        fl = []
        if flags & FLAG_END_STREAM and name in ("DATA", "HEADERS"):
            fl.append("END_STREAM")
        if flags & FLAG_END_HEADERS and name in ("HEADERS", "CONTINUATION"):
            fl.append("END_HEADERS")
        out.append(f"{name}({length}{',' + '|'.join(fl) if fl else ''})")
    return " ".join(out)


# --- HTTP/2 driver ---------------------------------------------------------------------------


class Stream:
    def __init__(self, sid):
        self.sid = sid
        self.headers = None        # first (response) header block, list of (name, value) str
        self.informational = []
        self.trailers = None
        self.data = bytearray()
        self.ended = False
        self.reset = None          # RST_STREAM error code from the server
        self.messages = []         # decoded gRPC messages (flag, payload)
        self.events = []           # event class names, in order

    @property
    def closed(self):
        return self.ended or self.reset is not None

    def header(self, name, block=None):
        for k, v in (self.headers if block is None else block) or ():
            if k == name:
                return v
        return None

    def status_block(self):
        """The header block carrying grpc-status: trailers, or the Trailers-Only headers."""
        if self.trailers is not None:
            return self.trailers
        return self.headers

    def grpc_status(self):
        v = self.header("grpc-status", self.status_block())
        return None if v is None else int(v)

    def grpc_message(self):
        v = self.header("grpc-message", self.status_block())
        return None if v is None else urllib.parse.unquote(v, errors="replace")

    def describe(self):
        return (f":status={self.header(':status')} content-type={self.header('content-type')} "
                f"grpc-status={self.grpc_status()} grpc-message={self.grpc_message()!r} "
                f"messages={len(self.messages)} reset={self.reset}")


class H2Client:
    def __init__(self, host, port, timeout=10.0):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.authority = f"{host}:{port}"
        cfg = h2.config.H2Configuration(client_side=True, header_encoding="utf-8",
                                        validate_inbound_headers=True)
        self.conn = h2.connection.H2Connection(config=cfg)
        self.conn.local_settings = h2.settings.Settings(client=True, initial_values={
            h2.settings.SettingCodes.ENABLE_PUSH: 0,
            h2.settings.SettingCodes.INITIAL_WINDOW_SIZE: 1 << 20,
            h2.settings.SettingCodes.MAX_HEADER_LIST_SIZE: 16384,
        })
        self.conn.initiate_connection()
        self.conn.increment_flow_control_window(16 << 20)  # connection window
        self.recorder = FrameRecorder()
        self.streams = {}
        self.ping_acks = []
        self.pings_received = []
        self.goaway = None
        self.remote_settings = {}
        self.settings_received = False
        self.eof = False
        self.flush()

    def flush(self):
        data = self.conn.data_to_send()
        if data:
            self.sock.sendall(data)

    def close(self):
        try:
            self.conn.close_connection()
            self.flush()
        except Exception:  # noqa: BLE001 - best effort
            pass
        self.sock.close()

    def request(self, method, body=None, *, http_method="POST", content_type="application/grpc",
                te=True, extra=(), end=True, path=None):
        sid = self.conn.get_next_available_stream_id()
        headers = [(":method", http_method), (":scheme", "http"),
                   (":path", path or SERVICE + method), (":authority", self.authority)]
        if content_type is not None:
            headers.append(("content-type", content_type))
        if te:
            headers.append(("te", "trailers"))
        headers.append(("user-agent", "flightwire-raw-h2/1"))
        headers.extend(extra)
        self.streams[sid] = Stream(sid)
        self.conn.send_headers(sid, headers, end_stream=body is None and end)
        if body is not None:
            self.conn.send_data(sid, body, end_stream=end)
        self.flush()
        return self.streams[sid]

    def rst(self, sid, code=h2.errors.ErrorCodes.CANCEL):
        self.conn.reset_stream(sid, code)
        self.flush()

    def ping(self, payload):
        self.conn.ping(payload)
        self.flush()

    def pump(self, until, timeout=10.0):
        """Read and process frames until until() is true; raises TimeoutError otherwise."""
        deadline = time.monotonic() + timeout
        while not until():
            if self.eof:
                raise ConnectionError("server closed the connection"
                                      + (f" (GOAWAY {self.goaway})" if self.goaway else ""))
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("timed out waiting for the server")
            r, _, _ = select.select([self.sock], [], [], left)
            if not r:
                continue
            data = self.sock.recv(1 << 16)
            if not data:
                self.eof = True
                continue
            self.recorder.feed(data)
            for ev in self.conn.receive_data(data):
                self._handle(ev)
            self.flush()

    def _handle(self, ev):
        st = self.streams.get(getattr(ev, "stream_id", None) or -1)
        if st is not None:
            st.events.append(type(ev).__name__)
        if isinstance(ev, h2.events.ResponseReceived):
            st.headers = list(ev.headers)
        elif isinstance(ev, h2.events.InformationalResponseReceived):
            st.informational.append(list(ev.headers))
        elif isinstance(ev, h2.events.TrailersReceived):
            st.trailers = list(ev.headers)
        elif isinstance(ev, h2.events.DataReceived):
            if st is not None:
                st.data += ev.data
                msgs, rest = split_grpc_messages(st.data)
                st.messages.extend(msgs)
                st.data = bytearray(rest)
            if ev.flow_controlled_length:
                self.conn.acknowledge_received_data(ev.flow_controlled_length, ev.stream_id)
        elif isinstance(ev, h2.events.StreamEnded):
            st.ended = True
        elif isinstance(ev, h2.events.StreamReset):
            # RST_STREAM after the response already ended (e.g. NO_ERROR to stop a request body
            # the server no longer reads) is legitimate and does not spoil the response.
            if st is not None and ev.remote_reset and not st.ended:
                st.reset = ev.error_code
        elif isinstance(ev, h2.events.PingAckReceived):
            self.ping_acks.append(ev.ping_data)
        elif isinstance(ev, h2.events.PingReceived):
            self.pings_received.append(ev.ping_data)  # h2 queues the ACK itself
        elif isinstance(ev, h2.events.RemoteSettingsChanged):
            self.settings_received = True
            for code, cs in ev.changed_settings.items():
                self.remote_settings[int(code)] = cs.new_value
        elif isinstance(ev, h2.events.ConnectionTerminated):
            self.goaway = (ev.error_code, ev.last_stream_id, ev.additional_data)
            self.eof = True

    def call(self, method, msg, timeout=10.0, **kw):
        st = self.request(method, grpc_frame(msg), **kw)
        self.pump(lambda: st.closed, timeout)
        return st


# --- checks ----------------------------------------------------------------------------------


class CheckFailed(Exception):
    pass


def expect(cond, msg):
    if not cond:
        raise CheckFailed(msg)


def well_formed(st):
    """Returns None when st is a well-formed HTTP/2 response to a gRPC request, else a reason.

    Well-formed: ended with END_STREAM (no RST_STREAM), has :status; when :status is 200 it must
    be a gRPC response (grpc content-type and a decimal grpc-status in trailers or the
    Trailers-Only block); any other :status is a plain HTTP error, which is well-formed too.
    """
    if st.reset is not None:
        return f"stream reset by the server with code {st.reset}"
    if not st.ended:
        return "stream did not end"
    status = st.header(":status")
    if status is None:
        return "no :status"
    if status != "200":
        return None
    ct = st.header("content-type") or ""
    if not ct.startswith("application/grpc"):
        return f":status 200 with content-type {ct!r}"
    gs = st.header("grpc-status", st.status_block())
    if gs is None or not gs.isdigit() or (len(gs) > 1 and gs[0] == "0"):
        return f"grpc-status {gs!r} is missing or not decimal"
    if st.data:
        return f"{len(st.data)} trailing bytes that do not form a whole gRPC message"
    return None


class Checks:
    def __init__(self, host, port, verbose, expect_415):
        self.host, self.port, self.verbose, self.expect_415 = host, port, verbose, expect_415

    def info(self, msg):
        if self.verbose:
            print(f"  info: {msg}", flush=True)

    def client(self):
        return H2Client(self.host, self.port)

    def shape(self, c, st):
        frames = c.recorder.for_stream(st.sid)
        self.info(f"stream {st.sid} frames: {fmt_frames(frames)}")
        return frames

    def answer_line(self, name, st):
        print(f"  {name}: answered {st.describe()}", flush=True)

    def check_missing_te(self):
        c = self.client()
        try:
            st = c.call("DoAction", action("echo", b"ping"), te=False)
            self.shape(c, st)
            self.answer_line("missing_te", st)
            why = well_formed(st)
            expect(why is None, f"malformed answer: {why} ({st.describe()})")
            if st.grpc_status() == 0 and st.header(":status") == "200":
                expect([result_body(m) for _, m in st.messages] == [b"ping"],
                       f"success but results {st.messages!r}")
            # the connection must still serve a proper call afterwards
            ok = c.call("DoAction", action("echo", b"after"))
            expect(ok.grpc_status() == 0, f"follow-up call failed: {ok.describe()}")
        finally:
            c.close()

    def check_non_grpc_content_type(self):
        c = self.client()
        try:
            st = c.call("DoAction", action("echo", b"ping"), content_type="application/json")
            self.shape(c, st)
            self.answer_line("non_grpc_content_type", st)
            why = well_formed(st)
            expect(why is None, f"malformed answer: {why} ({st.describe()})")
            if self.expect_415:
                expect(st.header(":status") == "415",
                       f"expected HTTP 415, got {st.describe()}")
        finally:
            c.close()

    def check_get_method(self):
        c = self.client()
        try:
            st = c.request("DoAction", None, http_method="GET")
            c.pump(lambda: st.closed)
            self.shape(c, st)
            self.answer_line("get_method", st)
            why = well_formed(st)
            expect(why is None, f"malformed answer: {why} ({st.describe()})")
            status = st.header(":status")
            if status == "200":
                expect(st.grpc_status() != 0, f"GET succeeded: {st.describe()}")
            else:
                expect(status == "405", f"HTTP {status}, expected 405 or a gRPC error")
                allow = st.header("allow")
                self.info(f"allow: {allow!r}")
        finally:
            c.close()

    def check_trailers_only_shape(self):
        c = self.client()
        try:
            st = c.call("DoAction", action("error", b"not_found:x"))
            frames = self.shape(c, st)
            self.info(f"headers {st.headers!r}")
            expect(st.reset is None, f"stream reset with code {st.reset}")
            data = [f for f in frames if f[0] == "DATA"]
            expect(not data, f"{len(data)} DATA frames: {fmt_frames(frames)}")
            hdrs = [f for f in frames if f[0] == "HEADERS"]
            expect(len(hdrs) == 1, f"{len(hdrs)} HEADERS frames: {fmt_frames(frames)}")
            expect(hdrs[0][1] & FLAG_END_STREAM, f"HEADERS without END_STREAM: {fmt_frames(frames)}")
            expect(st.trailers is None, "a separate trailers block arrived")
            expect(st.header(":status") == "200", f":status {st.header(':status')}")
            ct = st.header("content-type") or ""
            expect(ct.startswith("application/grpc"), f"content-type {ct!r}")
            expect(st.header("grpc-status") == "5", f"grpc-status {st.header('grpc-status')!r}")
            expect(st.header("grpc-message") is not None, "no grpc-message")
            self.info(f"grpc-message {st.header('grpc-message')!r}")
        finally:
            c.close()

    def check_normal_shape(self):
        c = self.client()
        try:
            st = c.call("DoAction", action("echo", b"ping"))
            frames = [f for f in self.shape(c, st) if f[0] in ("HEADERS", "DATA", "CONTINUATION",
                                                              "RST_STREAM")]
            self.info(f"headers {st.headers!r} trailers {st.trailers!r}")
            expect(st.reset is None, f"stream reset with code {st.reset}")
            expect(frames and frames[0][0] == "HEADERS" and not frames[0][1] & FLAG_END_STREAM,
                   f"first frame not HEADERS without END_STREAM: {fmt_frames(frames)}")
            expect(frames[-1][0] == "HEADERS" and frames[-1][1] & FLAG_END_STREAM,
                   f"last frame not trailers HEADERS with END_STREAM: {fmt_frames(frames)}")
            middle = frames[1:-1]
            expect(middle and all(f[0] == "DATA" for f in middle),
                   f"expected DATA between the header blocks: {fmt_frames(frames)}")
            expect(not any(f[1] & FLAG_END_STREAM for f in middle),
                   f"END_STREAM on a DATA frame: {fmt_frames(frames)}")
            expect(st.header(":status") == "200", f":status {st.header(':status')}")
            ct = st.header("content-type")
            expect(ct in ("application/grpc", "application/grpc+proto"), f"content-type {ct!r}")
            expect(st.header("grpc-status", st.headers) is None,
                   "grpc-status in the initial headers of a normal response")
            expect(len(st.messages) == 1 and not st.data,
                   f"{len(st.messages)} messages, {len(st.data)} leftover bytes")
            flag, msg = st.messages[0]
            expect(flag == 0, f"compressed flag {flag}")
            expect(result_body(msg) == b"ping", f"Result body {result_body(msg)!r}")
            expect(st.trailers is not None, "no trailers")
            expect(st.header("grpc-status", st.trailers) == "0",
                   f"trailer grpc-status {st.header('grpc-status', st.trailers)!r}")
        finally:
            c.close()

    def check_rst_cancel(self):
        c = self.client()
        try:
            st = c.request("DoGet", grpc_frame(ticket(b"slow:100:50")))
            # schema message + 2 record batches
            c.pump(lambda: len(st.messages) >= 3 or st.closed, timeout=15)
            expect(not st.closed, f"DoGet ended early: {st.describe()}")
            got = len(st.messages)
            c.rst(st.sid, h2.errors.ErrorCodes.CANCEL)
            self.info(f"cancelled stream {st.sid} after {got} messages")
            echo = c.call("DoAction", action("echo", b"still-alive"))
            expect(echo.grpc_status() == 0 and
                   [result_body(m) for _, m in echo.messages] == [b"still-alive"],
                   f"echo after RST_STREAM: {echo.describe()}")
            after = [f for f in c.recorder.for_stream(st.sid)]
            self.info(f"cancelled stream frames: {fmt_frames(after)}")
            # Informational: did the server notice? (contract action last_cancelled)
            lc = c.call("DoAction", action("last_cancelled"))
            if lc.grpc_status() == 0:
                self.info(f"last_cancelled -> {[result_body(m) for _, m in lc.messages]!r}")
            else:
                self.info(f"last_cancelled not available: {lc.describe()}")
        finally:
            c.close()

    def check_many_streams(self, n=50, count=20):
        c = self.client()
        try:
            c.pump(lambda: c.settings_received, timeout=5)
            max_streams = c.remote_settings.get(int(h2.settings.SettingCodes.MAX_CONCURRENT_STREAMS))
            streams = [c.request("DoAction", grpc_frame(action("count", str(count).encode())))
                       for _ in range(n)]
            c.pump(lambda: all(s.closed for s in streams), timeout=30)
            expected = [str(i).encode() for i in range(count)]
            bad = []
            for s in streams:
                res = [result_body(m) for _, m in s.messages]
                if s.grpc_status() != 0 or res != expected:
                    bad.append(f"stream {s.sid}: {s.describe()} results {res[:3]!r}...")
            # interleaving: how often consecutive DATA frames belong to different streams
            sids = {s.sid for s in streams}
            seq = [f[2] for f in c.recorder.frames if f[0] == "DATA" and f[2] in sids]
            switches = sum(1 for a, b in zip(seq, seq[1:]) if a != b)
            self.info(f"server MAX_CONCURRENT_STREAMS={max_streams}; {len(seq)} DATA frames, "
                      f"{switches} stream switches between consecutive DATA frames")
            expect(not bad, f"{len(bad)}/{n} streams wrong: " + "; ".join(bad[:5]))
        finally:
            c.close()

    def check_ping(self):
        c = self.client()
        try:
            payload = os.urandom(8)
            c.ping(payload)
            c.pump(lambda: payload in c.ping_acks, timeout=5)
            acks = [f for f in c.recorder.frames if f[0] == "PING" and f[1] & 0x1]
            expect(any(f[4] == payload for f in acks), f"no PING ACK frame with payload {payload.hex()}")
            self.info(f"ACK payload {payload.hex()} ok; server PINGs seen: "
                      f"{[p.hex() for p in c.pings_received]}")
            self.info(f"connection frames: {fmt_frames(c.recorder.for_stream(0))}")
        finally:
            c.close()

    def check_server_deadline(self):
        """The server enforces grpc-timeout itself: the client never cancels here."""
        c = self.client()
        try:
            start = time.monotonic()
            st = c.request("DoAction", grpc_frame(action("sleep", b"3000")), extra=[("grpc-timeout", "300m")])
            c.pump(lambda: st.closed, timeout=5)
            took = time.monotonic() - start
            self.info(f"after {took:.2f}s: {st.describe()}")
            expect(took < 2.5, f"the call ran {took:.2f}s past its 300 ms deadline")
            status = st.grpc_status()
            expect(status == 4 or st.reset == h2.errors.ErrorCodes.CANCEL,
                   f"expected DEADLINE_EXCEEDED or RST_STREAM(CANCEL), got {st.describe()}")
        finally:
            c.close()

    def check_ping_flood(self):
        """Pings with no data in between are strikes: the server ends the connection with
        GOAWAY ENHANCE_YOUR_CALM (gRPC's ping-strike policy)."""
        c = self.client()
        try:
            for i in range(8):
                try:
                    c.ping(i.to_bytes(8, "big"))
                except (BrokenPipeError, ConnectionResetError):
                    break  # the server has closed the connection already; its GOAWAY came first
            try:
                c.pump(lambda: c.goaway is not None, timeout=5)
            except ConnectionError as e:
                expect(c.goaway is not None, f"no GOAWAY before the connection ended: {e!r}")
            self.info(f"GOAWAY {c.goaway}")
            expect(c.goaway is not None, "no GOAWAY after 8 pings without data")
            code, _last, debug = c.goaway
            expect(code == h2.errors.ErrorCodes.ENHANCE_YOUR_CALM, f"GOAWAY code {code}, expected ENHANCE_YOUR_CALM")
            expect(debug == b"too_many_pings", f"GOAWAY debug data {debug!r}")
        finally:
            c.close()


CHECKS = ["missing_te", "non_grpc_content_type", "get_method", "trailers_only_shape",
          "normal_shape", "rst_cancel", "many_streams", "ping", "server_deadline", "ping_flood"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int)
    ap.add_argument("--host", default="localhost")
    ap.add_argument("--check", action="append", default=[], choices=CHECKS)
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--expect-415", action=argparse.BooleanOptionalAction, default=True,
                    help="non-grpc content-type must get HTTP 415 (default); --no-expect-415 also "
                         "accepts a well-formed gRPC answer (the pyarrow/C++ server accepts it)")
    ap.add_argument("-v", "--verbose", action="store_true", help="print frames and headers")
    a = ap.parse_args()
    if a.list:
        print("\n".join(CHECKS))
        return 0
    if a.port is None:
        ap.error("--port is required")
    checks = Checks(a.host, a.port, a.verbose, a.expect_415)
    return run_checks(checks, a.check or CHECKS, CheckFailed, a.verbose)


if __name__ == "__main__":
    sys.exit(main())
