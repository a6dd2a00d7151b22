package dev.flightwire;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/** Small deterministic batches for tests. */
final class TestData {
  static final Schema INTS = new Schema(List.of(
      new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
      Field.nullable("name", ArrowType.Utf8.INSTANCE)));

  private TestData() {}

  /** Fills {@code root} (of schema INTS) with rows [from, from+n): id=i, name="row-i". */
  static void fill(VectorSchemaRoot root, int from, int n) {
    root.allocateNew();
    BigIntVector id = (BigIntVector) root.getVector("id");
    VarCharVector name = (VarCharVector) root.getVector("name");
    for (int i = 0; i < n; i++) {
      id.setSafe(i, from + i);
      name.setSafe(i, ("row-" + (from + i)).getBytes(StandardCharsets.UTF_8));
    }
    root.setRowCount(n);
  }

  static VectorSchemaRoot batch(BufferAllocator a, int from, int n) {
    VectorSchemaRoot r = VectorSchemaRoot.create(INTS, a);
    fill(r, from, n);
    return r;
  }

  static void assertRows(VectorSchemaRoot root, int from, int n) {
    if (root.getRowCount() != n) {
      throw new AssertionError("expected " + n + " rows, got " + root.getRowCount());
    }
    BigIntVector id = (BigIntVector) root.getVector("id");
    VarCharVector name = (VarCharVector) root.getVector("name");
    for (int i = 0; i < n; i++) {
      if (id.get(i) != from + i || !name.getObject(i).toString().equals("row-" + (from + i))) {
        throw new AssertionError("row " + i + " differs: " + id.get(i) + " " + name.getObject(i));
      }
    }
  }
}
