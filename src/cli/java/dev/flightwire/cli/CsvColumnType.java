package dev.flightwire.cli;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * The column types a CSV file is read as, from the narrowest: int64, float64, bool, utf8.
 *
 * <p>Numbers and booleans are recognized with surrounding blanks trimmed: integers as an optional
 * sign and ASCII digits (within int64); floats in decimal or exponent notation, or {@code nan},
 * {@code inf}, {@code infinity} with an optional sign (any case); booleans as {@code true} or
 * {@code false} (any case). A blank cell is null in those columns; in a utf8 column an unquoted
 * empty cell is null and a quoted one ({@code ""}) the empty string.
 */
enum CsvColumnType {
  INT64(new ArrowType.Int(64, true)),
  FLOAT64(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
  BOOL(ArrowType.Bool.INSTANCE),
  UTF8(ArrowType.Utf8.INSTANCE);

  private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");
  private static final Pattern DECIMAL = Pattern.compile("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][+-]?[0-9]+)?");
  private static final Pattern SPECIAL = Pattern.compile("[+-]?(nan|inf|infinity)", Pattern.CASE_INSENSITIVE);

  private final ArrowType arrowType;

  CsvColumnType(ArrowType arrowType) {
    this.arrowType = arrowType;
  }

  ArrowType arrowType() {
    return arrowType;
  }

  /** Whether a cell counts as no value for inference: null or blank. */
  static boolean blank(String cell) {
    return cell == null || cell.isBlank();
  }

  /** Whether the (non-blank) cell is a value of this type. */
  boolean accepts(String cell) {
    String t = cell.strip();
    switch (this) {
      case INT64:
        if (!INTEGER.matcher(t).matches()) {
          return false;
        }
        try {
          Long.parseLong(t);
          return true;
        } catch (NumberFormatException e) {
          return false;
        }
      case FLOAT64:
        return DECIMAL.matcher(t).matches() || SPECIAL.matcher(t).matches();
      case BOOL:
        return t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false");
      default:
        return true;
    }
  }

  /**
   * The narrowest type that holds every value seen so far ({@code current}, null before the first)
   * and {@code cell} (not blank). Integers widen to float64; anything else that does not fit
   * becomes utf8.
   */
  static CsvColumnType widen(CsvColumnType current, String cell) {
    if (current == null) {
      for (CsvColumnType t : values()) {
        if (t.accepts(cell)) {
          return t;
        }
      }
      return UTF8;
    }
    if (current.accepts(cell)) {
      return current;
    }
    if (current == INT64 && FLOAT64.accepts(cell)) {
      return FLOAT64;
    }
    return UTF8;
  }

  /**
   * Sets row {@code row} of {@code v} (a vector of this type, borrowed) from {@code cell}.
   *
   * @return false when the cell is not a value of this type (the row is left null)
   */
  boolean set(FieldVector v, int row, String cell) {
    if (this == UTF8) {
      if (cell == null) {
        ((VarCharVector) v).setNull(row);
      } else {
        ((VarCharVector) v).setSafe(row, cell.getBytes(StandardCharsets.UTF_8));
      }
      return true;
    }
    if (blank(cell)) {
      setNull(v, row);
      return true;
    }
    if (!accepts(cell)) {
      setNull(v, row);
      return false;
    }
    String t = cell.strip();
    switch (this) {
      case INT64:
        ((BigIntVector) v).setSafe(row, Long.parseLong(t));
        return true;
      case FLOAT64:
        ((Float8Vector) v).setSafe(row, parseDouble(t));
        return true;
      default:
        ((BitVector) v).setSafe(row, t.equalsIgnoreCase("true") ? 1 : 0);
        return true;
    }
  }

  private static void setNull(FieldVector v, int row) {
    if (v instanceof BigIntVector) {
      ((BigIntVector) v).setNull(row);
    } else if (v instanceof Float8Vector) {
      ((Float8Vector) v).setNull(row);
    } else {
      ((BitVector) v).setNull(row);
    }
  }

  static double parseDouble(String t) {
    String lower = t.toLowerCase(Locale.ROOT);
    boolean negative = lower.startsWith("-");
    String bare = lower.replaceFirst("^[+-]", "");
    if (bare.equals("nan")) {
      return Double.NaN;
    }
    if (bare.equals("inf") || bare.equals("infinity")) {
      return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    return Double.parseDouble(t);
  }

  /** The name in messages: int64, float64, bool, utf8. */
  String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
