package dev.flightwire.internal.ipc;

import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.compression.NoCompressionCodec;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;

/**
 * Zero-copy clones of vectors, made the way an IPC reader makes vectors: the source is unloaded
 * into its buffers and a new vector is loaded from them, so both hold references to the same
 * memory. Works for every type the IPC reader can load (unions, run-end encoded, list views and
 * extension types included), where Arrow's transfer pairs and appenders do not.
 */
public final class VectorShare {
  private VectorShare() {}

  /**
   * Returns an owned root that shares the buffers of {@code source} (borrowed; it stays valid and
   * unchanged). The caller closes the result.
   */
  public static VectorSchemaRoot share(VectorSchemaRoot source, BufferAllocator allocator) {
    VectorSchemaRoot copy = VectorSchemaRoot.create(source.getSchema(), allocator);
    try {
      load(copy, source);
      return copy;
    } catch (RuntimeException e) {
      copy.close();
      throw e;
    }
  }

  /**
   * Returns an owned vector that shares the buffers of {@code source} (borrowed; it stays valid
   * and unchanged). The caller closes the result.
   */
  public static FieldVector share(FieldVector source, BufferAllocator allocator) {
    FieldVector out = source.getField().createVector(allocator);
    try {
      load(holder(out), holder(source));
      return out;
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
  }

  /** A root over one vector, never closed itself (the vector's owner closes the vector). */
  private static VectorSchemaRoot holder(FieldVector v) {
    return new VectorSchemaRoot(List.of(v.getField()), List.of(v), v.getValueCount());
  }

  private static void load(VectorSchemaRoot target, VectorSchemaRoot source) {
    try (ArrowRecordBatch buffers = new VectorUnloader(source, true, NoCompressionCodec.INSTANCE, false).getRecordBatch()) {
      new VectorLoader(target, NoCompressionCodec.Factory.INSTANCE).load(buffers);
    }
  }
}
