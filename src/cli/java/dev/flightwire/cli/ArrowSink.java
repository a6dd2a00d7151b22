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
  private DictionaryProvider dictionaries;
  /** File format: the dictionaries as the file holds them, taken at the first batch. */
  private DictionaryChanges changes;

  /** Takes ownership of {@code target}; the root is allocated from {@code allocator} (borrowed). */
  ArrowSink(OutputTarget target, boolean fileFormat, BufferAllocator allocator) {
    this.target = target;
    this.fileFormat = fileFormat;
    this.allocator = allocator;
  }

  @Override
  public void begin(Schema schema, DictionaryProvider dictionaries) throws IOException {
    root = VectorSchemaRoot.create(schema, allocator);
    this.dictionaries = dictionaries;
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
    if (fileFormat) {
      checkDictionariesUnchanged();
    }
    try {
      writer.writeBatch();
    } finally {
      for (FieldVector v : root.getFieldVectors()) {
        v.clear();
      }
    }
  }

  /**
   * The IPC file format keeps one dictionary per field for the whole file (Arrow Java's file
   * writer writes them once, before the first batch): refuse a stream whose dictionaries changed
   * after its first batch rather than write batches that index into the wrong values.
   */
  private void checkDictionariesUnchanged() {
    if (changes == null) {
      changes = new DictionaryChanges(dictionaries);
      changes.changed();
      return;
    }
    List<Long> changed = changes.changed();
    if (!changed.isEmpty()) {
      throw new CommandFailure("the dictionary of column " + DictionaryChanges.columnOf(root.getSchema(), changed.get(0))
          + " changed after the first batch (a dictionary replacement or delta): an Arrow IPC file holds one"
          + " dictionary per column; write an IPC stream (.arrows) instead, which keeps every dictionary batch");
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
      if (writer != null) {
        writer.close(); // releases the stream writer's copies of the dictionaries it wrote
      }
    } finally {
      try {
        target.close();
      } finally {
        if (changes != null) {
          changes.close();
        }
        if (root != null) {
          root.close();
        }
      }
    }
  }
}
