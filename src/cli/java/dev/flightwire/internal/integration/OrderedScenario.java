package dev.flightwire.internal.integration;

import static dev.flightwire.internal.integration.IntegrationFailure.check;
import static dev.flightwire.internal.integration.IntegrationFailure.checkEquals;

import dev.flightwire.FlightClient;
import dev.flightwire.FlightDataStream;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightEndpoint;
import dev.flightwire.FlightInfo;
import dev.flightwire.FlightNotFoundError;
import dev.flightwire.FlightServerBase;
import dev.flightwire.FlightStreamChunk;
import dev.flightwire.FlightStreamReader;
import dev.flightwire.GeneratorStream;
import dev.flightwire.ServerCallContext;
import dev.flightwire.Ticket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * {@code ordered}: command "ordered" answers three endpoints (tickets "1", "2", "3", no
 * locations) with {@code ordered = true}; their data, read in order, is 1,2,3,10,20,30,100,200,300.
 */
final class OrderedScenario implements Scenario {
  private static final Schema SCHEMA = Batches.int32Schema("number");

  @Override
  public FlightServerBase service(BufferAllocator allocator) {
    return new FlightServerBase() {
      @Override
      public FlightInfo getFlightInfo(ServerCallContext context, FlightDescriptor descriptor) {
        List<FlightEndpoint> endpoints = List.of(new FlightEndpoint(Ticket.of("1")),
            new FlightEndpoint(Ticket.of("2")), new FlightEndpoint(Ticket.of("3")));
        boolean ordered = descriptor.isCommand()
            && "ordered".equals(new String(descriptor.command(), StandardCharsets.UTF_8));
        return new FlightInfo(SCHEMA, descriptor, endpoints, -1, -1, ordered, new byte[0]);
      }

      @Override
      public FlightDataStream doGet(ServerCallContext context, Ticket ticket) {
        int[] values;
        switch (ticket.asString()) {
          case "1":
            values = new int[] {1, 2, 3};
            break;
          case "2":
            values = new int[] {10, 20, 30};
            break;
          case "3":
            values = new int[] {100, 200, 300};
            break;
          default:
            throw new FlightNotFoundError("unknown ticket");
        }
        return new GeneratorStream(SCHEMA,
            List.of(FlightStreamChunk.owning(Batches.of(allocator, SCHEMA, values), null)));
      }
    };
  }

  @Override
  public void runClient(BufferAllocator allocator, FlightClient client) {
    FlightInfo info = client.getFlightInfo(FlightDescriptor.forCommand("ordered"));
    check(info.ordered(), "FlightInfo.ordered must be true");
    List<Integer> all = new ArrayList<>();
    for (FlightEndpoint e : info.endpoints()) {
      check(e.locations().isEmpty(), "endpoint locations must be empty, got " + e.locations());
      try (FlightStreamReader r = client.doGet(e.ticket())) {
        while (r.next()) {
          all.addAll(Batches.values(r.root()));
        }
      }
    }
    checkEquals(List.of(1, 2, 3, 10, 20, 30, 100, 200, 300), all, "data of the endpoints in order");
  }
}
