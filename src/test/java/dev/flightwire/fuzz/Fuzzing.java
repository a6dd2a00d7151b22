package dev.flightwire.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flightwire.internal.grpc.GrpcStatusCode;
import dev.flightwire.internal.grpc.GrpcStatusException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/** What the fuzz targets share: allocators checked for leaks and the accepted failures. */
final class Fuzzing {
  /** Far above anything a fuzz input can legitimately need; reaching it is a finding too. */
  static final long ALLOCATOR_LIMIT = 64L << 20;

  private Fuzzing() {}

  /** A fresh allocator for one input; close it with {@link #closeChecked}. */
  static BufferAllocator allocator() {
    return new RootAllocator(ALLOCATOR_LIMIT);
  }

  /** Fails when anything of {@code allocator} is still allocated, then closes it. */
  static void closeChecked(BufferAllocator allocator) {
    long left = allocator.getAllocatedMemory();
    if (left != 0) {
      throw new AssertionError(left + " bytes are still allocated after the input:\n" + allocator.toVerboseString());
    }
    allocator.close();
  }

  /** Network bytes as Netty delivers them: direct (wrapped without a copy) or heap (copied). */
  static ByteBuf networkBuffer(byte[] bytes, boolean direct) {
    ByteBuf b = direct ? Unpooled.directBuffer(bytes.length) : Unpooled.buffer(bytes.length);
    return b.writeBytes(bytes);
  }

  /** Fails unless {@code e} carries one of {@code allowed}. */
  static void expectStatus(GrpcStatusException e, Set<GrpcStatusCode> allowed) {
    if (!allowed.contains(e.status().code())) {
      throw new AssertionError("expected a status in " + allowed + ", got " + e.status(), e);
    }
  }

  static void assertReleased(ByteBuf b, String what) {
    assertEquals(0, b.refCnt(), what + " is still referenced");
  }
}
