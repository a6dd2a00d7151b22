package dev.flightwire.internal.ipc;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseVariableWidthViewVector;
import org.apache.arrow.vector.BufferLayout.BufferType;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TypeLayout;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;

/**
 * Leaves the validity bitmaps of null-free columns out of a record batch, as Arrow C++ writers do.
 * The IPC format lets a node whose null count is 0 carry a zero-length validity buffer; every
 * reader (Arrow C++, Java, Go, Rust, JS, and ours) then treats all its values as valid. A batch of
 * int64 columns is 1/65 smaller on the wire; Arrow C++ readers skip the bitmap, Arrow Java readers
 * (ours included) allocate an all-set one in its place instead of receiving it.
 *
 * <p>Only for uncompressed bodies: a compressed body keeps its bitmaps (they compress to almost
 * nothing).
 */
final class AllValidBitmaps {
  private AllValidBitmaps() {}

  /**
   * The batch with the validity buffer of every node without nulls replaced by an empty buffer,
   * or {@code batch} itself when no bitmap can be left out. {@code vectors} are the batch's
   * top-level vectors (borrowed), in the order they were unloaded. Takes ownership of
   * {@code batch}; returns an owned batch.
   */
  static ArrowRecordBatch omit(List<FieldVector> vectors, ArrowRecordBatch batch) {
    Walk w = new Walk(batch);
    for (FieldVector v : vectors) {
      w.visit(v);
    }
    if (!w.changed || !w.consistent()) {
      return batch;
    }
    try {
      return new ArrowRecordBatch(batch.getLength(), batch.getNodes(), w.buffers, batch.getBodyCompression(),
          batch.getVariadicBufferCounts(), true);
    } finally {
      batch.close();
    }
  }

  /** Walks the vectors in the order VectorUnloader wrote their nodes and buffers. */
  private static final class Walk {
    private final List<ArrowFieldNode> nodes;
    private final List<Long> variadicCounts;
    private final List<ArrowBuf> buffers;
    private int node;
    private int buffer;
    private int variadic;
    private boolean changed;
    private boolean broken;

    Walk(ArrowRecordBatch batch) {
      this.nodes = batch.getNodes();
      this.variadicCounts = batch.getVariadicBufferCounts();
      this.buffers = new ArrayList<>(batch.getBuffers());
    }

    void visit(FieldVector vector) {
      if (broken || node >= nodes.size()) {
        broken = true;
        return;
      }
      ArrowFieldNode n = nodes.get(node++);
      List<BufferType> layout = TypeLayout.getTypeLayout(vector.getField().getType()).getBufferTypes();
      int validity = layout.indexOf(BufferType.VALIDITY);
      if (validity >= 0 && n.getNullCount() == 0 && buffer + validity < buffers.size()) {
        ArrowBuf bitmap = buffers.get(buffer + validity);
        if (bitmap.readableBytes() > 0) {
          buffers.set(buffer + validity, bitmap.getReferenceManager().getAllocator().getEmpty());
          changed = true;
        }
      }
      buffer += layout.size();
      if (vector instanceof BaseVariableWidthViewVector) {
        if (variadic >= variadicCounts.size()) {
          broken = true;
          return;
        }
        buffer += variadicCounts.get(variadic++).intValue();
      }
      for (FieldVector child : vector.getChildrenFromFields()) {
        visit(child);
      }
    }

    /** True when the walk met exactly the batch's nodes and buffers (else the batch is sent as it is). */
    boolean consistent() {
      return !broken && node == nodes.size() && buffer == buffers.size() && variadic == variadicCounts.size();
    }
  }
}
