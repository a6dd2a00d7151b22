package dev.flightwire.cli;

import dev.flightwire.FlightInvalidArgumentError;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One condition of a scan's {@code filters}: {@code {"column": C, "op": OP, "value": V}}.
 * {@code value} is a JSON number, string or boolean for the comparisons, an array of them for
 * {@code in}, and absent for {@code is_null} and {@code is_not_null}. JSON {@code null} as a
 * comparison's value (or an element of {@code in}) matches no row, as in SQL. A number has at
 * most {@value #MAX_DIGITS} significant digits and a scale from -{@value #MAX_SCALE} to
 * {@value #MAX_SCALE} (INVALID_ARGUMENT otherwise): comparing a cell with {@code 1e-100000000}
 * exactly would cost a power of ten of a hundred million digits.
 *
 * @param column the top-level column it tests
 * @param op the test
 * @param value a {@link BigDecimal}, {@link String}, {@link Boolean} or {@link Json#NULL}; a
 *     {@code List} of them for {@link Op#IN}; null for the null tests
 */
record ScanFilter(String column, Op op, Object value) {
  /** Most significant digits of a filter's number. */
  static final int MAX_DIGITS = 1000;
  /** Largest scale (digits after the point), either way, of a filter's number. */
  static final int MAX_SCALE = 1000;

  /** The tests, with their names in JSON. */
  enum Op {
    EQ, NE, LT, LE, GT, GE, IN, IS_NULL, IS_NOT_NULL;

    String jsonName() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Op fromJson(String name) {
      for (Op op : values()) {
        if (op.jsonName().equals(name)) {
          return op;
        }
      }
      return null;
    }

    boolean comparison() {
      return this != IN && this != IS_NULL && this != IS_NOT_NULL;
    }
  }

  /**
   * Reads one element of {@code filters}.
   *
   * @throws FlightInvalidArgumentError when it is malformed
   */
  static ScanFilter fromJson(Object json) {
    if (!(json instanceof Map<?, ?> m)) {
      throw bad("each filter is a JSON object {\"column\": ..., \"op\": ..., \"value\": ...}, not " + Json.write(json));
    }
    for (Object key : m.keySet()) {
      if (!List.of("column", "op", "value").contains(key)) {
        throw bad("a filter has an unknown key \"" + key + "\" (a filter has column, op and value)");
      }
    }
    if (!(m.get("column") instanceof String column) || column.isEmpty()) {
      throw bad("a filter needs \"column\": a column name, in " + Json.write(m));
    }
    if (!(m.get("op") instanceof String opName)) {
      throw bad("a filter needs \"op\", in " + Json.write(m));
    }
    Op op = Op.fromJson(opName);
    if (op == null) {
      throw bad("unknown filter op \"" + opName + "\" (ops: eq, ne, lt, le, gt, ge, in, is_null, is_not_null)");
    }
    Object value = m.get("value");
    if (op == Op.IS_NULL || op == Op.IS_NOT_NULL) {
      if (value != null) {
        throw bad("op " + opName + " takes no value, in " + Json.write(m));
      }
      return new ScanFilter(column, op, null);
    }
    if (value == null) {
      throw bad("op " + opName + " needs a \"value\", in " + Json.write(m));
    }
    if (op == Op.IN) {
      if (!(value instanceof List<?> list)) {
        throw bad("op in needs an array as its value, in " + Json.write(m));
      }
      for (Object v : list) {
        checkScalar(v, m, column, opName);
      }
      return new ScanFilter(column, op, List.copyOf(list));
    }
    checkScalar(value, m, column, opName);
    return new ScanFilter(column, op, value);
  }

  private static void checkScalar(Object v, Map<?, ?> filter, String column, String op) {
    if (!(v instanceof BigDecimal || v instanceof String || v instanceof Boolean || v == Json.NULL)) {
      throw bad("a filter's value is a number, string or boolean, in " + Json.write(filter));
    }
    if (v instanceof BigDecimal d && (d.precision() > MAX_DIGITS || Math.abs((long) d.scale()) > MAX_SCALE)) {
      String shown = d.toString();
      throw bad("the filter on column " + column + " (op " + op + ") has a number out of range ("
          + (shown.length() > 40 ? shown.substring(0, 20) + "..." + shown.substring(shown.length() - 12) : shown)
          + "): a filter's numbers have at most " + MAX_DIGITS + " significant digits and a scale (digits after the"
          + " point, or zeros before it when negative) from -" + MAX_SCALE + " to " + MAX_SCALE);
    }
  }

  private static FlightInvalidArgumentError bad(String message) {
    return new FlightInvalidArgumentError("scan: " + message);
  }

  /** The filter as JSON (a map, for {@link Json#write}). */
  Map<String, Object> toJson() {
    return value == null ? Json.object("column", column, "op", op.jsonName())
        : Json.object("column", column, "op", op.jsonName(), "value", value);
  }
}
