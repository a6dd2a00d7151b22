"""Type matrix against the demo service (`flightwire serve`): every Arrow type pyarrow 25 can make, one
upload and one download each, compared with what was sent.

usage: type_matrix.py LOCATION [--exchange] [--only NAME,...] [--allow-refused NAME,...] [--run-id ID]
                              [--timeout SECONDS]

For each case a table of two columns, `id` (int64 not null, the row number) and `c` (the type under
test, with nulls where the type has a validity), is sent in three batches: some rows, an EMPTY batch
(a zero-row slice of the first one, so it keeps its dictionaries), more rows.

Default mode: DoPut to descriptor path ["matrix", "<run id>-<case>"], then GetFlightInfo and DoGet
of the endpoint's ticket. Checks: the FlightInfo's schema and the downloaded schema equal the sent
one including the schema metadata and every field's metadata (`Schema.equals(check_metadata=True)`),
the downloaded table equals the sent one value for value (`Table.equals`), and total_records is the
number of rows sent.

--exchange: the same matrix through DoExchange on the same descriptor: the demo echoes every batch
as sent, so the client writes the table, calls done_writing, reads everything back and compares the
schema, the table and the row count of every batch.

A server that refuses a type answers gRPC UNIMPLEMENTED (pyarrow raises NotImplementedError; Java's
FlightUnimplementedError) with a message naming the column, e.g. `column "c": run-end encoded is not
supported by this server`. Such a case prints `REFUSED name: msg` and passes only when listed in
--allow-refused; otherwise it FAILs. A refused upload must leave nothing behind: its path must not
appear in list_flights nor answer GetFlightInfo.

The dictionary cases check the client's own IPC write statistics of the very call (what pyarrow
actually put on the wire): `dict_replacement` must have sent one replacement dictionary (pyarrow
does so by default when a later batch's dictionary differs), `dict_delta` one delta dictionary
(IpcWriteOptions(emit_dictionary_deltas=True) and a later dictionary extending the earlier one).

After the cases (default mode): list_flights must succeed and list every stored case with its row
count. Before the cases a control table is uploaded; after every failed or refused case, and at the
end, list_flights, GetFlightInfo and DoGet of the control must still work ("poisoned store").

Prints one line per case (`PASS name`, `FAIL name: reason`, `REFUSED name: msg`), then the store
checks and a summary; exits 1 when anything failed, 2 on a wrong command line.
"""

import argparse
import datetime
import decimal
import re
import sys
import uuid

import pyarrow as pa
import pyarrow.flight as flight

ID = pa.field("id", pa.int64(), nullable=False)


# ---------------------------------------------------------------- cases

class Case:
    """A table to send as `batches` (first batch, empty batch, second batch) with `schema`."""

    def __init__(self, name, schema, batches, write_options=None, expect_stats=None, extra_check=None):
        self.name = name
        self.schema = schema
        self.batches = batches
        self.write_options = write_options
        self.expect_stats = expect_stats or {}
        self.extra_check = extra_check

    @property
    def rows(self):
        return sum(b.num_rows for b in self.batches)


def three_batches(schema, first, second):
    """[first, empty, second] as record batches of `schema`; the columns are lists of arrays."""
    b1 = pa.record_batch(first, schema=schema)
    b2 = pa.record_batch(second, schema=schema)
    return [b1, b1.slice(0, 0), b2]


def ids(start, n):
    return pa.array(range(start, start + n), pa.int64())


def column_case(name, typ, first, second, field_metadata=None, nullable=True):
    """A case of `id` plus one column `c` of `typ`; `first`/`second` are arrays or python lists."""
    schema = pa.schema([ID, pa.field("c", typ, nullable=nullable, metadata=field_metadata)])

    def arr(values):
        return values if isinstance(values, (pa.Array, pa.ChunkedArray)) else pa.array(values, type=typ)

    a1, a2 = arr(first), arr(second)
    return Case(name, schema, three_batches(schema, [ids(0, len(a1)), a1], [ids(len(a1), len(a2)), a2]))


def primitive_cases():
    d = decimal.Decimal
    day = datetime.date
    t = datetime.time
    ts = datetime.datetime
    td = datetime.timedelta
    mdn = pa.MonthDayNano
    cases = [
        ("bool", pa.bool_(), [True, None, False], [False, True, None, True]),
        ("int8", pa.int8(), [-128, None, 127], [0, -1]),
        ("int16", pa.int16(), [-32768, None, 32767], [0, -1]),
        ("int32", pa.int32(), [-2 ** 31, None, 2 ** 31 - 1], [0, -1]),
        ("int64", pa.int64(), [-2 ** 63, None, 2 ** 63 - 1], [0, -1]),
        ("uint8", pa.uint8(), [0, None, 255], [1, 128]),
        ("uint16", pa.uint16(), [0, None, 65535], [1, 32768]),
        ("uint32", pa.uint32(), [0, None, 2 ** 32 - 1], [1, 2 ** 31]),
        ("uint64", pa.uint64(), [0, None, 2 ** 64 - 1], [1, 2 ** 63]),
        ("float16", pa.float16(), None, None),  # built below from numpy halves
        ("float32", pa.float32(), [1.5, None, -0.0, float("inf")], [3.4e38, -1e-38]),
        ("float64", pa.float64(), [1.5, None, -0.0, float("-inf")], [1.7e308, 5e-324]),
        ("decimal128", pa.decimal128(38, 10),
         [d("1234.5678901234"), None, d("-9999999999999999999999999999.9999999999")], [d("0E-10"), d("1E-10")]),
        ("decimal256", pa.decimal256(76, 20),
         [d("1" + "2" * 55 + ".5" + "0" * 19), None, d("-" + "9" * 56 + "." + "9" * 20)], [d("0E-20"), d("1E-20")]),
        # Arrow Java has no 32- and 64-bit decimals: a Java server refuses them (--allow-refused)
        ("decimal32", pa.decimal32(9, 2), [d("1234567.89"), None, d("-0.01")], [d("0.00")]),
        ("decimal64", pa.decimal64(18, 4), [d("12345678901234.5678"), None], [d("-1.0000")]),
        ("date32", pa.date32(), [day(1970, 1, 1), None, day(9999, 12, 31)], [day(1, 1, 1), day(2024, 2, 29)]),
        ("date64", pa.date64(), [day(1970, 1, 1), None, day(2262, 4, 11)], [day(1900, 1, 1), day(2024, 2, 29)]),
        ("time32_s", pa.time32("s"), [t(0, 0, 0), None, t(23, 59, 59)], [t(12, 0, 1)]),
        ("time32_ms", pa.time32("ms"), [t(0, 0, 0), None, t(23, 59, 59, 999000)], [t(12, 0, 1, 1000)]),
        ("time64_us", pa.time64("us"), [t(0, 0, 0), None, t(23, 59, 59, 999999)], [t(12, 0, 1, 1)]),
        ("time64_ns", pa.time64("ns"), pa.array([0, None, 86_399_999_999_999], pa.time64("ns")),
         pa.array([1], pa.time64("ns"))),
        ("timestamp_us", pa.timestamp("us"), [ts(2024, 1, 2, 3, 4, 5, 6), None, ts(1, 1, 1)], [ts(9999, 12, 31)]),
        ("timestamp_s_utc", pa.timestamp("s", tz="UTC"), [ts(2024, 1, 2, 3, 4, 5), None], [ts(1969, 12, 31)]),
        ("timestamp_ns_tz", pa.timestamp("ns", tz="Europe/Paris"),
         pa.array([1_700_000_000_123_456_789, None, -1], pa.timestamp("ns", tz="Europe/Paris")),
         pa.array([0], pa.timestamp("ns", tz="Europe/Paris"))),
        ("duration_s", pa.duration("s"), [td(days=1), None, td(seconds=-5)], [td(0)]),
        ("duration_ns", pa.duration("ns"), pa.array([2 ** 63 - 1, None, -(2 ** 63)], pa.duration("ns")),
         pa.array([0], pa.duration("ns"))),
        ("interval_month_day_nano", pa.month_day_nano_interval(),
         [mdn([1, 2, 3]), None, mdn([-(2 ** 31), -(2 ** 31), -(2 ** 63)])], [mdn([0, 0, 0])]),
        ("binary", pa.binary(), [b"", None, b"\x00\xff" * 40], [b"x"]),
        ("large_binary", pa.large_binary(), [b"", None, b"\x00\xff" * 40], [b"x"]),
        ("utf8", pa.utf8(), ["", None, "ü€😀", "x" * 100], ["a"]),
        ("large_utf8", pa.large_utf8(), ["", None, "ü€😀", "x" * 100], ["a"]),
        ("fixed_size_binary", pa.binary(5), [b"\x00" * 5, None, b"abcde"], [b"\xff" * 5]),
        # view types: short values are inlined, values over 12 bytes live in data buffers
        ("string_view", pa.string_view(), ["", None, "short", "a value longer than twelve bytes"],
         ["ü€😀 and then some more text"]),
        ("binary_view", pa.binary_view(), [b"", None, b"short", b"\x00" * 13 + b"long"], [b"\xff" * 40]),
        ("null", pa.null(), pa.nulls(3), pa.nulls(2)),
    ]
    out = []
    for name, typ, first, second in cases:
        if name == "float16":
            import numpy as np
            first = pa.array(np.array([1.5, 0, -0.0, 65504], dtype=np.float16),
                             mask=np.array([False, True, False, False]))
            second = pa.array(np.array([-65504, 0.000061], dtype=np.float16))
        out.append(column_case(name, typ, first, second))
    return out


def nested_cases():
    i32 = pa.int32()
    lv_values = pa.array([1, 2, 3, 4, 5, None], i32)
    sparse_types = pa.array([0, 1, 0, 1], pa.int8())
    dense_types = pa.array([0, 1, 1, 0], pa.int8())
    ree_type = pa.run_end_encoded(pa.int32(), pa.utf8())
    union_fields = [pa.field("i", pa.int64()), pa.field("s", pa.utf8())]
    return [
        column_case("list", pa.list_(i32), [[1, 2], None, [], [None, 3]], [[4]]),
        column_case("large_list", pa.large_list(pa.utf8()), [["a", None], None, []], [["b", "c"]]),
        column_case("fixed_size_list", pa.list_(pa.int16(), 3), [[1, 2, 3], None, [None, 5, 6]], [[7, 8, 9]]),
        column_case("struct", pa.struct([("a", i32), ("b", pa.utf8())]),
                    [{"a": 1, "b": "x"}, None, {"a": None, "b": None}], [{"a": 2, "b": "y"}]),
        column_case("map", pa.map_(pa.utf8(), pa.int64()),
                    [[("k1", 1), ("k2", None)], None, []], [[("k3", 3)]]),
        # list views with out-of-order and overlapping ranges, a null and an empty view
        column_case("list_view", pa.list_view(i32),
                    pa.ListViewArray.from_arrays(pa.array([3, 0, 1, 0], i32), pa.array([2, 3, 2, 0], i32),
                                                 lv_values, mask=pa.array([False, False, True, False])),
                    pa.ListViewArray.from_arrays(pa.array([4], i32), pa.array([2], i32), lv_values)),
        column_case("large_list_view", pa.large_list_view(i32),
                    pa.LargeListViewArray.from_arrays(pa.array([3, 0, 1, 0], pa.int64()),
                                                      pa.array([2, 3, 2, 0], pa.int64()), lv_values,
                                                      mask=pa.array([False, False, True, False])),
                    pa.LargeListViewArray.from_arrays(pa.array([4], pa.int64()), pa.array([2], pa.int64()),
                                                      lv_values)),
        column_case("run_end_encoded", ree_type,
                    pa.RunEndEncodedArray.from_arrays(pa.array([2, 3, 6], pa.int32()),
                                                      pa.array(["a", None, "b"]), type=ree_type),
                    pa.RunEndEncodedArray.from_arrays(pa.array([1, 4], pa.int32()),
                                                      pa.array(["c", "d"]), type=ree_type)),
        column_case("sparse_union", pa.sparse_union(union_fields),
                    pa.UnionArray.from_sparse(sparse_types, [pa.array([1, None, 3, 4]),
                                                             pa.array(["a", "b", None, "d"])],
                                              field_names=["i", "s"]),
                    pa.UnionArray.from_sparse(pa.array([1], pa.int8()), [pa.array([9]), pa.array(["z"])],
                                              field_names=["i", "s"])),
        column_case("dense_union", pa.dense_union(union_fields),
                    pa.UnionArray.from_dense(dense_types, pa.array([0, 0, 1, 1], i32),
                                             [pa.array([1, None]), pa.array(["a", None])], field_names=["i", "s"]),
                    pa.UnionArray.from_dense(pa.array([1, 0], pa.int8()), pa.array([0, 0], i32),
                                             [pa.array([7]), pa.array(["q"])], field_names=["i", "s"])),
    ]


def dict_array(indices, dictionary, index_type=pa.int32(), ordered=False):
    return pa.DictionaryArray.from_arrays(pa.array(indices, index_type), dictionary, ordered=ordered)


def dictionary_cases():
    words = pa.array(["alpha", "beta", None, "gamma"])
    d_i32 = dict_array([0, 1, None, 3, 0], words)
    d_u8 = dict_array([2, None, 0, 2], pa.array([10, -20, 2 ** 62]), pa.uint8())
    dict_type = pa.dictionary(pa.int32(), pa.utf8())

    # list<dictionary>: offsets into a dictionary-encoded child
    list_first = pa.ListArray.from_arrays(pa.array([0, 2, 2, 4], pa.int32()), dict_array([0, 1, None, 3], words),
                                          mask=pa.array([False, True, False]))
    list_second = pa.ListArray.from_arrays(pa.array([0, 1], pa.int32()), dict_array([1], words))
    struct_type = pa.struct([pa.field("d", dict_type), pa.field("n", pa.int16())])
    struct_first = pa.StructArray.from_arrays([dict_array([3, None, 0], words), pa.array([1, 2, None], pa.int16())],
                                              fields=list(struct_type), mask=pa.array([False, False, True]))
    struct_second = pa.StructArray.from_arrays([dict_array([1], words), pa.array([4], pa.int16())],
                                               fields=list(struct_type))
    cases = [
        column_case("dict_int32_utf8", dict_type, d_i32, d_i32.slice(1, 2)),
        column_case("dict_uint8_int64", pa.dictionary(pa.uint8(), pa.int64()), d_u8, d_u8.slice(2)),
        column_case("list_of_dict", pa.list_(dict_type), list_first, list_second),
        column_case("struct_of_dict", struct_type, struct_first, struct_second),
    ]

    # replacement: the second batch carries a different dictionary; pyarrow sends a replacement
    first = dict_array([0, 1, None, 0], pa.array(["a", "b"]))
    second = dict_array([2, 0, 1], pa.array(["x", "y", "z"]))
    schema = pa.schema([ID, pa.field("c", dict_type)])
    cases.append(Case("dict_replacement", schema, three_batches(schema, [ids(0, 4), first], [ids(4, 3), second]),
                      expect_stats={"num_replaced_dictionaries": 1, "num_dictionary_deltas": 0}))

    # delta: the second dictionary extends the first one; sent as a delta with emit_dictionary_deltas
    second = dict_array([3, None, 2, 0], pa.array(["a", "b", "c", "d"]))
    cases.append(Case("dict_delta", schema, three_batches(schema, [ids(0, 4), first], [ids(4, 4), second]),
                      write_options=pa.ipc.IpcWriteOptions(emit_dictionary_deltas=True),
                      expect_stats={"num_dictionary_deltas": 1, "num_replaced_dictionaries": 0}))
    return cases


def extension_cases():
    values = [uuid.UUID(int=0x0123456789abcdef0123456789abcdef).bytes, None, uuid.UUID(int=0).bytes]
    first = pa.ExtensionArray.from_storage(pa.uuid(), pa.array(values, pa.binary(16)))
    second = pa.ExtensionArray.from_storage(pa.uuid(), pa.array([b"\xff" * 16], pa.binary(16)))
    return [column_case("uuid", pa.uuid(), first, second)]


def metadata_case():
    item = pa.field("item", pa.int32(), metadata={"item-key": "on the list's child"})
    schema = pa.schema([
        pa.field("id", pa.int64(), nullable=False, metadata={"unit": "row", "empty": ""}),
        pa.field("c", pa.utf8(), metadata={"description": "a string column", "unicode": "ü€"}),
        pa.field("l", pa.list_(item)),
        pa.field("s", pa.struct([pa.field("x", pa.float64(), metadata={"nested": "yes"})]),
                 metadata={"struct-key": "v"}),
    ], metadata={"origin": "flightwire type matrix", "version": "1", "unicode": "ü€😀", "empty": ""})
    first = [ids(0, 3), pa.array(["a", None, "c"]), pa.array([[1], None, []], schema.field("l").type),
             pa.array([{"x": 1.0}, None, {"x": None}], schema.field("s").type)]
    second = [ids(3, 1), pa.array(["d"]), pa.array([[2, 3]], schema.field("l").type),
              pa.array([{"x": 2.5}], schema.field("s").type)]
    return Case("schema_metadata", schema, three_batches(schema, first, second))


def pandas_case():
    import pandas as pd

    df = pd.DataFrame({
        "cat": pd.Categorical(["b", "a", None, "c", "a"], categories=["a", "b", "c", "unused"], ordered=True),
        "x": [1.5, None, 3.25, -4.0, 0.0],
        "s": ["one", "two", None, "four", "five"],
    }, index=pd.Index([10, 20, 30, 40, 50], name="key"))
    table = pa.Table.from_pandas(df)
    # slices of one table share its dictionary: no replacement between the batches
    batches = table.combine_chunks().to_batches()
    whole = batches[0]
    sent = [whole.slice(0, 2), whole.slice(0, 0), whole.slice(2)]

    def check(got):
        back = got.to_pandas()
        try:
            pd.testing.assert_frame_equal(back, df)
        except AssertionError as e:
            return "to_pandas() differs from the original DataFrame: " + " ".join(str(e).split())
        return None

    return Case("pandas_categorical", table.schema, sent, extra_check=check)


def all_cases():
    return (primitive_cases() + nested_cases() + dictionary_cases() + extension_cases()
            + [metadata_case(), pandas_case()])


# ---------------------------------------------------------------- checks

def one_line(e):
    """An exception's message without pyarrow's gRPC debug context, on one line."""
    text = str(e).split("gRPC client debug context")[0].split(". Detail: Python exception")[0]
    text = " ".join(text.split()).rstrip(". ")
    return text[:600]


def schema_text(schema):
    return " ".join(schema.to_string(show_field_metadata=True, show_schema_metadata=True).split())


def meta(metadata):
    """Schema or field metadata as a readable {key: value} text."""
    if not metadata:
        return "{}"
    text = {k.decode("utf-8", "backslashreplace"): v.decode("utf-8", "backslashreplace")
            for k, v in metadata.items()}
    return str(text)


def field_differences(path, sent, got):
    """Every difference between two fields (name, nullability, type, children, metadata)."""
    out = []
    if sent.name != got.name:
        out.append(f"{path}: name sent {sent.name!r}, got {got.name!r}")
    if sent.nullable != got.nullable:
        out.append(f"{path}: nullable sent {sent.nullable}, got {got.nullable}")
    a, b = sent.type, got.type
    if a.id != b.id or a.num_fields != b.num_fields:
        out.append(f"{path}: type sent {a}, got {b}")
    else:
        for i in range(a.num_fields):
            child = a.field(i)
            out += field_differences(f"{path}.{child.name}", child, b.field(i))
        if not out and not a.equals(b, check_metadata=True):
            out.append(f"{path}: type sent {a}, got {b}")
    if (sent.metadata or {}) != (got.metadata or {}):
        out.append(f"{path}: field metadata sent {meta(sent.metadata)}, got {meta(got.metadata)}")
    return out


def schema_difference(what, sent, got):
    """None when the schemas are equal including all metadata, else their differences."""
    if got.equals(sent, check_metadata=True):
        return None
    if len(sent) != len(got):
        return f"{what} schema has {len(got)} fields, sent {len(sent)}: got [{schema_text(got)}]"
    out = []
    for a, b in zip(sent, got):
        out += field_differences(a.name, a, b)
    if (sent.metadata or {}) != (got.metadata or {}):
        out.append(f"schema metadata sent {meta(sent.metadata)}, got {meta(got.metadata)}")
    if not out:
        return f"{what} schema differs: sent [{schema_text(sent)}] got [{schema_text(got)}]"
    return f"{what} schema: " + "; ".join(out)


def table_difference(sent, got):
    """None when `got` equals `sent` (Table.equals), else a short description of the difference."""
    if got.num_rows != sent.num_rows:
        return f"row count: sent {sent.num_rows}, got {got.num_rows}"
    if got.equals(sent):
        return None
    for name in sent.column_names:
        if name not in got.column_names:
            return f"column {name!r} missing"
        a, b = sent.column(name), got.column(name)
        if a.equals(b):
            continue
        if a.type != b.type:
            return f"column {name!r} type: sent {a.type}, got {b.type}"
        try:
            va, vb = a.to_pylist(), b.to_pylist()
        except Exception as e:  # noqa: BLE001 - report what we can
            return f"column {name!r} differs (not comparable by value: {one_line(e)})"
        for i, (x, y) in enumerate(zip(va, vb)):
            if x != y:
                return f"column {name!r} row {i}: sent {x!r}, got {y!r}"
        return f"column {name!r} differs in its encoding but not by value (Table.equals is false)"
    return "tables differ (Table.equals is false)"


def stats_difference(case, stats):
    for key, want in case.expect_stats.items():
        have = getattr(stats, key)
        if have != want:
            return (f"pyarrow did not send what the case tests: {key} = {have}, expected {want} "
                    f"(writer stats {stats})")
    return None


class Refused(Exception):
    """The server refused the upload with UNIMPLEMENTED."""


def is_unimplemented(e):
    return isinstance(e, NotImplementedError)


def refusal_problem(message):
    """None when an UNIMPLEMENTED message names the column, else what is wrong with it."""
    if re.search(r"""column\s+["'`]?c["'`]?\b""", message):
        return None
    return f"UNIMPLEMENTED without naming the column (expected 'column \"c\": ...'): {message}"


# ---------------------------------------------------------------- runner

class Matrix:
    def __init__(self, location, run_id, exchange, allow_refused, timeout):
        self.client = flight.connect(location)
        self.run_id = run_id
        self.exchange = exchange
        self.allow_refused = allow_refused
        self.timeout = timeout
        self.failures = 0
        self.stored = {}  # path tuple -> rows of every case whose upload was accepted
        self.control = None
        self.store_problem = None

    def options(self, write_options=None):
        return flight.FlightCallOptions(timeout=self.timeout, write_options=write_options)

    def descriptor(self, name):
        return flight.FlightDescriptor.for_path("matrix", f"{self.run_id}-{name}")

    def report(self, status, name, detail=None):
        print(f"{status} {name}" + (f": {detail}" if detail else ""), flush=True)
        if status == "FAIL":
            self.failures += 1

    # --- default mode: DoPut, GetFlightInfo, DoGet

    def put(self, desc, case):
        writer, reader = self.client.do_put(desc, case.schema, options=self.options(case.write_options))
        try:
            for b in case.batches:
                writer.write_batch(b)
            writer.done_writing()
            # the server acknowledges nothing; wait for its status
            while reader.read() is not None:
                pass
        finally:
            writer.close()
        return writer.stats

    def check_download(self, case, desc):
        """Every problem of GetFlightInfo and DoGet of `desc` against what `case` sent, or None."""
        problems = []
        try:
            info = self.client.get_flight_info(desc, options=self.options())
        except Exception as e:  # noqa: BLE001
            return f"GetFlightInfo failed: {type(e).__name__}: {one_line(e)}"
        if info.total_records != case.rows:
            problems.append(f"GetFlightInfo total_records {info.total_records}, sent {case.rows} rows")
        problems.append(schema_difference("GetFlightInfo", case.schema, info.schema))
        if len(info.endpoints) != 1:
            problems.append(f"GetFlightInfo has {len(info.endpoints)} endpoints, expected 1")
        else:
            try:
                table = self.client.do_get(info.endpoints[0].ticket, options=self.options()).read_all()
            except Exception as e:  # noqa: BLE001
                problems.append(f"DoGet failed: {type(e).__name__}: {one_line(e)}")
            else:
                problems.append(schema_difference("DoGet", case.schema, table.schema))
                problems.append(table_difference(pa.Table.from_batches(case.batches, schema=case.schema), table))
                if case.extra_check and not any(problems):
                    problems.append(case.extra_check(table))
        problems = [p for p in problems if p]
        return " | ".join(problems) if problems else None

    def run_put(self, case):
        desc = self.descriptor(case.name)
        try:
            stats = self.put(desc, case)
        except Exception as e:  # noqa: BLE001 - any error fails (or refuses) the case
            if is_unimplemented(e):
                raise Refused(one_line(e)) from e
            problem = f"DoPut failed: {type(e).__name__}: {one_line(e)}"
            left = self.left_behind(case.name)
            return problem + (f"; and {left}" if left else "")
        self.stored[tuple(desc.path)] = case.rows
        return stats_difference(case, stats) or self.check_download(case, desc)

    # --- --exchange: DoExchange echo

    def run_exchange(self, case):
        desc = self.descriptor(case.name)
        try:
            writer, reader = self.client.do_exchange(desc, options=self.options(case.write_options))
            try:
                writer.begin(case.schema, options=case.write_options)
                for b in case.batches:
                    writer.write_batch(b)
                writer.done_writing()
                chunks = []
                while True:
                    try:
                        chunk = reader.read_chunk()
                    except StopIteration:
                        break
                    if chunk.data is not None:
                        chunks.append(chunk.data)
                schema = reader.schema
            finally:
                writer.close()
            stats = writer.stats
        except Exception as e:  # noqa: BLE001
            if is_unimplemented(e):
                raise Refused(one_line(e)) from e
            return f"DoExchange failed: {type(e).__name__}: {one_line(e)}"
        problem = stats_difference(case, stats)
        if problem:
            return problem
        sent_rows = [b.num_rows for b in case.batches]
        got_rows = [b.num_rows for b in chunks]
        table = pa.Table.from_batches(chunks, schema=schema)
        return (schema_difference("DoExchange", case.schema, schema)
                or table_difference(pa.Table.from_batches(case.batches, schema=case.schema), table)
                or (f"batch row counts: sent {sent_rows}, got {got_rows}" if sent_rows != got_rows else None)
                or (case.extra_check(table) if case.extra_check else None))

    # --- the store

    def listed(self):
        return {tuple(i.descriptor.path): i.total_records for i in self.client.list_flights(options=self.options())}

    def upload_control(self):
        schema = pa.schema([ID, pa.field("v", pa.utf8())])
        batch = pa.record_batch([ids(0, 3), pa.array(["x", None, "z"])], schema=schema)
        self.control = Case("_control", schema, [batch])
        self.put(self.descriptor("_control"), self.control)
        self.stored[tuple(self.descriptor("_control").path)] = 3

    def store_works(self):
        """None when list_flights works and the control dataset downloads intact, else the problems."""
        problems = []
        try:
            self.listed()
        except Exception as e:  # noqa: BLE001
            problems.append(f"list_flights failed: {type(e).__name__}: {one_line(e)}")
        problem = self.check_download(self.control, self.descriptor("_control"))
        if problem:
            problems.append(f"the control dataset: {problem}")
        elif problems:
            problems.append("(the control dataset still downloads intact)")
        return " | ".join(problems) if problems else None

    def left_behind(self, name):
        """None when a refused or failed upload left no trace, else what it left. A failing
        list_flights is the store check's business: then only GetFlightInfo is asked."""
        desc = self.descriptor(name)
        path = "/".join(p.decode() for p in desc.path)
        try:
            if tuple(desc.path) in self.listed():
                return f"the upload {path} is listed by list_flights"
        except Exception:  # noqa: BLE001
            pass
        try:
            self.client.get_flight_info(desc, options=self.options())
            return f"the upload {path} answers GetFlightInfo"
        except (flight.FlightError, pa.ArrowException):
            return None

    def run_case(self, case):
        try:
            problem = self.run_exchange(case) if self.exchange else self.run_put(case)
        except Refused as r:
            message = str(r)
            problem = refusal_problem(message)
            left = None if self.exchange else self.left_behind(case.name)
            if left:
                problem = f"{problem}; and {left}" if problem else left
            if problem is None:
                if case.name in self.allow_refused:
                    self.report("REFUSED", case.name, message)
                else:
                    self.report("FAIL", case.name, f"refused: {message} (not in --allow-refused)")
            else:
                self.report("FAIL", case.name, problem)
            self.after_failure(case.name)
            return
        except Exception as e:  # noqa: BLE001 - a bug in a case or in pyarrow: report and go on
            problem = f"unexpected {type(e).__name__}: {one_line(e)}"
        if problem:
            self.report("FAIL", case.name, problem)
            self.after_failure(case.name)
        else:
            self.report("PASS", case.name)

    def after_failure(self, name):
        """The poisoned-store check; a problem already reported after an earlier case is not repeated."""
        problem = self.store_works()
        if problem and problem != self.store_problem:
            self.report("FAIL", f"store:after:{name}", problem)
        self.store_problem = problem

    def final_checks(self):
        try:
            listed = self.listed()
        except Exception as e:  # noqa: BLE001
            self.report("FAIL", "store:list_flights", f"{type(e).__name__}: {one_line(e)}")
            problem = self.check_download(self.control, self.descriptor("_control"))
            self.report("FAIL" if problem else "PASS", "store:control", problem)
            return
        if not self.exchange:
            missing = [p[-1] for p in self.stored if p not in listed]
            wrong = [f"{p[-1]} lists {listed[p]} rows, stored {n}" for p, n in self.stored.items()
                     if p in listed and listed[p] != n]
            if missing or wrong:
                self.report("FAIL", "store:list_flights",
                            "; ".join(([f"not listed: {', '.join(missing)}"] if missing else []) + wrong))
            else:
                self.report("PASS", "store:list_flights", f"{len(self.stored)} uploads listed")
        else:
            self.report("PASS", "store:list_flights")
        problem = self.store_works()
        self.report("FAIL" if problem else "PASS", "store:still_works", problem)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("location", help="e.g. grpc://localhost:8815")
    ap.add_argument("--exchange", action="store_true", help="DoExchange echo instead of DoPut + DoGet")
    ap.add_argument("--only", default="", help="comma-separated case names to run (default: all)")
    ap.add_argument("--allow-refused", default="", help="comma-separated cases the server may refuse")
    ap.add_argument("--run-id", default=uuid.uuid4().hex[:8], help="path prefix of this run (default: random)")
    ap.add_argument("--timeout", type=float, default=60, help="seconds per call (default 60)")
    ap.add_argument("--list", action="store_true", help="print the case names and exit")
    a = ap.parse_args()

    cases = all_cases()
    names = [c.name for c in cases]
    if a.list:
        print("\n".join(names))
        return 0
    only = [n for n in a.only.split(",") if n]
    allow = {n for n in a.allow_refused.split(",") if n}
    unknown = [n for n in only + sorted(allow) if n not in names]
    if unknown:
        print(f"unknown case(s): {', '.join(unknown)}; see --list", file=sys.stderr)
        return 2
    if only:
        cases = [c for c in cases if c.name in only]

    m = Matrix(a.location, a.run_id, a.exchange, allow, a.timeout)
    mode = "DoExchange echo" if a.exchange else "DoPut + GetFlightInfo + DoGet"
    print(f"type matrix: {len(cases)} cases, {mode}, {a.location}, paths matrix/{a.run_id}-<case>", flush=True)
    try:
        m.upload_control()
    except Exception as e:  # noqa: BLE001
        print(f"FAIL store:control: uploading the control dataset failed: {type(e).__name__}: {one_line(e)}")
        return 1
    for case in cases:
        m.run_case(case)
    m.final_checks()
    print(f"type matrix: {m.failures} failure(s)", flush=True)
    return 1 if m.failures else 0


if __name__ == "__main__":
    sys.exit(main())
