package dev.flightwire;

/**
 * The two halves of a DoPut call: the writer for the upload and the reader of the server's
 * acknowledgements. {@link #close()} finishes the upload and waits for the call's result,
 * throwing the server's error if the upload failed.
 */
public final class DoPutStreams implements AutoCloseable {
  private final FlightStreamWriter writer;
  private final FlightMetadataReader reader;
  private boolean closed;

  DoPutStreams(FlightStreamWriter writer, FlightMetadataReader reader) {
    this.writer = writer;
    this.reader = reader;
  }

  public FlightStreamWriter writer() {
    return writer;
  }

  public FlightMetadataReader reader() {
    return reader;
  }

  /** Ends the upload and reads the remaining acknowledgements until the call's final status. */
  @Override
  public void close() {
    // Idempotent. When the upload cannot be finished (the writer or the call failed), the call is
    // cancelled rather than left open on the server; unread acknowledgements are released.
    if (closed) {
      return;
    }
    closed = true;
    boolean finished = false;
    try {
      writer.doneWriting();
      while (reader.read() != null) {
        // drain acknowledgements nobody read
      }
      finished = true;
    } finally {
      if (!finished) {
        reader.cancel("the DoPut streams were closed before the call ended");
      }
      reader.discard();
    }
  }
}
