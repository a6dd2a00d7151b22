package dev.flightwire.internal.http2;

/**
 * Transport limits and windows for one endpoint (client or server).
 *
 * @param streamWindow INITIAL_WINDOW_SIZE we advertise: how many bytes a peer may send on one
 *     stream before the application consumes them (the read-ahead of one call)
 * @param connectionWindow connection-level receive window
 * @param maxFrameSize MAX_FRAME_SIZE we advertise
 * @param maxHeaderListSize MAX_HEADER_LIST_SIZE we advertise and enforce
 * @param maxInboundMessageSize largest gRPC message accepted (bytes after the 5-byte prefix)
 * @param maxConcurrentStreams MAX_CONCURRENT_STREAMS a server advertises
 * @param outboundBufferBytes bytes one call may have written but not yet handed to the socket
 *     before a writer blocks
 * @param handshakeTimeoutNanos a server closes a connection whose client has not completed the
 *     HTTP/2 preface by then; 0 for never
 * @param maxConnectionIdleNanos a server sends GOAWAY to a connection without calls for this
 *     long; 0 for never
 */
public record Http2Config(
    int streamWindow,
    int connectionWindow,
    int maxFrameSize,
    int maxHeaderListSize,
    int maxInboundMessageSize,
    long maxConcurrentStreams,
    long outboundBufferBytes,
    long handshakeTimeoutNanos,
    long maxConnectionIdleNanos) {

  public static final int DEFAULT_STREAM_WINDOW = 8 << 20;
  public static final int DEFAULT_CONNECTION_WINDOW = 64 << 20;
  /** MAX_FRAME_SIZE we advertise: 256 KiB measured best (BENCHMARKS.md); peers send larger frames. */
  public static final int DEFAULT_MAX_FRAME = 256 << 10;
  /** Calls one connection may have open at once (SETTINGS_MAX_CONCURRENT_STREAMS). */
  public static final int DEFAULT_MAX_CONCURRENT_STREAMS = 1_000;
  public static final long DEFAULT_HANDSHAKE_TIMEOUT_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(20);

  public static Http2Config defaults() {
    return new Http2Config(DEFAULT_STREAM_WINDOW, DEFAULT_CONNECTION_WINDOW, DEFAULT_MAX_FRAME, 16_384,
        Integer.MAX_VALUE - 64, DEFAULT_MAX_CONCURRENT_STREAMS, 16L << 20, DEFAULT_HANDSHAKE_TIMEOUT_NANOS, 0);
  }

  /**
   * A copy with the window, frame and buffer settings replaced; values {@code <= 0} keep the
   * current setting.
   *
   * @throws IllegalArgumentException when a value is outside what HTTP/2 allows
   */
  public Http2Config withTransport(int streamWindow, int connectionWindow, int maxFrameSize, long outboundBufferBytes) {
    int sw = streamWindow > 0 ? streamWindow : this.streamWindow;
    int cw = connectionWindow > 0 ? connectionWindow : this.connectionWindow;
    int mf = maxFrameSize > 0 ? maxFrameSize : this.maxFrameSize;
    long ob = outboundBufferBytes > 0 ? outboundBufferBytes : this.outboundBufferBytes;
    if (sw < 65_535) {
      throw new IllegalArgumentException("stream window must be at least 65535 bytes: " + sw);
    }
    if (cw < sw) {
      throw new IllegalArgumentException("connection window (" + cw + ") must be at least the stream window (" + sw + ")");
    }
    if (mf < 16_384 || mf > 16_777_215) {
      throw new IllegalArgumentException("max frame size must be within 16384..16777215 (RFC 9113): " + mf);
    }
    return new Http2Config(sw, cw, mf, maxHeaderListSize, maxInboundMessageSize, maxConcurrentStreams, ob,
        handshakeTimeoutNanos, maxConnectionIdleNanos);
  }

  public Http2Config withMaxInboundMessageSize(int size) {
    return new Http2Config(streamWindow, connectionWindow, maxFrameSize, maxHeaderListSize, size,
        maxConcurrentStreams, outboundBufferBytes, handshakeTimeoutNanos, maxConnectionIdleNanos);
  }

  /**
   * A copy with the connection limits replaced; values {@code < 0} keep the current setting.
   */
  public Http2Config withConnectionLimits(long maxConcurrentStreams, long handshakeTimeoutNanos,
      long maxConnectionIdleNanos) {
    return new Http2Config(streamWindow, connectionWindow, maxFrameSize, maxHeaderListSize, maxInboundMessageSize,
        maxConcurrentStreams >= 0 ? maxConcurrentStreams : this.maxConcurrentStreams, outboundBufferBytes,
        handshakeTimeoutNanos >= 0 ? handshakeTimeoutNanos : this.handshakeTimeoutNanos,
        maxConnectionIdleNanos >= 0 ? maxConnectionIdleNanos : this.maxConnectionIdleNanos);
  }
}
