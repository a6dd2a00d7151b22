package dev.flightwire;

/**
 * The two halves of a DoPut call ({@link FlightClient#doPut}): the writer for the upload and the
 * reader of the server's acknowledgements. Owned by the caller: use it in try-with-resources, and
 * end the upload explicitly with {@link #complete()} (or {@link FlightStreamWriter#doneWriting()})
 * once everything is written. Closing without that cancels the call, so an exception thrown while
 * writing never commits a partial upload:
 *
 * <pre>{@code
 * try (DoPutStreams put = client.doPut(descriptor, schema)) {
 *   for (VectorSchemaRoot batch : batches) {
 *     put.writer().writeBatch(batch);   // if this or the loop throws, close() cancels the call
 *   }
 *   put.complete();                     // ends the upload, waits for the server's result
 * }
 * }</pre>
 *
 * The writer and the reader may be used by two threads, one each.
 */
public final class DoPutStreams implements AutoCloseable {
  private final FlightStreamWriter writer;
  private final FlightMetadataReader reader;
  private boolean completed;
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
   * Completes the upload: ends it ({@link FlightStreamWriter#doneWriting()}), then reads and drops
   * the remaining acknowledgements until the call's final status. Blocks until the server has
   * finished the call. When the upload cannot be ended (the writer or the call failed), the call
   * is cancelled rather than left open on the server. Calling it again after it threw throws
   * again.
   *
   * @throws FlightError the status the upload failed with
   * @throws IllegalStateException when the streams are closed
   */
  public void complete() {
    if (closed && !completed) {
      throw new IllegalStateException("the DoPut streams are closed");
    }
    finish();
  }

  private void finish() {
    completed = true;
    boolean finished = false;
    try {
      writer.doneWriting();
      while (reader.read() != null) {
        // drain acknowledgements nobody read
      }
      finished = true;
    } finally {
      if (!finished) {
        reader.cancel("the DoPut could not be completed");
      }
    }
  }

  /**
   * Releases the call. After {@link FlightStreamWriter#doneWriting()} (and not yet
   * {@link #complete()}), it completes the call: reads and drops the remaining acknowledgements,
   * waits for the final status, and throws it if the upload failed. Without {@code doneWriting()},
   * it cancels the call ({@link FlightStreamWriter#cancel(String)}): the server's handler sees
   * {@link FlightCancelledError}, not the end of the upload, and this does not throw. Either way,
   * acknowledgements not read are released. Idempotent.
   *
   * @throws FlightError the status the upload failed with, when {@code doneWriting()} was called
   *     and {@link #complete()} was not
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (completed) {
        return;
      }
      if (writer.isDoneWriting()) {
        finish();
      } else {
        writer.cancel("the DoPut streams were closed before the upload was complete (doneWriting())");
      }
    } finally {
      reader.discard();
    }
  }
}
