package dev.flightwire;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every endpoint of a {@link FlightInfo}: in order, one at a time, when the info is
 * {@code ordered}; otherwise with up to {@code maxConcurrentStreams} DoGet streams at once. An
 * endpoint without locations, or with {@code arrow-flight-reuse-connection://?}, is read through
 * the client the info came from; other locations get one connection each, kept and shared for the
 * fetcher's life; when a location is unavailable the endpoint's next location is tried.
 *
 * <pre>{@code
 * try (EndpointFetcher fetcher = new EndpointFetcher(client, options, 4)) {
 *   fetcher.fetch(client.getFlightInfo(descriptor), (endpoint, reader) -> {
 *     while (reader.next()) { use(reader.root()); }
 *   });
 * }
 * }</pre>
 *
 * <p>Thread-safe. Closing it closes the connections it opened (not the origin client).
 */
public final class EndpointFetcher implements AutoCloseable {
  /**
   * Consumes one endpoint's stream. For an unordered info with several endpoints, it is called
   * from several fetcher threads at once, so it must be thread-safe.
   */
  @FunctionalInterface
  public interface EndpointConsumer {
    /**
     * Reads what it needs from {@code reader}. Throwing fails the whole fetch.
     *
     * @param endpoint the endpoint being read
     * @param reader the endpoint's DoGet stream; borrowed: the fetcher closes it after this
     *     returns (cancelling it if it was not read to the end)
     * @throws Exception to stop: the other endpoints are cancelled and {@link #fetch} throws it
     *     (a checked exception wrapped in {@link FlightInternalError})
     */
    void accept(FlightEndpoint endpoint, FlightStreamReader reader) throws Exception;
  }

  private final FlightClient origin;
  private final FlightClientOptions options;
  private final int maxConcurrentStreams;
  private final Map<Location, FlightClient> clients = new ConcurrentHashMap<>();
  private final java.util.Set<FlightStreamReader> active = ConcurrentHashMap.newKeySet();
  private volatile boolean failed;
  private static final Logger LOG = LoggerFactory.getLogger(EndpointFetcher.class);

  /**
   * A fetcher that reads through {@code origin} and through connections of its own.
   *
   * @param origin the client the FlightInfo came from; borrowed, not closed by the fetcher
   * @param options options for the connections the fetcher opens to other locations
   * @param maxConcurrentStreams at most this many endpoints are read at once (unordered infos)
   * @throws IllegalArgumentException when {@code maxConcurrentStreams} is below 1
   */
  public EndpointFetcher(FlightClient origin, FlightClientOptions options, int maxConcurrentStreams) {
    if (maxConcurrentStreams < 1) {
      throw new IllegalArgumentException("maxConcurrentStreams must be at least 1");
    }
    this.origin = origin;
    this.options = options;
    this.maxConcurrentStreams = maxConcurrentStreams;
  }

  /**
   * Reads every endpoint of {@code info} into {@code consumer}: in the calling thread, one after
   * the other, when the info is ordered (or there is at most one endpoint, or
   * {@code maxConcurrentStreams} is 1); otherwise on up to {@code maxConcurrentStreams} threads of
   * a pool made for this fetch. The first failure (of a stream, or thrown by the consumer)
   * cancels the endpoints still being read and is thrown. Only a location that is unavailable
   * (cannot connect, or its DoGet fails with UNAVAILABLE before the schema) makes the fetcher
   * try the endpoint's next location.
   *
   * @param info the FlightInfo whose endpoints to read
   * @param consumer reads each endpoint's stream
   * @throws FlightUnavailableError when none of an endpoint's locations can be reached
   * @throws FlightError the status an endpoint's stream failed with, or what the consumer threw
   *     (checked exceptions wrapped in {@link FlightInternalError})
   * @throws InterruptedException when the calling thread is interrupted while it waits for the
   *     fetch threads
   */
  public void fetch(FlightInfo info, EndpointConsumer consumer) throws InterruptedException {
    List<FlightEndpoint> endpoints = info.endpoints();
    failed = false;
    if (info.ordered() || maxConcurrentStreams == 1 || endpoints.size() <= 1) {
      for (FlightEndpoint e : endpoints) {
        fetchOne(e, consumer);
      }
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(maxConcurrentStreams, endpoints.size()),
        dev.flightwire.internal.util.CallbackThreads.daemonThreads("flightwire-fetch"));
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (FlightEndpoint e : endpoints) {
        futures.add(pool.submit(() -> {
          fetchOne(e, consumer);
          return null;
        }));
      }
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (ExecutionException ex) {
          fail();
          futures.forEach(other -> other.cancel(false));
          Throwable cause = ex.getCause();
          if (cause instanceof RuntimeException) {
            throw (RuntimeException) cause;
          }
          if (cause instanceof Error) {
            throw (Error) cause;
          }
          throw new FlightInternalError("reading an endpoint failed: " + cause, cause);
        }
      }
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(10, TimeUnit.SECONDS);
    }
  }

  private void fetchOne(FlightEndpoint endpoint, EndpointConsumer consumer) {
    List<Location> locations = endpoint.locations();
    if (locations.isEmpty()) {
      read(origin, endpoint, consumer);
      return;
    }
    List<String> failures = new ArrayList<>();
    for (Location l : locations) {
      FlightClient client;
      try {
        client = l.uri().equals(Location.REUSE_CONNECTION_URI) ? origin : clientFor(l);
      } catch (FlightUnavailableError e) {
        LOG.debug("cannot connect to {}, trying the endpoint's next location: {}", l, e.getMessage());
        failures.add(l + ": " + e.getMessage());
        continue;
      }
      FlightStreamReader reader = null;
      try {
        reader = client.doGet(endpoint.ticket());
        reader.schema(); // the stream starts with its schema: an unavailable server fails here
      } catch (FlightUnavailableError e) {
        if (reader != null) {
          reader.close();
        }
        LOG.debug("{} is unavailable, trying the endpoint's next location: {}", l, e.getMessage());
        failures.add(l + ": " + e.getMessage());
        continue;
      }
      consume(reader, endpoint, consumer);
      return;
    }
    throw new FlightUnavailableError("no location of endpoint " + endpoint.ticket() + " is available: "
        + String.join("; ", failures));
  }

  private FlightClient clientFor(Location l) {
    FlightClient c = clients.get(l);
    if (c != null) {
      return c;
    }
    synchronized (clients) {
      c = clients.get(l);
      if (c == null) {
        c = FlightClient.connect(l, options);
        clients.put(l, c);
      }
      return c;
    }
  }

  private void read(FlightClient client, FlightEndpoint endpoint, EndpointConsumer consumer) {
    consume(client.doGet(endpoint.ticket()), endpoint, consumer);
  }

  private void consume(FlightStreamReader reader, FlightEndpoint endpoint, EndpointConsumer consumer) {
    active.add(reader);
    try (FlightStreamReader r = reader) {
      if (failed) {
        throw new FlightCancelledError("another endpoint failed");
      }
      consumer.accept(endpoint, r);
    } catch (RuntimeException e) {
      fail();
      throw e;
    } catch (Exception e) {
      fail();
      throw new FlightInternalError("the consumer of endpoint " + endpoint.ticket() + " failed: " + e, e);
    } finally {
      active.remove(reader);
    }
  }

  /** Cancels the streams of the other endpoints once one failed. */
  private void fail() {
    failed = true;
    for (FlightStreamReader r : active) {
      r.cancel();
    }
  }

  /**
   * The connections the fetcher has opened (and keeps) to locations other than the origin.
   *
   * @return the number of connections
   */
  public int openConnections() {
    return clients.size();
  }

  /**
   * Closes the connections the fetcher opened; the origin client stays open. Do not close it
   * while a fetch runs.
   */
  @Override
  public void close() {
    for (FlightClient c : clients.values()) {
      c.close();
    }
    clients.clear();
  }
}
