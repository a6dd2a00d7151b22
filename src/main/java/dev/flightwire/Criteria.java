package dev.flightwire;

import java.util.Arrays;

/**
 * The filter of ListFlights: an opaque expression the service interprets (Flight defines no
 * syntax). An empty expression, {@link #ALL}, asks for every flight. Immutable; the expression is
 * copied in and out.
 */
public final class Criteria {
  /** The empty expression: list every flight. */
  public static final Criteria ALL = new Criteria(new byte[0]);

  private final byte[] expression;

  /**
   * A filter with the given expression.
   *
   * @param expression the expression bytes (copied), or null for an empty one
   */
  public Criteria(byte[] expression) {
    this.expression = expression == null ? new byte[0] : expression.clone();
  }

  /**
   * The filter expression.
   *
   * @return a copy of the expression; empty for {@link #ALL}
   */
  public byte[] expression() {
    return expression.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Criteria && Arrays.equals(expression, ((Criteria) o).expression);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(expression);
  }

  @Override
  public String toString() {
    return "Criteria<" + Bytes.show(expression) + ">";
  }
}
