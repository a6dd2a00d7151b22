package dev.flightwire;

import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The data a server returns from DoGet: a schema and a sequence of chunks. The server sends the
 * schema first (even when no chunk follows), then each chunk, then closes the stream.
 *
 * <p>Called on one server thread, never the event loop. A chunk's data is borrowed until the next
 * call of {@link #next()}.
 */
public interface FlightDataStream extends AutoCloseable {
  Schema schema();

  /** Dictionaries for dictionary-encoded fields of {@link #schema()}, or null. */
  default DictionaryProvider dictionaries() {
    return null;
  }

  /** The next chunk, or null at the end. Throw a FlightError to fail the call. */
  FlightStreamChunk next() throws Exception;

  /**
   * Whether chunk data is never modified after it is returned (true for tables). Then the server
   * sends without waiting for each batch to reach the socket.
   */
  default boolean immutableData() {
    return false;
  }

  @Override
  default void close() throws Exception {}
}
