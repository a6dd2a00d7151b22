package dev.flightwire;

import java.time.Duration;

/**
 * Per-call options: extra request headers and a timeout. Every {@link FlightClient} method has a
 * form that takes them; defaults for every call of a client go in
 * {@link FlightClientOptions.Builder#callOptions}. A call sends the client's default headers, then
 * these (a key in both is sent with both values), and uses this timeout if set, else the
 * client's. Immutable; build with {@link #builder()}.
 */
public final class FlightCallOptions {
  /** No extra headers and no timeout. */
  public static final FlightCallOptions DEFAULT = builder().build();

  private final CallHeaders headers;
  private final Duration timeout;

  private FlightCallOptions(CallHeaders headers, Duration timeout) {
    this.headers = headers;
    this.timeout = timeout;
  }

  /**
   * A builder with no headers and no timeout.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Options with only a timeout.
   *
   * @param timeout the time the whole call may take, or null for none
   * @return the options
   * @throws IllegalArgumentException when {@code timeout} is zero or negative
   */
  public static FlightCallOptions timeout(Duration timeout) {
    return builder().timeout(timeout).build();
  }

  /**
   * The extra request headers.
   *
   * @return the headers, read-only; empty when there are none
   */
  public CallHeaders headers() {
    return headers;
  }

  /**
   * The time the whole call may take, from its start until the server's final status arrives.
   *
   * @return the timeout, or null for none (the client's default applies)
   */
  public Duration timeout() {
    return timeout;
  }

  /** Builder of {@link FlightCallOptions}. Not thread-safe. */
  public static final class Builder {
    private final CallHeaders headers = new CallHeaders();
    private Duration timeout;

    private Builder() {}

    /**
     * Adds a text request header.
     *
     * @param key the key; must not end in {@code -bin}
     * @param value the value, printable ASCII
     * @return this builder
     * @throws IllegalArgumentException when the key or value is not valid (see
     *     {@link CallHeaders#insert(String, String)})
     */
    public Builder header(String key, String value) {
      headers.insert(key, value);
      return this;
    }

    /**
     * Adds a binary request header.
     *
     * @param key the key; must end in {@code -bin}
     * @param value the bytes (copied)
     * @return this builder
     * @throws IllegalArgumentException when the key is not valid (see
     *     {@link CallHeaders#insert(String, byte[])})
     */
    public Builder header(String key, byte[] value) {
      headers.insert(key, value);
      return this;
    }

    /**
     * Adds every header of {@code all}, after those already added.
     *
     * @param all the headers to add (borrowed)
     * @return this builder
     */
    public Builder headers(CallHeaders all) {
      headers.putAll(all);
      return this;
    }

    /**
     * Sets the time the whole call may take. It is sent to the server as {@code grpc-timeout};
     * when it passes, the client resets the call and it fails with {@link FlightTimedOutError},
     * including in a reader or writer that is blocked.
     *
     * @param timeout a positive duration, or null for none
     * @return this builder
     * @throws IllegalArgumentException when {@code timeout} is zero or negative
     */
    public Builder timeout(Duration timeout) {
      if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
        throw new IllegalArgumentException("timeout must be positive");
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * Builds the options; the builder may be used again.
     *
     * @return immutable options with a snapshot of the headers
     */
    public FlightCallOptions build() {
      return new FlightCallOptions(CallHeaders.copyOf(headers).readOnly(), timeout);
    }
  }
}
