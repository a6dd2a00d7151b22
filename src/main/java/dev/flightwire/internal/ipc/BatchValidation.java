package dev.flightwire.internal.ipc;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BaseVariableWidthViewVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.NonNullableStructVector;

/**
 * Checks that a vector loaded from the wire can be read without leaving its buffers: buffer
 * sizes for its value count, offsets that never decrease and stay within the data (or the child
 * values), views that name an existing data buffer and lie within it, children at least as long
 * as their struct or fixed-size lists. Only memory safety: value-level rules (decimal precision,
 * dictionary indices, UTF-8) are the application's. Arrow's ValueVectorUtility.validateFull is not
 * used: in Arrow Java 18 it refuses views, refuses valid map vectors, throws NullPointerException
 * on extension and nested list vectors, and rejects decimals beyond their precision, which Arrow
 * C++ writes in its integration files.
 *
 * @throws IllegalArgumentException naming what is wrong
 */
final class BatchValidation {
  private BatchValidation() {}

  static void validate(FieldVector vector) {
    int n = vector.getValueCount();
    if (vector instanceof BaseVariableWidthViewVector) {
      views((BaseVariableWidthViewVector) vector, n);
      return;
    }
    if (vector instanceof BitVector) {
      validity(vector.getValidityBuffer(), n, vector);
      check(vector.getDataBuffer().capacity() >= BitVectorHelper.getValidityBufferSize(n), vector, "data buffer too small");
    } else if (vector instanceof BaseFixedWidthVector) {
      validity(vector.getValidityBuffer(), n, vector);
      long width = ((BaseFixedWidthVector) vector).getTypeWidth();
      long have = vector.getDataBuffer().capacity();
      check(have >= n * width, vector, "data buffer of " + have + " bytes is too small for " + n + " rows ("
          + n * width + " bytes)");
    } else if (vector instanceof BaseVariableWidthVector) {
      validity(vector.getValidityBuffer(), n, vector);
      offsets(vector, vector.getOffsetBuffer(), n, vector.getDataBuffer().capacity());
    } else if (vector instanceof ListVector) {
      ListVector list = (ListVector) vector;
      validity(list.getValidityBuffer(), n, vector);
      offsets(vector, list.getOffsetBuffer(), n, list.getDataVector().getValueCount());
    } else if (vector instanceof FixedSizeListVector) {
      FixedSizeListVector list = (FixedSizeListVector) vector;
      validity(list.getValidityBuffer(), n, vector);
      check(list.getDataVector().getValueCount() >= (long) n * list.getListSize(), vector, "child shorter than the lists");
    } else if (vector instanceof NonNullableStructVector) {
      validity(vector.getValidityBuffer(), n, vector);
      for (FieldVector child : vector.getChildrenFromFields()) {
        check(child.getValueCount() >= n, vector, "child " + child.getName() + " shorter than the struct");
      }
    }
    for (FieldVector child : vector.getChildrenFromFields()) {
      validate(child);
    }
  }

  /** Offsets of 4 bytes: n + 1 of them, never decreasing, from 0 or more up to {@code limit}. */
  private static void offsets(FieldVector v, ArrowBuf offsets, int n, long limit) {
    if (n == 0) {
      return;
    }
    check(offsets.capacity() >= (n + 1L) * 4, v, "offset buffer of " + offsets.capacity()
        + " bytes is too small for " + n + " rows (" + (n + 1L) * 4 + " bytes)");
    // The capacity was checked above, so the loop reads the buffer's memory directly: ArrowBuf.getInt
    // checks the index and the reference count on every call, most of the cost of this loop.
    long address = offsets.memoryAddress();
    int previous = MemoryUtil.getInt(address);
    check(previous >= 0, v, "negative first offset");
    boolean ordered = true;
    for (int i = 1; i <= n; i++) {
      int next = MemoryUtil.getInt(address + (long) i * 4);
      ordered &= next >= previous;
      previous = next;
    }
    if (!ordered) {   // located only on failure
      fail(v, "offsets decrease at " + firstDecrease(address, n));
    }
    check(previous <= limit, v, "offsets beyond the data (" + previous + " > " + limit + ")");
  }

  private static int firstDecrease(long address, int n) {
    for (int i = 1; i <= n; i++) {
      if (MemoryUtil.getInt(address + (long) i * 4) < MemoryUtil.getInt(address + (long) (i - 1) * 4)) {
        return i;
      }
    }
    throw new AssertionError("no decrease");
  }

  private static void views(BaseVariableWidthViewVector v, int n) {
    validity(v.getValidityBuffer(), n, v);
    ArrowBuf views = v.getDataBuffer();
    check(views.capacity() >= (long) n * BaseVariableWidthViewVector.ELEMENT_SIZE, v, "view buffer too small");
    for (int i = 0; i < n; i++) {
      if (v.isNull(i)) {
        continue;
      }
      long at = (long) i * BaseVariableWidthViewVector.ELEMENT_SIZE;
      int length = views.getInt(at);
      if (length < 0) {
        fail(v, "negative length at " + i);
      }
      if (length <= BaseVariableWidthViewVector.INLINE_SIZE) {
        continue;
      }
      int buffer = views.getInt(at + 8);
      int offset = views.getInt(at + 12);
      if (buffer < 0 || buffer >= v.getDataBuffers().size()) {
        fail(v, "view " + i + " names data buffer " + buffer);
      }
      if (offset < 0 || (long) offset + length > v.getDataBuffers().get(buffer).capacity()) {
        fail(v, "view " + i + " lies outside data buffer " + buffer);
      }
    }
  }

  private static void validity(ArrowBuf validity, int n, FieldVector v) {
    check(validity.capacity() >= BitVectorHelper.getValidityBufferSize(n), v, "validity buffer of "
        + validity.capacity() + " bytes is too small for " + n + " rows");
  }

  private static void check(boolean ok, FieldVector v, String what) {
    if (!ok) {
      fail(v, what);
    }
  }

  private static void fail(FieldVector v, String what) {
    throw new IllegalArgumentException("vector " + v.getName() + ": " + what);
  }
}
