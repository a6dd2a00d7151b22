package dev.flightwire.sql;

import java.nio.charset.StandardCharsets;

/** Copies and formatting of the byte fields of the value types. */
final class Values {
  private Values() {}

  /** A copy, or null for null. */
  static byte[] copy(byte[] b) {
    return b == null ? null : b.clone();
  }

  /** Shows bytes as text when they are printable ASCII, else as a size. */
  static String show(byte[] b) {
    if (b == null) {
      return "null";
    }
    for (byte x : b) {
      if (x < 0x20 || x > 0x7E) {
        return "<" + b.length + " bytes>";
      }
    }
    String s = new String(b, StandardCharsets.US_ASCII);
    return s.length() > 64 ? "'" + s.substring(0, 64) + "...'" : "'" + s + "'";
  }
}
