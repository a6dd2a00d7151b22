package dev.flightwire;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Where a Flight service can be reached: {@code grpc+tcp://host:port} (also {@code grpc://}),
 * {@code grpc+tls://host:port}, {@code grpc+unix:///path}, or the special
 * {@code arrow-flight-reuse-connection://?}. Immutable; equal when the URIs are equal.
 */
public final class Location {
  public static final String REUSE_CONNECTION_URI = "arrow-flight-reuse-connection://?";

  private final String uri;
  private final String scheme;
  private final String host;
  private final int port;
  private final String path;

  private Location(String uri, String scheme, String host, int port, String path) {
    this.uri = uri;
    this.scheme = scheme;
    this.host = host;
    this.port = port;
    this.path = path;
  }

  public static Location forGrpcTcp(String host, int port) {
    return parse("grpc+tcp://" + hostPart(host) + ":" + port);
  }

  public static Location forGrpcTls(String host, int port) {
    return parse("grpc+tls://" + hostPart(host) + ":" + port);
  }

  public static Location forGrpcUnix(String path) {
    return parse("grpc+unix://" + (path.startsWith("/") ? path : "/" + path));
  }

  /** "Fetch from the service this endpoint came from" (Flight.rst "Connection Reuse"). */
  public static Location reuseConnection() {
    return new Location(REUSE_CONNECTION_URI, "arrow-flight-reuse-connection", null, -1, null);
  }

  private static String hostPart(String host) {
    return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  /**
   * Parses a location URI.
   *
   * @throws IllegalArgumentException if it is not a URI or misses a host or port where needed
   */
  public static Location parse(String uri) {
    if (REUSE_CONNECTION_URI.equals(uri)) {
      return reuseConnection();
    }
    URI u;
    try {
      u = new URI(uri);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a valid location URI: " + uri, e);
    }
    String scheme = u.getScheme() == null ? "grpc+tcp" : u.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("grpc+unix") || scheme.equals("unix")) {
      String p = u.getPath();
      if (p == null || p.isEmpty()) {
        throw new IllegalArgumentException("unix location needs a path: " + uri);
      }
      return new Location(uri, scheme, null, -1, p);
    }
    if (u.getHost() == null) {
      throw new IllegalArgumentException("location needs a host: " + uri);
    }
    String host = u.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return new Location(uri, scheme, host, u.getPort(), u.getPath());
  }

  /** The URI as text. */
  public String uri() {
    return uri;
  }

  /** The scheme, lower case: grpc, grpc+tcp, grpc+tls, grpc+unix, or another. */
  public String scheme() {
    return scheme;
  }

  /** The host, or null for unix and reuse-connection locations. */
  public String host() {
    return host;
  }

  /** The port, or -1 when the URI has none. */
  public int port() {
    return port;
  }

  /** The socket path of a unix location, else the URI path (possibly empty) or null. */
  public String path() {
    return path;
  }

  public boolean isTls() {
    return scheme.equals("grpc+tls") || scheme.equals("https");
  }

  public boolean isUnix() {
    return scheme.equals("grpc+unix") || scheme.equals("unix");
  }

  public boolean isReuseConnection() {
    return uri.equals(REUSE_CONNECTION_URI);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Location && uri.equals(((Location) o).uri);
  }

  @Override
  public int hashCode() {
    return uri.hashCode();
  }

  @Override
  public String toString() {
    return uri;
  }
}
