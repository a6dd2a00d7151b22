package dev.flightwire.internal.integration;

import dev.flightwire.Action;
import dev.flightwire.ActionType;
import dev.flightwire.CancelStatus;
import dev.flightwire.FlightDataStream;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightEndpoint;
import dev.flightwire.FlightInfo;
import dev.flightwire.FlightInvalidArgumentError;
import dev.flightwire.FlightServerBase;
import dev.flightwire.FlightStreamChunk;
import dev.flightwire.GeneratorStream;
import dev.flightwire.ServerCallContext;
import dev.flightwire.Ticket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The server of the {@code expiration_time:*} scenarios: three endpoints, "0: No expiration
 * time", "1: 5 seconds" and "2: 6 seconds" (their expiration). A ticket without expiration can be
 * read once, the others until they expire; each answers uint32 {@code number} = its index.
 * CancelFlightInfo cancels all three; RenewFlightEndpoint appends ": renewed (+ 10 seconds)" to
 * the ticket and expires 10 seconds from now.
 */
final class ExpirationServer extends FlightServerBase {
  static final Schema SCHEMA = Batches.uint32Schema("number");
  private static final String RENEWED = ": renewed (+ 10 seconds)";

  private final BufferAllocator allocator;
  private final List<EndpointState> states = new ArrayList<>();

  private static final class EndpointState {
    final Instant expiration;
    int reads;
    boolean cancelled;

    EndpointState(Instant expiration) {
      this.expiration = expiration;
    }
  }

  ExpirationServer(BufferAllocator allocator) {
    this.allocator = allocator;
  }

  @Override
  public synchronized FlightInfo getFlightInfo(ServerCallContext context, FlightDescriptor descriptor) {
    states.clear();
    List<FlightEndpoint> endpoints = new ArrayList<>();
    String[] labels = {"No expiration time", "5 seconds", "6 seconds"};
    Instant now = Instant.now();
    for (int i = 0; i < 3; i++) {
      Instant expiration = i == 0 ? null : now.plus(Duration.ofSeconds(4 + i));
      states.add(new EndpointState(expiration));
      endpoints.add(new FlightEndpoint(Ticket.of(i + ": " + labels[i]), List.of(), expiration, new byte[0]));
    }
    return new FlightInfo(SCHEMA, descriptor, endpoints, -1, -1, false, new byte[0]);
  }

  private int index(Ticket ticket) {
    String t = ticket.asString();
    int colon = t.indexOf(':');
    try {
      int i = Integer.parseInt(colon < 0 ? t : t.substring(0, colon));
      if (i >= 0 && i < states.size()) {
        return i;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new FlightInvalidArgumentError("invalid ticket: " + t);
  }

  @Override
  public FlightDataStream doGet(ServerCallContext context, Ticket ticket) {
    int i;
    synchronized (this) {
      i = index(ticket);
      EndpointState s = states.get(i);
      if (s.cancelled) {
        throw new FlightInvalidArgumentError("invalid ticket: the flight was cancelled: " + ticket.asString());
      }
      if (s.expiration == null) {
        if (s.reads > 0) {
          throw new FlightInvalidArgumentError("invalid ticket: already read once: " + ticket.asString());
        }
      } else if (Instant.now().isAfter(s.expiration) && !ticket.asString().endsWith(RENEWED)) {
        throw new FlightInvalidArgumentError("invalid ticket: expired: " + ticket.asString());
      }
      s.reads++;
    }
    return new GeneratorStream(SCHEMA, List.of(FlightStreamChunk.owning(Batches.of(allocator, SCHEMA, i), null)));
  }

  @Override
  public Iterable<ActionType> listActions(ServerCallContext context) {
    return List.of(new ActionType("CancelFlightInfo", "Cancel a FlightInfo"),
        new ActionType("RenewFlightEndpoint", "Extend the expiration time of a FlightEndpoint"));
  }

  @Override
  public synchronized CancelStatus cancelFlightInfo(ServerCallContext context, FlightInfo info) {
    for (FlightEndpoint e : info.endpoints()) {
      states.get(index(e.ticket())).cancelled = true;
    }
    return CancelStatus.CANCELLED;
  }

  @Override
  public FlightEndpoint renewFlightEndpoint(ServerCallContext context, FlightEndpoint endpoint) {
    synchronized (this) {
      index(endpoint.ticket());
    }
    return new FlightEndpoint(Ticket.of(endpoint.ticket().asString() + RENEWED), endpoint.locations(),
        Instant.now().plus(Duration.ofSeconds(10)), endpoint.appMetadata());
  }

  @Override
  public Iterable<dev.flightwire.Result> doAction(ServerCallContext context, Action action) {
    throw new FlightInvalidArgumentError("unknown action " + action.type());
  }
}
