package dev.flightwire.internal.http2;

import java.util.concurrent.TimeUnit;

/**
 * Counts the frames a client can send cheaply but that cost the server work, per sliding window,
 * and tells when one exceeds its budget: RST_STREAM (rapid reset, CVE-2023-44487), SETTINGS (each
 * needs an ACK), empty DATA frames without END_STREAM, and PRIORITY frames. Budgets are far above
 * what gRPC clients send (they reset only cancelled calls and send SETTINGS once or twice).
 * Event-loop only.
 */
final class FloodGuard {
  /** The frame kinds counted. */
  enum Kind {
    RST_STREAM("too_many_resets", 200, 30),
    SETTINGS("too_many_settings", 100, 10),
    EMPTY_DATA("too_many_empty_frames", 1_000, 10),
    PRIORITY("too_many_priority_frames", 10_000, 10);

    final String debug;
    final int budget;
    final long windowNanos;

    Kind(String debug, int budget, int windowSeconds) {
      this.debug = debug;
      this.budget = budget;
      this.windowNanos = TimeUnit.SECONDS.toNanos(windowSeconds);
    }
  }

  private final long[] windowStart = new long[Kind.values().length];
  private final int[] count = new int[Kind.values().length];

  /** Counts one frame; returns false when the peer exceeded the budget of {@code kind}. */
  boolean allow(Kind kind) {
    int i = kind.ordinal();
    long now = System.nanoTime();
    if (count[i] == 0 || now - windowStart[i] > kind.windowNanos) {
      windowStart[i] = now;
      count[i] = 0;
    }
    return ++count[i] <= kind.budget;
  }
}
