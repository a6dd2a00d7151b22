package dev.flightwire.middleware;

import java.util.Objects;

/** What middleware knows about a call when it starts: its method. Immutable. */
public final class CallInfo {
  private final FlightMethod method;

  public CallInfo(FlightMethod method) {
    this.method = Objects.requireNonNull(method, "method");
  }

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
