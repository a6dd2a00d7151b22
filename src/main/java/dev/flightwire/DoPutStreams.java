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
 *
 * <h2>Asynchronous uploads</h2>
 * The streams of {@link FlightClient#doPutAsync} never block: the writer queues its messages
 * (write while {@link FlightStreamWriter#isReady()}, continue in
 * {@link FlightStreamWriter#onReady}), acknowledgements go to the consumer given to
 * {@code doPutAsync} as they arrive, and {@link #result()} completes with the call:
 *
 * <pre>{@code
 * client.doPutAsync(descriptor, schema, FlightCallOptions.DEFAULT, ack -> { }).thenCompose(put -> {
 *   put.writer().onReady(() -> {
 *     while (put.writer().isReady() && source.hasNext()) {
 *       put.writer().writeTable(source.next());
 *     }
 *     if (!source.hasNext()) {
 *       put.writer().doneWriting();
 *     }
 *   });
 *   return put.result();
 * });
 * }</pre>
 */
public final class DoPutStreams implements AutoCloseable {
  private final FlightStreamWriter writer;
  private final FlightMetadataReader reader;
  /** The call's outcome, for streams of the asynchronous API; null otherwise. */
  private final java.util.concurrent.CompletableFuture<Void> result;
  private boolean completed;
  private boolean closed;

  DoPutStreams(FlightStreamWriter writer, FlightMetadataReader reader) {
    this(writer, reader, null);
  }

  DoPutStreams(FlightStreamWriter writer, FlightMetadataReader reader,
      java.util.concurrent.CompletableFuture<Void> result) {
    this.writer = writer;
    this.reader = reader;
    this.result = result;
  }

  /**
   * The outcome of an asynchronous upload ({@link FlightClient#doPutAsync}): completes once the
   * upload was ended with {@link FlightStreamWriter#doneWriting()} and the server finished the
   * call, on the client's callback executor; exceptionally with the {@link FlightError} the call
   * failed with (or {@link FlightCancelledError} when it was cancelled). Never blocks.
   *
   * @return the future of the call's outcome
   * @throws IllegalStateException for the streams of the blocking {@link FlightClient#doPut}
   *     (use {@link #complete()})
   */
  public java.util.concurrent.CompletableFuture<Void> result() {
    if (result == null) {
      throw new IllegalStateException("result() is for uploads started with doPutAsync; complete() ends this one");
    }
    return result;
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
    if (result != null) {
      throw new IllegalStateException("the acknowledgements of an upload started with doPutAsync go to its consumer");
    }
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
    if (closed && !completed && !reader.failureThrown()) {
      throw new IllegalStateException("the DoPut streams are closed");
    }
    finish();
  }

  private void finish() {
    completed = true;
    if (result != null) {
      writer.doneWriting();
      try {
        result.join();
      } catch (java.util.concurrent.CompletionException e) {
        throw e.getCause() instanceof FlightError f ? f : e;
      }
      return;
    }
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
   * waits for the final status, and throws it if the upload failed, unless a read of
   * {@link #reader()} has thrown that failure already (a thread that writes while another reads
   * learns the outcome from {@link #complete()}, which always throws it). Without {@code doneWriting()},
   * it cancels the call ({@link FlightStreamWriter#cancel(String)}): the server's handler sees
   * {@link FlightCancelledError}, not the end of the upload, and this does not throw. Either way,
   * acknowledgements not read are released. Idempotent.
   *
   * @throws FlightError the status the upload failed with, when {@code doneWriting()} was called
   *     and neither {@link #complete()} nor a read of {@link #reader()} has thrown it
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (completed || reader.failureThrown()) {
        return; // the application has the call's outcome already
      }
      if (writer.isDoneWriting()) {
        if (result == null) {
          finish(); // an asynchronous upload's outcome is in result(): closing does not wait for it
        }
      } else {
        writer.cancel("the DoPut streams were closed before the upload was complete (doneWriting())");
      }
    } finally {
      reader.discard();
    }
  }
}
