package dev.flightwire;

import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The data a server returns from {@link FlightServerBase#doGet}: a schema and a sequence of
 * chunks. The server sends the schema and dictionaries first (even when no chunk follows), then
 * asks for each chunk with {@link #next()} and sends it, stopping early if the call is cancelled,
 * and finally closes the stream, whatever the outcome. {@link RecordBatchStream} and
 * {@link GeneratorStream} cover the usual cases.
 *
 * <p>Called on the call's server thread, one method at a time, never on a network thread.
 *
 * <p>Ownership: a chunk's data is lent to the server (unless made with
 * {@link FlightStreamChunk#owning}). When {@link #immutableData()} is false, the server returns
 * from sending a batch only once its bytes are handed to the socket, so the stream may refill or
 * close that root at the next {@link #next()}. When it is true, a batch may still be in flight
 * when {@code next()} is called again: its buffers must not be written to, though they may be
 * released (the message holds its own references).
 */
public interface FlightDataStream extends AutoCloseable {
  /**
   * The schema of the stream, sent first.
   *
   * @return the schema in Arrow's in-memory form (as the batches' roots have it); not null
   */
  Schema schema();

  /**
   * The dictionaries of the schema's dictionary-encoded fields, sent once after the schema. The
   * default has none.
   *
   * @return the dictionaries, borrowed until they are sent (before the first {@link #next()}), or
   *     null when no field is dictionary-encoded
   */
  default DictionaryProvider dictionaries() {
    return null;
  }

  /**
   * The next chunk to send. May block, for example while data is produced.
   *
   * @return the chunk, whose data is lent (or handed over with {@link FlightStreamChunk#owning});
   *     null at the end of the stream
   * @throws Exception to fail the call: a {@link FlightError} with its status, other exceptions
   *     as {@link FlightError} describes; chunks already sent stay sent
   */
  FlightStreamChunk next() throws Exception;

  /**
   * Whether the buffers of returned chunks are never written to afterwards (true for tables and
   * other immutable data). Then the server does not wait for each batch to reach the socket
   * before asking for the next, which is faster. The default, false, is safe for a stream that
   * refills one root.
   *
   * @return true when chunk data is immutable
   */
  default boolean immutableData() {
    return false;
  }

  /**
   * Releases what the stream holds. The server calls it once when the call ends, whether it
   * completed, failed or was cancelled, on the call's thread. The default does nothing.
   *
   * @throws Exception when releasing fails; it becomes the call's status (replacing an error the
   *     stream failed with), even after every chunk was sent, unless the call was cancelled
   */
  @Override
  default void close() throws Exception {}
}
