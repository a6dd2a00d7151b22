package dev.flightwire.internal.ipc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.internal.grpc.GrpcStatusException;
import dev.flightwire.internal.proto.FlightData;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

class FlightDataCodecTest {
  private static final Schema SCHEMA = new Schema(List.of(Field.nullable("x", new ArrowType.Int(32, true))));

  /**
   * A small batch may be encoded as one buffer holding a copy of the body (the writer's small-batch
   * path): the bytes must equal the zero-copy encoding's, padding included, and the message must
   * hold no Arrow memory.
   */
  @Test
  void copiedSmallBatchHasTheSameBytesAndHoldsNoArrowMemory() {
    ByteBufAllocator netty = PooledByteBufAllocator.DEFAULT;
    Schema schema = new Schema(List.of(Field.nullable("x", new ArrowType.Int(32, true)),
        Field.nullable("s", ArrowType.Utf8.INSTANCE)));
    try (BufferAllocator alloc = new RootAllocator()) {
      VectorSchemaRoot root = VectorSchemaRoot.create(schema, alloc);
      IntVector x = (IntVector) root.getVector(0);
      org.apache.arrow.vector.VarCharVector s = (org.apache.arrow.vector.VarCharVector) root.getVector(1);
      x.allocateNew(5);
      s.allocateNew(5);
      for (int i = 0; i < 5; i++) {
        x.set(i, i * 11);
        s.setSafe(i, "v".repeat(i * 3).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      x.setNull(3);
      s.setNull(1);
      root.setRowCount(5);
      IpcStreamWriter w = new IpcStreamWriter(new FlightDataEncoder(netty, IpcOption.DEFAULT));
      w.begin(schema, null, null).forEach(ByteBuf::release);
      byte[] meta = {1, 2, 3};
      byte[] descriptor = {9, 8};
      ByteBuf zeroCopy = w.batch(root, meta, descriptor);
      ByteBuf tooSmall = w.batch(root, meta, descriptor, zeroCopy.readableBytes() - 1);
      ByteBuf copied = w.batch(root, meta, descriptor, zeroCopy.readableBytes());
      try {
        assertTrue(tooSmall instanceof CompositeByteBuf, "above the threshold the body is referenced");
        assertTrue(!(copied instanceof CompositeByteBuf), "at the threshold the body is copied");
        assertEquals(zeroCopy.readableBytes(), copied.capacity(), "exactly sized");
        assertEquals(zeroCopy, copied);
        assertEquals(zeroCopy, tooSmall);
        long held = alloc.getAllocatedMemory();
        zeroCopy.release();
        tooSmall.release();
        assertEquals(held, alloc.getAllocatedMemory());
        root.close();
        assertEquals(0, alloc.getAllocatedMemory(), "the copied message holds no Arrow memory");
        assertTrue(copied.isReadable());
      } finally {
        copied.release();
      }
    }
  }

  @Test
  void batchIsEncodedWithoutCopyingAndParsesAsProtobuf() throws Exception {
    ByteBufAllocator netty = PooledByteBufAllocator.DEFAULT;
    try (BufferAllocator alloc = new RootAllocator()) {
      VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, alloc);
      IntVector x = (IntVector) root.getVector(0);
      x.allocateNew(3);
      x.set(0, 7);
      x.setNull(1);
      x.set(2, 9);
      root.setRowCount(3);
      IpcStreamWriter w = new IpcStreamWriter(new FlightDataEncoder(netty, IpcOption.DEFAULT));
      w.begin(SCHEMA, null, null).forEach(ByteBuf::release);
      ByteBuf msg = w.batch(root, new byte[] {42}, null);
      // the body components are the vector's own memory, not copies
      assertTrue(msg instanceof CompositeByteBuf);
      long valueAddress = x.getDataBuffer().memoryAddress();
      boolean found = false;
      CompositeByteBuf comp = (CompositeByteBuf) msg;
      for (int i = 0; i < comp.numComponents(); i++) {
        ByteBuf c = comp.internalComponent(i);
        if (c.hasMemoryAddress() && c.memoryAddress() == valueAddress) {
          found = true;
        }
      }
      assertTrue(found, "the value buffer is referenced in place");
      // the vectors may be closed at once: the message holds its own references
      root.close();
      // decode the protobuf with the generated (reference) parser
      byte[] bytes = new byte[msg.readableBytes()];
      msg.getBytes(0, bytes);
      assertEquals(0, bytes[0]);
      FlightData parsed = FlightData.parseFrom(java.util.Arrays.copyOfRange(bytes, 5, bytes.length));
      assertArrayEquals(new byte[] {42}, parsed.getAppMetadata().toByteArray());
      assertEquals(0, parsed.getDataBody().size() % 8, "body is 8-byte padded");
      // and with our in-place decoder, whose body is a foreign ArrowBuf over the Netty buffer
      ByteBuf direct = netty.directBuffer(bytes.length - 5);
      direct.writeBytes(bytes, 5, bytes.length - 5);
      FlightDataMessage m = FlightDataDecoder.decode(direct, alloc);
      assertEquals(MessageHeader.RecordBatch, m.headerType());
      assertEquals(1, direct.refCnt(), "the body keeps the network buffer alive");
      try (IpcStreamReader r = new IpcStreamReader(alloc)) {
        IntVector got = load(r, m, netty, alloc);
        assertEquals(7, got.get(0));
        assertTrue(got.isNull(1));
        assertEquals(9, got.get(2));
      }
      assertEquals(0, direct.refCnt(), "closing the reader releases the network buffer");
      msg.release();
      assertEquals(0, alloc.getAllocatedMemory());
    }
  }

  /**
   * A message cut from a composite of socket reads: a body within one component is wrapped in
   * place (no copy); a body across components is copied once; both read back the same values.
   */
  @Test
  void bodyOfAMessageSplitAcrossReadsIsWrappedWhenItCanBe() {
    ByteBufAllocator netty = PooledByteBufAllocator.DEFAULT;
    try (BufferAllocator alloc = new RootAllocator()) {
      VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, alloc);
      IntVector x = (IntVector) root.getVector(0);
      x.allocateNew(64);
      for (int i = 0; i < 64; i++) {
        x.set(i, i * 3);
      }
      root.setRowCount(64);
      IpcStreamWriter w = new IpcStreamWriter(new FlightDataEncoder(netty, IpcOption.DEFAULT));
      w.begin(SCHEMA, null, null).forEach(ByteBuf::release);
      ByteBuf encoded = w.batch(root, null, null);
      byte[] bytes = new byte[encoded.readableBytes() - 5];
      encoded.getBytes(5, bytes);
      encoded.release();
      root.close();
      int bodyLength = 8 + 64 * 4 + 8 - 8; // validity (padded to 8) + values
      int bodyStart = bytes.length - bodyLength;
      for (int split : new int[] {bodyStart - 3, bodyStart + 100}) {
        ByteBuf first = netty.directBuffer(split).writeBytes(bytes, 0, split);
        ByteBuf second = netty.directBuffer(bytes.length - split).writeBytes(bytes, split, bytes.length - split);
        long secondStart = second.memoryAddress();
        long secondEnd = secondStart + second.capacity();
        CompositeByteBuf reads = netty.compositeDirectBuffer().addComponents(true, first, second);
        ByteBuf message = reads.retainedSlice(0, bytes.length);
        reads.release();
        assertTrue(!message.hasMemoryAddress(), "the message has no address of its own");
        FlightDataMessage m = FlightDataDecoder.decode(message, alloc);
        long address = m.body().memoryAddress();
        boolean inSecond = address >= secondStart && address < secondEnd;
        assertEquals(split < bodyStart, inSecond, "wrapped in place exactly when the body is within one read");
        try (IpcStreamReader r = new IpcStreamReader(alloc)) {
          IntVector got = load(r, m, netty, alloc);
          for (int i = 0; i < 64; i++) {
            assertEquals(i * 3, got.get(i));
          }
        }
        assertEquals(0, first.refCnt(), "released with the batch");
        assertEquals(0, second.refCnt(), "released with the batch");
      }
    }
  }

  /** Applies SCHEMA's schema message, then {@code batch}, to {@code r}; returns its int column. */
  private static IntVector load(IpcStreamReader r, FlightDataMessage batch, ByteBufAllocator netty,
      BufferAllocator alloc) {
    ByteBuf schemaMsg = new FlightDataEncoder(netty, IpcOption.DEFAULT).schema(SCHEMA, null, null);
    schemaMsg.skipBytes(5);
    r.apply(FlightDataDecoder.decode(schemaMsg, alloc));
    r.apply(batch);
    return (IntVector) r.root().getVector(0);
  }

  /**
   * A body just under 2 GiB whose message (header and framing added) is over the limit is refused
   * before anything is written, instead of overflowing the length prefix. The body's buffer is a
   * foreign allocation that only claims its size: no memory is touched.
   */
  @Test
  void messageOverTheLimitIsRefusedEvenWhenTheBodyAloneFits() {
    try (BufferAllocator alloc = new RootAllocator(); org.apache.arrow.memory.ArrowBuf real = alloc.buffer(8)) {
      long size = (1L << 31) - 64;
      org.apache.arrow.memory.ArrowBuf claimed = alloc.wrapForeignAllocation(
          new org.apache.arrow.memory.ForeignAllocation(size, real.memoryAddress()) {
            @Override
            protected void release0() {}
          });
      claimed.writerIndex(size);
      try (org.apache.arrow.vector.ipc.message.ArrowRecordBatch batch = new org.apache.arrow.vector.ipc.message.ArrowRecordBatch(
          1, List.of(new org.apache.arrow.vector.ipc.message.ArrowFieldNode(1, 0)), List.of(claimed))) {
        claimed.close();
        FlightDataEncoder encoder = new FlightDataEncoder(PooledByteBufAllocator.DEFAULT, IpcOption.DEFAULT);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> encoder.recordBatch(batch, null, new byte[64]));
        assertTrue(e.getMessage().contains("exceeds the 2 GiB gRPC message limit"), e.getMessage());
      }
    }
  }

  @Test
  void malformedProtobufIsInternal() {
    try (BufferAllocator alloc = new RootAllocator()) {
      ByteBuf bad = Unpooled.wrappedBuffer(new byte[] {0x12, 0x7f, 1, 2});
      GrpcStatusException e = assertThrows(GrpcStatusException.class, () -> FlightDataDecoder.decode(bad, alloc));
      assertTrue(e.status().message().contains("claims 127 bytes"), e.status().message());
      assertEquals(0, bad.refCnt());
    }
  }

  /** V4 and V5 metadata are read; an older version is refused with a message naming it. */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(value = org.apache.arrow.vector.types.MetadataVersion.class,
      names = {"V4", "V5", "V3"})
  void metadataVersions(org.apache.arrow.vector.types.MetadataVersion version) {
    org.apache.arrow.vector.types.pojo.Schema schema = new org.apache.arrow.vector.types.pojo.Schema(
        List.of(Field.nullable("x", new ArrowType.Int(32, true))));
    try (BufferAllocator allocator = new RootAllocator();
        IpcStreamReader reader = new IpcStreamReader(allocator)) {
      ByteBuf framed;
      try {
        framed = new FlightDataEncoder(PooledByteBufAllocator.DEFAULT, new IpcOption(false, version))
            .schema(schema, null, null);
      } catch (RuntimeException e) {
        // Arrow Java may refuse to write old versions; then there is nothing to read
        org.junit.jupiter.api.Assumptions.assumeTrue(false, "cannot write " + version + ": " + e);
        return;
      }
      ByteBuf body = framed.slice(5, framed.readableBytes() - 5).retain();
      framed.release();
      FlightDataMessage m = FlightDataDecoder.decode(body, allocator);
      if (version == org.apache.arrow.vector.types.MetadataVersion.V3) {
        GrpcStatusException e = assertThrows(GrpcStatusException.class, () -> reader.apply(m));
        assertTrue(e.getMessage().contains("metadata version V3"), e.getMessage());
      } else {
        assertEquals(IpcStreamReader.Kind.SCHEMA, reader.apply(m));
      }
    }
  }
}
