package dev.flightwire.internal.integration;

import static dev.flightwire.internal.integration.IntegrationFailure.checkEquals;

import dev.flightwire.FlightClient;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightEndpoint;
import dev.flightwire.FlightInfo;
import dev.flightwire.FlightServerBase;
import dev.flightwire.Location;
import dev.flightwire.ServerCallContext;
import dev.flightwire.Ticket;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * {@code location:reuse_connection}: one endpoint, ticket "reuse", whose only location is
 * {@code arrow-flight-reuse-connection://?}.
 */
final class ReuseConnectionScenario implements Scenario {
  @Override
  public FlightServerBase service(BufferAllocator allocator) {
    return new FlightServerBase() {
      @Override
      public FlightInfo getFlightInfo(ServerCallContext context, FlightDescriptor descriptor) {
        return new FlightInfo(new Schema(List.of()), descriptor,
            List.of(new FlightEndpoint(Ticket.of("reuse"), Location.reuseConnection())));
      }
    };
  }

  @Override
  public void runClient(BufferAllocator allocator, FlightClient client) {
    FlightInfo info = client.getFlightInfo(FlightDescriptor.forCommand("reuse"));
    checkEquals(1, info.endpoints().size(), "number of endpoints");
    List<Location> locations = info.endpoints().get(0).locations();
    checkEquals(1, locations.size(), "number of locations");
    checkEquals(Location.REUSE_CONNECTION_URI, locations.get(0).uri(), "location");
  }
}
