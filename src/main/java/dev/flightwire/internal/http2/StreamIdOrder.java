package dev.flightwire.internal.http2;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameListener;
import io.netty.handler.codec.http2.Http2FrameListenerDecorator;
import io.netty.handler.codec.http2.Http2FrameReader;
import io.netty.handler.codec.http2.Http2Headers;
import java.util.ArrayDeque;

/**
 * A server's frame reader that refuses a HEADERS frame opening a stream whose identifier is below
 * one the client already used: a connection error PROTOCOL_ERROR (RFC 9113 section 5.1.1). Netty
 * alone cannot tell such an id from a stream that existed and was closed (where a late HEADERS
 * frame is a stream error at most), and answers both with RST_STREAM STREAM_CLOSED. So this
 * remembers the ids the client skipped (as ranges, the most recent {@value #MAX_GAPS}); a HEADERS
 * frame on a skipped id is the error, one on an id used before goes on to Netty as before.
 *
 * <p>Event-loop only.
 */
final class StreamIdOrder implements Http2FrameReader {
  static final int MAX_GAPS = 64;

  private final Http2FrameReader delegate;
  private final Http2Connection connection;
  /** Skipped client stream ids, {first, last} pairs in increasing order; the oldest go first. */
  private final ArrayDeque<int[]> gaps = new ArrayDeque<>();
  private int highest = -1;
  private Http2FrameListener wrapped;
  private Http2FrameListener wrapping;

  StreamIdOrder(Http2FrameReader delegate, Http2Connection connection) {
    this.delegate = delegate;
    this.connection = connection;
  }

  @Override
  public void readFrame(ChannelHandlerContext ctx, ByteBuf input, Http2FrameListener listener) throws Http2Exception {
    if (listener != wrapping) {
      wrapping = listener;
      wrapped = new Http2FrameListenerDecorator(listener) {
        @Override
        public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int padding,
            boolean endOfStream) throws Http2Exception {
          check(streamId);
          super.onHeadersRead(ctx, streamId, headers, padding, endOfStream);
        }

        @Override
        public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers, int streamDependency,
            short weight, boolean exclusive, int padding, boolean endOfStream) throws Http2Exception {
          check(streamId);
          super.onHeadersRead(ctx, streamId, headers, streamDependency, weight, exclusive, padding, endOfStream);
        }
      };
    }
    delegate.readFrame(ctx, input, wrapped);
  }

  void check(int id) throws Http2Exception {
    if (!connection.remote().isValidStreamId(id)) {
      return; // Netty's own checks
    }
    if (id > highest) {
      int first = highest < 0 ? 1 : highest + 2;
      if (id > first) {
        if (gaps.size() == MAX_GAPS) {
          gaps.removeFirst();
        }
        gaps.addLast(new int[] {first, id - 2});
      }
      highest = id;
      return;
    }
    if (connection.stream(id) != null) {
      return;
    }
    for (int[] gap : gaps) {
      if (id >= gap[0] && id <= gap[1]) {
        throw Http2Exception.connectionError(Http2Error.PROTOCOL_ERROR,
            "HEADERS opening stream %d after stream %d: stream identifiers must increase", id, highest);
      }
    }
  }

  @Override
  public Configuration configuration() {
    return delegate.configuration();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
