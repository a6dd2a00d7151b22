package dev.flightwire.internal.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GrpcWireTest {
  @Test
  void statusMessageIsPercentEncodedAsObservedFromCpp() {
    assertEquals("nope %C3%BC 100%25", StatusMessageCodec.encode("nope ü 100%"));
    assertEquals("nope ü 100%", StatusMessageCodec.decode("nope %C3%BC 100%25"));
    assertEquals("line%0Anext", StatusMessageCodec.encode("line\nnext"));
    assertEquals("bad %zz and %4", StatusMessageCodec.decode("bad %zz and %4"), "lenient on bad escapes");
  }

  @Test
  void timeoutFormatsAndParses() {
    assertEquals(TimeUnit.MILLISECONDS.toNanos(5010), GrpcTimeout.parseNanos("5010m"));
    assertEquals(TimeUnit.HOURS.toNanos(2), GrpcTimeout.parseNanos("2H"));
    assertEquals("99999999n", GrpcTimeout.format(99_999_999));
    assertEquals("100000u", GrpcTimeout.format(100_000_000));
    assertEquals(TimeUnit.SECONDS.toNanos(30), GrpcTimeout.parseNanos(GrpcTimeout.format(TimeUnit.SECONDS.toNanos(30))));
    assertThrows(IllegalArgumentException.class, () -> GrpcTimeout.parseNanos("123456789S"));
    assertThrows(IllegalArgumentException.class, () -> GrpcTimeout.parseNanos("12x"));
    assertThrows(IllegalArgumentException.class, () -> GrpcTimeout.parseNanos("-1S"));
  }

  @Test
  void statusCodeParsing() {
    assertEquals(GrpcStatusCode.UNAUTHENTICATED, GrpcStatusCode.parse("16"));
    assertEquals(GrpcStatusCode.UNKNOWN, GrpcStatusCode.parse("17"));
    assertEquals(GrpcStatusCode.UNKNOWN, GrpcStatusCode.parse("x"));
  }

  private static final class Collect implements GrpcDeframer.Listener {
    final List<ByteBuf> messages = new ArrayList<>();
    final List<Integer> wire = new ArrayList<>();

    @Override
    public void onMessage(ByteBuf message, int wireBytes) {
      messages.add(message);
      wire.add(wireBytes);
    }
  }

  @Test
  void deframerSplitsAcrossAndWithinBuffers() {
    Collect c = new Collect();
    GrpcDeframer d = new GrpcDeframer(ByteBufAllocator.DEFAULT, 1 << 20, c);
    ByteBuf all = Unpooled.buffer();
    all.writeBytes(new byte[] {0, 0, 0, 0, 3, 'a', 'b', 'c', 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 'x', 'y'});
    // feed one byte at a time: the first and last message are gathered, the empty one is not
    for (int i = 0; i < all.readableBytes(); i++) {
      ByteBuf one = all.retainedSlice(i, 1);
      d.receive(one);
      one.release();
    }
    assertEquals(3, c.messages.size());
    assertEquals("abc", c.messages.get(0).toString(java.nio.charset.StandardCharsets.US_ASCII));
    assertEquals(0, c.messages.get(1).readableBytes());
    assertEquals("xy", c.messages.get(2).toString(java.nio.charset.StandardCharsets.US_ASCII));
    assertEquals(List.of(8, 5, 7), c.wire);
    c.messages.forEach(ByteBuf::release);
    // whole input at once: messages are slices of it (no copy) and keep it alive until released
    Collect c2 = new Collect();
    GrpcDeframer d2 = new GrpcDeframer(ByteBufAllocator.DEFAULT, 1 << 20, c2);
    d2.receive(all);
    assertEquals(3, c2.messages.size());
    all.release();
    assertEquals(1, all.refCnt() > 0 ? 1 : 0, "slices hold the input");
    c2.messages.forEach(ByteBuf::release);
    assertEquals(0, all.refCnt());
    assertTrue(d2.isIdle());
  }

  @Test
  void deframerRefusesOversizeBeforeAllocating() {
    Collect c = new Collect();
    GrpcDeframer d = new GrpcDeframer(ByteBufAllocator.DEFAULT, 100, c);
    ByteBuf in = Unpooled.wrappedBuffer(new byte[] {0, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff});
    GrpcStatusException e = assertThrows(GrpcStatusException.class, () -> d.receive(in));
    assertEquals(GrpcStatusCode.RESOURCE_EXHAUSTED, e.status().code());
    assertTrue(e.status().message().contains("exceeds the limit of 100 bytes"), e.status().message());
    in.release();
  }

  @Test
  void deframerRefusesCompressedFlagWithoutEncoding() {
    GrpcDeframer d = new GrpcDeframer(ByteBufAllocator.DEFAULT, 100, new Collect());
    ByteBuf in = Unpooled.wrappedBuffer(new byte[] {1, 0, 0, 0, 1, 9});
    GrpcStatusException e = assertThrows(GrpcStatusException.class, () -> d.receive(in));
    assertEquals(GrpcStatusCode.INTERNAL, e.status().code());
    in.release();
  }

  @Test
  void partialMessageIsReleasedOnClose() {
    Collect c = new Collect();
    GrpcDeframer d = new GrpcDeframer(ByteBufAllocator.DEFAULT, 1 << 20, c);
    ByteBuf in = Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 0, 10, 1, 2, 3});
    d.receive(in);
    in.release();
    assertTrue(!d.isIdle());
    d.close();
    assertEquals(0, c.messages.size());
  }
}
