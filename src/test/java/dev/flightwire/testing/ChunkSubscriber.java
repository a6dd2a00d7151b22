package dev.flightwire.testing;

import dev.flightwire.FlightStreamChunk;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads a publisher of chunks ({@code doGetAsync}, {@code doExchangeAsync}): hands each chunk to
 * a handler and closes it, and completes {@link #done} with the stream's end, its error, the
 * handler's error, or when the handler stopped it. With automatic demand it requests the next
 * chunk only once the last one was handled (the demand is the flow control); without, only what
 * the test asks for with {@link #request(long)}.
 */
public final class ChunkSubscriber implements Flow.Subscriber<FlightStreamChunk> {
  /** What the subscriber does with each chunk. */
  public interface OnChunk {
    /**
     * @param chunk the chunk, closed by the subscriber when this returns
     * @return true to go on, false to cancel the subscription (the call)
     */
    boolean accept(FlightStreamChunk chunk) throws Exception;
  }

  /** Completes when the stream ends (normally, by the handler's choice, or with the error). */
  public final CompletableFuture<Void> done = new CompletableFuture<>();
  private final OnChunk onChunk;
  private final boolean autoRequest;
  private final AtomicLong received = new AtomicLong();
  private volatile Flow.Subscription subscription;

  /** Requests one chunk at a time, each once the last was handled. */
  public ChunkSubscriber(OnChunk onChunk) {
    this(onChunk, true);
  }

  /**
   * @param autoRequest false to request only through {@link #request(long)}
   */
  public ChunkSubscriber(OnChunk onChunk, boolean autoRequest) {
    this.onChunk = onChunk;
    this.autoRequest = autoRequest;
  }

  /** Asks for {@code n} more chunks, once subscribed (waits for the subscription). */
  public void request(long n) {
    awaitSubscription().request(n);
  }

  /** Cancels the subscription, once subscribed. */
  public void cancel() {
    awaitSubscription().cancel();
  }

  /** How many chunks arrived. */
  public long received() {
    return received.get();
  }

  private Flow.Subscription awaitSubscription() {
    long until = System.nanoTime() + 10_000_000_000L;
    while (subscription == null) {
      if (System.nanoTime() > until) {
        throw new AssertionError("the publisher never called onSubscribe");
      }
      Thread.onSpinWait();
    }
    return subscription;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    if (autoRequest) {
      s.request(1);
    }
  }

  @Override
  public void onNext(FlightStreamChunk chunk) {
    boolean more;
    try (chunk) {
      more = onChunk.accept(chunk);
    } catch (Throwable t) {
      subscription.cancel();
      done.completeExceptionally(t);
      return;
    } finally {
      received.incrementAndGet();
    }
    if (!more) {
      subscription.cancel();
      done.complete(null);
    } else if (autoRequest) {
      subscription.request(1);
    }
  }

  @Override
  public void onError(Throwable t) {
    done.completeExceptionally(t);
  }

  @Override
  public void onComplete() {
    done.complete(null);
  }
}
