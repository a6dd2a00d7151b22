package dev.flightwire.internal.integration;

import static dev.flightwire.internal.integration.IntegrationFailure.checkEquals;

import dev.flightwire.FlightClient;
import dev.flightwire.FlightDescriptor;
import dev.flightwire.FlightEndpoint;
import dev.flightwire.FlightInfo;
import dev.flightwire.FlightServerBase;
import dev.flightwire.ServerCallContext;
import dev.flightwire.Ticket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * {@code app_metadata_flight_info_endpoint}: GetFlightInfo(command X) answers app_metadata X on
 * the FlightInfo and on its one endpoint.
 */
final class AppMetadataScenario implements Scenario {
  @Override
  public FlightServerBase service(BufferAllocator allocator) {
    return new FlightServerBase() {
      @Override
      public FlightInfo getFlightInfo(ServerCallContext context, FlightDescriptor descriptor) {
        byte[] cmd = descriptor.command();
        FlightEndpoint e = new FlightEndpoint(Ticket.of(""), List.of(), null, cmd);
        return new FlightInfo(new Schema(List.of()), descriptor, List.of(e), -1, -1, false, cmd);
      }
    };
  }

  @Override
  public void runClient(BufferAllocator allocator, FlightClient client) {
    FlightInfo info = client.getFlightInfo(FlightDescriptor.forCommand("foobar"));
    checkEquals("foobar", new String(info.appMetadata(), StandardCharsets.UTF_8), "FlightInfo.app_metadata");
    checkEquals(1, info.endpoints().size(), "number of endpoints");
    checkEquals("foobar", new String(info.endpoints().get(0).appMetadata(), StandardCharsets.UTF_8),
        "FlightEndpoint.app_metadata");
  }
}
