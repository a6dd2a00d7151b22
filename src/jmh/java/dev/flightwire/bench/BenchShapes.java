package dev.flightwire.bench;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/** The data shapes of wire-tests/bench/BENCH-CONTRACT.md. */
public enum BenchShapes {
  A(65_536, 512),
  B(1_024, 8_192),
  C(65_536, 240);

  public static final Schema INT64X4 = new Schema(List.of(col("c0"), col("c1"), col("c2"), col("c3")));
  public static final Schema UTF8 = new Schema(List.of(
      new Field("s", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null)));

  private final int rows;
  private final int batches;

  BenchShapes(int rows, int batches) {
    this.rows = rows;
    this.batches = batches;
  }

  private static Field col(String name) {
    return new Field(name, FieldType.notNullable(new ArrowType.Int(64, true)), null);
  }

  public static BenchShapes of(String name) {
    return valueOf(name.toUpperCase(java.util.Locale.ROOT));
  }

  public int rows() {
    return rows;
  }

  public int batches() {
    return batches;
  }

  public Schema schema() {
    return this == C ? UTF8 : INT64X4;
  }

  /** One batch of this shape, owned by the caller. */
  public VectorSchemaRoot batch(BufferAllocator allocator) {
    VectorSchemaRoot root = VectorSchemaRoot.create(schema(), allocator);
    if (this == C) {
      VarCharVector s = (VarCharVector) root.getVector(0);
      s.allocateNew(32L * rows, rows);
      for (int i = 0; i < rows; i++) {
        s.setSafe(i, String.format("%032d", i).getBytes(StandardCharsets.US_ASCII));
      }
    } else {
      for (int k = 0; k < 4; k++) {
        BigIntVector v = (BigIntVector) root.getVector(k);
        v.allocateNew(rows);
        for (int i = 0; i < rows; i++) {
          v.set(i, (long) i * 4 + k);
        }
      }
    }
    root.setRowCount(rows);
    return root;
  }

  /** Body bytes of a batch as the contract counts them: the sum of the vectors' data buffers. */
  public static long bodyBytes(VectorSchemaRoot root) {
    long n = 0;
    for (FieldVector v : root.getFieldVectors()) {
      if (v instanceof VarCharVector) {
        n += (long) (root.getRowCount() + 1) * 4 + ((VarCharVector) v).getEndOffset(root.getRowCount() - 1 < 0
            ? 0 : root.getRowCount() - 1);
      } else {
        n += (long) root.getRowCount() * 8;
      }
    }
    return n;
  }
}
