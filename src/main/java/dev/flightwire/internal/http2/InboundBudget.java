package dev.flightwire.internal.http2;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A bound, shared by every connection of one server, on the inbound bytes it buffers: bytes
 * received but not yet taken by the application, and whole-message buffers allocated ahead of
 * their bytes.
 *
 * <p>The bound works through flow control, never by failing a stream. A stream returns the bytes
 * of a message it is still receiving to the HTTP/2 windows only while {@link #hasRoom()}; beyond
 * that it withholds them (the peer stops once its windows are spent) and asks to be told when there
 * is room again ({@link #awaitRoom}). Bytes of a message the application has taken always go back,
 * since they are no longer buffered here. The bound can be overshot by what peers may still send
 * within windows already granted (at most one connection window per connection) and by one exempt
 * message: so that honest traffic cannot deadlock (every stream holding part of a message larger
 * than what is left, none able to finish), one stream at a time may keep receiving past the
 * bound until its message is complete ({@link #tryExempt}).
 *
 * <p>Thread-safe: connections live on different event loops. A charge or release is one atomic
 * add.
 */
public final class InboundBudget {
  /** No bound (clients; servers built with one disabled): every call is a no-op. */
  public static final InboundBudget UNLIMITED = new InboundBudget(Long.MAX_VALUE);

  private final long limit;
  private final AtomicLong used = new AtomicLong();
  private final AtomicReference<Object> exempt = new AtomicReference<>();
  private final ConcurrentLinkedQueue<Runnable> waiting = new ConcurrentLinkedQueue<>();

  /** @param limit the bound in bytes; {@link Long#MAX_VALUE} for none */
  public InboundBudget(long limit) {
    if (limit <= 0) {
      throw new IllegalArgumentException("inbound budget must be positive: " + limit);
    }
    this.limit = limit;
  }

  /** Whether this budget bounds anything. */
  public boolean isLimited() {
    return limit != Long.MAX_VALUE;
  }

  public long limit() {
    return limit;
  }

  /** Bytes charged now. */
  public long used() {
    return used.get();
  }

  /** Counts {@code bytes} received (buffered) against the budget, whether or not it has room. */
  public void charge(long bytes) {
    if (isLimited() && bytes > 0) {
      used.addAndGet(bytes);
    }
  }

  /**
   * Takes {@code bytes} ahead of their arrival (a buffer sized from a length prefix) only if they
   * fit under the bound; false, taking nothing, otherwise. Give them back with {@link #release}.
   */
  public boolean tryReserve(long bytes) {
    if (!isLimited()) {
      return true;
    }
    long now = used.get();
    while (true) {
      if (bytes > limit - now) {
        return false;
      }
      long witness = used.compareAndExchange(now, now + bytes);
      if (witness == now) {
        return true;
      }
      now = witness;
    }
  }

  /** Returns {@code bytes} charged or reserved earlier; wakes waiters once there is room. */
  public void release(long bytes) {
    if (!isLimited() || bytes <= 0) {
      return;
    }
    long now = used.addAndGet(-bytes);
    if (now < limit && !waiting.isEmpty()) {
      wakeAll();
    }
  }

  /** Whether partly received messages may get window credit back. */
  public boolean hasRoom() {
    return !isLimited() || used.get() < limit;
  }

  /**
   * Lets {@code holder} receive past the bound until {@link #endExempt}: true if no other holder
   * has the exemption (or {@code holder} has it already).
   */
  public boolean tryExempt(Object holder) {
    return exempt.get() == holder || exempt.compareAndSet(null, holder);
  }

  /** Ends {@code holder}'s exemption, if it has it, and wakes waiters to claim it. */
  public void endExempt(Object holder) {
    if (exempt.get() == holder && exempt.compareAndSet(holder, null) && !waiting.isEmpty()) {
      wakeAll();
    }
  }

  /**
   * Runs {@code wakeup} once, on whatever thread frees room or the exemption (at once, here, when
   * either is free already). It must only hand work to the waiter's event loop; a rejected
   * execution (a loop shutting down) is ignored.
   */
  public void awaitRoom(Runnable wakeup) {
    waiting.add(wakeup);
    if (hasRoom() || exempt.get() == null) {
      wakeAll();
    }
  }

  private void wakeAll() {
    Runnable r;
    while ((r = waiting.poll()) != null) {
      try {
        r.run();
      } catch (RejectedExecutionException e) {
        // the waiter's event loop is shutting down, and its streams with it
      }
    }
  }
}
