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
  private final byte[] tlsRootCerts;
  private final byte[] certChain;
  private final byte[] privateKey;
  private final String overrideHostname;
  private final boolean disableServerVerification;
  private final IpcCompression writeCompression;
  private final int maxOutboundMessageSize;
  private final java.util.List<dev.flightwire.middleware.ClientMiddlewareFactory> middleware;

  private FlightClientOptions(Builder b) {
    this.tlsRootCerts = b.tlsRootCerts;
    this.certChain = b.certChain;
    this.privateKey = b.privateKey;
    this.overrideHostname = b.overrideHostname;
    this.disableServerVerification = b.disableServerVerification;
    this.writeCompression = b.writeCompression;
    this.maxOutboundMessageSize = b.maxOutboundMessageSize;
    this.middleware = java.util.List.copyOf(b.middleware);
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

  /** PEM root certificates trusted for TLS servers, or null for the JVM's default trust store. */
  public byte[] tlsRootCerts() {
    return tlsRootCerts == null ? null : tlsRootCerts.clone();
  }

  /** PEM client certificate chain presented for mTLS, or null. */
  public byte[] certChain() {
    return certChain == null ? null : certChain.clone();
  }

  /** PEM private key of {@link #certChain()}, or null. */
  public byte[] privateKey() {
    return privateKey == null ? null : privateKey.clone();
  }

  /** Host name the server's certificate is checked against (and sent as SNI), or null. */
  public String overrideHostname() {
    return overrideHostname;
  }

  /** Whether any server certificate is accepted (no chain or host name check). */
  public boolean disableServerVerification() {
    return disableServerVerification;
  }

  /** Batches above this many bytes are sent as row slices; 0 for never. */
  public int maxOutboundMessageSize() {
    return maxOutboundMessageSize;
  }

  /** Compression of the record-batch bodies this client sends. */
  public IpcCompression writeCompression() {
    return writeCompression;
  }

  /** Client middleware, started for every call in this order. */
  public java.util.List<dev.flightwire.middleware.ClientMiddlewareFactory> middleware() {
    return middleware;
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
    private byte[] tlsRootCerts;
    private byte[] certChain;
    private byte[] privateKey;
    private String overrideHostname;
    private boolean disableServerVerification;
    private IpcCompression writeCompression = IpcCompression.NONE;
    private int maxOutboundMessageSize;
    private final java.util.List<dev.flightwire.middleware.ClientMiddlewareFactory> middleware =
        new java.util.ArrayList<>();

    private Builder() {}

    /** Trusts these PEM root certificates (instead of the JVM's defaults) for {@code grpc+tls}. */
    public Builder tlsRootCerts(byte[] pem) {
      this.tlsRootCerts = pem == null ? null : pem.clone();
      return this;
    }

    /** Presents this PEM certificate chain to the server (mTLS); needs {@link #privateKey}. */
    public Builder certChain(byte[] pem) {
      this.certChain = pem == null ? null : pem.clone();
      return this;
    }

    /** The PEM private key (PKCS#8) of {@link #certChain}. */
    public Builder privateKey(byte[] pem) {
      this.privateKey = pem == null ? null : pem.clone();
      return this;
    }

    /** Sets {@link #certChain} and {@link #privateKey} from a pair. */
    public Builder clientCertificate(CertKeyPair pair) {
      return certChain(pair.certChain()).privateKey(pair.privateKey());
    }

    /** Checks the server's certificate against this host name (also sent as SNI). */
    public Builder overrideHostname(String hostname) {
      this.overrideHostname = hostname;
      return this;
    }

    /** Accepts any server certificate and host name. Only for tests: it defeats TLS's protection. */
    public Builder disableServerVerification(boolean disable) {
      this.disableServerVerification = disable;
      return this;
    }

    /**
     * Sends record batches whose message would exceed {@code bytes} as several smaller batches
     * (row slices sharing the batch's buffers). Default 0: never.
     */
    public Builder maxOutboundMessageSize(int bytes) {
      this.maxOutboundMessageSize = bytes;
      return this;
    }

    /** Compresses the record-batch bodies this client sends (default NONE: zero-copy). */
    public Builder writeCompression(IpcCompression compression) {
      this.writeCompression = java.util.Objects.requireNonNull(compression, "compression");
      return this;
    }

    /** Adds client middleware, started for every call after those added before it. */
    public Builder middleware(dev.flightwire.middleware.ClientMiddlewareFactory factory) {
      this.middleware.add(java.util.Objects.requireNonNull(factory, "factory"));
      return this;
    }

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
