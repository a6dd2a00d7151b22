package dev.flightwire.internal.grpc;

import dev.flightwire.internal.http2.InboundBudget;

/**
 * How many bytes one connection may allocate for messages before their bytes arrive.
 *
 * <p>A gRPC length prefix is only a claim: a peer may declare a 2 GiB message and send five bytes.
 * A {@link GrpcDeframer} gathering a message split across DATA frames allocates the whole
 * message at once (one buffer, one copy) only while the connection's allocated-but-unfilled bytes
 * stay within this budget; beyond it the buffer grows as the bytes come. The budget is the
 * connection's receive window, which an honest peer can fill at once anyway, so honest traffic
 * keeps the single allocation while a lying prefix costs no more than that.
 *
 * <p>On a server the bytes taken also come from its {@link InboundBudget} (shared by all its
 * connections), so that buffers allocated ahead of their bytes count toward the server's bound as
 * the bytes that fill them will.
 *
 * <p>Not thread-safe; event-loop only (shared by the streams of one connection).
 */
public final class GatherBudget {
  private long left;
  private final InboundBudget shared;

  public GatherBudget(long bytes) {
    this(bytes, InboundBudget.UNLIMITED);
  }

  /** @param shared the server-wide budget that every take also draws from */
  public GatherBudget(long bytes, InboundBudget shared) {
    this.left = bytes;
    this.shared = shared;
  }

  /** Takes {@code bytes} if that many are left, here and in the shared budget; false (taking nothing) otherwise. */
  boolean take(long bytes) {
    if (bytes > left || !shared.tryReserve(bytes)) {
      return false;
    }
    left -= bytes;
    return true;
  }

  /** Returns bytes taken earlier. */
  void giveBack(long bytes) {
    left += bytes;
    shared.release(bytes);
  }

  /** Bytes left (for tests). */
  public long left() {
    return left;
  }
}
