package dev.flightwire.internal.util;

import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Says why a connection could not be opened in a user's words: "connection refused by
 * localhost:8815" rather than the transport's "finishConnect(..) failed with error(-111): Connection
 * refused".
 */
public final class ConnectFailures {
  private ConnectFailures() {}

  /**
   * @param target {@code host:port}, or a Unix socket's path
   * @param cause what the transport reported (may be null)
   */
  public static String describe(String target, boolean unix, Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof UnknownHostException) {
        return "unknown host " + target.substring(0, Math.max(0, target.lastIndexOf(':')));
      }
      if (t instanceof io.netty.channel.ConnectTimeoutException) {
        return "connecting to " + target + " timed out";
      }
      String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
      if (m.contains("connection refused")) {
        return "connection refused by " + target + (unix ? " (no server listens on that socket)" : "");
      }
      if (unix && (t instanceof java.io.FileNotFoundException || m.contains("no such file"))) {
        return "no socket file at " + target;
      }
      if (unix && m.contains("permission denied")) {
        return "permission denied for the socket " + target;
      }
      if (m.contains("no route to host")) {
        return "no route to host " + target;
      }
      if (m.contains("network is unreachable")) {
        return "network unreachable for " + target;
      }
    }
    if (cause == null) {
      return "unknown error";
    }
    String m = cause.getMessage();
    if (m == null) {
      return cause.getClass().getSimpleName();
    }
    // Netty's native transport prefixes the system call: "finishConnect(..) failed with error(-113): "
    return m.replaceAll("\\w+\\(\\.\\.\\) failed(?: with error\\(-?\\d+\\))?: ", "");
  }
}
