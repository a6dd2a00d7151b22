#!/usr/bin/env python3
"""HTTP/2 (RFC 9113) conformance of a Flight server, driven with raw frames (hyperframe + hpack,
no state machine): each check sends what a broken or hostile client would and demands the exact
answer the RFC requires.

The server under test is expected to run with SETTINGS_MAX_CONCURRENT_STREAMS = --max-streams,
SETTINGS_MAX_FRAME_SIZE = --max-frame-size, a ListActions that answers, and a DoPut that reads
its upload (so its streams stay open).

Usage: conformance_checks.py --port P [--host H] [--max-streams N] [--max-frame-size B]
                             [--check NAME]... [--list]
Prints ``PASS <name>: <what happened>`` / ``FAIL <name>: <reason>`` per check; exit 1 if any failed.

Checks:
  invalid_preface         a corrupt connection preface: SETTINGS, GOAWAY PROTOCOL_ERROR, close (3.4)
  non_http_preface        bytes that are neither HTTP/2 nor HTTP/1: the same
  headers_over_max_frame  HEADERS longer than our SETTINGS_MAX_FRAME_SIZE: GOAWAY FRAME_SIZE_ERROR (4.2)
  stream_id_decrease      HEADERS opening a stream below one already opened: GOAWAY PROTOCOL_ERROR (5.1.1)
  missing_method          request HEADERS without :method: RST_STREAM PROTOCOL_ERROR, no response (8.1.1),
  missing_scheme          ... without :scheme,
  missing_path            ... without :path; each time the connection still serves ListActions
  unread_ping_flood       PINGs sent without reading the ACKs: the connection is closed
  unread_settings_flood   SETTINGS sent without reading the ACKs: the connection is closed
  unread_rst_flood        DATA on a closed stream (each answered by RST_STREAM) without reading: the
                          queued RST_STREAMs are bounded and the connection is closed (or, now and
                          then on loopback, TCP stalls both ways first: the server took all it was
                          given and queues no more)
  stream_flood            100,000 HEADERS on new streams without reading: at most N run, other
                          clients are served meanwhile, well under a minute
Every check that ends a connection then makes a call on a new one.
"""
import argparse
import os
import select
import socket
import struct
import sys
import time

import hpack
from hyperframe.frame import DataFrame, HeadersFrame, PingFrame, SettingsFrame

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import run_checks_with_details  # noqa: E402
from abuse_checks import PREFACE, SERVICE, T_DATA, T_GOAWAY, T_HEADERS, T_RST, T_SETTINGS, Raw  # noqa: E402

NO_ERROR, PROTOCOL_ERROR, FRAME_SIZE_ERROR, REFUSED_STREAM = 0x0, 0x1, 0x6, 0x7
EMPTY_MESSAGE = b"\x00\x00\x00\x00\x00"  # a gRPC message holding an empty protobuf (ListActions' Empty)
REQUEST = [(":method", "POST"), (":scheme", "http"), (":path", SERVICE + "ListActions"),
           (":authority", "localhost"), ("content-type", "application/grpc"), ("te", "trailers")]


def rst_code(frame):
    return struct.unpack(">I", frame[3][:4])[0]


def goaway_of(frame):
    last, code = struct.unpack(">II", frame[3][:8])
    return last & 0x7FFFFFFF, code, frame[3][8:].decode("ascii", "replace")


class Checks:
    def __init__(self, host, port, max_streams, max_frame_size):
        self.host, self.port = host, port
        self.max_streams, self.max_frame_size = max_streams, max_frame_size

    def raw(self):
        r = Raw(self.host, self.port)
        r.read(2, until=lambda f: f[0] == T_SETTINGS and not f[1] & 1)
        r.read(0.3)  # the server sees our SETTINGS ACK: its settings apply from here
        return r

    def statuses(self, r):
        """grpc-status per stream, from every HEADERS frame the server sent (decoded in order)."""
        dec = hpack.Decoder()
        out = {}
        for ftype, _, sid, payload in r.frames:
            if ftype == T_HEADERS:
                for k, v in dec.decode(payload):
                    if k == "grpc-status":
                        out[sid] = v
        return out

    def call_list_actions(self, r, sid):
        """ListActions on stream ``sid`` of ``r``; fails unless it ends with grpc-status 0."""
        r.send(r.headers(sid, "ListActions") + r.data(sid, EMPTY_MESSAGE, end_stream=True))
        r.read(10, until=lambda f: f[2] == sid and f[0] == T_HEADERS and f[1] & 1)
        status = self.statuses(r).get(sid)
        if status != "0":
            raise AssertionError(f"ListActions on stream {sid} ended with grpc-status {status!r} "
                                 f"(connection closed: {r.closed})")

    def served_on_new_connection(self):
        r = self.raw()
        try:
            self.call_list_actions(r, 1)
        finally:
            r.close()

    def expect_connection_error(self, r, code, what):
        """The server's frames: its SETTINGS first, then GOAWAY ``code``; then it closes."""
        r.read(10, until=lambda f: f[0] == T_GOAWAY)
        goaways = [f for f in r.frames if f[0] == T_GOAWAY]
        if not goaways:
            raise AssertionError(f"{what}: no GOAWAY (frames {[f[0] for f in r.frames]}, closed: {r.closed})")
        if not r.frames or r.frames[0][0] != T_SETTINGS:
            raise AssertionError(f"{what}: the server's first frame is type {r.frames[0][0]}, not SETTINGS")
        g = goaway_of(goaways[0])
        if g[1] != code:
            raise AssertionError(f"{what}: GOAWAY {g}, expected error code {code}")
        r.read(5)
        if not r.closed:
            raise AssertionError(f"{what}: the connection stayed open after GOAWAY {g}")
        return g

    # ------------------------------------------------------------------ 3.4 connection preface

    def _bad_preface(self, data, what):
        r = Raw(self.host, self.port, preface=False)
        try:
            r.send(data)
            g = self.expect_connection_error(r, PROTOCOL_ERROR, what)
        finally:
            r.close()
        self.served_on_new_connection()
        return f"SETTINGS, GOAWAY PROTOCOL_ERROR {g[2]!r} (last stream {g[0]}), close"

    def check_invalid_preface(self):
        return self._bad_preface(b"PRI * HTTP/2.0\r\n\r\nXX\r\n\r\n" + SettingsFrame(0).serialize(),
                                 "corrupt preface")

    def check_non_http_preface(self):
        return self._bad_preface(b"\x00\x00\x12\x04\x00\x00\x00\x00\x00 frames without the preface",
                                 "no preface")

    # ------------------------------------------------------------------ 4.2 frame size

    def check_headers_over_max_frame(self):
        r = self.raw()
        try:
            advertised = r.server_settings.get(0x5, 16384)
            if advertised != self.max_frame_size:
                raise AssertionError(f"MAX_FRAME_SIZE advertised {advertised}, expected {self.max_frame_size}")
            f = HeadersFrame(1)
            block = r.enc.encode(REQUEST)
            f.data = block + b"\x00" * (advertised + 1 - len(block))  # padding with empty indexed names
            f.flags.add("END_HEADERS")
            wire = f.serialize()
            if int.from_bytes(wire[:3], "big") != advertised + 1:
                raise AssertionError("the frame built is not one byte over the limit")
            r.send(wire)
            g = self.expect_connection_error(r, FRAME_SIZE_ERROR, "oversized HEADERS")
        finally:
            r.close()
        self.served_on_new_connection()
        return f"HEADERS of {advertised + 1} bytes: GOAWAY FRAME_SIZE_ERROR {g[2]!r}, close"

    # ------------------------------------------------------------------ 5.1.1 stream identifiers

    def check_stream_id_decrease(self):
        r = self.raw()
        try:
            self.call_list_actions(r, 5)
            r.send(r.headers(3, "ListActions") + r.data(3, EMPTY_MESSAGE, end_stream=True))
            g = self.expect_connection_error(r, PROTOCOL_ERROR, "stream 3 after stream 5")
            if g[0] != 5:
                raise AssertionError(f"GOAWAY last stream {g[0]}, expected 5")
            answered = [f for f in r.frames if f[2] == 3]
            if answered:
                raise AssertionError(f"stream 3 was answered: frame types {[f[0] for f in answered]}")
        finally:
            r.close()
        self.served_on_new_connection()
        return f"stream 3 after 5: GOAWAY PROTOCOL_ERROR {g[2]!r} (last stream 5), close"

    # ------------------------------------------------------------------ 8.1.1 malformed requests

    def _missing(self, name):
        r = self.raw()
        try:
            f = HeadersFrame(1)
            f.data = r.enc.encode([h for h in REQUEST if h[0] != name])
            f.flags.add("END_HEADERS")
            r.send(f.serialize() + r.data(1, EMPTY_MESSAGE, end_stream=True))
            rst = r.read(5, until=lambda fr: fr[2] == 1 and fr[0] in (T_RST, T_HEADERS, T_DATA))
            if rst is None or rst[0] != T_RST or rst_code(rst) != PROTOCOL_ERROR:
                raise AssertionError(f"request without {name}: first answer {rst and (rst[0], rst[3][:40])}, "
                                     f"expected RST_STREAM PROTOCOL_ERROR")
            self.call_list_actions(r, 3)
            on1 = [fr[0] for fr in r.frames if fr[2] == 1]
            if T_HEADERS in on1 or T_DATA in on1:
                raise AssertionError(f"stream 1 got a response (frame types {on1})")
            if any(fr[0] == T_GOAWAY for fr in r.frames):
                raise AssertionError(f"GOAWAY {[goaway_of(fr) for fr in r.frames if fr[0] == T_GOAWAY]}")
            return f"RST_STREAM PROTOCOL_ERROR (frames on stream 1: {on1}); ListActions then served"
        finally:
            r.close()

    def check_missing_method(self):
        return self._missing(":method")

    def check_missing_scheme(self):
        return self._missing(":scheme")

    def check_missing_path(self):
        return self._missing(":path")

    # ------------------------------------------------------------------ unread control frames

    @staticmethod
    def _flood_until_closed(s, frame, count, chunk=2000, wait=20):
        """Sends up to ``count`` copies of ``frame`` on socket ``s`` and never reads; then waits up
        to ``wait`` s (still not reading: the server may have much of the flood unread in its
        buffers) for the server to close. Returns (frames sent, seconds, how it ended).

        It ends "closed", or "stalled": the server took no more of the flood for 10 s, and did not
        close (seen on loopback now and then: both directions' TCP windows shut, the server having
        read all it was given, so it holds no more than its limit and is not made to queue more).
        Fails if the server kept taking the flood and stayed open."""
        start = time.time()
        sent = 0
        block = frame * chunk
        stalled = False
        s.settimeout(10)
        try:
            while sent < count:
                s.sendall(block)
                sent += chunk
        except socket.timeout:
            stalled = True  # the server takes no more; it may still close
        except OSError:
            return sent, time.time() - start, "closed"  # reset by the server
        p = select.poll()
        p.register(s, select.POLLRDHUP | select.POLLHUP | select.POLLERR)
        deadline = time.time() + wait
        while time.time() < deadline:
            if p.poll(200):
                return sent, time.time() - start, "closed"
        if stalled:
            return sent, time.time() - start, "stalled"
        raise AssertionError(f"the connection stayed open after {sent} frames and {time.time() - start:.1f}s")

    def _unread_flood(self, frame, count):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # before connecting: a small window
        s.settimeout(30)
        try:
            s.connect((self.host, self.port))
            s.sendall(PREFACE + SettingsFrame(0).serialize())
            return self._flood_until_closed(s, frame, count)
        finally:
            s.close()

    def check_unread_ping_flood(self):
        sent, took, end = self._unread_flood(PingFrame(0).serialize(), 200_000)
        self.served_on_new_connection()
        return f"{end} after at most {sent} PINGs ({took:.1f}s); a new connection is served"

    def check_unread_settings_flood(self):
        sent, took, end = self._unread_flood(SettingsFrame(0).serialize(), 200_000)
        self.served_on_new_connection()
        return f"{end} after at most {sent} SETTINGS ({took:.1f}s); a new connection is served"

    def check_unread_rst_flood(self):
        # stream 1 is a finished call: each DATA frame on it draws a RST_STREAM STREAM_CLOSED
        r = self.raw()
        try:
            self.call_list_actions(r, 1)
            r.read(0.3)
            r.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            sent, took, end = self._flood_until_closed(r.sock, r.data(1, b"x", end_stream=True), 600_000)
        finally:
            r.close()
        self.served_on_new_connection()
        return f"{end} after {sent} DATA frames on a closed stream, {took:.1f}s; a new connection is served"

    # ------------------------------------------------------------------ MAX_CONCURRENT_STREAMS

    def check_stream_flood(self):
        attempts = 100_000
        r = self.raw()
        start = time.time()
        try:
            if r.server_settings.get(0x3) != self.max_streams:
                raise AssertionError(f"MAX_CONCURRENT_STREAMS advertised {r.server_settings.get(0x3)}, "
                                     f"expected {self.max_streams}")
            r.sock.settimeout(60)
            batch = []
            for i in range(attempts):
                batch.append(r.headers(1 + 2 * i, "DoPut"))
                if len(batch) == 1000:
                    r.send(b"".join(batch))
                    batch = []
                    if r.closed:
                        break
            r.send(b"".join(batch))
            flooded = time.time() - start
            other = time.time()
            self.served_on_new_connection()  # while the flooding connection is still unread
            other = time.time() - other
            # now read what the flooder got: REFUSED_STREAM beyond the limit (or a close)
            refused = set()
            deadline = time.time() + 30
            while time.time() < deadline and not r.closed:
                r.frames = []
                f = r.read(2, until=lambda fr: fr[0] == T_RST and fr[2] == 1 + 2 * (attempts - 1))
                refused.update(fr[2] for fr in r.frames if fr[0] == T_RST and rst_code(fr) == REFUSED_STREAM)
                if f is not None:
                    break
            open_streams = [1 + 2 * i for i in range(attempts) if 1 + 2 * i not in refused]
            if not r.closed and len(open_streams) > self.max_streams:
                raise AssertionError(f"{len(open_streams)} streams not refused (limit {self.max_streams}): "
                                     f"{open_streams[:10]}...")
            took = time.time() - start
            if took > 45:
                raise AssertionError(f"took {took:.1f}s")
            return (f"{attempts} HEADERS sent in {flooded:.1f}s; another connection served in {other:.2f}s; "
                    f"{len(refused)} refused with REFUSED_STREAM, connection closed: {r.closed}; {took:.1f}s")
        finally:
            r.close()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--host", default="localhost")
    p.add_argument("--port", type=int)
    p.add_argument("--max-streams", type=int, default=5)
    p.add_argument("--max-frame-size", type=int, default=256 << 10)
    p.add_argument("--check", action="append")
    p.add_argument("--list", action="store_true")
    a = p.parse_args()
    names = [n[len("check_"):] for n in Checks.__dict__ if n.startswith("check_")]
    if a.list:
        print("\n".join(names))
        return 0
    if a.port is None:
        p.error("--port is required")
    checks = Checks(a.host, a.port, a.max_streams, a.max_frame_size)
    return run_checks_with_details(checks, a.check or names)


if __name__ == "__main__":
    sys.exit(main())
