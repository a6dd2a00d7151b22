package dev.flightwire;

import dev.flightwire.internal.ipc.DictionaryUpdate;
import dev.flightwire.internal.ipc.Tables;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.table.Table;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A {@link FlightDataStream} over data that already exists: a {@link Table}, a list of batches, or
 * an {@link ArrowReader}. Table and batch data are sent by reference, so one table can be streamed
 * to many clients at once without copying, and the server does not wait for each batch to reach
 * the socket ({@link #immutableData()} is true).
 *
 * <p>One exception to "without copying": a table sent as a single batch (the
 * {@link #RecordBatchStream(Table)} constructor, or a chunk size not below the row count) is
 * copied once per call, because Arrow Java's {@code Table} offers no zero-copy view of its full
 * row range. Chunks of a table share its buffers (a chunk that does not start on a multiple of 8
 * rows shifts its validity bits, a small copy).
 *
 * <p>Ownership: tables and batches are borrowed: they must stay open, and unchanged, until the
 * server has closed the stream (when the call ends). A reader is taken over and closed with the
 * stream.
 */
public final class RecordBatchStream implements FlightDataStream {
  private final Schema schema;
  private final DictionaryProvider dictionaries;
  private final Source source;
  private final ChunkedTable chunked;
  private Runnable onClose;
  private boolean closed;

  private interface Source extends AutoCloseable {
    FlightStreamChunk next() throws IOException;

    @Override
    void close() throws IOException;
  }

  private RecordBatchStream(Schema schema, DictionaryProvider dictionaries, Source source) {
    this(schema, dictionaries, source, null);
  }

  private RecordBatchStream(Schema schema, DictionaryProvider dictionaries, Source source, ChunkedTable chunked) {
    this.schema = schema;
    this.dictionaries = dictionaries;
    this.source = source;
    this.chunked = chunked;
  }

  /**
   * Streams a table read with {@link FlightStreamReader#readChunked()} as it was received: the
   * schema as sent (metadata included), then each batch preceded by the dictionary batches
   * (replacements and deltas) that preceded it, all by reference (no copy). Batches of more than
   * {@code maxChunkSize} rows go as row slices that share their buffers.
   *
   * @param table the data; borrowed: keep it open until the stream is closed
   * @param maxChunkSize the most rows per batch; positive
   * @throws IllegalArgumentException when {@code maxChunkSize} is not positive
   */
  public RecordBatchStream(ChunkedTable table, int maxChunkSize) {
    this(table.schema(), null, new ChunkedSource(table, maxChunkSize), table);
  }

  /**
   * Streams a table as one batch, with the table's dictionaries. Copies the table once per call
   * (see above); prefer {@link #RecordBatchStream(Table, int)} for large tables.
   *
   * @param table the data; borrowed: keep it open until the stream is closed
   */
  public RecordBatchStream(Table table) {
    this(table, Integer.MAX_VALUE);
  }

  /**
   * Streams a table in batches of at most {@code maxChunkSize} rows that share its buffers, with
   * the table's dictionaries. An empty table is sent as one empty batch.
   *
   * @param table the data; borrowed: keep it open until the stream is closed
   * @param maxChunkSize the most rows per batch; positive
   * @throws IllegalArgumentException when {@code maxChunkSize} is not positive
   */
  public RecordBatchStream(Table table, int maxChunkSize) {
    this(table.getSchema(), table.getDictionaryProvider(), new TableSource(table, maxChunkSize));
  }

  /**
   * Streams batches in order, by reference.
   *
   * @param schema the schema every batch has, in Arrow's in-memory form
   * @param batches the batches (the list is copied); borrowed: keep them open and unchanged until
   *     the stream is closed
   * @param dictionaries the dictionaries of the schema's dictionary-encoded fields, or null; sent
   *     once, at the start
   * @throws NullPointerException when {@code batches} or one of them is null
   */
  public RecordBatchStream(Schema schema, List<VectorSchemaRoot> batches, DictionaryProvider dictionaries) {
    this(schema, dictionaries, new ListSource(batches));
  }

  /**
   * Streams everything an ArrowReader reads, batch by batch as the client reads (an Arrow IPC
   * file or stream, for example), with its dictionaries: the first batch is read here, so the
   * dictionaries that precede it are known when the stream starts, and a dictionary that changes
   * between batches (a replacement or a delta the reader applied) is sent again, whole, before the
   * batch that follows the change.
   *
   * <p>The reader's root is refilled for every batch; what was sent of the previous batch keeps its
   * own references to the buffers the reader dropped, so nothing is copied.
   *
   * @param reader the source; this method takes ownership of it, and it is closed with the stream
   *     (also when this method throws)
   * @return the stream
   * @throws IOException when the reader cannot read its schema or its first batch
   */
  public static RecordBatchStream fromReader(ArrowReader reader) throws IOException {
    try {
      ReaderSource source = new ReaderSource(reader);
      return new RecordBatchStream(reader.getVectorSchemaRoot().getSchema(), reader, source);
    } catch (IOException | RuntimeException e) {
      try {
        reader.close();
      } catch (IOException | RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private static int positive(int maxChunkSize) {
    if (maxChunkSize <= 0) {
      throw new IllegalArgumentException("maxChunkSize must be positive");
    }
    return maxChunkSize;
  }

  private static final class TableSource implements Source {
    private final Table table;
    private final int chunk;
    private long next;
    private VectorSchemaRoot current;
    private boolean sentEmpty;

    TableSource(Table table, int chunk) {
      this.table = table;
      this.chunk = positive(chunk);
    }

    @Override
    public FlightStreamChunk next() {
      close();
      long rows = table.getRowCount();
      if (next >= rows) {
        if (rows == 0 && !sentEmpty) {
          sentEmpty = true;
          current = Tables.view(table, 0, 0);
          return FlightStreamChunk.of(current);
        }
        return null;
      }
      int len = (int) Math.min(chunk, rows - next);
      current = Tables.view(table, (int) next, len);
      next += len;
      return FlightStreamChunk.of(current);
    }

    @Override
    public void close() {
      if (current != null) {
        current.close();
        current = null;
      }
    }
  }

  private static final class ChunkedSource implements Source {
    private final ChunkedTable table;
    private final int chunk;
    private final java.util.ArrayDeque<FlightStreamChunk> slices = new java.util.ArrayDeque<>();
    private int nextBatch;
    private boolean trailingSent;

    ChunkedSource(ChunkedTable table, int chunk) {
      this.table = table;
      this.chunk = positive(chunk);
    }

    @Override
    public FlightStreamChunk next() {
      if (!slices.isEmpty()) {
        return slices.poll();
      }
      if (nextBatch < table.batchCount()) {
        int i = nextBatch++;
        List<FlightStreamChunk> parts = ChunkSlicer.slices(table.batches().get(i), chunk);
        slices.addAll(parts.subList(1, parts.size()));
        FlightStreamChunk first = parts.get(0);
        return FlightStreamChunk.replayed(first.data(), first.owned(), table.updatesBefore(i));
      }
      List<DictionaryUpdate> trailing = table.updatesBefore(table.batchCount());
      if (!trailingSent && !trailing.isEmpty()) {
        trailingSent = true;
        return FlightStreamChunk.replayed(null, false, trailing);
      }
      return null;
    }

    @Override
    public void close() {
      slices.forEach(FlightStreamChunk::close);
      slices.clear();
    }
  }

  /**
   * The batches of an ArrowReader. The first is loaded on construction (dictionaries are read with
   * the batches they precede); before each later batch, every dictionary whose vector changed since
   * it was last sent (other buffers, bytes or value count) goes out again as a replacement.
   */
  private static final class ReaderSource implements Source {
    private final ArrowReader reader;
    private final Map<Long, List<Long>> sent = new HashMap<>();
    private boolean hasFirst;
    private boolean first = true;

    ReaderSource(ArrowReader reader) throws IOException {
      this.reader = reader;
      reader.getVectorSchemaRoot(); // reads the schema: some readers expect it before a batch
      hasFirst = reader.loadNextBatch();
      for (long id : reader.getDictionaryIds()) {
        sent.put(id, signature(reader.lookup(id).getVector()));
      }
    }

    @Override
    public FlightStreamChunk next() throws IOException {
      if (first) {
        first = false;
        return hasFirst ? FlightStreamChunk.of(reader.getVectorSchemaRoot()) : null;
      }
      if (!reader.loadNextBatch()) {
        return null;
      }
      List<DictionaryUpdate> changed = new ArrayList<>();
      for (long id : reader.getDictionaryIds()) {
        FieldVector values = reader.lookup(id).getVector();
        List<Long> now = signature(values);
        if (!now.equals(sent.put(id, now))) {
          changed.add(new DictionaryUpdate(id, values, false));
        }
      }
      return changed.isEmpty()
          ? FlightStreamChunk.of(reader.getVectorSchemaRoot())
          : FlightStreamChunk.replayed(reader.getVectorSchemaRoot(), false, changed);
    }

    /**
     * The value count and, for every buffer of a vector and its children, its address, size and a
     * hash of its bytes: a replacement that reuses freed memory, or a dictionary refilled in place,
     * still differs in its bytes.
     */
    private static List<Long> signature(FieldVector values) {
      List<Long> sig = new ArrayList<>();
      sig.add((long) values.getValueCount());
      for (ArrowBuf b : values.getFieldBuffers()) {
        sig.add(b.memoryAddress());
        sig.add(b.writerIndex());
        sig.add((long) org.apache.arrow.memory.util.ByteFunctionHelpers.hash(b, 0, b.writerIndex()));
      }
      for (FieldVector child : values.getChildrenFromFields()) {
        sig.addAll(signature(child));
      }
      return sig;
    }

    @Override
    public void close() throws IOException {
      reader.close();
    }
  }

  private static final class ListSource implements Source {
    private final List<VectorSchemaRoot> batches;
    private int next;

    ListSource(List<VectorSchemaRoot> batches) {
      this.batches = List.copyOf(batches);
    }

    @Override
    public FlightStreamChunk next() {
      return next < batches.size() ? FlightStreamChunk.of(batches.get(next++)) : null;
    }

    @Override
    public void close() {}
  }

  /**
   * Runs {@code action} once when the stream is closed (the call ended, however it ended), after
   * what the stream holds is released: for example to release a reference a service holds on
   * shared data while it is streamed.
   *
   * @param action the action, run on the call's thread; replaces one set before
   * @return this stream
   */
  public RecordBatchStream onClose(Runnable action) {
    this.onClose = action;
    return this;
  }

  /** The table this stream replays as received, or null. */
  ChunkedTable chunked() {
    return chunked;
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public DictionaryProvider dictionaries() {
    return dictionaries;
  }

  @Override
  public FlightStreamChunk next() throws IOException {
    return source.next();
  }

  @Override
  public boolean immutableData() {
    return true;
  }

  /**
   * Releases what the stream holds (the current slice of a table; the reader of
   * {@link #fromReader}), then runs the {@link #onClose} action. Idempotent.
   *
   * @throws java.io.UncheckedIOException when closing the reader fails
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      source.close();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } finally {
      if (onClose != null) {
        onClose.run();
      }
    }
  }
}
