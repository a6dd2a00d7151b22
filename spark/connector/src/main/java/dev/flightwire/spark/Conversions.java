package dev.flightwire.spark;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseVariableWidthViewVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float2Vector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt2Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryEncoder;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * Top-level columns Spark cannot read in place but can hold: they are converted batch by batch
 * into a vector Spark reads (the one place besides a failover's skip where the connector copies).
 *
 * <ul>
 *   <li>timestamps in seconds, milliseconds or nanoseconds: to microseconds (nanoseconds are
 *       truncated towards the past), zone kept;
 *   <li>date64 (milliseconds): to days;
 *   <li>uint8, uint16, uint32: widened to int16, int32, int64; float16: to float32;
 *   <li>utf8_view, binary_view: to utf8 and binary;
 *   <li>dictionary-encoded columns (pandas categoricals): decoded, then converted if their values
 *       need it.
 * </ul>
 */
final class Conversions {
  private Conversions() {}

  /** Whether {@code f} (a top-level column) is converted; its Spark type is then {@link #target}'s. */
  static boolean needed(Field f) {
    return f.getDictionary() != null || target(f.getType()) != null;
  }

  /** The Arrow type a value type is converted to, or null when Spark reads it as it is. */
  static ArrowType target(ArrowType t) {
    switch (t.getTypeID()) {
      case Timestamp: {
        ArrowType.Timestamp ts = (ArrowType.Timestamp) t;
        return ts.getUnit() == TimeUnit.MICROSECOND ? null : new ArrowType.Timestamp(TimeUnit.MICROSECOND, ts.getTimezone());
      }
      case Date:
        return ((ArrowType.Date) t).getUnit() == DateUnit.MILLISECOND ? new ArrowType.Date(DateUnit.DAY) : null;
      case Int: {
        ArrowType.Int i = (ArrowType.Int) t;
        return i.getIsSigned() || i.getBitWidth() == 64 ? null : new ArrowType.Int(i.getBitWidth() * 2, true);
      }
      case FloatingPoint:
        return ((ArrowType.FloatingPoint) t).getPrecision() == FloatingPointPrecision.HALF
            ? new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE) : null;
      case Utf8View:
        return ArrowType.Utf8.INSTANCE;
      case BinaryView:
        return ArrowType.Binary.INSTANCE;
      default:
        return null;
    }
  }

  /**
   * The column as Spark reads it.
   *
   * @param v the received vector (borrowed)
   * @return a new vector (owned by the caller), or {@code v} itself when no conversion is needed
   */
  static FieldVector convert(FieldVector v, DictionaryProvider dictionaries, BufferAllocator allocator) {
    Field f = v.getField();
    FieldVector values = v;
    boolean decoded = false;
    if (f.getDictionary() != null) {
      Dictionary d = dictionaries.lookup(f.getDictionary().getId());
      if (d == null) {
        throw new IllegalStateException("flight: column \"" + f.getName() + "\" names dictionary "
            + f.getDictionary().getId() + ", which the stream did not send");
      }
      ValueVector plain = DictionaryEncoder.decode(v, d, allocator);
      values = (FieldVector) plain;
      decoded = true;
    }
    ArrowType to = target(values.getField().getType());
    if (to == null) {
      return values;
    }
    try {
      return convertValues(values, f.getName(), to, allocator);
    } finally {
      if (decoded) {
        values.close();
      }
    }
  }

  private static FieldVector convertValues(FieldVector from, String name, ArrowType to, BufferAllocator allocator) {
    FieldVector out = new Field(name, new FieldType(true, to, null), null).createVector(allocator);
    try {
      int n = from.getValueCount();
      out.setInitialCapacity(n);
      out.allocateNew();
      for (int i = 0; i < n; i++) {
        if (from.isNull(i)) {
          setNull(out, i);
        } else {
          set(from, out, i);
        }
      }
      out.setValueCount(n);
      return out;
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
  }

  private static void setNull(FieldVector out, int i) {
    if (out instanceof org.apache.arrow.vector.BaseFixedWidthVector fw) {
      fw.setNull(i);
    } else if (out instanceof org.apache.arrow.vector.BaseVariableWidthVector vw) {
      vw.setNull(i);
    }
  }

  private static void set(FieldVector from, FieldVector out, int i) {
    if (from instanceof TimeStampVector ts) {
      long micros = switch (((ArrowType.Timestamp) from.getField().getType()).getUnit()) {
        case SECOND -> Math.multiplyExact(ts.get(i), 1_000_000L);
        case MILLISECOND -> Math.multiplyExact(ts.get(i), 1_000L);
        case NANOSECOND -> Math.floorDiv(ts.get(i), 1_000L);
        case MICROSECOND -> ts.get(i);
      };
      ((TimeStampVector) out).setSafe(i, micros);
    } else if (from instanceof DateMilliVector d) {
      ((DateDayVector) out).setSafe(i, (int) Math.floorDiv(d.get(i), 86_400_000L));
    } else if (from instanceof UInt1Vector u) {
      ((SmallIntVector) out).setSafe(i, (short) u.getValueAsLong(i));
    } else if (from instanceof UInt2Vector u) {
      ((IntVector) out).setSafe(i, u.get(i));
    } else if (from instanceof UInt4Vector u) {
      ((BigIntVector) out).setSafe(i, u.getValueAsLong(i));
    } else if (from instanceof Float2Vector h) {
      ((Float4Vector) out).setSafe(i, h.getValueAsFloat(i));
    } else if (from instanceof BaseVariableWidthViewVector view) {
      byte[] b = view.get(i);
      if (out instanceof VarCharVector s) {
        s.setSafe(i, b);
      } else {
        ((VarBinaryVector) out).setSafe(i, b);
      }
    } else {
      throw new IllegalStateException("flight: no conversion from " + from.getField().getType());
    }
  }
}
