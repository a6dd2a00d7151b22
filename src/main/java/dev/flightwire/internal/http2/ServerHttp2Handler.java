package dev.flightwire.internal.http2;

import dev.flightwire.internal.grpc.GrpcStatusCode;
import dev.flightwire.internal.grpc.StatusMessageCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.util.AsciiString;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server side of one HTTP/2 connection. Checks each new request at the HTTP level (method, content
 * type, path shape), answers what is not a gRPC call with the HTTP status gRPC servers use, and
 * hands gRPC calls to the {@link StreamAcceptor}.
 *
 * <h3>Graceful shutdown</h3>
 * Two steps, as gRPC servers do: GOAWAY with the last stream id 2^31-1 and a PING; when the PING
 * is acknowledged (or after a second), GOAWAY with the real last stream id. Calls in progress may
 * finish until the grace period ends; then the connection is closed and they are cancelled.
 *
 * <p>Not thread-safe; event-loop only.
 */
public final class ServerHttp2Handler extends Http2Endpoint implements ServerConnection {
  private static final Logger LOG = LoggerFactory.getLogger(ServerHttp2Handler.class);
  /** Abusive clients can open connection after connection: one WARN per interval, DEBUG for the rest. */
  private static final dev.flightwire.internal.util.WarnLimiter ABUSE =
      new dev.flightwire.internal.util.WarnLimiter(10, TimeUnit.SECONDS);
  private static final long SHUTDOWN_PING = 0x97ACEF001L;
  private static final AsciiString GRPC_CONTENT_TYPE = AsciiString.cached("application/grpc");

  private final StreamAcceptor acceptor;
  private final PingPolicy pingPolicy = new PingPolicy();
  private final FloodGuard flood = new FloodGuard();
  private ScheduledFuture<?> handshakeTimer;
  private ScheduledFuture<?> idleTimer;
  private boolean settingsReceived;
  private boolean discarding;
  private ByteBuf decoding;
  private boolean shuttingDown;
  private long shutdownDeadline;
  private ScheduledFuture<?> secondGoAway;

  public ServerHttp2Handler(Http2Config config, StreamAcceptor acceptor) {
    this(config, acceptor, InboundBudget.UNLIMITED);
  }

  /** @param inboundBudget the server's bound on inbound bytes buffered, shared by its connections */
  public ServerHttp2Handler(Http2Config config, StreamAcceptor acceptor, InboundBudget inboundBudget) {
    this(new Parts(true, config), config, acceptor, inboundBudget);
  }

  private ServerHttp2Handler(Parts parts, Http2Config config, StreamAcceptor acceptor, InboundBudget inboundBudget) {
    super(parts, settings(config, true), config, inboundBudget);
    this.acceptor = acceptor;
    parts.controlFrameLimit.onExceeded = () -> enhanceYourCalm("too_many_control_frames");
  }

  @Override
  public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding,
      boolean endOfStream) throws Http2Exception {
    StreamListener existing = streams.get(streamId);
    if (existing != null) {
      existing.onHeaders(headers, endOfStream);
      return;
    }
    CharSequence method = headers.method();
    String missing = missingPseudoHeader(headers);
    if (missing != null) {
      // malformed (RFC 9113 section 8.1.1): a stream error, not an answer
      throw Http2Exception.streamError(streamId, Http2Error.PROTOCOL_ERROR, "malformed request: %s", missing);
    }
    if (!AsciiString.contentEquals(method, "POST")) {
      Http2Headers h = httpError(405, GrpcStatusCode.INTERNAL,
          "method " + method + " is not allowed: gRPC requests use POST");
      h.set("allow", "POST");
      respondHttpError(streamId, h);
      return;
    }
    CharSequence contentType = headers.get("content-type");
    if (contentType == null || !isGrpcContentType(contentType)) {
      respondHttpError(streamId, httpError(415, GrpcStatusCode.INTERNAL,
          contentType == null ? "content-type is missing: gRPC requests use application/grpc"
              : "content-type '" + contentType + "' is not supported: gRPC requests use application/grpc"));
      return;
    }
    CharSequence path = headers.path();
    if (path == null || path.length() == 0 || path.charAt(0) != '/') {
      respondGrpcError(streamId, GrpcStatusCode.UNIMPLEMENTED, "malformed method path '" + path + "'");
      return;
    }
    StreamListener listener = acceptor.accept(this, streamId, headers, endOfStream);
    if (listener != null) {
      register(streamId, listener);
      if (endOfStream) {
        listener.onData(io.netty.buffer.Unpooled.EMPTY_BUFFER, 0, true);
      }
    }
  }

  /**
   * What makes a request's pseudo-headers malformed (RFC 9113 section 8.3.1), or null: every request
   * but CONNECT has {@code :method}, {@code :scheme} and a non-empty {@code :path}.
   */
  private static String missingPseudoHeader(Http2Headers headers) {
    if (headers.method() == null) {
      return ":method is missing";
    }
    if (AsciiString.contentEquals(headers.method(), "CONNECT")) {
      return null; // a well-formed CONNECT, answered 405 like any other method
    }
    if (headers.scheme() == null) {
      return ":scheme is missing";
    }
    if (headers.path() == null) {
      return ":path is missing";
    }
    return headers.path().length() == 0 ? ":path is empty" : null;
  }

  private static boolean isGrpcContentType(CharSequence ct) {
    String s = ct.toString().toLowerCase(java.util.Locale.ROOT);
    return s.equals("application/grpc") || s.startsWith("application/grpc+") || s.startsWith("application/grpc;");
  }

  private static Http2Headers httpError(int httpStatus, GrpcStatusCode code, String message) {
    return new DefaultHttp2Headers()
        .status(Integer.toString(httpStatus))
        .set("content-type", "text/plain; charset=utf-8")
        .set("grpc-status", Integer.toString(code.value()))
        .set("grpc-message", StatusMessageCodec.encode(message));
  }

  private void respondHttpError(int streamId, Http2Headers headers) {
    String text = StatusMessageCodec.decode(headers.get("grpc-message")) + "\n";
    ByteBuf body = ByteBufUtil.writeUtf8(ctx.alloc(), text);
    encoder().writeHeaders(ctx, streamId, headers, 0, false, ctx.newPromise());
    encoder().writeData(ctx, streamId, body, 0, true, ctx.newPromise());
    ctx.flush();
  }

  /** Answers a request with a Trailers-Only gRPC error. Event-loop only. */
  public void respondGrpcError(int streamId, GrpcStatusCode code, String message) {
    assert onLoop() : "respondGrpcError off the event loop";
    encoder().writeHeaders(ctx, streamId, grpcError(code, message), 0, true, ctx.newPromise());
    ctx.flush();
  }

  /**
   * Answers a request compressed with {@code encoding}, which this server cannot read:
   * UNIMPLEMENTED with {@code grpc-accept-encoding} listing what it accepts (gRPC compression.md).
   * Event-loop only.
   */
  public void respondUnsupportedEncoding(int streamId, CharSequence encoding) {
    encoder().writeHeaders(ctx, streamId, unsupportedEncoding(encoding), 0, true, ctx.newPromise());
    ctx.flush();
  }

  /** The Trailers-Only answer to a request in a message encoding a server cannot read (any transport). */
  public static Http2Headers unsupportedEncoding(CharSequence encoding) {
    Http2Headers h = grpcError(GrpcStatusCode.UNIMPLEMENTED,
        "message encoding '" + encoding + "' is not supported (grpc-accept-encoding: identity)");
    h.set("grpc-accept-encoding", "identity");
    return h;
  }

  /** A Trailers-Only gRPC error (any transport). */
  public static Http2Headers grpcError(GrpcStatusCode code, String message) {
    return new DefaultHttp2Headers()
        .status("200")
        .set("content-type", GRPC_CONTENT_TYPE)
        .set("grpc-status", Integer.toString(code.value()))
        .set("grpc-message", StatusMessageCodec.encode(message));
  }

  /**
   * A request whose header block Netty refused while decoding it (an invalid name or value, a
   * connection-specific header) is malformed (RFC 9113 section 8.1.1): a stream error. But the
   * stream was never created, so Netty's reset leaves its id unknown, and the DATA frames the
   * client sent after the HEADERS then arrive on a stream that "does not exist", a connection error
   * that ends every call on the connection. So the stream is opened here first: then it is
   * answered (HTTP 400 saying what was wrong) and reset like any other, and what follows for it is
   * ignored. Header lists over the limit take Netty's own path, answered by
   * {@link #handleServerHeaderDecodeSizeError}.
   */
  @Override
  protected void onStreamError(ChannelHandlerContext ctx, boolean outbound, Throwable cause,
      Http2Exception.StreamException e) {
    int id = e.streamId();
    Http2Connection.Endpoint<?> clients = connection().remote();
    boolean neverOpened = connection().stream(id) == null && clients.isValidStreamId(id)
        && id > clients.lastStreamCreated();
    if (!outbound && neverOpened && !(e instanceof Http2Exception.HeaderListSizeException)) {
      try {
        Http2Stream stream = clients.createStream(id, true);
        encoder().writeHeaders(ctx, stream.id(), httpError(400, GrpcStatusCode.INTERNAL,
            "malformed request headers: " + once(e.getMessage())), 0, true, ctx.newPromise());
      } catch (Http2Exception ignored) {
        // cannot open it (too many streams, shutting down): Netty's plain reset follows
      }
    }
    super.onStreamError(ctx, outbound, cause, e);
  }

  /**
   * A connection error's GOAWAY names the last stream received from the client (RFC 9113 section
   * 5.4.1), so that it may retry the ones above; Netty's hard shutdown would name 2^31-1.
   */
  @Override
  protected void onConnectionError(ChannelHandlerContext ctx, boolean outbound, Throwable cause,
      Http2Exception http2Ex) {
    if (http2Ex != null && http2Ex.shutdownHint() == Http2Exception.ShutdownHint.HARD_SHUTDOWN) {
      http2Ex = new Http2Exception(http2Ex.error(), http2Ex.getMessage(), http2Ex,
          Http2Exception.ShutdownHint.NO_SHUTDOWN);
    }
    super.onConnectionError(ctx, outbound, cause, http2Ex);
  }

  /** {@code message}, or its first half when Netty repeated it ("A: A", its cause's message). */
  private static String once(String message) {
    for (int i = message.indexOf(": "); i >= 0; i = message.indexOf(": ", i + 1)) {
      if (message.substring(0, i).equals(message.substring(i + 2))) {
        return message.substring(0, i);
      }
    }
    return message;
  }

  /** A request header list over MAX_HEADER_LIST_SIZE: HTTP 431, with a gRPC status saying so. */
  @Override
  protected void handleServerHeaderDecodeSizeError(ChannelHandlerContext ctx, Http2Stream stream) {
    encoder().writeHeaders(ctx, stream.id(), httpError(431, GrpcStatusCode.RESOURCE_EXHAUSTED,
        "request headers exceed the server's limit of " + config.maxHeaderListSize() + " bytes"), 0, true,
        ctx.newPromise());
  }

  @Override
  public void onPingRead(ChannelHandlerContext ctx, long data) throws Http2Exception {
    if (!pingPolicy.onPing(!streams.isEmpty())) {
      enhanceYourCalm("too_many_pings");
    }
  }

  /** Ends an abusive connection: GOAWAY ENHANCE_YOUR_CALM with {@code reason}, then close. */
  private void enhanceYourCalm(String reason) {
    if (!ctx.channel().isActive()) {
      return;
    }
    if (discarding) {
      return;
    }
    discarding = true;
    if (ABUSE.warnNow()) {
      LOG.warn("closing the connection from {} with GOAWAY ENHANCE_YOUR_CALM \"{}\" ({} calls open; more such "
          + "closings within {} s are logged at DEBUG)", ctx.channel().remoteAddress(), reason, streams.size(),
          ABUSE.seconds());
    } else {
      LOG.debug("closing the connection from {} with GOAWAY ENHANCE_YOUR_CALM \"{}\"", ctx.channel().remoteAddress(),
          reason);
    }
    if (decoding != null) {
      decoding.skipBytes(decoding.readableBytes()); // the frames after this one in the same read
    }
    // Written directly: Netty's goAway() closes the channel as soon as an error GOAWAY is written
    int last = connection().remote().lastStreamCreated();
    ByteBuf debug = ByteBufUtil.writeAscii(ctx.alloc(), reason);
    try {
      connection().goAwaySent(last, Http2Error.ENHANCE_YOUR_CALM.code(), io.netty.buffer.Unpooled.EMPTY_BUFFER);
    } catch (io.netty.handler.codec.http2.Http2Exception e) {
      debug.release(); // a GOAWAY with a lower last stream id was sent already
      closeNow();
      return;
    }
    encoder().frameWriter().writeGoAway(ctx, last, Http2Error.ENHANCE_YOUR_CALM.code(), debug, ctx.newPromise());
    ctx.flush();
    // Lingering close: drop what the client still sends for a moment, so that closing with unread
    // bytes does not reset the connection before the client has read the GOAWAY and its reason.
    ctx.executor().schedule(this::closeNow, 500, TimeUnit.MILLISECONDS);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, java.util.List<Object> out) throws Exception {
    if (discarding) {
      in.skipBytes(in.readableBytes());
      return;
    }
    decoding = in;
    try {
      super.decode(ctx, in, out);
    } finally {
      decoding = null;
    }
  }

  @Override
  public void onRstStreamRead(ChannelHandlerContext ctx, int streamId, long errorCode) {
    super.onRstStreamRead(ctx, streamId, errorCode);
    if (!flood.allow(FloodGuard.Kind.RST_STREAM)) {
      enhanceYourCalm(FloodGuard.Kind.RST_STREAM.debug);
    }
  }

  @Override
  public void onSettingsRead(ChannelHandlerContext ctx, io.netty.handler.codec.http2.Http2Settings settings) {
    settingsReceived = true;
    if (handshakeTimer != null) {
      handshakeTimer.cancel(false);
      handshakeTimer = null;
    }
    if (!flood.allow(FloodGuard.Kind.SETTINGS)) {
      enhanceYourCalm(FloodGuard.Kind.SETTINGS.debug);
    }
  }

  @Override
  public void onPriorityRead(ChannelHandlerContext ctx, int streamId, int streamDependency, short weight,
      boolean exclusive) {
    if (!flood.allow(FloodGuard.Kind.PRIORITY)) {
      enhanceYourCalm(FloodGuard.Kind.PRIORITY.debug);
    }
  }

  @Override
  public int onDataRead(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding, boolean endOfStream)
      throws Http2Exception {
    if (!endOfStream && data.readableBytes() == 0 && padding == 0 && !flood.allow(FloodGuard.Kind.EMPTY_DATA)) {
      enhanceYourCalm(FloodGuard.Kind.EMPTY_DATA.debug);
      return 0;
    }
    return super.onDataRead(ctx, streamId, data, padding, endOfStream);
  }

  // ------------------------------------------------------------------ slow and idle connections

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    super.channelActive(ctx);
    armTimers();
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
    super.handlerAdded(ctx);
    if (ctx.channel().isActive()) {
      armTimers();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (!streams.isEmpty()) {
      LOG.debug("connection from {} closed with {} calls open; they are cancelled", ctx.channel().remoteAddress(),
          streams.size());
    }
    if (handshakeTimer != null) {
      handshakeTimer.cancel(false);
    }
    if (idleTimer != null) {
      idleTimer.cancel(false);
    }
    super.channelInactive(ctx);
  }

  private void armTimers() {
    if (handshakeTimer == null && !settingsReceived && config.handshakeTimeoutNanos() > 0) {
      handshakeTimer = ctx.executor().schedule(() -> {
        if (!settingsReceived) {
          LOG.debug("closing the connection from {}: no HTTP/2 SETTINGS within the handshake timeout",
              ctx.channel().remoteAddress());
          ctx.close(); // a client that never completes the HTTP/2 preface
        }
      }, config.handshakeTimeoutNanos(), TimeUnit.NANOSECONDS);
    }
    if (idleTimer == null && config.maxConnectionIdleNanos() > 0) {
      scheduleIdleCheck(config.maxConnectionIdleNanos());
    }
  }

  private long lastActive = System.nanoTime();

  private void scheduleIdleCheck(long delayNanos) {
    idleTimer = ctx.executor().schedule(() -> {
      long now = System.nanoTime();
      if (!streams.isEmpty()) {
        lastActive = now;
      }
      long idle = now - lastActive;
      if (idle >= config.maxConnectionIdleNanos() && !shuttingDown) {
        LOG.debug("connection from {} idle for {} ms: GOAWAY", ctx.channel().remoteAddress(),
            TimeUnit.NANOSECONDS.toMillis(idle));
        startGracefulShutdown(TimeUnit.SECONDS.toNanos(1)); // GOAWAY "server_shutdown", no call is lost
      } else {
        scheduleIdleCheck(config.maxConnectionIdleNanos() - idle);
      }
    }, Math.max(delayNanos, TimeUnit.MILLISECONDS.toNanos(10)), TimeUnit.NANOSECONDS);
  }

  @Override
  public void onPingAckRead(ChannelHandlerContext ctx, long data) throws Http2Exception {
    if (data == SHUTDOWN_PING && shuttingDown) {
      sendSecondGoAway();
    }
  }

  @Override
  protected void onDataOrHeadersWritten() {
    pingPolicy.onWrite();
  }

  /** Starts the two-step graceful shutdown. Event-loop only. */
  public void startGracefulShutdown(long graceNanos) {
    assert onLoop() : "startGracefulShutdown off the event loop";
    if (shuttingDown || !ctx.channel().isActive()) {
      return;
    }
    shuttingDown = true;
    shutdownDeadline = System.nanoTime() + graceNanos;
    ByteBuf debug = ByteBufUtil.writeAscii(ctx.alloc(), "server_shutdown");
    goAway(ctx, Integer.MAX_VALUE, Http2Error.NO_ERROR.code(), debug, ctx.newPromise());
    encoder().writePing(ctx, false, SHUTDOWN_PING, ctx.newPromise());
    ctx.flush();
    secondGoAway = ctx.executor().schedule(this::sendSecondGoAway, 1, TimeUnit.SECONDS);
  }

  private void sendSecondGoAway() {
    if (!ctx.channel().isActive() || secondGoAway == null) {
      return;
    }
    secondGoAway.cancel(false);
    secondGoAway = null;
    long left = Math.max(0, shutdownDeadline - System.nanoTime());
    gracefulShutdownTimeoutMillis(TimeUnit.NANOSECONDS.toMillis(left));
    ByteBuf debug = ByteBufUtil.writeAscii(ctx.alloc(), "server_shutdown");
    ChannelFuture f = goAway(ctx, connection().remote().lastStreamCreated(), Http2Error.NO_ERROR.code(), debug,
        ctx.newPromise());
    ctx.flush();
    // through the pipeline, so Http2ConnectionHandler.close waits for the remaining streams
    f.addListener(x -> ctx.channel().close());
  }

  /** Closes the connection now, cancelling every call on it. Event-loop only. */
  public void closeNow() {
    assert onLoop() : "closeNow off the event loop";
    gracefulShutdownTimeoutMillis(0);
    ctx.channel().close();
  }

  @Override
  public String peerSubject() {
    return dev.flightwire.internal.tls.ServerTlsGate.peerSubject(channel());
  }

  @Override
  public String peerCommonName() {
    return dev.flightwire.internal.tls.ServerTlsGate.peerCommonName(channel());
  }
}
