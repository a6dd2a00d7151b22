package dev.flightwire.internal.grpc;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The {@code grpc-message} encoding (PROTOCOL-HTTP2.md): UTF-8, then every byte outside
 * 0x20..0x7E, and '%' itself, written as %XX. A space that starts or ends the message is escaped
 * too: an HTTP/2 field value must not begin or end with whitespace (RFC 9113 section 8.2.1), and
 * strict peers drop the connection over one. Decoding is lenient: a malformed escape is kept as
 * literal text, never an error.
 */
public final class StatusMessageCodec {
  private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

  private StatusMessageCodec() {}

  public static String encode(String message) {
    byte[] utf8 = message.getBytes(StandardCharsets.UTF_8);
    int escapes = 0;
    for (int i = 0; i < utf8.length; i++) {
      if (needsEscape(utf8, i)) {
        escapes++;
      }
    }
    if (escapes == 0) {
      return message;
    }
    byte[] out = new byte[utf8.length + 2 * escapes];
    int j = 0;
    for (int i = 0; i < utf8.length; i++) {
      byte b = utf8[i];
      if (needsEscape(utf8, i)) {
        out[j++] = '%';
        out[j++] = HEX[(b >> 4) & 0xF];
        out[j++] = HEX[b & 0xF];
      } else {
        out[j++] = b;
      }
    }
    return new String(out, StandardCharsets.US_ASCII);
  }

  public static String decode(CharSequence encoded) {
    if (encoded == null) {
      return "";
    }
    String s = encoded.toString();
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < s.length()) {
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi >= 0 && lo >= 0) {
          out.write((hi << 4) | lo);
          i += 2;
          continue;
        }
      }
      if (c < 256) {
        // header text arrives as one char per octet, so raw UTF-8 from a lenient peer survives
        out.write(c);
      } else {
        byte[] raw = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(raw, 0, raw.length);
      }
    }
    return new String(out.toByteArray(), StandardCharsets.UTF_8);
  }

  private static boolean needsEscape(byte[] utf8, int i) {
    byte b = utf8[i];
    return b < 0x20 || b > 0x7E || b == '%' || (b == ' ' && (i == 0 || i == utf8.length - 1));
  }
}
