#!/usr/bin/env python3
"""Abuse limits of a Flight server, driven with raw HTTP/2 frames (hyperframe + hpack, no state
machine, so nothing on our side refuses to misbehave).

The server under test is expected to run with: SETTINGS_MAX_CONCURRENT_STREAMS = --max-streams,
a handshake timeout and an idle timeout of about --timeout seconds, a DoPut that reads its upload
(so its streams stay open), and a DoExchange that does not read for a few seconds.

Usage: abuse_checks.py --port P [--host H] --max-streams N --timeout S [--check NAME]... [--list]
Prints ``PASS <name>`` / ``FAIL <name>: <reason>`` per check; exit 1 if any failed.

Checks:
  max_concurrent_streams  SETTINGS advertise N; stream N+1 is refused with RST_STREAM REFUSED_STREAM
  rapid_reset             HEADERS+RST_STREAM in a loop (CVE-2023-44487) ends in GOAWAY ENHANCE_YOUR_CALM
  settings_flood          a flood of SETTINGS frames ends in GOAWAY ENHANCE_YOUR_CALM
  empty_data_flood        a flood of empty DATA frames ends in GOAWAY ENHANCE_YOUR_CALM
  flow_control_violation  messages the server has not consumed yet cannot exceed the advertised
                          stream window: DATA beyond it is a FLOW_CONTROL_ERROR
  handshake_timeout       a connection that never sends the HTTP/2 preface is closed
  idle_timeout            a connection with no calls gets GOAWAY NO_ERROR
"""
import argparse
import socket
import struct
import sys
import time

import hpack
from hyperframe.frame import DataFrame, Frame, HeadersFrame, RstStreamFrame, SettingsFrame

from harness import run_checks_with_details

PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
SERVICE = "/arrow.flight.protocol.FlightService/"
ENHANCE_YOUR_CALM, REFUSED_STREAM, FLOW_CONTROL_ERROR, NO_ERROR = 0xB, 0x7, 0x3, 0x0
T_DATA, T_HEADERS, T_RST, T_SETTINGS, T_PING, T_GOAWAY = 0, 1, 3, 4, 6, 7


class Raw:
    """One TCP connection speaking raw HTTP/2 frames."""

    def __init__(self, host, port, preface=True):
        self.sock = socket.create_connection((host, port), timeout=10)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.enc = hpack.Encoder()
        self.buf = b""
        self.frames = []
        self.closed = False
        self.server_settings = {}
        if preface:
            self.sock.sendall(PREFACE + SettingsFrame(0).serialize())

    def send(self, data):
        try:
            self.sock.sendall(data)
        except OSError:
            self.closed = True

    def headers(self, sid, method, end_stream=False):
        f = HeadersFrame(sid)
        f.data = self.enc.encode([(":method", "POST"), (":scheme", "http"), (":path", SERVICE + method),
                                  (":authority", "localhost"), ("content-type", "application/grpc"),
                                  ("te", "trailers")])
        f.flags.add("END_HEADERS")
        if end_stream:
            f.flags.add("END_STREAM")
        return f.serialize()

    @staticmethod
    def data(sid, payload, end_stream=False):
        f = DataFrame(sid)
        f.data = payload
        if end_stream:
            f.flags.add("END_STREAM")
        return f.serialize()

    @staticmethod
    def rst(sid, code=0x8):
        f = RstStreamFrame(sid)
        f.error_code = code
        return f.serialize()

    def read(self, timeout, until=None):
        """Reads frames for up to ``timeout`` s or until ``until(frame)`` is true; acks SETTINGS."""
        deadline = time.time() + timeout
        while time.time() < deadline and not self.closed:
            self.sock.settimeout(max(0.01, deadline - time.time()))
            try:
                chunk = self.sock.recv(1 << 16)
            except socket.timeout:
                break
            except OSError:
                self.closed = True
                break
            if not chunk:
                self.closed = True
                break
            self.buf += chunk
            while len(self.buf) >= 9:
                length = int.from_bytes(self.buf[:3], "big")
                if len(self.buf) < 9 + length:
                    break
                ftype, flags = self.buf[3], self.buf[4]
                sid = struct.unpack(">I", self.buf[5:9])[0] & 0x7FFFFFFF
                payload = self.buf[9:9 + length]
                self.buf = self.buf[9 + length:]
                frame = (ftype, flags, sid, payload)
                self.frames.append(frame)
                if ftype == T_SETTINGS and not flags & 1:
                    for i in range(0, len(payload), 6):
                        key, value = struct.unpack(">HI", payload[i:i + 6])
                        self.server_settings[key] = value
                    ack = SettingsFrame(0)
                    ack.flags.add("ACK")
                    self.send(ack.serialize())
                if until is not None and until(frame):
                    return frame
        return None

    def goaway(self):
        for ftype, _, _, payload in self.frames:
            if ftype == T_GOAWAY:
                code = struct.unpack(">I", payload[4:8])[0]
                return code, payload[8:].decode("ascii", "replace")
        return None

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


class Checks:
    def __init__(self, host, port, max_streams, timeout):
        self.host, self.port, self.max_streams, self.timeout = host, port, max_streams, timeout

    def raw(self, preface=True):
        r = Raw(self.host, self.port, preface)
        if preface:
            r.read(2, until=lambda f: f[0] == T_SETTINGS and not f[1] & 1)
        return r

    def expect_calm(self, r, debug, what):
        r.read(10, until=lambda f: f[0] == T_GOAWAY)
        g = r.goaway()
        if g is None:
            raise AssertionError(f"{what}: no GOAWAY (connection closed: {r.closed})")
        if g != (ENHANCE_YOUR_CALM, debug):
            raise AssertionError(f"{what}: GOAWAY {g}, expected ({ENHANCE_YOUR_CALM}, {debug!r})")
        r.read(5)
        if not r.closed:
            raise AssertionError(f"{what}: the connection stayed open after GOAWAY")
        return g

    def check_max_concurrent_streams(self):
        r = self.raw()
        try:
            advertised = r.server_settings.get(0x3)
            if advertised != self.max_streams:
                raise AssertionError(f"MAX_CONCURRENT_STREAMS advertised {advertised}, expected {self.max_streams}")
            r.read(0.5)  # let the server see our SETTINGS ACK, after which it enforces its limit
            sids = [1 + 2 * i for i in range(self.max_streams + 1)]
            r.send(b"".join(r.headers(s, "DoPut") for s in sids))
            refused = r.read(5, until=lambda f: f[0] == T_RST)
            if refused is None:
                raise AssertionError(f"no stream was refused after opening {len(sids)}")
            code = struct.unpack(">I", refused[3])[0]
            if refused[2] != sids[-1] or code != REFUSED_STREAM:
                raise AssertionError(f"RST_STREAM on stream {refused[2]} code {code}, expected stream {sids[-1]} "
                                     f"REFUSED_STREAM")
            r.send(b"".join(r.rst(s) for s in sids[:-1]))
            return f"limit {advertised}, stream {sids[-1]} refused"
        finally:
            r.close()

    def check_rapid_reset(self):
        r = self.raw()
        try:
            sent = 0
            for i in range(1000):
                sid = 1 + 2 * i
                r.send(r.headers(sid, "DoAction") + r.rst(sid))
                sent += 1
                if r.closed:
                    break
            self.expect_calm(r, "too_many_resets", "rapid reset")
            return f"GOAWAY ENHANCE_YOUR_CALM too_many_resets after at most {sent} resets"
        finally:
            r.close()

    def check_settings_flood(self):
        r = self.raw()
        try:
            r.send(SettingsFrame(0).serialize() * 500)
            self.expect_calm(r, "too_many_settings", "SETTINGS flood")
            return "GOAWAY ENHANCE_YOUR_CALM too_many_settings"
        finally:
            r.close()

    def check_empty_data_flood(self):
        r = self.raw()
        try:
            r.send(r.headers(1, "DoPut") + r.data(1, b"") * 5000)
            self.expect_calm(r, "too_many_empty_frames", "empty DATA flood")
            return "GOAWAY ENHANCE_YOUR_CALM too_many_empty_frames"
        finally:
            r.close()

    def check_flow_control_violation(self):
        """The server's DoExchange does not read for a while: complete 1 MiB messages pile up
        unconsumed, and DATA beyond the advertised stream window must be refused."""
        r = self.raw()
        try:
            window = r.server_settings.get(0x4, 65535)
            size = 1 << 20
            message = b"\x00" + struct.pack(">I", size) + b"\x00" * size
            frames = [r.headers(1, "DoExchange")]
            sent = 0
            while sent < window + 4 * size:
                for i in range(0, len(message), 16384):
                    frames.append(r.data(1, message[i:i + 16384]))
                sent += len(message)
            r.send(b"".join(frames))
            r.read(10, until=lambda f: f[0] == T_GOAWAY or (f[0] == T_RST and f[2] == 1))
            g = r.goaway()
            rst = [f for f in r.frames if f[0] == T_RST and f[2] == 1]
            if g is not None and g[0] == FLOW_CONTROL_ERROR:
                return f"window {window}: GOAWAY FLOW_CONTROL_ERROR after {sent} bytes offered"
            if rst and struct.unpack(">I", rst[0][3])[0] == FLOW_CONTROL_ERROR:
                return f"window {window}: RST_STREAM FLOW_CONTROL_ERROR after {sent} bytes offered"
            raise AssertionError(f"no FLOW_CONTROL_ERROR (goaway {g}, rst {rst[:1]})")
        finally:
            r.close()

    def check_handshake_timeout(self):
        r = Raw(self.host, self.port, preface=False)
        try:
            start = time.time()
            r.read(self.timeout + 5)
            waited = time.time() - start
            if not r.closed:
                raise AssertionError(f"a silent connection was still open after {waited:.1f}s")
            if waited > self.timeout + 3:
                raise AssertionError(f"closed only after {waited:.1f}s")
            return f"closed after {waited:.1f}s"
        finally:
            r.close()

    def check_idle_timeout(self):
        r = self.raw()
        try:
            start = time.time()
            r.read(self.timeout + 5, until=lambda f: f[0] == T_GOAWAY)
            g = r.goaway()
            if g is None or g[0] != NO_ERROR:
                raise AssertionError(f"no GOAWAY NO_ERROR on an idle connection (got {g})")
            return f"GOAWAY {g[1]!r} after {time.time() - start:.1f}s idle"
        finally:
            r.close()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--host", default="localhost")
    p.add_argument("--port", type=int)
    p.add_argument("--max-streams", type=int, default=5)
    p.add_argument("--timeout", type=float, default=1.0)
    p.add_argument("--check", action="append")
    p.add_argument("--list", action="store_true")
    a = p.parse_args()
    names = [n[len("check_"):] for n in dir(Checks) if n.startswith("check_")]
    if a.list:
        print("\n".join(names))
        return 0
    checks = Checks(a.host, a.port, a.max_streams, a.timeout)
    return run_checks_with_details(checks, a.check or names)


if __name__ == "__main__":
    sys.exit(main())
