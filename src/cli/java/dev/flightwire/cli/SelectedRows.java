package dev.flightwire.cli;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;

/**
 * Some rows of some columns copied into a new batch, value by value through each vector's own
 * copy ({@link TransferPair#copyValueSafe}), so that it is right for every type: nested types
 * copy their children, and a dictionary-encoded column copies its indices (the dictionary is
 * left as it is, and still applies). Stateless.
 */
final class SelectedRows {
  private SelectedRows() {}

  /**
   * Returns an owned batch (the caller closes it) of {@code rows} of {@code columns}.
   *
   * @param schema the new batch's schema: the columns' fields, in order
   * @param columns the source vectors (borrowed: only read)
   * @param rows row indexes into the columns, ascending
   * @param allocator where the new vectors' memory comes from
   */
  static VectorSchemaRoot copy(Schema schema, List<FieldVector> columns, int[] rows, BufferAllocator allocator) {
    List<FieldVector> out = new ArrayList<>(columns.size());
    boolean done = false;
    try {
      for (FieldVector from : columns) {
        TransferPair pair = from.getTransferPair(allocator);
        FieldVector to = (FieldVector) pair.getTo();
        out.add(to);
        to.setInitialCapacity(rows.length);
        to.allocateNew();
        for (int i = 0; i < rows.length; i++) {
          pair.copyValueSafe(rows[i], i);
        }
        to.setValueCount(rows.length);
      }
      VectorSchemaRoot root = new VectorSchemaRoot(schema, out, rows.length);
      done = true;
      return root;
    } finally {
      if (!done) {
        for (FieldVector v : out) {
          v.close();
        }
      }
    }
  }
}
