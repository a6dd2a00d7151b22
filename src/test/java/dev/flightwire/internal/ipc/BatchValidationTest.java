package dev.flightwire.internal.ipc;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.junit.jupiter.api.Test;

/** The offsets check of received variable-width vectors, which reads the offset buffer directly. */
class BatchValidationTest {
  private static final int ROWS = 1000;

  private static VarCharVector strings(BufferAllocator alloc) {
    VarCharVector v = new VarCharVector("s", alloc);
    v.allocateNew(ROWS * 4L, ROWS);
    for (int i = 0; i < ROWS; i++) {
      v.setSafe(i, Integer.toString(i).getBytes(StandardCharsets.US_ASCII));
    }
    v.setValueCount(ROWS);
    return v;
  }

  @Test
  void acceptsValidOffsets() {
    try (BufferAllocator alloc = new RootAllocator(); VarCharVector v = strings(alloc)) {
      assertDoesNotThrow(() -> BatchValidation.validate(v));
    }
  }

  @Test
  void namesTheFirstDecreasingOffset() {
    for (int at : new int[] {1, 500, ROWS}) {
      try (BufferAllocator alloc = new RootAllocator(); VarCharVector v = strings(alloc)) {
        v.getOffsetBuffer().setInt(at * 4L, v.getOffsetBuffer().getInt((at - 1) * 4L) - 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BatchValidation.validate(v));
        assertTrue(e.getMessage().contains("offsets decrease at " + at), e.getMessage());
      }
    }
  }

  @Test
  void refusesNegativeFirstOffsetAndOffsetsBeyondTheData() {
    try (BufferAllocator alloc = new RootAllocator(); VarCharVector v = strings(alloc)) {
      v.getOffsetBuffer().setInt(0, -1);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BatchValidation.validate(v));
      assertTrue(e.getMessage().contains("negative first offset"), e.getMessage());
    }
    try (BufferAllocator alloc = new RootAllocator(); VarCharVector v = strings(alloc)) {
      v.getOffsetBuffer().setInt(ROWS * 4L, (int) v.getDataBuffer().capacity() + 1);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BatchValidation.validate(v));
      assertTrue(e.getMessage().contains("offsets beyond the data"), e.getMessage());
    }
  }
}
