package dev.flightwire;

import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;
import dev.flightwire.auth.AuthReader;
import dev.flightwire.auth.ClientAuthHandler;
import dev.flightwire.internal.call.ClientStream;
import dev.flightwire.internal.grpc.GrpcFraming;
import dev.flightwire.internal.grpc.GrpcStatus;
import dev.flightwire.internal.grpc.GrpcStatusCode;
import dev.flightwire.internal.grpc.GrpcStatusException;
import dev.flightwire.internal.http2.ClientHttp2Handler;
import dev.flightwire.internal.http2.Http2Config;
import dev.flightwire.internal.ipc.FlightDataEncoder;
import dev.flightwire.internal.ipc.IpcStreamWriter;
import dev.flightwire.internal.proto.HandshakeRequest;
import dev.flightwire.internal.proto.HandshakeResponse;
import dev.flightwire.internal.tls.TlsContexts;
import dev.flightwire.internal.tls.TlsErrors;
import dev.flightwire.internal.util.Transports;
import io.netty.handler.ssl.SslHandler;
import dev.flightwire.middleware.FlightMethod;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http2.Http2Headers;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.types.pojo.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of one Flight service, over one HTTP/2 connection shared by all its calls.
 *
 * <h3>Lifecycle</h3>
 * {@link #connect} opens the connection; {@link #close()} closes it and cancels calls still
 * running. If the server sends GOAWAY, calls in progress finish and the next call opens a new
 * connection.
 *
 * <h3>Threading</h3>
 * Thread-safe: calls may run concurrently from many threads. Each reader, writer and result
 * stream a call returns is for one thread at a time. Blocking methods wait for the network, up to
 * the call's timeout.
 *
 * <h3>Errors</h3>
 * Every failed call throws a {@link FlightError} subclass matching its gRPC status.
 */
public final class FlightClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FlightClient.class);
  private static final String USER_AGENT = "flightwire-java/0.1 (netty)";
  private static final long HANDSHAKE_TIMEOUT_MILLIS = 20_000;

  private final Location location;
  private final FlightClientOptions options;
  private final BufferAllocator allocator;
  private final boolean ownsAllocator;
  private final EventLoopGroup group;
  private final Http2Config config;
  private final String authority;
  private final String scheme;
  private final io.netty.handler.ssl.SslContext sslContext;
  private volatile ClientHttp2Handler connection;
  private volatile byte[] token;
  private volatile String bearer;
  private volatile boolean closed;

  private FlightClient(Location location, FlightClientOptions options) {
    this.config = Http2Config.defaults().withMaxInboundMessageSize(options.maxInboundMessageSize())
        .withTransport(options.streamWindow(), options.connectionWindow(), options.maxFrameSize(),
            options.outboundBufferBytes());
    this.location = location;
    this.options = options;
    this.ownsAllocator = options.allocator() == null;
    this.allocator = ownsAllocator ? new RootAllocator() : options.allocator();
    this.group = Transports.newGroup(1, "flightwire-client");
    this.authority = location.isUnix() ? "localhost" : location.host() + ":" + location.port();
    this.scheme = location.isTls() ? "https" : "http";
    this.sslContext = location.isTls() ? TlsContexts.client(options.tlsRootCerts(), options.certChain(),
        options.privateKey(), !options.disableServerVerification()) : null;
  }

  /** Connects to {@code location} with default options. */
  public static FlightClient connect(Location location) {
    return connect(location, FlightClientOptions.DEFAULT);
  }

  /** Connects to a location URI such as {@code grpc://localhost:8815}. */
  public static FlightClient connect(String uri) {
    return connect(Location.parse(uri), FlightClientOptions.DEFAULT);
  }

  /**
   * Connects to {@code location}.
   *
   * @throws FlightUnavailableError when the server cannot be reached, or the TLS or HTTP/2
   *     handshake with it fails (the message says why: for example a plaintext server at a
   *     {@code grpc+tls} location, or a certificate that does not verify)
   * @throws IllegalArgumentException when the TLS options are invalid
   */
  public static FlightClient connect(Location location, FlightClientOptions options) {
    if (!location.isTls() && (options.tlsRootCerts() != null || options.certChain() != null)) {
      throw new IllegalArgumentException("TLS options were given for a plaintext location " + location
          + ": use grpc+tls://");
    }
    FlightClient c = new FlightClient(location, options);
    try {
      c.connection();
    } catch (RuntimeException e) {
      c.close();
      throw e;
    }
    return c;
  }

  private ClientHttp2Handler connection() {
    ClientHttp2Handler c = connection;
    if (c != null && !c.isDraining()) {
      return c;
    }
    synchronized (this) {
      if (closed) {
        throw new FlightUnavailableError("the client is closed");
      }
      c = connection;
      if (c != null && !c.isDraining()) {
        return c;
      }
      ClientHttp2Handler handler = new ClientHttp2Handler(config, sslContext == null);
      java.util.concurrent.atomic.AtomicReference<SslHandler> ssl = new java.util.concurrent.atomic.AtomicReference<>();
      boolean unix = location.isUnix();
      Bootstrap b = new Bootstrap()
          .group(group)
          .channel(unix ? Transports.clientDomainChannel() : Transports.clientChannel())
          .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 20_000);
      if (!unix) {
        b.option(ChannelOption.TCP_NODELAY, true);
      }
      b
          .handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
              if (sslContext != null) {
                String host = options.overrideHostname() != null ? options.overrideHostname() : location.host();
                ssl.set(sslContext.newHandler(ch.alloc(), host, location.port()));
                ch.pipeline().addLast(ssl.get());
              }
              ch.pipeline().addLast(handler);
            }
          });
      dev.flightwire.internal.util.ChannelTuning.apply(b);
      ChannelFuture f = (unix ? b.connect(new io.netty.channel.unix.DomainSocketAddress(location.path()))
          : b.connect(location.host(), location.port())).awaitUninterruptibly();
      if (!f.isSuccess()) {
        Throwable cause = f.cause();
        throw new FlightUnavailableError("cannot connect to " + location + ": "
            + (cause == null ? "unknown error" : cause.getMessage()), cause);
      }
      Channel channel = f.channel();
      if (ssl.get() != null) {
        io.netty.util.concurrent.Future<Channel> hs = ssl.get().handshakeFuture();
        if (!hs.awaitUninterruptibly(HANDSHAKE_TIMEOUT_MILLIS)) {
          channel.close();
          throw new FlightUnavailableError("TLS handshake with " + location + " did not complete within "
              + HANDSHAKE_TIMEOUT_MILLIS / 1000 + " s");
        }
        if (!hs.isSuccess()) {
          channel.close();
          throw new FlightUnavailableError("TLS handshake with " + location + " failed: "
              + TlsErrors.describe(hs.cause()), hs.cause());
        }
        String protocol = ssl.get().applicationProtocol();
        if (!io.netty.handler.ssl.ApplicationProtocolNames.HTTP_2.equals(protocol)) {
          channel.close();
          throw new FlightUnavailableError("the TLS server at " + location + " did not agree to HTTP/2 over ALPN"
              + " (selected: " + (protocol == null ? "nothing" : protocol) + "); it is not a gRPC server");
        }
      }
      String problem = handler.awaitServerSettings(HANDSHAKE_TIMEOUT_MILLIS);
      if (problem != null) {
        channel.close();
        throw new FlightUnavailableError("no HTTP/2 connection with " + location + ": " + problem);
      }
      connection = handler;
      return handler;
    }
  }

  /** The allocator received data is accounted to. */
  public BufferAllocator allocator() {
    return allocator;
  }

  // ---------------------------------------------------------------- calls

  private ClientStream open(FlightMethod method, FlightCallOptions callOptions, MessageLite request) {
    FlightCallOptions defaults = options.callOptions();
    CallHeaders headers = CallHeaders.copyOf(defaults.headers()).putAll(callOptions.headers());
    byte[] t = token;
    if (t != null && !headers.containsKey("auth-token-bin")) {
      headers.insert("auth-token-bin", t);
    }
    String b = bearer;
    if (b != null && !headers.containsKey("authorization")) {
      headers.insert("authorization", b);
    }
    java.time.Duration timeout = callOptions.timeout() != null ? callOptions.timeout() : defaults.timeout();
    long timeoutNanos = timeout == null ? -1 : timeout.toNanos();
    ClientCallObserver observer = ClientCallObserver.start(options.middleware(), method, headers);
    ClientHttp2Handler c;
    try {
      c = connection();
    } catch (FlightError e) {
      if (observer != null) {
        observer.completed(e);
      }
      throw e;
    }
    ClientStream stream = new ClientStream(c);
    if (observer != null) {
      stream.observe(observer);
    }
    Http2Headers h = ClientStream.requestHeaders(authority, scheme, method.path(), headers, timeoutNanos, USER_AGENT);
    stream.start(h, request == null ? null : frame(c.alloc(), request), timeoutNanos);
    return stream;
  }

  private static ByteBuf frame(ByteBufAllocator alloc, MessageLite message) {
    byte[] body = message.toByteArray();
    ByteBuf b = alloc.buffer(5 + body.length);
    GrpcFraming.writePrefix(b, body.length);
    b.writeBytes(body);
    return b;
  }

  private <T> T unary(FlightMethod method, MessageLite request, FlightCallOptions callOptions,
      CallResults.Parser<T> parser) {
    try (CallResults<T> results = new CallResults<>(open(method, callOptions, request), parser)) {
      if (!results.hasNext()) {
        throw new FlightInternalError(method.grpcName() + ": the server sent no response message");
      }
      T value = results.next();
      if (results.hasNext()) {
        throw new FlightInternalError(method.grpcName() + ": the server sent more than one response message");
      }
      return value;
    }
  }

  /** ListFlights. */
  public ResultStream<FlightInfo> listFlights(Criteria criteria, FlightCallOptions callOptions) {
    dev.flightwire.internal.proto.Criteria req = dev.flightwire.internal.proto.Criteria.newBuilder()
        .setExpression(ByteString.copyFrom(criteria.expression())).build();
    return new CallResults<>(open(FlightMethod.LIST_FLIGHTS, callOptions, req),
        m -> Protos.fromProto(dev.flightwire.internal.proto.FlightInfo.parseFrom(m.nioBuffer())));
  }

  public ResultStream<FlightInfo> listFlights() {
    return listFlights(Criteria.ALL, FlightCallOptions.DEFAULT);
  }

  /** GetFlightInfo. */
  public FlightInfo getFlightInfo(FlightDescriptor descriptor, FlightCallOptions callOptions) {
    return unary(FlightMethod.GET_FLIGHT_INFO, Protos.toProto(descriptor), callOptions,
        m -> Protos.fromProto(dev.flightwire.internal.proto.FlightInfo.parseFrom(m.nioBuffer())));
  }

  public FlightInfo getFlightInfo(FlightDescriptor descriptor) {
    return getFlightInfo(descriptor, FlightCallOptions.DEFAULT);
  }

  /** PollFlightInfo: one poll. */
  public PollInfo pollFlightInfo(FlightDescriptor descriptor, FlightCallOptions callOptions) {
    return unary(FlightMethod.POLL_FLIGHT_INFO, Protos.toProto(descriptor), callOptions,
        m -> Protos.fromProto(dev.flightwire.internal.proto.PollInfo.parseFrom(m.nioBuffer())));
  }

  public PollInfo pollFlightInfo(FlightDescriptor descriptor) {
    return pollFlightInfo(descriptor, FlightCallOptions.DEFAULT);
  }

  /** GetSchema. */
  public SchemaResult getSchema(FlightDescriptor descriptor, FlightCallOptions callOptions) {
    return unary(FlightMethod.GET_SCHEMA, Protos.toProto(descriptor), callOptions,
        m -> SchemaResult.fromBytes(
            dev.flightwire.internal.proto.SchemaResult.parseFrom(m.nioBuffer()).getSchema().toByteArray()));
  }

  public SchemaResult getSchema(FlightDescriptor descriptor) {
    return getSchema(descriptor, FlightCallOptions.DEFAULT);
  }

  /**
   * DoGet: returns an owned reader of the stream for {@code ticket} (close it; closing early
   * cancels the call).
   */
  public FlightStreamReader doGet(Ticket ticket, FlightCallOptions callOptions) {
    ClientStream s = open(FlightMethod.DO_GET, callOptions, Protos.toProto(ticket));
    return newReader(s);
  }

  public FlightStreamReader doGet(Ticket ticket) {
    return doGet(ticket, FlightCallOptions.DEFAULT);
  }

  private FlightStreamReader newReader(ClientStream s) {
    return new FlightStreamReader(s, allocator,
        () -> s.cancel(GrpcStatus.of(GrpcStatusCode.CANCELLED, "reader closed before the end of the stream")),
        s::cancel);
  }

  private FlightStreamWriter newWriter(ClientStream s, Schema schema, FlightDescriptor descriptor) {
    IpcStreamWriter ipc = new IpcStreamWriter(new FlightDataEncoder(s.transportAlloc(), IpcOption.DEFAULT))
        .compression(IpcStreamWriter.codec(options.writeCompression().codecType()));
    return new FlightStreamWriter(s, ipc, schema, Protos.toProto(descriptor).toByteArray(), s::halfClose,
        options.writeSizeLimitBytes(), options.maxOutboundMessageSize());
  }

  /**
   * DoPut: upload batches of {@code schema} under {@code descriptor}. The schema is sent with the
   * first batch (or at {@link FlightStreamWriter#doneWriting()}).
   */
  public DoPutStreams doPut(FlightDescriptor descriptor, Schema schema, FlightCallOptions callOptions) {
    ClientStream s = open(FlightMethod.DO_PUT, callOptions, null);
    return new DoPutStreams(newWriter(s, schema, descriptor), new FlightMetadataReader(s));
  }

  public DoPutStreams doPut(FlightDescriptor descriptor, Schema schema) {
    return doPut(descriptor, schema, FlightCallOptions.DEFAULT);
  }

  /**
   * DoExchange: the descriptor is sent at once (in a message of its own); then both sides may
   * write batches and metadata.
   */
  public DoExchangeStreams doExchange(FlightDescriptor descriptor, FlightCallOptions callOptions) {
    ClientStream s = open(FlightMethod.DO_EXCHANGE, callOptions, null);
    FlightStreamWriter writer = newWriter(s, null, descriptor);
    writer.sendDescriptorNow();
    return new DoExchangeStreams(writer, newReader(s));
  }

  public DoExchangeStreams doExchange(FlightDescriptor descriptor) {
    return doExchange(descriptor, FlightCallOptions.DEFAULT);
  }

  /** ListActions. */
  public ResultStream<ActionType> listActions(FlightCallOptions callOptions) {
    return new CallResults<>(open(FlightMethod.LIST_ACTIONS, callOptions,
        dev.flightwire.internal.proto.Empty.getDefaultInstance()), m -> {
          dev.flightwire.internal.proto.ActionType t = dev.flightwire.internal.proto.ActionType.parseFrom(m.nioBuffer());
          return new ActionType(t.getType(), t.getDescription());
        });
  }

  public ResultStream<ActionType> listActions() {
    return listActions(FlightCallOptions.DEFAULT);
  }

  /** DoAction. */
  public ResultStream<Result> doAction(Action action, FlightCallOptions callOptions) {
    dev.flightwire.internal.proto.Action req = dev.flightwire.internal.proto.Action.newBuilder()
        .setType(action.type()).setBody(ByteString.copyFrom(action.body())).build();
    return new CallResults<>(open(FlightMethod.DO_ACTION, callOptions, req),
        m -> new Result(dev.flightwire.internal.proto.Result.parseFrom(m.nioBuffer()).getBody().toByteArray()));
  }

  public ResultStream<Result> doAction(Action action) {
    return doAction(action, FlightCallOptions.DEFAULT);
  }

  // ------------------------------------------------------------ well-known actions

  private byte[] wellKnown(String type, byte[] body, FlightCallOptions callOptions) {
    java.util.List<Result> results = doAction(new Action(type, body), callOptions).toList();
    if (results.size() != 1) {
      throw new FlightInternalError(type + ": expected one result, the server sent " + results.size());
    }
    return results.get(0).body();
  }

  /** CancelFlightInfo: asks the server to stop the query behind {@code info}. */
  public CancelStatus cancelFlightInfo(FlightInfo info, FlightCallOptions callOptions) {
    return WellKnownActions.cancelResult(wellKnown(WellKnownActions.CANCEL_FLIGHT_INFO,
        WellKnownActions.cancelRequest(info), callOptions));
  }

  public CancelStatus cancelFlightInfo(FlightInfo info) {
    return cancelFlightInfo(info, FlightCallOptions.DEFAULT);
  }

  /** RenewFlightEndpoint: asks for a later expiration time; returns the renewed endpoint. */
  public FlightEndpoint renewFlightEndpoint(FlightEndpoint endpoint, FlightCallOptions callOptions) {
    return WellKnownActions.renewResult(wellKnown(WellKnownActions.RENEW_FLIGHT_ENDPOINT,
        WellKnownActions.renewRequest(endpoint), callOptions));
  }

  public FlightEndpoint renewFlightEndpoint(FlightEndpoint endpoint) {
    return renewFlightEndpoint(endpoint, FlightCallOptions.DEFAULT);
  }

  /**
   * SetSessionOptions: sets each option (an empty value removes it); returns those the server
   * refused, with why. Sessions ride on a cookie: add a
   * {@link dev.flightwire.middleware.ClientCookieMiddlewareFactory} to the client's options.
   */
  public java.util.Map<String, SessionOptionError> setSessionOptions(java.util.Map<String, SessionOptionValue> options,
      FlightCallOptions callOptions) {
    return WellKnownActions.setSessionResult(wellKnown(WellKnownActions.SET_SESSION_OPTIONS,
        WellKnownActions.setSessionRequest(options), callOptions));
  }

  public java.util.Map<String, SessionOptionError> setSessionOptions(java.util.Map<String, SessionOptionValue> options) {
    return setSessionOptions(options, FlightCallOptions.DEFAULT);
  }

  /** GetSessionOptions: the options of this client's session. */
  public java.util.Map<String, SessionOptionValue> getSessionOptions(FlightCallOptions callOptions) {
    return WellKnownActions.getSessionResult(wellKnown(WellKnownActions.GET_SESSION_OPTIONS,
        dev.flightwire.internal.proto.GetSessionOptionsRequest.getDefaultInstance().toByteArray(), callOptions));
  }

  public java.util.Map<String, SessionOptionValue> getSessionOptions() {
    return getSessionOptions(FlightCallOptions.DEFAULT);
  }

  /** CloseSession: ends this client's session. */
  public CloseSessionStatus closeSession(FlightCallOptions callOptions) {
    return WellKnownActions.closeResult(wellKnown(WellKnownActions.CLOSE_SESSION,
        dev.flightwire.internal.proto.CloseSessionRequest.getDefaultInstance().toByteArray(), callOptions));
  }

  public CloseSessionStatus closeSession() {
    return closeSession(FlightCallOptions.DEFAULT);
  }

  /**
   * Polls a long-running query until it completes: PollFlightInfo with {@code descriptor}, then
   * again with the descriptor each answer gives, waiting {@code interval} between polls (doubling up
   * to 10x), until an answer has no descriptor. Fails with {@link FlightTimedOutError} once the
   * query's expiration time has passed, and with the call's own error if a poll fails.
   *
   * @return the final, complete FlightInfo
   */
  public FlightInfo pollFlightInfoUntilComplete(FlightDescriptor descriptor, java.time.Duration interval,
      FlightCallOptions callOptions) throws InterruptedException {
    long wait = Math.max(1, interval.toMillis());
    PollInfo p = pollFlightInfo(descriptor, callOptions);
    while (!p.isComplete()) {
      if (p.expirationTime() != null && java.time.Instant.now().isAfter(p.expirationTime())) {
        throw new FlightTimedOutError("the query expired at " + p.expirationTime() + " before it completed"
            + (p.progress() == null ? "" : " (progress " + p.progress() + ")"));
      }
      Thread.sleep(wait);
      wait = Math.min(wait * 2, Math.max(1, interval.toMillis()) * 10);
      p = pollFlightInfo(p.descriptor(), callOptions);
    }
    if (p.info() == null) {
      throw new FlightInternalError("PollFlightInfo completed without a FlightInfo");
    }
    return p.info();
  }

  /**
   * Runs the handshake convention with {@code handler}; afterwards its token is sent on every call
   * in the {@code auth-token-bin} header.
   */
  public void authenticate(ClientAuthHandler handler, FlightCallOptions callOptions) {
    ClientStream s = open(FlightMethod.HANDSHAKE, callOptions, null);
    try {
      AuthReader in = () -> {
        ByteBuf m = s.readMessage();
        if (m == null) {
          return null;
        }
        try {
          return HandshakeResponse.parseFrom(m.nioBuffer()).getPayload().toByteArray();
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
          throw GrpcStatusException.of(GrpcStatusCode.INTERNAL, "malformed HandshakeResponse");
        } finally {
          m.release();
        }
      };
      handler.authenticate(payload -> s.writeMessage(
          frame(s.transportAlloc(), HandshakeRequest.newBuilder().setPayload(ByteString.copyFrom(payload)).build()),
          false, false), in);
      s.halfClose();
      while (in.read() != null) {
        // drain the rest of the handshake to its status
      }
      GrpcStatus status = s.awaitStatus();
      if (!status.isOk()) {
        throw Errors.toFlight(status.asException());
      }
      token = handler.getToken();
    } catch (GrpcStatusException e) {
      throw Errors.toFlight(e);
    } finally {
      s.discardInbound();
    }
  }

  public void authenticate(ClientAuthHandler handler) {
    authenticate(handler, FlightCallOptions.DEFAULT);
  }

  /**
   * The header convention: a Handshake carrying {@code authorization: Basic ...}; the server's
   * {@code authorization: Bearer ...} (from its trailers, else its headers) is then sent on every
   * later call of this client. Returns that header value.
   *
   * @throws FlightUnauthenticatedError when the credentials are refused or no token comes back
   */
  public String authenticateBasicToken(String username, String password, FlightCallOptions callOptions) {
    String basic = "Basic " + java.util.Base64.getEncoder().encodeToString(
        (username + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    FlightCallOptions withAuth = FlightCallOptions.builder().headers(callOptions.headers())
        .header("authorization", basic).timeout(callOptions.timeout()).build();
    ClientStream s = open(FlightMethod.HANDSHAKE, withAuth, null);
    try {
      s.halfClose();
      ByteBuf m;
      while ((m = s.readMessage()) != null) {
        m.release();
      }
      String found = bearerIn(s.responseTrailers());
      if (found == null) {
        found = bearerIn(s.awaitHeaders());
      }
      if (found == null) {
        throw new FlightUnauthenticatedError("the server accepted the credentials but sent no bearer token");
      }
      bearer = found;
      return found;
    } catch (GrpcStatusException e) {
      throw Errors.toFlight(e);
    } finally {
      s.discardInbound();
    }
  }

  public String authenticateBasicToken(String username, String password) {
    return authenticateBasicToken(username, password, FlightCallOptions.DEFAULT);
  }

  private static String bearerIn(CallHeaders headers) {
    for (String v : headers.getAll("authorization")) {
      if (v.regionMatches(true, 0, "Bearer ", 0, 7)) {
        return "Bearer " + v.substring(7).trim();
      }
    }
    return null;
  }

  /** Closes the connection; calls still running fail with FlightUnavailableError. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    ClientHttp2Handler c = connection;
    if (c != null) {
      c.eventLoop().execute(() -> c.closeConnection());
    }
    if (!group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS)) {
      LOG.debug("the network thread of the client of {} did not stop within 5 s", location);
    }
    if (ownsAllocator) {
      allocator.close();
    }
  }
}
