package dev.flightwire.cli;

import dev.flightwire.FlightDataStream;
import dev.flightwire.FlightStreamChunk;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A file's batches under a {@link Scan}, as the answer to DoGet.
 *
 * <ul>
 *   <li>Projection copies nothing: each batch is sent as a root over the selected vectors of the
 *       source's root (lent, like {@link SourceStream}'s).
 *   <li>With filters, the matching rows of the selected columns are copied into a new batch that
 *       the server owns and closes once sent ({@link SelectedRows}); a batch in which every row
 *       passes is sent as it is, one in which none does is skipped. The stream always starts with
 *       its schema, even when no batch follows.
 * </ul>
 * Takes ownership of the source (closed with the stream). Dictionaries are the source's, sent for
 * the selected dictionary-encoded columns only. Not thread-safe (the server calls it from one
 * thread at a time).
 */
final class ScanStream implements FlightDataStream {
  private final BatchSource source;
  private final int[] columns;
  private final Schema schema;
  private final RowFilter filter;
  private final BufferAllocator allocator;

  private ScanStream(BatchSource source, int[] columns, Schema schema, RowFilter filter, BufferAllocator allocator) {
    this.source = source;
    this.columns = columns;
    this.schema = schema;
    this.filter = filter;
    this.allocator = allocator;
  }

  /**
   * The scan of {@code source} (taken: closed here if this throws); filtered batches are
   * allocated from {@code allocator} (borrowed).
   *
   * @throws dev.flightwire.FlightInvalidArgumentError naming a column the file does not have
   */
  static ScanStream of(BatchSource source, Scan scan, BufferAllocator allocator) throws Exception {
    try {
      Schema all = source.schema();
      int[] columns = scan.columnIndexes(all);
      List<Field> fields = new ArrayList<>();
      for (int i : columns) {
        fields.add(all.getFields().get(i));
      }
      Schema schema = new Schema(fields, all.getCustomMetadata());
      RowFilter filter = scan.filters().isEmpty() ? null : new RowFilter(scan.filters());
      return new ScanStream(source, columns, schema, filter, allocator);
    } catch (RuntimeException e) {
      source.close();
      throw e;
    }
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public DictionaryProvider dictionaries() {
    return source.dictionaries();
  }

  @Override
  public FlightStreamChunk next() throws Exception {
    while (source.loadNext()) {
      VectorSchemaRoot all = source.root();
      List<FieldVector> selected = new ArrayList<>(columns.length);
      for (int i : columns) {
        selected.add(all.getVector(i));
      }
      int[] rows = filter == null ? null : filter.select(all, source.dictionaries());
      if (rows == null) {
        return FlightStreamChunk.of(new VectorSchemaRoot(schema, selected, all.getRowCount()));
      }
      if (rows.length > 0) {
        return FlightStreamChunk.owning(SelectedRows.copy(schema, selected, rows, allocator), null);
      }
    }
    return null;
  }

  @Override
  public boolean immutableData() {
    return false;
  }

  @Override
  public void close() throws Exception {
    source.close();
  }
}
