"""The conformance client checks of wire-tests/CONTRACT.md on pyarrow.flight.

usage: peer_client.py --port P [--host H] [--data-dir D] [--check NAME]... | --list

Prints `PASS <name>`, `FAIL <name>: <reason>` or `SKIP <name>: <reason>` per check; exit code 0 when
no check failed, 1 otherwise.
"""

import argparse
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pyarrow as pa
import pyarrow.flight as flight

from common import (ACTIONS, ERROR_KINDS, INTS_KEY, INTS_SCHEMA, V_SCHEMA, data_files, ints_batches,
                    read_arrows, table_difference, v_batch)

STACK = "pyarrow"
CALL_TIMEOUT = 10.0    # deadline of every call (seconds)
CHECK_TIMEOUT = 120.0  # a check still running after this long FAILs


class Failure(Exception):
    pass


class Skip(Exception):
    pass


def expect(condition, message):
    if not condition:
        raise Failure(message)


def describe(error):
    return f"{type(error).__name__}: {error}"


def expect_error(action, error_type, text, what):
    """Run action(); it must raise error_type with `text` in its message."""
    try:
        action()
    except Exception as e:  # noqa: BLE001 - every outcome is reported
        expect(isinstance(e, error_type) and text in str(e),
               f"{what}: expected {error_type.__name__} containing {text!r}, got {describe(e)}")
        return e
    raise Failure(f"{what}: expected {error_type.__name__} containing {text!r}, but it succeeded")


class Session:
    """Connection parameters plus helpers shared by the checks."""

    def __init__(self, host, port, data_dir):
        self.location = f"grpc+tcp://{host}:{port}"
        self.data_dir = data_dir

    def client(self):
        return flight.connect(self.location)

    @staticmethod
    def options(timeout=CALL_TIMEOUT, headers=None):
        return flight.FlightCallOptions(timeout=timeout, headers=headers)

    def action(self, client, kind, body=b""):
        return [r.body.to_pybytes() for r in client.do_action(flight.Action(kind, body), self.options())]

    def do_get(self, client, ticket):
        """DoGet -> (schema, [batches], [app_metadata])."""
        reader = client.do_get(flight.Ticket(ticket), self.options())
        return read_stream(reader)

    def put(self, client, key, schema, batches):
        descriptor = flight.FlightDescriptor.for_path(*key.split("/"))
        writer, _ = client.do_put(descriptor, schema, self.options())
        for batch in batches:
            writer.write_batch(batch)
        writer.done_writing()
        writer.close()

    def data_dir_files(self):
        if not self.data_dir:
            raise Skip("needs --data-dir")
        files = data_files(self.data_dir)
        expect(files, f"no .arrows files in {self.data_dir}")
        return files


def read_stream(reader):
    batches, metadata = [], []
    while True:
        try:
            chunk = reader.read_chunk()
        except StopIteration:
            break
        expect(chunk.data is not None, "unexpected metadata-only message in a DoGet stream")
        batches.append(chunk.data)
        metadata.append(None if chunk.app_metadata is None else chunk.app_metadata.to_pybytes())
    return reader.schema, batches, metadata


def expect_ints(schema, batches, what):
    difference = table_difference(schema, batches, INTS_SCHEMA, ints_batches(), check_batches=True)
    expect(difference is None, f"{what}: {difference}")


CHECKS = []


def check(function):
    CHECKS.append((function.__name__[len("check_"):], function))
    return function


# -- the checks, in contract order -------------------------------------------------------------


class EchoAuth(flight.ClientAuthHandler):
    def __init__(self):
        super().__init__()
        self.response = None

    def authenticate(self, outgoing, incoming):
        outgoing.write(b"hello")
        self.response = incoming.read()

    def get_token(self):
        return b""


@check
def check_handshake(s, client):
    auth = EchoAuth()
    client.authenticate(auth, s.options())
    expect(auth.response == b"echo:hello", f"handshake response {auth.response!r}, expected b'echo:hello'")


@check
def check_list_flights(s, client):
    infos = list(client.list_flights(b"", s.options()))
    found = [i for i in infos if [p.decode() for p in i.descriptor.path or []] == ["test", "ints"]]
    expect(len(found) == 1, f"{len(found)} entries for test/ints among {len(infos)} flights")
    info = found[0]
    expect(info.total_records == 30, f"total_records {info.total_records}, expected 30")
    expect(len(info.endpoints) == 1, f"{len(info.endpoints)} endpoints, expected 1")
    endpoint = info.endpoints[0]
    expect(endpoint.ticket.ticket == INTS_KEY.encode(), f"ticket {endpoint.ticket.ticket!r}")
    expect(not endpoint.locations, f"locations {endpoint.locations}, expected none")
    expect(info.schema.equals(INTS_SCHEMA, check_metadata=True), f"schema {info.schema}")


@check
def check_get_flight_info(s, client):
    descriptor = flight.FlightDescriptor.for_path("test", "ints")
    info = client.get_flight_info(descriptor, s.options())
    expect(info.schema.equals(INTS_SCHEMA, check_metadata=True), f"schema {info.schema}")
    expect(info.descriptor == descriptor, f"descriptor {info.descriptor}, expected {descriptor}")
    expect(info.total_records == 30, f"total_records {info.total_records}, expected 30")


@check
def check_get_flight_info_not_found(s, client):
    descriptor = flight.FlightDescriptor.for_path("no", "such")
    expect_error(lambda: client.get_flight_info(descriptor, s.options()), pa.ArrowKeyError,
                 "unknown path: no/such", "GetFlightInfo no/such")


@check
def check_get_schema(s, client):
    result = client.get_schema(flight.FlightDescriptor.for_path("test", "ints"), s.options())
    expect(result.schema.equals(INTS_SCHEMA, check_metadata=True), f"schema {result.schema}")


@check
def check_do_get(s, client):
    schema, batches, _ = s.do_get(client, INTS_KEY)
    expect_ints(schema, batches, "DoGet test/ints")


@check
def check_do_get_metadata(s, client):
    schema, batches, metadata = s.do_get(client, "metadata:3")
    expected = [v_batch(i) for i in range(3)]
    difference = table_difference(schema, batches, V_SCHEMA, expected, check_batches=True)
    expect(difference is None, f"data: {difference}")
    expect(metadata == [b"m0", b"m1", b"m2"], f"app_metadata {metadata}, expected m0, m1, m2")


@check
def check_do_put(s, client):
    key = f"uploads/c-{STACK}"
    schema = pa.schema([("id", pa.int64()), ("value", pa.float64())])
    batches = [pa.record_batch([pa.array(range(i * 5, i * 5 + 5), pa.int64()),
                                pa.array([j * 1.5 for j in range(i * 5, i * 5 + 5)])], schema=schema)
               for i in range(2)]
    writer, acks = client.do_put(flight.FlightDescriptor.for_path(*key.split("/")), schema, s.options())
    for i, batch in enumerate(batches):
        writer.write_with_metadata(batch, str(i).encode())
        ack = acks.read()
        ack = None if ack is None else ack.to_pybytes()
        expect(ack == str(i).encode(), f"PutResult after batch {i}: {ack!r}, expected {str(i)!r}")
    writer.done_writing()
    writer.close()
    got_schema, got_batches, _ = s.do_get(client, key)
    difference = table_difference(got_schema, got_batches, schema, batches, check_batches=True)
    expect(difference is None, f"DoGet {key}: {difference}")
    result = s.action(client, "compare", f"{key}|{key}".encode())
    expect(result == [b"ok"], f"compare {key}|{key}: {result}")


@check
def check_do_put_rejected(s, client):
    schema = pa.schema([("id", pa.int64())])
    batch = pa.record_batch([pa.array([1, 2, 3], pa.int64())], schema=schema)

    def upload():
        writer, _ = client.do_put(flight.FlightDescriptor.for_path("reject", "x"), schema, s.options())
        try:
            writer.write_batch(batch)
            writer.done_writing()
        finally:
            writer.close()  # the call's status surfaces here at the latest

    expect_error(upload, pa.ArrowInvalid, "rejected: reject/x", "DoPut reject/x")


@check
def check_do_exchange_echo(s, client):
    schema = pa.schema([("x", pa.int32())])
    writer, reader = client.do_exchange(flight.FlightDescriptor.for_command(b"echo"), s.options())
    writer.begin(schema)
    for i in range(4):
        batch = pa.record_batch([pa.array(range(i * 10, i * 10 + 10), pa.int32())], schema=schema)
        metadata = str(i).encode() if i in (0, 2) else None
        if metadata is None:
            writer.write_batch(batch)
        else:
            writer.write_with_metadata(batch, metadata)
        chunk = reader.read_chunk()
        expect(chunk.data is not None and chunk.data.equals(batch),
               f"echo of batch {i}: {chunk.data}")
        got = None if chunk.app_metadata is None else chunk.app_metadata.to_pybytes()
        expect(got == metadata, f"echo of batch {i}: app_metadata {got!r}, expected {metadata!r}")
    writer.write_metadata(b"meta-only")
    chunk = reader.read_chunk()
    got = None if chunk.app_metadata is None else chunk.app_metadata.to_pybytes()
    expect(chunk.data is None and got == b"meta-only",
           f"echo of metadata-only message: data={chunk.data}, app_metadata={got!r}")
    writer.done_writing()
    try:
        extra = reader.read_chunk()
        raise Failure(f"stream did not end after done_writing: got {extra.data}, {extra.app_metadata}")
    except StopIteration:
        pass
    writer.close()
    expect(reader.schema.equals(schema), f"response schema {reader.schema}")


@check
def check_list_actions(s, client):
    actions = [(a.type, a.description) for a in client.list_actions(s.options())]
    expect(actions == ACTIONS, f"actions {actions}")


@check
def check_do_action(s, client):
    echo = s.action(client, "echo", b"ping")
    expect(echo == [b"ping"], f"echo ping -> {echo}")
    count = s.action(client, "count", b"3")
    expect(count == [b"0", b"1", b"2"], f"count 3 -> {count}")


@check
def check_headers(s, client):
    headers = [(b"x-one", b"1"), (b"x-two-bin", b"\x00\x01\xff")]
    action = flight.Action("headers", b"")
    results = [r.body.to_pybytes() for r in client.do_action(action, s.options(headers=headers))]
    ours = [r for r in results if r.split(b":")[0] in (b"x-one", b"x-two-bin")]
    expect(ours == [b"x-one: 1", b"x-two-bin: 0001ff"], f"headers action returned {results}")


@check
def check_errors(s, client):
    problems = []
    for kind, (_, expected_type) in ERROR_KINDS.items():
        if expected_type is None:
            continue  # already_exists: pyarrow has no error type for it
        message = f"msg {kind} ü%"
        descriptor = flight.FlightDescriptor.for_command(f"error:{kind}:{message}".encode())
        try:
            expect_error(lambda: client.get_flight_info(descriptor, s.options()), expected_type,
                         message, kind)
        except Failure as f:
            problems.append(str(f))
    expect(not problems, "; ".join(problems))


@check
def check_error_mid_stream(s, client):
    reader = client.do_get(flight.Ticket(b"error_after:2"), s.options())
    for i in range(2):
        chunk = reader.read_chunk()
        expect(chunk.data.equals(v_batch(i)), f"batch {i}: {chunk.data}")
    expect_error(reader.read_chunk, flight.FlightUnavailableError, "failed after 2 batches",
                 "third read")


@check
def check_timeout(s, client):
    start = time.monotonic()
    expect_error(lambda: list(client.do_action(flight.Action("sleep", b"3000"), s.options(timeout=0.3))),
                 flight.FlightTimedOutError, "", "sleep 3000 with a 300 ms timeout")
    elapsed = time.monotonic() - start
    expect(elapsed < 2.5, f"timed out only after {elapsed:.2f} s")


@check
def check_cancel(s, client):
    reader = client.do_get(flight.Ticket(b"slow:100:50"), s.options())
    for i in range(2):
        chunk = reader.read_chunk()
        expect(chunk.data.equals(v_batch(i)), f"batch {i}: {chunk.data}")
    reader.cancel()
    result = s.action(client, "last_cancelled")
    expect(result == [b"true"], f"last_cancelled -> {result}")


@check
def check_types_get(s, client):
    problems = []
    for name, path in s.data_dir_files().items():
        schema, batches = read_arrows(path)
        try:
            got_schema, got_batches, _ = s.do_get(client, f"types/{name}")
            difference = table_difference(got_schema, got_batches, schema, batches, check_batches=True)
        except Exception as e:  # noqa: BLE001
            difference = describe(e)
        if difference:
            problems.append(f"{name}: {difference}")
    expect(not problems, "; ".join(problems))


@check
def check_types_put(s, client):
    problems = []
    for name, path in s.data_dir_files().items():
        schema, batches = read_arrows(path)
        key = f"uploads/types-{name}"
        try:
            s.put(client, key, schema, batches)
            result = s.action(client, "compare", f"{key}|types/{name}".encode())
            difference = None if result == [b"ok"] else f"compare returned {result}"
            if not difference:
                got_schema, got_batches, _ = s.do_get(client, key)
                difference = table_difference(got_schema, got_batches, schema, batches,
                                              check_batches=True)
        except Exception as e:  # noqa: BLE001
            difference = describe(e)
        if difference:
            problems.append(f"{name}: {difference}")
    expect(not problems, "; ".join(problems))


@check
def check_concurrent(s, client):
    def one(_):
        schema, batches, _ = s.do_get(client, INTS_KEY)
        return table_difference(schema, batches, INTS_SCHEMA, ints_batches(), check_batches=True)

    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = [pool.submit(one, i) for i in range(16)]
        problems = []
        for i, future in enumerate(futures):
            try:
                difference = future.result(timeout=CALL_TIMEOUT * 2)
            except Exception as e:  # noqa: BLE001
                difference = describe(e)
            if difference:
                problems.append(f"DoGet #{i}: {difference}")
    expect(not problems, "; ".join(problems))


@check
def check_do_put_cancelled(s, client):
    # Checked, not assumed: pyarrow's DoPut writer has no cancel, and closing it (which `with
    # writer:` does on an exception too) half-closes and finishes the call, so the server sees a
    # complete upload.
    raise Skip("pyarrow cannot cancel a DoPut: its writer has no cancel, and closing it "
               "(also from `with` on an exception) completes the upload")


# -- runner ------------------------------------------------------------------------------------


def run_check(session, function):
    """Run one check on its own client -> (status, reason)."""
    outcome = ["FAIL", f"did not finish within {CHECK_TIMEOUT:.0f} s"]

    def body():
        client = None
        try:
            client = session.client()
            function(session, client)
            outcome[:] = ["PASS", ""]
        except Skip as e:
            outcome[:] = ["SKIP", str(e)]
        except Failure as e:
            outcome[:] = ["FAIL", str(e)]
        except Exception as e:  # noqa: BLE001
            outcome[:] = ["FAIL", f"unexpected {describe(e)}"]
        finally:
            if client is not None:
                try:
                    client.close()
                except Exception:  # noqa: BLE001
                    pass

    worker = threading.Thread(target=body, daemon=True)
    worker.start()
    worker.join(CHECK_TIMEOUT)
    return list(outcome)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int)
    parser.add_argument("--host", default="localhost")
    parser.add_argument("--data-dir")
    parser.add_argument("--check", action="append", default=[], metavar="NAME")
    parser.add_argument("--list", action="store_true")
    args = parser.parse_args()

    names = [name for name, _ in CHECKS]
    if args.list:
        print("\n".join(names))
        return 0
    if args.port is None:
        parser.error("--port is required")
    unknown = [n for n in args.check if n not in names]
    if unknown:
        parser.error(f"unknown check(s): {', '.join(unknown)}")
    session = Session(args.host, args.port, args.data_dir)
    failed = False
    for name, function in CHECKS:
        if args.check and name not in args.check:
            continue
        status, reason = run_check(session, function)
        reason = " ".join(reason.split())
        print(f"{status} {name}" + (f": {reason}" if status != "PASS" else ""), flush=True)
        failed |= status == "FAIL"
    return 1 if failed else 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    os._exit(code)  # never wait on a check thread that is still stuck
