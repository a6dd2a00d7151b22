package dev.flightwire.internal.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
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
    // an HTTP/2 field value must not start or end with whitespace
    assertEquals("%20unknown path:%20", StatusMessageCodec.encode(" unknown path: "));
    assertEquals(" unknown path: ", StatusMessageCodec.decode("%20unknown path:%20"));
    assertEquals("%20", StatusMessageCodec.encode(" "));
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
    GrpcDeframer d = new GrpcDeframer(ByteBufAllocator.DEFAULT, 1 << 20, new GatherBudget(1 << 20), c);
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
    GrpcDeframer d2 = new GrpcDeframer(ByteBufAllocator.DEFAULT, 1 << 20, new GatherBudget(1 << 20), c2);
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
    GrpcDeframer d = new GrpcDeframer(ByteBufAllocator.DEFAULT, 100, new GatherBudget(1 << 20), c);
    ByteBuf in = Unpooled.wrappedBuffer(new byte[] {0, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff});
    GrpcStatusException e = assertThrows(GrpcStatusException.class, () -> d.receive(in));
    assertEquals(GrpcStatusCode.RESOURCE_EXHAUSTED, e.status().code());
    assertTrue(e.status().message().contains("exceeds the limit of 100 bytes"), e.status().message());
    in.release();
  }

  @Test
  void deframerRefusesCompressedFlagWithoutEncoding() {
    GrpcDeframer d = new GrpcDeframer(ByteBufAllocator.DEFAULT, 100, new GatherBudget(1 << 20), new Collect());
    ByteBuf in = Unpooled.wrappedBuffer(new byte[] {1, 0, 0, 0, 1, 9});
    GrpcStatusException e = assertThrows(GrpcStatusException.class, () -> d.receive(in));
    assertEquals(GrpcStatusCode.INTERNAL, e.status().code());
    in.release();
  }

  @Test
  void partialMessageIsReleasedOnClose() {
    Collect c = new Collect();
    GrpcDeframer d = new GrpcDeframer(ByteBufAllocator.DEFAULT, 1 << 20, new GatherBudget(1 << 20), c);
    ByteBuf in = Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 0, 10, 1, 2, 3});
    d.receive(in);
    in.release();
    assertTrue(!d.isIdle());
    d.close();
    assertEquals(0, c.messages.size());
  }

  /** Records the initial capacity of every direct buffer it allocates. */
  private static final class RecordingAllocator extends AbstractByteBufAllocator {
    final List<Integer> capacities = new ArrayList<>();

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
      return UnpooledByteBufAllocator.DEFAULT.heapBuffer(initialCapacity, maxCapacity);
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
      capacities.add(initialCapacity);
      return UnpooledByteBufAllocator.DEFAULT.directBuffer(initialCapacity, maxCapacity);
    }

    @Override
    public boolean isDirectBufferPooled() {
      return false;
    }
  }

  @Test
  void declaredLengthAloneAllocatesNothingBeyondTheBudget() {
    RecordingAllocator alloc = new RecordingAllocator();
    GatherBudget budget = new GatherBudget(1000);
    Collect c = new Collect();
    GrpcDeframer d = new GrpcDeframer(alloc, 1 << 30, budget, c);
    // declares 512 MiB, sends 10 bytes of it: the buffer follows the bytes, not the claim
    ByteBuf in = Unpooled.wrappedBuffer(new byte[] {0, 0x20, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
    d.receive(in);
    in.release();
    assertEquals(List.of(256), alloc.capacities);
    assertEquals(1000, budget.left());
    d.close();
    assertEquals(1000, budget.left());
  }

  @Test
  void messageWithinTheBudgetIsAllocatedOnceAndReturnsTheBudget() {
    RecordingAllocator alloc = new RecordingAllocator();
    GatherBudget budget = new GatherBudget(1000);
    Collect c = new Collect();
    GrpcDeframer d = new GrpcDeframer(alloc, 1 << 20, budget, c);
    byte[] body = new byte[600];
    for (int i = 0; i < body.length; i++) {
      body[i] = (byte) i;
    }
    feed(d, frame(body), 100);
    assertEquals(List.of(600), alloc.capacities, "one buffer of the declared size");
    assertEquals(1000, budget.left());
    assertEquals(Unpooled.wrappedBuffer(body), c.messages.get(0));
    c.messages.forEach(ByteBuf::release);
    // over the budget: grows by doubling from what arrived, and the bytes are still exact
    body = new byte[5000];
    for (int i = 0; i < body.length; i++) {
      body[i] = (byte) (i * 7);
    }
    alloc.capacities.clear();
    c.messages.clear();
    feed(d, frame(body), 100);
    assertEquals(List.of(256), alloc.capacities, "started small; grown in place after");
    assertEquals(Unpooled.wrappedBuffer(body), c.messages.get(0));
    c.messages.forEach(ByteBuf::release);
    assertEquals(1000, budget.left());
    // a partial message within the budget gives its reservation back when the stream closes
    ByteBuf partial = frame(new byte[800]);
    d.receive(partial.slice(0, 300));
    partial.release();
    assertEquals(1000 - 800 + 295, budget.left(), "800 reserved, 295 of them filled");
    d.close();
    assertEquals(1000, budget.left());
  }

  /** A FlightData-shaped protobuf: field 2 (header bytes), then field {@code bodyField}, then optionally field 3. */
  private static byte[] flightData(int headerLength, int bodyLength, int bodyField, boolean trailingField) {
    ByteBuf b = Unpooled.buffer();
    b.writeByte(2 << 3 | 2);
    writeVarint(b, headerLength);
    for (int i = 0; i < headerLength; i++) {
      b.writeByte(i * 3);
    }
    writeVarint(b, (long) bodyField << 3 | 2);
    writeVarint(b, bodyLength);
    for (int i = 0; i < bodyLength; i++) {
      b.writeByte(i * 5 + 1);
    }
    if (trailingField) {
      b.writeByte(3 << 3 | 2).writeByte(1).writeByte(42);
    }
    byte[] out = new byte[b.readableBytes()];
    b.readBytes(out);
    b.release();
    return out;
  }

  private static void writeVarint(ByteBuf b, long v) {
    while ((v & ~0x7FL) != 0) {
      b.writeByte((int) (v & 0x7F) | 0x80);
      v >>>= 7;
    }
    b.writeByte((int) v);
  }

  @Test
  void largeBulkFieldEndingTheMessageGetsABufferOfItsExactSize() {
    RecordingAllocator alloc = new RecordingAllocator();
    GatherBudget budget = new GatherBudget(8 << 20);
    Collect c = new Collect();
    GrpcDeframer d = new GrpcDeframer(alloc, 1 << 30, budget, 1000, c);
    byte[] message = flightData(300, 2 << 20, 1000, false);
    feed(d, frame(message), 16_384);
    int head = message.length - (2 << 20);
    assertEquals(List.of(head, 2 << 20), alloc.capacities, "head and body, each exactly sized");
    ByteBuf got = c.messages.get(0);
    assertEquals(Unpooled.wrappedBuffer(message), got);
    java.nio.ByteBuffer[] body = got.nioBuffers(head, 2 << 20);
    assertEquals(1, body.length, "the body is contiguous");
    assertTrue(body[0].isDirect());
    assertEquals(8 << 20, budget.left());
    got.release();
    assertEquals(0, got.refCnt());

    // the header arriving in pieces smaller than itself: the split still happens if the first
    // piece shows the body's tag; otherwise one buffer (either way the bytes are exact)
    alloc.capacities.clear();
    c.messages.clear();
    feed(d, frame(message), 100);
    assertEquals(List.of(message.length), alloc.capacities, "tag not visible in the first piece: one buffer");
    assertEquals(Unpooled.wrappedBuffer(message), c.messages.get(0));
    c.messages.forEach(ByteBuf::release);
    d.close();
  }

  @Test
  void bulkFieldNotLastOrSmallOrAbsentKeepsOneBuffer() {
    RecordingAllocator alloc = new RecordingAllocator();
    GatherBudget budget = new GatherBudget(8 << 20);
    Collect c = new Collect();
    GrpcDeframer d = new GrpcDeframer(alloc, 1 << 30, budget, 1000, c);
    for (byte[] message : List.of(
        flightData(300, 1 << 20, 1000, true),            // another field after the body
        flightData(300, GrpcDeframer.MIN_BULK - 1, 1000, false), // small body
        flightData(300, 1 << 20, 999, false))) {          // no field 1000
      alloc.capacities.clear();
      c.messages.clear();
      feed(d, frame(message), 16_384);
      assertEquals(List.of(message.length), alloc.capacities);
      assertEquals(Unpooled.wrappedBuffer(message), c.messages.get(0));
      c.messages.forEach(ByteBuf::release);
    }
    // a partly received split message releases both buffers on close
    ByteBuf partial = frame(flightData(300, 1 << 20, 1000, false));
    d.receive(partial.slice(0, 200_000));
    partial.release();
    d.close();
    assertEquals(8 << 20, budget.left());
  }

  private static ByteBuf frame(byte[] body) {
    ByteBuf b = Unpooled.buffer(5 + body.length);
    b.writeByte(0).writeInt(body.length).writeBytes(body);
    return b;
  }

  /** Feeds {@code all} (released here) in pieces of {@code piece} bytes. */
  private static void feed(GrpcDeframer d, ByteBuf all, int piece) {
    for (int i = 0; i < all.readableBytes(); i += piece) {
      d.receive(all.slice(i, Math.min(piece, all.readableBytes() - i)));
    }
    all.release();
  }
}
