package dev.flightwire.internal.ipc;

import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.table.Table;

/** Zero-copy views of Arrow {@link Table}s. */
public final class Tables {
  private Tables() {}

  /**
   * Returns an owned VectorSchemaRoot over rows [start, start+length) of {@code table} (borrowed).
   * The caller closes the root; the table stays intact.
   *
   * <p>A proper slice shares the table's buffers (validity bits of a slice that does not start on
   * a multiple of 8 rows are shifted, a small copy). The whole table cannot be viewed that way:
   * Arrow's {@code Table.slice} returns the table itself for the full range and the table exposes
   * no other access to its vectors, so that case copies. Stream {@code VectorSchemaRoot} batches
   * (RecordBatchStream over a list) where a copy matters.
   */
  public static VectorSchemaRoot view(Table table, int start, int length) {
    if (start == 0 && length == table.getRowCount()) {
      try (Table copy = table.copy()) {
        return copy.toVectorSchemaRoot();
      }
    }
    return table.slice(start, length).toVectorSchemaRoot();
  }
}
