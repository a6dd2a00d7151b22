package dev.flightwire;

/**
 * The two halves of a DoExchange call ({@link FlightClient#doExchange}): the writer of what the
 * client sends and the reader of what the server sends. Owned by the caller: close it, which
 * closes the reader (cancelling the call if the server is still sending; read to the end first
 * to see the server's final status). End the client's stream explicitly with
 * {@link FlightStreamWriter#doneWriting()}: closing without that cancels the call, so the server
 * never takes a stream cut short by an exception as complete. The writer and the reader may be
 * used by two threads, one each.
 */
public final class DoExchangeStreams implements AutoCloseable {
  private final FlightStreamWriter writer;
  private final FlightStreamReader reader;

  DoExchangeStreams(FlightStreamWriter writer, FlightStreamReader reader) {
    this.writer = writer;
    this.reader = reader;
  }

  /**
   * The writer of the client's stream.
   *
   * @return the call's writer, owned by this object (closed by {@link #close()})
   */
  public FlightStreamWriter writer() {
    return writer;
  }

  /**
   * The reader of the server's stream.
   *
   * @return the call's reader, owned by this object (closed by {@link #close()})
   */
  public FlightStreamReader reader() {
    return reader;
  }

  /**
   * Without {@link FlightStreamWriter#doneWriting()}, cancels the call
   * ({@link FlightStreamWriter#cancel(String)}) unless it has already completed; the server's
   * handler then sees {@link FlightCancelledError}. Then closes the reader, which releases what
   * it holds and cancels the call if the server has not finished its stream. Does not throw.
   * Idempotent.
   */
  @Override
  public void close() {
    try {
      if (!writer.isDoneWriting()) {
        writer.cancel("the DoExchange streams were closed before the client's stream was complete (doneWriting())");
      }
    } finally {
      reader.close();
    }
  }
}
