package dev.flightwire.cli;

import dev.flightwire.cli.ScanFilter.Op;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.Decimal256Vector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FloatingPointVector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.ViewVarCharVector;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;

/**
 * One scan filter as a test of a column's cells, with SQL's rule that a comparison with a null
 * cell is false. What is compared, and how:
 * <ul>
 *   <li>integer, floating point (single and double precision) and decimal columns with a JSON
 *       number, numerically (an integer column against 2.5 is compared with 2.5, not a rounded
 *       value). NaN is above every number. A single-precision cell passes when the comparison
 *       holds at single precision or at double precision, so that a value written as a float
 *       or as a double is matched either way;
 *   <li>utf8, large utf8 and utf8 view columns with a JSON string, by their UTF-8 bytes (the order
 *       of Unicode code points);
 *   <li>bool columns with a JSON boolean (false before true);
 *   <li>a dictionary-encoded column by its dictionary's values, as above;
 *   <li>{@code is_null} and {@code is_not_null} on any column.
 * </ul>
 * Anything else (dates, times, timestamps, binary, nested types, half floats, a value whose JSON
 * type does not fit the column) cannot be applied: {@link #compile} returns null and the filter is
 * not applied, which keeps every row it would have tested. Stateless.
 */
final class CellTests {
  private CellTests() {}

  /** The sign of (cell - value) for a non-null cell. */
  @FunctionalInterface
  private interface Comparison {
    int compare(int row);
  }

  /**
   * The test of {@code filter} on the cells of {@code vector} (borrowed: the test reads it, so it
   * is valid while the batch is), or null when this filter cannot be applied to that column.
   *
   * @param dictionaries where a dictionary-encoded column's dictionary is, or null
   */
  static IntPredicate compile(ScanFilter filter, ValueVector vector, DictionaryProvider dictionaries) {
    DictionaryEncoding encoding = vector.getField().getDictionary();
    if (encoding != null) {
      Dictionary dictionary = dictionaries == null ? null : dictionaries.lookup(encoding.getId());
      if (dictionary == null || !(vector instanceof BaseIntVector indices)
          || dictionary.getVector().getField().getDictionary() != null) {
        return null;
      }
      IntPredicate onValues = compile(filter, dictionary.getVector(), null);
      if (onValues == null) {
        return null;
      }
      boolean whenNull = filter.op() == Op.IS_NULL;
      return row -> indices.isNull(row) ? whenNull : onValues.test((int) indices.getValueAsLong(row));
    }
    Op op = filter.op();
    if (op == Op.IS_NULL) {
      return vector::isNull;
    }
    if (op == Op.IS_NOT_NULL) {
      return row -> !vector.isNull(row);
    }
    List<?> values = op == Op.IN ? (List<?>) filter.value() : List.of(filter.value());
    // per value, the comparisons of which one holding is enough
    List<Comparison[]> comparisons = new ArrayList<>();
    for (Object value : values) {
      if (value == Json.NULL) {
        continue; // = NULL is never true; IN (.., NULL) is true only through its other values
      }
      Comparison[] c = comparisons(vector, value);
      if (c == null) {
        return null;
      }
      comparisons.add(c);
    }
    if (comparisons.isEmpty()) {
      return row -> false;
    }
    Op test = op == Op.IN ? Op.EQ : op;
    Comparison[][] all = comparisons.toArray(new Comparison[0][]);
    return row -> {
      if (vector.isNull(row)) {
        return false;
      }
      for (Comparison[] alternatives : all) {
        for (Comparison c : alternatives) {
          if (holds(c.compare(row), test)) {
            return true;
          }
        }
      }
      return false;
    };
  }

  private static boolean holds(int sign, Op op) {
    return switch (op) {
      case EQ -> sign == 0;
      case NE -> sign != 0;
      case LT -> sign < 0;
      case LE -> sign <= 0;
      case GT -> sign > 0;
      case GE -> sign >= 0;
      default -> throw new IllegalArgumentException(op.toString());
    };
  }

  /** How a cell compares with {@code value} (not null), or null when they cannot be compared. */
  private static Comparison[] comparisons(ValueVector vector, Object value) {
    ArrowType type = vector.getField().getType();
    if (value instanceof BigDecimal x) {
      if (type instanceof ArrowType.Int t && vector instanceof BaseIntVector ints) {
        return new Comparison[] {integers(ints, !t.getIsSigned() && t.getBitWidth() == 64, x)};
      }
      if (type instanceof ArrowType.FloatingPoint t && vector instanceof FloatingPointVector floats) {
        double xd = x.doubleValue();
        Comparison asDouble = row -> compare(floats.getValueAsDouble(row), xd);
        if (t.getPrecision() == FloatingPointPrecision.DOUBLE) {
          return new Comparison[] {asDouble};
        }
        if (t.getPrecision() == FloatingPointPrecision.SINGLE) {
          double xf = x.floatValue();
          return new Comparison[] {asDouble, row -> compare(floats.getValueAsDouble(row), xf)};
        }
        return null;
      }
      if (vector instanceof DecimalVector d) {
        return new Comparison[] {row -> d.getObject(row).compareTo(x)};
      }
      if (vector instanceof Decimal256Vector d) {
        return new Comparison[] {row -> d.getObject(row).compareTo(x)};
      }
      return null;
    }
    if (value instanceof String s) {
      byte[] x = s.getBytes(StandardCharsets.UTF_8);
      if (vector instanceof VarCharVector v) {
        return new Comparison[] {row -> compareUtf8(v, row, x)};
      }
      if (vector instanceof LargeVarCharVector v) {
        return new Comparison[] {row -> Arrays.compareUnsigned(v.get(row), x)};
      }
      if (vector instanceof ViewVarCharVector v) {
        return new Comparison[] {row -> Arrays.compareUnsigned(v.get(row), x)};
      }
      return null;
    }
    if (value instanceof Boolean b && vector instanceof BitVector v) {
      return new Comparison[] {row -> Boolean.compare(v.get(row) != 0, b)};
    }
    return null;
  }

  /** NaN above every number; -0.0 equal to 0.0. */
  private static int compare(double cell, double value) {
    if (cell == value) {
      return 0;
    }
    if (Double.isNaN(cell)) {
      return 1;
    }
    return cell < value ? -1 : 1;
  }

  private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
  private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

  /**
   * An integer cell against any number, exactly: the number's floor decides, and a cell equal to
   * the floor of a fractional number is below it. {@code unsigned64}: the cells are uint64, whose
   * values above Long.MAX_VALUE read as negative longs.
   */
  private static Comparison integers(BaseIntVector v, boolean unsigned64, BigDecimal x) {
    if (x.compareTo(LONG_MAX) > 0) {
      if (!unsigned64) {
        return row -> -1;
      }
      return row -> {
        long c = v.getValueAsLong(row);
        return c >= 0 ? -1 : new BigDecimal(Long.toUnsignedString(c)).compareTo(x);
      };
    }
    if (x.compareTo(LONG_MIN) < 0) {
      return row -> 1;
    }
    long floor;
    boolean exact;
    if (x.abs().compareTo(BigDecimal.ONE) < 0) {
      // |x| < 1: its floor is 0 or -1, found without scaling x (which costs a power of ten of x's scale)
      floor = x.signum() < 0 ? -1 : 0;
      exact = x.signum() == 0;
    } else {
      floor = x.setScale(0, RoundingMode.FLOOR).longValueExact();
      exact = x.compareTo(BigDecimal.valueOf(floor)) == 0;
    }
    return row -> {
      long c = v.getValueAsLong(row);
      if (unsigned64 && c < 0) {
        return 1; // above Long.MAX_VALUE, so above x
      }
      return c < floor ? -1 : c > floor ? 1 : exact ? 0 : -1;
    };
  }

  /** A utf8 cell's bytes against {@code x}, unsigned, read in place. */
  private static int compareUtf8(VarCharVector v, int row, byte[] x) {
    ArrowBuf data = v.getDataBuffer();
    long start = v.getStartOffset(row);
    int length = v.getValueLength(row);
    int n = Math.min(length, x.length);
    for (int i = 0; i < n; i++) {
      int d = Byte.toUnsignedInt(data.getByte(start + i)) - Byte.toUnsignedInt(x[i]);
      if (d != 0) {
        return d;
      }
    }
    return Integer.compare(length, x.length);
  }
}
