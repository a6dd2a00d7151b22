package dev.flightwire.cli;

import dev.flightwire.FlightDataStream;
import dev.flightwire.RecordBatchStream;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/** The one-row result of a statement that returned an update count instead of rows. */
final class SqlCounts {
  private SqlCounts() {}

  /** One row holding {@code count} in {@code schema}'s one int64 column; the stream owns its batch. */
  static FlightDataStream stream(BufferAllocator allocator, Schema schema, long count) {
    VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
    ((BigIntVector) root.getVector(0)).setSafe(0, count);
    root.setRowCount(1);
    return new RecordBatchStream(schema, List.of(root), null).onClose(root::close);
  }
}
