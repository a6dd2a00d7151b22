package dev.flightwire.internal.call;

import java.util.function.Supplier;

/**
 * The one new attempt a client call gets when the server refused it before processing it
 * ({@link MessageStream#wasRefused()}: HTTP/2 REFUSED_STREAM, or a GOAWAY below its stream), for
 * the blocking readers of a call's responses (results and FlightData): the first read that fails
 * asks {@link #reopen}; the first message read ends the chance ({@link #taken}). The asynchronous
 * readers ({@code AsyncResults}, {@code ChunkPublisher}) follow the same rule but open the call
 * again through their own asynchronous start. Not thread-safe: the reader's thread.
 *
 * @param <S> the kind of call stream the retry opens
 */
public final class RefusedRetry<S extends MessageStream> {
  private Supplier<? extends S> open;

  /** @param open opens the call again (the same method, request and deadline); null for none */
  public RefusedRetry(Supplier<? extends S> open) {
    this.open = open;
  }

  /**
   * After a read of {@code failed} threw: when the server refused that call unprocessed and no
   * retry was made yet, drops what it had queued and opens the call again; otherwise null (the
   * failure stands). Either way no later failure is retried.
   *
   * @return the new call, or null
   * @throws RuntimeException whatever opening the call again throws
   */
  public S reopen(MessageStream failed) {
    Supplier<? extends S> o = open;
    open = null;
    if (o == null || !failed.wasRefused()) {
      return null;
    }
    failed.discardInbound();
    return o.get();
  }

  /** The server took the call (a message arrived or the stream ended cleanly): no retry any more. */
  public void taken() {
    open = null;
  }
}
