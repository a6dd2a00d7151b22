package dev.flightwire.internal.tracing;

/** Whether the OpenTelemetry API is on the classpath (checked once). */
final class OtelPresence {
  static final boolean AVAILABLE = check();

  private OtelPresence() {}

  private static boolean check() {
    try {
      Class.forName("io.opentelemetry.api.GlobalOpenTelemetry", false, OtelPresence.class.getClassLoader());
      Class.forName("io.opentelemetry.context.Context", false, OtelPresence.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
