package dev.flightwire.internal.integration;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/** Small batches of one integer column, as the scenarios use them. */
final class Batches {
  private Batches() {}

  static Schema int32Schema(String name) {
    return new Schema(List.of(new Field(name, FieldType.notNullable(new ArrowType.Int(32, true)), null)));
  }

  static Schema uint32Schema(String name) {
    return new Schema(List.of(new Field(name, FieldType.notNullable(new ArrowType.Int(32, false)), null)));
  }

  /** A batch of {@code schema}'s single int32 or uint32 column; returns owned. */
  static VectorSchemaRoot of(BufferAllocator allocator, Schema schema, int... values) {
    VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
    FieldVector v = root.getVector(0);
    v.setInitialCapacity(values.length);
    v.allocateNew();
    for (int i = 0; i < values.length; i++) {
      if (v instanceof IntVector) {
        ((IntVector) v).set(i, values[i]);
      } else {
        ((UInt4Vector) v).set(i, values[i]);
      }
    }
    root.setRowCount(values.length);
    return root;
  }

  /** The values of a batch's single int32 or uint32 column. */
  static List<Integer> values(VectorSchemaRoot root) {
    List<Integer> out = new ArrayList<>();
    FieldVector v = root.getVector(0);
    for (int i = 0; i < root.getRowCount(); i++) {
      if (v instanceof IntVector) {
        out.add(((IntVector) v).get(i));
      } else if (v instanceof UInt4Vector) {
        out.add(((UInt4Vector) v).get(i));
      } else {
        throw new IntegrationFailure("expected an int32 or uint32 column, got " + v.getField());
      }
    }
    return out;
  }
}
