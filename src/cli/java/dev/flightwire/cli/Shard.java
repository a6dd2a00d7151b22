package dev.flightwire.cli;

import dev.flightwire.FlightClient;
import dev.flightwire.FlightNotFoundError;
import dev.flightwire.FlightUnauthenticatedError;
import dev.flightwire.FlightUnavailableError;
import dev.flightwire.Location;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;

/**
 * One shard of a catalog ({@code serve --shard}): the locations of its replicas, servers that hold
 * the same files, and one {@link FlightClient} per replica, connected on first use and kept.
 *
 * <p>{@link #call} asks the replicas in the order given until one answers. An unavailable replica
 * (it cannot be connected to, or its call fails with UNAVAILABLE) makes it try the next, and so
 * does one answering NOT_FOUND (its directory may lack what another replica has: a copy not yet
 * made, a disk not mounted); the shard answers NOT_FOUND only when every replica that could be
 * reached said so. Any other failure is the shard's answer. A replica that was unavailable goes
 * to the end of the
 * order for {@link #DOWN_NANOS}, so that calls do not wait for a dead server's connect timeout
 * each time; it is tried again after that, or sooner when no other replica answers. A replica that
 * restarted forgets the bearer token its client logged in with: a call failing with
 * UNAUTHENTICATED on a kept client reconnects (logging in again) and is made once more.
 *
 * <h3>Threading</h3>
 * Thread-safe: calls run on many threads at once. Each replica's client is created under that
 * replica's lock, so one slow connect holds up only the calls to the same replica.
 */
final class Shard implements AutoCloseable {
  /** How long a replica that was unavailable is tried last. */
  static final long DOWN_NANOS = TimeUnit.SECONDS.toNanos(5);

  /** One call a shard answers; the answer must hold no Arrow memory. */
  interface Call<T> {
    T call(FlightClient client);
  }

  private final int number;
  private final List<Replica> replicas = new ArrayList<>();
  private final ClientSettings settings;
  private final BufferAllocator allocator;

  /**
   * A shard whose replicas are at {@code locations} (not empty), connected with
   * {@code settings}; received data is accounted to {@code allocator} (borrowed).
   *
   * @param number the shard's number in messages, from 1
   */
  Shard(int number, List<Location> locations, ClientSettings settings, BufferAllocator allocator) {
    if (locations.isEmpty()) {
      throw new IllegalArgumentException("a shard needs at least one replica");
    }
    this.number = number;
    for (Location l : locations) {
      replicas.add(new Replica(l));
    }
    this.settings = settings;
    this.allocator = allocator;
  }

  int number() {
    return number;
  }

  /** The replicas' locations, in the order given. */
  List<Location> locations() {
    List<Location> out = new ArrayList<>();
    for (Replica r : replicas) {
      out.add(r.location);
    }
    return out;
  }

  /** {@code shard 2 (grpc+tcp://a:8815, grpc+tcp://b:8815)}, for messages. */
  String describe() {
    List<String> uris = new ArrayList<>();
    for (Replica r : replicas) {
      uris.add(r.location.uri());
    }
    return "shard " + number + " (" + String.join(", ", uris) + ")";
  }

  /**
   * Makes {@code call} at the first replica that answers, NOT_FOUND counting as no answer while
   * another replica may have one.
   *
   * @throws FlightNotFoundError the first replica's, when every replica reached answered NOT_FOUND
   * @throws FlightUnavailableError naming the shard and each replica's failure, when none answers
   * @throws dev.flightwire.FlightError any other status the answering replica failed with, as
   *     received
   */
  <T> T call(Call<T> call) {
    long now = System.nanoTime();
    List<Replica> order = new ArrayList<>();
    List<Replica> down = new ArrayList<>();
    for (Replica r : replicas) {
      (r.isDown(now) ? down : order).add(r);
    }
    order.addAll(down);
    List<String> failures = new ArrayList<>();
    FlightNotFoundError notFound = null;
    for (Replica r : order) {
      try {
        T answer = r.call(call);
        r.downSince = 0;
        return answer;
      } catch (FlightNotFoundError e) {
        r.downSince = 0;
        if (notFound == null) {
          notFound = e;
        }
      } catch (FlightUnavailableError e) {
        r.downSince = System.nanoTime() | 1;
        String m = Failures.oneLine(String.valueOf(e.getMessage()));
        failures.add(m.contains(r.location.uri()) ? m : r.location.uri() + ": " + m);
      }
    }
    if (notFound != null) {
      throw notFound;
    }
    throw new FlightUnavailableError(describe() + " is unavailable, no replica answers: "
        + String.join("; ", failures));
  }

  /** Closes the clients; calls made afterwards fail with UNAVAILABLE. */
  @Override
  public void close() {
    for (Replica r : replicas) {
      r.close();
    }
  }

  /** One replica and its client. */
  private final class Replica {
    final Location location;
    /** System.nanoTime() (made odd, never 0) of its last failure to answer; 0 once it answered. */
    volatile long downSince;
    /** Guarded by this. */
    private FlightClient client;
    /** Guarded by this. */
    private boolean closed;

    Replica(Location location) {
      this.location = location;
    }

    boolean isDown(long now) {
      long since = downSince;
      return since != 0 && now - since < DOWN_NANOS;
    }

    <T> T call(Call<T> call) {
      boolean fresh;
      FlightClient c;
      synchronized (this) {
        if (closed) {
          throw new FlightUnavailableError("the catalog is shutting down");
        }
        fresh = client == null;
        if (fresh) {
          client = settings.connect(location, allocator);
        }
        c = client;
      }
      try {
        return call.call(c);
      } catch (FlightUnauthenticatedError e) {
        if (fresh) {
          throw e;
        }
        // a restarted replica knows no token of ours: log in again, once
        synchronized (this) {
          if (client == c) {
            client = null;
          }
        }
        c.close();
        return call(call);
      }
    }

    synchronized void close() {
      closed = true;
      if (client != null) {
        client.close();
        client = null;
      }
    }
  }
}
