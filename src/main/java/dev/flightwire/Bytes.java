package dev.flightwire;

import java.nio.charset.StandardCharsets;

/** Formatting of byte payloads in toString methods. */
final class Bytes {
  private Bytes() {}

  /** Shows bytes as text when they are printable UTF-8 ASCII, else as a size. */
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
