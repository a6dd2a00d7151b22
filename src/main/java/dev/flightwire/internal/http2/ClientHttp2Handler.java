package dev.flightwire.internal.http2;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client side of one HTTP/2 connection. Streams are opened with {@link #startStream}; streams
 * beyond the server's MAX_CONCURRENT_STREAMS wait in Netty's {@code StreamBufferingEncoder} until
 * a slot frees up. After a GOAWAY the connection accepts no new calls ({@link #isDraining()}); the
 * owner opens a new one.
 *
 * <p>Not thread-safe; event-loop only, except {@link #isDraining()}.
 */
public final class ClientHttp2Handler extends Http2Endpoint implements ClientConnection {
  private static final Logger LOG = LoggerFactory.getLogger(ClientHttp2Handler.class);
  private volatile boolean draining;
  private final boolean plaintext;
  private final java.util.concurrent.CompletableFuture<Void> serverSettings = new java.util.concurrent.CompletableFuture<>();
  private boolean sniffed;

  /** {@code plaintext}: no TLS below, so a server answering with TLS records is reported as such. */
  public ClientHttp2Handler(Http2Config config, boolean plaintext) {
    super(new Parts(false, config), settings(config, false), config);
    this.plaintext = plaintext;
  }

  /**
   * Whether the server refused stream {@code id} unprocessed: it announced a GOAWAY whose last
   * stream id is below {@code id} (gRPC's rule for a transparent retry). Event-loop only.
   */
  private boolean refusedByGoAway(int id) {
    return connection().goAwayReceived() && id > connection().local().lastStreamKnownByPeer();
  }

  @Override
  protected void beforeStreamClosed(int streamId, StreamListener listener) {
    if (refusedByGoAway(streamId)) {
      draining = true; // before the call's thread wakes up and looks for a connection to retry on
      listener.onRefused();
    }
  }

  /**
   * Completes when the server's first SETTINGS frame arrives (the end of the HTTP/2 handshake);
   * fails, with why in words, when the connection ends or breaks first. Completed on the event
   * loop: dependent actions must not block.
   */
  public java.util.concurrent.CompletableFuture<Void> serverSettings() {
    return serverSettings;
  }

  /**
   * Waits for the server's first SETTINGS frame (the end of the HTTP/2 handshake). Returns null
   * when it came, else why not, in words. Any thread but the event loop.
   */
  public String awaitServerSettings(long timeoutMillis) {
    try {
      serverSettings.get(timeoutMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
      return null;
    } catch (java.util.concurrent.TimeoutException e) {
      return "the server sent no HTTP/2 SETTINGS within " + timeoutMillis / 1000 + " s";
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause().getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, java.util.List<Object> out) throws Exception {
    if (!sniffed && in.readableBytes() >= 2) {
      sniffed = true;
      // TLS records start with content type 21 (alert) or 22 (handshake), then version major 3;
      // an HTTP/2 server's first frame is SETTINGS, whose 3-byte length starts with 0
      int type = in.getUnsignedByte(in.readerIndex());
      if (plaintext && (type == 21 || type == 22) && in.getUnsignedByte(in.readerIndex() + 1) == 3) {
        serverSettings.completeExceptionally(new IllegalStateException(
            "the server answered with TLS; connect to it with a grpc+tls:// location"));
        in.skipBytes(in.readableBytes());
        ctx.close();
        return;
      }
    }
    super.decode(ctx, in, out);
  }

  @Override
  public void onSettingsRead(ChannelHandlerContext ctx, io.netty.handler.codec.http2.Http2Settings settings) {
    serverSettings.complete(null);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
    if (!serverSettings.isDone()) {
      LOG.debug("connection to {} failed before the HTTP/2 handshake: {}", ctx.channel().remoteAddress(),
          cause.toString());
      // the connect path reports it (TLS handshake failures through the handshake future)
      // a TLS server may reset a plaintext client before sending its alert: hint at TLS as the
      // close path does
      // over TLS 1.3 a server refuses a client certificate after the client's handshake is done:
      // its alert arrives here
      serverSettings.completeExceptionally(new IllegalStateException(plaintext
          ? "the connection failed before the HTTP/2 handshake: " + cause.getMessage()
              + " (if it serves TLS, use a grpc+tls:// location)"
          : "the TLS connection failed before the HTTP/2 handshake: "
              + dev.flightwire.internal.tls.TlsErrors.describe(cause), cause));
      ctx.close();
      return;
    }
    super.exceptionCaught(ctx, cause); // TLS failures close the connection: its calls fail as UNAVAILABLE
  }

  /**
   * Opens a stream by writing its request headers. Returns the stream id, or -1 when the
   * connection takes no new streams (then {@code promise} is failed). Event-loop only.
   */
  public int startStream(StreamListener listener, Http2Headers headers, boolean endStream, ChannelPromise promise) {
    assert onLoop() : "startStream off the event loop";
    if (draining || !ctx.channel().isActive()) {
      promise.tryFailure(new IllegalStateException("connection is closing"));
      return -1;
    }
    int id;
    try {
      id = connection().local().incrementAndGetNextStreamId();
    } catch (RuntimeException e) {
      promise.tryFailure(e);
      return -1;
    }
    if (id < 0) {
      draining = true;
      promise.tryFailure(new IllegalStateException("stream ids exhausted"));
      return -1;
    }
    register(id, listener);
    promise.addListener(f -> {
      if (!f.isSuccess()) {
        StreamListener l = streams.remove(id);
        if (l != null) {
          if (f.cause() instanceof io.netty.handler.codec.http2.StreamBufferingEncoder.Http2GoAwayException
              || refusedByGoAway(id)) {
            draining = true;
            l.onRefused(); // still buffered when the GOAWAY came: never sent
          }
          l.onStartFailed(f.cause());
        }
      }
    });
    encoder().writeHeaders(ctx, id, headers, 0, endStream, promise);
    return id;
  }

  @Override
  public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding,
      boolean endOfStream) throws Http2Exception {
    StreamListener l = streams.get(streamId);
    if (l != null) {
      l.onHeaders(headers, endOfStream);
    }
  }

  @Override
  public void onGoAwayRead(ChannelHandlerContext ctx, int lastStreamId, long errorCode, ByteBuf debugData) {
    draining = true;
    // NO_ERROR is a server shutting down or closing an idle connection; an error code (such as
    // ENHANCE_YOUR_CALM "too_many_pings") means this client is doing something the server refuses
    if (errorCode == io.netty.handler.codec.http2.Http2Error.NO_ERROR.code()) {
      LOG.debug("GOAWAY from {}: {}; new calls use a new connection", ctx.channel().remoteAddress(),
          describeGoAway(lastStreamId, errorCode, debugData));
    } else {
      LOG.warn("GOAWAY from {}: {}; new calls use a new connection", ctx.channel().remoteAddress(),
          describeGoAway(lastStreamId, errorCode, debugData));
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    draining = true;
    serverSettings.completeExceptionally(new IllegalStateException(plaintext
        ? "the server closed the connection before the HTTP/2 handshake (if it serves TLS, use a grpc+tls:// location)"
        : "the server closed the connection before the HTTP/2 handshake"));
    super.channelInactive(ctx);
  }

  /** Closes the connection now (GOAWAY, then close). Event-loop only. */
  public void closeConnection() {
    assert onLoop() : "closeConnection off the event loop";
    draining = true;
    gracefulShutdownTimeoutMillis(0);
    ctx.channel().close();
  }

  /** The server's SETTINGS_MAX_HEADER_LIST_SIZE as this connection's encoder enforces it. */
  public long peerMaxHeaderListSize() {
    return encoder().configuration().headersConfiguration().maxHeaderListSize();
  }

  /** True once the connection takes no new calls (GOAWAY received or closed). */
  public boolean isDraining() {
    return draining;
  }
}
