package dev.flightwire;

/**
 * The two halves of a DoExchange call ({@link FlightClient#doExchange}): the writer of what the
 * client sends and the reader of what the server sends. Owned by the caller: close it, which ends
 * the writer and closes the reader (cancelling the call if the server is still sending; read to
 * the end first to see the server's final status). The writer and the reader may be used by two
 * threads, one each.
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
   * Ends the writer ({@link FlightStreamWriter#doneWriting()}), then closes the reader, which
   * cancels the call if the server has not finished its stream. The reader is closed even when
   * ending the writer throws.
   *
   * @throws FlightError the status the call failed with, when ending the writer still had to send
   */
  @Override
  public void close() {
    try {
      writer.doneWriting();
    } finally {
      reader.close();
    }
  }
}
