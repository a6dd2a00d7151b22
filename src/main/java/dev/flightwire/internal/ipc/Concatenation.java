package dev.flightwire.internal.ipc;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.DenseUnionVector;
import org.apache.arrow.vector.complex.UnionVector;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.table.Table;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;
import org.apache.arrow.vector.util.VectorBatchAppender;

/**
 * Concatenates batches into one Arrow {@link Table} that keeps the schema's metadata (Arrow's
 * Table rebuilds its schema from the vectors' fields and drops it).
 */
public final class Concatenation {
  private Concatenation() {}

  /**
   * Returns an owned table of {@code batches} (borrowed, unchanged) in order. One batch is shared
   * (no copy); several are copied into new vectors, column by column: with Arrow's appender where
   * it handles the type, value by value otherwise (unions, run-end encoded, list views).
   *
   * @param dictionaries borrowed by the table, or null
   */
  public static Table table(Schema schema, List<VectorSchemaRoot> batches, DictionaryProvider dictionaries,
      BufferAllocator allocator) {
    List<FieldVector> columns = new ArrayList<>();
    int rows = 0;
    try {
      if (batches.size() == 1) {
        VectorSchemaRoot shared = VectorShare.share(batches.get(0), allocator);
        columns.addAll(shared.getFieldVectors());
        rows = shared.getRowCount();
      } else {
        for (VectorSchemaRoot b : batches) {
          rows = Math.addExact(rows, b.getRowCount());
        }
        for (int c = 0; c < schema.getFields().size(); c++) {
          columns.add(column(schema.getFields().get(c).createVector(allocator), batches, c));
        }
      }
      return new SchemaTable(columns, rows, dictionaries, schema);
    } catch (RuntimeException e) {
      columns.forEach(FieldVector::close);
      throw e;
    }
  }

  /**
   * The first top-level column whose type (or a child's) Arrow Java cannot append or copy value
   * by value (run-end encoded, list views), as {@code "name" (type)}, or null when there is none.
   */
  public static String unconcatenable(Schema schema) {
    for (org.apache.arrow.vector.types.pojo.Field f : schema.getFields()) {
      String type = unconcatenableType(f);
      if (type != null) {
        return "\"" + f.getName() + "\" (" + type + ")";
      }
    }
    return null;
  }

  private static String unconcatenableType(org.apache.arrow.vector.types.pojo.Field f) {
    ArrowType t = f.getType();
    if (t instanceof ArrowType.RunEndEncoded) {
      return "run-end encoded";
    }
    if (t instanceof ArrowType.ListView || t instanceof ArrowType.LargeListView) {
      return t instanceof ArrowType.ListView ? "list view" : "large list view";
    }
    for (org.apache.arrow.vector.types.pojo.Field c : f.getChildren()) {
      String type = unconcatenableType(c);
      if (type != null) {
        return type;
      }
    }
    return null;
  }

  private static FieldVector column(FieldVector target, List<VectorSchemaRoot> batches, int c) {
    try {
      ValueVector[] parts = new ValueVector[batches.size()];
      for (int i = 0; i < parts.length; i++) {
        parts[i] = batches.get(i).getVector(c);
      }
      append(target, parts);
      return target;
    } catch (RuntimeException e) {
      target.close();
      throw e;
    }
  }

  /** Appends {@code parts} (borrowed) to the empty {@code target}. */
  private static void append(FieldVector target, ValueVector[] parts) {
    if (target instanceof UnionVector union) {
      appendSparseUnion(union, parts);
      return;
    }
    if (target instanceof DenseUnionVector union) {
      appendDenseUnion(union, parts);
      return;
    }
    try {
      target.allocateNew();
      VectorBatchAppender.batchAppend(target, parts);
    } catch (UnsupportedOperationException | ClassCastException | NullPointerException | IllegalArgumentException e) {
      // Arrow's appender has no visitor for this type (or breaks on it): copy value by value
      target.clear();
      int at = 0;
      for (ValueVector part : parts) {
        TransferPair copier = part.makeTransferPair(target);
        for (int i = 0; i < part.getValueCount(); i++) {
          copier.copyValueSafe(i, at++);
        }
      }
      target.setValueCount(at);
    }
  }

  /**
   * A sparse union: the type ids one after the other, each child appended (Arrow's appender
   * looks children up by Arrow Java's own type ids, which need not be the ones sent).
   */
  private static void appendSparseUnion(UnionVector target, ValueVector[] parts) {
    int total = 0;
    for (ValueVector p : parts) {
      total = Math.addExact(total, p.getValueCount());
    }
    target.allocateNew();
    while (target.getValueCapacity() < total) {
      target.reAlloc();
    }
    long at = 0;
    for (ValueVector p : parts) {
      int n = p.getValueCount();
      target.getTypeBuffer().setBytes(at, ((UnionVector) p).getTypeBuffer(), 0, n);
      at += n;
    }
    List<FieldVector> children = target.getChildrenFromFields();
    for (int k = 0; k < children.size(); k++) {
      ValueVector[] childParts = new ValueVector[parts.length];
      for (int i = 0; i < parts.length; i++) {
        childParts[i] = ((UnionVector) parts[i]).getChildrenFromFields().get(k);
      }
      FieldVector child = children.get(k);
      child.clear();
      append(child, childParts);
    }
    target.setValueCount(total);
  }

  /**
   * A dense union: each type's child appended, type ids copied, and offsets moved on by the
   * length of that type's child in the parts before (Arrow's appender gets these wrong).
   */
  private static void appendDenseUnion(DenseUnionVector target, ValueVector[] parts) {
    int total = 0;
    for (ValueVector p : parts) {
      total = Math.addExact(total, p.getValueCount());
    }
    int[] typeIds = ((ArrowType.Union) target.getField().getType()).getTypeIds();
    target.allocateNew();
    while (target.getValueCapacity() < total) {
      target.reAlloc();
    }
    int[] base = new int[128];
    int at = 0;
    for (ValueVector p : parts) {
      DenseUnionVector part = (DenseUnionVector) p;
      for (int i = 0; i < part.getValueCount(); i++, at++) {
        byte t = part.getTypeId(i);
        target.getTypeBuffer().setByte(at, t);
        target.getOffsetBuffer().setInt((long) at * DenseUnionVector.OFFSET_WIDTH, base[t] + part.getOffset(i));
      }
      for (int t : typeIds) {
        ValueVector child = part.getVectorByType((byte) t);
        base[t] += child == null ? 0 : child.getValueCount();
      }
    }
    // before the children: Arrow's setValueCount sets each child's length from the rows of its
    // type id counted up to the old value count
    target.setValueCount(total);
    for (int t : typeIds) {
      ValueVector[] childParts = new ValueVector[parts.length];
      for (int i = 0; i < parts.length; i++) {
        childParts[i] = ((DenseUnionVector) parts[i]).getVectorByType((byte) t);
      }
      FieldVector child = (FieldVector) target.getVectorByType((byte) t);
      child.clear();
      append(child, childParts);
    }
  }

  /**
   * An Arrow Table over the given vectors (taken over as they are) whose schema is the one given,
   * metadata included. Arrow's constructors rebuild the schema from the vectors' fields, dropping
   * its metadata, and move every vector through a transfer pair, which loses a dense union's
   * type ids: this one fills the table's fields directly.
   */
  private static final class SchemaTable extends Table {
    SchemaTable(List<FieldVector> columns, int rows, DictionaryProvider dictionaries, Schema schema) {
      super(new ArrayList<>(), 0, dictionaries);
      for (FieldVector v : columns) {
        v.setValueCount(rows); // as Arrow's constructors do: a null-type column has no buffer to count
        fieldVectors.add(v);
        fieldVectorsMap.put(v.getField(), v);
      }
      this.rowCount = rows;
      this.schema = schema;
    }
  }
}
