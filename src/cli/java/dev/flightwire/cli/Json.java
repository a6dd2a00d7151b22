package dev.flightwire.cli;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The small JSON reader and writer of the directory service's commands, tickets and action
 * bodies (RFC 8259). A parsed value is a {@code Map<String, Object>} (keys in document order;
 * a repeated key is an error), a {@code List<Object>}, a {@link String}, a {@link BigDecimal},
 * a {@link Boolean}, or {@link #NULL}. Stateless and thread-safe.
 */
final class Json {
  /** JSON {@code null} (a value of its own, so that a map tells it from an absent key). */
  static final Object NULL = new Object() {
    @Override
    public String toString() {
      return "null";
    }
  };

  /** Deepest nesting of arrays and objects accepted. */
  private static final int MAX_DEPTH = 64;
  /**
   * Longest number accepted, in characters: reading a number of a million digits takes seconds.
   * (Users of numbers bound their digits and scale further, as {@link ScanFilter} does.)
   */
  private static final int MAX_NUMBER_CHARS = 4096;

  private final String text;
  private int pos;

  private Json(String text) {
    this.text = text;
  }

  /** A malformed document: the message says what and where. */
  static final class ParseException extends Exception {
    private static final long serialVersionUID = 1L;

    ParseException(String message) {
      super(message);
    }
  }

  /** Parses one JSON value (surrounding white space allowed, nothing else). */
  static Object parse(String text) throws ParseException {
    Json p = new Json(text);
    p.space();
    Object v = p.value(0);
    p.space();
    if (p.pos != text.length()) {
      throw p.error("unexpected text after the value");
    }
    return v;
  }

  private ParseException error(String what) {
    return new ParseException(what + " at character " + (pos + 1));
  }

  private void space() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }

  private Object value(int depth) throws ParseException {
    if (pos >= text.length()) {
      throw error("unexpected end of the text");
    }
    char c = text.charAt(pos);
    if (c == '{' || c == '[') {
      if (depth == MAX_DEPTH) {
        throw error("nested deeper than " + MAX_DEPTH);
      }
      return c == '{' ? parseObject(depth + 1) : parseArray(depth + 1);
    }
    if (c == '"') {
      return string();
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
      return number();
    }
    if (text.startsWith("true", pos)) {
      pos += 4;
      return Boolean.TRUE;
    }
    if (text.startsWith("false", pos)) {
      pos += 5;
      return Boolean.FALSE;
    }
    if (text.startsWith("null", pos)) {
      pos += 4;
      return NULL;
    }
    throw error("unexpected character '" + c + "'");
  }

  private Map<String, Object> parseObject(int depth) throws ParseException {
    Map<String, Object> out = new LinkedHashMap<>();
    pos++;
    space();
    if (pos < text.length() && text.charAt(pos) == '}') {
      pos++;
      return out;
    }
    while (true) {
      if (pos >= text.length() || text.charAt(pos) != '"') {
        throw error("expected a quoted key");
      }
      String key = string();
      space();
      expect(':');
      space();
      if (out.put(key, value(depth)) != null) {
        throw error("the key \"" + key + "\" is repeated");
      }
      space();
      if (pos < text.length() && text.charAt(pos) == ',') {
        pos++;
        space();
        continue;
      }
      expect('}');
      return out;
    }
  }

  private List<Object> parseArray(int depth) throws ParseException {
    List<Object> out = new ArrayList<>();
    pos++;
    space();
    if (pos < text.length() && text.charAt(pos) == ']') {
      pos++;
      return out;
    }
    while (true) {
      out.add(value(depth));
      space();
      if (pos < text.length() && text.charAt(pos) == ',') {
        pos++;
        space();
        continue;
      }
      expect(']');
      return out;
    }
  }

  private void expect(char c) throws ParseException {
    if (pos >= text.length() || text.charAt(pos) != c) {
      throw error("expected '" + c + "'");
    }
    pos++;
  }

  private String string() throws ParseException {
    StringBuilder sb = new StringBuilder();
    pos++;
    while (pos < text.length()) {
      char c = text.charAt(pos++);
      if (c == '"') {
        return sb.toString();
      }
      if (c < 0x20) {
        pos--;
        throw error("a control character in a string");
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      if (pos >= text.length()) {
        break;
      }
      char e = text.charAt(pos++);
      switch (e) {
        case '"', '\\', '/' -> sb.append(e);
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'u' -> {
          if (pos + 4 > text.length()) {
            throw error("a short \\u escape");
          }
          try {
            sb.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
          } catch (NumberFormatException bad) {
            throw error("a bad \\u escape");
          }
          pos += 4;
        }
        default -> {
          pos--;
          throw error("a bad escape \\" + e);
        }
      }
    }
    throw error("a string is not closed");
  }

  private BigDecimal number() throws ParseException {
    int start = pos;
    if (text.charAt(pos) == '-') {
      pos++;
    }
    int intStart = pos;
    digits();
    if (pos == intStart || (text.charAt(intStart) == '0' && pos - intStart > 1)) {
      throw error("a malformed number");
    }
    if (pos < text.length() && text.charAt(pos) == '.') {
      pos++;
      int fracStart = pos;
      digits();
      if (pos == fracStart) {
        throw error("a malformed number");
      }
    }
    if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
      pos++;
      if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
        pos++;
      }
      int expStart = pos;
      digits();
      if (pos == expStart) {
        throw error("a malformed number");
      }
    }
    if (pos - start > MAX_NUMBER_CHARS) {
      pos = start;
      throw error("a number longer than " + MAX_NUMBER_CHARS + " characters");
    }
    try {
      return new BigDecimal(text.substring(start, pos));
    } catch (NumberFormatException | ArithmeticException e) {
      throw error("a number out of range");
    }
  }

  private void digits() {
    while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
      pos++;
    }
  }

  /**
   * {@code value} as JSON text: maps (string keys), lists, strings, numbers, booleans,
   * {@link #NULL} or null.
   *
   * @throws IllegalArgumentException for any other type
   */
  static String write(Object value) {
    StringBuilder sb = new StringBuilder();
    write(sb, value);
    return sb.toString();
  }

  private static void write(StringBuilder sb, Object v) {
    if (v == null || v == NULL) {
      sb.append("null");
    } else if (v instanceof String s) {
      quote(sb, s);
    } else if (v instanceof BigDecimal d) {
      sb.append(d.toString());
    } else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw new IllegalArgumentException("JSON has no " + d);
      }
      sb.append(v);
    } else if (v instanceof Number || v instanceof Boolean) {
      sb.append(v);
    } else if (v instanceof Map<?, ?> m) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!first) {
          sb.append(", ");
        }
        first = false;
        quote(sb, (String) e.getKey());
        sb.append(": ");
        write(sb, e.getValue());
      }
      sb.append('}');
    } else if (v instanceof List<?> l) {
      sb.append('[');
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) {
          sb.append(", ");
        }
        write(sb, l.get(i));
      }
      sb.append(']');
    } else {
      throw new IllegalArgumentException("not a JSON value: " + v.getClass().getName());
    }
  }

  private static void quote(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  /** An ordered map of {@code key, value, key, value...}, for writing. */
  static Map<String, Object> object(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return Collections.unmodifiableMap(m);
  }
}
