"""Data definitions of the conformance contract (wire-tests/CONTRACT.md), shared by the pyarrow peers."""

import math
import os

import pyarrow as pa
import pyarrow.flight as flight

# Data-directory cases, in contract order.
TYPE_NAMES = [
    "primitive", "strings", "binary", "large_offsets", "nested_list", "nested_struct", "map",
    "dictionary", "nested_dictionary", "shared_dictionary", "decimal", "temporal", "intervals",
    "unions", "extension", "schema_metadata", "zero_length", "empty_stream", "nulls",
]

INTS_KEY = "test/ints"
INTS_SCHEMA = pa.schema([pa.field("id", pa.int64(), nullable=False), pa.field("name", pa.utf8())])
V_SCHEMA = pa.schema([pa.field("v", pa.int64(), nullable=False)])

ACTIONS = [
    ("echo", "Return the body"),
    ("headers", "Return the request headers"),
    ("last_cancelled", "Whether the last slow DoGet saw cancellation"),
    ("compare", "Compare two stored tables"),
    ("sleep", "Sleep for <body> ms, then answer"),
    ("error", "Fail with <body> = kind:message"),
    ("count", "Return <body> results"),
]


def ints_batches():
    """`test/ints`: 3 batches of 10 rows, row i = (i, "row-i")."""
    return [
        pa.record_batch([pa.array(range(b * 10, b * 10 + 10), pa.int64()),
                         pa.array([f"row-{i}" for i in range(b * 10, b * 10 + 10)])],
                        schema=INTS_SCHEMA)
        for b in range(3)
    ]


def v_batch(i):
    """One row `v = i` of schema `v: int64 not null`."""
    return pa.record_batch([pa.array([i], pa.int64())], schema=V_SCHEMA)


# Error kinds: kind -> (exception the pyarrow server raises, exception the pyarrow client expects).
# `already_exists` cannot be produced or recognised by pyarrow (C++ Flight has no such error to raise
# from Python): the server falls back to FlightServerError and the client SKIPs the kind.
ERROR_KINDS = {
    "unauthenticated": (flight.FlightUnauthenticatedError, flight.FlightUnauthenticatedError),
    "unauthorized": (flight.FlightUnauthorizedError, flight.FlightUnauthorizedError),
    "unavailable": (flight.FlightUnavailableError, flight.FlightUnavailableError),
    "timed_out": (flight.FlightTimedOutError, flight.FlightTimedOutError),
    "cancelled": (flight.FlightCancelledError, flight.FlightCancelledError),
    "internal": (flight.FlightInternalError, flight.FlightInternalError),
    "server_error": (flight.FlightServerError, flight.FlightServerError),
    "invalid": (pa.ArrowInvalid, pa.ArrowInvalid),
    "not_found": (pa.ArrowKeyError, pa.ArrowKeyError),
    "unimplemented": (pa.ArrowNotImplementedError, NotImplementedError),
    "already_exists": (flight.FlightServerError, None),
}


def make_error(kind, message):
    """The exception the server raises for `error:<kind>:<message>`."""
    if kind not in ERROR_KINDS:
        return pa.ArrowInvalid(f"unknown error kind: {kind}")
    return ERROR_KINDS[kind][0](message)


def read_arrows(path):
    """Read an IPC stream file -> (schema, [batches]) keeping batch boundaries."""
    with pa.OSFile(path, "rb") as f:
        reader = pa.ipc.open_stream(f)
        return reader.schema, list(reader)


def data_files(data_dir):
    """{name: path} of the `<name>.arrows` files of a data directory, sorted by name."""
    names = sorted(n[:-len(".arrows")] for n in os.listdir(data_dir) if n.endswith(".arrows"))
    return {n: os.path.join(data_dir, n + ".arrows") for n in names}


def _same_value(x, y):
    if isinstance(x, float) and isinstance(y, float) and math.isnan(x) and math.isnan(y):
        return True
    return x == y


def table_difference(schema_a, batches_a, schema_b, batches_b, check_batches=False):
    """None when both tables are equal (schema incl. field and schema metadata, every value), else a
    message naming the first difference. Dictionary columns compare by value, so two encodings of the
    same values are equal. With check_batches the batch row counts must match too."""
    if not schema_a.equals(schema_b, check_metadata=True):
        return f"schema differs: [{_schema_text(schema_a)}] vs [{_schema_text(schema_b)}]"
    rows_a, rows_b = [b.num_rows for b in batches_a], [b.num_rows for b in batches_b]
    if sum(rows_a) != sum(rows_b):
        return f"row count differs: {sum(rows_a)} vs {sum(rows_b)}"
    if check_batches and rows_a != rows_b:
        return f"batch row counts differ: {rows_a} vs {rows_b}"
    table_a = pa.Table.from_batches(batches_a, schema=schema_a)
    table_b = pa.Table.from_batches(batches_b, schema=schema_b)
    for field, col_a, col_b in zip(schema_a, table_a.columns, table_b.columns):
        if col_a.equals(col_b):
            continue
        try:
            values_a, values_b = col_a.to_pylist(), col_b.to_pylist()
        except Exception as e:  # noqa: BLE001 - any conversion problem is reported as a difference
            return f"column {field.name!r} differs (not comparable by value: {e})"
        for i, (x, y) in enumerate(zip(values_a, values_b)):
            if not _same_value(x, y):
                return f"column {field.name!r} row {i}: {x!r} vs {y!r}"
    return None


def _schema_text(schema):
    text = schema.to_string(show_field_metadata=True, show_schema_metadata=True)
    return text.replace("\n", "; ")
