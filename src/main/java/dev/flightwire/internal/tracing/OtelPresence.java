package dev.flightwire.internal.tracing;

/** Whether the OpenTelemetry API is on the classpath (checked once). */
final class OtelPresence {
  static final boolean AVAILABLE = check();

  private OtelPresence() {}

  private static boolean check() {
    org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(OtelPresence.class);
    try {
      Class.forName("io.opentelemetry.api.GlobalOpenTelemetry", false, OtelPresence.class.getClassLoader());
      Class.forName("io.opentelemetry.context.Context", false, OtelPresence.class.getClassLoader());
      log.debug("OpenTelemetry API found: server spans are reported through GlobalOpenTelemetry");
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      log.debug("OpenTelemetry API not found ({}): traceparent is passed on, no spans are reported", e.toString());
      return false;
    }
  }
}
