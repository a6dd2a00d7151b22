package dev.flightwire;

import java.util.Arrays;

/** The filter of ListFlights: an opaque expression the service interprets. Immutable. */
public final class Criteria {
  public static final Criteria ALL = new Criteria(new byte[0]);

  private final byte[] expression;

  public Criteria(byte[] expression) {
    this.expression = expression == null ? new byte[0] : expression.clone();
  }

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
