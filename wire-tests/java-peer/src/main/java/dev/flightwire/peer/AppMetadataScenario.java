package dev.flightwire.peer;

import static dev.flightwire.peer.Checks.checkEqual;
import static dev.flightwire.peer.Checks.step;
import static dev.flightwire.peer.Checks.utf8;

import java.util.List;
import java.util.function.Supplier;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightProducer;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.NoOpFlightProducer;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * {@code app_metadata_flight_info_endpoint}: app_metadata in FlightInfo and FlightEndpoint.
 *
 * <p>Server: GetFlightInfo(CMD x) answers schema {@code number: uint32 not null}, FlightInfo
 * app_metadata = x and one endpoint (empty ticket, no locations) with app_metadata = x. A PATH
 * descriptor fails with INVALID_ARGUMENT.
 *
 * <p>Client: GetFlightInfo(CMD "foobar") must answer app_metadata "foobar", exactly one endpoint,
 * and that endpoint's app_metadata "foobar".
 */
final class AppMetadataScenario implements IntegrationScenario {
  static final Schema SCHEMA =
      new Schema(List.of(Field.notNullable("number", new ArrowType.Int(32, false))));

  @Override
  public FlightProducer producer(BufferAllocator allocator, Supplier<Location> self) {
    return new NoOpFlightProducer() {
      @Override
      public FlightInfo getFlightInfo(CallContext context, FlightDescriptor descriptor) {
        if (!descriptor.isCommand()) {
          throw CallStatus.INVALID_ARGUMENT
              .withDescription("request descriptor should be of type CMD").toRuntimeException();
        }
        byte[] cmd = descriptor.getCommand();
        FlightEndpoint endpoint =
            FlightEndpoint.builder(new Ticket(new byte[0])).setAppMetadata(cmd).build();
        return FlightInfo.builder(SCHEMA, descriptor, List.of(endpoint))
            .setAppMetadata(cmd).build();
      }
    };
  }

  @Override
  public void runClient(BufferAllocator allocator, Location server, FlightClient client) {
    step("GetFlightInfo(CMD \"foobar\")");
    FlightInfo info = client.getInfo(FlightDescriptor.command(utf8("foobar")));
    checkEqual("FlightInfo.app_metadata", "foobar", text(info.getAppMetadata()));
    checkEqual("number of endpoints", 1, info.getEndpoints().size());
    checkEqual("FlightEndpoint.app_metadata", "foobar",
        text(info.getEndpoints().get(0).getAppMetadata()));
  }

  /** app_metadata as text; Arrow Java gives null for an empty field, shown as "". */
  private static String text(byte[] b) {
    return b == null ? "" : utf8(b);
  }
}
