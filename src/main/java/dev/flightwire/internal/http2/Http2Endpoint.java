package dev.flightwire.internal.http2;

import dev.flightwire.internal.grpc.GatherBudget;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http2.DefaultHttp2Connection;
import io.netty.handler.codec.http2.DefaultHttp2ConnectionDecoder;
import io.netty.handler.codec.http2.DefaultHttp2ConnectionEncoder;
import io.netty.handler.codec.http2.DefaultHttp2FrameReader;
import io.netty.handler.codec.http2.DefaultHttp2FrameWriter;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.DefaultHttp2LocalFlowController;
import io.netty.handler.codec.http2.DefaultHttp2RemoteFlowController;
import io.netty.handler.codec.http2.WeightedFairQueueByteDistributor;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2ConnectionDecoder;
import io.netty.handler.codec.http2.Http2ConnectionEncoder;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Flags;
import io.netty.handler.codec.http2.Http2FrameListener;
import io.netty.handler.codec.http2.Http2FrameWriter;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.codec.http2.StreamBufferingEncoder;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.IntObjectMap;
import java.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty side of one HTTP/2 connection, shared by client and server: a subclass of
 * {@link Http2ConnectionHandler} that is its own {@link Http2FrameListener} and routes each
 * stream's frames to a {@link StreamListener}.
 *
 * <h3>Threading</h3>
 * Not thread-safe; event-loop only, except {@link #writeQueue()} and the accessors.
 *
 * <h3>Flow control</h3>
 * {@link #onDataRead} returns nothing to the flow controller: the stream listener returns
 * bytes through {@link #consumeBytes} as the application consumes them. The connection window is
 * raised to {@link Http2Config#connectionWindow()} as soon as the connection starts.
 */
public abstract class Http2Endpoint extends Http2ConnectionHandler implements Http2FrameListener, StreamTransport {
  private static final Logger LOG = LoggerFactory.getLogger(Http2Endpoint.class);
  /** The window every HTTP/2 connection starts with (RFC 9113 section 6.9.2). */
  private static final int PROTOCOL_DEFAULT_WINDOW = 65_535;

  protected final Http2Config config;
  protected final IntObjectMap<StreamListener> streams = new IntObjectHashMap<>();
  protected ChannelHandlerContext ctx;
  private WriteQueue writeQueue;
  private boolean windowRaised;
  private final GatherBudget gatherBudget;
  private final InboundBudget inboundBudget;

  protected Http2Endpoint(Parts parts, Http2Settings settings, Http2Config config) {
    this(parts, settings, config, InboundBudget.UNLIMITED);
  }

  /** @param inboundBudget the bound on inbound bytes buffered, shared with other connections */
  protected Http2Endpoint(Parts parts, Http2Settings settings, Http2Config config, InboundBudget inboundBudget) {
    super(parts.decoder, parts.encoder, settings);
    this.config = config;
    this.inboundBudget = inboundBudget;
    this.gatherBudget = new GatherBudget(config.connectionWindow(), inboundBudget);
    // A frame split across socket reads is held as a composite of the reads, not copied into
    // one buffer: Netty's default merge copies every read that follows a partial frame, a second
    // user-space copy of nearly every byte. The deframer's gathering copy stays the only one.
    setCumulator(Boolean.getBoolean("flightwire.mergeCumulator") ? MERGE_CUMULATOR : COMPOSITE_CUMULATOR);
    parts.decoder.frameListener(this);
    parts.frameWriter.onDataOrHeaders = this::onDataOrHeadersWritten;
    connection().addListener(new Http2ConnectionAdapter() {
      @Override
      public void onStreamClosed(Http2Stream stream) {
        StreamListener l = streams.remove(stream.id());
        if (l != null) {
          beforeStreamClosed(stream.id(), l);
          l.onClosed();
        }
      }
    });
  }

  static final int ALLOCATION_QUANTUM = 256 << 10;
  /** Control frames (ACKs, RST_STREAM) a server may have queued unwritten (as Netty's builder). */
  static final int MAX_QUEUED_CONTROL_FRAMES = 10_000;

  /** The codec pieces, built before the super constructor runs. */
  protected static final class Parts {
    final Http2ConnectionDecoder decoder;
    final Http2ConnectionEncoder encoder;
    final ActivityFrameWriter frameWriter;
    /** A server's bound on unread control frames; null on a client. */
    ControlFrameLimit controlFrameLimit;

    Parts(boolean server, Http2Config config) {
      Http2Connection connection = new DefaultHttp2Connection(server);
      connection.local().flowController(new DefaultHttp2LocalFlowController(connection, 0.5f, true));
      // With several streams sending at once, Netty's default 1 KiB allocation quantum interleaves
      // them in tiny frames; hand out window in frame-sized pieces instead.
      WeightedFairQueueByteDistributor distributor = new WeightedFairQueueByteDistributor(connection);
      distributor.allocationQuantum(ALLOCATION_QUANTUM);
      connection.remote().flowController(new DefaultHttp2RemoteFlowController(connection, distributor));
      Http2FrameWriter frames = new DefaultHttp2FrameWriter();
      if (server) {
        // SETTINGS and PING ACKs and RST_STREAMs that a client provokes but never reads are bounded:
        // past the limit the connection is closed (GOAWAY ENHANCE_YOUR_CALM), memory does not grow
        controlFrameLimit = new ControlFrameLimit(frames, MAX_QUEUED_CONTROL_FRAMES);
        frames = controlFrameLimit;
      }
      ActivityFrameWriter writer = new ActivityFrameWriter(frames);
      this.frameWriter = writer;
      DefaultHttp2FrameReader reader = new DefaultHttp2FrameReader(
          new DefaultHttp2HeadersDecoder(true, config.maxHeaderListSize()));
      Http2ConnectionEncoder enc = new DefaultHttp2ConnectionEncoder(connection, writer);
      if (!server) {
        enc = new StreamBufferingEncoder(enc);
      }
      this.encoder = enc;
      this.decoder = new DefaultHttp2ConnectionDecoder(connection, enc,
          server ? new StreamIdOrder(reader, connection) : reader);
    }
  }

  protected static Http2Settings settings(Http2Config config, boolean server) {
    Http2Settings s = new Http2Settings();
    s.initialWindowSize(config.streamWindow());
    s.maxFrameSize(config.maxFrameSize());
    s.maxHeaderListSize(config.maxHeaderListSize());
    if (server) {
      s.maxConcurrentStreams(config.maxConcurrentStreams());
    } else {
      s.pushEnabled(false);
      s.maxConcurrentStreams(0);
    }
    return s;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
    this.ctx = ctx;
    this.writeQueue = new WriteQueue(ctx.channel());
    super.handlerAdded(ctx);
    raiseConnectionWindow();
  }

  /** The connection is gone: commands still queued, and later ones, are abandoned (their buffers released). */
  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    try {
      super.channelInactive(ctx);
    } finally {
      writeQueue.close();
    }
  }

  @Override
  public void handlerRemoved0(ChannelHandlerContext ctx) throws Exception {
    try {
      super.handlerRemoved0(ctx);
    } finally {
      if (writeQueue != null) {
        writeQueue.close();
      }
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    super.channelActive(ctx);
    raiseConnectionWindow();
  }

  private void raiseConnectionWindow() throws Http2Exception {
    if (windowRaised || !ctx.channel().isActive()) {
      return;
    }
    windowRaised = true;
    int delta = config.connectionWindow() - PROTOCOL_DEFAULT_WINDOW;
    if (delta > 0) {
      Http2Stream connectionStream = connection().connectionStream();
      connection().local().flowController().incrementWindowSize(connectionStream, delta);
      ctx.flush();
    }
  }

  /**
   * A peer that resets or drops the connection, or breaks TLS, is routine: close quietly (DEBUG),
   * fail its calls.
   * An HTTP/2 protocol error goes to Netty's handling (GOAWAY or RST_STREAM), logged at DEBUG. Any
   * other exception is a bug on this side: logged at WARN here, where it ended (the connection
   * stays up, as when it reached the end of the pipeline, which logged it too).
   */
  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
    if (cause instanceof java.io.IOException) {
      LOG.debug("connection {} dropped: {}", ctx.channel().remoteAddress(), cause.toString());
      ctx.close();
      return;
    }
    if (cause.getCause() instanceof javax.net.ssl.SSLException) {
      LOG.debug("TLS failed on connection {}: {}", ctx.channel().remoteAddress(), cause.getCause().toString());
      ctx.close();
      return;
    }
    if (io.netty.handler.codec.http2.Http2CodecUtil.getEmbeddedHttp2Exception(cause) != null) {
      LOG.debug("HTTP/2 error on connection {}: {}", ctx.channel().remoteAddress(), cause.toString());
      super.exceptionCaught(ctx, cause);
      return;
    }
    LOG.warn("unexpected exception on connection {}", ctx.channel().remoteAddress(), cause);
  }

  // ------------------------------------------------------------------ StreamTransport

  @Override
  public EventLoop eventLoop() {
    return ctx.channel().eventLoop();
  }

  @Override
  public WriteQueue writeQueue() {
    return writeQueue;
  }

  @Override
  public ByteBufAllocator alloc() {
    return ctx.alloc();
  }

  @Override
  public Http2Config config() {
    return config;
  }

  /** The connection's channel. */
  public io.netty.channel.Channel channel() {
    return ctx.channel();
  }

  @Override
  public GatherBudget gatherBudget() {
    return gatherBudget;
  }

  @Override
  public InboundBudget inboundBudget() {
    return inboundBudget;
  }

  @Override
  public SocketAddress remoteAddress() {
    return ctx.channel().remoteAddress();
  }

  @Override
  public ChannelPromise newPromise() {
    return ctx.newPromise();
  }

  /**
   * Checks the event-loop confinement this class states (with {@code -ea}, as the tests run).
   * Before the handler is added there is no loop to check against.
   */
  protected final boolean onLoop() {
    return ctx == null || ctx.executor().inEventLoop();
  }

  @Override
  public void consumeBytes(int streamId, int bytes) {
    assert onLoop() : "consumeBytes off the event loop";
    if (bytes <= 0) {
      return;
    }
    Http2Stream stream = connection().stream(streamId);
    if (stream == null) {
      return;
    }
    try {
      if (connection().local().flowController().consumeBytes(stream, bytes)) {
        ctx.flush();
      }
    } catch (Http2Exception e) {
      onError(ctx, false, e);
    }
  }

  @Override
  public void writeHeaders(int streamId, Http2Headers headers, boolean endStream, ChannelPromise promise) {
    assert onLoop() : "writeHeaders off the event loop";
    encoder().writeHeaders(ctx, streamId, headers, 0, endStream, promise);
  }

  @Override
  public void writeData(int streamId, ByteBuf data, boolean endStream, ChannelPromise promise) {
    assert onLoop() : "writeData off the event loop";
    Http2Stream stream = endStream ? null : connection().stream(streamId);
    if (stream == null) {
      // END_STREAM, or a stream still buffered by the client's StreamBufferingEncoder
      encoder().writeData(ctx, streamId, data, 0, endStream, promise);
      return;
    }
    Http2Stream.State state = stream.state();
    if (state != Http2Stream.State.OPEN && state != Http2Stream.State.HALF_CLOSED_REMOTE) {
      data.release();
      promise.tryFailure(new IllegalStateException("stream " + streamId + " is " + state));
      return;
    }
    encoder().flowController().addFlowControlled(stream, new MessageWrite(encoder().frameWriter(), streamId, data,
        promise));
  }

  @Override
  public void writeRst(int streamId, Http2Error error) {
    assert onLoop() : "writeRst off the event loop";
    Http2Stream stream = connection().stream(streamId);
    if (stream != null && stream.state() != Http2Stream.State.CLOSED) {
      resetStream(ctx, streamId, error.code(), ctx.newPromise());
      ctx.flush();
    } else if (stream == null && encoder() instanceof StreamBufferingEncoder) {
      // a stream still buffered by the encoder (over the peer's concurrency limit) is dropped there
      resetStream(ctx, streamId, error.code(), ctx.newPromise());
    }
  }

  /** Netty closed stream {@code streamId}; its listener's {@code onClosed} comes next. Event-loop only. */
  protected void beforeStreamClosed(int streamId, StreamListener listener) {}

  /** A DATA or HEADERS frame is being written to the wire. Event-loop only. */
  protected void onDataOrHeadersWritten() {}

  // ------------------------------------------------------------------ frames

  @Override
  public int onDataRead(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding, boolean endOfStream)
      throws Http2Exception {
    StreamListener l = streams.get(streamId);
    if (l == null) {
      return data.readableBytes() + padding;
    }
    l.onData(data, padding, endOfStream);
    return 0;
  }

  @Override
  public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int streamDependency,
      short weight, boolean exclusive, int padding, boolean endOfStream) throws Http2Exception {
    onHeadersRead(ctx, streamId, headers, padding, endOfStream);
  }

  @Override
  public void onPriorityRead(ChannelHandlerContext ctx, int streamId, int streamDependency, short weight,
      boolean exclusive) {}

  @Override
  public void onRstStreamRead(ChannelHandlerContext ctx, int streamId, long errorCode) {
    StreamListener l = streams.get(streamId);
    if (l != null) {
      l.onReset(errorCode);
    }
  }

  @Override
  public void onSettingsAckRead(ChannelHandlerContext ctx) {}

  @Override
  public void onSettingsRead(ChannelHandlerContext ctx, Http2Settings settings) {}

  @Override
  public void onPingRead(ChannelHandlerContext ctx, long data) throws Http2Exception {}

  @Override
  public void onPingAckRead(ChannelHandlerContext ctx, long data) throws Http2Exception {}

  @Override
  public void onPushPromiseRead(ChannelHandlerContext ctx, int streamId, int promisedStreamId, Http2Headers headers,
      int padding) throws Http2Exception {
    throw Http2Exception.connectionError(Http2Error.PROTOCOL_ERROR, "push is not supported");
  }

  @Override
  public void onGoAwayRead(ChannelHandlerContext ctx, int lastStreamId, long errorCode, ByteBuf debugData) {
    LOG.debug("GOAWAY from {}: {}", ctx.channel().remoteAddress(), describeGoAway(lastStreamId, errorCode, debugData));
  }

  /** A GOAWAY frame in words: its error code, last stream id and debug data (printable ASCII, cut short). */
  protected static String describeGoAway(int lastStreamId, long errorCode, ByteBuf debugData) {
    Http2Error error = Http2Error.valueOf(errorCode);
    StringBuilder b = new StringBuilder(error == null ? "error code " + errorCode : error.name())
        .append(", last stream ").append(lastStreamId);
    int n = Math.min(debugData.readableBytes(), 200);
    if (n > 0) {
      b.append(", \"");
      for (int i = 0; i < n; i++) {
        char c = (char) (debugData.getByte(debugData.readerIndex() + i) & 0xff);
        b.append(c >= 0x20 && c < 0x7f ? c : '?');
      }
      b.append(n < debugData.readableBytes() ? "...\"" : "\"");
    }
    return b.toString();
  }

  @Override
  public void onWindowUpdateRead(ChannelHandlerContext ctx, int streamId, int windowSizeIncrement) {}

  @Override
  public void onUnknownFrame(ChannelHandlerContext ctx, byte frameType, int streamId, Http2Flags flags,
      ByteBuf payload) {}

  /** Registers the listener of a stream. Event-loop only. */
  protected void register(int streamId, StreamListener listener) {
    assert onLoop() : "register off the event loop";
    streams.put(streamId, listener);
  }

}
