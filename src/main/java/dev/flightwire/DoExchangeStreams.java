package dev.flightwire;

/**
 * The two halves of a DoExchange call ({@link FlightClient#doExchange}): the writer of what the
 * client sends and the reader of what the server sends. Owned by the caller: close it, which
 * closes the reader (cancelling the call if the server is still sending; read to the end first
 * to see the server's final status). End the client's stream explicitly with
 * {@link FlightStreamWriter#doneWriting()}: closing without that cancels the call, so the server
 * never takes a stream cut short by an exception as complete. The writer and the reader may be
 * used by two threads, one each.
 *
 * <p>The streams of {@link FlightClient#doExchangeAsync} never block: the writer queues its
 * messages (write while {@link FlightStreamWriter#isReady()}, continue in
 * {@link FlightStreamWriter#onReady}), and the server's stream is read through
 * {@link #publisher()} instead of a reader.
 */
public final class DoExchangeStreams implements AutoCloseable {
  private final FlightStreamWriter writer;
  private final FlightStreamReader reader;
  /** The server's stream as a publisher, for streams of the asynchronous API; null otherwise. */
  private final ChunkPublisher publisher;

  DoExchangeStreams(FlightStreamWriter writer, FlightStreamReader reader) {
    this(writer, reader, null);
  }

  DoExchangeStreams(FlightStreamWriter writer, FlightStreamReader reader, ChunkPublisher publisher) {
    this.writer = writer;
    this.reader = reader;
    this.publisher = publisher;
  }

  /**
   * The server's stream, for an exchange started with {@link FlightClient#doExchangeAsync}: a
   * publisher for one subscriber, with the semantics of {@link FlightClient#doGetAsync} (owned
   * chunks, demand as flow control, {@code onComplete} when the server ends the call with OK,
   * {@code onError} with its error otherwise; cancelling the subscription cancels the call).
   *
   * @return the publisher of the server's chunks
   * @throws IllegalStateException for the streams of the blocking {@link FlightClient#doExchange}
   *     (use {@link #reader()})
   */
  public java.util.concurrent.Flow.Publisher<FlightStreamChunk> publisher() {
    if (publisher == null) {
      throw new IllegalStateException("publisher() is for exchanges started with doExchangeAsync; read this one"
          + " with reader()");
    }
    return publisher;
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
    if (publisher != null) {
      throw new IllegalStateException("the server's stream of an exchange started with doExchangeAsync is read"
          + " through publisher()");
    }
    return reader;
  }

  /**
   * Without {@link FlightStreamWriter#doneWriting()}, cancels the call
   * ({@link FlightStreamWriter#cancel(String)}) unless it has already completed; the server's
   * handler then sees {@link FlightCancelledError}. Then closes the reader, which releases what
   * it holds and cancels the call if the server has not finished its stream. Does not throw.
   * Idempotent. For an exchange of the asynchronous API whose {@link #publisher()} has a
   * subscriber, the subscription owns the server's stream: it ends with the call (or by
   * {@code Subscription.cancel()}).
   */
  @Override
  public void close() {
    try {
      if (!writer.isDoneWriting()) {
        writer.cancel("the DoExchange streams were closed before the client's stream was complete (doneWriting())");
      }
    } finally {
      if (publisher == null || publisher.retireUnsubscribed()) {
        reader.close();
      }
    }
  }
}
