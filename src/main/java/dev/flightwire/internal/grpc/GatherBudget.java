package dev.flightwire.internal.grpc;

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
 * <p>Not thread-safe; event-loop only (shared by the streams of one connection).
 */
public final class GatherBudget {
  private long left;

  public GatherBudget(long bytes) {
    this.left = bytes;
  }

  /** Takes {@code bytes} if that many are left; false (taking nothing) otherwise. */
  boolean take(long bytes) {
    if (bytes > left) {
      return false;
    }
    left -= bytes;
    return true;
  }

  /** Returns bytes taken earlier. */
  void giveBack(long bytes) {
    left += bytes;
  }

  /** Bytes left (for tests). */
  public long left() {
    return left;
  }
}
