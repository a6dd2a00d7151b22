package dev.flightwire.internal.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.flightwire.internal.grpc.GatherBudget;
import dev.flightwire.internal.grpc.GrpcStatus;
import dev.flightwire.internal.http2.Http2Config;
import dev.flightwire.internal.http2.StreamTransport;
import dev.flightwire.internal.http2.WriteQueue;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Stream state that DESIGN.md calls event-loop only is checked on entry (tests run with
 * {@code -ea}): a frame delivered on another thread fails at once with an AssertionError instead
 * of racing the event loop; on the loop it is accepted.
 */
class EventLoopConfinementTest {
  private final DefaultEventLoop loop = new DefaultEventLoop();

  @AfterEach
  void stop() {
    loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** A transport whose connection lives on {@code loop}; only what the test touches works. */
  private final class LoopTransport implements StreamTransport {
    @Override
    public EventLoop eventLoop() {
      return loop;
    }

    @Override
    public WriteQueue writeQueue() {
      throw new UnsupportedOperationException();
    }

    @Override
    public ByteBufAllocator alloc() {
      return ByteBufAllocator.DEFAULT;
    }

    @Override
    public Http2Config config() {
      return Http2Config.defaults();
    }

    @Override
    public GatherBudget gatherBudget() {
      return new GatherBudget(1 << 20);
    }

    @Override
    public SocketAddress remoteAddress() {
      return null;
    }

    @Override
    public ChannelPromise newPromise() {
      throw new UnsupportedOperationException();
    }

    @Override
    public void consumeBytes(int streamId, int bytes) {}

    @Override
    public void writeHeaders(int streamId, Http2Headers headers, boolean endStream, ChannelPromise promise) {}

    @Override
    public void writeData(int streamId, ByteBuf data, boolean endStream, ChannelPromise promise) {
      data.release();
    }

    @Override
    public void writeRst(int streamId, Http2Error error) {}
  }

  private final class TestStream extends CallStream {
    TestStream() {
      super(new LoopTransport());
    }

    void attachNow(int id) {
      attach(id);
    }

    @Override
    public void onHeaders(Http2Headers headers, boolean endStream) {}

    @Override
    public void onReset(long errorCode) {}

    @Override
    protected void onRemoteEndOnLoop() {
      endInbound(GrpcStatus.OK);
    }

    @Override
    protected void onProtocolErrorOnLoop(GrpcStatus status) {
      fail(status);
    }

    @Override
    protected void onClosedOnLoop() {}

    @Override
    protected boolean isClosedForWrite() {
      return false;
    }
  }

  private static boolean assertionsEnabled() {
    boolean on = false;
    assert on = true;
    return on;
  }

  @Test
  void framesOffTheEventLoopAreRefused() throws Exception {
    assumeTrue(assertionsEnabled(), "run with -ea (surefire's default)");
    TestStream s = new TestStream();
    assertThrows(AssertionError.class, () -> s.attachNow(3), "attach off the loop");
    loop.submit(() -> s.attachNow(3)).get(5, TimeUnit.SECONDS);
    ByteBuf data = Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 0, 0});
    try {
      assertThrows(AssertionError.class, () -> s.onData(data, 0, true), "onData off the loop");
      assertEquals(1, data.refCnt(), "a refused frame is left to its owner");
    } finally {
      data.release();
    }
    assertThrows(AssertionError.class, s::onClosed, "onClosed off the loop");
    // on the loop, the same frame is taken: one empty message, then the end
    ByteBuf onLoop = Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 0, 0});
    loop.submit(() -> {
      s.onData(onLoop, 0, true);
      onLoop.release();
    }).get(5, TimeUnit.SECONDS);
    ByteBuf m = s.readMessage();
    assertEquals(0, m.readableBytes());
    m.release();
    assertEquals(null, s.readMessage());
    loop.submit(s::onClosed).get(5, TimeUnit.SECONDS);
    assertTrue(true);
  }
}
