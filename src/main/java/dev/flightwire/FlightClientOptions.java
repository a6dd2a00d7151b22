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

  private FlightClientOptions(Builder b) {
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

  /** Builder of {@link FlightClientOptions}. */
  public static final class Builder {
    private BufferAllocator allocator;
    private FlightCallOptions callOptions = FlightCallOptions.DEFAULT;
    private long writeSizeLimitBytes;
    private int maxInboundMessageSize = Integer.MAX_VALUE - 64;

    private Builder() {}

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
