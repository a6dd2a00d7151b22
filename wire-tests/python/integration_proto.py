"""A small protobuf codec for the Flight action bodies that pyarrow 25 has no typed API for.

pyarrow 25 (`pyarrow.flight`) can send and answer any DoAction, but it has no binding for the
messages carried in the bodies of the well-known actions `CancelFlightInfo`, `RenewFlightEndpoint`,
`SetSessionOptions`, `GetSessionOptions` and `CloseSession` (Flight.proto). It does serialize
FlightInfo and FlightEndpoint themselves (`serialize()` / `deserialize()`), so only the thin
wrappers around them and the session messages are encoded here, by hand, from the field numbers in
Flight.proto:

    CancelFlightInfoRequest   { FlightInfo info = 1; }
    CancelFlightInfoResult    { CancelStatus status = 1; }      UNSPECIFIED 0, CANCELLED 1,
                                                                  CANCELLING 2, NOT_CANCELLABLE 3
    RenewFlightEndpointRequest{ FlightEndpoint endpoint = 1; }  (the answer is a FlightEndpoint)
    SessionOptionValue        { oneof { string string_value = 1; bool bool_value = 2;
                                        sfixed64 int64_value = 3; double double_value = 4;
                                        StringListValue string_list_value = 5; } }
    StringListValue           { repeated string values = 1; }
    SetSessionOptionsRequest  { map<string, SessionOptionValue> session_options = 1; }
    SetSessionOptionsResult   { map<string, Error> errors = 1; }  Error { ErrorValue value = 1; }
                                                                  UNSPECIFIED 0, INVALID_NAME 1,
                                                                  INVALID_VALUE 2, ERROR 3
    GetSessionOptionsRequest  { }
    GetSessionOptionsResult   { map<string, SessionOptionValue> session_options = 1; }
    CloseSessionRequest       { }
    CloseSessionResult        { Status status = 1; }            UNSPECIFIED 0, CLOSED 1,
                                                                  CLOSING 2, NOT_CLOSEABLE 3

A session option value is represented as None (no value set: "unset this option") or a pair
(kind, value) with kind one of "string", "bool", "int64", "double", "string_list" (value a list of
str). Decoding follows proto3 rules (unknown fields skipped, last occurrence of a singular field or
of a map key wins, absent fields take their defaults) but rejects malformed input and known fields
sent with the wrong wire type, raising ValueError with a description.
"""
import struct

VARINT, FIXED64, LEN, FIXED32 = 0, 1, 2, 5

CANCEL_STATUS = {0: "CANCEL_STATUS_UNSPECIFIED", 1: "CANCEL_STATUS_CANCELLED",
                 2: "CANCEL_STATUS_CANCELLING", 3: "CANCEL_STATUS_NOT_CANCELLABLE"}
CANCEL_CANCELLED, CANCEL_NOT_CANCELLABLE, CANCEL_UNSPECIFIED = 1, 3, 0

SET_ERROR = {0: "UNSPECIFIED", 1: "INVALID_NAME", 2: "INVALID_VALUE", 3: "ERROR"}
SET_INVALID_NAME, SET_INVALID_VALUE = 1, 2

CLOSE_STATUS = {0: "UNSPECIFIED", 1: "CLOSED", 2: "CLOSING", 3: "NOT_CLOSEABLE"}
CLOSE_CLOSED = 1


# ---------------------------------------------------------------- wire primitives

def _varint(n):
    if n < 0:
        n += 1 << 64  # negative int32/int64 enums and varints are sent as 10-byte two's complement
    out = bytearray()
    while True:
        low = n & 0x7F
        n >>= 7
        if n:
            out.append(low | 0x80)
        else:
            out.append(low)
            return bytes(out)


def _tag(field, wire_type):
    return _varint((field << 3) | wire_type)


def len_field(field, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    return _tag(field, LEN) + _varint(len(data)) + bytes(data)


def varint_field(field, n):
    return _tag(field, VARINT) + _varint(n)


def fixed64_field(field, raw8):
    return _tag(field, FIXED64) + raw8


def _read_varint(buf, pos):
    result = shift = 0
    while True:
        if pos >= len(buf):
            raise ValueError("truncated varint")
        b = buf[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            return result & ((1 << 64) - 1), pos
        shift += 7
        if shift >= 70:
            raise ValueError("varint longer than 10 bytes")


def fields(buf):
    """The (field number, wire type, value) triples of one serialized message, in order. value is
    an int for VARINT, bytes for LEN, and the raw 8 or 4 bytes for FIXED64 / FIXED32."""
    buf = bytes(buf)
    out, pos = [], 0
    while pos < len(buf):
        key, pos = _read_varint(buf, pos)
        field, wire_type = key >> 3, key & 7
        if field == 0:
            raise ValueError("field number 0")
        if wire_type == VARINT:
            value, pos = _read_varint(buf, pos)
        elif wire_type == FIXED64:
            if pos + 8 > len(buf):
                raise ValueError(f"truncated fixed64 in field {field}")
            value, pos = buf[pos:pos + 8], pos + 8
        elif wire_type == LEN:
            length, pos = _read_varint(buf, pos)
            if pos + length > len(buf):
                raise ValueError(f"field {field}: length {length} runs past the end of the message")
            value, pos = buf[pos:pos + length], pos + length
        elif wire_type == FIXED32:
            if pos + 4 > len(buf):
                raise ValueError(f"truncated fixed32 in field {field}")
            value, pos = buf[pos:pos + 4], pos + 4
        else:
            raise ValueError(f"field {field}: unsupported wire type {wire_type} (groups)")
        out.append((field, wire_type, value))
    return out


def _expect(field, wire_type, expected, message):
    if wire_type != expected:
        raise ValueError(f"{message} field {field} has wire type {wire_type}, expected {expected}")


def _utf8(data, what):
    try:
        return bytes(data).decode("utf-8")
    except UnicodeDecodeError as e:
        raise ValueError(f"{what} is not valid UTF-8: {e}") from None


def _single_message_field(body, field_no, message):
    """The bytes of message field `field_no` of `message` (b"" when absent: the default)."""
    found = b""
    for field, wire_type, value in fields(body):
        if field == field_no:
            _expect(field, wire_type, LEN, message)
            found = value
    return found


def _single_enum_field(body, field_no, message):
    found = 0
    for field, wire_type, value in fields(body):
        if field == field_no:
            _expect(field, wire_type, VARINT, message)
            found = value if value < (1 << 63) else value - (1 << 64)
    return found


# ---------------------------------------------------------------- CancelFlightInfo / RenewFlightEndpoint

def encode_cancel_request(flight_info_bytes):
    return len_field(1, flight_info_bytes)


def decode_cancel_request(body):
    """The serialized FlightInfo inside a CancelFlightInfoRequest."""
    return _single_message_field(body, 1, "CancelFlightInfoRequest")


def encode_cancel_result(status):
    return varint_field(1, status) if status else b""


def decode_cancel_result(body):
    return _single_enum_field(body, 1, "CancelFlightInfoResult")


def encode_renew_request(flight_endpoint_bytes):
    return len_field(1, flight_endpoint_bytes)


def decode_renew_request(body):
    """The serialized FlightEndpoint inside a RenewFlightEndpointRequest."""
    return _single_message_field(body, 1, "RenewFlightEndpointRequest")


# ---------------------------------------------------------------- session options

def encode_option_value(value):
    if value is None:
        return b""
    kind, v = value
    if kind == "string":
        return len_field(1, v)
    if kind == "bool":
        return varint_field(2, 1 if v else 0)
    if kind == "int64":
        return fixed64_field(3, struct.pack("<q", v))
    if kind == "double":
        return fixed64_field(4, struct.pack("<d", v))
    if kind == "string_list":
        return len_field(5, b"".join(len_field(1, s) for s in v))
    raise ValueError(f"unknown session option kind {kind!r}")


def decode_option_value(body):
    value = None
    for field, wire_type, raw in fields(body):
        if field == 1:
            _expect(field, wire_type, LEN, "SessionOptionValue")
            value = ("string", _utf8(raw, "SessionOptionValue.string_value"))
        elif field == 2:
            _expect(field, wire_type, VARINT, "SessionOptionValue")
            value = ("bool", raw != 0)
        elif field == 3:
            _expect(field, wire_type, FIXED64, "SessionOptionValue")
            value = ("int64", struct.unpack("<q", raw)[0])
        elif field == 4:
            _expect(field, wire_type, FIXED64, "SessionOptionValue")
            value = ("double", struct.unpack("<d", raw)[0])
        elif field == 5:
            _expect(field, wire_type, LEN, "SessionOptionValue")
            items = []
            for f, wt, item in fields(raw):
                if f == 1:
                    _expect(f, wt, LEN, "SessionOptionValue.StringListValue")
                    items.append(_utf8(item, "SessionOptionValue.string_list_value entry"))
            value = ("string_list", items)
    return value


def _encode_map(field_no, mapping, encode_value):
    out = bytearray()
    for key, value in mapping.items():
        out += len_field(field_no, len_field(1, key) + len_field(2, encode_value(value)))
    return bytes(out)


def _decode_map(body, field_no, message, decode_value):
    result = {}
    for field, wire_type, entry in fields(body):
        if field != field_no:
            continue
        _expect(field, wire_type, LEN, message)
        key, value_bytes = "", b""
        for f, wt, raw in fields(entry):
            if f == 1:
                _expect(f, wt, LEN, f"{message} map entry")
                key = _utf8(raw, f"{message} map key")
            elif f == 2:
                _expect(f, wt, LEN, f"{message} map entry")
                value_bytes = raw
        result[key] = decode_value(value_bytes)
    return result


def encode_options_map(options):
    """SetSessionOptionsRequest or GetSessionOptionsResult (both: map in field 1)."""
    return _encode_map(1, options, encode_option_value)


def decode_options_map(body, message):
    return _decode_map(body, 1, message, decode_option_value)


def encode_set_result(errors):
    """SetSessionOptionsResult from {name: ErrorValue number}."""
    return _encode_map(1, errors, lambda v: varint_field(1, v) if v else b"")


def decode_set_result(body):
    return _decode_map(body, 1, "SetSessionOptionsResult",
                       lambda raw: _single_enum_field(raw, 1, "SetSessionOptionsResult.Error"))


def encode_close_result(status):
    return varint_field(1, status) if status else b""


def decode_close_result(body):
    return _single_enum_field(body, 1, "CloseSessionResult")


def describe_value(value):
    if value is None:
        return "<unset>"
    kind, v = value
    return f"{kind} {v!r}"


def describe_options(options):
    return "{" + ", ".join(f"{k!r}: {describe_value(v)}" for k, v in sorted(options.items())) + "}"
