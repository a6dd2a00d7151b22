package dev.flightwire;

/**
 * The two halves of a DoExchange call. {@link #close()} ends the writer and closes the reader
 * (cancelling the call if the server is still sending).
 */
public final class DoExchangeStreams implements AutoCloseable {
  private final FlightStreamWriter writer;
  private final FlightStreamReader reader;

  DoExchangeStreams(FlightStreamWriter writer, FlightStreamReader reader) {
    this.writer = writer;
    this.reader = reader;
  }

  public FlightStreamWriter writer() {
    return writer;
  }

  public FlightStreamReader reader() {
    return reader;
  }

  @Override
  public void close() {
    try {
      writer.doneWriting();
    } finally {
      reader.close();
    }
  }
}
