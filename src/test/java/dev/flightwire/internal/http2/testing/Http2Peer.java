package dev.flightwire.internal.http2.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.DefaultHttp2FrameReader;
import io.netty.handler.codec.http2.DefaultHttp2FrameWriter;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Flags;
import io.netty.handler.codec.http2.Http2FrameListener;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2Settings;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The far end of an {@link EmbeddedChannel} that carries an HTTP/2 connection handler: frames
 * written with Netty's {@link DefaultHttp2FrameWriter} go into the channel as inbound bytes, and
 * the bytes the handler writes come back parsed by {@link DefaultHttp2FrameReader}, one line of
 * text per frame, so that a test states the exact frames it expects.
 *
 * <p>Frames are written into a second channel ("the wire") and collected there until
 * {@link #send()} hands them to the channel under test in one buffer, as one socket read would.
 * Every buffer read back is released here; frame text copies what it shows.
 *
 * <p>Not thread-safe; the test thread only (which is the embedded channel's event loop).
 */
public final class Http2Peer implements AutoCloseable {
  /** One line per frame: {@code TYPE stream=N ...}. DATA shows its length and, when short, its bytes. */
  private static final int SHOWN_DATA_BYTES = 16;

  private final EmbeddedChannel channel;
  private final EmbeddedChannel wire;
  private final ChannelHandlerContext wireCtx;
  private final DefaultHttp2FrameWriter writer = new DefaultHttp2FrameWriter();
  private final DefaultHttp2FrameReader reader = new DefaultHttp2FrameReader(true);
  private final List<String> parsed = new ArrayList<>();
  private final Recorder recorder = new Recorder();

  /** @param channel the channel under test; its allocator is also used for the frames written here */
  public Http2Peer(EmbeddedChannel channel) {
    this.channel = channel;
    this.wire = new EmbeddedChannel(new ChannelInboundHandlerAdapter());
    wire.config().setAllocator(channel.alloc());
    this.wireCtx = wire.pipeline().firstContext();
  }

  // ------------------------------------------------------------------ frames in

  /** A server's GOAWAY. */
  public Http2Peer goAway(int lastStreamId, Http2Error error) {
    writer.writeGoAway(wireCtx, lastStreamId, error.code(), io.netty.buffer.Unpooled.EMPTY_BUFFER, wireCtx.newPromise());
    return this;
  }

  /** The client connection preface: the magic string and an empty SETTINGS frame. */
  public Http2Peer preface() {
    wire.write(Http2CodecUtil.connectionPrefaceBuf());
    return settings(new Http2Settings());
  }

  public Http2Peer settings(Http2Settings settings) {
    writer.writeSettings(wireCtx, settings, wireCtx.newPromise());
    return this;
  }

  public Http2Peer settingsAck() {
    writer.writeSettingsAck(wireCtx, wireCtx.newPromise());
    return this;
  }

  public Http2Peer headers(int streamId, Http2Headers headers, boolean endStream) {
    writer.writeHeaders(wireCtx, streamId, headers, 0, endStream, wireCtx.newPromise());
    return this;
  }

  /** A gRPC request's HEADERS for {@code path}: POST, https, application/grpc, te: trailers. */
  public Http2Peer request(int streamId, String path, boolean endStream) {
    return headers(streamId, requestHeaders(path), endStream);
  }

  /** Request headers as a gRPC client sends them. */
  public static Http2Headers requestHeaders(String path) {
    return new DefaultHttp2Headers().method("POST").scheme("https").authority("localhost").path(path)
        .set("content-type", "application/grpc").set("te", "trailers");
  }

  /** One DATA frame; takes ownership of {@code payload}. */
  public Http2Peer data(int streamId, ByteBuf payload, boolean endStream) {
    writer.writeData(wireCtx, streamId, payload, 0, endStream, wireCtx.newPromise());
    return this;
  }

  /** One DATA frame carrying {@code payload}. */
  public Http2Peer data(int streamId, byte[] payload, boolean endStream) {
    return data(streamId, channel.alloc().buffer(payload.length).writeBytes(payload), endStream);
  }

  public Http2Peer rst(int streamId, Http2Error error) {
    writer.writeRstStream(wireCtx, streamId, error.code(), wireCtx.newPromise());
    return this;
  }

  public Http2Peer windowUpdate(int streamId, int increment) {
    writer.writeWindowUpdate(wireCtx, streamId, increment, wireCtx.newPromise());
    return this;
  }

  public Http2Peer ping(boolean ack, long data) {
    writer.writePing(wireCtx, ack, data, wireCtx.newPromise());
    return this;
  }

  /**
   * A frame written byte by byte, for what Netty's writer refuses to write (a DATA frame on
   * stream 0, say): the 9-byte frame header, then {@code payload}.
   */
  public Http2Peer rawFrame(int type, int flags, int streamId, byte[] payload) {
    ByteBuf b = channel.alloc().buffer(9 + payload.length);
    b.writeMedium(payload.length).writeByte(type).writeByte(flags).writeInt(streamId).writeBytes(payload);
    wire.write(b);
    return this;
  }

  /**
   * Hands every frame written since the last send to the channel under test, in one buffer, and
   * runs the tasks that schedules. Returns the buffer, which the channel owns now: a test may only
   * look at its {@code refCnt()} (to see that whoever kept a slice of it let go).
   */
  public ByteBuf send() {
    wire.flush();
    CompositeByteBuf all = channel.alloc().compositeBuffer(Integer.MAX_VALUE);
    for (Object o; (o = wire.readOutbound()) != null; ) {
      all.addComponent(true, (ByteBuf) o);
    }
    ByteBuf in = channel.alloc().buffer(all.readableBytes()).writeBytes(all);
    all.release();
    channel.writeInbound(in);
    channel.runPendingTasks();
    return in;
  }

  // ------------------------------------------------------------------ frames out

  /**
   * Runs the channel's pending tasks, then returns the frames it wrote since the last call, one
   * line each, and releases the bytes.
   */
  public List<String> frames() {
    channel.runPendingTasks();
    if (channel.isOpen()) {
      channel.flushOutbound();
    }
    CompositeByteBuf all = channel.alloc().compositeBuffer(Integer.MAX_VALUE);
    try {
      for (Object o; (o = channel.readOutbound()) != null; ) {
        all.addComponent(true, (ByteBuf) o);
      }
      ByteBuf preface = Http2CodecUtil.connectionPrefaceBuf();
      try {
        // a client connection starts with the connection preface's magic string, not a frame
        if (all.readableBytes() >= preface.readableBytes()
            && io.netty.buffer.ByteBufUtil.equals(all, all.readerIndex(), preface, 0, preface.readableBytes())) {
          all.skipBytes(preface.readableBytes());
          parsed.add("PREFACE");
        }
      } finally {
        preface.release();
      }
      while (all.isReadable()) {
        int before = all.readableBytes();
        reader.readFrame(wireCtx, all, recorder);
        if (all.readableBytes() == before) {
          throw new AssertionError("a partial frame was written: " + before + " bytes left");
        }
      }
    } catch (Http2Exception e) {
      throw new AssertionError("the channel wrote a frame that does not parse", e);
    } finally {
      all.release();
    }
    List<String> out = new ArrayList<>(parsed);
    parsed.clear();
    return out;
  }

  /** A gRPC message: the 5-byte prefix (flag 0, big-endian length) and {@code payload}. */
  public static byte[] grpcMessage(byte[] payload) {
    byte[] m = new byte[5 + payload.length];
    int n = payload.length;
    m[1] = (byte) (n >>> 24);
    m[2] = (byte) (n >>> 16);
    m[3] = (byte) (n >>> 8);
    m[4] = (byte) n;
    System.arraycopy(payload, 0, m, 5, n);
    return m;
  }

  /** {@code n} bytes counting up from 0, wrapping at 256: a payload whose every byte can be checked. */
  public static byte[] bytes(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) i;
    }
    return b;
  }

  /** Bytes {@code from} (inclusive) to {@code to} (exclusive) of {@code b}. */
  public static byte[] range(byte[] b, int from, int to) {
    return java.util.Arrays.copyOfRange(b, from, to);
  }

  /** Closes the wire; the channel under test is the test's to finish. */
  @Override
  public void close() {
    wire.finishAndReleaseAll();
  }

  private static String headerText(Http2Headers headers) {
    StringBuilder b = new StringBuilder("{");
    for (Map.Entry<CharSequence, CharSequence> e : headers) {
      if (b.length() > 1) {
        b.append(", ");
      }
      b.append(e.getKey()).append('=').append(e.getValue());
    }
    return b.append('}').toString();
  }

  private static final String[] SETTING_NAMES = {null, "HEADER_TABLE_SIZE", "ENABLE_PUSH",
      "MAX_CONCURRENT_STREAMS", "INITIAL_WINDOW_SIZE", "MAX_FRAME_SIZE", "MAX_HEADER_LIST_SIZE"};

  /** The settings in identifier order, by name: {@code {INITIAL_WINDOW_SIZE=65536, ...}}. */
  private static String settingsText(Http2Settings settings) {
    java.util.TreeMap<Integer, Long> sorted = new java.util.TreeMap<>();
    settings.forEach((k, v) -> sorted.put((int) k.charValue(), v));
    StringBuilder b = new StringBuilder("{");
    sorted.forEach((k, v) -> {
      if (b.length() > 1) {
        b.append(", ");
      }
      b.append(k < SETTING_NAMES.length ? SETTING_NAMES[k] : "0x" + Integer.toHexString(k)).append('=').append(v);
    });
    return b.append('}').toString();
  }

  private static String end(boolean endStream) {
    return endStream ? " END_STREAM" : "";
  }

  /** Turns each parsed frame into its line of text. */
  private final class Recorder implements Http2FrameListener {
    @Override
    public int onDataRead(ChannelHandlerContext ctx, int streamId, ByteBuf data, int padding, boolean endOfStream) {
      int n = data.readableBytes();
      String shown = n <= SHOWN_DATA_BYTES ? " " + io.netty.buffer.ByteBufUtil.hexDump(data) : "";
      parsed.add("DATA stream=" + streamId + " length=" + n + shown + end(endOfStream));
      return n + padding;
    }

    @Override
    public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding,
        boolean endOfStream) {
      parsed.add("HEADERS stream=" + streamId + end(endOfStream) + " " + headerText(headers));
    }

    @Override
    public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int streamDependency,
        short weight, boolean exclusive, int padding, boolean endOfStream) {
      onHeadersRead(ctx, streamId, headers, padding, endOfStream);
    }

    @Override
    public void onPriorityRead(ChannelHandlerContext ctx, int streamId, int streamDependency, short weight,
        boolean exclusive) {
      parsed.add("PRIORITY stream=" + streamId);
    }

    @Override
    public void onRstStreamRead(ChannelHandlerContext ctx, int streamId, long errorCode) {
      parsed.add("RST_STREAM stream=" + streamId + " " + Http2Error.valueOf(errorCode));
    }

    @Override
    public void onSettingsAckRead(ChannelHandlerContext ctx) {
      parsed.add("SETTINGS ACK");
    }

    @Override
    public void onSettingsRead(ChannelHandlerContext ctx, Http2Settings settings) {
      parsed.add("SETTINGS " + settingsText(settings));
    }

    @Override
    public void onPingRead(ChannelHandlerContext ctx, long data) {
      parsed.add("PING " + Long.toHexString(data));
    }

    @Override
    public void onPingAckRead(ChannelHandlerContext ctx, long data) {
      parsed.add("PING ACK " + Long.toHexString(data));
    }

    @Override
    public void onPushPromiseRead(ChannelHandlerContext ctx, int streamId, int promisedStreamId, Http2Headers headers,
        int padding) {
      parsed.add("PUSH_PROMISE stream=" + streamId);
    }

    @Override
    public void onGoAwayRead(ChannelHandlerContext ctx, int lastStreamId, long errorCode, ByteBuf debugData) {
      parsed.add("GOAWAY last=" + lastStreamId + " " + Http2Error.valueOf(errorCode) + " \""
          + debugData.toString(StandardCharsets.UTF_8) + "\"");
    }

    @Override
    public void onWindowUpdateRead(ChannelHandlerContext ctx, int streamId, int windowSizeIncrement) {
      parsed.add("WINDOW_UPDATE stream=" + streamId + " +" + windowSizeIncrement);
    }

    @Override
    public void onUnknownFrame(ChannelHandlerContext ctx, byte frameType, int streamId, Http2Flags flags,
        ByteBuf payload) {
      parsed.add("UNKNOWN type=" + frameType + " stream=" + streamId);
    }
  }
}
