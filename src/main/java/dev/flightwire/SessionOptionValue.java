package dev.flightwire;

import java.util.List;
import java.util.Objects;

/**
 * The value of one session option (Flight's {@code SessionOptionValue}): a string, boolean, int64,
 * double or list of strings, or empty, which in SetSessionOptions removes the option. Read it by
 * its {@link #kind()}: the accessor of another kind throws. Immutable.
 */
public final class SessionOptionValue {
  /** Which kind of value it holds, and so which accessor reads it. */
  public enum Kind {
    /** A string, read with {@link #stringValue()}. */
    STRING,
    /** A boolean, read with {@link #boolValue()}. */
    BOOL,
    /** A signed 64-bit integer, read with {@link #longValue()}. */
    INT64,
    /** A double, read with {@link #doubleValue()}. */
    DOUBLE,
    /** A list of strings, read with {@link #stringListValue()}. */
    STRING_LIST,
    /** No value ({@link #empty()}); no accessor applies. */
    EMPTY
  }

  private static final SessionOptionValue EMPTY = new SessionOptionValue(Kind.EMPTY, null);

  private final Kind kind;
  private final Object value;

  private SessionOptionValue(Kind kind, Object value) {
    this.kind = kind;
    this.value = value;
  }

  /**
   * A string value.
   *
   * @param value the string; not null
   * @return a value of kind {@link Kind#STRING}
   * @throws NullPointerException when {@code value} is null
   */
  public static SessionOptionValue of(String value) {
    return new SessionOptionValue(Kind.STRING, Objects.requireNonNull(value, "value"));
  }

  /**
   * A boolean value.
   *
   * @param value the boolean
   * @return a value of kind {@link Kind#BOOL}
   */
  public static SessionOptionValue of(boolean value) {
    return new SessionOptionValue(Kind.BOOL, value);
  }

  /**
   * An int64 value.
   *
   * @param value the integer
   * @return a value of kind {@link Kind#INT64}
   */
  public static SessionOptionValue of(long value) {
    return new SessionOptionValue(Kind.INT64, value);
  }

  /**
   * A double value.
   *
   * @param value the double
   * @return a value of kind {@link Kind#DOUBLE}
   */
  public static SessionOptionValue of(double value) {
    return new SessionOptionValue(Kind.DOUBLE, value);
  }

  /**
   * A list-of-strings value.
   *
   * @param values the strings (copied); neither the list nor an element may be null
   * @return a value of kind {@link Kind#STRING_LIST}
   * @throws NullPointerException when {@code values} or one of its elements is null
   */
  public static SessionOptionValue of(List<String> values) {
    return new SessionOptionValue(Kind.STRING_LIST, List.copyOf(values));
  }

  /**
   * No value: setting it with SetSessionOptions removes the option.
   *
   * @return the shared empty value, of kind {@link Kind#EMPTY}
   */
  public static SessionOptionValue empty() {
    return EMPTY;
  }

  /**
   * Which kind of value this is.
   *
   * @return the kind; never null
   */
  public Kind kind() {
    return kind;
  }

  /**
   * Whether this is the empty value.
   *
   * @return true for kind {@link Kind#EMPTY}
   */
  public boolean isEmpty() {
    return kind == Kind.EMPTY;
  }

  /**
   * The string value.
   *
   * @return the string
   * @throws IllegalStateException when the kind is not {@link Kind#STRING}
   */
  public String stringValue() {
    return (String) as(Kind.STRING);
  }

  /**
   * The boolean value.
   *
   * @return the boolean
   * @throws IllegalStateException when the kind is not {@link Kind#BOOL}
   */
  public boolean boolValue() {
    return (Boolean) as(Kind.BOOL);
  }

  /**
   * The int64 value.
   *
   * @return the integer
   * @throws IllegalStateException when the kind is not {@link Kind#INT64}
   */
  public long longValue() {
    return (Long) as(Kind.INT64);
  }

  /**
   * The double value.
   *
   * @return the double
   * @throws IllegalStateException when the kind is not {@link Kind#DOUBLE}
   */
  public double doubleValue() {
    return (Double) as(Kind.DOUBLE);
  }

  /**
   * The list-of-strings value.
   *
   * @return the strings, an unmodifiable list
   * @throws IllegalStateException when the kind is not {@link Kind#STRING_LIST}
   */
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
