package dev.flightwire.spark;

import dev.flightwire.FlightClient;
import dev.flightwire.FlightError;
import dev.flightwire.FlightInvalidArgumentError;
import dev.flightwire.FlightUnauthenticatedError;
import dev.flightwire.Location;
import dev.flightwire.auth.BasicClientAuthHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The connections of one JVM (driver or executor), shared by its tasks: one {@link FlightClient}
 * per location and set of connection options, connected and logged in on first use, kept for the
 * life of the JVM (HTTP/2 carries the calls of many tasks at once on one connection). A client
 * whose connection broke reconnects on its next call.
 *
 * <ul>
 *   <li>Connecting to one location never holds up tasks that need another: each location's
 *       client is made once, by the first task that needs it, while the others that need the
 *       same one wait for it.
 *   <li>A location that failed is remembered as down for {@link #DOWN_NANOS}; readers try it
 *       last ({@link #isDown}).
 *   <li>A call refused with UNAUTHENTICATED while the options have credentials (a restarted
 *       server forgot the token) makes a fresh client that logs in again, once ({@link #call}).
 *       The old client leaves the pool but is not closed, so calls already running on it end
 *       on their own; it is closed when the JVM exits.
 *   <li>Credentials and headers are never sent in plaintext to an endpoint location when the
 *       options' own location is TLS (a FlightInfo naming {@code grpc+tcp} for a
 *       {@code grpc+tls} service): that location is refused with INVALID_ARGUMENT, and readers
 *       go on to the endpoint's next location.
 * </ul>
 *
 * <p>Memory: every client allocates from a root allocator of its own (the client's default);
 * batches read are accounted there until their reader is closed. Each client sends the options'
 * headers, token and timeout on every call.
 */
final class FlightClients {
  static final long DOWN_NANOS = TimeUnit.SECONDS.toNanos(5);

  private static final ConcurrentHashMap<String, CompletableFuture<FlightClient>> CLIENTS = new ConcurrentHashMap<>();
  private static final ConcurrentHashMap<String, Long> DOWN = new ConcurrentHashMap<>();
  private static final Queue<FlightClient> RETIRED = new ConcurrentLinkedQueue<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(FlightClients::closeAll, "flightwire-spark-close"));
  }

  private FlightClients() {}

  /** The location a reader or writer connects to for {@code location}. */
  static Location target(FlightOptions options, Location location) {
    return location.isReuseConnection() ? Location.parse(options.location) : location;
  }

  /**
   * The shared client for {@code location} (a reuse-connection location means the options' own).
   *
   * @return a borrowed client: never close it
   * @throws FlightError when connecting or the login fails (the location is then marked down), or
   *     INVALID_ARGUMENT when the location would receive credentials in plaintext
   */
  static FlightClient get(FlightOptions options, Location location) {
    Location target = target(options, location);
    String key = options.connectionKey(target.uri());
    CompletableFuture<FlightClient> f = CLIENTS.get(key);
    if (f == null) {
      CompletableFuture<FlightClient> mine = new CompletableFuture<>();
      f = CLIENTS.putIfAbsent(key, mine);
      if (f == null) {
        f = mine;
        try {
          mine.complete(open(options, target));
        } catch (RuntimeException e) {
          CLIENTS.remove(key, mine);
          if (!(e instanceof FlightInvalidArgumentError)) {
            markDown(target);
          }
          mine.completeExceptionally(e);
        }
      }
    }
    try {
      return f.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  /**
   * Runs {@code call} on the shared client of {@code location}; when the options have credentials
   * and the call is refused with UNAUTHENTICATED, once more on a fresh client that logged in
   * again.
   */
  static <T> T call(FlightOptions options, Location location, Function<FlightClient, T> call) {
    FlightClient c = get(options, location);
    try {
      return call.apply(c);
    } catch (FlightUnauthenticatedError e) {
      if (options.username == null) {
        throw e;
      }
      retire(options, location, c);
      return call.apply(get(options, location));
    }
  }

  /**
   * Takes {@code client} out of the pool (when it is still the pooled one for {@code location}),
   * so that the next use connects and logs in again. Calls running on it are left to end.
   */
  static void retire(FlightOptions options, Location location, FlightClient client) {
    String key = options.connectionKey(target(options, location).uri());
    CompletableFuture<FlightClient> f = CLIENTS.get(key);
    if (f != null && f.isDone() && !f.isCompletedExceptionally() && f.join() == client && CLIENTS.remove(key, f)) {
      RETIRED.add(client);
    }
  }

  static void markDown(Location location) {
    DOWN.put(location.uri(), System.nanoTime());
  }

  /** Whether {@code location} failed within the last {@link #DOWN_NANOS}. */
  static boolean isDown(Location location) {
    Long at = DOWN.get(location.uri());
    return at != null && System.nanoTime() - at < DOWN_NANOS;
  }

  private static FlightClient open(FlightOptions options, Location target) {
    boolean secrets = options.username != null || options.token != null || !options.headers.isEmpty();
    if (secrets && Location.parse(options.location).isTls() && !target.isTls()) {
      throw new FlightInvalidArgumentError("flight: not sending credentials or headers in plaintext to "
          + target.uri() + " (the service at " + options.location + " is reached over TLS)");
    }
    FlightClient client;
    try {
      client = FlightClient.connect(target, options.clientOptions());
    } catch (IllegalArgumentException e) {
      throw new FlightInvalidArgumentError("flight: cannot connect to " + target.uri() + ": " + e.getMessage(), e);
    }
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
    List<FlightClient> all = new ArrayList<>(RETIRED);
    for (CompletableFuture<FlightClient> f : CLIENTS.values()) {
      if (f.isDone() && !f.isCompletedExceptionally()) {
        all.add(f.join());
      }
    }
    CLIENTS.clear();
    for (FlightClient c : all) {
      try {
        c.close();
      } catch (RuntimeException ignored) {
        // the JVM is exiting: close the others
      }
    }
  }
}
