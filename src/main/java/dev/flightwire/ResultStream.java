package dev.flightwire;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The results of a server-streaming call (ListFlights, DoAction, ListActions), read as they
 * arrive. Iterate it, or call {@link #toList()}; close it to cancel a call not read to the end.
 * Errors from the server are thrown from {@link #hasNext()}/{@link #next()} as {@link FlightError}.
 */
public interface ResultStream<T> extends Iterator<T>, Iterable<T>, AutoCloseable {
  @Override
  default Iterator<T> iterator() {
    return this;
  }

  /** Reads every remaining result, then closes the stream. */
  default List<T> toList() {
    try (ResultStream<T> self = this) {
      List<T> out = new ArrayList<>();
      while (hasNext()) {
        out.add(next());
      }
      return out;
    }
  }

  /** Cancels the call if it has not ended; never throws. */
  @Override
  void close();
}
