package dev.flightwire;

import dev.flightwire.internal.ipc.Tables;
import java.io.IOException;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.table.Table;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A {@link FlightDataStream} over data that already exists: a {@link Table}, a list of batches, or
 * an {@link ArrowReader}. Table and batch data are sent by reference, so one table can be streamed
 * to many clients at once without copying.
 */
public final class RecordBatchStream implements FlightDataStream {
  private final Schema schema;
  private final DictionaryProvider dictionaries;
  private final Source source;
  private boolean closed;

  private interface Source extends AutoCloseable {
    FlightStreamChunk next() throws IOException;

    @Override
    void close() throws IOException;
  }

  private RecordBatchStream(Schema schema, DictionaryProvider dictionaries, Source source) {
    this.schema = schema;
    this.dictionaries = dictionaries;
    this.source = source;
  }

  /** Streams a table (borrowed: keep it open until the stream is closed) as one batch. */
  public RecordBatchStream(Table table) {
    this(table, Integer.MAX_VALUE);
  }

  /** Streams a table (borrowed) in batches of at most {@code maxChunkSize} rows. */
  public RecordBatchStream(Table table, int maxChunkSize) {
    this(table.getSchema(), table.getDictionaryProvider(), new TableSource(table, maxChunkSize));
  }

  /** Streams batches (borrowed, and not to be modified until the stream is closed). */
  public RecordBatchStream(Schema schema, List<VectorSchemaRoot> batches, DictionaryProvider dictionaries) {
    this(schema, dictionaries, new ListSource(batches));
  }

  /**
   * Streams everything an ArrowReader reads. Takes ownership of the reader: it is closed with the
   * stream. Its dictionaries are those loaded when the stream starts.
   */
  public static RecordBatchStream fromReader(ArrowReader reader) throws IOException {
    VectorSchemaRoot root = reader.getVectorSchemaRoot();
    return new RecordBatchStream(root.getSchema(), reader, new Source() {
      @Override
      public FlightStreamChunk next() throws IOException {
        return reader.loadNextBatch() ? FlightStreamChunk.of(root) : null;
      }

      @Override
      public void close() throws IOException {
        reader.close();
      }
    });
  }

  private static final class TableSource implements Source {
    private final Table table;
    private final int chunk;
    private long next;
    private VectorSchemaRoot current;
    private boolean sentEmpty;

    TableSource(Table table, int chunk) {
      if (chunk <= 0) {
        throw new IllegalArgumentException("maxChunkSize must be positive");
      }
      this.table = table;
      this.chunk = chunk;
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
   * {@link #fromReader}). Idempotent.
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
    }
  }
}
