package dev.flightwire.sql;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds expected wire bytes from pieces written by hand: each piece is either an Integer (one
 * byte: a tag or a length, as the test spells it out) or a String (its ASCII bytes). Nothing is
 * computed, so a golden test does not compare our encoder with itself.
 */
final class WireBytes {
  private WireBytes() {}

  static byte[] of(Object... pieces) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object p : pieces) {
      if (p instanceof Integer b) {
        out.write(b);
      } else {
        out.writeBytes(((String) p).getBytes(StandardCharsets.US_ASCII));
      }
    }
    return out.toByteArray();
  }
}
