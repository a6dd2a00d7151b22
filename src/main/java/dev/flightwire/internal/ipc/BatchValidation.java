package dev.flightwire.internal.ipc;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseVariableWidthViewVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.NonNullableStructVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.util.ValueVectorUtility;

/**
 * Full validation of a vector loaded from the wire, so that reading any of its values stays within
 * its buffers. Arrow's {@code ValueVectorUtility.validateFull} does it for every layout except
 * views (utf8_view, binary_view), which Arrow Java 18 refuses to validate: those are checked here,
 * and so are the list and struct vectors above them, whose children Arrow's visitor would reach.
 * Other containers holding views get their children checked only.
 *
 * @throws IllegalArgumentException (or Arrow's ValidateException) naming what is wrong
 */
final class BatchValidation {
  private BatchValidation() {}

  static void validate(FieldVector vector) {
    if (!holdsViews(vector.getField())) {
      ValueVectorUtility.validateFull(vector);
      return;
    }
    int n = vector.getValueCount();
    if (vector instanceof BaseVariableWidthViewVector) {
      views((BaseVariableWidthViewVector) vector, n);
      return;
    }
    if (vector instanceof ListVector) {
      ListVector list = (ListVector) vector;
      validity(list.getValidityBuffer(), n, vector);
      ArrowBuf offsets = list.getOffsetBuffer();
      check(n == 0 || offsets.capacity() >= (n + 1L) * ListVector.OFFSET_WIDTH, vector, "offset buffer too small");
      int previous = n == 0 ? 0 : offsets.getInt(0);
      check(previous >= 0, vector, "negative first offset");
      for (int i = 1; i <= n; i++) {
        int next = offsets.getInt((long) i * ListVector.OFFSET_WIDTH);
        check(next >= previous, vector, "offsets decrease at " + i);
        previous = next;
      }
      check(previous <= list.getDataVector().getValueCount(), vector, "offsets beyond the child values");
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
      check(length >= 0, v, "negative length at " + i);
      if (length <= BaseVariableWidthViewVector.INLINE_SIZE) {
        continue;
      }
      int buffer = views.getInt(at + 8);
      int offset = views.getInt(at + 12);
      check(buffer >= 0 && buffer < v.getDataBuffers().size(), v, "view " + i + " names data buffer " + buffer);
      check(offset >= 0 && (long) offset + length <= v.getDataBuffers().get(buffer).capacity(), v,
          "view " + i + " lies outside data buffer " + buffer);
    }
  }

  private static void validity(ArrowBuf validity, int n, FieldVector v) {
    check(validity.capacity() >= BitVectorHelper.getValidityBufferSize(n), v, "validity buffer too small");
  }

  private static void check(boolean ok, FieldVector v, String what) {
    if (!ok) {
      throw new IllegalArgumentException("vector " + v.getName() + ": " + what);
    }
  }

  private static boolean holdsViews(Field f) {
    if (f.getType() instanceof ArrowType.Utf8View || f.getType() instanceof ArrowType.BinaryView) {
      return true;
    }
    for (Field c : f.getChildren()) {
      if (holdsViews(c)) {
        return true;
      }
    }
    return false;
  }
}
