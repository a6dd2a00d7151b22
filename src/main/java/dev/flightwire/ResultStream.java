package dev.flightwire;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The results of a server-streaming call (ListFlights, DoAction, ListActions), read as they
 * arrive. Iterate it, or call {@link #toList()}; the caller owns it and closes it, which cancels a
 * call not read to the end. Errors from the server are thrown from {@link #hasNext()} and
 * {@link #next()} as {@link FlightError}; {@code hasNext()} blocks until a result arrives or the
 * call ends. Not thread-safe: one thread at a time.
 *
 * <pre>{@code
 * try (ResultStream<Result> results = client.doAction(Action.of("refresh", "sales"))) {
 *   for (Result r : results) {
 *     System.out.println(r.bodyAsString());
 *   }
 * }
 * }</pre>
 *
 * @param <T> the type of one result
 */
public interface ResultStream<T> extends Iterator<T>, Iterable<T>, AutoCloseable {
  /**
   * This stream itself, so that it can be used in a for-each loop. It is not a copy: iterating
   * consumes the results, once.
   *
   * @return this stream
   */
  @Override
  default Iterator<T> iterator() {
    return this;
  }

  /**
   * Reads every remaining result, then closes the stream, even when reading fails.
   *
   * @return the results in the order the server sent them
   * @throws FlightError the status the call failed with
   */
  default List<T> toList() {
    try (ResultStream<T> self = this) {
      List<T> out = new ArrayList<>();
      while (hasNext()) {
        out.add(next());
      }
      return out;
    }
  }

  /**
   * Cancels the call if it has not ended (the server sees CANCELLED) and drops results not read.
   * Never throws; a second call does nothing more.
   */
  @Override
  void close();
}
