package dev.flightwire;

import dev.flightwire.internal.server.ServerRuntime;
import dev.flightwire.internal.server.ServerSettings;
import dev.flightwire.auth.ServerAuthHandler;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Serves a {@link FlightServerBase} over gRPC on HTTP/2: plaintext, TLS (with optional client
 * certificates) or a Unix domain socket, as its {@link Location} says.
 *
 * <pre>{@code
 * Location location = Location.forGrpcTcp("0.0.0.0", 8815);
 * try (BufferAllocator allocator = new RootAllocator();
 *      FlightServer server = FlightServer.builder(allocator, location, service).build().start()) {
 *   server.awaitTermination();   // until another thread calls shutdown or close
 * }
 * }</pre>
 *
 * <h2>Lifecycle</h2>
 * {@link #builder} → {@link Builder#build()} → {@link #start()} → {@link #awaitTermination()} or
 * {@link #shutdown(Duration)} → {@link #close()}. Shutdown is graceful: connections receive the
 * two-step GOAWAY, calls in progress may finish within the grace period, and those still running
 * afterwards are cancelled. The allocator is borrowed: close it after the server.
 *
 * <h2>Threading</h2>
 * Network I/O runs on Netty event loops and never runs user code. Service methods,
 * authentication handlers and middleware run on the executor: by default a bounded pool of named
 * daemon threads ({@link Builder#maxThreads}), one thread per call for its whole duration; when
 * all are busy, new calls get RESOURCE_EXHAUSTED. {@link #shutdown} and {@link #close()} may be
 * called from any thread, for example while another waits in {@link #awaitTermination()}.
 *
 * <h2>Memory</h2>
 * Uploaded batches are accounted to the server's allocator. Data sent by DoGet and DoExchange is
 * written from the Arrow buffers themselves, without a copy (one exception: a whole Arrow
 * {@code Table} sent as a single batch, see {@link RecordBatchStream}), unless
 * {@link Builder#writeCompression} asks for compression.
 *
 * <p>Received bytes that handlers have not read yet are bounded server-wide
 * ({@link Builder#maxInboundBufferedBytes}, by default a quarter of the JVM's direct memory limit):
 * beyond the bound, clients stop getting flow-control credit for the messages they are sending
 * until handlers catch up. No call fails for being slow; it waits.
 */
public final class FlightServer implements AutoCloseable {
  private final ServerRuntime runtime;
  private final CountDownLatch terminated = new CountDownLatch(1);
  private volatile boolean shutdown;

  private FlightServer(Builder b) {
    this.runtime = new ServerRuntime(b.settings);
  }

  /** Bytes received from clients and not yet read by handlers, across all connections (for tests and monitoring). */
  long inboundBufferedBytes() {
    return runtime.inboundBufferedBytes();
  }

  /**
   * A builder for a server of {@code service} at {@code location}.
   *
   * @param allocator accounts the batches clients upload; borrowed, and must stay open until the
   *     server has shut down
   * @param location where to listen: {@code grpc+tcp://host:port} (host {@code 0.0.0.0} for every
   *     interface, port 0 for a free one), {@code grpc+tls://host:port} (with
   *     {@link Builder#useTls}), {@code grpc+unix:///path}, or {@code in-process://name} for
   *     clients in this JVM ({@link Location#forInProcess})
   * @param service the service to serve
   * @return a new builder
   * @throws NullPointerException when an argument is null
   */
  public static Builder builder(BufferAllocator allocator, Location location, FlightServerBase service) {
    return new Builder(allocator, location, service);
  }

  /**
   * Binds the location and starts accepting calls. Returns once the server is listening. Call it
   * once.
   *
   * @return this server
   * @throws IOException when the location cannot be bound (for example, the port is in use)
   * @throws IllegalStateException when TLS and the location disagree: certificates for a
   *     plaintext location, or a {@code grpc+tls} location without them
   * @throws IllegalArgumentException when a TLS certificate, key or client root cannot be read
   */
  public FlightServer start() throws IOException {
    runtime.start();
    return this;
  }

  /**
   * The TLS engine this server uses, for start-up messages.
   *
   * @return BoringSSL's version through netty-tcnative, or "JDK TLS" with the reason it is used;
   *     null when the server does not serve TLS
   */
  public String tlsProvider() {
    return runtime.tlsProvider();
  }

  /**
   * The calls in progress now: accepted and not yet ended (handler running or about to). A call
   * ends once its status is sent and its middleware and call log line are done.
   *
   * @return the number of calls; 0 before {@link #start()}
   */
  public int activeCalls() {
    return runtime.activeCalls();
  }

  /**
   * The port the server listens on, useful when it was started with port 0. Only after
   * {@link #start()}.
   *
   * @return the bound TCP port; -1 on a Unix domain socket
   */
  public int port() {
    return runtime.port();
  }

  /**
   * The location clients use to reach this server: its location with the bound port, and a
   * wildcard host ({@code 0.0.0.0}, {@code ::}) replaced by {@code localhost}. Only after
   * {@link #start()}.
   *
   * @return the location to connect to
   */
  public Location location() {
    return runtime.reachableLocation();
  }

  /**
   * Blocks until the server has shut down ({@link #shutdown} or {@link #close()} from another
   * thread has completed).
   *
   * @throws InterruptedException when the waiting thread is interrupted
   */
  public void awaitTermination() throws InterruptedException {
    terminated.await();
  }

  /**
   * Blocks until the server has shut down or {@code timeout} passed.
   *
   * @param timeout the longest wait
   * @return true when the server has shut down, false when the time ran out
   * @throws InterruptedException when the waiting thread is interrupted
   */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return terminated.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * Starts the server if it has not started, then blocks until it is shut down from another
   * thread.
   *
   * @throws IOException when the location cannot be bound
   * @throws InterruptedException when the waiting thread is interrupted
   */
  public void serve() throws IOException, InterruptedException {
    if (!runtime.started()) {
      start();
    }
    awaitTermination();
  }

  /**
   * Shuts the server down: stops accepting connections, tells every client with GOAWAY (so no new
   * call starts on its connection), waits up to {@code grace} (plus 2 s for connections to close)
   * for calls in progress, then closes the connections left, which cancels their calls, and stops
   * the network threads. Finally the default executor is shut down, waiting up to {@code grace}
   * plus 2 s for handlers to return before interrupting them; an executor given to the builder
   * is left running. Blocks until done; only the first call has an effect. Does not close the
   * allocator.
   *
   * @param grace how long calls in progress may take to finish
   */
  public synchronized void shutdown(Duration grace) {
    // synchronized: a later or concurrent call returns once the first is done
    if (shutdown) {
      return;
    }
    shutdown = true;
    runtime.shutdown(grace);
    terminated.countDown();
  }

  /** Shuts down with a grace period of 5 seconds: {@code shutdown(Duration.ofSeconds(5))}. */
  @Override
  public void close() {
    shutdown(Duration.ofSeconds(5));
  }

  /**
   * Builder of {@link FlightServer}. Not thread-safe. Unset options keep the defaults each setter
   * names; transport values outside what HTTP/2 allows are reported by {@link #build()}.
   */
  public static final class Builder {
    private final ServerSettings settings;

    private Builder(BufferAllocator allocator, Location location, FlightServerBase service) {
      this.settings = new ServerSettings(Objects.requireNonNull(allocator, "allocator"),
          Objects.requireNonNull(location, "location"), Objects.requireNonNull(service, "service"));
    }

    /**
     * Runs service methods, authentication and middleware on {@code executor} instead of the
     * default pool. Each call holds one of its threads for the whole call (a DoGet until its
     * stream is sent), so it needs as many threads as calls may run at once; a call it rejects
     * fails with RESOURCE_EXHAUSTED. The server does not shut it down.
     *
     * @param executor the executor, or null for the default pool
     * @return this builder
     */
    public Builder executor(java.util.concurrent.Executor executor) {
      settings.executor = executor;
      return this;
    }

    /**
     * Runs the calls that can answer without waiting directly on the network thread (the Netty
     * event loop) that received them, instead of handing each to the executor and back: a unary
     * call then costs no thread hand-off on the server. Off by default.
     *
     * <p>It applies to GetFlightInfo, PollFlightInfo, GetSchema, ListFlights, ListActions and
     * DoAction (their handlers and their {@code ...Async} forms), to DoGet when the service
     * overrides {@link FlightServerBase#doGetAsync}, and to the authentication and middleware of
     * those calls. Handshake, DoPut, DoExchange and the blocking DoGet still run on the executor:
     * their stream API waits by design.
     *
     * <p>Safe only when those handlers never block: they answer from memory (or return a
     * {@link java.util.concurrent.CompletionStage} that other threads complete), do no I/O, take
     * no contended lock and make no blocking call to another Flight service. While a handler runs
     * on an event loop, every other call of the connections that loop serves waits. A handler that
     * does wait on a call (reads, writes into a full outbound buffer, waits for a response or a
     * connection of a {@link FlightClient}) fails at once with an {@link IllegalStateException}
     * that says so, which the client receives as its status; one that runs longer than 50 ms is
     * reported in the log (WARN, at most once per 10 s).
     *
     * @return this builder
     */
    public Builder directExecutor() {
      settings.directExecutor = true;
      return this;
    }

    /**
     * Sets the size of the default executor: at most this many calls run at once, and calls
     * beyond it fail at once with RESOURCE_EXHAUSTED (no queue). Threads are created on demand and
     * end after 60 s idle. Ignored when {@link #executor} is set. Default 512.
     *
     * @param threads the most threads; positive
     * @return this builder
     */
    public Builder maxThreads(int threads) {
      settings.maxThreads = threads;
      return this;
    }

    /**
     * Sets the largest message accepted from clients. A larger one fails the call with
     * RESOURCE_EXHAUSTED before it is buffered; so does a compressed record batch whose buffers
     * claim to decompress to more, before anything is allocated. Default about 2 GiB
     * ({@code Integer.MAX_VALUE - 64}), the most gRPC framing allows and what Arrow Java and Arrow
     * C++ accept by default, so that any batch they send arrives. A large limit does not let a
     * client reserve memory by announcing a large message: buffers grow with the bytes that
     * arrive, and {@link #maxInboundBufferedBytes} bounds those across all calls. Lower it to
     * bound what one call may make the server hold.
     *
     * @param bytes the limit in bytes, not counting the 5-byte gRPC prefix; positive
     * @return this builder
     */
    public Builder maxInboundMessageSize(int bytes) {
      settings.maxInboundMessageSize = bytes;
      return this;
    }

    /**
     * Requires the handshake convention: Handshake runs the handler, every call is checked by its
     * {@code auth-token-bin}. Combined with {@link #headerAuthenticator}, clients may use either
     * convention.
     *
     * @param handler the server half of the handshake, for example
     *     {@link dev.flightwire.auth.BasicServerAuthHandler}; null for none (the default)
     * @return this builder
     */
    public Builder authHandler(ServerAuthHandler handler) {
      settings.authHandler = handler;
      return this;
    }

    /**
     * Bounds the bytes received from clients and not yet read by handlers, across all calls and
     * connections: messages in flight, and messages waiting for their handler. Beyond it, clients
     * get no flow-control credit for messages they are still sending, so they pause until
     * handlers read and free room; no call is failed for it. Bytes a handler has read go back at
     * once. What clients may still send within windows already granted (up to one connection
     * window each, see {@link #receiveWindows}) and one message at a time, allowed to finish so
     * that large uploads cannot deadlock one another, may exceed the bound. Default a quarter of
     * the JVM's direct memory limit ({@code -XX:MaxDirectMemorySize}, by default the heap size), at
     * least 64 MiB.
     *
     * @param bytes the bound in bytes; {@code Long.MAX_VALUE} for none; 0 keeps the default
     * @return this builder
     */
    public Builder maxInboundBufferedBytes(long bytes) {
      settings.maxInboundBufferedBytes = bytes;
      return this;
    }

    /**
     * Sets the HTTP/2 receive windows: how many bytes a client may send on one call (the
     * read-ahead of an upload) and on the whole connection before the server consumes them. Bytes
     * go back to the windows as handlers read, so a slow handler slows its client. Defaults 8 MiB
     * and 64 MiB (BENCHMARKS.md).
     *
     * @param streamWindow the per-call window in bytes, at least 65535; 0 keeps the default
     * @param connectionWindow the connection window in bytes, at least the per-call one; 0 keeps
     *     the default
     * @return this builder
     */
    public Builder receiveWindows(int streamWindow, int connectionWindow) {
      settings.streamWindow = streamWindow;
      settings.connectionWindow = connectionWindow;
      return this;
    }

    /**
     * Sets the HTTP/2 MAX_FRAME_SIZE advertised to clients: the largest DATA frame they may send.
     * Default 256 KiB.
     *
     * @param bytes the size, 16384 to 16777215; 0 keeps the default
     * @return this builder
     */
    public Builder maxFrameSize(int bytes) {
      settings.maxFrameSize = bytes;
      return this;
    }

    /**
     * Sets how many bytes one call may have written but not yet handed to the socket before its
     * writer blocks (the per-call bound on buffered outgoing data). Default 16 MiB.
     *
     * @param bytes the bound in bytes; 0 keeps the default
     * @return this builder
     */
    public Builder outboundBufferBytes(long bytes) {
      settings.outboundBufferBytes = bytes;
      return this;
    }

    /**
     * Requires the header convention: every call, Handshake included, is authenticated from its
     * request headers (for Basic/Bearer use {@link dev.flightwire.auth.BasicBearerAuthenticator}).
     * Combined with {@link #authHandler}, calls carrying a handshake token ({@code auth-token-bin})
     * and Handshake calls without an {@code authorization} header go to the handshake handler;
     * all others to this authenticator.
     *
     * @param authenticator the authenticator; null for none (the default)
     * @return this builder
     */
    public Builder headerAuthenticator(dev.flightwire.auth.CallHeaderAuthenticator authenticator) {
      settings.headerAuthenticator = authenticator;
      return this;
    }

    /**
     * Receives one line per completed call: method, peer address, status ({@code OK}, or the code
     * and message) and duration in milliseconds; and one line, starting with {@code TLS}, per
     * connection refused during the TLS handshake. Called from server threads, concurrently.
     *
     * @param log the consumer of the lines, for example {@code System.err::println}; with null
     *     (the default) the call lines go to the SLF4J logger {@code dev.flightwire.calls} at
     *     DEBUG, formatted only when that level is enabled
     * @return this builder
     */
    public Builder callLog(Consumer<String> log) {
      settings.callLog = log;
      return this;
    }

    /**
     * Serves TLS (the location must be {@code grpc+tls://}) with these certificates, replacing any
     * given before. With more than one, each client gets the one whose names match the host it
     * asked for (SNI); the first answers everything else. TLS 1.2 and 1.3, ALPN {@code h2}.
     *
     * @param pairs the certificate chains and keys; at least one for a TLS location
     * @return this builder
     */
    public Builder useTls(CertKeyPair... pairs) {
      settings.tlsPairs.clear();
      settings.tlsPairs.addAll(java.util.Arrays.asList(pairs));
      return this;
    }

    /**
     * Asks TLS clients for certificates (mutual TLS), verified against {@code rootCertificatesPem}.
     * The common name (CN) of a verified certificate becomes the call's
     * {@link ServerCallContext#peerIdentity()} when no authentication decides it; the whole
     * subject is {@link ServerCallContext#peerCertificateSubject()}.
     *
     * @param mode whether a certificate is asked for, and whether it is required
     * @param rootCertificatesPem the PEM certificates that client certificates must chain to
     *     (copied); may be null only with {@link ClientCertificateMode#NONE}
     * @return this builder
     * @throws NullPointerException when {@code mode} is null
     * @throws IllegalArgumentException when {@code mode} asks for certificates without roots
     */
    public Builder verifyClients(ClientCertificateMode mode, byte[] rootCertificatesPem) {
      settings.clientCertificates = Objects.requireNonNull(mode, "mode");
      settings.clientRoots = rootCertificatesPem == null ? null : rootCertificatesPem.clone();
      if (mode != ClientCertificateMode.NONE && settings.clientRoots == null) {
        throw new IllegalArgumentException("verifying client certificates needs root certificates");
      }
      return this;
    }

    /**
     * Adds server middleware under {@code key}: started for every call, in the order added, and
     * found by handlers with {@link ServerCallContext#middleware(String)}.
     *
     * @param key the name handlers look it up by, for example
     *     {@link dev.flightwire.middleware.ServerSessionMiddlewareFactory#KEY}
     * @param factory makes the middleware of each call
     * @return this builder
     * @throws NullPointerException when an argument is null
     * @throws IllegalArgumentException when {@code key} is already used
     */
    public Builder middleware(String key, dev.flightwire.middleware.ServerMiddlewareFactory<?> factory) {
      if (settings.middleware.putIfAbsent(Objects.requireNonNull(key, "key"), Objects.requireNonNull(factory, "factory"))
          != null) {
        throw new IllegalArgumentException("middleware key '" + key + "' is already used");
      }
      return this;
    }

    /**
     * Sends record batches whose message would exceed {@code bytes} as several smaller batches
     * (row slices sharing the batch's buffers: no copy but the offsets). Set 4 MiB for clients
     * that keep gRPC's default receive limit (grpc-go, Rust tonic, grpc-js). Default 0: never.
     *
     * @param bytes the message size limit in bytes, or 0 for never
     * @return this builder
     */
    public Builder maxOutboundMessageSize(int bytes) {
      settings.maxOutboundMessageSize = bytes;
      return this;
    }

    /**
     * Sets how many calls one connection may have open at once, advertised as
     * SETTINGS_MAX_CONCURRENT_STREAMS and enforced (more are refused with REFUSED_STREAM, which
     * clients retry). Default 1000.
     *
     * @param calls the limit; at least 1
     * @return this builder
     * @throws IllegalArgumentException when {@code calls} is below 1
     */
    public Builder maxConcurrentCallsPerConnection(int calls) {
      if (calls < 1) {
        throw new IllegalArgumentException("maxConcurrentCallsPerConnection must be at least 1");
      }
      settings.maxConcurrentCalls = calls;
      return this;
    }

    /**
     * Closes connections that have not completed the HTTP/2 preface (for TLS: after the TLS
     * handshake) within {@code timeout}. Default 20 s.
     *
     * @param timeout the time allowed; {@link Duration#ZERO} for no limit
     * @return this builder
     */
    public Builder handshakeTimeout(Duration timeout) {
      settings.handshakeTimeoutNanos = timeout.toNanos();
      return this;
    }

    /**
     * Sends a graceful GOAWAY to connections that have had no call for this long (clients
     * reconnect when they next call). Default: never, as in gRPC.
     *
     * @param idle the idle time allowed; {@link Duration#ZERO} for never
     * @return this builder
     */
    public Builder maxConnectionIdle(Duration idle) {
      settings.maxConnectionIdleNanos = idle.toNanos();
      return this;
    }

    /**
     * Compresses the record-batch bodies this server sends (DoGet, DoExchange). Default
     * {@link IpcCompression#NONE}, which sends the buffers without copying.
     *
     * @param compression the compression; not null
     * @return this builder
     * @throws NullPointerException when {@code compression} is null
     */
    public Builder writeCompression(IpcCompression compression) {
      settings.writeCompression = Objects.requireNonNull(compression, "compression");
      return this;
    }

    /**
     * Builds the server; it does not listen until {@link FlightServer#start()}.
     *
     * @return the server, owned by the caller (close it)
     * @throws IllegalArgumentException when a transport setting is outside what HTTP/2 allows
     */
    public FlightServer build() {
      return new FlightServer(this);
    }
  }
}
