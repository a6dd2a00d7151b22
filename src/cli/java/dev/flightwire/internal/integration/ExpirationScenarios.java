package dev.flightwire.internal.integration;

import static dev.flightwire.internal.integration.IntegrationFailure.check;
import static dev.flightwire.internal.integration.IntegrationFailure.checkEquals;
import static dev.flightwire.internal.integration.IntegrationFailure.expectFailure;

import dev.flightwire.ActionType;
import dev.flightwire.CancelStatus;
import dev.flightwire.FlightClient;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightEndpoint;
import dev.flightwire.FlightError;
import dev.flightwire.FlightInfo;
import dev.flightwire.FlightServerBase;
import dev.flightwire.FlightStreamReader;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;

/** The four {@code expiration_time:*} scenarios; they share {@link ExpirationServer}. */
final class ExpirationScenarios {
  private ExpirationScenarios() {}

  private abstract static class Base implements Scenario {
    @Override
    public FlightServerBase service(BufferAllocator allocator) {
      return new ExpirationServer(allocator);
    }

    static FlightInfo info(FlightClient client) {
      FlightInfo info = client.getFlightInfo(FlightDescriptor.forCommand("expiration_time"));
      checkEquals(3, info.endpoints().size(), "number of endpoints");
      return info;
    }

    static List<Integer> read(FlightClient client, FlightEndpoint e) {
      List<Integer> values = new ArrayList<>();
      try (FlightStreamReader r = client.doGet(e.ticket())) {
        while (r.next()) {
          values.addAll(Batches.values(r.root()));
        }
      }
      return values;
    }
  }

  /** {@code expiration_time:do_get}. */
  static final class DoGet extends Base {
    @Override
    public void runClient(BufferAllocator allocator, FlightClient client) {
      FlightInfo info = info(client);
      List<List<Integer>> data = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        FlightEndpoint e = info.endpoints().get(i);
        if (i == 0) {
          check(e.expirationTime() == null, "endpoint 0 must have no expiration time, got " + e.expirationTime());
        } else {
          check(e.expirationTime() != null, "endpoint " + i + " must have an expiration time");
        }
        data.add(read(client, e));
      }
      checkEquals(List.of(List.of(0), List.of(1), List.of(2)), data, "data of the endpoints");
    }
  }

  /** {@code expiration_time:list_actions}. */
  static final class ListActions extends Base {
    @Override
    public void runClient(BufferAllocator allocator, FlightClient client) {
      List<String> types = new ArrayList<>();
      for (ActionType t : client.listActions().toList()) {
        types.add(t.type());
      }
      types.sort(null);
      checkEquals(List.of("CancelFlightInfo", "RenewFlightEndpoint"), types, "action types");
    }
  }

  /** {@code expiration_time:cancel_flight_info}. */
  static final class CancelFlightInfo extends Base {
    @Override
    public void runClient(BufferAllocator allocator, FlightClient client) {
      FlightInfo info = info(client);
      checkEquals(CancelStatus.CANCELLED, client.cancelFlightInfo(info), "CancelFlightInfo status");
      for (FlightEndpoint e : info.endpoints()) {
        expectFailure(FlightError.class, "DoGet of a cancelled endpoint " + e.ticket().asString(),
            () -> read(client, e));
      }
    }
  }

  /** {@code expiration_time:renew_flight_endpoint}. */
  static final class RenewFlightEndpoint extends Base {
    @Override
    public void runClient(BufferAllocator allocator, FlightClient client) {
      FlightInfo info = info(client);
      for (FlightEndpoint e : info.endpoints()) {
        if (e.expirationTime() == null) {
          continue;
        }
        FlightEndpoint renewed = client.renewFlightEndpoint(e);
        check(renewed.expirationTime() != null && renewed.expirationTime().isAfter(e.expirationTime()),
            "renewed endpoint must expire after " + e.expirationTime() + ", got " + renewed.expirationTime());
      }
    }
  }
}
