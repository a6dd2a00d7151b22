package dev.flightwire;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Where a Flight service can be reached, as a URI: {@code grpc+tcp://host:port} (also
 * {@code grpc://host:port}), {@code grpc+tls://host:port}, {@code grpc+unix:///path/to/socket},
 * {@code in-process://name} (a server in the same JVM, see {@link #forInProcess}), or the special {@code arrow-flight-reuse-connection://?} of an endpoint that is read through the
 * connection its FlightInfo came on. Clients connect to one ({@link FlightClient#connect}),
 * servers listen on one ({@link FlightServer#builder}), and {@link FlightEndpoint}s list them.
 * IPv6 hosts are written in brackets ({@code grpc+tcp://[::1]:8815}). Immutable; two locations
 * are equal when their URI texts are equal.
 */
public final class Location {
  /** The URI of {@link #reuseConnection()}, exactly as Flight.rst spells it. */
  public static final String REUSE_CONNECTION_URI = "arrow-flight-reuse-connection://?";

  private final String uri;
  private final String scheme;
  private final String host;
  private final int port;
  private final String path;

  static {
    // the internal packages reach package-private members through this one bridge (see Access)
    dev.flightwire.internal.Access.register(new InternalAccess());
  }

  private Location(String uri, String scheme, String host, int port, String path) {
    this.uri = uri;
    this.scheme = scheme;
    this.host = host;
    this.port = port;
    this.path = path;
  }

  /**
   * A plaintext location, {@code grpc+tcp://host:port}.
   *
   * @param host a host name or IP address (an IPv6 address with or without brackets)
   * @param port the TCP port; 0 lets a server pick a free one ({@link FlightServer#port()})
   * @return the location
   * @throws IllegalArgumentException when the result is not a valid URI
   */
  public static Location forGrpcTcp(String host, int port) {
    return parse("grpc+tcp://" + hostPart(host) + ":" + port);
  }

  /**
   * A TLS location, {@code grpc+tls://host:port}.
   *
   * @param host a host name or IP address (an IPv6 address with or without brackets); a client
   *     checks the server certificate against it unless told otherwise
   *     ({@link FlightClientOptions.Builder#overrideHostname})
   * @param port the TCP port; 0 lets a server pick a free one
   * @return the location
   * @throws IllegalArgumentException when the result is not a valid URI
   */
  public static Location forGrpcTls(String host, int port) {
    return parse("grpc+tls://" + hostPart(host) + ":" + port);
  }

  /**
   * A Unix domain socket location, {@code grpc+unix:///path}. Needs the native epoll transport
   * (Linux).
   *
   * @param path the socket's file path; a relative path is made absolute by prefixing "/"
   * @return the location
   * @throws IllegalArgumentException when the result is not a valid URI
   */
  public static Location forGrpcUnix(String path) {
    return parse("grpc+unix://" + (path.startsWith("/") ? path : "/" + path));
  }

  /**
   * An in-process location, {@code in-process://name}: a server in this JVM that clients of this
   * JVM reach without a socket. Calls behave as over the network (deadlines, cancellation,
   * backpressure, auth, middleware, errors, metadata, message size limits) but skip HTTP/2 and
   * the copies of the network: a record batch written from immutable data (a table, or a
   * {@link FlightDataStream} whose data is immutable) reaches the reader as the same memory. A
   * batch the writer may refill ({@link FlightStreamWriter#writeBatch}) is copied once, since the
   * reader would otherwise see it change. Batches received this way share memory with the
   * writer's data: treat them as read-only. When the client's and the server's allocators share a
   * root, the memory passes to the reader's allocator (Arrow's ownership transfer), so either side
   * may close its allocator while the other still holds batches; otherwise the writer's memory
   * stays allocated until the reader releases it. A server built with
   * {@link FlightServer.Builder#directExecutor()} answers unary calls on the caller's own thread,
   * with no thread hand-off. No TLS; the peer ({@link ServerCallContext#peer()}) is
   * {@code in-process:name} and the peer identity is empty.
   *
   * @param name the server's name, unique among the servers running in this JVM; letters, digits
   *     and {@code . _ -}
   * @return the location
   * @throws IllegalArgumentException when the name is empty or has other characters
   */
  public static Location forInProcess(String name) {
    return parse(IN_PROCESS + "://" + name);
  }

  private static final String IN_PROCESS = "in-process";

  /**
   * The location that means "fetch from the service this endpoint came from, over the same
   * connection" (Flight.rst "Connection Reuse"). Servers put it in endpoints;
   * {@link EndpointFetcher} honours it. It cannot be connected to.
   *
   * @return the location of {@link #REUSE_CONNECTION_URI}
   */
  public static Location reuseConnection() {
    return new Location(REUSE_CONNECTION_URI, "arrow-flight-reuse-connection", null, -1, null);
  }

  private static String hostPart(String host) {
    return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  /**
   * Parses a location URI. The scheme is lower-cased; a URI without one is taken
   * as {@code grpc+tcp}. Unix locations ({@code grpc+unix} or {@code unix}) need a path, all
   * others a host; a missing port is allowed here and reads as -1.
   *
   * @param uri the URI text
   * @return the location
   * @throws IllegalArgumentException when it is not a URI, or misses the host or path it needs
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
    if (scheme.equals(IN_PROCESS)) {
      String name = uri.substring(uri.indexOf("://") < 0 ? uri.length() : uri.indexOf("://") + 3);
      if (name.isEmpty() || !name.matches("[A-Za-z0-9._-]+")) {
        throw new IllegalArgumentException("an in-process location is in-process://NAME, NAME of letters, digits"
            + " and . _ -: " + uri);
      }
      return new Location(uri, scheme, name, -1, null);
    }
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

  /**
   * The URI, exactly as given or built.
   *
   * @return the URI text
   */
  public String uri() {
    return uri;
  }

  /**
   * The scheme.
   *
   * @return the scheme in lower case: {@code grpc}, {@code grpc+tcp}, {@code grpc+tls},
   *     {@code grpc+unix}, {@code in-process}, {@code arrow-flight-reuse-connection}, or whatever
   *     another URI had
   */
  public String scheme() {
    return scheme;
  }

  /**
   * The host.
   *
   * @return the host name or address, IPv6 without brackets; the server's name for an in-process
   *     location; null for Unix and reuse-connection locations
   */
  public String host() {
    return host;
  }

  /**
   * The port.
   *
   * @return the TCP port, or -1 when the URI has none (and for Unix and reuse-connection
   *     locations)
   */
  public int port() {
    return port;
  }

  /**
   * The path.
   *
   * @return the socket path of a Unix location; for others the URI's path, often empty, or null
   */
  public String path() {
    return path;
  }

  /**
   * Whether connections to this location use TLS.
   *
   * @return true for the {@code grpc+tls} and {@code https} schemes
   */
  public boolean isTls() {
    return scheme.equals("grpc+tls") || scheme.equals("https");
  }

  /**
   * Whether this is a Unix domain socket location.
   *
   * @return true for the {@code grpc+unix} and {@code unix} schemes
   */
  public boolean isUnix() {
    return scheme.equals("grpc+unix") || scheme.equals("unix");
  }

  /**
   * Whether this is an in-process location ({@link #forInProcess}).
   *
   * @return true for the {@code in-process} scheme
   */
  public boolean isInProcess() {
    return scheme.equals(IN_PROCESS);
  }

  /**
   * Whether this is {@link #reuseConnection()}.
   *
   * @return true when the URI is exactly {@link #REUSE_CONNECTION_URI}
   */
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
