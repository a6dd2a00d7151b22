package dev.flightwire.internal.ipc;

import java.util.Iterator;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthViewVector;
import org.apache.arrow.vector.BufferLayout;
import org.apache.arrow.vector.ExtensionTypeVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TypeLayout;
import org.apache.arrow.vector.complex.BaseLargeRepeatedValueViewVector;
import org.apache.arrow.vector.complex.BaseRepeatedValueViewVector;
import org.apache.arrow.vector.complex.DenseUnionVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.LargeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.NonNullableStructVector;
import org.apache.arrow.vector.complex.UnionVector;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;

/**
 * Checks a received record batch against the row counts it claims, before Arrow loads it.
 *
 * <p>Arrow Java's {@code VectorLoader} trusts a batch: when a vector's buffers are smaller than
 * its field node's row count, setting the row count reallocates the vector and pads it, inventing
 * rows, or fails somewhere deep inside. So every buffer must be large enough for its node's rows
 * (validity when some but not all rows are null, offsets, fixed-width values, type ids, views),
 * every column as long as the batch, struct and union children at least as long as their parent,
 * and list offsets within their child. Vectors are walked in the loader's order: depth first, one
 * node per vector, {@link TypeLayout}'s buffers, then a view vector's variadic buffers. Constant
 * work per column, nothing is read but node lengths and the last offset of lists.
 */
final class BatchBounds {
  private final List<ArrowFieldNode> nodes;
  private final List<ArrowBuf> buffers;
  private final Iterator<Long> variadicCounts;
  private int node;
  private int buffer;

  private BatchBounds(ArrowRecordBatch batch) {
    this.nodes = batch.getNodes();
    this.buffers = batch.getBuffers();
    List<Long> counts = batch.getVariadicBufferCounts();
    this.variadicCounts = counts == null ? List.<Long>of().iterator() : counts.iterator();
  }

  /** What in {@code batch} (uncompressed) does not fit {@code vectors}, or null if all fits. */
  static String problem(List<FieldVector> vectors, ArrowRecordBatch batch) {
    int fields = countNodes(vectors);
    if (batch.getNodes().size() != fields) {
      return "it has " + batch.getNodes().size() + " field nodes where the schema has " + fields
          + " fields (counting nested ones)";
    }
    long variadic = batch.getVariadicBufferCounts() == null ? 0
        : batch.getVariadicBufferCounts().stream().mapToLong(Long::longValue).sum();
    long expected = countBuffers(vectors) + variadic;
    if (batch.getBuffers().size() != expected) {
      return "it has " + batch.getBuffers().size() + " buffers where the schema's columns take " + expected
          + ": it was written for another schema";
    }
    BatchBounds b = new BatchBounds(batch);
    for (FieldVector v : vectors) {
      if (b.node < b.nodes.size() && b.nodes.get(b.node).getLength() != batch.getLength()) {
        return "column '" + v.getField().getName() + "' has " + b.nodes.get(b.node).getLength()
            + " rows but the batch has " + batch.getLength();
      }
      String p = b.check(v);
      if (p != null) {
        return p;
      }
    }
    return null;
  }

  private String check(FieldVector v) {
    String name = v.getField().getName();
    if (node >= nodes.size()) {
      return "the batch has fewer field nodes than the schema has fields (at '" + name + "')";
    }
    ArrowFieldNode n = nodes.get(node++);
    long rows = n.getLength();
    long nulls = n.getNullCount();
    if (rows < 0 || nulls < 0 || nulls > rows) {
      return "column '" + name + "' claims " + rows + " rows of which " + nulls + " null";
    }
    FieldVector storage = v instanceof ExtensionTypeVector ? ((ExtensionTypeVector<?>) v).getUnderlyingVector() : v;
    List<BufferLayout> layouts = TypeLayout.getTypeLayout(v.getField().getType()).getBufferLayouts();
    int count = TypeLayout.getTypeBufferCount(v.getField().getType());
    ArrowBuf offsets = null;
    for (int k = 0; k < count; k++) {
      if (buffer >= buffers.size()) {
        return "the batch has fewer buffers than the schema needs (at '" + name + "')";
      }
      ArrowBuf buf = buffers.get(buffer++);
      BufferLayout layout = layouts.get(k);
      long need = need(layout, storage, rows, nulls);
      if (buf.capacity() < need) {
        return "column '" + name + "' has " + rows + " rows, which need " + need + " bytes in its "
            + layout.getType().getName() + " buffer, but it has " + buf.capacity();
      }
      if (layout.getType() == BufferLayout.BufferType.OFFSET) {
        offsets = buf;
      }
    }
    if (storage instanceof BaseVariableWidthViewVector && variadicCounts.hasNext()) {
      buffer += variadicCounts.next().intValue();
    }
    List<FieldVector> children = v.getChildrenFromFields();
    if (!children.isEmpty() && node < nodes.size()) {
      long childRows = nodes.get(node).getLength();
      long childNeeds = childRowsNeeded(storage, rows, offsets);
      if (childRows < childNeeds) {
        return "column '" + name + "' needs " + childNeeds + " rows in its child '"
            + children.get(0).getField().getName() + "', which has " + childRows;
      }
    }
    for (FieldVector child : children) {
      if (storage instanceof NonNullableStructVector || storage instanceof UnionVector) {
        if (node < nodes.size() && nodes.get(node).getLength() < rows) {
          return "column '" + name + "' has " + rows + " rows but its child '" + child.getField().getName()
              + "' only " + nodes.get(node).getLength();
        }
      }
      String p = check(child);
      if (p != null) {
        return p;
      }
    }
    return null;
  }

  private static int countNodes(List<FieldVector> vectors) {
    int n = 0;
    for (FieldVector v : vectors) {
      n += 1 + countNodes(v.getChildrenFromFields());
    }
    return n;
  }

  private static long countBuffers(List<FieldVector> vectors) {
    long n = 0;
    for (FieldVector v : vectors) {
      n += TypeLayout.getTypeBufferCount(v.getField().getType()) + countBuffers(v.getChildrenFromFields());
    }
    return n;
  }

  /** Bytes a buffer needs for {@code rows} rows; 0 where its size does not follow from them. */
  private static long need(BufferLayout layout, FieldVector storage, long rows, long nulls) {
    long bits = layout.getTypeBitWidth();
    switch (layout.getType()) {
      case VALIDITY:
        // Arrow fills in the validity buffer itself when no row or every row is null
        return nulls == 0 || nulls == rows ? 0 : (rows + 7) / 8;
      case OFFSET:
        if (storage instanceof DenseUnionVector || storage instanceof BaseRepeatedValueViewVector
            || storage instanceof BaseLargeRepeatedValueViewVector) {
          return rows * bits / 8; // one offset per row, not rows + 1
        }
        return rows == 0 ? 0 : (rows + 1) * bits / 8;
      case DATA:
        return storage instanceof BaseFixedWidthVector ? (rows * bits + 7) / 8 : 0;
      case TYPE:
        return rows; // one int8 type id per row (Arrow Java's layout says 32 bits, its vectors use 8)
      case SIZE:
      case VIEWS:
        return rows * bits / 8;
      default:
        return 0;
    }
  }

  /** Rows the first child must have: up to the last list offset, or rows times the list size. */
  private static long childRowsNeeded(FieldVector storage, long rows, ArrowBuf offsets) {
    if (rows == 0) {
      return 0;
    }
    if (storage instanceof LargeListVector && offsets != null) {
      return offsets.getLong(rows * 8);
    }
    if (storage instanceof ListVector && offsets != null) {
      return offsets.getInt(rows * 4);
    }
    if (storage instanceof FixedSizeListVector) {
      return rows * ((FixedSizeListVector) storage).getListSize();
    }
    return 0;
  }
}
