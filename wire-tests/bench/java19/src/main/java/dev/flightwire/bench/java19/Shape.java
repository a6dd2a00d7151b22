package dev.flightwire.bench.java19;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;

/**
 * The data shapes of BENCH-CONTRACT.md.
 *
 * <ul>
 *   <li>{@code a}: c0..c3 int64 not null, 65,536 rows per batch, 512 batches (1 GiB of values)
 *   <li>{@code b}: c0..c3 int64 not null, 1,024 rows per batch, 8,192 batches (256 MiB)
 *   <li>{@code c}: s utf8 not null (32 ASCII bytes each), 65,536 rows per batch, 240 batches
 * </ul>
 *
 * <p>Values are batch-local: {@code cK[i] = i * 4 + K}, {@code s[i]} = the 32-character
 * zero-padded decimal of {@code i}. Every batch of a stream is the same batch.
 */
enum Shape {
  A("a", 65_536, 512),
  B("b", 1_024, 8_192),
  C("c", 65_536, 240);

  static final int STRING_WIDTH = 32;

  final String name;
  final int rowsPerBatch;
  final int batchesPerStream;

  Shape(String name, int rowsPerBatch, int batchesPerStream) {
    this.name = name;
    this.rowsPerBatch = rowsPerBatch;
    this.batchesPerStream = batchesPerStream;
  }

  /** The shape named {@code name}, or null. */
  static Shape byName(String name) {
    for (Shape s : values()) {
      if (s.name.equals(name)) {
        return s;
      }
    }
    return null;
  }

  long rowsPerStream() {
    return (long) rowsPerBatch * batchesPerStream;
  }

  Schema schema() {
    List<Field> fields = new ArrayList<>();
    if (this == C) {
      fields.add(new Field("s", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null));
    } else {
      ArrowType int64 = new ArrowType.Int(64, true);
      for (int k = 0; k < 4; k++) {
        fields.add(new Field("c" + k, FieldType.notNullable(int64), null));
      }
    }
    return new Schema(fields);
  }

  /** Builds the shape's batch (generation is not timed). The caller owns the root. */
  VectorSchemaRoot build(BufferAllocator allocator) {
    VectorSchemaRoot root = VectorSchemaRoot.create(schema(), allocator);
    int n = rowsPerBatch;
    if (this == C) {
      VarCharVector s = (VarCharVector) root.getVector(0);
      s.allocateNew((long) n * STRING_WIDTH, n);
      byte[] value = new byte[STRING_WIDTH];
      for (int i = 0; i < n; i++) {
        zeroPaddedDecimal(i, value);
        s.set(i, value);
      }
      s.setValueCount(n);
    } else {
      for (int k = 0; k < 4; k++) {
        BigIntVector v = (BigIntVector) root.getVector(k);
        v.allocateNew(n);
        for (int i = 0; i < n; i++) {
          v.set(i, (long) i * 4 + k);
        }
        v.setValueCount(n);
      }
    }
    root.setRowCount(n);
    return root;
  }

  /**
   * A root over the same memory as {@code source} (a zero-copy slice of every buffer, taken with
   * {@code splitAndTransfer(0, rows)}), so that concurrent calls do not share mutable vector state
   * such as reader/writer indexes. The caller closes it.
   */
  static VectorSchemaRoot view(VectorSchemaRoot source, BufferAllocator allocator) {
    List<FieldVector> vectors = new ArrayList<>();
    int rows = source.getRowCount();
    for (FieldVector v : source.getFieldVectors()) {
      TransferPair tp = v.getTransferPair(allocator);
      tp.splitAndTransfer(0, rows);
      vectors.add((FieldVector) tp.getTo());
    }
    return new VectorSchemaRoot(source.getSchema().getFields(), vectors, rows);
  }

  /** Writes the 32-digit zero-padded decimal of {@code i} into {@code out}. */
  static void zeroPaddedDecimal(int i, byte[] out) {
    byte[] digits = Integer.toString(i).getBytes(StandardCharsets.US_ASCII);
    int pad = out.length - digits.length;
    for (int j = 0; j < pad; j++) {
      out[j] = '0';
    }
    System.arraycopy(digits, 0, out, pad, digits.length);
  }

  /**
   * Arrow body bytes of the batch in {@code root}, counted the same way on every stack: the
   * bytes that the values occupy, without IPC padding and without a validity bitmap when the
   * column has no nulls (Arrow Java always sends a full validity bitmap, pyarrow and flightwire
   * send none for a column without nulls). Fixed width: rows * width. Variable width: (rows + 1)
   * offsets of 4 bytes plus the referenced value bytes. A validity bitmap counts ceil(rows / 8)
   * bytes only if the column has nulls. Shape a gives 2 MiB a batch (1 GiB a stream), b 32 KiB (256
   * MiB), c 2,359,300 (566,232,000 a stream). Reads only the batch's offsets, no copying.
   */
  static long bodyBytes(VectorSchemaRoot root) {
    long total = 0;
    int rows = root.getRowCount();
    List<FieldVector> vectors = root.getFieldVectors();
    for (int i = 0; i < vectors.size(); i++) {
      FieldVector v = vectors.get(i);
      if (v instanceof BaseFixedWidthVector) {
        total += (long) rows * ((BaseFixedWidthVector) v).getTypeWidth();
      } else if (v instanceof BaseVariableWidthVector) {
        if (rows > 0) {
          long first = v.getOffsetBuffer().getInt(0);
          long last = v.getOffsetBuffer().getInt((long) rows * 4);
          total += (long) (rows + 1) * 4 + (last - first);
        }
      } else {
        throw new IllegalStateException("bench: unexpected vector type " + v.getClass());
      }
      if (v.getField().isNullable() && v.getNullCount() > 0) {
        total += (rows + 7) / 8;
      }
    }
    return total;
  }
}
