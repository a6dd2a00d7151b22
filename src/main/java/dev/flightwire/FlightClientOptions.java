package dev.flightwire;

import org.apache.arrow.memory.BufferAllocator;

/**
 * Options for {@link FlightClient#connect(Location, FlightClientOptions)}: the allocator, default
 * call options, TLS, middleware, message size limits, compression and HTTP/2 transport settings.
 * Immutable; build with {@link #builder()}. Why the transport defaults are what they are:
 * BENCHMARKS.md.
 */
public final class FlightClientOptions {
  /** Every option at its default, as each accessor describes it. */
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
  private final io.netty.channel.EventLoopGroup eventLoopGroup;
  private final java.time.Duration connectTimeout;
  private final java.util.concurrent.Executor callbackExecutor;

  private FlightClientOptions(Builder b) {
    this.callbackExecutor = b.callbackExecutor;
    this.eventLoopGroup = b.eventLoopGroup;
    this.connectTimeout = b.connectTimeout;
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

  /**
   * A builder with every option at its default.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The allocator received batches are accounted to.
   *
   * @return the allocator (borrowed by the client), or null for a {@code RootAllocator} the
   *     client creates and closes itself
   */
  public BufferAllocator allocator() {
    return allocator;
  }

  /**
   * The event-loop group the client's connection runs on.
   *
   * @return the application's group (borrowed: the client never shuts it down), or null (the
   *     default) for the group that all clients of the JVM share: as many threads as cores,
   *     started with the first client and stopped when the last one closes
   */
  public io.netty.channel.EventLoopGroup eventLoopGroup() {
    return eventLoopGroup;
  }

  /**
   * Where the asynchronous API runs application code: completions of the futures of the
   * {@code ...Async} calls and their dependent stages, and the methods of
   * {@link java.util.concurrent.Flow.Subscriber}s, {@code onReady} handlers and acknowledgement
   * consumers. Never the event loop.
   *
   * @return the application's executor (borrowed), or null (the default) for one that all clients
   *     of the JVM share: up to as many daemon threads as cores (at least 2), named
   *     {@code flightwire-callback-*}, which end when idle
   */
  public java.util.concurrent.Executor callbackExecutor() {
    return callbackExecutor;
  }

  /**
   * How long one connection attempt may take: the TCP connect, the TLS handshake and the
   * server's first HTTP/2 SETTINGS together.
   *
   * @return the bound; 20 seconds by default
   */
  public java.time.Duration connectTimeout() {
    return connectTimeout;
  }

  /**
   * Defaults for every call: their headers are sent on every call, and their timeout applies to
   * calls that set none.
   *
   * @return the default call options; {@link FlightCallOptions#DEFAULT} unless set
   */
  public FlightCallOptions callOptions() {
    return callOptions;
  }

  /**
   * The largest message a DoPut or DoExchange writer may send.
   *
   * @return the limit in bytes, or 0 (or less) for no limit
   */
  public long writeSizeLimitBytes() {
    return writeSizeLimitBytes;
  }

  /**
   * The largest message the client accepts from a server.
   *
   * @return the limit in bytes, not counting the 5-byte gRPC prefix; about 2 GiB by default
   */
  public int maxInboundMessageSize() {
    return maxInboundMessageSize;
  }

  /**
   * The HTTP/2 receive window of one call.
   *
   * @return the window in bytes, or 0 for the default (8 MiB)
   */
  public int streamWindow() {
    return streamWindow;
  }

  /**
   * The HTTP/2 receive window of the connection.
   *
   * @return the window in bytes, or 0 for the default (64 MiB)
   */
  public int connectionWindow() {
    return connectionWindow;
  }

  /**
   * The HTTP/2 MAX_FRAME_SIZE the client advertises.
   *
   * @return the size in bytes, or 0 for the default (256 KiB)
   */
  public int maxFrameSize() {
    return maxFrameSize;
  }

  /**
   * How many bytes one call may have written but not yet handed to the socket before its writer
   * blocks.
   *
   * @return the bound in bytes, or 0 for the default (16 MiB)
   */
  public long outboundBufferBytes() {
    return outboundBufferBytes;
  }

  /**
   * The root certificates trusted for TLS servers.
   *
   * @return a copy of the PEM bytes, or null for the JVM's default trust store
   */
  public byte[] tlsRootCerts() {
    return tlsRootCerts == null ? null : tlsRootCerts.clone();
  }

  /**
   * The client certificate chain presented for mutual TLS.
   *
   * @return a copy of the PEM bytes, or null for none
   */
  public byte[] certChain() {
    return certChain == null ? null : certChain.clone();
  }

  /**
   * The private key of {@link #certChain()}.
   *
   * @return a copy of the PEM bytes, or null for none
   */
  public byte[] privateKey() {
    return privateKey == null ? null : privateKey.clone();
  }

  /**
   * The host name the server's certificate is checked against and sent as SNI, instead of the
   * location's host.
   *
   * @return the host name, or null to use the location's
   */
  public String overrideHostname() {
    return overrideHostname;
  }

  /**
   * Whether any server certificate is accepted, without checking its chain or host name.
   *
   * @return true when verification is off (tests only)
   */
  public boolean disableServerVerification() {
    return disableServerVerification;
  }

  /**
   * The message size above which record batches are sent as several row slices.
   *
   * @return the size in bytes, or 0 (or less) for never
   */
  public int maxOutboundMessageSize() {
    return maxOutboundMessageSize;
  }

  /**
   * The compression of the record-batch bodies this client sends.
   *
   * @return the compression; {@link IpcCompression#NONE} by default
   */
  public IpcCompression writeCompression() {
    return writeCompression;
  }

  /**
   * The client middleware, started for every call in this order.
   *
   * @return the factories, an unmodifiable list; empty by default
   */
  public java.util.List<dev.flightwire.middleware.ClientMiddlewareFactory> middleware() {
    return middleware;
  }

  /**
   * Builder of {@link FlightClientOptions}. Not thread-safe. Setters check little; transport
   * values outside what HTTP/2 allows and unreadable TLS material are reported by
   * {@link FlightClient#connect(Location, FlightClientOptions)} with
   * {@link IllegalArgumentException}.
   */
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

    private io.netty.channel.EventLoopGroup eventLoopGroup;
    private java.time.Duration connectTimeout = java.time.Duration.ofSeconds(20);
    private java.util.concurrent.Executor callbackExecutor;

    private Builder() {}

    /**
     * Runs the asynchronous API's application code (future completions, subscribers,
     * {@code onReady} handlers) on {@code executor} instead of the shared callback threads. Code
     * that blocks there holds up other calls of the client: give such code its own executor.
     *
     * @param executor the executor (borrowed: never shut down by the client), or null for the
     *     shared one
     * @return this builder
     */
    public Builder callbackExecutor(java.util.concurrent.Executor executor) {
      this.callbackExecutor = executor;
      return this;
    }

    /**
     * Runs the client's connection on {@code group} instead of the group all clients share. The
     * client borrows it: it never shuts it down, so one group may serve many clients and
     * outlive them. The group must serve the transport's channels: a Netty
     * {@code MultiThreadIoEventLoopGroup} with {@code EpollIoHandler} (native epoll, needed for
     * {@code grpc+unix}) or {@code NioIoHandler}.
     *
     * @param group the group, or null (the default) for the shared one
     * @return this builder
     */
    public Builder eventLoopGroup(io.netty.channel.EventLoopGroup group) {
      this.eventLoopGroup = group;
      return this;
    }

    /**
     * Bounds each connection attempt: TCP connect, TLS handshake and the server's first HTTP/2
     * SETTINGS together. A call also stops waiting for a connection when its own timeout
     * ({@link FlightCallOptions#timeout()}) runs out first. Default 20 seconds.
     *
     * @param timeout the bound; positive
     * @return this builder
     */
    public Builder connectTimeout(java.time.Duration timeout) {
      if (timeout == null || timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("connectTimeout must be positive: " + timeout);
      }
      this.connectTimeout = timeout;
      return this;
    }

    /**
     * Trusts these root certificates, instead of the JVM's default trust store, for
     * {@code grpc+tls} servers. Setting it for a plaintext location makes connect fail.
     *
     * @param pem one or more PEM certificates (copied), or null for the JVM's defaults
     * @return this builder
     */
    public Builder tlsRootCerts(byte[] pem) {
      this.tlsRootCerts = pem == null ? null : pem.clone();
      return this;
    }

    /**
     * Presents this certificate chain to servers that ask for one (mutual TLS); needs
     * {@link #privateKey}. Setting it for a plaintext location makes connect fail.
     *
     * @param pem the PEM certificate chain, leaf first (copied), or null for none
     * @return this builder
     */
    public Builder certChain(byte[] pem) {
      this.certChain = pem == null ? null : pem.clone();
      return this;
    }

    /**
     * The private key of {@link #certChain}.
     *
     * @param pem the PEM private key, PKCS#8 (copied), or null for none
     * @return this builder
     */
    public Builder privateKey(byte[] pem) {
      this.privateKey = pem == null ? null : pem.clone();
      return this;
    }

    /**
     * Sets {@link #certChain} and {@link #privateKey} from a pair.
     *
     * @param pair the client certificate chain and key; not null
     * @return this builder
     */
    public Builder clientCertificate(CertKeyPair pair) {
      return certChain(pair.certChain()).privateKey(pair.privateKey());
    }

    /**
     * Checks the server's certificate against this host name, and sends it as SNI, instead of the
     * location's host (for example when connecting by IP address).
     *
     * @param hostname the expected host name, or null for the location's
     * @return this builder
     */
    public Builder overrideHostname(String hostname) {
      this.overrideHostname = hostname;
      return this;
    }

    /**
     * Accepts any server certificate and host name. Only for tests: it defeats TLS's protection
     * against impostors. Default false.
     *
     * @param disable true to accept any server
     * @return this builder
     */
    public Builder disableServerVerification(boolean disable) {
      this.disableServerVerification = disable;
      return this;
    }

    /**
     * Sends record batches whose message would exceed {@code bytes} as several smaller batches:
     * row slices (a multiple of 8 rows) that share the batch's buffers, so only the offsets of
     * variable-width columns are copied; app metadata goes with the first slice. Set 4 MiB for
     * servers that keep gRPC's default receive limit. Default 0: never.
     *
     * @param bytes the message size limit in bytes, or 0 for never
     * @return this builder
     */
    public Builder maxOutboundMessageSize(int bytes) {
      this.maxOutboundMessageSize = bytes;
      return this;
    }

    /**
     * Compresses the record-batch bodies this client sends (DoPut, DoExchange). Default
     * {@link IpcCompression#NONE}, which sends the buffers without copying.
     *
     * @param compression the compression; not null
     * @return this builder
     * @throws NullPointerException when {@code compression} is null
     */
    public Builder writeCompression(IpcCompression compression) {
      this.writeCompression = java.util.Objects.requireNonNull(compression, "compression");
      return this;
    }

    /**
     * Adds client middleware, started for every call after those added before it.
     *
     * @param factory makes the middleware of each call; not null
     * @return this builder
     * @throws NullPointerException when {@code factory} is null
     */
    public Builder middleware(dev.flightwire.middleware.ClientMiddlewareFactory factory) {
      this.middleware.add(java.util.Objects.requireNonNull(factory, "factory"));
      return this;
    }

    /**
     * Sets the HTTP/2 receive windows: how many bytes a server may send on one call, and on the
     * whole connection, before the client's application reads them (the read-ahead). Bytes go
     * back to the windows as the application consumes messages, so a slow reader slows the
     * server. Defaults 8 MiB and 64 MiB.
     *
     * @param streamWindow the per-call window in bytes, at least 65535; 0 keeps the default
     * @param connectionWindow the connection window in bytes, at least the per-call one; 0 keeps
     *     the default
     * @return this builder
     */
    public Builder receiveWindows(int streamWindow, int connectionWindow) {
      this.streamWindow = streamWindow;
      this.connectionWindow = connectionWindow;
      return this;
    }

    /**
     * Sets the HTTP/2 MAX_FRAME_SIZE advertised to the server: the largest DATA frame it may
     * send. Default 256 KiB.
     *
     * @param bytes the size, 16384 to 16777215; 0 keeps the default
     * @return this builder
     */
    public Builder maxFrameSize(int bytes) {
      this.maxFrameSize = bytes;
      return this;
    }

    /**
     * Sets how many bytes one call may have written but not yet handed to the socket before its
     * writer blocks: the per-call bound on buffered outgoing data. Default 16 MiB.
     *
     * @param bytes the bound in bytes; 0 keeps the default
     * @return this builder
     */
    public Builder outboundBufferBytes(long bytes) {
      this.outboundBufferBytes = bytes;
      return this;
    }

    /**
     * Accounts received batches to {@code allocator}. The client borrows it: it must stay open
     * until the client and every reader are closed, and the client does not close it.
     *
     * @param allocator the allocator, or null (the default) for a {@code RootAllocator} that the
     *     client creates and closes itself
     * @return this builder
     */
    public Builder allocator(BufferAllocator allocator) {
      this.allocator = allocator;
      return this;
    }

    /**
     * Sets defaults for every call: their headers are sent on every call (before the call's own),
     * and their timeout applies to calls that set none.
     *
     * @param options the defaults; not null
     * @return this builder
     */
    public Builder callOptions(FlightCallOptions options) {
      this.callOptions = options;
      return this;
    }

    /**
     * Makes DoPut and DoExchange writers fail with {@link FlightWriteSizeExceededError} instead of
     * sending a message larger than this (the message is not sent; the call goes on). Default 0:
     * no limit.
     *
     * @param bytes the limit in bytes, counting the whole framed message; 0 for no limit
     * @return this builder
     */
    public Builder writeSizeLimitBytes(long bytes) {
      this.writeSizeLimitBytes = bytes;
      return this;
    }

    /**
     * Sets the largest message accepted from a server. A larger one fails the call with
     * RESOURCE_EXHAUSTED ({@link FlightUnavailableError}) before it is buffered. Default about
     * 2 GiB ({@code Integer.MAX_VALUE - 64}).
     *
     * @param bytes the limit in bytes, not counting the 5-byte gRPC prefix; positive
     * @return this builder
     */
    public Builder maxInboundMessageSize(int bytes) {
      this.maxInboundMessageSize = bytes;
      return this;
    }

    /**
     * Builds the options; the builder may be used again.
     *
     * @return immutable options
     */
    public FlightClientOptions build() {
      return new FlightClientOptions(this);
    }
  }
}
