package dev.flightwire.internal.inprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.internal.http2.Http2Config;
import dev.flightwire.internal.http2.InboundBudget;
import dev.flightwire.internal.http2.StreamListener;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Streams held back over the server's limit of concurrent calls (maxConcurrentStreams = 1), with
 * two things done in one task of the connection's loop, as happens whenever several application
 * threads enqueue while another thread runs the loop (their commands drain in one batch).
 */
class HeldStreamsTest {
  private final List<Integer> accepted = new ArrayList<>();
  private int open;
  private int maxOpen;

  private final class Server implements StreamListener {
    @Override
    public void onHeaders(Http2Headers headers, boolean endStream) {}

    @Override
    public void onData(ByteBuf data, int padding, boolean endStream) {}

    @Override
    public void onReset(long errorCode) {}

    @Override
    public void onClosed() {
      open--;
    }
  }

  private static final class Client implements StreamListener {
    @Override
    public void onHeaders(Http2Headers headers, boolean endStream) {}

    @Override
    public void onData(ByteBuf data, int padding, boolean endStream) {}

    @Override
    public void onReset(long errorCode) {}

    @Override
    public void onClosed() {}
  }

  private InProcessConnection connection() {
    Http2Config server = Http2Config.defaults().withConnectionLimits(1, -1, -1);
    return new InProcessConnection(new InlineLoop(), "held", (c, id, h, end) -> {
      accepted.add(id);
      open++;
      maxOpen = Math.max(maxOpen, open);
      return new Server();
    }, Http2Config.defaults(), server, InboundBudget.UNLIMITED, UnpooledByteBufAllocator.DEFAULT);
  }

  private static int start(InProcessConnection c) {
    int[] id = new int[1];
    c.eventLoop().execute(() -> id[0] = c.client.startStream(new Client(), new DefaultHttp2Headers().path("/x"),
        false, c.client.newPromise()));
    return id[0];
  }

  @Test
  void aHeldStreamResetBeforeItsTurnPassesTheSlotOn() {
    InProcessConnection c = connection();
    int a = start(c);
    int b = start(c);
    int d = start(c);
    assertEquals(List.of(a), accepted); // b and d held
    // A's call ends and B is cancelled, in one task
    c.eventLoop().execute(() -> {
      c.client.writeRst(a, Http2Error.CANCEL);
      c.client.writeRst(b, Http2Error.CANCEL);
    });
    assertEquals(List.of(a, d), accepted, "d is held although no call is open");
  }

  @Test
  void aNewStreamDoesNotJumpAheadOfHeldOnesNorExceedTheLimit() {
    InProcessConnection c = connection();
    int a = start(c);
    int b = start(c);
    assertEquals(List.of(a), accepted);
    int[] d = new int[1];
    // a new call starts and A's call ends, in one task
    c.eventLoop().execute(() -> {
      d[0] = c.client.startStream(new Client(), new DefaultHttp2Headers().path("/x"), false, c.client.newPromise());
      c.client.writeRst(a, Http2Error.CANCEL);
    });
    assertTrue(maxOpen <= 1, "calls open at once: " + maxOpen + " (limit 1); accepted " + accepted);
    assertEquals(List.of(a, b), accepted, "held b goes first");
  }
}
