"""The conformance service of wire-tests/CONTRACT.md on pyarrow.flight.

usage: peer_server.py [--port P] [--data-dir D]

Prints `Server listening on localhost:<port>` once it accepts calls, then serves until SIGTERM/SIGINT
or until stdin reaches EOF.
"""

import argparse
import os
import signal
import sys
import threading
import time

import pyarrow as pa
import pyarrow.flight as flight

from common import (ACTIONS, INTS_KEY, INTS_SCHEMA, V_SCHEMA, data_files, ints_batches, make_error,
                    read_arrows, table_difference, v_batch)

CANCEL_POLL_SECONDS = 5.0


def utf8(data):
    return data.decode("utf-8", errors="replace") if isinstance(data, bytes) else str(data)


def parse_error(text):
    """`<kind>:<message>` -> the exception to raise."""
    kind, _, message = text.partition(":")
    return make_error(kind, message)


class EchoAuthHandler(flight.ServerAuthHandler):
    """Handshake: answer every payload p with `echo:` + p. Any token (or none) is accepted."""

    def authenticate(self, outgoing, incoming):
        while True:
            try:
                payload = incoming.read()
            except Exception:  # noqa: BLE001 - pyarrow signals the end of the client stream this way
                return
            if payload is None:
                return
            outgoing.write(b"echo:" + payload)

    def is_valid(self, token):
        return b""


class HeadersMiddleware(flight.ServerMiddleware):
    def __init__(self, headers):
        self.headers = headers


class HeadersMiddlewareFactory(flight.ServerMiddlewareFactory):
    def start_call(self, info, headers):
        return HeadersMiddleware(headers)


class SlowCall:
    """What the most recent `slow:` DoGet observed."""

    def __init__(self):
        self.cancelled = threading.Event()
        self.completed = threading.Event()


class ConformanceServer(flight.FlightServerBase):
    def __init__(self, location, data_dir=None):
        super().__init__(location, auth_handler=EchoAuthHandler(),
                         middleware={"headers": HeadersMiddlewareFactory()})
        self._lock = threading.Lock()
        self._tables = {INTS_KEY: (INTS_SCHEMA, ints_batches())}
        self._last_slow = None
        if data_dir:
            for name, path in data_files(data_dir).items():
                self._tables[f"types/{name}"] = read_arrows(path)

    # -- state helpers --------------------------------------------------------------------------

    def _table(self, key):
        with self._lock:
            table = self._tables.get(key)
        if table is None:
            raise pa.ArrowKeyError(f"unknown path: {key}")
        return table

    def _flight_info(self, key):
        schema, batches = self._table(key)
        endpoint = flight.FlightEndpoint(key.encode("utf-8"), [])
        return flight.FlightInfo(schema, flight.FlightDescriptor.for_path(*key.split("/")), [endpoint],
                                 sum(b.num_rows for b in batches), -1)

    @staticmethod
    def _path_key(descriptor):
        if descriptor.descriptor_type != flight.DescriptorType.PATH:
            raise pa.ArrowInvalid("a PATH descriptor is required")
        return "/".join(utf8(p) for p in descriptor.path)

    # -- metadata RPCs --------------------------------------------------------------------------

    def list_flights(self, context, criteria):
        with self._lock:
            keys = sorted(self._tables)
        return [self._flight_info(k) for k in keys]

    def get_flight_info(self, context, descriptor):
        if descriptor.descriptor_type == flight.DescriptorType.CMD:
            command = utf8(descriptor.command)
            if command.startswith("error:"):
                raise parse_error(command[len("error:"):])
            if command.startswith("sleep:"):
                time.sleep(int(command[len("sleep:"):]) / 1000)
                return self._flight_info(INTS_KEY)
            raise pa.ArrowInvalid(f"unknown command: {command}")
        return self._flight_info(self._path_key(descriptor))

    def get_schema(self, context, descriptor):
        if descriptor.descriptor_type == flight.DescriptorType.CMD:
            return flight.SchemaResult(self.get_flight_info(context, descriptor).schema)
        return flight.SchemaResult(self._table(self._path_key(descriptor))[0])

    # -- DoGet ----------------------------------------------------------------------------------

    def do_get(self, context, ticket):
        text = utf8(ticket.ticket)
        kind, _, rest = text.partition(":")
        if kind == "slow":
            n, _, ms = rest.partition(":")
            return flight.GeneratorStream(V_SCHEMA, self._slow(context, int(n), int(ms)))
        if kind == "metadata":
            return flight.GeneratorStream(
                V_SCHEMA, ((v_batch(i), f"m{i}".encode()) for i in range(int(rest))))
        if kind == "error_after":
            return flight.GeneratorStream(V_SCHEMA, self._error_after(int(rest)))
        if kind == "error":
            raise parse_error(rest)
        with self._lock:
            table = self._tables.get(text)
        if table is None:
            raise pa.ArrowKeyError(f"unknown ticket: {text}")
        schema, batches = table
        return flight.RecordBatchStream(pa.RecordBatchReader.from_batches(schema, batches))

    def _slow(self, context, n, ms):
        call = SlowCall()
        with self._lock:
            self._last_slow = call
        try:
            for i in range(n):
                deadline = time.monotonic() + ms / 1000
                while True:
                    if context.is_cancelled():
                        call.cancelled.set()
                        return
                    left = deadline - time.monotonic()
                    if left <= 0:
                        break
                    time.sleep(min(left, 0.01))
                yield v_batch(i)
            if context.is_cancelled():
                call.cancelled.set()
        finally:
            call.completed.set()

    @staticmethod
    def _error_after(n):
        for i in range(n):
            yield v_batch(i)
        raise flight.FlightUnavailableError(f"failed after {n} batches")

    # -- DoPut / DoExchange ---------------------------------------------------------------------

    def do_put(self, context, descriptor, reader, writer):
        key = self._path_key(descriptor)
        schema, batches = reader.schema, []
        while True:
            try:
                chunk = reader.read_chunk()
            except StopIteration:
                break
            if chunk.data is not None:
                batches.append(chunk.data)
            if chunk.app_metadata is not None:
                writer.write(chunk.app_metadata)
            if key.startswith("reject/") and chunk.data is not None:
                raise pa.ArrowInvalid(f"rejected: {key}")
        if key.startswith("reject/"):
            raise pa.ArrowInvalid(f"rejected: {key}")
        if context.is_cancelled():
            # Arrow C++ ends the reader's stream as if complete when the client cancels the call
            # (RST_STREAM CANCEL); only the context tells the two apart.
            return
        with self._lock:
            self._tables[key] = (schema, batches)

    def do_exchange(self, context, descriptor, reader, writer):
        if descriptor.descriptor_type != flight.DescriptorType.CMD or descriptor.command != b"echo":
            raise pa.ArrowInvalid(f"unknown exchange: {descriptor}")
        # Answer the request schema as soon as it arrives. (pyarrow's reader.schema waits for the
        # schema message, so a client that sends metadata-only messages before any schema is not
        # served; the contract does not need that.)
        writer.begin(reader.schema)
        while True:
            try:
                chunk = reader.read_chunk()
            except StopIteration:
                break
            if chunk.data is not None:
                if chunk.app_metadata is not None:
                    writer.write_with_metadata(chunk.data, chunk.app_metadata)
                else:
                    writer.write_batch(chunk.data)
            elif chunk.app_metadata is not None:
                writer.write_metadata(chunk.app_metadata)

    # -- actions --------------------------------------------------------------------------------

    def list_actions(self, context):
        return [flight.ActionType(t, d) for t, d in ACTIONS]

    def do_action(self, context, action):
        body = action.body.to_pybytes() if action.body is not None else b""
        kind = action.type
        if kind == "echo":
            return [body]
        if kind == "headers":
            return self._headers(context)
        if kind == "last_cancelled":
            return [b"true" if self._last_cancelled() else b"false"]
        if kind == "compare":
            return [self._compare(utf8(body))]
        if kind == "sleep":
            time.sleep(int(utf8(body)) / 1000)
            return [b"slept"]
        if kind == "error":
            raise parse_error(utf8(body))
        if kind == "count":
            return [str(i).encode() for i in range(int(utf8(body)))]
        raise pa.ArrowNotImplementedError(f"unknown action: {kind}")

    @staticmethod
    def _headers(context):
        middleware = context.get_middleware("headers")
        headers = middleware.headers if middleware else {}
        results = []
        for name in sorted(h for h in headers if h.startswith("x-")):
            for value in headers[name]:
                text = value.hex() if name.endswith("-bin") else value
                results.append(f"{name}: {text}".encode())
        return results

    def _last_cancelled(self):
        with self._lock:
            call = self._last_slow
        if call is None:
            return False
        deadline = time.monotonic() + CANCEL_POLL_SECONDS
        while time.monotonic() < deadline:
            if call.cancelled.is_set():
                return True
            if call.completed.is_set():
                return False
            time.sleep(0.01)
        return call.cancelled.is_set()

    def _compare(self, body):
        key_a, sep, key_b = body.partition("|")
        if not sep:
            raise pa.ArrowInvalid(f"compare body must be <keyA>|<keyB>, got {body!r}")
        schema_a, batches_a = self._table(key_a)
        schema_b, batches_b = self._table(key_b)
        difference = table_difference(schema_a, batches_a, schema_b, batches_b)
        if difference:
            raise pa.ArrowInvalid(f"{key_a} and {key_b} differ: {difference}")
        return b"ok"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--data-dir")
    args = parser.parse_args()

    server = ConformanceServer(f"grpc+tcp://localhost:{args.port}", args.data_dir)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())

    def watch_stdin():
        try:
            while os.read(sys.stdin.fileno(), 4096):
                pass
        except (OSError, ValueError, AttributeError):
            pass
        stop.set()

    threading.Thread(target=watch_stdin, daemon=True).start()
    print(f"Server listening on localhost:{server.port}", flush=True)
    while not stop.wait(0.2):
        pass
    # Shut down, but never hang on a stuck call.
    stopper = threading.Thread(target=server.shutdown, daemon=True)
    stopper.start()
    stopper.join(5)
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
