package dev.flightwire.internal.util;

import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * Whether flightwire may use Netty's native libraries (the epoll transport, BoringSSL through
 * netty-tcnative): the system property {@value #PROPERTY}, read once, when this class is first
 * used. {@code false} makes the process run on NIO and the JDK's TLS even where the natives load,
 * and the natives are then not even loaded. Read once because the choice must not change under
 * a running process: an event-loop group and the channels registered on it must agree.
 */
public final class Natives {
  /** The system property: {@code false} forbids the natives; absent or {@code true} allows them. */
  public static final String PROPERTY = "flightwire.native";

  private static final boolean ALLOWED = parse(System.getProperty(PROPERTY));

  private Natives() {}

  /** Whether the natives may be used (they may still fail to load: see Transports, TlsContexts). */
  public static boolean allowed() {
    return ALLOWED;
  }

  /** The value of {@value #PROPERTY}: null or {@code true} allow, {@code false} forbids (any case). */
  static boolean parse(String value) {
    if (value == null) {
      return true;
    }
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (v.equals("false")) {
      return false;
    }
    if (!v.equals("true")) {
      LoggerFactory.getLogger(Natives.class).warn("{}={} is neither true nor false; the native libraries stay "
          + "allowed", PROPERTY, value);
    }
    return true;
  }
}
