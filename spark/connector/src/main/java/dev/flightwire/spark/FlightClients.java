package dev.flightwire.spark;

import dev.flightwire.FlightClient;
import dev.flightwire.Location;
import dev.flightwire.auth.BasicClientAuthHandler;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The connections of one JVM (driver or executor), shared by its tasks: one {@link FlightClient}
 * per location and set of connection options, connected and logged in on first use, kept for the
 * life of the JVM (HTTP/2 carries the calls of many tasks at once on one connection). A client
 * whose connection broke reconnects on its next call.
 *
 * <p>Memory: every client allocates from a root allocator of its own (the client's default);
 * batches read are accounted there until their reader is closed. Each client sends the options'
 * headers, token and timeout on every call.
 */
final class FlightClients {
  private static final ConcurrentHashMap<String, FlightClient> CLIENTS = new ConcurrentHashMap<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(FlightClients::closeAll, "flightwire-spark-close"));
  }

  private FlightClients() {}

  /**
   * The shared client for {@code location} (a reuse-connection location means the options' own).
   *
   * @return a borrowed client: never close it
   * @throws dev.flightwire.FlightError when the login fails
   */
  static FlightClient get(FlightOptions options, Location location) {
    Location target = location.isReuseConnection() ? Location.parse(options.location) : location;
    String key = options.connectionKey(target.uri());
    FlightClient c = CLIENTS.get(key);
    if (c != null) {
      return c;
    }
    synchronized (FlightClients.class) {
      c = CLIENTS.get(key);
      if (c == null) {
        c = open(options, target);
        CLIENTS.put(key, c);
      }
      return c;
    }
  }

  /** Forgets a client whose login or connection failed, so that the next use starts afresh. */
  static void discard(FlightOptions options, Location location) {
    Location target = location.isReuseConnection() ? Location.parse(options.location) : location;
    FlightClient c = CLIENTS.remove(options.connectionKey(target.uri()));
    if (c != null) {
      c.close();
    }
  }

  private static FlightClient open(FlightOptions options, Location target) {
    FlightClient client = FlightClient.connect(target, options.clientOptions());
    try {
      if (options.username != null) {
        if (options.handshake) {
          client.authenticate(new BasicClientAuthHandler(options.username, options.password));
        } else {
          client.authenticateBasicToken(options.username, options.password);
        }
      }
      return client;
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  private static void closeAll() {
    CLIENTS.values().forEach(FlightClient::close);
    CLIENTS.clear();
  }
}
