package dev.flightwire.peer;

import static dev.flightwire.peer.Checks.checkEqual;
import static dev.flightwire.peer.Checks.step;
import static dev.flightwire.peer.Checks.utf8;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightProducer;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.NoOpFlightProducer;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * {@code location:reuse_connection}: the special location "arrow-flight-reuse-connection://?".
 *
 * <p>Server: GetFlightInfo (any descriptor) answers an empty schema and one endpoint, ticket
 * "reuse", with the single location "arrow-flight-reuse-connection://?".
 *
 * <p>Client: GetFlightInfo(CMD "reuse") must answer exactly one endpoint with exactly that one
 * location, compared as a string.
 */
final class ReuseConnectionScenario implements IntegrationScenario {
  static final String REUSE = "arrow-flight-reuse-connection://?";

  @Override
  public FlightProducer producer(BufferAllocator allocator, Supplier<Location> self) {
    return new NoOpFlightProducer() {
      @Override
      public FlightInfo getFlightInfo(CallContext context, FlightDescriptor descriptor) {
        FlightEndpoint e = new FlightEndpoint(new Ticket(utf8("reuse")), Location.reuseConnection());
        return new FlightInfo(new Schema(List.of()), descriptor, List.of(e), -1, -1);
      }
    };
  }

  @Override
  public void runClient(BufferAllocator allocator, Location server, FlightClient client) {
    step("GetFlightInfo(CMD \"reuse\")");
    FlightInfo info = client.getInfo(FlightDescriptor.command(utf8("reuse")));
    checkEqual("number of endpoints", 1, info.getEndpoints().size());
    List<String> locations = new ArrayList<>();
    for (Location l : info.getEndpoints().get(0).getLocations()) {
      locations.add(l.getUri().toString());
    }
    checkEqual("locations of the endpoint", List.of(REUSE), locations);
  }
}
