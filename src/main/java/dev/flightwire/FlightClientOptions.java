package dev.flightwire;

import org.apache.arrow.memory.BufferAllocator;

/**
 * Options for {@link FlightClient#connect(Location, FlightClientOptions)}. Immutable; build with
 * {@link #builder()}.
 */
public final class FlightClientOptions {
  public static final FlightClientOptions DEFAULT = builder().build();

  private final BufferAllocator allocator;
  private final FlightCallOptions callOptions;
  private final long writeSizeLimitBytes;
  private final int maxInboundMessageSize;
  private final int streamWindow;
  private final int connectionWindow;
  private final int maxFrameSize;
  private final long outboundBufferBytes;

  private FlightClientOptions(Builder b) {
    this.streamWindow = b.streamWindow;
    this.connectionWindow = b.connectionWindow;
    this.maxFrameSize = b.maxFrameSize;
    this.outboundBufferBytes = b.outboundBufferBytes;
    this.allocator = b.allocator;
    this.callOptions = b.callOptions;
    this.writeSizeLimitBytes = b.writeSizeLimitBytes;
    this.maxInboundMessageSize = b.maxInboundMessageSize;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The allocator received data is accounted to, or null for one owned by the client. */
  public BufferAllocator allocator() {
    return allocator;
  }

  /** Defaults merged into every call's options. */
  public FlightCallOptions callOptions() {
    return callOptions;
  }

  /** Largest message a writer may send, or 0 for no limit. */
  public long writeSizeLimitBytes() {
    return writeSizeLimitBytes;
  }

  public int maxInboundMessageSize() {
    return maxInboundMessageSize;
  }

  /** Stream receive window, or 0 for the default (8 MiB). */
  public int streamWindow() {
    return streamWindow;
  }

  /** Connection receive window, or 0 for the default (64 MiB). */
  public int connectionWindow() {
    return connectionWindow;
  }

  /** MAX_FRAME_SIZE advertised, or 0 for the default (256 KiB). */
  public int maxFrameSize() {
    return maxFrameSize;
  }

  /** Unwritten bytes per call before a writer blocks, or 0 for the default (16 MiB). */
  public long outboundBufferBytes() {
    return outboundBufferBytes;
  }

  /** Builder of {@link FlightClientOptions}. */
  public static final class Builder {
    private BufferAllocator allocator;
    private FlightCallOptions callOptions = FlightCallOptions.DEFAULT;
    private long writeSizeLimitBytes;
    private int maxInboundMessageSize = Integer.MAX_VALUE - 64;
    private int streamWindow;
    private int connectionWindow;
    private int maxFrameSize;
    private long outboundBufferBytes;

    private Builder() {}

    /** HTTP/2 receive windows: the read-ahead of one call and of the connection (8 / 64 MiB). */
    public Builder receiveWindows(int streamWindow, int connectionWindow) {
      this.streamWindow = streamWindow;
      this.connectionWindow = connectionWindow;
      return this;
    }

    /** MAX_FRAME_SIZE advertised to the server (default 256 KiB). */
    public Builder maxFrameSize(int bytes) {
      this.maxFrameSize = bytes;
      return this;
    }

    /** Unwritten bytes one call may buffer before its writer blocks (default 16 MiB). */
    public Builder outboundBufferBytes(long bytes) {
      this.outboundBufferBytes = bytes;
      return this;
    }

    /** Received batches are allocated from (accounted to) {@code allocator}, borrowed by the client. */
    public Builder allocator(BufferAllocator allocator) {
      this.allocator = allocator;
      return this;
    }

    public Builder callOptions(FlightCallOptions options) {
      this.callOptions = options;
      return this;
    }

    /**
     * Writers fail with {@link FlightWriteSizeExceededError} instead of sending a message larger
     * than this (0: no limit).
     */
    public Builder writeSizeLimitBytes(long bytes) {
      this.writeSizeLimitBytes = bytes;
      return this;
    }

    public Builder maxInboundMessageSize(int bytes) {
      this.maxInboundMessageSize = bytes;
      return this;
    }

    public FlightClientOptions build() {
      return new FlightClientOptions(this);
    }
  }
}
