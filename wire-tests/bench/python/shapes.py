"""Data shapes of wire-tests/bench/BENCH-CONTRACT.md, shared by the pyarrow bench server and client."""

import pyarrow as pa
import pyarrow.compute as pc

ROWS = {"a": 65_536, "b": 1_024, "c": 65_536}
BATCHES = {"a": 512, "b": 8_192, "c": 240}

INT_SCHEMA = pa.schema([pa.field(f"c{k}", pa.int64(), nullable=False) for k in range(4)])
STR_SCHEMA = pa.schema([pa.field("s", pa.utf8(), nullable=False)])


def schema(shape):
    return STR_SCHEMA if shape == "c" else INT_SCHEMA


def make_batch(shape):
    """The batch a `shape` stream repeats: cK[i] = i * 4 + K, or s[i] = i as 32 zero-padded digits."""
    n = ROWS[shape]
    if shape == "c":
        return pa.record_batch([pa.array([f"{i:032d}" for i in range(n)], pa.utf8())], schema=STR_SCHEMA)
    i4 = pc.multiply(pa.array(range(n), pa.int64()), 4)
    return pa.record_batch([pc.add(i4, k) for k in range(4)], schema=INT_SCHEMA)


def body_bytes(batch):
    """Arrow body bytes of a batch as it reports them: the sum of its buffer sizes."""
    return sum(buf.size for col in batch.columns for buf in col.buffers() if buf is not None)
