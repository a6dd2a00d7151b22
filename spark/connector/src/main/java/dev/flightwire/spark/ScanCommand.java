package dev.flightwire.spark;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.sources.EqualTo;
import org.apache.spark.sql.sources.Filter;
import org.apache.spark.sql.sources.GreaterThan;
import org.apache.spark.sql.sources.GreaterThanOrEqual;
import org.apache.spark.sql.sources.In;
import org.apache.spark.sql.sources.IsNotNull;
import org.apache.spark.sql.sources.IsNull;
import org.apache.spark.sql.sources.LessThan;
import org.apache.spark.sql.sources.LessThanOrEqual;
import org.apache.spark.sql.sources.Not;

/**
 * The scan command: a command descriptor (UTF-8 JSON) asking a service for some columns of a
 * flight and the rows matching a conjunction of simple filters.
 *
 * <pre>
 * {"type": "flightwire.scan", "path": ["sales"], "columns": ["region", "amount"],
 *  "filters": [{"column": "amount", "op": "ge", "value": 100},
 *              {"column": "region", "op": "in", "value": ["north", "east"]},
 *              {"column": "note", "op": "is_not_null"}]}
 * </pre>
 * Operators: {@code eq ne lt le gt ge} (a number, string or boolean), {@code in} (an array of
 * them), {@code is_null}, {@code is_not_null}; a comparison with a null cell is false, as in SQL.
 * A service may return more columns than asked and apply any subset of the filters: the
 * connector picks its columns by name and Spark evaluates every filter again. A service that does
 * not know the command at all answers its GetFlightInfo with an error; the connector then reads
 * the plain path.
 */
final class ScanCommand {
  private ScanCommand() {}

  /**
   * The command's bytes.
   *
   * @param columns the columns, or null for all
   * @param filters filters for which {@link #filter} is not null
   */
  static byte[] json(List<String> path, List<String> columns, Filter[] filters) {
    StringBuilder b = new StringBuilder("{\"type\":\"flightwire.scan\",\"path\":");
    array(b, path);
    if (columns != null) {
      b.append(",\"columns\":");
      array(b, columns);
    }
    if (filters.length > 0) {
      b.append(",\"filters\":[");
      for (int i = 0; i < filters.length; i++) {
        b.append(i == 0 ? "" : ",").append(filter(filters[i]));
      }
      b.append(']');
    }
    return b.append('}').toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The filter as the command's JSON object, or null when it cannot be expressed. */
  static String filter(Filter f) {
    if (f instanceof EqualTo e) {
      return comparison(e.attribute(), "eq", e.value());
    } else if (f instanceof GreaterThan g) {
      return comparison(g.attribute(), "gt", g.value());
    } else if (f instanceof GreaterThanOrEqual g) {
      return comparison(g.attribute(), "ge", g.value());
    } else if (f instanceof LessThan l) {
      return comparison(l.attribute(), "lt", l.value());
    } else if (f instanceof LessThanOrEqual l) {
      return comparison(l.attribute(), "le", l.value());
    } else if (f instanceof Not n && n.child() instanceof EqualTo e) {
      return comparison(e.attribute(), "ne", e.value());
    } else if (f instanceof IsNull n) {
      return plain(n.attribute()) ? "{\"column\":" + string(n.attribute()) + ",\"op\":\"is_null\"}" : null;
    } else if (f instanceof IsNotNull n) {
      return plain(n.attribute()) ? "{\"column\":" + string(n.attribute()) + ",\"op\":\"is_not_null\"}" : null;
    } else if (f instanceof In in) {
      if (!plain(in.attribute()) || in.values().length == 0) {
        return null;
      }
      List<String> values = new ArrayList<>();
      for (Object v : in.values()) {
        String j = value(v);
        if (j == null) {
          return null;
        }
        values.add(j);
      }
      return "{\"column\":" + string(in.attribute()) + ",\"op\":\"in\",\"value\":[" + String.join(",", values) + "]}";
    }
    return null;
  }

  private static String comparison(String column, String op, Object value) {
    String v = value(value);
    if (v == null || !plain(column)) {
      return null;
    }
    return "{\"column\":" + string(column) + ",\"op\":\"" + op + "\",\"value\":" + v + "}";
  }

  /** A top-level column: Spark names nested fields with dots and quotes odd names with backticks. */
  private static boolean plain(String attribute) {
    return attribute.indexOf('.') < 0 && attribute.indexOf('`') < 0;
  }

  private static String value(Object v) {
    if (v instanceof Byte || v instanceof Short || v instanceof Integer || v instanceof Long) {
      return v.toString();
    }
    if (v instanceof Float || v instanceof Double) {
      double d = ((Number) v).doubleValue();
      return Double.isFinite(d) ? Double.toString(d) : null;
    }
    if (v instanceof Boolean) {
      return v.toString();
    }
    if (v instanceof String s) {
      return string(s);
    }
    return null;
  }

  private static void array(StringBuilder b, List<String> items) {
    b.append('[');
    for (int i = 0; i < items.size(); i++) {
      b.append(i == 0 ? "" : ",").append(string(items.get(i)));
    }
    b.append(']');
  }

  static String string(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
