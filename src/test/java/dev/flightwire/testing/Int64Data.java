package dev.flightwire.testing;

import dev.flightwire.FlightStreamReader;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The data most wire tests exchange with the peers' small programs: one nullable int64 column
 * {@code n} counting up from 0 across batches.
 */
public final class Int64Data {
  public static final Schema SCHEMA = new Schema(List.of(Field.nullable("n", new ArrowType.Int(64, true))));

  private Int64Data() {}

  /** A batch of {@code rows} values {@code from, from+1, ...}; returns owned. */
  public static VectorSchemaRoot batch(BufferAllocator allocator, long from, int rows) {
    VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
    BigIntVector n = (BigIntVector) root.getVector(0);
    n.allocateNew(rows);
    for (int i = 0; i < rows; i++) {
      n.set(i, from + i);
    }
    root.setRowCount(rows);
    return root;
  }

  /**
   * Reads the rest of {@code reader}, checking that {@code n} counts up from 0 without a gap;
   * returns the rows read.
   *
   * @throws AssertionError at the first wrong value
   */
  public static long readAll(FlightStreamReader reader) {
    long next = 0;
    while (reader.next()) {
      BigIntVector n = (BigIntVector) reader.root().getVector("n");
      for (int i = 0; i < reader.root().getRowCount(); i++, next++) {
        if (n.get(i) != next) {
          throw new AssertionError("row " + next + " holds " + n.get(i));
        }
      }
    }
    return next;
  }
}
