package dev.flightwire.internal.util;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps a warning that a peer or a load spike can repeat at will (executor saturation, abusive
 * connections) from flooding the log: {@link #warnNow()} is true at most once per interval, and
 * the caller logs the others at DEBUG. Thread-safe.
 */
public final class WarnLimiter {
  private final long intervalNanos;
  private final AtomicLong last;

  public WarnLimiter(long interval, TimeUnit unit) {
    this.intervalNanos = unit.toNanos(interval);
    this.last = new AtomicLong(System.nanoTime() - intervalNanos);
  }

  /** Whether this occurrence is logged at WARN (the first in its interval). */
  public boolean warnNow() {
    long now = System.nanoTime();
    long prev = last.get();
    return now - prev >= intervalNanos && last.compareAndSet(prev, now);
  }

  /** The interval in whole seconds, for the message that says later ones go to DEBUG. */
  public long seconds() {
    return TimeUnit.NANOSECONDS.toSeconds(intervalNanos);
  }
}
