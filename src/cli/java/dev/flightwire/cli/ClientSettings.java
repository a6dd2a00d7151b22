package dev.flightwire.cli;

import dev.flightwire.FlightCallOptions;
import dev.flightwire.FlightClient;
import dev.flightwire.FlightClientOptions;
import dev.flightwire.FlightUnavailableError;
import dev.flightwire.Location;
import dev.flightwire.auth.BasicClientAuthHandler;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * How a client command connects: the server's location, TLS material, default call options
 * (headers and timeout) and credentials. Immutable; built by {@link ClientOptionsParser}.
 */
final class ClientSettings {
  private final Location location;
  private final byte[] tlsRoots;
  private final byte[] certChain;
  private final byte[] privateKey;
  private final String overrideHostname;
  private final boolean insecure;
  private final FlightCallOptions callOptions;
  private final String user;
  private final String password;
  private final boolean handshake;

  private ClientSettings(Builder b) {
    this.location = b.location;
    this.tlsRoots = b.tlsRoots;
    this.certChain = b.certChain;
    this.privateKey = b.privateKey;
    this.overrideHostname = b.overrideHostname;
    this.insecure = b.insecure;
    this.callOptions = b.callOptions;
    this.user = b.user;
    this.password = b.password;
    this.handshake = b.handshake;
  }

  Location location() {
    return location;
  }

  /** Connects to the LOCATION and logs in. Returns an owned client (close it). */
  FlightClient connect(BufferAllocator allocator) {
    return connect(location, allocator);
  }

  /** One call whose answer holds no Arrow memory. */
  interface UnaryCall<T> {
    T call(FlightClient client);
  }

  /**
   * Connects to the LOCATION, logs in, makes {@code call} and closes the client: for the commands
   * that only print an answer (info, schema, actions).
   */
  <T> T callOnce(UnaryCall<T> call) {
    try (BufferAllocator allocator = new RootAllocator(); FlightClient client = connect(allocator)) {
      return call.call(client);
    }
  }

  /**
   * Connects to {@code where} (the LOCATION, or an endpoint's location) with the same options and
   * logs in. Received data is accounted to {@code allocator} (borrowed). Returns an owned client.
   */
  FlightClient connect(Location where, BufferAllocator allocator) {
    FlightClientOptions.Builder b = FlightClientOptions.builder().allocator(allocator).callOptions(callOptions);
    if (where.isTls()) {
      b.tlsRootCerts(tlsRoots).certChain(certChain).privateKey(privateKey).overrideHostname(overrideHostname)
          .disableServerVerification(insecure);
    }
    FlightClient client;
    try {
      client = FlightClient.connect(where, b.build());
    } catch (FlightUnavailableError e) {
      throw withTlsHint(where, e);
    }
    try {
      if (user != null) {
        if (handshake) {
          client.authenticate(new BasicClientAuthHandler(user, password));
        } else {
          client.authenticateBasicToken(user, password);
        }
      }
      return client;
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  /**
   * A plaintext client at a TLS server fails the HTTP/2 handshake; how depends on timing (closed,
   * or reset). Says what to do in every case.
   */
  private static FlightUnavailableError withTlsHint(Location where, FlightUnavailableError e) {
    String m = String.valueOf(e.getMessage());
    if (where.isTls() || where.isUnix() || !m.startsWith("no HTTP/2 connection") || m.contains("grpc+tls://")) {
      return e;
    }
    return new FlightUnavailableError(m + " (if it serves TLS, use a grpc+tls:// location)", e);
  }

  /** Collects the parsed options. */
  static final class Builder {
    private final Location location;
    byte[] tlsRoots;
    byte[] certChain;
    byte[] privateKey;
    String overrideHostname;
    boolean insecure;
    FlightCallOptions callOptions = FlightCallOptions.DEFAULT;
    String user;
    String password;
    boolean handshake;

    Builder(Location location) {
      this.location = location;
    }

    ClientSettings build() {
      return new ClientSettings(this);
    }
  }
}
