package dev.flightwire;

import java.util.List;
import java.util.Objects;

/**
 * The value of one session option: a string, boolean, int64, double or list of strings, or empty
 * (which, in SetSessionOptions, removes the option). Immutable.
 */
public final class SessionOptionValue {
  /** Which kind of value it holds. */
  public enum Kind { STRING, BOOL, INT64, DOUBLE, STRING_LIST, EMPTY }

  private static final SessionOptionValue EMPTY = new SessionOptionValue(Kind.EMPTY, null);

  private final Kind kind;
  private final Object value;

  private SessionOptionValue(Kind kind, Object value) {
    this.kind = kind;
    this.value = value;
  }

  public static SessionOptionValue of(String value) {
    return new SessionOptionValue(Kind.STRING, Objects.requireNonNull(value, "value"));
  }

  public static SessionOptionValue of(boolean value) {
    return new SessionOptionValue(Kind.BOOL, value);
  }

  public static SessionOptionValue of(long value) {
    return new SessionOptionValue(Kind.INT64, value);
  }

  public static SessionOptionValue of(double value) {
    return new SessionOptionValue(Kind.DOUBLE, value);
  }

  public static SessionOptionValue of(List<String> values) {
    return new SessionOptionValue(Kind.STRING_LIST, List.copyOf(values));
  }

  /** No value: setting it removes the option. */
  public static SessionOptionValue empty() {
    return EMPTY;
  }

  public Kind kind() {
    return kind;
  }

  public boolean isEmpty() {
    return kind == Kind.EMPTY;
  }

  /** @throws IllegalStateException when it is not a string */
  public String stringValue() {
    return (String) as(Kind.STRING);
  }

  public boolean boolValue() {
    return (Boolean) as(Kind.BOOL);
  }

  public long longValue() {
    return (Long) as(Kind.INT64);
  }

  public double doubleValue() {
    return (Double) as(Kind.DOUBLE);
  }

  @SuppressWarnings("unchecked")
  public List<String> stringListValue() {
    return (List<String>) as(Kind.STRING_LIST);
  }

  private Object as(Kind k) {
    if (kind != k) {
      throw new IllegalStateException("the session option holds " + kind + ", not " + k);
    }
    return value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SessionOptionValue && ((SessionOptionValue) o).kind == kind
        && Objects.equals(((SessionOptionValue) o).value, value);
  }

  @Override
  public int hashCode() {
    return kind.hashCode() * 31 + Objects.hashCode(value);
  }

  @Override
  public String toString() {
    return kind == Kind.EMPTY ? "(empty)" : kind + ":" + value;
  }
}
