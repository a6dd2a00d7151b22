package dev.flightwire;

import java.util.Iterator;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A {@link FlightDataStream} whose chunks come from an iterator, produced while the client reads
 * (pyarrow's {@code GeneratorStream}). The iterator runs on the server thread of the call; an
 * exception it throws fails the call with the matching status. Each chunk's root is handed to the
 * socket before the next chunk is asked for ({@link #immutableData()} is false), so a generator
 * may refill one root; roots of chunks made with {@link FlightStreamChunk#owning} are closed after
 * sending. If the iterator is {@link AutoCloseable} it is closed with the stream: a lazy generator
 * releases there what it still holds when a call ends early (cancelled, failed). Given a list
 * instead, the stream closes the owned chunks it did not send.
 *
 * <pre>{@code
 * VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);   // closed by the caller
 * Iterator<FlightStreamChunk> chunks = new Iterator<>() {
 *   int left = 10;
 *   public boolean hasNext() { return left > 0; }
 *   public FlightStreamChunk next() { left--; fill(root); return FlightStreamChunk.of(root); }
 * };
 * return new GeneratorStream(schema, chunks);
 * }</pre>
 */
public final class GeneratorStream implements FlightDataStream {
  private final Schema schema;
  private final DictionaryProvider dictionaries;
  private final Iterator<FlightStreamChunk> chunks;
  private final boolean fromList;
  private boolean closed;

  /**
   * A stream of the chunks an iterator produces, without dictionaries.
   *
   * @param schema the schema of every batch, in Arrow's in-memory form
   * @param chunks produces the chunks on the call's thread; closed with the stream if it is
   *     {@link AutoCloseable}
   */
  public GeneratorStream(Schema schema, Iterator<FlightStreamChunk> chunks) {
    this(schema, null, chunks);
  }

  /**
   * A stream of the chunks an iterator produces, with the dictionaries of the schema's
   * dictionary-encoded fields.
   *
   * @param schema the schema of every batch, in Arrow's in-memory form
   * @param dictionaries the dictionaries, or null; borrowed until sent, at the start
   * @param chunks produces the chunks on the call's thread; closed with the stream if it is
   *     {@link AutoCloseable}
   */
  public GeneratorStream(Schema schema, DictionaryProvider dictionaries, Iterator<FlightStreamChunk> chunks) {
    this.schema = schema;
    this.dictionaries = dictionaries;
    this.chunks = chunks;
    this.fromList = false;
  }

  /**
   * Sends the chunks of a list in order, without dictionaries.
   *
   * @param schema the schema of every batch, in Arrow's in-memory form
   * @param chunks the chunks (the list is copied); owned chunks not sent when the call ends are
   *     closed with the stream
   */
  public GeneratorStream(Schema schema, java.util.List<FlightStreamChunk> chunks) {
    this(schema, null, chunks);
  }

  /**
   * Sends the chunks of a list in order, with the dictionaries of the schema's dictionary-encoded
   * fields.
   *
   * @param schema the schema of every batch, in Arrow's in-memory form
   * @param dictionaries the dictionaries, or null; borrowed until sent, at the start
   * @param chunks the chunks (the list is copied); owned chunks not sent when the call ends are
   *     closed with the stream
   */
  public GeneratorStream(Schema schema, DictionaryProvider dictionaries, java.util.List<FlightStreamChunk> chunks) {
    this.schema = schema;
    this.dictionaries = dictionaries;
    this.chunks = new java.util.ArrayList<>(chunks).iterator();
    this.fromList = true;
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
  public FlightStreamChunk next() {
    return chunks.hasNext() ? chunks.next() : null;
  }

  /**
   * Closes the owned chunks of a list not sent, and an {@link AutoCloseable} iterator. Idempotent.
   *
   * @throws Exception what closing the iterator throws
   */
  @Override
  public void close() throws Exception {
    if (closed) {
      return;
    }
    closed = true;
    if (fromList) {
      while (chunks.hasNext()) {
        chunks.next().close();
      }
    }
    if (chunks instanceof AutoCloseable) {
      ((AutoCloseable) chunks).close();
    }
  }
}
