package dev.flightwire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flightwire.internal.ipc.FlightDataEncoder;
import dev.flightwire.internal.ipc.IpcStreamWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** LZ4_FRAME and ZSTD bodies: written when asked, read always, both directions, no leaks. */
@org.junit.jupiter.params.ParameterizedClass
@org.junit.jupiter.params.provider.EnumSource(dev.flightwire.testing.TestTransport.class)
class CompressionTest {
  @org.junit.jupiter.params.Parameter
  dev.flightwire.testing.TestTransport transport;

  @ParameterizedTest
  @EnumSource(value = IpcCompression.class, names = {"LZ4_FRAME", "ZSTD"})
  void bodiesShrinkWhenCompressed(IpcCompression compression) {
    try (BufferAllocator allocator = new RootAllocator();
        VectorSchemaRoot root = VectorSchemaRoot.create(new org.apache.arrow.vector.types.pojo.Schema(List.of(
            org.apache.arrow.vector.types.pojo.Field.nullable("z", new org.apache.arrow.vector.types.pojo.ArrowType
                .Int(64, true)))), allocator)) {
      org.apache.arrow.vector.BigIntVector z = (org.apache.arrow.vector.BigIntVector) root.getVector(0);
      z.allocateNew(20_000);
      for (int i = 0; i < 20_000; i++) {
        z.set(i, i % 16);
      }
      root.setRowCount(20_000);
      int plain = size(root, CompressionUtil.CodecType.NO_COMPRESSION);
      int compressed = size(root, compression.codecType());
      assertTrue(compressed < plain / 2, compression + ": " + compressed + " bytes vs " + plain + " plain");
    }
  }

  private static int size(VectorSchemaRoot root, CompressionUtil.CodecType type) {
    IpcStreamWriter w = new IpcStreamWriter(new FlightDataEncoder(PooledByteBufAllocator.DEFAULT, IpcOption.DEFAULT))
        .compression(IpcStreamWriter.codec(type));
    w.begin(root.getSchema(), null, null).forEach(ByteBuf::release);
    ByteBuf m = w.batch(root, null, null);
    try {
      return m.readableBytes();
    } finally {
      m.release();
    }
  }

  @ParameterizedTest
  @EnumSource(value = IpcCompression.class, names = {"LZ4_FRAME", "ZSTD"})
  void compressedStreamsRoundTrip(IpcCompression compression) throws Exception {
    List<Integer> uploaded = new ArrayList<>();
    try (BufferAllocator serverAllocator = new RootAllocator();
        BufferAllocator clientAllocator = new RootAllocator();
        FlightServer server = FlightServer.builder(serverAllocator, transport.bindLocation(),
            new FlightServerBase() {
              @Override
              public FlightDataStream doGet(ServerCallContext context, Ticket ticket) {
                List<FlightStreamChunk> chunks = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                  chunks.add(FlightStreamChunk.owning(TestData.batch(serverAllocator, i * 5000, 5000), null));
                }
                return new GeneratorStream(TestData.INTS, chunks);
              }

              @Override
              public void doPut(ServerCallContext context, FlightDescriptor descriptor, FlightStreamReader reader,
                  FlightMetadataWriter writer) {
                int from = 0;
                while (reader.next()) {
                  TestData.assertRows(reader.root(), from, reader.root().getRowCount());
                  from += reader.root().getRowCount();
                  uploaded.add(reader.root().getRowCount());
                }
              }
            }).writeCompression(compression).build().start();
        FlightClient client = FlightClient.connect(server.location(), FlightClientOptions.builder()
            .allocator(clientAllocator).writeCompression(compression).build())) {
      try (FlightStreamReader r = client.doGet(Ticket.of("x"))) {
        int from = 0;
        while (r.next()) {
          TestData.assertRows(r.root(), from, 5000);
          from += 5000;
        }
        assertEquals(15000, from);
      }
      try (DoPutStreams put = client.doPut(FlightDescriptor.forPath("up"), TestData.INTS)) {
        for (int i = 0; i < 2; i++) {
          try (VectorSchemaRoot b = TestData.batch(clientAllocator, i * 7000, 7000)) {
            put.writer().writeBatch(b);
          }
        }
        put.writer().doneWriting();
        while (put.reader().read() != null) {
          // no acks expected
        }
      }
      assertEquals(List.of(7000, 7000), uploaded);
    }
  }

  /** A corrupt compressed body is refused with a clear error and releases everything. */
  @ParameterizedTest
  @EnumSource(value = IpcCompression.class, names = {"LZ4_FRAME", "ZSTD"})
  void corruptCompressedBodiesLeakNothing(IpcCompression compression) {
    try (BufferAllocator allocator = new RootAllocator();
        VectorSchemaRoot root = TestData.batch(allocator, 0, 1000)) {
      IpcStreamWriter w = new IpcStreamWriter(new FlightDataEncoder(PooledByteBufAllocator.DEFAULT, IpcOption.DEFAULT))
          .compression(IpcStreamWriter.codec(compression.codecType()));
      List<ByteBuf> messages = new ArrayList<>(w.begin(root.getSchema(), null, null));
      messages.add(w.batch(root, null, null));
      try (dev.flightwire.internal.ipc.IpcStreamReader reader = new dev.flightwire.internal.ipc.IpcStreamReader(allocator)) {
        for (int i = 0; i < messages.size(); i++) {
          ByteBuf framed = messages.get(i);
          ByteBuf copy = io.netty.buffer.Unpooled.directBuffer(framed.readableBytes() - 5);
          copy.writeBytes(framed, framed.readerIndex() + 5, framed.readableBytes() - 5);
          framed.release();
          if (i == messages.size() - 1) {
            for (int k = copy.writerIndex() - 40; k < copy.writerIndex(); k++) {
              copy.setByte(k, copy.getByte(k) ^ 0x5a);
            }
            ByteBuf last = copy;
            Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> {
              try (dev.flightwire.internal.ipc.FlightDataMessage m =
                  dev.flightwire.internal.ipc.FlightDataDecoder.decode(last, allocator)) {
                reader.apply(m);
              }
            });
            assertTrue(String.valueOf(e.getMessage()).contains("record batch"), String.valueOf(e));
          } else {
            try (dev.flightwire.internal.ipc.FlightDataMessage m =
                dev.flightwire.internal.ipc.FlightDataDecoder.decode(copy, allocator)) {
              reader.apply(m);
            }
          }
        }
      }
    }
  }
}
