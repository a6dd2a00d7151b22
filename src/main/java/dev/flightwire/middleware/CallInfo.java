package dev.flightwire.middleware;

import java.util.Objects;

/**
 * What middleware knows about a call when it starts: its method. Handed to
 * {@link ClientMiddlewareFactory#startCall} and {@link ServerMiddlewareFactory#startCall}.
 * Immutable.
 */
public final class CallInfo {
  private final FlightMethod method;

  /**
   * The information of a call to {@code method}; the library makes these, tests may too.
   *
   * @param method the Flight method called; not null
   * @throws NullPointerException when {@code method} is null
   */
  public CallInfo(FlightMethod method) {
    this.method = Objects.requireNonNull(method, "method");
  }

  /**
   * The Flight method called.
   *
   * @return the method; never null
   */
  public FlightMethod method() {
    return method;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CallInfo && ((CallInfo) o).method == method;
  }

  @Override
  public int hashCode() {
    return method.hashCode();
  }

  @Override
  public String toString() {
    return "CallInfo(" + method.grpcName() + ")";
  }
}
