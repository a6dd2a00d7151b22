package dev.flightwire.peer;

import static dev.flightwire.peer.Checks.bytes;
import static dev.flightwire.peer.Checks.check;
import static dev.flightwire.peer.Checks.checkEqual;
import static dev.flightwire.peer.Checks.fail;
import static dev.flightwire.peer.Checks.step;
import static dev.flightwire.peer.Checks.utf8;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.arrow.flight.Action;
import org.apache.arrow.flight.ActionType;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.CancelFlightInfoRequest;
import org.apache.arrow.flight.CancelFlightInfoResult;
import org.apache.arrow.flight.CancelStatus;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightConstants;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightProducer;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.NoOpFlightProducer;
import org.apache.arrow.flight.RenewFlightEndpointRequest;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The four {@code expiration_time:*} scenarios. They share one server:
 *
 * <ul>
 *   <li>GetFlightInfo (any descriptor) forgets earlier endpoints and answers three endpoints, no
 *       locations, schema {@code number: uint32 not null}: ticket "0: No expiration time" without
 *       expiration_time, "1: 5 seconds" expiring now+5 s, "2: 6 seconds" expiring now+6 s.
 *   <li>DoGet of ticket "N:..." answers one batch [N]. It fails with NOT_FOUND when endpoint N was
 *       cancelled, when it has expired, or when it has no expiration time and was read before
 *       (such tickets are readable once; the others any number of times until they expire).
 *   <li>DoAction CancelFlightInfo cancels every endpoint of the request's FlightInfo: CANCELLED
 *       when at least one was cancelled now, NOT_CANCELLABLE when one was already cancelled or its
 *       ticket is unknown (C++'s rule).
 *   <li>DoAction RenewFlightEndpoint answers the endpoint with ": renewed (+ 10 seconds)" appended
 *       to the ticket (locations and app_metadata kept) and expiration now+10 s, which also
 *       becomes the endpoint's expiry; a cancelled endpoint fails with INVALID_ARGUMENT.
 *   <li>ListActions answers CancelFlightInfo, then RenewFlightEndpoint.
 * </ul>
 */
final class ExpirationTimeScenarios {
  private ExpirationTimeScenarios() {}

  static final Schema SCHEMA =
      new Schema(List.of(Field.notNullable("number", new ArrowType.Int(32, false))));

  /** Base of the four scenarios: the shared server. */
  abstract static class Base implements IntegrationScenario {
    @Override
    public FlightProducer producer(BufferAllocator allocator, Supplier<Location> self) {
      return new Producer(allocator);
    }
  }

  private static final class EndpointState {
    Instant expiration;
    int gets;
    boolean cancelled;

    EndpointState(Instant expiration) {
      this.expiration = expiration;
    }
  }

  static final class Producer extends NoOpFlightProducer {
    private final BufferAllocator allocator;
    private final List<EndpointState> endpoints = new ArrayList<>();

    Producer(BufferAllocator allocator) {
      this.allocator = allocator;
    }

    @Override
    public synchronized FlightInfo getFlightInfo(CallContext context, FlightDescriptor descriptor) {
      endpoints.clear();
      Instant now = Instant.now();
      List<FlightEndpoint> out = new ArrayList<>();
      out.add(add("No expiration time", null));
      out.add(add("5 seconds", now.plus(5, ChronoUnit.SECONDS)));
      out.add(add("6 seconds", now.plus(6, ChronoUnit.SECONDS)));
      return new FlightInfo(SCHEMA, descriptor, out, -1, -1);
    }

    private FlightEndpoint add(String label, Instant expiration) {
      Ticket t = new Ticket(utf8(endpoints.size() + ": " + label));
      endpoints.add(new EndpointState(expiration));
      return expiration == null ? new FlightEndpoint(t) : new FlightEndpoint(t, expiration);
    }

    /** The endpoint index at the start of a ticket "N: ...". */
    private int indexOf(Ticket ticket) {
      String s = utf8(ticket.getBytes());
      int colon = s.indexOf(':');
      String digits = colon < 0 ? s : s.substring(0, colon);
      int index;
      try {
        index = Integer.parseInt(digits);
      } catch (NumberFormatException e) {
        throw CallStatus.NOT_FOUND.withDescription("Invalid flight: no index: " + s)
            .toRuntimeException();
      }
      if (index < 0 || index >= endpoints.size()) {
        throw CallStatus.NOT_FOUND.withDescription("Invalid flight: out of index: " + s)
            .toRuntimeException();
      }
      return index;
    }

    @Override
    public void getStream(CallContext context, Ticket ticket, ServerStreamListener listener) {
      int index;
      synchronized (this) {
        String refusal = null;
        try {
          index = indexOf(ticket);
        } catch (RuntimeException e) {
          listener.error(e);
          return;
        }
        EndpointState st = endpoints.get(index);
        if (st.cancelled) {
          refusal = "Invalid flight: cancelled: ";
        } else if (st.expiration != null && Instant.now().isAfter(st.expiration)) {
          refusal = "Invalid flight: expired: ";
        } else if (st.expiration == null && st.gets > 0) {
          refusal = "Invalid flight: can't read multiple times: ";
        }
        if (refusal != null) {
          listener.error(CallStatus.NOT_FOUND
              .withDescription(refusal + utf8(ticket.getBytes())).toRuntimeException());
          return;
        }
        st.gets++;
      }
      try (VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator)) {
        UInt4Vector number = (UInt4Vector) root.getVector(0);
        number.allocateNew(1);
        number.set(0, index);
        root.setRowCount(1);
        listener.start(root);
        listener.putNext();
        listener.completed();
      }
    }

    @Override
    public void doAction(CallContext context, Action action, StreamListener<Result> listener) {
      byte[] answer;
      try {
        if (action.getType().equals(FlightConstants.CANCEL_FLIGHT_INFO.getType())) {
          answer = cancel(CancelFlightInfoRequest.deserialize(ByteBuffer.wrap(action.getBody())));
        } else if (action.getType().equals(FlightConstants.RENEW_FLIGHT_ENDPOINT.getType())) {
          answer = renew(RenewFlightEndpointRequest.deserialize(ByteBuffer.wrap(action.getBody())));
        } else {
          listener.onError(CallStatus.INVALID_ARGUMENT
              .withDescription("Unknown action: " + action.getType()).toRuntimeException());
          return;
        }
      } catch (FlightRuntimeException e) {
        listener.onError(e);
        return;
      } catch (IOException | URISyntaxException | RuntimeException e) {
        listener.onError(CallStatus.INVALID_ARGUMENT
            .withDescription("cannot parse the " + action.getType() + " request: " + e)
            .toRuntimeException());
        return;
      }
      listener.onNext(new Result(answer));
      listener.onCompleted();
    }

    private synchronized byte[] cancel(CancelFlightInfoRequest request) {
      CancelStatus result = CancelStatus.UNSPECIFIED;
      for (FlightEndpoint e : request.getInfo().getEndpoints()) {
        int index;
        try {
          index = indexOf(e.getTicket());
        } catch (FlightRuntimeException unknown) {
          result = CancelStatus.NOT_CANCELLABLE;
          continue;
        }
        EndpointState st = endpoints.get(index);
        if (st.cancelled) {
          result = CancelStatus.NOT_CANCELLABLE;
        } else {
          st.cancelled = true;
          if (result == CancelStatus.UNSPECIFIED) {
            result = CancelStatus.CANCELLED;
          }
        }
      }
      return Checks.array(new CancelFlightInfoResult(result).serialize());
    }

    private synchronized byte[] renew(RenewFlightEndpointRequest request) {
      FlightEndpoint old = request.getFlightEndpoint();
      int index = indexOf(old.getTicket());
      EndpointState st = endpoints.get(index);
      if (st.cancelled) {
        throw CallStatus.INVALID_ARGUMENT
            .withDescription("Invalid flight: cancelled: " + utf8(old.getTicket().getBytes()))
            .toRuntimeException();
      }
      Instant expiration = Instant.now().plus(10, ChronoUnit.SECONDS);
      st.expiration = expiration;
      byte[] ticket = utf8(utf8(old.getTicket().getBytes()) + ": renewed (+ 10 seconds)");
      FlightEndpoint.Builder b = FlightEndpoint
          .builder(new Ticket(ticket), old.getLocations().toArray(new Location[0]))
          .setExpirationTime(expiration);
      if (old.getAppMetadata() != null) {
        b.setAppMetadata(old.getAppMetadata());
      }
      return Checks.array(b.build().serialize());
    }

    @Override
    public void listActions(CallContext context, StreamListener<ActionType> listener) {
      listener.onNext(FlightConstants.CANCEL_FLIGHT_INFO);
      listener.onNext(FlightConstants.RENEW_FLIGHT_ENDPOINT);
      listener.onCompleted();
    }
  }

  // ------------------------------------------------------------------ client helpers

  private static FlightInfo getInfo(FlightClient client, String command) {
    step("GetFlightInfo(CMD \"" + command + "\")");
    return client.getInfo(FlightDescriptor.command(utf8(command)));
  }

  private static String describe(int i, FlightEndpoint e) {
    return "endpoint " + i + " (ticket " + bytes(e.getTicket().getBytes()) + ")";
  }

  /** The endpoints must be the three of the server definition: only 1 and 2 expire. */
  private static void checkEndpointShape(List<FlightEndpoint> endpoints) {
    checkEqual("number of endpoints", 3, endpoints.size());
    for (int i = 0; i < endpoints.size(); i++) {
      FlightEndpoint e = endpoints.get(i);
      if (i == 0 && e.getExpirationTime().isPresent()) {
        throw fail(describe(i, e) + " has expiration_time " + e.getExpirationTime().get()
            + ", expected none");
      }
      if (i > 0 && e.getExpirationTime().isEmpty()) {
        throw fail(describe(i, e) + " has no expiration_time, expected one");
      }
    }
  }

  /** DoGet must answer the uint32 schema and exactly one batch of one row [index]. */
  private static void checkDoGet(FlightClient client, int index, FlightEndpoint e, String what)
      throws Exception {
    step(what);
    FlightStream stream = client.getStream(e.getTicket());
    checkEqual(what + ": schema", SCHEMA, stream.getSchema());
    checkEqual(what + ": batches", List.of(List.of((long) index)), Checks.integerBatches(stream));
  }

  // ------------------------------------------------------------------ scenarios

  /**
   * {@code expiration_time:do_get}: GetFlightInfo(CMD "expiration_time"); endpoint 0 without and
   * the others with expiration_time; DoGet of each answers [0], [1], [2]. Beyond Arrow: exactly
   * three endpoints, each answering exactly one batch of one row with the uint32 schema; a second
   * DoGet of endpoint 0 must fail (read once) and of endpoint 1 must succeed again.
   */
  static final class DoGet extends Base {
    @Override
    public void runClient(BufferAllocator allocator, Location server, FlightClient client)
        throws Exception {
      List<FlightEndpoint> endpoints = getInfo(client, "expiration_time").getEndpoints();
      checkEndpointShape(endpoints);
      for (int i = 0; i < endpoints.size(); i++) {
        check(endpoints.get(i).getLocations().isEmpty(), describe(i, endpoints.get(i))
            + " has locations " + endpoints.get(i).getLocations() + ", expected none");
        checkDoGet(client, i, endpoints.get(i), "DoGet " + describe(i, endpoints.get(i)));
      }
      String again = "second DoGet of " + describe(0, endpoints.get(0));
      step(again);
      FlightRuntimeException refused = Checks.failureOf(() -> {
        try {
          Checks.integerBatches(client.getStream(endpoints.get(0).getTicket()));
        } catch (FlightRuntimeException e) {
          throw e;
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      check(refused != null,
          again + " succeeded, expected a failure (an endpoint without expiration_time is"
              + " readable once)");
      checkDoGet(client, 1, endpoints.get(1), "second DoGet of " + describe(1, endpoints.get(1))
          + " (must still be readable before it expires)");
    }
  }

  /**
   * {@code expiration_time:list_actions}: ListActions must answer exactly CancelFlightInfo, then
   * RenewFlightEndpoint (Java's client needs this order; C++ sorts first).
   */
  static final class ListActions extends Base {
    @Override
    public void runClient(BufferAllocator allocator, Location server, FlightClient client) {
      step("ListActions");
      List<String> types = new ArrayList<>();
      for (ActionType t : client.listActions()) {
        types.add(t.getType());
      }
      checkEqual("ListActions types",
          List.of(FlightConstants.CANCEL_FLIGHT_INFO.getType(),
              FlightConstants.RENEW_FLIGHT_ENDPOINT.getType()),
          types);
    }
  }

  /**
   * {@code expiration_time:cancel_flight_info}: GetFlightInfo(CMD "expiration"), CancelFlightInfo
   * of it must answer CANCEL_STATUS_CANCELLED, and then DoGet of every endpoint must fail (any
   * code). Beyond Arrow: the three endpoints of the server definition.
   */
  static final class CancelFlightInfo extends Base {
    @Override
    public void runClient(BufferAllocator allocator, Location server, FlightClient client) {
      FlightInfo info = getInfo(client, "expiration");
      checkEndpointShape(info.getEndpoints());
      step("CancelFlightInfo");
      CancelFlightInfoResult result = client.cancelFlightInfo(new CancelFlightInfoRequest(info));
      checkEqual("CancelFlightInfo status", CancelStatus.CANCELLED, result.getStatus());
      List<FlightEndpoint> endpoints = info.getEndpoints();
      for (int i = 0; i < endpoints.size(); i++) {
        FlightEndpoint e = endpoints.get(i);
        String what = "DoGet " + describe(i, e) + " after CancelFlightInfo";
        step(what);
        List<List<Long>> got;
        try {
          got = Checks.integerBatches(client.getStream(e.getTicket()));
        } catch (FlightRuntimeException expected) {
          continue;
        } catch (Exception other) {
          throw fail(what + " failed, but not with a Flight error: " + other);
        }
        throw fail(what + " succeeded with batches " + got + ", expected a failure");
      }
    }
  }

  /**
   * {@code expiration_time:renew_flight_endpoint}: GetFlightInfo(CMD "expiration"); for every
   * endpoint with an expiration_time, RenewFlightEndpoint must answer an endpoint with a strictly
   * later expiration_time. Beyond Arrow: the endpoint shape of the server definition (so two
   * endpoints get renewed) and the renewed ticket is the old one + ": renewed (+ 10 seconds)".
   */
  static final class RenewFlightEndpoint extends Base {
    @Override
    public void runClient(BufferAllocator allocator, Location server, FlightClient client) {
      List<FlightEndpoint> endpoints = getInfo(client, "expiration").getEndpoints();
      checkEndpointShape(endpoints);
      for (int i = 0; i < endpoints.size(); i++) {
        FlightEndpoint e = endpoints.get(i);
        if (e.getExpirationTime().isEmpty()) {
          continue;
        }
        Instant before = e.getExpirationTime().get();
        String what = "RenewFlightEndpoint of " + describe(i, e);
        step(what);
        FlightEndpoint renewed = client.renewFlightEndpoint(new RenewFlightEndpointRequest(e));
        check(renewed.getExpirationTime().isPresent(),
            what + ": the renewed endpoint has no expiration_time");
        Instant after = renewed.getExpirationTime().get();
        check(after.isAfter(before), what + ": renewed expiration_time " + after
            + " is not later than the original " + before);
        checkEqual(what + ": renewed ticket",
            utf8(e.getTicket().getBytes()) + ": renewed (+ 10 seconds)",
            utf8(renewed.getTicket().getBytes()));
      }
    }
  }
}
