package dev.flightwire;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * gRPC metadata of a call: request headers, response headers or trailers. Keys are lower-case; a
 * key ending in {@code -bin} holds binary values (base64 on the wire), every other key holds
 * printable ASCII text. A key may have several values, kept in order.
 *
 * <p>Not thread-safe. Instances handed to user code by the library (request headers on the server,
 * response headers on the client) are read-only; {@link #insert} on them throws.
 */
public final class CallHeaders {
  /** An empty, read-only instance. */
  public static final CallHeaders EMPTY = new CallHeaders().readOnly();

  private final Map<String, List<Object>> entries = new LinkedHashMap<>();
  private boolean readOnly;

  public CallHeaders() {}

  /** A mutable copy of {@code other}. */
  public static CallHeaders copyOf(CallHeaders other) {
    CallHeaders copy = new CallHeaders();
    copy.putAll(other);
    return copy;
  }

  /** Whether {@code key} names binary metadata ({@code -bin} suffix). */
  public static boolean isBinaryKey(String key) {
    return key.endsWith("-bin");
  }

  /** Adds a text value. The key must not end in {@code -bin}; the value must be printable ASCII. */
  public CallHeaders insert(String key, String value) {
    String k = normalize(key);
    if (isBinaryKey(k)) {
      throw new IllegalArgumentException("binary key '" + k + "' needs a byte[] value");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7E) {
        throw new IllegalArgumentException("header '" + k + "' value must be printable ASCII");
      }
    }
    add(k, value);
    return this;
  }

  /** Adds a binary value (copied). The key must end in {@code -bin}. */
  public CallHeaders insert(String key, byte[] value) {
    String k = normalize(key);
    if (!isBinaryKey(k)) {
      throw new IllegalArgumentException("text key '" + k + "' needs a String value");
    }
    add(k, value.clone());
    return this;
  }

  /** Adds every entry of {@code other}. */
  public CallHeaders putAll(CallHeaders other) {
    for (Map.Entry<String, List<Object>> e : other.entries.entrySet()) {
      for (Object v : e.getValue()) {
        add(e.getKey(), v instanceof byte[] ? ((byte[]) v).clone() : v);
      }
    }
    return this;
  }

  /** The first text value of {@code key}, or null. For a binary key the bytes are read as UTF-8. */
  public String get(String key) {
    List<Object> values = entries.get(normalize(key));
    return values == null || values.isEmpty() ? null : asText(values.get(0));
  }

  /** The first value of {@code key} as bytes (text values as their ASCII bytes), or null. */
  public byte[] getBytes(String key) {
    List<Object> values = entries.get(normalize(key));
    return values == null || values.isEmpty() ? null : asBytes(values.get(0));
  }

  /** Every text value of {@code key}, in order; empty if none. */
  public List<String> getAll(String key) {
    List<Object> values = entries.get(normalize(key));
    if (values == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>(values.size());
    for (Object v : values) {
      out.add(asText(v));
    }
    return out;
  }

  /** Every value of {@code key} as bytes, in order; empty if none. */
  public List<byte[]> getAllBytes(String key) {
    List<Object> values = entries.get(normalize(key));
    if (values == null) {
      return List.of();
    }
    List<byte[]> out = new ArrayList<>(values.size());
    for (Object v : values) {
      out.add(asBytes(v));
    }
    return out;
  }

  public boolean containsKey(String key) {
    return entries.containsKey(normalize(key));
  }

  /** The keys, in insertion order. */
  public Set<String> keys() {
    return Collections.unmodifiableSet(entries.keySet());
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /** Removes every value of {@code key}. */
  public CallHeaders remove(String key) {
    checkWritable();
    entries.remove(normalize(key));
    return this;
  }

  /** Makes this instance read-only and returns it. */
  public CallHeaders readOnly() {
    readOnly = true;
    return this;
  }

  private void add(String key, Object value) {
    checkWritable();
    entries.computeIfAbsent(key, k -> new ArrayList<>(1)).add(value);
  }

  private void checkWritable() {
    if (readOnly) {
      throw new UnsupportedOperationException("these headers are read-only");
    }
  }

  private static String normalize(String key) {
    if (key.isEmpty()) {
      throw new IllegalArgumentException("empty header name");
    }
    String k = key.toLowerCase(Locale.ROOT);
    for (int i = 0; i < k.length(); i++) {
      char c = k.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
      if (!ok) {
        throw new IllegalArgumentException("invalid header name '" + key + "'");
      }
    }
    return k;
  }

  private static String asText(Object v) {
    return v instanceof byte[] ? new String((byte[]) v, StandardCharsets.UTF_8) : (String) v;
  }

  private static byte[] asBytes(Object v) {
    return v instanceof byte[] ? ((byte[]) v).clone() : ((String) v).getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("CallHeaders{");
    boolean first = true;
    for (Map.Entry<String, List<Object>> e : entries.entrySet()) {
      if (!first) {
        sb.append(", ");
      }
      first = false;
      sb.append(e.getKey()).append('=');
      // values may be credentials: show only their count and size
      sb.append(e.getValue().size()).append(e.getValue().size() == 1 ? " value" : " values");
    }
    return sb.append('}').toString();
  }
}
