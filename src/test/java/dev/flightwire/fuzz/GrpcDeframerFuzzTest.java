package dev.flightwire.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.flightwire.internal.grpc.GrpcDeframer;
import dev.flightwire.internal.grpc.GrpcStatusCode;
import dev.flightwire.internal.grpc.GrpcStatusException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The gRPC deframer against a reference model: whatever the chunking of the stream (split points,
 * direct or heap chunks) and the message size limit, it must emit exactly the messages the model
 * finds, in order and with the right wire sizes, fail only with the model's status, reserve memory
 * only for bytes that arrived (not for what a length prefix claims), and leave no buffer referenced
 * once the messages are released and the deframer closed.
 */
class GrpcDeframerFuzzTest {
  @FuzzTest
  void deframe(FuzzedDataProvider data) {
    int maxMessageSize = data.pickValue(new int[] {0, 1, 7, 64, 1024, 65_536, Integer.MAX_VALUE});
    int chunkCount = data.consumeInt(1, 12);
    int[] cuts = new int[chunkCount - 1];
    for (int i = 0; i < cuts.length; i++) {
      cuts[i] = data.consumeInt(0, 1 << 12);
    }
    boolean direct = data.consumeBoolean();
    byte[] stream = data.consumeRemainingAsBytes();

    Model expected = Model.of(stream, maxMessageSize);
    TrackingByteBufAllocator alloc = new TrackingByteBufAllocator();
    List<ByteBuf> inputs = new ArrayList<>();
    List<byte[]> got = new ArrayList<>();
    List<Integer> wire = new ArrayList<>();
    GrpcDeframer deframer = new GrpcDeframer(alloc, maxMessageSize, (message, wireBytes) -> {
      try {
        byte[] b = new byte[message.readableBytes()];
        message.getBytes(message.readerIndex(), b);
        got.add(b);
        wire.add(wireBytes);
      } finally {
        message.release();
      }
    });
    GrpcStatusException failure = null;
    try {
      int from = 0;
      Arrays.sort(cuts);
      for (int c = 0; c <= cuts.length; c++) {
        int to = c < cuts.length ? Math.min(stream.length, Math.max(from, cuts[c])) : stream.length;
        ByteBuf chunk = direct ? Unpooled.directBuffer(to - from) : Unpooled.buffer(to - from);
        chunk.writeBytes(stream, from, to - from);
        inputs.add(chunk);
        try {
          deframer.receive(chunk);
          assertEquals(0, chunk.readableBytes(), "receive consumes the whole chunk");
        } finally {
          chunk.release();
        }
        from = to;
      }
    } catch (GrpcStatusException e) {
      failure = e;
    } finally {
      deframer.close();
    }

    assertEquals(expected.messages.size(), got.size(), "message count");
    for (int i = 0; i < got.size(); i++) {
      assertArrayEquals(expected.messages.get(i), got.get(i), "message " + i);
      assertEquals(expected.messages.get(i).length + GrpcDeframer.HEADER_LENGTH, wire.get(i), "wire size " + i);
    }
    if (expected.failure == null) {
      assertEquals(null, failure, "no failure expected");
      assertEquals(expected.idleAtEnd, deframer.isIdle(), "idle at the end");
    } else {
      assertTrue(failure != null, "expected " + expected.failure);
      assertEquals(expected.failure, failure.status().code());
    }
    for (ByteBuf in : inputs) {
      assertEquals(0, in.refCnt(), "a received chunk is still referenced");
    }
    alloc.assertAllReleased("deframer");
    assertTrue(alloc.largestRequest() <= Math.max(stream.length, 64 * 1024),
        "reserved " + alloc.largestRequest() + " bytes for a stream of " + stream.length);
  }

  /** The messages of a whole stream, parsed in one pass with no buffers involved. */
  private static final class Model {
    final List<byte[]> messages = new ArrayList<>();
    GrpcStatusCode failure;
    boolean idleAtEnd = true;

    static Model of(byte[] s, int max) {
      Model m = new Model();
      int i = 0;
      while (i < s.length) {
        if (s.length - i < GrpcDeframer.HEADER_LENGTH) {
          m.idleAtEnd = false;
          return m;
        }
        int flag = s[i] & 0xFF;
        long len = ((s[i + 1] & 0xFFL) << 24) | ((s[i + 2] & 0xFFL) << 16) | ((s[i + 3] & 0xFFL) << 8)
            | (s[i + 4] & 0xFFL);
        if (flag != 0) {
          m.failure = GrpcStatusCode.INTERNAL;
          return m;
        }
        if (len > max) {
          m.failure = GrpcStatusCode.RESOURCE_EXHAUSTED;
          return m;
        }
        i += GrpcDeframer.HEADER_LENGTH;
        if (s.length - i < len) {
          m.idleAtEnd = false;
          return m;
        }
        m.messages.add(Arrays.copyOfRange(s, i, i + (int) len));
        i += (int) len;
      }
      return m;
    }
  }
}
