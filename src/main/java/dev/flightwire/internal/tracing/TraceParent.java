package dev.flightwire.internal.tracing;

/** A parsed W3C {@code traceparent} header (version 00 layout; later versions read the same way). */
public final class TraceParent {
  private final String traceId;
  private final String spanId;
  private final int flags;

  private TraceParent(String traceId, String spanId, int flags) {
    this.traceId = traceId;
    this.spanId = spanId;
    this.flags = flags;
  }

  /**
   * Parses {@code version-traceid-parentid-flags}; null when absent or invalid (wrong lengths,
   * non-hex, all-zero ids, version ff), in which case the call starts a new trace.
   */
  public static TraceParent parse(String header) {
    if (header == null) {
      return null;
    }
    String h = header.trim();
    if (h.length() < 55 || h.charAt(2) != '-' || h.charAt(35) != '-' || h.charAt(52) != '-') {
      return null;
    }
    String version = h.substring(0, 2);
    if (!hex(version) || version.equals("ff") || (version.equals("00") && h.length() != 55)
        || (h.length() > 55 && h.charAt(55) != '-')) {
      return null;
    }
    String traceId = h.substring(3, 35);
    String spanId = h.substring(36, 52);
    String flags = h.substring(53, 55);
    if (!hex(traceId) || !hex(spanId) || !hex(flags) || zeros(traceId) || zeros(spanId)) {
      return null;
    }
    return new TraceParent(traceId, spanId, Integer.parseInt(flags, 16));
  }

  private static boolean hex(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  private static boolean zeros(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) != '0') {
        return false;
      }
    }
    return true;
  }

  public String traceId() {
    return traceId;
  }

  public String spanId() {
    return spanId;
  }

  public int flags() {
    return flags;
  }
}
