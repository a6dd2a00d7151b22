"""Write the data-directory cases of the conformance contract: DIR/<name>.arrows (IPC stream format)
plus DIR/java-skip.txt.

usage: gen_types.py DIR

All data is deterministic. Left out because pyarrow 25 cannot create them: the `year_month` and
`day_time` interval types (pyarrow only builds month_day_nano intervals), and two fields sharing one
dictionary id (pyarrow's IPC writer gives every dictionary field its own id, so `shared_dictionary`
holds two columns with equal dictionaries instead).
"""

import decimal
import os
import sys
import uuid

import pyarrow as pa

from common import TYPE_NAMES

# Cases Arrow Java 18.3 cannot read. Checked with the java-peer: it reads every case, nested
# dictionaries included, so the list is empty; the file stays so a future case can be listed.
JAVA_SKIP = {}


def batches_of(schema, columns, sizes):
    """Split full-length python column lists into record batches of the given row counts."""
    out, start = [], 0
    for size in sizes:
        arrays = [pa.array(col[start:start + size], type=f.type) for f, col in zip(schema, columns)]
        out.append(pa.record_batch(arrays, schema=schema))
        start += size
    return out


def nth_null(values, n, offset=0):
    """Replace every n-th value (starting at offset) by None."""
    return [None if (i + offset) % n == 0 else v for i, v in enumerate(values)]


def primitive():
    n, sizes = 27, [7, 20]
    schema = pa.schema([
        ("bool", pa.bool_()), ("i8", pa.int8()), ("i16", pa.int16()), ("i32", pa.int32()),
        ("i64", pa.int64()), ("u8", pa.uint8()), ("u16", pa.uint16()), ("u32", pa.uint32()),
        ("u64", pa.uint64()), ("f32", pa.float32()), ("f64", pa.float64()),
        pa.field("i32_not_null", pa.int32(), nullable=False),
    ])
    cols = [
        nth_null([i % 3 == 0 for i in range(n)], 5),
        nth_null([(i * 37) % 256 - 128 for i in range(n)], 4),
        nth_null([(i * 4099) % 65536 - 32768 for i in range(n)], 6),
        nth_null([(i * 1_000_003) * (-1) ** i for i in range(n)], 7),
        nth_null([i * 10 ** 15 * (-1) ** i for i in range(n - 1)] + [2 ** 63 - 1], 5, 2),
        nth_null([(i * 13) % 256 for i in range(n)], 3),
        nth_null([65535 - i for i in range(n)], 8),
        nth_null([2 ** 32 - 1 - i * 7 for i in range(n)], 5, 1),
        nth_null([2 ** 64 - 1 - i for i in range(n)], 4, 1),
        nth_null([i / 4 - 3 for i in range(n)], 5, 3),
        nth_null([i * 1.1e100 * (-1) ** i for i in range(n)], 6, 1),
        list(range(n)),
    ]
    return schema, batches_of(schema, cols, sizes)


def strings():
    words = ["", "a", "hello", "ü€😀", "line\nbreak", "tab\tx", "quote\"s", "%25 percent", "x" * 300]
    n = 16
    schema = pa.schema([("s", pa.utf8()), pa.field("s_not_null", pa.utf8(), nullable=False)])
    cols = [nth_null([words[i % len(words)] for i in range(n)], 5, 2),
            [f"value-{i}-{words[(i * 3) % len(words)]}" for i in range(n)]]
    return schema, batches_of(schema, cols, [5, 8, 3])


def binary():
    n = 14
    schema = pa.schema([("b", pa.binary()), ("fsb", pa.binary(4))])
    cols = [nth_null([bytes(range(i % 7)) + b"\xff\x00" * (i % 3) for i in range(n)], 4, 1),
            nth_null([bytes([i, 255 - i, 0, i * 3 % 256]) for i in range(n)], 5)]
    return schema, batches_of(schema, cols, [6, 8])


def large_offsets():
    n = 12
    schema = pa.schema([("ls", pa.large_utf8()), ("lb", pa.large_binary()),
                        ("ll", pa.large_list(pa.int32()))])
    cols = [nth_null([f"large-{i}-ü" * (i % 3) for i in range(n)], 5),
            nth_null([bytes([i] * (i % 4)) for i in range(n)], 4, 1),
            nth_null([[j if j % 3 else None for j in range(i % 5)] for i in range(n)], 6, 2)]
    return schema, batches_of(schema, cols, [5, 7])


def nested_list():
    n = 15
    schema = pa.schema([
        ("l", pa.list_(pa.int32())),
        ("ll", pa.list_(pa.list_(pa.utf8()))),
        ("fsl", pa.list_(pa.int16(), 3)),
    ])
    cols = [
        nth_null([[i * 10 + j if (i + j) % 4 else None for j in range(i % 4)] for i in range(n)], 5),
        nth_null([[[f"{i}.{j}.{k}" for k in range(j)] if (i + j) % 5 else None for j in range(i % 3)]
                  for i in range(n)], 6, 1),
        nth_null([[i, -i, None if i % 2 else i * 2] for i in range(n)], 4, 3),
    ]
    return schema, batches_of(schema, cols, [4, 11])


def nested_struct():
    n = 13
    inner = pa.struct([("d", pa.bool_())])
    schema = pa.schema([
        ("st", pa.struct([("a", pa.int32()), ("b", pa.utf8()), ("c", inner)])),
        ("ls", pa.list_(pa.struct([("x", pa.float64()), pa.field("y", pa.int8(), nullable=False)]))),
    ])
    cols = [
        nth_null([{"a": None if i % 3 == 0 else i, "b": f"b{i}" if i % 4 else None,
                   "c": None if i % 5 == 2 else {"d": i % 2 == 0 if i % 7 else None}}
                  for i in range(n)], 6, 1),
        nth_null([[{"x": j / 2, "y": j} for j in range(i % 3)] for i in range(n)], 5, 4),
    ]
    return schema, batches_of(schema, cols, [6, 7])


def map_case():
    n = 12
    schema = pa.schema([("m", pa.map_(pa.utf8(), pa.int32())),
                        ("mi", pa.map_(pa.int64(), pa.list_(pa.utf8())))])
    cols = [
        nth_null([[(f"k{j}", None if (i + j) % 4 == 0 else i * j) for j in range(i % 4)]
                  for i in range(n)], 5, 2),
        nth_null([[(j, [f"v{i}{j}"] * j) for j in range(i % 3)] for i in range(n)], 6),
    ]
    return schema, batches_of(schema, cols, [5, 7])


def dict_batches(schema, dictionaries, index_columns, sizes):
    """Batches whose dictionary columns share one dictionary array across all batches."""
    out, start = [], 0
    for size in sizes:
        arrays = []
        for field, dictionary, indices in zip(schema, dictionaries, index_columns):
            idx = pa.array(indices[start:start + size], type=field.type.index_type)
            arrays.append(pa.DictionaryArray.from_arrays(idx, dictionary))
        out.append(pa.record_batch(arrays, schema=schema))
        start += size
    return out


def dictionary():
    n, sizes = 20, [7, 10, 3]
    words = pa.array(["apple", "banana", "cherry", "dürian", "elder"])
    levels = pa.array(["low", "mid", "high"])
    schema = pa.schema([("fruit", pa.dictionary(pa.int32(), pa.utf8())),
                        ("level", pa.dictionary(pa.int8(), pa.utf8(), ordered=True))])
    idx = [nth_null([(i * 3) % 5 for i in range(n)], 6, 1), nth_null([i % 3 for i in range(n)], 7)]
    return schema, dict_batches(schema, [words, levels], idx, sizes)


def nested_dictionary():
    words = pa.array(["red", "green", "blue", "gelb"])
    dict_type = pa.dictionary(pa.int32(), pa.utf8())
    schema = pa.schema([("tags", pa.list_(dict_type))])
    batches = []
    for b, rows in enumerate([4, 6]):
        lists = [[(b + i + j) % 4 for j in range((b + i) % 4)] for i in range(rows)]
        offsets, flat = [0], []
        for items in lists:
            flat.extend(items)
            offsets.append(len(flat))
        values = pa.DictionaryArray.from_arrays(
            pa.array([None if k % 5 == 3 else v for k, v in enumerate(flat)], pa.int32()), words)
        mask = pa.array([i % 5 == 2 for i in range(rows)])
        lst = pa.ListArray.from_arrays(pa.array(offsets, pa.int32()), values, mask=mask)
        batches.append(pa.record_batch([lst], schema=schema))
    return schema, batches


def shared_dictionary():
    # pyarrow cannot make two fields share one dictionary id; two equal dictionaries instead.
    n = 15
    cities = pa.array(["Berlin", "Paris", "Zürich", "Oslo"])
    dict_type = pa.dictionary(pa.int32(), pa.utf8())
    schema = pa.schema([("from", dict_type), ("to", dict_type)])
    idx = [nth_null([i % 4 for i in range(n)], 6), nth_null([(i + 1) % 4 for i in range(n)], 5, 3)]
    return schema, dict_batches(schema, [cities, cities], idx, [8, 7])


def decimal_case():
    n = 12
    D = decimal.Decimal
    schema = pa.schema([("d128", pa.decimal128(10, 2)), ("d128_38", pa.decimal128(38, 10)),
                        ("d256", pa.decimal256(76, 20))])
    big128 = D("1234567890123456789012345678.0123456789")
    big256 = D("-98765432109876543210987654321098765432109876543210.12345678901234567890")
    with decimal.localcontext(decimal.Context(prec=80)):  # exact arithmetic on 76 digits
        cols = [
            nth_null([D(i * 12345 - 70000).scaleb(-2) for i in range(n)], 5),
            nth_null([big128 * (-1) ** i + i for i in range(n)], 4, 1),
            nth_null([big256 + i * D("1.00000000000000000001") for i in range(n)], 6, 2),
        ]
    return schema, batches_of(schema, cols, [5, 7])


def temporal():
    n, day_ms = 14, 86_400_000
    schema = pa.schema([
        ("date32", pa.date32()), ("date64", pa.date64()),
        ("time32_s", pa.time32("s")), ("time32_ms", pa.time32("ms")),
        ("time64_us", pa.time64("us")), ("time64_ns", pa.time64("ns")),
        ("ts_s", pa.timestamp("s")), ("ts_ms", pa.timestamp("ms")), ("ts_us", pa.timestamp("us")),
        ("ts_ns", pa.timestamp("ns")), ("ts_us_utc", pa.timestamp("us", tz="UTC")),
        ("ts_ns_tz", pa.timestamp("ns", tz="Europe/Paris")),
        ("dur_s", pa.duration("s")), ("dur_ms", pa.duration("ms")),
        ("dur_us", pa.duration("us")), ("dur_ns", pa.duration("ns")),
    ])
    cols = [
        nth_null([19000 + i * 37 - 30000 * (i % 2) for i in range(n)], 5),
        nth_null([(i * 1000 - 3000) * day_ms for i in range(n)], 4, 1),
        nth_null([(i * 3671) % 86400 for i in range(n)], 6),
        nth_null([(i * 3_671_001) % day_ms for i in range(n)], 5, 2),
        nth_null([(i * 3_671_000_123) % (day_ms * 1000) for i in range(n)], 7),
        nth_null([(i * 3_671_000_123_457) % (day_ms * 1_000_000) for i in range(n)], 4, 3),
        nth_null([1_700_000_000 + i * 86_399 - 2_000_000_000 * (i % 3 == 1) for i in range(n)], 5),
        nth_null([1_700_000_000_123 + i * 1001 for i in range(n)], 6, 1),
        nth_null([1_700_000_000_123_456 - i * 10 ** 12 for i in range(n)], 5, 4),
        nth_null([1_700_000_000_123_456_789 + i for i in range(n)], 3),
        nth_null([-i * 10 ** 11 for i in range(n)], 4),
        nth_null([1_600_000_000_000_000_001 + i * 3_600_000_000_000 for i in range(n)], 5, 1),
        nth_null([i * 3600 - 7 for i in range(n)], 6),
        nth_null([-i * 1234 for i in range(n)], 5),
        nth_null([i * 10 ** 9 for i in range(n)], 4, 2),
        nth_null([2 ** 62 - i for i in range(n)], 7, 3),
    ]
    return schema, batches_of(schema, cols, [6, 8])


def intervals():
    # year_month and day_time intervals: no pyarrow 25 constructor, left out.
    n = 10
    schema = pa.schema([("mdn", pa.month_day_nano_interval())])
    cols = [nth_null([(i - 3, -i * 2, i * 1_000_000_007 - 5) for i in range(n)], 4, 1)]
    return schema, batches_of(schema, cols, [4, 6])


def unions():
    batches = []
    sparse_t = pa.sparse_union([pa.field("i", pa.int32()), pa.field("s", pa.utf8())])
    dense_t = pa.dense_union([pa.field("i", pa.int64()), pa.field("s", pa.utf8()),
                              pa.field("f", pa.float64())])
    schema = pa.schema([("sparse", sparse_t), ("dense", dense_t)])
    start = 0
    for rows in [5, 7]:
        r = range(start, start + rows)
        s_types = pa.array([i % 2 for i in r], pa.int8())
        sparse = pa.UnionArray.from_sparse(
            s_types,
            [pa.array([None if i % 5 == 0 else i for i in r], pa.int32()),
             pa.array([f"s{i}" if i % 3 else None for i in r])],
            field_names=["i", "s"])
        d_types = [i % 3 for i in r]
        children = [[], [], []]
        offsets = []
        for i, t in zip(r, d_types):
            offsets.append(len(children[t]))
            children[t].append(None if i % 4 == 3 else [i * 100, f"d{i}", i / 8][t])
        dense = pa.UnionArray.from_dense(
            pa.array(d_types, pa.int8()), pa.array(offsets, pa.int32()),
            [pa.array(children[0], pa.int64()), pa.array(children[1], pa.utf8()),
             pa.array(children[2], pa.float64())],
            field_names=["i", "s", "f"])
        batches.append(pa.record_batch([sparse, dense], schema=schema))
        start += rows
    return schema, batches


UUID_STEP = 0x9E3779B97F4A7C15F39CC0605CEDC835


def extension():
    # Canonical extension types (known to pyarrow without registration).
    uuid_t = pa.uuid()
    tensor_t = pa.fixed_shape_tensor(pa.float32(), [2, 2])
    schema = pa.schema([("id", uuid_t), ("t", tensor_t)])
    batches, start = [], 0
    for rows in [3, 5]:
        r = range(start, start + rows)
        ids = [None if i % 4 == 1 else uuid.UUID(int=((i + 1) * UUID_STEP) % 2 ** 128).bytes for i in r]
        storage = pa.array(ids, pa.binary(16))
        tensors = pa.array([[float(i * 4 + k) for k in range(4)] for i in r],
                           pa.list_(pa.float32(), 4))
        batches.append(pa.record_batch(
            [pa.ExtensionArray.from_storage(uuid_t, storage),
             pa.ExtensionArray.from_storage(tensor_t, tensors)], schema=schema))
        start += rows
    return schema, batches


def schema_metadata():
    n = 9
    schema = pa.schema(
        [pa.field("temp", pa.float64(), metadata={"unit": "°C", "source": "sensor-7"}),
         pa.field("label", pa.utf8(), metadata={"description": "free text"}),
         pa.field("nested", pa.struct([pa.field("x", pa.int32(), metadata={"inner": "yes"})]))],
        metadata={"origin": "flightwire-wire-tests", "version": "1", "emoji": "🚀"})
    cols = [nth_null([20 + i / 4 for i in range(n)], 4), [f"l{i}" for i in range(n)],
            nth_null([{"x": i} for i in range(n)], 5, 2)]
    return schema, batches_of(schema, cols, [4, 5])


def zero_length():
    schema = pa.schema([("i", pa.int32()), ("s", pa.utf8()), ("l", pa.list_(pa.int64()))])
    cols = [[1, None, 3], ["a", "b", None], [[1], None, []]]
    return schema, batches_of(schema, cols, [0, 0, 3, 0])


def empty_stream():
    schema = pa.schema([("i", pa.int32()), pa.field("s", pa.utf8(), nullable=False),
                        ("st", pa.struct([("x", pa.float64())]))],
                       metadata={"note": "no batches"})
    return schema, []


def nulls():
    schema = pa.schema([("n", pa.null()), ("i", pa.int32()), ("ln", pa.list_(pa.null()))])
    cols = [[None] * 7, [None] * 7, [[None] * (i % 3) if i % 4 else None for i in range(7)]]
    return schema, batches_of(schema, cols, [4, 0, 3])


CASES = {
    "primitive": primitive, "strings": strings, "binary": binary, "large_offsets": large_offsets,
    "nested_list": nested_list, "nested_struct": nested_struct, "map": map_case,
    "dictionary": dictionary, "nested_dictionary": nested_dictionary,
    "shared_dictionary": shared_dictionary, "decimal": decimal_case, "temporal": temporal,
    "intervals": intervals, "unions": unions, "extension": extension,
    "schema_metadata": schema_metadata, "zero_length": zero_length, "empty_stream": empty_stream,
    "nulls": nulls,
}
assert list(CASES) == TYPE_NAMES


def write_case(directory, name):
    schema, batches = CASES[name]()
    path = os.path.join(directory, name + ".arrows")
    with pa.OSFile(path, "wb") as sink, pa.ipc.new_stream(sink, schema) as writer:
        for batch in batches:
            writer.write_batch(batch)
    return path


def main(argv):
    if len(argv) != 2:
        print("usage: gen_types.py DIR", file=sys.stderr)
        return 2
    directory = argv[1]
    os.makedirs(directory, exist_ok=True)
    for name in TYPE_NAMES:
        write_case(directory, name)
    with open(os.path.join(directory, "java-skip.txt"), "w", encoding="utf-8") as f:
        for name, reason in JAVA_SKIP.items():
            f.write(f"{name}\t{reason}\n")
    print(f"wrote {len(TYPE_NAMES)} cases to {directory}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
