package dev.flightwire.cli;

import java.io.IOException;
import java.nio.channels.Channels;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.ArrowWriter;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Writes batches to an Arrow IPC file (file format) or stream. Batches may come from several
 * roots (one per endpoint of a flight): each batch's buffers are transferred into this sink's own
 * root, written, and released. Owns its root, writer and target.
 */
final class ArrowSink implements BatchSink {
  private final OutputTarget target;
  private final boolean fileFormat;
  private final BufferAllocator allocator;
  private VectorSchemaRoot root;
  private ArrowWriter writer;

  /** Takes ownership of {@code target}; the root is allocated from {@code allocator} (borrowed). */
  ArrowSink(OutputTarget target, boolean fileFormat, BufferAllocator allocator) {
    this.target = target;
    this.fileFormat = fileFormat;
    this.allocator = allocator;
  }

  @Override
  public void begin(Schema schema, DictionaryProvider dictionaries) throws IOException {
    root = VectorSchemaRoot.create(schema, allocator);
    java.nio.channels.WritableByteChannel channel = Channels.newChannel(target.stream());
    writer = fileFormat ? new ArrowFileWriter(root, dictionaries, channel) : new ArrowStreamWriter(root, dictionaries, channel);
    writer.start();
  }

  @Override
  public void write(VectorSchemaRoot batch) throws IOException {
    if (!batch.getSchema().getFields().equals(root.getSchema().getFields())) {
      throw new CommandFailure("a batch's schema differs from the first one's, so they cannot go in one file:\n"
          + batch.getSchema() + "\n" + root.getSchema());
    }
    List<FieldVector> from = batch.getFieldVectors();
    for (int i = 0; i < from.size(); i++) {
      from.get(i).makeTransferPair(root.getVector(i)).transfer();
    }
    root.setRowCount(batch.getRowCount());
    batch.setRowCount(0);
    try {
      writer.writeBatch();
    } finally {
      for (FieldVector v : root.getFieldVectors()) {
        v.clear();
      }
    }
  }

  @Override
  public void finish() throws IOException {
    writer.end();
    target.commit();
  }

  @Override
  public void close() throws IOException {
    try {
      target.close();
    } finally {
      if (root != null) {
        root.close();
      }
    }
  }
}
