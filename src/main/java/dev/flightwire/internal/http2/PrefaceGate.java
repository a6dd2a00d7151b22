package dev.flightwire.internal.http2;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first handler of a plaintext server connection: waits for the client's first bytes and, if
 * they are the HTTP/2 connection preface, replaces itself with the HTTP/2 handler (which then
 * sends the server's SETTINGS and reads the preface as usual). Anything else is not a gRPC client
 * speaking h2c with prior knowledge: an HTTP/1.x request gets a plain-text
 * {@code 505 HTTP Version Not Supported} it can show, whereas the HTTP/2 handler's own answer
 * would be binary SETTINGS and GOAWAY frames that an HTTP/1.1 client cannot read; then the
 * connection is closed. Any other start (a corrupt preface, bytes that are not HTTP) is a
 * connection error PROTOCOL_ERROR (RFC 9113 section 3.4): an empty SETTINGS frame, GOAWAY
 * PROTOCOL_ERROR "invalid connection preface", close.
 *
 * <p>Event-loop only.
 */
public final class PrefaceGate extends ByteToMessageDecoder {
  private static final Logger LOG = LoggerFactory.getLogger(PrefaceGate.class);
  private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private static final byte[] GOAWAY_DEBUG = "invalid connection preface".getBytes(StandardCharsets.US_ASCII);
  /** An empty SETTINGS frame, then GOAWAY (last stream 0, PROTOCOL_ERROR, {@link #GOAWAY_DEBUG}). */
  private static final byte[] SETTINGS_AND_GOAWAY = settingsAndGoAway();

  private final Supplier<ChannelHandler> http2;
  private final long timeoutNanos;
  private boolean refused;
  private java.util.concurrent.ScheduledFuture<?> timer;

  /**
   * @param http2 makes the connection's HTTP/2 handler, installed once the preface is seen
   * @param timeoutNanos a connection that has not sent the preface by then is closed; 0 for never
   */
  public PrefaceGate(Supplier<ChannelHandler> http2, long timeoutNanos) {
    this.http2 = http2;
    this.timeoutNanos = timeoutNanos;
  }

  private static byte[] settingsAndGoAway() {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(9 + 9 + 8 + GOAWAY_DEBUG.length);
    b.put(new byte[] {0, 0, 0, 0x4, 0}).putInt(0); // SETTINGS, no parameters
    b.put(new byte[] {0, 0, (byte) (8 + GOAWAY_DEBUG.length), 0x7, 0}).putInt(0); // GOAWAY on stream 0
    b.putInt(0).putInt(0x1).put(GOAWAY_DEBUG); // last stream 0, PROTOCOL_ERROR
    return b.array();
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (timeoutNanos > 0) {
      timer = ctx.executor().schedule(() -> {
        if (ctx.channel().isActive() && !ctx.isRemoved()) {
          LOG.debug("closing the connection from {}: no HTTP/2 preface within the handshake timeout",
              ctx.channel().remoteAddress());
          ctx.close(); // a client that never sends the HTTP/2 preface
        }
      }, timeoutNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
  }

  @Override
  protected void handlerRemoved0(ChannelHandlerContext ctx) {
    if (timer != null) {
      timer.cancel(false);
    }
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (refused) {
      in.skipBytes(in.readableBytes()); // the rest of a refused request, until the close
      return;
    }
    int n = Math.min(in.readableBytes(), PREFACE.length);
    for (int i = 0; i < n; i++) {
      if (in.getByte(in.readerIndex() + i) != PREFACE[i]) {
        refused = true;
        refuse(ctx, in, i);
        return;
      }
    }
    if (n == PREFACE.length) {
      // the bytes read so far are handed on to the HTTP/2 handler when this one is removed
      ctx.pipeline().replace(this, null, http2.get());
    }
  }

  /**
   * @param matched how many leading bytes matched the preface: from 4 on ("PRI "), an HTTP/2
   *     client whose preface is corrupt, never an HTTP/1 request
   */
  private static void refuse(ChannelHandlerContext ctx, ByteBuf in, int matched) {
    String start = in.toString(in.readerIndex(), Math.min(in.readableBytes(), 64), StandardCharsets.ISO_8859_1);
    in.skipBytes(in.readableBytes());
    if (matched >= 4 || !start.matches("(?s)[A-Z]+ \\S+.*")) {
      // RFC 9113 section 3.4: an invalid preface is a connection error PROTOCOL_ERROR. The server's
      // preface (an empty SETTINGS frame) comes first, then GOAWAY, then the connection is closed.
      LOG.debug("closing the connection from {} with GOAWAY PROTOCOL_ERROR: it does not start with the HTTP/2"
          + " preface, nor HTTP/1", ctx.channel().remoteAddress());
      ctx.writeAndFlush(Unpooled.wrappedBuffer(SETTINGS_AND_GOAWAY)).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    LOG.debug("answering HTTP/1 from {} with 505: this server speaks HTTP/2 only", ctx.channel().remoteAddress());
    String text = "This is a gRPC (Apache Arrow Flight) server: it speaks HTTP/2 only (h2c with prior knowledge"
        + " on plaintext ports), not HTTP/1.x.\n";
    String response = "HTTP/1.1 505 HTTP Version Not Supported\r\n"
        + "Content-Type: text/plain; charset=utf-8\r\n"
        + "Content-Length: " + text.length() + "\r\n"
        + "Connection: close\r\n\r\n" + text;
    ctx.writeAndFlush(ByteBufUtil.writeAscii(ctx.alloc(), response)).addListener(ChannelFutureListener.CLOSE);
  }
}
