package dev.flightwire;

import dev.flightwire.internal.client.Opening;
import dev.flightwire.internal.call.CallStream;
import dev.flightwire.internal.call.SerialTask;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chunks of a data stream as a {@link Flow.Publisher}: the asynchronous form of
 * {@link FlightStreamReader}, over the same reader and call. Cold and single-use: the call starts
 * when the one subscriber subscribes.
 *
 * <p>Demand is the flow control: a message is taken from the call's queue only when the
 * subscriber has requested a chunk, and only a taken message returns its bytes to the HTTP/2
 * windows. So a subscriber that requests nothing more stops the sender once the stream window is
 * full, and no thread waits meanwhile. The subscriber's methods run on the client's callback
 * executor, one at a time.
 *
 * <p>Each chunk passed to {@code onNext} is owned by the subscriber, who closes it (its batch
 * shares the received buffers, and it owns shares of the stream's dictionaries as they stood at
 * that chunk; nothing is copied).
 */
final class ChunkPublisher implements Flow.Publisher<FlightStreamChunk> {
  private static final Logger LOG = LoggerFactory.getLogger(ChunkPublisher.class);

  /** An opened call: its stream and its reader. */
  record Opened(CallStream stream, FlightStreamReader reader) {}

  private final Supplier<CompletableFuture<Opened>> open;
  private final Executor executor;
  private final boolean retry;
  private final AtomicBoolean subscribed = new AtomicBoolean();

  /**
   * @param open starts the call when a subscriber arrives; its future may complete on any thread
   * @param executor runs the subscriber's methods
   * @param retry whether a call the server refused unprocessed, before any message, is opened
   *     once more with {@code open} (gRPC's transparent retry; for calls whose whole request went
   *     with the headers)
   */
  ChunkPublisher(Supplier<CompletableFuture<Opened>> open, Executor executor, boolean retry) {
    this.open = open;
    this.executor = executor;
    this.retry = retry;
  }

  /**
   * Takes the publisher out of service if nobody subscribed yet, so that its owner may release
   * the call itself; a later subscriber gets {@code onError}. Any thread.
   *
   * @return true when nobody had subscribed (the caller now owns the call), false otherwise
   */
  boolean retireUnsubscribed() {
    return subscribed.compareAndSet(false, true);
  }

  @Override
  public void subscribe(Flow.Subscriber<? super FlightStreamChunk> subscriber) {
    java.util.Objects.requireNonNull(subscriber, "subscriber");
    if (!subscribed.compareAndSet(false, true)) {
      executor.execute(() -> {
        subscriber.onSubscribe(new Flow.Subscription() {
          @Override
          public void request(long n) {}

          @Override
          public void cancel() {}
        });
        subscriber.onError(new IllegalStateException("this publisher's call was already subscribed to: a publisher of"
            + " a Flight stream serves one subscriber (make a new call for another)"));
      });
      return;
    }
    new Delivery(subscriber).start();
  }

  /** One subscription: every field below is touched only by the serial task, except as noted. */
  private final class Delivery implements Flow.Subscription {
    private final Flow.Subscriber<? super FlightStreamChunk> subscriber;
    private final SerialTask drain;
    private final AtomicLong demand = new AtomicLong();      // any thread
    private volatile boolean cancelled;                       // any thread
    private volatile Opened call;                             // set once, any thread
    private volatile Throwable openFailure;                   // set once, any thread
    private volatile long badRequest;                         // any thread
    private boolean subscribedCalled;
    private boolean done;
    private boolean retried;
    private boolean delivered;
    private boolean callClosed;

    Delivery(Flow.Subscriber<? super FlightStreamChunk> subscriber) {
      this.subscriber = subscriber;
      this.drain = new SerialTask(executor, this::drain);
    }

    void start() {
      drain.signal(); // onSubscribe first, on the executor
      Opening.start(open, c -> {
        call = c;
        c.stream().addEventListener(drain);
        drain.signal();
      }, e -> {
        openFailure = e;
        drain.signal();
      });
    }

    @Override
    public void request(long n) {
      if (n <= 0) {
        badRequest = n; // rule 3.9: signal onError
      } else {
        demand.getAndAccumulate(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
      }
      drain.signal();
    }

    @Override
    public void cancel() {
      cancelled = true;
      drain.signal();
    }

    private void drain() {
      if (!subscribedCalled) {
        subscribedCalled = true;
        subscriber.onSubscribe(this);
      }
      if (done) {
        closeCall(call); // a call that opened after the subscription ended
        return;
      }
      Opened c = call;
      if (cancelled) {
        finish(c, null, false);
        return;
      }
      if (badRequest != 0) {
        finish(c, new IllegalArgumentException("request(" + badRequest + "): the number of chunks requested must be"
            + " positive (Reactive Streams rule 3.9)"), true);
        return;
      }
      Throwable failed = openFailure;
      if (failed != null) {
        finish(null, failed, true);
        return;
      }
      if (c == null) {
        return; // not open yet: the open signals again
      }
      while (demand.get() > 0 && !cancelled) {
        FlightStreamChunk chunk;
        try {
          chunk = c.reader().pollChunk();
        } catch (RuntimeException e) {
          if (retry && !retried && !delivered && c.stream() instanceof dev.flightwire.internal.call.ClientStream cs
              && cs.wasRefused()) {
            retried = true;
            closeCall(c);
            callClosed = false;
            call = null;
            start();
            return;
          }
          finish(c, e, true);
          return;
        }
        if (chunk == FlightStreamReader.NOT_YET) {
          return; // the call signals when more arrives
        }
        if (chunk == null) {
          finish(c, null, true);
          return;
        }
        demand.decrementAndGet();
        delivered = true;
        FlightStreamChunk owned = chunk.keepWithDictionaries();
        try {
          subscriber.onNext(owned);
        } catch (RuntimeException e) {
          // rule 2.13: a subscriber must not throw; the call is given up
          LOG.warn("a Flow.Subscriber of a Flight stream threw from onNext; the call is cancelled", e);
          cancelled = true;
        }
      }
      if (cancelled) {
        finish(c, null, false);
      }
    }

    private void closeCall(Opened c) {
      if (c == null || callClosed) {
        return;
      }
      callClosed = true;
      c.stream().removeEventListener(drain);
      try {
        c.reader().close();
      } catch (RuntimeException e) {
        LOG.debug("closing a published stream's reader failed", e);
      }
    }

    /** Ends the subscription: closes the reader (cancelling the call unless it ended), then tells the subscriber. */
    private void finish(Opened c, Throwable error, boolean tell) {
      done = true;
      closeCall(c);
      if (!tell) {
        return;
      }
      if (error == null) {
        subscriber.onComplete();
      } else {
        subscriber.onError(error);
      }
    }
  }
}
