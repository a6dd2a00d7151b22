package dev.flightwire.internal.grpc;

import java.util.concurrent.TimeUnit;

/**
 * The {@code grpc-timeout} header: a positive decimal of at most 8 digits followed by one unit
 * letter (H, M, S, m, u, n).
 */
public final class GrpcTimeout {
  private static final long MAX_VALUE = 99_999_999L;

  private GrpcTimeout() {}

  /** Formats a timeout, choosing the finest unit whose value fits in 8 digits; never rounds to zero. */
  public static String format(long nanos) {
    if (nanos <= 0) {
      return "1n";
    }
    if (nanos <= MAX_VALUE) {
      return nanos + "n";
    }
    long micros = TimeUnit.NANOSECONDS.toMicros(nanos);
    if (micros <= MAX_VALUE) {
      return micros + "u";
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(nanos);
    if (millis <= MAX_VALUE) {
      return millis + "m";
    }
    long seconds = TimeUnit.NANOSECONDS.toSeconds(nanos);
    if (seconds <= MAX_VALUE) {
      return seconds + "S";
    }
    long minutes = TimeUnit.NANOSECONDS.toMinutes(nanos);
    if (minutes <= MAX_VALUE) {
      return minutes + "M";
    }
    return Math.min(TimeUnit.NANOSECONDS.toHours(nanos), MAX_VALUE) + "H";
  }

  /**
   * Parses a header value into nanoseconds.
   *
   * @throws IllegalArgumentException with a readable message when the value is malformed
   */
  public static long parseNanos(CharSequence value) {
    if (value == null || value.length() < 2 || value.length() > 9) {
      throw new IllegalArgumentException("invalid grpc-timeout '" + value + "': expected 1-8 digits and a unit");
    }
    long amount = 0;
    for (int i = 0; i < value.length() - 1; i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        throw new IllegalArgumentException("invalid grpc-timeout '" + value + "': not a number");
      }
      amount = amount * 10 + (c - '0');
    }
    char unit = value.charAt(value.length() - 1);
    switch (unit) {
      case 'n':
        return amount;
      case 'u':
        return TimeUnit.MICROSECONDS.toNanos(amount);
      case 'm':
        return TimeUnit.MILLISECONDS.toNanos(amount);
      case 'S':
        return TimeUnit.SECONDS.toNanos(amount);
      case 'M':
        return TimeUnit.MINUTES.toNanos(amount);
      case 'H':
        return TimeUnit.HOURS.toNanos(amount);
      default:
        throw new IllegalArgumentException("invalid grpc-timeout '" + value + "': unknown unit '" + unit + "'");
    }
  }
}
