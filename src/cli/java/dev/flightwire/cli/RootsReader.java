package dev.flightwire.cli;

import java.io.IOException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Batches that another reader loads into its own root (a file's {@link BatchSource}, a DoPut's
 * reader), as an {@link ArrowReader}, which Arrow's C data interface exports to the SQL engine
 * ({@code Data.exportArrayStream}). Each batch is moved into this reader's root without copying:
 * unloaded from the source's root (a new reference to each buffer), then loaded here. Columns must
 * not be dictionary-encoded (the C stream would need the dictionaries). Not thread-safe: the engine
 * pulls batches one at a time, on the thread running the statement that consumes the stream or on
 * one of its own worker threads.
 */
final class RootsReader extends ArrowReader {
  /** The source's next batch, loaded into its root (borrowed), or null at the end. */
  interface Next {
    VectorSchemaRoot next() throws IOException;
  }

  private final Schema schema;
  private final Next next;
  private AutoCloseable onClose;

  /**
   * @param allocator where this reader's root lives (borrowed)
   * @param schema the batches' schema, without dictionary-encoded fields
   * @param next the source; its roots are borrowed
   * @param onClose closed with this reader (the source, if the reader owns it), or null
   */
  RootsReader(BufferAllocator allocator, Schema schema, Next next, AutoCloseable onClose) {
    super(allocator);
    this.schema = schema;
    this.next = next;
    this.onClose = onClose;
  }

  @Override
  public boolean loadNextBatch() throws IOException {
    VectorSchemaRoot source = next.next();
    if (source == null) {
      return false;
    }
    VectorSchemaRoot target = getVectorSchemaRoot();
    try (ArrowRecordBatch batch = new VectorUnloader(source).getRecordBatch()) {
      new VectorLoader(target).load(batch);
    }
    return true;
  }

  @Override
  public long bytesRead() {
    return 0;
  }

  @Override
  protected void closeReadSource() throws IOException {
    // closed once: by the C stream's release and again by the owner that exported it
    AutoCloseable c = onClose;
    onClose = null;
    if (c != null) {
      try {
        c.close();
      } catch (IOException | RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IOException(e);
      }
    }
  }

  @Override
  protected Schema readSchema() {
    return schema;
  }
}
