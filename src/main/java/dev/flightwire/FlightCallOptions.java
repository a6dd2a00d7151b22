package dev.flightwire;

import java.time.Duration;

/** Per-call options: extra request headers and a timeout. Immutable; build with {@link #builder()}. */
public final class FlightCallOptions {
  public static final FlightCallOptions DEFAULT = builder().build();

  private final CallHeaders headers;
  private final Duration timeout;

  private FlightCallOptions(CallHeaders headers, Duration timeout) {
    this.headers = headers;
    this.timeout = timeout;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Options with only a timeout. */
  public static FlightCallOptions timeout(Duration timeout) {
    return builder().timeout(timeout).build();
  }

  /** Extra request headers (read-only). */
  public CallHeaders headers() {
    return headers;
  }

  /** The timeout, or null for none. */
  public Duration timeout() {
    return timeout;
  }

  /** Builder of {@link FlightCallOptions}. */
  public static final class Builder {
    private final CallHeaders headers = new CallHeaders();
    private Duration timeout;

    private Builder() {}

    public Builder header(String key, String value) {
      headers.insert(key, value);
      return this;
    }

    public Builder header(String key, byte[] value) {
      headers.insert(key, value);
      return this;
    }

    public Builder headers(CallHeaders all) {
      headers.putAll(all);
      return this;
    }

    /** The call fails with FlightTimedOutError when not done within {@code timeout}. */
    public Builder timeout(Duration timeout) {
      if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
        throw new IllegalArgumentException("timeout must be positive");
      }
      this.timeout = timeout;
      return this;
    }

    public FlightCallOptions build() {
      return new FlightCallOptions(CallHeaders.copyOf(headers).readOnly(), timeout);
    }
  }
}
