"""Uploads the Spark tests' pandas-style table with pyarrow's do_put, as a pandas user would.

    python upload_pandas.py --location grpc+tcp://127.0.0.1:8815 --path pandas/frame --rows 1000

Columns of types Spark cannot read in place (the connector converts them): a pandas categorical
(dictionary<int8, utf8>), timestamp[ns] without zone, timestamp[ms, UTC], uint8, uint32, date64,
string_view; each value a function of the row number (see SparkConversionsTest). Sent in batches
of 600 rows, with the DataFrame's pandas metadata.
"""
import argparse
import datetime

import pandas as pd
import pyarrow as pa
import pyarrow.flight as flight


def table(n):
    colors = ["red", "green", "blue"]
    df = pd.DataFrame({
        "id": pd.Series(range(n), dtype="int64"),
        "cat": pd.Categorical([None if i % 10 == 0 else colors[i % 3] for i in range(n)], categories=colors),
    })
    t = pa.Table.from_pandas(df, preserve_index=False)
    epoch = datetime.date(1970, 1, 1)
    extra = {
        "ts_ns": pa.array([1_600_000_000_000_000_000 + i * 1_000_001 for i in range(n)], pa.timestamp("ns")),
        "ts_ms": pa.array([None if i % 9 == 0 else 1_600_000_000_000 + i for i in range(n)], pa.timestamp("ms", tz="UTC")),
        "u8": pa.array([i % 256 for i in range(n)], pa.uint8()),
        "u32": pa.array([i * 1000 + 4_000_000_000 if i % 2 else i for i in range(n)], pa.uint32()),
        "d64": pa.array([(epoch + datetime.timedelta(days=18000 + i)) for i in range(n)], pa.date64()),
        "sv": pa.array([None if i % 7 == 0 else f"s{i}" for i in range(n)], pa.string_view()),
    }
    for name, arr in extra.items():
        t = t.append_column(name, arr)
    return t


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--location", required=True)
    ap.add_argument("--path", required=True)
    ap.add_argument("--rows", type=int, default=1000)
    args = ap.parse_args()
    t = table(args.rows)
    client = flight.connect(args.location)
    writer, reader = client.do_put(flight.FlightDescriptor.for_path(*args.path.split("/")), t.schema)
    for batch in t.to_batches(max_chunksize=600):
        writer.write_batch(batch)
    writer.done_writing()
    reader.read()
    writer.close()
    print("uploaded", t.num_rows, "rows:", t.schema.types)


if __name__ == "__main__":
    main()
