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
 * gRPC metadata of a call: request headers, response headers or trailers. Keys are
 * case-insensitive and stored lower-case, made of {@code a-z 0-9 - _ .}; a key ending in
 * {@code -bin} holds binary values (base64 on the wire), every other key holds printable ASCII
 * text. A key may have several values, kept in order; keys keep their insertion order.
 *
 * <p>Keys that HTTP/2 and gRPC reserve for themselves (pseudo-headers, {@code grpc-*},
 * {@code content-type}, {@code te}, {@code connection}, {@code host} and other hop-by-hop
 * headers) may be stored but are never sent, and never appear in received metadata. Received
 * values that are malformed (bad base64, non-ASCII text) are dropped.
 *
 * <p>Not thread-safe. Instances handed to user code by the library (request headers on the server,
 * response headers and trailers on the client, {@link FlightCallOptions#headers()}) are read-only:
 * {@link #insert}, {@link #putAll} and {@link #remove} on them throw
 * {@link UnsupportedOperationException}; {@link #copyOf} gives a mutable copy.
 */
public final class CallHeaders {
  /** An empty, read-only instance, used where there is no metadata. */
  public static final CallHeaders EMPTY = new CallHeaders().readOnly();

  private final Map<String, List<Object>> entries = new LinkedHashMap<>();
  private boolean readOnly;

  /** An empty, mutable set of metadata. */
  public CallHeaders() {}

  /**
   * A mutable copy.
   *
   * @param other the metadata to copy (borrowed; read-only instances are fine)
   * @return a new, mutable instance with every key and value of {@code other}
   */
  public static CallHeaders copyOf(CallHeaders other) {
    CallHeaders copy = new CallHeaders();
    copy.putAll(other);
    return copy;
  }

  /**
   * Whether {@code key} names binary metadata. The check is case-sensitive: pass a lower-case
   * key, as {@link #keys()} returns them.
   *
   * @param key a metadata key
   * @return true when the key ends in {@code -bin}
   */
  public static boolean isBinaryKey(String key) {
    return key.endsWith("-bin");
  }

  /**
   * Adds a text value after those the key already has.
   *
   * @param key the key (any case); must not end in {@code -bin}
   * @param value the value: printable ASCII (0x20-0x7E)
   * @return this instance, for chaining
   * @throws IllegalArgumentException when the key is empty, has characters outside
   *     {@code a-z 0-9 - _ .} (after lower-casing) or is binary, or the value is not printable ASCII
   * @throws UnsupportedOperationException when this instance is read-only
   */
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

  /**
   * Adds a binary value after those the key already has.
   *
   * @param key the key (any case); must end in {@code -bin}
   * @param value the bytes (copied)
   * @return this instance, for chaining
   * @throws IllegalArgumentException when the key is empty, has characters outside
   *     {@code a-z 0-9 - _ .} (after lower-casing) or is not binary
   * @throws UnsupportedOperationException when this instance is read-only
   */
  public CallHeaders insert(String key, byte[] value) {
    String k = normalize(key);
    if (!isBinaryKey(k)) {
      throw new IllegalArgumentException("text key '" + k + "' needs a String value");
    }
    add(k, value.clone());
    return this;
  }

  /**
   * Adds every value of {@code other}, after the values each key already has (nothing is
   * replaced).
   *
   * @param other the metadata to add (borrowed)
   * @return this instance, for chaining
   * @throws UnsupportedOperationException when this instance is read-only and {@code other} is
   *     not empty
   */
  public CallHeaders putAll(CallHeaders other) {
    for (Map.Entry<String, List<Object>> e : other.entries.entrySet()) {
      for (Object v : e.getValue()) {
        add(e.getKey(), v instanceof byte[] ? ((byte[]) v).clone() : v);
      }
    }
    return this;
  }

  /**
   * The first value of a key, as text.
   *
   * @param key the key, any case
   * @return the first value, or null when the key has none; the bytes of a binary key are read as
   *     UTF-8
   * @throws IllegalArgumentException when the key is not a valid metadata key
   */
  public String get(String key) {
    List<Object> values = entries.get(normalize(key));
    return values == null || values.isEmpty() ? null : asText(values.get(0));
  }

  /**
   * The first value of a key, as bytes.
   *
   * @param key the key, any case
   * @return a copy of the first value (a text value as its ASCII bytes), or null when the key has
   *     none
   * @throws IllegalArgumentException when the key is not a valid metadata key
   */
  public byte[] getBytes(String key) {
    List<Object> values = entries.get(normalize(key));
    return values == null || values.isEmpty() ? null : asBytes(values.get(0));
  }

  /**
   * Every value of a key, as text.
   *
   * @param key the key, any case
   * @return the values in order (binary ones read as UTF-8); empty when there are none
   * @throws IllegalArgumentException when the key is not a valid metadata key
   */
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

  /**
   * Every value of a key, as bytes.
   *
   * @param key the key, any case
   * @return copies of the values in order (text values as their ASCII bytes); empty when there
   *     are none
   * @throws IllegalArgumentException when the key is not a valid metadata key
   */
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

  /**
   * Whether a key has at least one value.
   *
   * @param key the key, any case
   * @return true when the key is present
   * @throws IllegalArgumentException when the key is not a valid metadata key
   */
  public boolean containsKey(String key) {
    return entries.containsKey(normalize(key));
  }

  /**
   * The keys present.
   *
   * @return the lower-case keys in insertion order, a read-only view
   */
  public Set<String> keys() {
    return Collections.unmodifiableSet(entries.keySet());
  }

  /**
   * Whether there is no metadata at all.
   *
   * @return true when no key is present
   */
  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /**
   * Removes every value of a key.
   *
   * @param key the key, any case
   * @return this instance, for chaining
   * @throws IllegalArgumentException when the key is not a valid metadata key
   * @throws UnsupportedOperationException when this instance is read-only
   */
  public CallHeaders remove(String key) {
    checkWritable();
    entries.remove(normalize(key));
    return this;
  }

  /**
   * Makes this instance read-only, for good.
   *
   * @return this instance
   */
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
