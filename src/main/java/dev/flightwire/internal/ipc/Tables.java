package dev.flightwire.internal.ipc;

import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.table.Table;

/** Zero-copy views of Arrow {@link Table}s. */
public final class Tables {
  private Tables() {}

  /**
   * Returns an owned VectorSchemaRoot over rows [start, start+length) of {@code table} (borrowed).
   * Buffers are shared with the table, not copied, except validity bits of a slice that does not
   * start on a multiple of 8 rows, which Arrow has to shift. The caller closes the root; the table
   * stays intact.
   */
  public static VectorSchemaRoot view(Table table, int start, int length) {
    Table slice = table.slice(start, length);
    return slice.toVectorSchemaRoot();
  }
}
