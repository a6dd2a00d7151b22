"""Arrow's cross-language Flight integration scenarios, played by pyarrow 25 (C++ Flight).

Command line (Arrow's harness conventions: single-dash options; `-port=N` and `--port N` work too):

integration.py server -port P [-scenario NAME]
    Serves plaintext grpc://localhost:P (0 = pick a free port). Once ready it prints exactly
    `Server listening on localhost:<port>` (flushed) as its first stdout line; it stops when stdin
    reaches EOF (or on SIGTERM). Without -scenario it is the round-trip store (Arrow's
    integration server): DoPut needs a PATH descriptor and stores path[0] -> schema + batches,
    answering every batch that carries app_metadata with a PutResult holding the same bytes;
    GetFlightInfo(PATH) answers schema, that descriptor, one endpoint (ticket = path[0], location
    grpc+tcp://localhost:<port>), total_records = the row count, total_bytes = -1 (unknown path:
    NOT_FOUND); DoGet(ticket) streams the stored batches, batch i carrying app_metadata "<i>".
    pyarrow limitation: a FlightDataStream that attaches app_metadata to a batch
    (GeneratorStream) cannot emit dictionary batches, so a stored schema holding a dictionary type
    anywhere is served without per-batch app_metadata (a note goes to stderr).
    A scenario pyarrow cannot serve prints `SKIP <scenario>: <reason>` instead and exits 3.
integration.py client [-host H] -port P (-scenario NAME | -path FILE [-path FILE ...])
integration.py client [-host H] -scenario NAME -port P [-scenario NAME -port P ...]
    Connects to grpc+tcp://H:P (H defaults to localhost) and runs the scenario's client checks, or
    the round trip on FILE, an Arrow IPC file or stream (pyarrow cannot read Arrow's integration
    JSON): DoPut(PATH [FILE]) writing batch i with app_metadata "<i>" and waiting for its PutResult,
    which must hold the same bytes (no PutResult may follow the last one); GetFlightInfo(same
    descriptor): schema (with metadata), descriptor and total_records must match and there must be
    at least one endpoint; every endpoint is read with DoGet (on this connection when it has no
    locations or the location is arrow-flight-reuse-connection://?, otherwise at each location):
    schema (with metadata) and every batch must equal the file's (validated, no extra batches),
    batch i carrying app_metadata "<i>".
    Prints `PASS <scenario or FILE>` (exit 0), `FAIL <scenario or FILE>: <reason>` (exit 1) or
    `SKIP <scenario>: <reason>` (exit 3); with several files or scenarios, one line each in
    order, exit 1 when one failed, else 0. Bad arguments or an unknown scenario: exit 2.

Scenarios (names and behaviour as in Arrow's cpp/src/arrow/flight/integration_tests/
test_integration.cc; the three that Arrow C++ lacks follow Arrow Java's flight-integration-tests):
    auth:basic_proto, middleware, ordered, expiration_time:do_get, expiration_time:list_actions,
    expiration_time:cancel_flight_info, expiration_time:renew_flight_endpoint,
    app_metadata_flight_info_endpoint, do_exchange:echo, location:reuse_connection,
    session_options.
CancelFlightInfo, RenewFlightEndpoint and the session actions are plain DoActions on the wire;
pyarrow has no typed API for their bodies, so integration_proto.py encodes them.
Skipped on both sides (exit 3): poll_flight_info (pyarrow 25 has no PollFlightInfo: neither
FlightClient nor FlightServerBase exposes it, so the server answers UNIMPLEMENTED and the client
cannot issue the call), flight_sql, flight_sql:extension, flight_sql:ingestion (pyarrow has no
Flight SQL binding).

Where Arrow leaves room, this peer chooses:
- location:reuse_connection: ticket "reuse" (Arrow Go; Arrow Java sends an empty ticket; no client
  reads it). session_options: Arrow Java's flow (Set, Get, Set with foolong unset and the list
  replaced by a string, Get); a GetSessionOptions without a session creates one (Java and Go do),
  an unknown session cookie fails NOT_FOUND, session ids count from 1000, the cookie is
  `arrow_flight_session_id=<id>` in a response header; the client also requires the second Set to
  report no errors and the first Set to set a cookie.
- Client checks are Arrow C++'s (Java's for the three above), plus: every action answering a single
  message must answer exactly one Result; cancel_flight_info needs at least one endpoint and
  renew_flight_endpoint at least one endpoint with an expiration_time (Arrow would pass vacuously).
- do_exchange:echo server: the response schema is sent with the first echoed batch (Arrow Java);
  a metadata-only message is echoed as metadata only; a descriptor other than CMD "echo" fails
  UNIMPLEMENTED.
"""
import argparse
import os
import sys
import threading
import time

import pyarrow as pa
import pyarrow.flight as flight

import integration_proto as proto

REUSE_CONNECTION = "arrow-flight-reuse-connection://?"
TIMEOUT = 30  # seconds, every client call


class CheckFailed(Exception):
    """A client check failed; the message says what differed."""


def ensure(condition, message):
    if not condition:
        raise CheckFailed(message)


def text(value):
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).decode("utf-8", "replace")
    if isinstance(value, pa.Buffer):
        return value.to_pybytes().decode("utf-8", "replace")
    return str(value)


def raw(value):
    """bytes of a pyarrow Buffer / bytes / str / None (None stays None)."""
    if value is None:
        return None
    if isinstance(value, pa.Buffer):
        return value.to_pybytes()
    if isinstance(value, str):
        return value.encode("utf-8")
    return bytes(value)


def one_line(error):
    return f"{type(error).__name__}: {' '.join(str(error).split())}"


def header_values(headers, name):
    """All values of header `name` in a pyarrow header dict (keys any case, str or bytes)."""
    found = []
    for key, values in (headers or {}).items():
        if text(key).lower() != name:
            continue
        if isinstance(values, (str, bytes, bytearray)):
            values = [values]
        found.extend(text(v) for v in values)
    return found


def call_options():
    return flight.FlightCallOptions(timeout=TIMEOUT)


def ts_ns(scalar):
    """A pyarrow TimestampScalar as integer nanoseconds since the epoch."""
    factor = {"s": 1_000_000_000, "ms": 1_000_000, "us": 1_000, "ns": 1}[scalar.type.unit]
    return scalar.value * factor


def describe_ts(scalar):
    """A TimestampScalar as UTC ISO-8601 with nanoseconds (pyarrow's own str() of a nanosecond
    timestamp fails without pandas)."""
    if scalar is None:
        return "none"
    ns = ts_ns(scalar)
    seconds, nanos = divmod(ns, 1_000_000_000)
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds)) + f".{nanos:09d}Z"


def describe_endpoint(endpoint):
    return (f"FlightEndpoint(ticket={raw(endpoint.ticket.ticket)!r}, "
            f"locations={[text(loc.uri) for loc in endpoint.locations]}, "
            f"expiration_time={describe_ts(endpoint.expiration_time)}, "
            f"app_metadata={raw(endpoint.app_metadata)!r})")


def expiration_in(seconds):
    return pa.scalar(time.time_ns() + seconds * 1_000_000_000, type=pa.timestamp("ns", tz="UTC"))


def read_table(reader):
    """All batches of a DoGet reader as a Table (schema kept even with no batches)."""
    return reader.read_all()


def action_results(client, action_type, body):
    return [raw(r.body) for r in client.do_action(flight.Action(action_type, body), options=call_options())]


def single_result(client, action_type, body):
    results = action_results(client, action_type, body)
    ensure(len(results) == 1, f"{action_type} must answer exactly one Result, got {len(results)}")
    return results[0]


# =====================================================================================================
# The round trip (no scenario)
# =====================================================================================================

def has_dictionary(data_type):
    if pa.types.is_dictionary(data_type):
        return True
    if isinstance(data_type, pa.ExtensionType):
        return has_dictionary(data_type.storage_type)
    return any(has_dictionary(data_type.field(i).type) for i in range(data_type.num_fields))


class RoundTripServer(flight.FlightServerBase):
    def __init__(self, location, **kwargs):
        super().__init__(location, **kwargs)
        self._lock = threading.Lock()
        self._datasets = {}  # path[0] (bytes) -> (schema, [batches])

    @staticmethod
    def _key(descriptor):
        if descriptor.descriptor_type != flight.DescriptorType.PATH:
            raise pa.ArrowInvalid("Must specify a path")
        if not descriptor.path:
            raise pa.ArrowInvalid("Must specify a path")
        return raw(descriptor.path[0])

    def get_flight_info(self, context, descriptor):
        key = self._key(descriptor)
        with self._lock:
            dataset = self._datasets.get(key)
        if dataset is None:
            raise pa.ArrowKeyError(f"Could not find flight: {text(key)}")
        schema, batches = dataset
        endpoint = flight.FlightEndpoint(key, [flight.Location.for_grpc_tcp("localhost", self.port)])
        return flight.FlightInfo(schema, descriptor, [endpoint], sum(b.num_rows for b in batches), -1)

    def do_put(self, context, descriptor, reader, writer):
        key = self._key(descriptor)
        batches = []
        while True:
            try:
                chunk = reader.read_chunk()
            except StopIteration:
                break
            if chunk.data is None:
                # A metadata-only message: Arrow's server stops at the first chunk without data.
                break
            chunk.data.validate(full=True)
            batches.append(chunk.data)
            if chunk.app_metadata is not None:
                writer.write(chunk.app_metadata)
        with self._lock:
            self._datasets[key] = (reader.schema, batches)

    def do_get(self, context, ticket):
        key = raw(ticket.ticket)
        with self._lock:
            dataset = self._datasets.get(key)
        if dataset is None:
            raise pa.ArrowKeyError(f"Could not find flight: {text(key)}")
        schema, batches = dataset
        if any(has_dictionary(f.type) for f in schema):
            print(f"note: {text(key)}: dictionary-encoded schema, served without per-batch app_metadata "
                  "(pyarrow's GeneratorStream cannot send dictionary batches)", file=sys.stderr, flush=True)
            return flight.RecordBatchStream(pa.RecordBatchReader.from_batches(schema, batches))
        return flight.GeneratorStream(schema, ((b, str(i).encode()) for i, b in enumerate(batches)))


def read_ipc(path):
    """(schema, [batches]) of an Arrow IPC file or stream."""
    try:
        reader = pa.ipc.open_file(path)
        return reader.schema, [reader.get_batch(i) for i in range(reader.num_record_batches)]
    except pa.ArrowInvalid:
        with pa.ipc.open_stream(path) as reader:
            return reader.schema, list(reader)


def describe_batch_difference(expected, actual):
    if expected.num_rows != actual.num_rows:
        return f"{actual.num_rows} rows, expected {expected.num_rows}"
    if not actual.schema.equals(expected.schema, check_metadata=True):
        return f"batch schema {actual.schema!r}, expected {expected.schema!r}"
    for i, name in enumerate(expected.schema.names):
        if not actual.column(i).equals(expected.column(i)):
            return f"column {i} ({name!r}) differs: got {actual.column(i)!r}, expected {expected.column(i)!r}"
    return "batches differ"


def consume_endpoint(client, ticket, where, schema, batches):
    reader = client.do_get(ticket, options=call_options())
    ensure(reader.schema.equals(schema, check_metadata=True),
           f"DoGet {where}: schema {reader.schema!r}, expected {schema!r}")
    for i, expected in enumerate(batches):
        try:
            chunk = reader.read_chunk()
        except StopIteration:
            raise CheckFailed(f"DoGet {where}: stream ended after {i} batches, expected {len(batches)}") from None
        ensure(chunk.data is not None, f"DoGet {where}: message {i} carries no batch (metadata only)")
        try:
            chunk.data.validate(full=True)
        except pa.ArrowException as e:
            raise CheckFailed(f"DoGet {where}: batch {i} is invalid: {one_line(e)}") from None
        if not chunk.data.equals(expected, check_metadata=True):
            raise CheckFailed(f"DoGet {where}: batch {i}: {describe_batch_difference(expected, chunk.data)}")
        metadata = raw(chunk.app_metadata)
        ensure(metadata == str(i).encode(),
               f"DoGet {where}: batch {i} app_metadata {metadata!r}, expected {str(i).encode()!r}")
    try:
        chunk = reader.read_chunk()
    except StopIteration:
        return
    raise CheckFailed(f"DoGet {where}: unexpected message after the {len(batches)} expected batches "
                      f"(batch={chunk.data is not None}, app_metadata={raw(chunk.app_metadata)!r})")


def run_round_trip(ctx, path):
    schema, batches = read_ipc(path)
    client = ctx.connect()
    descriptor = flight.FlightDescriptor.for_path(path)

    writer, metadata_reader = client.do_put(descriptor, schema, options=call_options())
    try:
        put_batches(writer, metadata_reader, batches)
    finally:
        close_quietly(writer)
    check_stored(client, descriptor, schema, batches)


def put_batches(writer, metadata_reader, batches):
    for i, batch in enumerate(batches):
        expected = str(i).encode()
        try:
            writer.write_with_metadata(batch, expected)
            ack = metadata_reader.read()
        except pa.ArrowException as e:
            # A failed call surfaces here as a write error; the server's status comes with close().
            try:
                writer.close()
            except pa.ArrowException as status:
                e = status
            raise CheckFailed(f"DoPut: batch {i}: {one_line(e)}") from None
        if ack is None:
            try:
                writer.close()
            except pa.ArrowException as status:
                raise CheckFailed(f"DoPut: no PutResult after batch {i}: the call failed: {one_line(status)}") from None
            raise CheckFailed(f"DoPut: no PutResult after batch {i} (the server ended the call successfully)")
        ensure(raw(ack) == expected, f"DoPut: PutResult after batch {i} is {raw(ack)!r}, expected {expected!r}")
    writer.done_writing()
    extra = metadata_reader.read()
    ensure(extra is None, f"DoPut: unexpected PutResult {raw(extra)!r} after the last batch")
    try:
        writer.close()
    except pa.ArrowException as e:
        raise CheckFailed(f"DoPut ended with an error: {one_line(e)}") from None


def check_stored(client, descriptor, schema, batches):
    info = client.get_flight_info(descriptor, options=call_options())
    ensure(info.schema.equals(schema, check_metadata=True),
           f"GetFlightInfo: schema {info.schema!r}, expected {schema!r}")
    ensure(info.descriptor == descriptor, f"GetFlightInfo: descriptor {info.descriptor!r}, expected {descriptor!r}")
    total = sum(b.num_rows for b in batches)
    ensure(info.total_records == total, f"GetFlightInfo: total_records {info.total_records}, expected {total}")
    ensure(len(info.endpoints) >= 1, "GetFlightInfo: no endpoints")
    for n, endpoint in enumerate(info.endpoints):
        locations = [text(loc.uri) for loc in endpoint.locations]
        if not locations:
            consume_endpoint(client, endpoint.ticket, f"endpoint {n} (same connection)", schema, batches)
            continue
        for uri in locations:
            if uri == REUSE_CONNECTION:
                consume_endpoint(client, endpoint.ticket, f"endpoint {n} at {uri}", schema, batches)
                continue
            other = flight.connect(uri)
            try:
                consume_endpoint(other, endpoint.ticket, f"endpoint {n} at {uri}", schema, batches)
            finally:
                other.close()


# =====================================================================================================
# auth:basic_proto
# =====================================================================================================

AUTH_USERNAME, AUTH_PASSWORD = "arrow", "flight"


class BasicProtoServerAuth(flight.ServerAuthHandler):
    """Handshake carries a serialized BasicAuth; the token handed back (and expected in
    auth-token-bin on every later call) is the username, which is also the peer identity."""

    def authenticate(self, outgoing, incoming):
        payload = incoming.read()
        try:
            auth = flight.BasicAuth.deserialize(payload)
        except Exception as e:  # noqa: BLE001 - a malformed payload is the client's fault
            raise pa.ArrowInvalid(f"cannot parse BasicAuth: {e}") from None
        if text(auth.username) != AUTH_USERNAME or text(auth.password) != AUTH_PASSWORD:
            raise flight.FlightUnauthenticatedError("Invalid token")
        outgoing.write(AUTH_USERNAME.encode())

    def is_valid(self, token):
        if raw(token) != AUTH_USERNAME.encode():
            raise flight.FlightUnauthenticatedError("Invalid token")
        return AUTH_USERNAME.encode()


class BasicProtoClientAuth(flight.ClientAuthHandler):
    def __init__(self):
        super().__init__()
        self.token = b""

    def authenticate(self, outgoing, incoming):
        outgoing.write(flight.BasicAuth(AUTH_USERNAME, AUTH_PASSWORD).serialize())
        self.token = incoming.read()

    def get_token(self):
        return self.token


class AuthBasicProtoServer(flight.FlightServerBase):
    def do_action(self, context, action):
        return [flight.Result(raw(context.peer_identity()))]


def make_auth_server(location):
    return AuthBasicProtoServer(location, auth_handler=BasicProtoServerAuth())


def client_auth_basic_proto(ctx):
    client = ctx.connect()
    action = flight.Action("", b"")
    try:
        results = action_results(client, "", b"")
    except flight.FlightUnauthenticatedError:
        pass
    except pa.ArrowException as e:
        raise CheckFailed(f"unauthenticated DoAction: expected UNAUTHENTICATED but got {one_line(e)}") from None
    else:
        raise CheckFailed(f"unauthenticated DoAction succeeded with {results!r}, expected UNAUTHENTICATED")

    try:
        client.authenticate(BasicProtoClientAuth(), options=call_options())
    except pa.ArrowException as e:
        raise CheckFailed(f"Handshake with BasicAuth(arrow, flight) failed: {one_line(e)}") from None
    results = [raw(r.body) for r in client.do_action(action, options=call_options())]
    ensure(results == [AUTH_USERNAME.encode()],
           f"authenticated DoAction answered {results!r}, expected exactly [b'arrow']")


# =====================================================================================================
# middleware
# =====================================================================================================

MIDDLEWARE_HEADER, MIDDLEWARE_VALUE = "x-middleware", "expected value"


class EchoHeaderMiddleware(flight.ServerMiddleware):
    def __init__(self, value):
        self.value = value

    def sending_headers(self):
        return {MIDDLEWARE_HEADER: self.value}


class EchoHeaderFactory(flight.ServerMiddlewareFactory):
    def start_call(self, info, headers):
        values = header_values(headers, MIDDLEWARE_HEADER)
        return EchoHeaderMiddleware(values[0] if values else "")


class MiddlewareServer(flight.FlightServerBase):
    def get_flight_info(self, context, descriptor):
        if descriptor.descriptor_type == flight.DescriptorType.CMD and descriptor.command == b"success":
            endpoint = flight.FlightEndpoint(b"foo", [flight.Location.for_grpc_tcp("localhost", 10010)])
            return flight.FlightInfo(pa.schema([]), descriptor, [endpoint], -1, -1)
        raise flight.FlightServerError("Unknown")  # gRPC UNKNOWN, as Arrow C++'s UnknownError


def make_middleware_server(location):
    return MiddlewareServer(location, middleware={"grpc_trailers": EchoHeaderFactory()})


class RecordingMiddleware(flight.ClientMiddleware):
    def __init__(self, factory):
        self.factory = factory

    def sending_headers(self):
        return {MIDDLEWARE_HEADER: MIDDLEWARE_VALUE}

    def received_headers(self, headers):
        # Called for the response headers and again for the trailers, or once for a Trailers-Only
        # response; as Arrow C++, remember the header's (first) value whenever a block has it.
        self.factory.blocks.append({text(k): v for k, v in (headers or {}).items()})
        values = header_values(headers, MIDDLEWARE_HEADER)
        if values:
            self.factory.received = values[0]


class RecordingFactory(flight.ClientMiddlewareFactory):
    def __init__(self):
        self.reset()

    def reset(self):
        self.received = ""
        self.blocks = []

    def start_call(self, info):
        return RecordingMiddleware(self)


def client_middleware(ctx):
    factory = RecordingFactory()
    client = ctx.connect(middleware=[factory])
    try:
        client.get_flight_info(flight.FlightDescriptor.for_command(b""), options=call_options())
    except pa.ArrowException:
        pass
    else:
        raise CheckFailed("GetFlightInfo(CMD \"\") succeeded, expected it to fail")
    ensure(factory.received == MIDDLEWARE_VALUE,
           f"failing call: expected to receive header 'x-middleware: expected value', got {factory.received!r} "
           f"(header blocks seen: {factory.blocks!r})")

    factory.reset()
    try:
        client.get_flight_info(flight.FlightDescriptor.for_command(b"success"), options=call_options())
    except pa.ArrowException as e:
        raise CheckFailed(f"GetFlightInfo(CMD \"success\") failed: {one_line(e)}") from None
    ensure(factory.received == MIDDLEWARE_VALUE,
           f"successful call: expected to receive header 'x-middleware: expected value', got {factory.received!r} "
           f"(header blocks seen: {factory.blocks!r})")


# =====================================================================================================
# ordered
# =====================================================================================================

ORDERED_SCHEMA = pa.schema([pa.field("number", pa.int32(), nullable=False)])
ORDERED_DATA = {b"1": [1, 2, 3], b"2": [10, 20, 30], b"3": [100, 200, 300]}


class OrderedServer(flight.FlightServerBase):
    def get_flight_info(self, context, descriptor):
        ordered = descriptor.descriptor_type == flight.DescriptorType.CMD and descriptor.command == b"ordered"
        tickets = [b"1", b"2", b"3"] if ordered else [b"1", b"3", b"2"]
        endpoints = [flight.FlightEndpoint(t, []) for t in tickets]
        return flight.FlightInfo(ORDERED_SCHEMA, descriptor, endpoints, -1, -1, ordered=ordered)

    def do_get(self, context, ticket):
        values = ORDERED_DATA.get(raw(ticket.ticket))
        if values is None:
            raise pa.ArrowKeyError(f"Could not find flight: {text(ticket.ticket)}")
        batch = pa.record_batch([pa.array(values, pa.int32())], schema=ORDERED_SCHEMA)
        return flight.RecordBatchStream(pa.RecordBatchReader.from_batches(ORDERED_SCHEMA, [batch]))


def read_endpoints_in_order(client, endpoints, expected_schema):
    values = []
    for n, endpoint in enumerate(endpoints):
        try:
            table = read_table(client.do_get(endpoint.ticket, options=call_options()))
        except pa.ArrowException as e:
            raise CheckFailed(f"DoGet(endpoint {n}, ticket {raw(endpoint.ticket.ticket)!r}) failed: "
                              f"{one_line(e)}") from None
        ensure(table.schema.equals(expected_schema),
               f"DoGet(endpoint {n}): schema {table.schema!r}, expected {expected_schema!r}")
        values.extend(table.column(0).to_pylist())
    return values


def client_ordered(ctx):
    client = ctx.connect()
    info = client.get_flight_info(flight.FlightDescriptor.for_command(b"ordered"), options=call_options())
    ensure(info.ordered, "Server must return FlightInfo.ordered = true")
    for n, endpoint in enumerate(info.endpoints):
        locations = [text(loc.uri) for loc in endpoint.locations]
        ensure(not locations, f"endpoint {n}: expected empty locations to use the original service, got {locations}")
    values = read_endpoints_in_order(client, info.endpoints, ORDERED_SCHEMA)
    expected = [1, 2, 3, 10, 20, 30, 100, 200, 300]
    ensure(values == expected, f"read data {values}, expected {expected}")


# =====================================================================================================
# expiration_time:*
# =====================================================================================================

EXPIRATION_SCHEMA = pa.schema([pa.field("number", pa.uint32(), nullable=False)])
CANCEL_FLIGHT_INFO = ("CancelFlightInfo",
                      "Explicitly cancel a running FlightInfo.\n"
                      "Request Message: CancelFlightInfoRequest\n"
                      "Response Message: CancelFlightInfoResult")
RENEW_FLIGHT_ENDPOINT = ("RenewFlightEndpoint",
                         "Extend expiration time of the given FlightEndpoint.\n"
                         "Request Message: RenewFlightEndpointRequest\n"
                         "Response Message: Renewed FlightEndpoint")


class EndpointStatus:
    def __init__(self, expiration_ns):
        self.expiration_ns = expiration_ns  # None: no expiration time
        self.num_gets = 0
        self.cancelled = False


class ExpirationTimeServer(flight.FlightServerBase):
    """GetFlightInfo answers three endpoints "0: No expiration time", "1: 5 seconds",
    "2: 6 seconds"; a ticket without expiration time can be read once, the others until they
    expire. CancelFlightInfo cancels the endpoints of the given FlightInfo, RenewFlightEndpoint
    appends ": renewed (+ 10 seconds)" to the ticket and moves the expiration to now + 10 s."""

    def __init__(self, location, **kwargs):
        super().__init__(location, **kwargs)
        self._lock = threading.Lock()
        self._statuses = []

    def get_flight_info(self, context, descriptor):
        endpoints = []
        with self._lock:
            self._statuses = []
            for label, seconds in (("No expiration time", None), ("5 seconds", 5), ("6 seconds", 6)):
                expiration = None if seconds is None else expiration_in(seconds)
                ticket = f"{len(self._statuses)}: {label}".encode()
                endpoints.append(flight.FlightEndpoint(ticket, [], expiration_time=expiration))
                self._statuses.append(EndpointStatus(None if expiration is None else ts_ns(expiration)))
        return flight.FlightInfo(EXPIRATION_SCHEMA, descriptor, endpoints, -1, -1, ordered=False)

    def _index(self, ticket):
        """Index from a ticket "<index>: ..." (caller holds the lock)."""
        head = text(ticket).split(":", 1)[0]
        if not head or not head.isascii() or not head.isdigit() or int(head) > 0xFFFFFFFF:
            raise pa.ArrowKeyError(f"Invalid flight: no index: {text(ticket)}")
        index = int(head)
        if index >= len(self._statuses):
            raise pa.ArrowKeyError(f"Invalid flight: out of index: {text(ticket)}")
        return index

    def do_get(self, context, ticket):
        ticket = raw(ticket.ticket)
        with self._lock:
            index = self._index(ticket)
            status = self._statuses[index]
            if status.cancelled:
                raise pa.ArrowKeyError(f"Invalid flight: canceled: {text(ticket)}")
            if status.expiration_ns is not None:
                if status.expiration_ns < time.time_ns():
                    raise pa.ArrowKeyError(f"Invalid flight: expired: {text(ticket)}")
            elif status.num_gets > 0:
                raise pa.ArrowKeyError(f"Invalid flight: can't read multiple times: {text(ticket)}")
            status.num_gets += 1
        batch = pa.record_batch([pa.array([index], pa.uint32())], schema=EXPIRATION_SCHEMA)
        return flight.RecordBatchStream(pa.RecordBatchReader.from_batches(EXPIRATION_SCHEMA, [batch]))

    def do_action(self, context, action):
        body = raw(action.body) or b""
        if action.type == CANCEL_FLIGHT_INFO[0]:
            try:
                info = flight.FlightInfo.deserialize(proto.decode_cancel_request(body))
            except (ValueError, pa.ArrowException) as e:
                raise pa.ArrowInvalid(f"cannot parse CancelFlightInfoRequest: {e}") from None
            status = proto.CANCEL_UNSPECIFIED
            with self._lock:
                for endpoint in info.endpoints:
                    try:
                        index = self._index(raw(endpoint.ticket.ticket))
                    except pa.ArrowKeyError:
                        status = proto.CANCEL_NOT_CANCELLABLE
                        continue
                    if self._statuses[index].cancelled:
                        status = proto.CANCEL_NOT_CANCELLABLE
                    else:
                        self._statuses[index].cancelled = True
                        if status == proto.CANCEL_UNSPECIFIED:
                            status = proto.CANCEL_CANCELLED
            return [flight.Result(proto.encode_cancel_result(status))]
        if action.type == RENEW_FLIGHT_ENDPOINT[0]:
            try:
                endpoint = flight.FlightEndpoint.deserialize(proto.decode_renew_request(body))
            except (ValueError, pa.ArrowException) as e:
                raise pa.ArrowInvalid(f"cannot parse RenewFlightEndpointRequest: {e}") from None
            ticket = raw(endpoint.ticket.ticket)
            with self._lock:
                index = self._index(ticket)
                if self._statuses[index].cancelled:
                    raise pa.ArrowInvalid(f"Invalid flight: canceled: {text(ticket)}")
                expiration = expiration_in(10)
                self._statuses[index].expiration_ns = ts_ns(expiration)
            renewed = flight.FlightEndpoint(ticket + b": renewed (+ 10 seconds)", endpoint.locations,
                                            expiration_time=expiration, app_metadata=endpoint.app_metadata)
            return [flight.Result(renewed.serialize())]
        raise pa.ArrowInvalid(f"Unknown action: {action.type}")

    def list_actions(self, context):
        return [CANCEL_FLIGHT_INFO, RENEW_FLIGHT_ENDPOINT]


def client_expiration_do_get(ctx):
    client = ctx.connect()
    info = client.get_flight_info(flight.FlightDescriptor.for_command(b"expiration_time"), options=call_options())
    for n, endpoint in enumerate(info.endpoints):
        if n == 0:
            ensure(endpoint.expiration_time is None,
                   f"endpoints[0] must not have expiration time, has {describe_ts(endpoint.expiration_time)}")
        else:
            ensure(endpoint.expiration_time is not None, f"endpoints[{n}] must have expiration time")
    values = read_endpoints_in_order(client, info.endpoints, EXPIRATION_SCHEMA)
    ensure(values == [0, 1, 2], f"read data {values}, expected [0, 1, 2]")


def client_expiration_list_actions(ctx):
    client = ctx.connect()
    types = sorted(text(a.type) for a in client.list_actions(options=call_options()))
    expected = ["CancelFlightInfo", "RenewFlightEndpoint"]
    ensure(types == expected, f"Invalid ListActions response: expected={expected} actual={types}")


def client_expiration_cancel(ctx):
    client = ctx.connect()
    info = client.get_flight_info(flight.FlightDescriptor.for_command(b"expiration"), options=call_options())
    ensure(info.endpoints, "GetFlightInfo(CMD \"expiration\") returned no endpoints, nothing to cancel")
    result = single_result(client, CANCEL_FLIGHT_INFO[0], proto.encode_cancel_request(info.serialize()))
    try:
        status = proto.decode_cancel_result(result)
    except ValueError as e:
        raise CheckFailed(f"cannot parse CancelFlightInfoResult {result!r}: {e}") from None
    ensure(status == proto.CANCEL_CANCELLED,
           f"CancelFlightInfo must return CANCEL_STATUS_CANCELLED, got "
           f"{proto.CANCEL_STATUS.get(status, 'unknown status')} ({status})")
    for n, endpoint in enumerate(info.endpoints):
        try:
            table = read_table(client.do_get(endpoint.ticket, options=call_options()))
        except pa.ArrowException:
            continue
        raise CheckFailed(f"DoGet after CancelFlightInfo must fail, but endpoint {n} "
                          f"(ticket {raw(endpoint.ticket.ticket)!r}) returned {table.num_rows} rows")


def client_expiration_renew(ctx):
    client = ctx.connect()
    info = client.get_flight_info(flight.FlightDescriptor.for_command(b"expiration"), options=call_options())
    ensure(any(e.expiration_time is not None for e in info.endpoints),
           f"GetFlightInfo(CMD \"expiration\") returned no endpoint with an expiration_time to renew "
           f"({len(info.endpoints)} endpoints)")
    for n, endpoint in enumerate(info.endpoints):
        if endpoint.expiration_time is None:
            continue
        result = single_result(client, RENEW_FLIGHT_ENDPOINT[0], proto.encode_renew_request(endpoint.serialize()))
        try:
            renewed = flight.FlightEndpoint.deserialize(result)
        except pa.ArrowException as e:
            raise CheckFailed(f"cannot parse the renewed FlightEndpoint of endpoint {n}: {one_line(e)}") from None
        if renewed.expiration_time is None:
            raise CheckFailed(f"Renewed endpoint must have expiration time: {describe_endpoint(renewed)}")
        if ts_ns(renewed.expiration_time) <= ts_ns(endpoint.expiration_time):
            raise CheckFailed(f"Renewed endpoint must have newer expiration time: original "
                              f"{describe_endpoint(endpoint)}, renewed {describe_endpoint(renewed)}")


# =====================================================================================================
# app_metadata_flight_info_endpoint
# =====================================================================================================

class AppMetadataServer(flight.FlightServerBase):
    def get_flight_info(self, context, descriptor):
        if descriptor.descriptor_type != flight.DescriptorType.CMD:
            raise pa.ArrowInvalid("request descriptor should be of type CMD")
        cmd = raw(descriptor.command)
        endpoint = flight.FlightEndpoint(b"", [], app_metadata=cmd)
        return flight.FlightInfo(EXPIRATION_SCHEMA, descriptor, [endpoint], -1, -1, ordered=False, app_metadata=cmd)


def client_app_metadata(ctx):
    client = ctx.connect()
    info = client.get_flight_info(flight.FlightDescriptor.for_command(b"foobar"), options=call_options())
    ensure(raw(info.app_metadata) == b"foobar",
           f"app_metadata should have been 'foobar', got: {raw(info.app_metadata)!r}")
    ensure(len(info.endpoints) == 1,
           f"should have gotten exactly one FlightEndpoint back, got: {len(info.endpoints)}")
    ensure(raw(info.endpoints[0].app_metadata) == b"foobar",
           f"FlightEndpoint app_metadata should be 'foobar', got: {raw(info.endpoints[0].app_metadata)!r}")


# =====================================================================================================
# do_exchange:echo
# =====================================================================================================

EXCHANGE_SCHEMA = pa.schema([pa.field("x", pa.int32(), nullable=False)])


class DoExchangeEchoServer(flight.FlightServerBase):
    def do_exchange(self, context, descriptor, reader, writer):
        if descriptor.descriptor_type != flight.DescriptorType.CMD or descriptor.command != b"echo":
            raise NotImplementedError(f"Unsupported descriptor: {descriptor}")
        started = False
        while True:
            try:
                chunk = reader.read_chunk()
            except StopIteration:
                break
            if chunk.data is not None:
                if not started:
                    writer.begin(reader.schema)  # the response schema: on the first data, as Arrow Java
                    started = True
                if chunk.app_metadata is not None:
                    writer.write_with_metadata(chunk.data, chunk.app_metadata)
                else:
                    writer.write_batch(chunk.data)
            elif chunk.app_metadata is not None:
                writer.write_metadata(chunk.app_metadata)


def client_do_exchange_echo(ctx):
    client = ctx.connect()
    writer, reader = client.do_exchange(flight.FlightDescriptor.for_command(b"echo"), options=call_options())
    try:
        exchange_echo(writer, reader)
    finally:
        close_quietly(writer)


def close_quietly(writer):
    """Close a client writer whose call may already have failed (the failure is reported already;
    this keeps the C++ destructor from logging it again)."""
    try:
        writer.close()
    except Exception:  # noqa: BLE001
        pass


def exchange_echo(writer, reader):
    writer.begin(EXCHANGE_SCHEMA)
    for i in range(4):
        batch = pa.record_batch([pa.array([i + r for r in range(10)], pa.int32())], schema=EXCHANGE_SCHEMA)
        metadata = str(i).encode() if i % 2 == 0 else None
        if metadata is not None:
            writer.write_with_metadata(batch, metadata)
        else:
            writer.write_batch(batch)
        try:
            chunk = reader.read_chunk()
        except StopIteration:
            raise CheckFailed(f"Unexpected end of reader: no echo for batch {i}") from None
        got = raw(chunk.app_metadata)
        if metadata is not None:
            ensure(got == metadata, f"batch {i}: echoed app_metadata {got!r}, expected {metadata!r}")
        else:
            ensure(got is None, f"batch {i}: echoed app_metadata {got!r}, expected none")
        ensure(chunk.data is not None, f"batch {i}: echo carries no batch (metadata only)")
        ensure(reader.schema.equals(EXCHANGE_SCHEMA),
               f"echoed schema {reader.schema!r}, expected {EXCHANGE_SCHEMA!r}")
        if not chunk.data.equals(batch):
            raise CheckFailed(f"batch {i}: echoed {chunk.data.to_pydict()}, expected {batch.to_pydict()}")
    writer.done_writing()
    try:
        chunk = reader.read_chunk()
    except StopIteration:
        pass
    else:
        raise CheckFailed(f"Expected to reach end of reader, got another message "
                          f"(batch={chunk.data is not None}, app_metadata={raw(chunk.app_metadata)!r})")
    try:
        writer.close()
    except pa.ArrowException as e:
        raise CheckFailed(f"DoExchange ended with an error: {one_line(e)}") from None


# =====================================================================================================
# location:reuse_connection
# =====================================================================================================

class ReuseConnectionServer(flight.FlightServerBase):
    def get_flight_info(self, context, descriptor):
        endpoint = flight.FlightEndpoint(b"reuse", [flight.Location(REUSE_CONNECTION)])
        return flight.FlightInfo(pa.schema([]), descriptor, [endpoint], -1, -1)


def client_reuse_connection(ctx):
    client = ctx.connect()
    info = client.get_flight_info(flight.FlightDescriptor.for_command(b"reuse"), options=call_options())
    ensure(len(info.endpoints) == 1, f"expected 1 endpoint, got {len(info.endpoints)}")
    locations = [text(loc.uri) for loc in info.endpoints[0].locations]
    ensure(len(locations) == 1, f"expected 1 location, got {len(locations)}: {locations}")
    ensure(locations[0] == REUSE_CONNECTION, f"expected location {REUSE_CONNECTION!r}, got {locations[0]!r}")


# =====================================================================================================
# session_options
# =====================================================================================================

SESSION_COOKIE = "arrow_flight_session_id"
SET_SESSION_OPTIONS = ("SetSessionOptions",
                       "Set client session options by name/value pairs.\n"
                       "Request Message: SetSessionOptionsRequest\n"
                       "Response Message: SetSessionOptionsResult")
GET_SESSION_OPTIONS = ("GetSessionOptions",
                       "Get current client session options\n"
                       "Request Message: GetSessionOptionsRequest\n"
                       "Response Message: GetSessionOptionsResult")
CLOSE_SESSION = ("CloseSession",
                 "Explicitly close/invalidate the cookie-specified client session.\n"
                 "Request Message: CloseSessionRequest\n"
                 "Response Message: CloseSessionResult")
STRING_LIST = ["a", "b", "sea", "dee", " ", "  ", "geee", "(づ｡◕‿‿◕｡)づ"]
STRING_JOINED = "a,b,sea,dee, ,  ,geee,(づ｡◕‿‿◕｡)づ"


def parse_cookies(values):
    """name -> value from `cookie` request headers ("a=1; b=2")."""
    cookies = {}
    for header in values:
        for part in header.split(";"):
            name, sep, value = part.strip().partition("=")
            if sep and name:
                cookies.setdefault(name, value)
    return cookies


class SessionMiddleware(flight.ServerMiddleware):
    def __init__(self, factory, session_id):
        self.factory = factory
        self.session_id = session_id  # None: the call came without a session cookie

    def session(self, context):
        """The call's session, created (with a set-cookie response header) when it has none."""
        if self.session_id is None:
            self.session_id = self.factory.create()
            context.add_header("set-cookie", f"{SESSION_COOKIE}={self.session_id}")
        return self.factory.sessions[self.session_id]


class SessionFactory(flight.ServerMiddlewareFactory):
    def __init__(self):
        self.lock = threading.Lock()
        self.sessions = {}  # id -> {name: value}
        self.next_id = 1000

    def create(self):
        with self.lock:
            session_id = str(self.next_id)
            self.next_id += 1
            self.sessions[session_id] = {}
            return session_id

    def start_call(self, info, headers):
        session_id = parse_cookies(header_values(headers, "cookie")).get(SESSION_COOKIE) or None
        if session_id is not None and session_id not in self.sessions:
            raise pa.ArrowKeyError(f"Invalid {SESSION_COOKIE} cookie.")
        return SessionMiddleware(self, session_id)


class SessionOptionsServer(flight.FlightServerBase):
    def list_actions(self, context):
        return [SET_SESSION_OPTIONS, GET_SESSION_OPTIONS, CLOSE_SESSION]

    def do_action(self, context, action):
        middleware = context.get_middleware("session")
        body = raw(action.body) or b""
        if action.type == SET_SESSION_OPTIONS[0]:
            try:
                request = proto.decode_options_map(body, "SetSessionOptionsRequest")
            except ValueError as e:
                raise pa.ArrowInvalid(f"cannot parse SetSessionOptionsRequest: {e}") from None
            session = middleware.session(context)
            errors = {}
            with middleware.factory.lock:
                for name, value in request.items():
                    if name == "lol_invalid":
                        errors[name] = proto.SET_INVALID_NAME
                    elif value == ("string", "lol_invalid"):
                        errors[name] = proto.SET_INVALID_VALUE
                    elif value is None:
                        session.pop(name, None)
                    else:
                        session[name] = value
            return [flight.Result(proto.encode_set_result(errors))]
        if action.type == GET_SESSION_OPTIONS[0]:
            session = middleware.session(context)
            with middleware.factory.lock:
                options = dict(session)
            return [flight.Result(proto.encode_options_map(options))]
        if action.type == CLOSE_SESSION[0]:
            if middleware.session_id is None:
                raise pa.ArrowKeyError("No session found for the current call.")
            with middleware.factory.lock:
                if middleware.factory.sessions.pop(middleware.session_id, None) is None:
                    raise pa.ArrowKeyError(f"Session id '{middleware.session_id}' not found.")
            context.add_header("set-cookie", f"{SESSION_COOKIE}={middleware.session_id}; Max-Age=0")
            return [flight.Result(proto.encode_close_result(proto.CLOSE_CLOSED))]
        raise NotImplementedError(f"Unknown action: {action.type}")


def make_session_server(location):
    return SessionOptionsServer(location, middleware={"session": SessionFactory()})


class CookieMiddleware(flight.ClientMiddleware):
    def __init__(self, jar):
        self.jar = jar

    def sending_headers(self):
        if not self.jar.cookies:
            return {}
        return {"cookie": "; ".join(f"{k}={v}" for k, v in self.jar.cookies.items())}

    def received_headers(self, headers):
        for value in header_values(headers, "set-cookie"):
            self.jar.set_cookie(value)


class CookieJar(flight.ClientMiddlewareFactory):
    """Keeps the cookies servers set (name=value; Max-Age=0 or a past Expires removes one) and
    sends them back on every call, as Arrow's client cookie middleware."""

    def __init__(self):
        self.cookies = {}
        self.set_cookie_headers = []

    def set_cookie(self, header):
        self.set_cookie_headers.append(header)
        first, *attributes = header.split(";")
        name, sep, value = first.strip().partition("=")
        if not sep or not name:
            return
        expired = False
        for attribute in attributes:
            key, _, attr_value = attribute.strip().partition("=")
            if key.lower() == "max-age":
                try:
                    expired = int(attr_value.strip()) <= 0
                except ValueError:
                    pass
        if expired:
            self.cookies.pop(name, None)
        else:
            self.cookies[name] = value.strip().strip('"')

    def start_call(self, info):
        return CookieMiddleware(self)


def session_call(client, action, body, decode, what):
    try:
        result = single_result(client, action, body)
    except pa.ArrowException as e:
        raise CheckFailed(f"{what} failed: {one_line(e)}") from None
    try:
        return decode(result)
    except ValueError as e:
        raise CheckFailed(f"{what}: cannot parse the result {result!r}: {e}") from None


def client_session_options(ctx):
    jar = CookieJar()
    client = ctx.connect(middleware=[jar])

    request = {"foolong": ("int64", 123), "bardouble": ("double", 456.0),
               "lol_invalid": ("string", "this won't get set"),
               "key_with_invalid_value": ("string", "lol_invalid"),
               "big_ol_string_list": ("string_list", STRING_LIST)}
    errors = session_call(client, SET_SESSION_OPTIONS[0], proto.encode_options_map(request),
                          proto.decode_set_result, "first SetSessionOptions")
    expected_errors = {"lol_invalid": proto.SET_INVALID_NAME, "key_with_invalid_value": proto.SET_INVALID_VALUE}
    ensure(errors == expected_errors,
           "first SetSessionOptions: errors {" + ", ".join(
               f"{k!r}: {proto.SET_ERROR.get(v, v)}" for k, v in sorted(errors.items()))
           + "}, expected {'key_with_invalid_value': INVALID_VALUE, 'lol_invalid': INVALID_NAME}")
    ensure(jar.cookies, "first SetSessionOptions: the server set no session cookie (no set-cookie header)")

    options = session_call(client, GET_SESSION_OPTIONS[0], b"",
                           lambda b: proto.decode_options_map(b, "GetSessionOptionsResult"),
                           "first GetSessionOptions")
    expected = {"foolong": ("int64", 123), "bardouble": ("double", 456.0),
                "big_ol_string_list": ("string_list", STRING_LIST)}
    ensure(options == expected, f"first GetSessionOptions: options {proto.describe_options(options)}, "
                                f"expected {proto.describe_options(expected)} (cookies sent: {jar.cookies})")

    update = {"foolong": None, "big_ol_string_list": ("string", STRING_JOINED)}
    errors = session_call(client, SET_SESSION_OPTIONS[0], proto.encode_options_map(update),
                          proto.decode_set_result, "second SetSessionOptions")
    ensure(not errors, "second SetSessionOptions (unset foolong, big_ol_string_list as a string): errors {"
           + ", ".join(f"{k!r}: {proto.SET_ERROR.get(v, v)}" for k, v in sorted(errors.items())) + "}, expected none")

    options = session_call(client, GET_SESSION_OPTIONS[0], b"",
                           lambda b: proto.decode_options_map(b, "GetSessionOptionsResult"),
                           "second GetSessionOptions")
    expected = {"bardouble": ("double", 456.0), "big_ol_string_list": ("string", STRING_JOINED)}
    ensure(options == expected, f"second GetSessionOptions: options {proto.describe_options(options)}, "
                                f"expected {proto.describe_options(expected)}")


# =====================================================================================================
# Registry and main
# =====================================================================================================

NO_POLL = ("pyarrow 25 has no PollFlightInfo: neither FlightClient nor FlightServerBase exposes it "
           "(a pyarrow server answers it UNIMPLEMENTED; a pyarrow client cannot issue the call)")
NO_SQL = "pyarrow 25 has no Flight SQL binding (pyarrow.flight has no FlightSqlClient or FlightSqlServerBase)"

# name -> (server factory(location) or skip reason, client function(ctx) or skip reason)
SCENARIOS = {
    "auth:basic_proto": (make_auth_server, client_auth_basic_proto),
    "middleware": (make_middleware_server, client_middleware),
    "ordered": (OrderedServer, client_ordered),
    "expiration_time:do_get": (ExpirationTimeServer, client_expiration_do_get),
    "expiration_time:list_actions": (ExpirationTimeServer, client_expiration_list_actions),
    "expiration_time:cancel_flight_info": (ExpirationTimeServer, client_expiration_cancel),
    "expiration_time:renew_flight_endpoint": (ExpirationTimeServer, client_expiration_renew),
    "poll_flight_info": (NO_POLL, NO_POLL),
    "app_metadata_flight_info_endpoint": (AppMetadataServer, client_app_metadata),
    "do_exchange:echo": (DoExchangeEchoServer, client_do_exchange_echo),
    "location:reuse_connection": (ReuseConnectionServer, client_reuse_connection),
    "session_options": (make_session_server, client_session_options),
    "flight_sql": (NO_SQL, NO_SQL),
    "flight_sql:extension": (NO_SQL, NO_SQL),
    "flight_sql:ingestion": (NO_SQL, NO_SQL),
}


def serve(port, scenario):
    if scenario is None:
        factory = RoundTripServer
    else:
        factory = SCENARIOS[scenario][0]
        if isinstance(factory, str):
            print(f"SKIP {scenario}: {factory}", flush=True)
            return 3
    server = factory(f"grpc://localhost:{port}")
    print(f"Server listening on localhost:{server.port}", flush=True)

    def stop_on_eof():
        try:
            sys.stdin.read()
        except (OSError, ValueError):
            pass
        server.shutdown()

    threading.Thread(target=stop_on_eof, daemon=True).start()
    server.serve()
    return 0


class ClientContext:
    def __init__(self, host, port):
        self.uri = f"grpc+tcp://{host}:{port}"
        self.clients = []

    def connect(self, middleware=None):
        client = flight.connect(self.uri, middleware=middleware or None)
        self.clients.append(client)
        return client

    def close(self):
        for client in self.clients:
            try:
                client.close()
            except Exception:  # noqa: BLE001
                pass


def run_client(host, port, scenario, path):
    label = scenario if scenario is not None else path
    if scenario is not None:
        check = SCENARIOS[scenario][1]
        if isinstance(check, str):
            print(f"SKIP {scenario}: {check}", flush=True)
            return 3
    else:
        if not os.path.exists(path):
            print(f"FAIL {label}: no such file", flush=True)
            return 1
        check = lambda ctx: run_round_trip(ctx, path)  # noqa: E731
    ctx = ClientContext(host, port)
    try:
        check(ctx)
    except CheckFailed as e:
        print(f"FAIL {label}: {' '.join(str(e).split())}", flush=True)
        return 1
    except Exception as e:  # noqa: BLE001 - any other error fails the scenario, with its text
        print(f"FAIL {label}: unexpected error: {one_line(e)}", flush=True)
        return 1
    finally:
        ctx.close()
    print(f"PASS {label}", flush=True)
    return 0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0], allow_abbrev=False)
    ap.add_argument("mode", choices=["server", "client"])
    ap.add_argument("-host", "--host", default="localhost")
    ap.add_argument("-port", "--port", type=int, action="append",
                    help="repeat with -scenario: scenario i runs against port i")
    ap.add_argument("-scenario", "--scenario", action="append")
    ap.add_argument("-path", "--path", action="append",
                    help="a file to round-trip; repeat for several (a verdict line each, in order)")
    a = ap.parse_args(argv)
    for sc in a.scenario or []:
        if sc not in SCENARIOS:
            ap.error(f"unknown scenario {sc!r}; known: {', '.join(SCENARIOS)}")
    if a.mode == "server":
        if a.path is not None:
            ap.error("server takes no -path")
        if len(a.scenario or []) > 1 or len(a.port or []) > 1:
            ap.error("a server takes one -scenario and one -port")
        return serve((a.port or [0])[0], (a.scenario or [None])[0])
    if a.port is None:
        ap.error("client needs -port")
    if (a.scenario is None) == (a.path is None):
        ap.error("client needs exactly one of -scenario or -path")
    if a.scenario is not None:
        if len(a.scenario) == 1 and len(a.port) == 1:
            return run_client(a.host, a.port[0], a.scenario[0], None)
        if len(a.scenario) != len(a.port):
            ap.error("several -scenario need one -port each, in the same order")
        # several scenarios: a line each (PASS, FAIL or SKIP); exit 1 when one failed
        codes = [run_client(a.host, port, sc, None) for sc, port in zip(a.scenario, a.port)]
        return 1 if 1 in codes else 0
    if len(a.port) != 1:
        ap.error("the round trip takes one -port")
    return max(run_client(a.host, a.port[0], None, p) for p in a.path)


if __name__ == "__main__":
    sys.exit(main())
