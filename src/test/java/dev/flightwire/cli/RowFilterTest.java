package dev.flightwire.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

/** A stream's filter is compiled for its first batch and kept while the batches reuse their vectors. */
class RowFilterTest {
  private static void fill(IntVector v, int... values) {
    v.allocateNew(values.length);
    for (int i = 0; i < values.length; i++) {
      v.set(i, values[i]);
    }
    v.setValueCount(values.length);
  }

  @Test
  void theTestsAreCompiledOncePerSetOfVectors() {
    RowFilter filter = new RowFilter(List.of(new ScanFilter("n", ScanFilter.Op.GT, new BigDecimal("-1e-900")),
        new ScanFilter("n", ScanFilter.Op.NE, new BigDecimal("3"))));
    try (BufferAllocator a = new RootAllocator(); IntVector n = new IntVector("n", a); IntVector other =
        new IntVector("n", a)) {
      VectorSchemaRoot batch = VectorSchemaRoot.of(n);
      fill(n, -2, -1, 0, 1, 3);
      batch.setRowCount(5);
      assertArrayEquals(new int[] {2, 3}, filter.select(batch, null));
      // the next batch, loaded into the same vectors
      fill(n, 5, -7, 3);
      batch.setRowCount(3);
      assertArrayEquals(new int[] {0}, filter.select(batch, null));
      fill(n, 0, 9);
      batch.setRowCount(2);
      assertNull(filter.select(batch, null), "every row passes");
      assertEquals(1, filter.compilations());

      // other vectors: compiled again, for them
      VectorSchemaRoot elsewhere = VectorSchemaRoot.of(other);
      fill(other, 3, -1, 4);
      elsewhere.setRowCount(3);
      assertArrayEquals(new int[] {2}, filter.select(elsewhere, null));
      assertEquals(2, filter.compilations());
    }
  }
}
