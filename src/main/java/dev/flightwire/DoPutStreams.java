package dev.flightwire;

/**
 * The two halves of a DoPut call ({@link FlightClient#doPut}): the writer for the upload and the
 * reader of the server's acknowledgements. Owned by the caller: {@link #close()} finishes the
 * upload and waits for the call's result, throwing the server's error if the upload failed, so
 * use it in try-with-resources. The writer and the reader may be used by two threads, one each.
 */
public final class DoPutStreams implements AutoCloseable {
  private final FlightStreamWriter writer;
  private final FlightMetadataReader reader;
  private boolean closed;

  DoPutStreams(FlightStreamWriter writer, FlightMetadataReader reader) {
    this.writer = writer;
    this.reader = reader;
  }

  /**
   * The writer of the upload.
   *
   * @return the call's writer, owned by this object (closed by {@link #close()})
   */
  public FlightStreamWriter writer() {
    return writer;
  }

  /**
   * The reader of the server's acknowledgements.
   *
   * @return the call's acknowledgement reader, owned by this object
   */
  public FlightMetadataReader reader() {
    return reader;
  }

  /**
   * Ends the upload ({@link FlightStreamWriter#doneWriting()}), then reads and drops the
   * remaining acknowledgements until the call's final status. Blocks until the server has
   * finished the call. Idempotent. When the upload cannot be finished (the writer or the call
   * failed), the call is cancelled rather than left open on the server.
   *
   * @throws FlightError the status the upload failed with
   */
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
