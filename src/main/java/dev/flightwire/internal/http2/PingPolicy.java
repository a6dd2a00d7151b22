package dev.flightwire.internal.http2;

import java.util.concurrent.TimeUnit;

/**
 * gRPC's ping-strike policy for a server (grpc/grpc doc/keepalive.md; grpc-java KeepAliveEnforcer):
 * a ping that arrives sooner than the permitted interval after the previous one, with no HEADERS
 * or DATA written in between, is a strike; more than {@value #MAX_STRIKES} strikes close the
 * connection with GOAWAY ENHANCE_YOUR_CALM "too_many_pings". Pings that follow our own writes
 * (BDP probes of C-core peers) never count. Event-loop only.
 */
final class PingPolicy {
  static final int MAX_STRIKES = 2;
  private static final long MIN_INTERVAL_ACTIVE = TimeUnit.MINUTES.toNanos(5);
  private static final long MIN_INTERVAL_IDLE = TimeUnit.HOURS.toNanos(2);

  private long lastPing = System.nanoTime() - MIN_INTERVAL_IDLE;
  private int strikes;
  private boolean wroteSinceLastPing = true;

  /** A HEADERS or DATA frame went to the wire (ActivityFrameWriter). */
  void onWrite() {
    wroteSinceLastPing = true;
    strikes = 0;
  }

  /** Returns true when the ping is acceptable, false when the peer exceeded its strikes. */
  boolean onPing(boolean callsActive) {
    long now = System.nanoTime();
    long min = callsActive ? MIN_INTERVAL_ACTIVE : MIN_INTERVAL_IDLE;
    boolean tooSoon = now - lastPing < min;
    lastPing = now;
    if (!tooSoon || wroteSinceLastPing) {
      wroteSinceLastPing = false;
      return true;
    }
    return ++strikes <= MAX_STRIKES;
  }
}
